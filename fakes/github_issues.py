"""The fake GitHub API of ``fakes.github`` with the issue writes the incident bridge makes.

Adds, answering as the REST reference documents them:

- ``POST /repos/{owner}/{repo}/issues`` (create an issue: ``title`` required, ``body``,
  ``labels`` as names; 201 with the issue; 422 ``Validation Failed`` with an ``errors`` array;
  404 for an unknown repository; 410 when issues are disabled),
  https://docs.github.com/en/rest/issues/issues#create-an-issue
- ``GET`` and ``PATCH /repos/{owner}/{repo}/issues/{number}`` (get and update an issue:
  ``state`` open/closed with ``state_reason`` completed/not_planned/reopened, ``body``,
  ``title``; ``closed_at`` set on close and cleared on reopen),
  https://docs.github.com/en/rest/issues/issues#update-an-issue
- ``GET`` and ``POST /repos/{owner}/{repo}/issues/{number}/comments`` (list comments oldest
  first, paginated; create one: 201), https://docs.github.com/en/rest/issues/comments
- ``401 Bad credentials`` for a request without the expected bearer token, and the
  ``X-RateLimit-*`` headers of every answer; the secondary limit for content creation is a
  403 with ``Retry-After`` ("You have exceeded a secondary rate limit"),
  https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api

Write faults are injected per method and path: ``status`` (answer an error, write nothing),
``secondary_403`` and ``lost`` (write, then answer 502 as a proxy that lost the answer would:
the client cannot tell whether it happened). Issues created here are the records the GitHub
exporter's incident polling reads (``labels``/``state``/``since`` filters).
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from fakes.github import FakeGitHub, iso

DOCS = "https://docs.github.com/rest"


@dataclass
class WriteFault:
    method: str
    pattern: re.Pattern[str]
    kind: str  # status | secondary_403 | lost
    remaining: int
    status: int = 500


@dataclass
class Seen:
    method: str
    path: str
    authorization: str | None
    body: Any
    at: float = field(default_factory=time.monotonic)  # when it arrived


class FakeGitHubIssues(FakeGitHub):
    """``FakeGitHub`` plus issue writes; ``token`` is the bearer token it accepts (None: any)."""

    def __init__(self, token: str | None = None, clock: Any = None, port: int = 0) -> None:
        super().__init__(port)
        self.token = token
        self.clock = clock  # Unix time of writes (None: the wall clock)
        self.write_faults: list[WriteFault] = []
        self.seen: list[Seen] = []
        self.comments: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.issues_disabled: set[str] = set()
        self.redirects: dict[str, str] = {}  # path regex -> Location of a 302 for GETs
        self._write_lock = threading.Lock()
        fake = self
        handler = self.httpd.RequestHandlerClass

        def read_get(h: BaseHTTPRequestHandler) -> None:
            fake._record(h, None)
            if not fake._authorized(h):
                return
            for pattern, location in fake.redirects.items():
                if re.search(pattern, h.path):
                    fake._reply(h, 302, b"", None, "", extra={"Location": location})
                    return
            fake._serve(h)

        def write(h: BaseHTTPRequestHandler) -> None:
            fake._write(h)

        handler.do_GET = read_get  # type: ignore[attr-defined]
        handler.do_POST = write  # type: ignore[attr-defined]
        handler.do_PATCH = write  # type: ignore[attr-defined]

    # -- helpers for tests -------------------------------------------------------------------
    def now(self) -> float:
        return float(self.clock()) if self.clock is not None else time.time()

    def add_write_fault(
        self, method: str, path_regex: str, kind: str, count: int = 1, status: int = 500
    ) -> None:
        with self.lock:
            self.write_faults.append(
                WriteFault(method, re.compile(path_regex), kind, count, status)
            )

    def issues_of(self, repo: str) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(i) for i in self.repo(repo).issues]

    def comments_of(self, repo: str, number: int) -> list[str]:
        with self.lock:
            return [c["body"] for c in self.comments.get((repo, number), [])]

    def writes(self) -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if s.method in ("POST", "PATCH")]

    # -- serving -----------------------------------------------------------------------------
    def _record(self, h: BaseHTTPRequestHandler, body: Any) -> None:
        with self.lock:
            self.seen.append(Seen(h.command, h.path, h.headers.get("Authorization"), body))

    def _authorized(self, h: BaseHTTPRequestHandler) -> bool:
        if self.token is None or h.headers.get("Authorization") == f"Bearer {self.token}":
            return True
        self._json(h, 401, {"message": "Bad credentials", "documentation_url": DOCS})
        return False

    def _json(self, h: BaseHTTPRequestHandler, status: int, body: Any, **extra: str) -> None:
        self._reply(h, status, json.dumps(body).encode(), None, "", extra=extra or None)

    def _route(self, path: str, q: dict[str, str]) -> tuple[int, Any, bool]:
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)(/comments)?", path)
        if m is None:
            status, body, is_list = super()._route(path, q)
            whole = re.fullmatch(r"/repos/([^/]+/[^/]+)", path)
            if status == 200 and whole and isinstance(body, dict):
                body = {**body, "has_issues": whole.group(1) not in self.issues_disabled}
            return status, body, is_list
        repo, number = m.group(1), int(m.group(2))
        if repo not in self.repos:
            return 404, None, False
        issue = next((i for i in self.repos[repo].issues if i["number"] == number), None)
        if issue is None:
            return 404, None, False
        if m.group(3):
            return 200, list(self.comments.get((repo, number), [])), True
        return 200, issue, False

    def _write(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = None
        self._record(h, body)
        if not self._authorized(h):
            return
        if not isinstance(body, dict):
            self._json(h, 400, {"message": "Problems parsing JSON", "documentation_url": DOCS})
            return
        path = urlsplit(h.path).path
        with self.lock:
            fault = next(
                (
                    f
                    for f in self.write_faults
                    if f.remaining > 0 and f.method == h.command and f.pattern.search(path)
                ),
                None,
            )
            if fault is not None:
                fault.remaining -= 1
        if fault is not None and fault.kind == "status":
            self._json(h, fault.status, {"message": "Server Error", "documentation_url": DOCS})
            return
        if fault is not None and fault.kind == "secondary_403":
            msg = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
            self._json(h, 403, {"message": msg, "documentation_url": DOCS}, **{"Retry-After": "1"})
            return
        with self._write_lock:
            status, answer = self._apply(h.command, path, body)
        if fault is not None and fault.kind == "lost":
            self._json(h, 502, {"message": "Bad Gateway"})
            return
        self._json(h, status, answer)

    def _apply(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        not_found = {"message": "Not Found", "documentation_url": DOCS}
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/issues(?:/(\d+)(/comments)?)?", path)
        if m is None or m.group(1) not in self.repos:
            return 404, not_found
        repo = m.group(1)
        if repo in self.issues_disabled:
            return 410, {"message": "Issues are disabled for this repo", "documentation_url": DOCS}
        now = iso(self.now())
        with self.lock:
            issues = self.repos[repo].issues
            if m.group(2) is None:
                if method != "POST":
                    return 404, not_found
                return self._create(repo, issues, body, now)
            number = int(m.group(2))
            issue = next((i for i in issues if i["number"] == number), None)
            if issue is None:
                return 404, not_found
            if m.group(3):
                if method != "POST" or not isinstance(body.get("body"), str):
                    return 422, _invalid("IssueComment", "body", "missing_field")
                comment = {
                    "id": self.next_id(),
                    "body": body["body"],
                    "user": {"login": "incident-bridge[bot]", "id": 9},
                    "created_at": now,
                    "updated_at": now,
                    "html_url": f"https://github.com/{repo}/issues/{number}#issuecomment-{self._ids}",
                }
                self.comments.setdefault((repo, number), []).append(comment)
                issue["comments"] = issue.get("comments", 0) + 1
                issue["updated_at"] = now
                return 201, comment
            if method != "PATCH":
                return 404, not_found
            return self._update(issue, body, now)

    def _create(
        self, repo: str, issues: list[dict[str, Any]], body: dict[str, Any], now: str
    ) -> tuple[int, Any]:
        title = body.get("title")
        if not isinstance(title, str) or not title:
            return 422, _invalid("Issue", "title", "missing_field")
        labels = body.get("labels", [])
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            return 422, _invalid("Issue", "labels", "invalid")
        number = max((i["number"] for i in issues), default=0) + 1
        issue = {
            "id": self.next_id(),
            "node_id": f"I_{number}",
            "url": f"{self.url}/repos/{repo}/issues/{number}",
            "html_url": f"https://github.com/{repo}/issues/{number}",
            "number": number,
            "title": title,
            "body": body.get("body") or None,
            "state": "open",
            "state_reason": None,
            "labels": [{"id": i, "name": n, "color": "d73a4a"} for i, n in enumerate(labels)],
            "user": {"login": "incident-bridge[bot]", "id": 9},
            "comments": 0,
            "created_at": now,
            "updated_at": now,
            "closed_at": None,
        }
        issues.append(issue)
        return 201, issue

    def _update(self, issue: dict[str, Any], body: dict[str, Any], now: str) -> tuple[int, Any]:
        state = body.get("state", issue["state"])
        reason = body.get("state_reason")
        if state not in ("open", "closed"):
            return 422, _invalid("Issue", "state", "invalid")
        if reason not in (None, "completed", "not_planned", "reopened"):
            return 422, _invalid("Issue", "state_reason", "invalid")
        for key in ("title", "body"):
            if key in body:
                issue[key] = body[key]
        if state != issue["state"]:
            issue["closed_at"] = now if state == "closed" else None
        issue["state"] = state
        if "state_reason" in body or state != issue["state"]:
            issue["state_reason"] = reason
        issue["updated_at"] = now
        return 200, issue


def _invalid(resource: str, field: str, code: str) -> dict[str, Any]:
    return {
        "message": "Validation Failed",
        "errors": [{"resource": resource, "field": field, "code": code}],
        "documentation_url": DOCS,
    }
