"""The GitHub exporter's ETag cache keeps pages without what nothing reads (memory at 100
repositories: the cache holds every page for its 304s)."""

from __future__ import annotations

from exporters.github.api import LeanCache, lean
from exporters.toolkit.http import _Entry


def test_lean_drops_embedded_objects_and_urls_at_any_depth_and_keeps_the_rest() -> None:
    deployment = {
        "id": 7,
        "sha": "abc",
        "task": "deploy",
        "environment": "production",
        "created_at": "2026-05-01T12:00:00Z",
        "url": "https://api.github.com/repos/o/r/deployments/7",
        "statuses_url": "https://api.github.com/repos/o/r/deployments/7/statuses",
        "creator": {"login": "octocat", "avatar_url": "https://x"},
        "payload": {"note": "kept: not a known embedded object"},
    }
    run = {
        "id": 9,
        "head_commit": {"id": "abc", "message": "fix"},
        "repository": {"full_name": "o/r"},
        "jobs": [{"id": 1, "name": "build", "steps": [{"name": "checkout"}], "html_url": "h"}],
    }
    assert lean({"deployments": [deployment], "workflow_runs": [run]}) == {
        "deployments": [
            {
                "id": 7,
                "sha": "abc",
                "task": "deploy",
                "environment": "production",
                "created_at": "2026-05-01T12:00:00Z",
                "payload": {"note": "kept: not a known embedded object"},
            }
        ],
        "workflow_runs": [{"id": 9, "jobs": [{"id": 1, "name": "build"}]}],
    }


def test_a_cached_page_is_stored_lean_and_what_the_parsers_read_survives() -> None:
    # the commit date the lead time reads is commit.author.date: neither a URL nor a dropped key
    cache = LeanCache(max_entries=2)

    page = {"commit": {"author": {"date": "2026-05-01T11:00:00Z"}, "url": "u"}, "author": {}}
    cache.put("/repos/o/r/commits/abc", _Entry("etag-1", page, {}))
    entry = cache.get("/repos/o/r/commits/abc")
    assert entry is not None
    assert entry.etag == "etag-1"
    assert entry.data == {"commit": {"author": {"date": "2026-05-01T11:00:00Z"}}, "author": {}}
    assert page["commit"]["url"] == "u"  # the caller's own copy of the first answer is untouched
