"""GitHub REST API reads, parsed into small records.

Every function takes the ``UpstreamClient`` and returns plain data (workflow runs directly as
the ledger's ``Run`` records); a body that is not the documented shape raises
``MalformedResponseError``. Field names follow the REST reference
(deployments, deployment statuses, compare, issues, pulls, actions runs and jobs).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from exporters.github import ledger
from exporters.toolkit.errors import MalformedResponseError
from exporters.toolkit.http import ResponseCache, UpstreamClient
from exporters.toolkit.responses import Response

API_VERSION = "2022-11-28"
PER_PAGE = 100  # the REST maximum for these lists
TERMINAL_DEPLOYMENT_STATES = ("success", "failure", "error")
ACTIVE_RUN_STATUSES = ("queued", "in_progress", "waiting", "pending", "requested")


def ts(value: Any, endpoint: str = "timestamp") -> float | None:
    """ISO 8601 (``2024-05-01T12:00:00Z``) to Unix seconds; None stays None. Anything else
    (a number, a list, an unparsable string) raises ``MalformedResponseError``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedResponseError(
            endpoint, f"expected an ISO 8601 time, got {type(value).__name__}"
        )
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except (ValueError, OverflowError):
        raise MalformedResponseError(endpoint, f"invalid time {value[:40]!r}") from None


def _field(obj: Any, endpoint: str, *path: str) -> Any:
    try:
        for key in path:
            if not isinstance(obj, dict):
                raise TypeError(key)
            obj = obj[key]
    except (KeyError, TypeError, IndexError):
        raise MalformedResponseError(endpoint, f"missing field {'.'.join(path)}") from None
    return obj


def _optional(obj: Any, endpoint: str, key: str) -> Any:
    """``obj[key]`` or None when absent; ``obj`` must be an object."""
    if not isinstance(obj, dict):
        raise MalformedResponseError(endpoint, f"expected an object with {key}")
    return obj.get(key)


def _int(value: Any, endpoint: str, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise MalformedResponseError(endpoint, f"{name}: expected an integer")
    try:
        return int(value)
    except ValueError:
        raise MalformedResponseError(endpoint, f"{name}: expected an integer") from None


def _str(value: Any, endpoint: str, name: str) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise MalformedResponseError(endpoint, f"{name}: expected a string")
    return str(value)


def _optional_str(value: Any, endpoint: str, name: str) -> str | None:
    return None if value is None else _str(value, endpoint, name)


def _list(page: Response, endpoint: str, key: str | None = None) -> list[Any]:
    items = page.data if key is None else _field(page.data, endpoint, key)
    if not isinstance(items, list):
        raise MalformedResponseError(endpoint, f"expected a list{' in ' + key if key else ''}")
    return items


@dataclass(frozen=True)
class DeploymentInfo:
    id: int
    sha: str
    task: str
    environment: str
    created_at: float


@dataclass(frozen=True)
class StatusInfo:
    state: str
    created_at: float


@dataclass(frozen=True)
class IssueInfo:
    number: int
    state: str
    created_at: float
    closed_at: float | None
    updated_at: float
    labels: frozenset[str] = frozenset()  # label names (``product:<id>`` picks the product)


@dataclass(frozen=True)
class JobInfo:
    id: int
    name: str
    status: str
    conclusion: str | None
    started_at: float | None
    completed_at: float | None


def parse_deployment(item: Any, endpoint: str = "deployments") -> DeploymentInfo:
    return DeploymentInfo(
        id=_int(_field(item, endpoint, "id"), endpoint, "id"),
        sha=_str(_field(item, endpoint, "sha"), endpoint, "sha"),
        task=_optional_str(_optional(item, endpoint, "task"), endpoint, "task") or "deploy",
        environment=_str(_field(item, endpoint, "environment"), endpoint, "environment"),
        created_at=ts(_field(item, endpoint, "created_at"), endpoint) or 0.0,
    )


def parse_status(item: Any, endpoint: str = "deployment_statuses") -> StatusInfo:
    return StatusInfo(
        state=_str(_field(item, endpoint, "state"), endpoint, "state"),
        created_at=ts(_field(item, endpoint, "created_at"), endpoint) or 0.0,
    )


def parse_issue(item: Any, endpoint: str = "issues") -> IssueInfo:
    return IssueInfo(
        number=_int(_field(item, endpoint, "number"), endpoint, "number"),
        state=_str(_field(item, endpoint, "state"), endpoint, "state"),
        created_at=ts(_field(item, endpoint, "created_at"), endpoint) or 0.0,
        closed_at=ts(_optional(item, endpoint, "closed_at"), endpoint),
        updated_at=ts(_field(item, endpoint, "updated_at"), endpoint) or 0.0,
        labels=frozenset(issue_labels(item, endpoint)),
    )


def issue_labels(item: Any, endpoint: str = "issues") -> set[str]:
    """The names of an issue's labels."""
    labels = _optional(item, endpoint, "labels") or []
    if not isinstance(labels, list):
        raise MalformedResponseError(endpoint, "labels: expected a list")
    return {_str(_field(label, endpoint, "name"), endpoint, "labels.name") for label in labels}


def parse_run(item: Any, endpoint: str = "actions_runs") -> ledger.Run:
    """A workflow run as the ledger records it (its jobs are fetched separately)."""
    created = ts(_field(item, endpoint, "created_at"), endpoint) or 0.0
    return ledger.Run(
        id=_int(_field(item, endpoint, "id"), endpoint, "id"),
        attempt=_int(_optional(item, endpoint, "run_attempt") or 1, endpoint, "run_attempt"),
        workflow=_str(_field(item, endpoint, "name"), endpoint, "name"),
        head_branch=_optional_str(_optional(item, endpoint, "head_branch"), endpoint, "head_branch")
        or "",
        status=_str(_field(item, endpoint, "status"), endpoint, "status"),
        conclusion=_optional_str(_optional(item, endpoint, "conclusion"), endpoint, "conclusion"),
        created_at=created,
        started_at=ts(_optional(item, endpoint, "run_started_at"), endpoint) or created,
        updated_at=ts(_field(item, endpoint, "updated_at"), endpoint) or created,
    )


def parse_job(item: Any, endpoint: str = "actions_jobs") -> JobInfo:
    return JobInfo(
        id=_int(_field(item, endpoint, "id"), endpoint, "id"),
        name=_str(_field(item, endpoint, "name"), endpoint, "name"),
        status=_str(_field(item, endpoint, "status"), endpoint, "status"),
        conclusion=_optional_str(_optional(item, endpoint, "conclusion"), endpoint, "conclusion"),
        started_at=ts(_optional(item, endpoint, "started_at"), endpoint),
        completed_at=ts(_optional(item, endpoint, "completed_at"), endpoint),
    )


# Objects and links in GitHub's answers that nothing here reads: the users, repositories and
# head commit embedded in every deployment, status, run and job, a job's steps, and a dozen
# URLs per object. The ETag cache keeps every page for its 304s (4,099 pages, 5.6 MB of JSON
# at 100 repositories), so it keeps them without these.
UNREAD_KEYS = frozenset(
    {
        "actor",
        "assignee",
        "assignees",
        "creator",
        "head_commit",
        "head_repository",
        "performed_via_github_app",
        "pull_requests",
        "reactions",
        "referenced_workflows",
        "repository",
        "steps",
        "triggering_actor",
        "user",
        "_links",
    }
)


def lean(data: Any) -> Any:
    """``data`` without ``UNREAD_KEYS`` and URL fields (``url``, ``*_url``), at any depth."""
    if isinstance(data, dict):
        return {
            key: lean(value)
            for key, value in data.items()
            if key not in UNREAD_KEYS and key != "url" and not key.endswith("_url")
        }
    if isinstance(data, list):
        return [lean(item) for item in data]
    return data


class LeanCache(ResponseCache):
    """The toolkit's ETag cache, storing each body ``lean`` and as compact JSON: a 304 answers
    from it (parsed again, a fresh copy each time), and the parsers below read only what it
    keeps. Kept as text, a page takes about a quarter of the memory of its parsed objects; a
    refresh with nothing new parses its few hundred list pages again in milliseconds."""

    def put(self, key: str, entry: Any) -> None:
        text = json.dumps(lean(entry.data), separators=(",", ":"), ensure_ascii=False)
        super().put(key, dataclasses.replace(entry, data=text.encode()))

    def get(self, key: str) -> Any:
        entry = super().get(key)
        return None if entry is None else dataclasses.replace(entry, data=json.loads(entry.data))


class GitHubAPI:
    """Thin typed wrapper over the routes the exporter reads. ``repo`` is ``owner/name``."""

    def __init__(self, client: UpstreamClient) -> None:
        self.client = client

    def default_branch(self, repo: str) -> str:
        page = self.client.get(f"/repos/{repo}", endpoint="repo")
        return str(_field(page.data, "repo", "default_branch"))

    def deployment_pages(self, repo: str, environment: str) -> Iterator[list[DeploymentInfo]]:
        """Newest first; the caller stops once it reaches deployments it already knows."""
        params: dict[str, str | int] = {"environment": environment, "per_page": PER_PAGE}
        for page in self.client.paginate(
            f"/repos/{repo}/deployments", endpoint="deployments", params=params
        ):
            yield [parse_deployment(i) for i in _list(page, "deployments")]

    def deployment_statuses(self, repo: str, deployment_id: int) -> list[StatusInfo]:
        """Asked again on every refresh until a terminal state shows up (free 304s while it
        waits); once one has, the deployment is settled and its pages are not kept."""
        out: list[StatusInfo] = []
        urls = []
        for page in self.client.paginate(
            f"/repos/{repo}/deployments/{deployment_id}/statuses",
            endpoint="deployment_statuses",
            params={"per_page": PER_PAGE},
        ):
            out += [parse_status(i) for i in _list(page, "deployment_statuses")]
            urls.append(page.url)
        if any(s.state in TERMINAL_DEPLOYMENT_STATES for s in out):
            for url in urls:
                self.client.forget(url)
        return out

    def change_commits(self, repo: str, base: str | None, head: str) -> list[tuple[str, float]]:
        """(sha, author time) of the commits in ``base...head``; just ``head`` without a base."""
        # A commit and a comparison of two commits never change, and each deployment's change
        # is read once: nothing to keep for a 304.
        if base is None:
            page = self.client.get(f"/repos/{repo}/commits/{head}", endpoint="commit", cache=False)
            date = ts(_field(page.data, "commit", "commit", "author", "date"))
            return [(head, date)] if date is not None else []
        if base == head:
            return []  # a redeploy ships no new change
        # compare lists commits oldest first, so the first page holds the first commit.
        page = self.client.get(
            f"/repos/{repo}/compare/{base}...{head}",
            endpoint="compare",
            params={"per_page": 100},
            cache=False,
        )
        out = []
        for c in _list(page, "compare", "commits"):
            date = ts(_field(c, "compare", "commit", "author", "date"))
            if date is not None:
                out.append((str(_field(c, "compare", "sha")), date))
        return out

    def merged_pulls(self, repo: str) -> Iterator[list[tuple[str, float, float]]]:
        """Pages of closed pulls as (merge_commit_sha, merged_at, updated_at), newest first."""
        params: dict[str, str | int] = {
            "state": "closed",
            "sort": "updated",
            "direction": "desc",
            "per_page": PER_PAGE,
        }
        for page in self.client.paginate(f"/repos/{repo}/pulls", endpoint="pulls", params=params):
            rows = []
            for item in _list(page, "pulls"):
                merged = ts(item.get("merged_at"))
                sha = item.get("merge_commit_sha")
                updated = ts(_field(item, "pulls", "updated_at")) or 0.0
                if merged is not None and sha:
                    rows.append((str(sha), merged, updated))
                else:
                    rows.append(("", 0.0, updated))
            yield rows

    def incident_pages(
        self, repo: str, label: str, state: str, since: str | None = None
    ) -> Iterator[list[IssueInfo]]:
        """Issues with ``label`` (pull requests skipped), most recently updated first."""
        params: dict[str, str | int] = {
            "labels": label,
            "state": state,
            "sort": "updated",
            "direction": "desc",
            "per_page": PER_PAGE,
        }
        if since:
            params["since"] = since
        for page in self.client.paginate(f"/repos/{repo}/issues", endpoint="issues", params=params):
            yield [parse_issue(i) for i in _list(page, "issues") if "pull_request" not in i]

    def run_pages(self, repo: str) -> Iterator[list[ledger.Run]]:
        for page in self.client.paginate(
            f"/repos/{repo}/actions/runs", endpoint="actions_runs", params={"per_page": PER_PAGE}
        ):
            yield [parse_run(i) for i in _list(page, "actions_runs", "workflow_runs")]

    def run(self, repo: str, run_id: int) -> ledger.Run:
        page = self.client.get(f"/repos/{repo}/actions/runs/{run_id}", endpoint="actions_run")
        return parse_run(page.data, "actions_run")

    def jobs(self, repo: str, run_id: int, attempt: int) -> list[JobInfo]:
        """The jobs of a completed attempt, which no longer change: read once, not kept."""
        out: list[JobInfo] = []
        for page in self.client.paginate(
            f"/repos/{repo}/actions/runs/{run_id}/attempts/{attempt}/jobs",
            endpoint="actions_jobs",
            params={"per_page": PER_PAGE},
            cache=False,
        ):
            out += [parse_job(i) for i in _list(page, "actions_jobs", "jobs")]
        return out
