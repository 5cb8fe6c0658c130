"""A fake GitHub REST API on 127.0.0.1, answering like the documented API.

It serves repositories, deployments (filtered by ``environment``, newest first), deployment
statuses (newest first), commits and ``compare`` (commits oldest first), pulls, issues
(``labels``/``state``/``since`` filters, ``labels`` a comma-separated list every listed issue
carries, each issue with its ``labels`` objects, sorted by ``updated``, pull requests included
as GitHub does: "List repository issues",
https://docs.github.com/en/rest/issues/issues?apiVersion=2022-11-28#list-repository-issues), Actions runs (``{"total_count", "workflow_runs"}``) and jobs per attempt.
Every answer carries ``X-RateLimit-*`` headers and an ``ETag``; ``If-None-Match`` with the
current ETag gets ``304`` and, as on GitHub, costs no rate-limit point. Lists paginate with
``per_page``/``page`` and ``Link`` headers. Faults (5xx, 429/403 with ``Retry-After``, primary
limit, timeouts, malformed JSON, truncated bodies) are injected per path.

The fake never decides anything the exporter should: it only stores and serves records.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fakes.base import FakeAPI

RATE_LIMIT = 5000


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Fault:
    pattern: re.Pattern[str]
    kind: str  # status | rate_limit_429 | secondary_403 | primary_403 | timeout | malformed | truncated
    remaining: int  # how many requests it hits
    status: int = 500
    retry_after: int = 1
    delay: float = 0.0


@dataclass
class Repo:
    full_name: str
    default_branch: str = "main"
    commits: list[dict[str, Any]] = field(default_factory=list)  # linear history, oldest first
    deployments: list[dict[str, Any]] = field(default_factory=list)
    statuses: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # oldest first
    issues: list[dict[str, Any]] = field(default_factory=list)
    pulls: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    jobs: dict[tuple[int, int], list[dict[str, Any]]] = field(default_factory=dict)


class FakeGitHub(FakeAPI):
    """Start with ``with FakeGitHub() as gh:``; ``gh.url`` is the API base URL."""

    def __init__(self, port: int = 0) -> None:
        self.repos: dict[str, Repo] = {}
        self.lock = threading.RLock()
        self.faults: list[Fault] = []
        self.log: list[tuple[str, int]] = []  # (path?query, status) of every request
        self.remaining = RATE_LIMIT
        self.reset_at = int(time.time()) + 3600
        self._ids = 10_000_000
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in separate writes

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._serve(self)

        super().__init__(Handler, port)

    # -- data --------------------------------------------------------------------------------
    def repo(self, full_name: str, default_branch: str = "main") -> Repo:
        with self.lock:
            return self.repos.setdefault(full_name, Repo(full_name, default_branch))

    def next_id(self) -> int:
        with self.lock:
            self._ids += 1
            return self._ids

    def add_commit(self, repo: str, sha: str, at: float, message: str = "change") -> None:
        r = self.repo(repo)
        person = {"name": "Dev", "email": "dev@example.com", "date": iso(at)}
        with self.lock:
            r.commits.append(
                {
                    "sha": sha,
                    "node_id": f"C_{sha}",
                    "commit": {"author": person, "committer": person, "message": message},
                    "url": f"{self.url}/repos/{repo}/commits/{sha}",
                    "html_url": f"https://github.com/{repo}/commit/{sha}",
                    "author": {"login": "dev", "id": 1},
                    "committer": {"login": "dev", "id": 1},
                    "parents": [{"sha": r.commits[-1]["sha"]}] if r.commits else [],
                }
            )

    def add_deployment(
        self,
        repo: str,
        deployment_id: int,
        sha: str,
        environment: str,
        created: float,
        task: str = "deploy",
    ) -> dict[str, Any]:
        deployment = {
            "url": f"{self.url}/repos/{repo}/deployments/{deployment_id}",
            "id": deployment_id,
            "node_id": f"DE_{deployment_id}",
            "sha": sha,
            "ref": "main",
            "task": task,
            "payload": {},
            "original_environment": environment,
            "environment": environment,
            "description": None,
            "creator": {"login": "deploy-bot", "id": 2},
            "created_at": iso(created),
            "updated_at": iso(created),
            "statuses_url": f"{self.url}/repos/{repo}/deployments/{deployment_id}/statuses",
            "repository_url": f"{self.url}/repos/{repo}",
            "transient_environment": False,
            "production_environment": environment in ("production", "prod"),
        }
        r = self.repo(repo)
        with self.lock:
            r.deployments.append(deployment)
            r.statuses.setdefault(deployment_id, [])
        return deployment

    def add_status(self, repo: str, deployment_id: int, state: str, at: float) -> dict[str, Any]:
        r = self.repo(repo)
        with self.lock:
            deployment = next(d for d in r.deployments if d["id"] == deployment_id)
            status = {
                "url": f"{deployment['url']}/statuses/{self.next_id()}",
                "id": self._ids,
                "node_id": f"DES_{self._ids}",
                "state": state,
                "creator": {"login": "deploy-bot", "id": 2},
                "description": "",
                "environment": deployment["environment"],
                "target_url": "",
                "log_url": "",
                "environment_url": "",
                "created_at": iso(at),
                "updated_at": iso(at),
                "deployment_url": deployment["url"],
                "repository_url": f"{self.url}/repos/{repo}",
            }
            r.statuses[deployment_id].append(status)
            deployment["updated_at"] = iso(at)
        return status

    def add_issue(
        self,
        repo: str,
        number: int,
        opened: float,
        closed: float | None,
        labels: list[str],
        pull_request: bool = False,
    ) -> dict[str, Any]:
        issue: dict[str, Any] = {
            "id": self.next_id(),
            "node_id": f"I_{number}",
            "url": f"{self.url}/repos/{repo}/issues/{number}",
            "number": number,
            "title": f"Issue {number}",
            "state": "closed" if closed is not None else "open",
            "labels": [{"id": i, "name": name, "color": "d73a4a"} for i, name in enumerate(labels)],
            "user": {"login": "oncall", "id": 3},
            "created_at": iso(opened),
            "updated_at": iso(closed if closed is not None else opened),
            "closed_at": iso(closed) if closed is not None else None,
        }
        if pull_request:
            issue["pull_request"] = {"url": f"{self.url}/repos/{repo}/pulls/{number}"}
        with self.lock:
            self.repo(repo).issues.append(issue)
        return issue

    def close_issue(self, repo: str, number: int, at: float) -> None:
        with self.lock:
            issue = next(i for i in self.repo(repo).issues if i["number"] == number)
            issue.update(state="closed", closed_at=iso(at), updated_at=iso(at))

    def add_pull(self, repo: str, number: int, merge_sha: str, merged: float) -> None:
        with self.lock:
            self.repo(repo).pulls.append(
                {
                    "id": self.next_id(),
                    "number": number,
                    "state": "closed",
                    "title": f"PR {number}",
                    "created_at": iso(merged - 3600),
                    "updated_at": iso(merged),
                    "closed_at": iso(merged),
                    "merged_at": iso(merged),
                    "merge_commit_sha": merge_sha,
                    "base": {"ref": "main"},
                    "head": {"ref": f"feature-{number}"},
                }
            )

    def add_run(
        self,
        repo: str,
        run_id: int,
        workflow: str,
        branch: str,
        created: float,
        status: str,
        conclusion: str | None,
        updated: float,
        attempt: int = 1,
    ) -> dict[str, Any]:
        run = {
            "id": run_id,
            "name": workflow,
            "node_id": f"WFR_{run_id}",
            "head_branch": branch,
            "head_sha": f"sha{run_id}",
            "path": f".github/workflows/{workflow.lower()}.yml",
            "display_title": f"{workflow} run",
            "run_number": run_id % 1000,
            "event": "push",
            "status": status,
            "conclusion": conclusion,
            "workflow_id": abs(hash(workflow)) % 100000,
            "url": f"{self.url}/repos/{repo}/actions/runs/{run_id}",
            "html_url": f"https://github.com/{repo}/actions/runs/{run_id}",
            "pull_requests": [],
            "created_at": iso(created),
            "updated_at": iso(updated),
            "actor": {"login": "dev", "id": 1},
            "run_attempt": attempt,
            "run_started_at": iso(created),
            "jobs_url": f"{self.url}/repos/{repo}/actions/runs/{run_id}/jobs",
            "repository": {"full_name": repo},
        }
        with self.lock:
            r = self.repo(repo)
            r.runs = [x for x in r.runs if x["id"] != run_id] + [run]
        return run

    def add_job(
        self,
        repo: str,
        run_id: int,
        job_id: int,
        name: str,
        started: float | None,
        completed: float | None,
        conclusion: str | None,
        attempt: int = 1,
    ) -> None:
        job = {
            "id": job_id,
            "run_id": run_id,
            "run_attempt": attempt,
            "node_id": f"J_{job_id}",
            "head_sha": f"sha{run_id}",
            "status": "completed" if completed is not None else "in_progress",
            "conclusion": conclusion,
            "created_at": iso(started or 0),
            "started_at": iso(started) if started is not None else None,
            "completed_at": iso(completed) if completed is not None else None,
            "name": name,
            "steps": [],
            "labels": ["ubuntu-latest"],
            "runner_name": "GitHub Actions 1",
            "workflow_name": None,
            "head_branch": None,
        }
        with self.lock:
            self.repo(repo).jobs.setdefault((run_id, attempt), []).append(job)

    def add_fault(self, path_regex: str, kind: str, count: int = 1, **kw: Any) -> Fault:
        fault = Fault(re.compile(path_regex), kind, count, **kw)
        with self.lock:
            self.faults.append(fault)
        return fault

    def points_used(self) -> int:
        return RATE_LIMIT - self.remaining

    # -- serving -----------------------------------------------------------------------------
    def _route(self, path: str, q: dict[str, str]) -> tuple[int, Any, bool]:
        """(status, body, is_list). Lists are paginated by the caller."""
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)(/.*)?", path)
        if not m:
            return (200, {"resources": {}}, False) if path == "/rate_limit" else (404, None, False)
        repo = self.repos.get(m.group(1))
        if repo is None:
            return 404, None, False
        rest = m.group(2) or ""
        if rest == "":
            return (
                200,
                {"id": 1, "full_name": repo.full_name, "default_branch": repo.default_branch},
                False,
            )
        if rest == "/deployments":
            items = [
                d
                for d in repo.deployments
                if "environment" not in q or d["environment"] == q["environment"]
            ]
            return 200, sorted(items, key=lambda d: -d["id"]), True
        if mm := re.fullmatch(r"/deployments/(\d+)/statuses", rest):
            statuses = repo.statuses.get(int(mm.group(1)))
            return (404, None, False) if statuses is None else (200, list(reversed(statuses)), True)
        if mm := re.fullmatch(r"/commits/(\w+)", rest):
            commit = next((c for c in repo.commits if c["sha"] == mm.group(1)), None)
            return (404, None, False) if commit is None else (200, commit, False)
        if mm := re.fullmatch(r"/compare/(\w+)\.\.\.(\w+)", rest):
            shas = [c["sha"] for c in repo.commits]
            if mm.group(1) not in shas or mm.group(2) not in shas:
                return 404, None, False
            base, head = shas.index(mm.group(1)), shas.index(mm.group(2))
            commits = repo.commits[base + 1 : head + 1] if head > base else []
            status = "ahead" if head > base else ("identical" if head == base else "behind")
            return (
                200,
                {
                    "status": status,
                    "ahead_by": max(0, head - base),
                    "behind_by": max(0, base - head),
                    "total_commits": len(commits),
                    "base_commit": repo.commits[base],
                    "merge_base_commit": repo.commits[min(base, head)],
                    "commits": commits,
                    "files": [],
                },
                False,
            )
        if rest == "/pulls":
            items = [p for p in repo.pulls if q.get("state", "open") in ("all", p["state"])]
            return 200, sorted(items, key=lambda p: p["updated_at"], reverse=True), True
        if rest == "/issues":
            state = q.get("state", "open")
            items = [i for i in repo.issues if state == "all" or i["state"] == state]
            if "labels" in q:
                wanted = set(q["labels"].split(","))
                items = [i for i in items if wanted <= {lb["name"] for lb in i["labels"]}]
            if "since" in q:
                items = [i for i in items if i["updated_at"] >= q["since"]]
            key = "updated_at" if q.get("sort") == "updated" else "created_at"
            items.sort(
                key=lambda i: (i[key], i["number"]), reverse=q.get("direction", "desc") == "desc"
            )
            return 200, items, True
        if rest == "/actions/runs":
            return 200, sorted(repo.runs, key=lambda r: -r["id"]), True
        if mm := re.fullmatch(r"/actions/runs/(\d+)", rest):
            run = next((r for r in repo.runs if r["id"] == int(mm.group(1))), None)
            return (404, None, False) if run is None else (200, run, False)
        if mm := re.fullmatch(r"/actions/runs/(\d+)/attempts/(\d+)/jobs", rest):
            return 200, repo.jobs.get((int(mm.group(1)), int(mm.group(2))), []), True
        return 404, None, False

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self.lock:
            fault = next(
                (f for f in self.faults if f.remaining > 0 and f.pattern.search(handler.path)), None
            )
            if fault is not None:
                fault.remaining -= 1
            status, body, is_list = self._route(parts.path, q)
            links = ""
            if status == 200 and is_list:
                per_page = min(int(q.get("per_page", 30)), 100)
                page = int(q.get("page", 1))
                total = len(body)
                last = max(1, -(-total // per_page))
                items = body[(page - 1) * per_page : page * per_page]
                links = self._links(parts.path, q, page, last)
                if parts.path.endswith("/actions/runs"):
                    body = {"total_count": total, "workflow_runs": items}
                elif parts.path.endswith("/jobs"):
                    body = {"total_count": total, "jobs": items}
                else:
                    body = items
            if status == 404:
                body = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
            payload = json.dumps(body, sort_keys=True).encode()
            etag = 'W/"' + hashlib.sha256(payload).hexdigest()[:32] + '"'
            if fault is None and status == 200 and handler.headers.get("If-None-Match") == etag:
                self._reply(handler, 304, b"", etag, links, counted=False)
                return
        if fault is not None:
            self._fault(handler, fault, payload, etag, links)
            return
        self._reply(handler, status, payload, etag, links)

    def _links(self, path: str, q: dict[str, str], page: int, last: int) -> str:
        def url(n: int) -> str:
            return f"<{self.url}{path}?{urlencode({**q, 'page': n})}>"

        rels = []
        if page < last:
            rels += [f'{url(page + 1)}; rel="next"', f'{url(last)}; rel="last"']
        if page > 1:
            rels += [f'{url(page - 1)}; rel="prev"', f'{url(1)}; rel="first"']
        return ", ".join(rels)

    def _rate_headers(self, counted: bool) -> dict[str, str]:
        with self.lock:
            if counted and self.remaining > 0:
                self.remaining -= 1
            return {
                "X-RateLimit-Limit": str(RATE_LIMIT),
                "X-RateLimit-Remaining": str(self.remaining),
                "X-RateLimit-Used": str(RATE_LIMIT - self.remaining),
                "X-RateLimit-Reset": str(self.reset_at),
                "X-RateLimit-Resource": "core",
            }

    def _reply(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        etag: str | None,
        links: str,
        counted: bool = True,
        extra: dict[str, str] | None = None,
        content_length: int | None = None,
    ) -> None:
        with self.lock:
            self.log.append((handler.path, status))
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header(
            "Content-Length", str(len(body) if content_length is None else content_length)
        )
        if etag and status in (200, 304):
            handler.send_header("ETag", etag)
        if links:
            handler.send_header("Link", links)
        for k, v in {**self._rate_headers(counted), **(extra or {})}.items():
            handler.send_header(k, v)
        handler.end_headers()
        handler.wfile.write(body)

    def _fault(
        self, handler: BaseHTTPRequestHandler, fault: Fault, payload: bytes, etag: str, links: str
    ) -> None:
        def error(msg: str) -> bytes:
            doc = "https://docs.github.com/rest"
            return json.dumps({"message": msg, "documentation_url": doc}).encode()

        kind = fault.kind
        if kind == "status":
            self._reply(handler, fault.status, error("Server Error"), None, "")
        elif kind == "rate_limit_429":
            self._reply(
                handler,
                429,
                error("API rate limit exceeded"),
                None,
                "",
                extra={"Retry-After": str(fault.retry_after)},
            )
        elif kind == "secondary_403":
            msg = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
            self._reply(
                handler, 403, error(msg), None, "", extra={"Retry-After": str(fault.retry_after)}
            )
        elif kind == "primary_403":
            with self.lock:
                saved, self.remaining = self.remaining, 0
            self._reply(
                handler,
                403,
                error("API rate limit exceeded for user ID 1."),
                None,
                "",
                counted=False,
            )
            with self.lock:
                self.remaining = saved
        elif kind == "timeout":
            time.sleep(fault.delay)
            self._reply(handler, 200, payload, etag, links)
        elif kind == "malformed":
            self._reply(handler, 200, payload[: len(payload) // 2] + b"<html>", None, links)
        elif kind == "truncated":
            # Announce the whole body, send half, close: the client sees a cut-short response.
            self._reply(
                handler, 200, payload[: len(payload) // 2], None, links, content_length=len(payload)
            )
            handler.close_connection = True
        else:  # pragma: no cover - a typo in a test
            raise ValueError(kind)
