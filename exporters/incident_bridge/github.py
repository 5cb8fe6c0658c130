"""The GitHub REST calls of the bridge: find, open, update and comment on incident issues.

Routes and fields follow the REST reference for issues
(https://docs.github.com/en/rest/issues/issues: list repository issues, create, get and update
an issue, with ``state`` and ``state_reason``) and issue comments
(https://docs.github.com/en/rest/issues/comments). Issues carry a marker in their body, an
HTML comment GitHub does not render: ``<!-- incident-bridge fingerprints=<fp>,<fp>
starts=<time>,<time> since=<time> [firing=<fp>,...] [group=<product>/<environment>]
[resolved=<time>] -->`` (every alert the issue is about, each one's episode start, the
incident's start and which of them still fire), so the issue of an alert is found again from
GitHub alone, after a restart or on another machine. The single-alert marker of earlier
versions (``fingerprint=<fp> starts=<time>``) is still read.
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
MARKER = re.compile(r"<!-- incident-bridge (?P<fields>(?:[a-z]+=\S+ )+)-->")
COMMENT_MARKER = "<!-- incident-bridge event={event} fingerprint={fingerprint} starts={starts} -->"
_FINGERPRINTS = re.compile(r"[0-9a-f]+(?:,[0-9a-f]+)*")
_GROUP = re.compile(r"[A-Za-z0-9_.:-]+/[A-Za-z0-9_.:-]*")


def iso(t: float) -> str:
    """Unix seconds as the marker's RFC 3339 time (UTC, milliseconds: stable in both ways)."""
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def from_iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


@dataclass(frozen=True)
class Marker:
    """What the bridge wrote into an issue's body about the alerts of its incident."""

    fingerprints: tuple[str, ...]  # every alert that joined the incident, in order
    starts: tuple[str, ...]  # iso() of each one's startsAt (its current episode)
    since: str  # iso() of the start of the incident (its first alert's startsAt)
    firing: frozenset[str]  # the fingerprints not resolved yet
    group: str | None = None  # product/environment its critical alerts join
    resolved: str | None = None  # iso() of the last endsAt once every alert resolved

    @classmethod
    def first(cls, fingerprint: str, starts: str, group: str | None) -> Marker:
        return cls((fingerprint,), (starts,), starts, frozenset({fingerprint}), group)

    def starts_of(self, fingerprint: str) -> str | None:
        if fingerprint not in self.fingerprints:
            return None
        return self.starts[self.fingerprints.index(fingerprint)]

    def fired(self, fingerprint: str, starts: str) -> Marker:
        """This marker with ``fingerprint`` (joined or again) firing since ``starts``."""
        fps, times = list(self.fingerprints), list(self.starts)
        if fingerprint in fps:
            times[fps.index(fingerprint)] = starts
        else:
            fps.append(fingerprint)
            times.append(starts)
        return replace(
            self,
            fingerprints=tuple(fps),
            starts=tuple(times),
            since=min(self.since, starts, key=from_iso),  # one that joined may be older
            firing=self.firing | {fingerprint},
            resolved=None,
        )

    def reopened(self, fingerprint: str, starts: str) -> Marker:
        """A new episode of the incident, started by ``fingerprint`` firing again."""
        return replace(
            self.fired(fingerprint, starts), since=starts, firing=frozenset({fingerprint})
        )

    def render(self) -> str:
        fields = [
            f"fingerprints={','.join(self.fingerprints)}",
            f"starts={','.join(self.starts)}",
            f"since={self.since}",
        ]
        if self.firing:
            fields.append(f"firing={','.join(f for f in self.fingerprints if f in self.firing)}")
        if self.group:
            fields.append(f"group={self.group}")
        if self.resolved:
            fields.append(f"resolved={self.resolved}")
        return f"<!-- incident-bridge {' '.join(fields)} -->"

    def into(self, body: str) -> str:
        """``body`` with its marker replaced by this one (the rest, maybe edited, kept)."""
        if MARKER.search(body):
            return MARKER.sub(lambda _: self.render(), body, count=1)
        return f"{body}\n\n{self.render()}"

    def resolve(self, fingerprint: str, ends: str | None) -> Marker:
        """``fingerprint`` resolved; with ``ends`` when it was the last one firing."""
        return replace(self, firing=self.firing - {fingerprint}, resolved=ends)


@dataclass(frozen=True)
class Issue:
    number: int
    state: str  # open | closed
    body: str
    marker: Marker | None
    closed_at: float | None
    html_url: str


def marker_of(body: str) -> Marker | None:
    """The marker of an issue body; None when there is none or it is not one of ours."""
    match = MARKER.search(body)
    if match is None:
        return None
    fields = dict(f.partition("=")[::2] for f in match["fields"].split())
    legacy = "fingerprint" in fields and "fingerprints" not in fields
    fps = fields.get("fingerprints") or fields.get("fingerprint") or ""
    if not _FINGERPRINTS.fullmatch(fps):
        return None
    fingerprints = tuple(fps.split(","))
    starts = tuple(fields.get("starts", "").split(","))
    if len(starts) != len(fingerprints):
        return None
    resolved = fields.get("resolved")
    if legacy:
        firing = frozenset() if resolved else frozenset(fingerprints)
    else:
        firing = frozenset(f for f in fields.get("firing", "").split(",") if f in fingerprints)
    group = fields.get("group")
    return Marker(
        fingerprints,
        starts,
        fields.get("since") or starts[0],
        firing,
        group if group and _GROUP.fullmatch(group) else None,
        resolved,
    )


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
