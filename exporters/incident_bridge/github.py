"""The GitHub REST calls of the bridge: find, open, update and comment on incident issues.

Routes and fields follow the REST reference for issues
(https://docs.github.com/en/rest/issues/issues: list repository issues, create, get and update
an issue, with ``state`` and ``state_reason``) and issue comments
(https://docs.github.com/en/rest/issues/comments). Issues carry a marker in their body, an
HTML comment GitHub does not render: ``<!-- incident-bridge fingerprint=<fp> starts=<time>
[resolved=<time>] -->``, so the issue of an alert is found again from GitHub alone, after a
restart or on another machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from exporters.toolkit.errors import MalformedResponseError
from exporters.toolkit.http import UpstreamClient

PER_PAGE = 100  # the REST maximum
MAX_PAGES = 10  # 1,000 open incidents: far beyond any portfolio, and a bound on one lookup
MARKER = re.compile(
    r"<!-- incident-bridge fingerprint=(?P<fingerprint>[0-9a-f]+) starts=(?P<starts>\S+)"
    r"(?: resolved=(?P<resolved>\S+))? -->"
)
COMMENT_MARKER = "<!-- incident-bridge event={event} starts={starts} -->"


def iso(t: float) -> str:
    """Unix seconds as the marker's RFC 3339 time (UTC, milliseconds: stable in both ways)."""
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def from_iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


@dataclass(frozen=True)
class Marker:
    """What the bridge wrote into an issue's body about its alert's current episode."""

    fingerprint: str
    starts: str  # iso() of the startsAt of the episode the issue is about now
    resolved: str | None = None  # iso() of its endsAt once resolved

    def render(self) -> str:
        end = f" resolved={self.resolved}" if self.resolved else ""
        return f"<!-- incident-bridge fingerprint={self.fingerprint} starts={self.starts}{end} -->"

    def into(self, body: str) -> str:
        """``body`` with its marker replaced by this one (the rest, maybe edited, kept)."""
        if MARKER.search(body):
            return MARKER.sub(lambda _: self.render(), body, count=1)
        return f"{body}\n\n{self.render()}"

    def resolve(self, ends: str | None) -> Marker:
        return replace(self, resolved=ends)


@dataclass(frozen=True)
class Issue:
    number: int
    state: str  # open | closed
    body: str
    marker: Marker | None
    closed_at: float | None
    html_url: str


def marker_of(body: str) -> Marker | None:
    match = MARKER.search(body)
    if match is None:
        return None
    return Marker(match["fingerprint"], match["starts"], match["resolved"])


def _issue(item: Any, endpoint: str) -> Issue:
    if not isinstance(item, dict):
        raise MalformedResponseError(endpoint, "expected an issue object")
    try:
        number = item["number"]
        state = item["state"]
        body = item.get("body") or ""
        closed = item.get("closed_at")
        if isinstance(number, bool) or not isinstance(number, int):
            raise TypeError("number")
        if state not in ("open", "closed") or not isinstance(body, str):
            raise TypeError("state or body")
        closed_at = from_iso(closed) if isinstance(closed, str) else None
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedResponseError(endpoint, f"issue: {exc}") from None
    return Issue(number, state, body, marker_of(body), closed_at, str(item.get("html_url", "")))


class IssuesAPI:
    """The issues of one repository (``owner/name``) through the toolkit's client."""

    def __init__(self, client: UpstreamClient, repo: str) -> None:
        self.client = client
        self.repo = repo
        self.base = f"/repos/{repo}"

    def check(self) -> Mapping[str, Any]:
        """The repository (proves the token reads it; conditional, so usually free)."""
        page = self.client.get(self.base, endpoint="repository")
        if not isinstance(page.data, dict) or page.data.get("has_issues") is False:
            raise MalformedResponseError("repository", f"{self.repo} has issues disabled")
        return page.data

    def listed(self, label: str, state: str, since: float | None = None) -> Iterator[Issue]:
        """Issues with ``label`` in ``state``, most recently updated first."""
        params: dict[str, str | int] = {
            "labels": label,
            "state": state,
            "sort": "updated",
            "direction": "desc",
            "per_page": PER_PAGE,
        }
        if since is not None:
            params["since"] = iso(since)
        for page in self.client.paginate(
            f"{self.base}/issues", endpoint="issues", params=params, max_pages=MAX_PAGES
        ):
            if not isinstance(page.data, list):
                raise MalformedResponseError("issues", "expected a list")
            for item in page.data:
                if isinstance(item, dict) and "pull_request" not in item:
                    yield _issue(item, "issues")

    def get(self, number: int) -> Issue:
        page = self.client.get(f"{self.base}/issues/{number}", endpoint="issue")
        return _issue(page.data, "issue")

    def create(self, title: str, body: str, labels: list[str]) -> Issue:
        """Not retried after an answer may have been lost (a POST creates): the caller finds
        the issue by its marker on the next delivery instead."""
        page = self.client.post(
            f"{self.base}/issues",
            endpoint="create",
            json={"title": title, "body": body, "labels": labels},
        )
        return _issue(page.data, "create")

    def update(self, number: int, **fields: Any) -> Issue:
        """PATCH sets fields to values, so a retry after a lost answer does no harm."""
        page = self.client.request(
            "PATCH", f"{self.base}/issues/{number}", endpoint="update", json=fields, idempotent=True
        )
        return _issue(page.data, "update")

    def comment(self, number: int, body: str) -> None:
        self.client.post(
            f"{self.base}/issues/{number}/comments", endpoint="comment", json={"body": body}
        )

    def has_comment(self, number: int, marker: str) -> bool:
        """Whether a comment of the issue holds ``marker`` (its comments, oldest first)."""
        for page in self.client.paginate(
            f"{self.base}/issues/{number}/comments",
            endpoint="comments",
            params={"per_page": PER_PAGE},
            max_pages=MAX_PAGES,
        ):
            if not isinstance(page.data, list):
                raise MalformedResponseError("comments", "expected a list")
            for item in page.data:
                if isinstance(item, dict) and marker in str(item.get("body") or ""):
                    return True
        return False
