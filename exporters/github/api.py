"""GitHub REST API reads, parsed into small records.

Every function takes the ``UpstreamClient`` and returns plain data (workflow runs directly as
the ledger's ``Run`` records); a body that is not the documented shape raises
``MalformedResponseError``. Field names follow the REST reference
(deployments, deployment statuses, compare, issues, pulls, actions runs and jobs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from exporters.github import ledger
from exporters.toolkit.errors import MalformedResponseError
from exporters.toolkit.http import UpstreamClient
from exporters.toolkit.responses import Response

API_VERSION = "2022-11-28"
PER_PAGE = 100  # the REST maximum for these lists
TERMINAL_DEPLOYMENT_STATES = ("success", "failure", "error")
ACTIVE_RUN_STATUSES = ("queued", "in_progress", "waiting", "pending", "requested")


def ts(value: str | None) -> float | None:
    """ISO 8601 (``2024-05-01T12:00:00Z``) to Unix seconds."""
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def _field(obj: Any, endpoint: str, *path: str) -> Any:
    try:
        for key in path:
            obj = obj[key]
    except (KeyError, TypeError, IndexError):
        raise MalformedResponseError(endpoint, f"missing field {'.'.join(path)}") from None
    return obj


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
        id=int(_field(item, endpoint, "id")),
        sha=str(_field(item, endpoint, "sha")),
        task=str(item.get("task") or "deploy"),
        environment=str(_field(item, endpoint, "environment")),
        created_at=ts(_field(item, endpoint, "created_at")) or 0.0,
    )


def parse_status(item: Any, endpoint: str = "deployment_statuses") -> StatusInfo:
    return StatusInfo(
        state=str(_field(item, endpoint, "state")),
        created_at=ts(_field(item, endpoint, "created_at")) or 0.0,
    )


def parse_issue(item: Any, endpoint: str = "issues") -> IssueInfo:
    return IssueInfo(
        number=int(_field(item, endpoint, "number")),
        state=str(_field(item, endpoint, "state")),
        created_at=ts(_field(item, endpoint, "created_at")) or 0.0,
        closed_at=ts(item.get("closed_at")),
        updated_at=ts(_field(item, endpoint, "updated_at")) or 0.0,
    )


def parse_run(item: Any, endpoint: str = "actions_runs") -> ledger.Run:
    """A workflow run as the ledger records it (its jobs are fetched separately)."""
    created = ts(_field(item, endpoint, "created_at")) or 0.0
    return ledger.Run(
        id=int(_field(item, endpoint, "id")),
        attempt=int(item.get("run_attempt") or 1),
        workflow=str(_field(item, endpoint, "name")),
        head_branch=str(item.get("head_branch") or ""),
        status=str(_field(item, endpoint, "status")),
        conclusion=item.get("conclusion"),
        created_at=created,
        started_at=ts(item.get("run_started_at")) or created,
        updated_at=ts(_field(item, endpoint, "updated_at")) or created,
    )


def parse_job(item: Any, endpoint: str = "actions_jobs") -> JobInfo:
    return JobInfo(
        id=int(_field(item, endpoint, "id")),
        name=str(_field(item, endpoint, "name")),
        status=str(_field(item, endpoint, "status")),
        conclusion=item.get("conclusion"),
        started_at=ts(item.get("started_at")),
        completed_at=ts(item.get("completed_at")),
    )


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
        out: list[StatusInfo] = []
        for page in self.client.paginate(
            f"/repos/{repo}/deployments/{deployment_id}/statuses",
            endpoint="deployment_statuses",
            params={"per_page": PER_PAGE},
        ):
            out += [parse_status(i) for i in _list(page, "deployment_statuses")]
        return out

    def change_commits(self, repo: str, base: str | None, head: str) -> list[tuple[str, float]]:
        """(sha, author time) of the commits in ``base...head``; just ``head`` without a base."""
        if base is None:
            page = self.client.get(f"/repos/{repo}/commits/{head}", endpoint="commit")
            date = ts(_field(page.data, "commit", "commit", "author", "date"))
            return [(head, date)] if date is not None else []
        if base == head:
            return []  # a redeploy ships no new change
        # compare lists commits oldest first, so the first page holds the first commit.
        page = self.client.get(
            f"/repos/{repo}/compare/{base}...{head}", endpoint="compare", params={"per_page": 100}
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
        out: list[JobInfo] = []
        for page in self.client.paginate(
            f"/repos/{repo}/actions/runs/{run_id}/attempts/{attempt}/jobs",
            endpoint="actions_jobs",
            params={"per_page": PER_PAGE},
        ):
            out += [parse_job(i) for i in _list(page, "actions_jobs", "jobs")]
        return out
