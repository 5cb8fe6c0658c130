"""What the GitHub exporter's ETag cache keeps: only pages a later refresh asks for again
(the lists, the repository, a deployment still waiting for its outcome), each without what
nothing reads. Memory at 100 repositories: a page kept for a 304 that never comes is waste."""

from __future__ import annotations

from exporters.github.api import LeanCache, lean
from exporters.toolkit.http import _Entry
from fakes.github import FakeGitHub
from tests.exporters.conftest import NOW, Clock, MakeExporter
from tests.exporters.test_github_exporter import MIN, add_live_events


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


def test_only_pages_asked_for_again_are_kept_and_answered_304(
    make_exporter: MakeExporter, gh: FakeGitHub, clock: Clock
) -> None:
    exporter = make_exporter()
    exporter.refresh_all()
    add_live_events(gh, clock)  # a13 ships (compare a12...a13), run 1005 completes (its jobs)
    # deployment 112 has no status yet: the next refresh must ask again (conditionally)
    gh.add_commit("acme/alpha-api", "a14", NOW + 2 * MIN)
    gh.add_deployment("acme/alpha-api", 112, "a14", "production", NOW + 3 * MIN)
    mark = len(gh.log)
    exporter.refresh_all()
    asked = [path for path, _ in gh.log[mark:]]
    assert any(path.startswith("/repos/acme/alpha-api/compare/a12...a13") for path in asked)
    assert any("/actions/runs/1005/attempts/1/jobs" in path for path in asked)
    assert any("/deployments/111/statuses" in path for path in asked)

    kept = [key.split("?")[0].removeprefix(gh.url) for key in exporter.client.cache._entries]
    # a commit, a comparison of two commits, a completed attempt's jobs: never asked again
    assert [k for k in kept if "/commits/" in k or "/compare/" in k or "/jobs" in k] == []
    # of the statuses, only the pending deployment's; 111 (success) and 303 (failure) settled
    assert [k for k in kept if k.endswith("/statuses")] == [
        "/repos/acme/alpha-api/deployments/112/statuses"
    ]
    assert "/repos/acme/alpha-api/deployments" in kept  # the lists stay, for their 304s
    assert "/repos/acme/alpha-api/actions/runs" in kept

    mark = len(gh.log)
    exporter.refresh_all()  # nothing changed upstream
    again = gh.log[mark:]
    assert ("/repos/acme/alpha-api/deployments/112/statuses?per_page=100", 304) in again
    assert [entry for entry in again if entry[1] != 304] == []  # every answer a free 304
