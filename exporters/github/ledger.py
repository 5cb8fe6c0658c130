"""What the exporter knows about each watched repository, and the events derived from it.

The ledger holds upstream records (deployments with their outcome, incident issues, workflow
runs with their jobs), bounded to the history window. ``facts()`` turns a product's records
into keyed events, a pure function of the ledger: polling and webhooks only ever update
records, so an event seen both ways has one key and is counted once. ``window_values()``
computes the DORA gauges over a window from the same records.

Definitions (see docs/exporters/github.md for the DORA wording they follow):

- a deployment's outcome is its first status among success, failure and error;
- lead time: change start (first commit of the change, or first PR merge) -> successful outcome;
- a deployment is a change failure if it failed, was rolled back by the next deployment (a
  ``rollback_task`` deployment or a redeploy of an older successful sha), or an incident was
  opened after it and before the next successful deployment;
- time to restore: incident opened -> closed, and first failed deployment -> next success.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SUCCESS = "success"
FAILED = ("failure", "error")


@dataclass
class Deployment:
    id: int
    sha: str
    task: str
    created_at: float
    outcome: str | None = None
    outcome_at: float | None = None
    change_start: float | None = None  # first commit (or PR merge) of the change
    change_resolved: bool = False  # change_start looked up (it may legitimately stay None)


@dataclass
class Incident:
    number: int
    opened_at: float
    closed_at: float | None


@dataclass
class Job:
    id: int
    name: str
    conclusion: str | None
    started_at: float | None
    completed_at: float | None


@dataclass
class Run:
    id: int
    attempt: int
    workflow: str
    head_branch: str
    status: str
    conclusion: str | None
    created_at: float
    started_at: float
    updated_at: float
    jobs: dict[int, Job] | None = None  # None until fetched (or delivered by webhooks)


@dataclass
class RepoLedger:
    """One repository of one product, production environment ``environment``."""

    repo: str
    product: str
    environment: str
    default_branch: str | None = None
    deployments: dict[int, Deployment] = field(default_factory=dict)
    deployments_high_water: int = 0  # highest deployment id already walked
    incidents: dict[int, Incident] = field(default_factory=dict)
    runs: dict[int, Run] = field(default_factory=dict)
    runs_high_water: int = 0
    merged_pulls: dict[str, float] = field(default_factory=dict)  # merge sha -> merged_at

    def prune(self, oldest: float, keep_active_since: float) -> None:
        """Drop records older than the history window; bounded memory for any uptime."""
        self.deployments = {
            k: d
            for k, d in self.deployments.items()
            if (d.outcome_at or d.created_at) >= oldest
            or (d.outcome is None and d.created_at >= keep_active_since)
        }
        self.incidents = {
            k: i for k, i in self.incidents.items() if i.closed_at is None or i.closed_at >= oldest
        }
        self.runs = {k: r for k, r in self.runs.items() if r.updated_at >= oldest}
        if len(self.merged_pulls) > 5000:
            newest = sorted(self.merged_pulls.items(), key=lambda kv: kv[1])[-5000:]
            self.merged_pulls = dict(newest)

    def previous_success(self, deployment: Deployment) -> Deployment | None:
        """The latest successful deployment finished before ``deployment``."""
        assert deployment.outcome_at is not None
        before = [
            d
            for d in self.deployments.values()
            if d.outcome == SUCCESS
            and d.outcome_at is not None
            and (d.outcome_at, d.id) < (deployment.outcome_at, deployment.id)
        ]
        return max(before, key=lambda d: (d.outcome_at, d.id), default=None)


@dataclass(frozen=True)
class Fact:
    """One countable event: ``metric`` (catalog name) with label values, at ``time``."""

    key: str
    metric: str
    labels: tuple[str, ...]
    time: float
    value: float | None = None


@dataclass(frozen=True)
class Rules:
    """Knobs of the definitions (from settings and portfolio.yaml)."""

    rollback_task: str = "deploy:rollback"


def _finished(ledgers: Sequence[RepoLedger]) -> list[tuple[RepoLedger, Deployment]]:
    rows = [
        (ledger, d)
        for ledger in ledgers
        for d in ledger.deployments.values()
        if d.outcome is not None and d.outcome_at is not None
    ]
    rows.sort(key=lambda row: (row[1].outcome_at, row[0].repo, row[1].id))
    return rows


def change_failures(ledgers: Sequence[RepoLedger], rules: Rules) -> dict[str, tuple[float, str]]:
    """Deployment key -> (time the failure became known, why) for every change failure."""
    found: dict[str, tuple[float, str]] = {}

    def mark(key: str, when: float, why: str) -> None:
        if key not in found or when < found[key][0]:
            found[key] = (when, why)

    finished = _finished(ledgers)
    last_success: dict[str, tuple[str, Deployment]] = {}  # repo -> (key, deployment)
    shipped: dict[str, list[str]] = {}  # repo -> successful shas in order
    for ledger, d in finished:
        key = f"{ledger.repo}:{d.id}"
        assert d.outcome_at is not None
        if d.outcome in FAILED:
            mark(key, d.outcome_at, "failed")
        previous = last_success.get(ledger.repo)
        repo_shas = shipped.setdefault(ledger.repo, [])
        redeploys_older = (
            previous is not None and d.sha != previous[1].sha and d.sha in repo_shas[:-1]
        )
        if previous is not None and (d.task == rules.rollback_task or redeploys_older):
            mark(previous[0], d.outcome_at, "rollback")
        if d.outcome == SUCCESS:
            last_success[ledger.repo] = (key, d)
            repo_shas.append(d.sha)
    successes = [(ledger, d) for ledger, d in finished if d.outcome == SUCCESS]
    for ledger in ledgers:
        for incident in ledger.incidents.values():
            before = [
                (repo_ledger, d)
                for repo_ledger, d in successes
                if d.outcome_at is not None and d.outcome_at <= incident.opened_at
            ]
            if before:
                repo_ledger, d = before[-1]
                mark(f"{repo_ledger.repo}:{d.id}", incident.opened_at, "incident")
    return found


def restorations(ledgers: Sequence[RepoLedger]) -> list[tuple[str, float, float]]:
    """(key, restored_at, seconds): closed incidents, and failure streaks ended by a success."""
    out: list[tuple[str, float, float]] = []
    for ledger in ledgers:
        for incident in ledger.incidents.values():
            if incident.closed_at is not None:
                out.append(
                    (
                        f"incident:{ledger.repo}#{incident.number}",
                        incident.closed_at,
                        max(0.0, incident.closed_at - incident.opened_at),
                    )
                )
    # A failed deployment is restored by the next success of the same repository: a deploy
    # of another service of the product does not fix it.
    failing_since: dict[str, float] = {}
    for ledger, d in _finished(ledgers):
        assert d.outcome_at is not None
        if d.outcome in FAILED:
            failing_since.setdefault(ledger.repo, d.outcome_at)
        elif d.outcome == SUCCESS and ledger.repo in failing_since:
            started = failing_since.pop(ledger.repo)
            out.append((f"deploy:{ledger.repo}:{d.id}", d.outcome_at, d.outcome_at - started))
    return out


def lead_time(d: Deployment) -> float | None:
    if d.outcome != SUCCESS or d.change_start is None or d.outcome_at is None:
        return None
    return max(0.0, d.outcome_at - d.change_start)


def dora_facts(product: str, ledgers: Sequence[RepoLedger], rules: Rules) -> list[Fact]:
    """Every DORA event of one product (its repos share one production environment)."""
    if not ledgers:
        return []
    env = ledgers[0].environment
    facts: list[Fact] = []
    for ledger, d in _finished(ledgers):
        assert d.outcome is not None and d.outcome_at is not None
        key = f"{ledger.repo}:{d.id}"
        facts.append(
            Fact(
                f"deploy:{key}", "github_deployments_total", (product, env, d.outcome), d.outcome_at
            )
        )
        lt = lead_time(d)
        if lt is not None:
            facts.append(
                Fact(
                    f"lead:{key}",
                    "github_deployment_lead_time_seconds",
                    (product, env),
                    d.outcome_at,
                    lt,
                )
            )
    for key, (when, _why) in change_failures(ledgers, rules).items():
        facts.append(Fact(f"cf:{key}", "github_change_failures_total", (product, env), when))
    for key, when, seconds in restorations(ledgers):
        facts.append(
            Fact(f"ttr:{key}", "github_time_to_restore_seconds", (product, env), when, seconds)
        )
    return facts


def branch_class(run: Run, default_branch: str | None) -> str:
    return "default" if default_branch and run.head_branch == default_branch else "other"


def run_facts(product: str, ledger: RepoLedger) -> list[Fact]:
    """Events of completed workflow runs and jobs (run counter, durations, queue time)."""
    facts: list[Fact] = []
    for run in ledger.runs.values():
        if run.status != "completed" or run.conclusion is None:
            continue
        rk = f"{ledger.repo}:{run.id}:{run.attempt}"
        done = run.updated_at
        facts.append(
            Fact(
                f"run:{rk}",
                "github_workflow_runs_total",
                (product, run.workflow, run.conclusion, branch_class(run, ledger.default_branch)),
                done,
            )
        )
        facts.append(
            Fact(
                f"runtime:{rk}",
                "github_workflow_run_duration_seconds",
                (product, run.workflow, run.conclusion),
                done,
                max(0.0, run.updated_at - run.started_at),
            )
        )
        if not run.jobs:
            continue
        starts = [j.started_at for j in run.jobs.values() if j.started_at is not None]
        if starts:
            facts.append(
                Fact(
                    f"queue:{rk}",
                    "github_workflow_run_queue_seconds",
                    (product, run.workflow),
                    done,
                    max(0.0, min(starts) - run.started_at),
                )
            )
        for job in run.jobs.values():
            if (
                job.conclusion in (None, "skipped")
                or job.started_at is None
                or job.completed_at is None
            ):
                continue  # skipped jobs never ran; their zero durations would skew the buckets
            facts.append(
                Fact(
                    f"job:{ledger.repo}:{job.id}",
                    "github_workflow_job_duration_seconds",
                    (product, run.workflow, job.name, job.conclusion),
                    job.completed_at,
                    max(0.0, job.completed_at - job.started_at),
                )
            )
    return facts


@dataclass(frozen=True)
class WindowValues:
    deployments: int
    per_day: float
    lead_time: float | None
    change_failure_ratio: float | None
    time_to_restore: float | None


def window_values(
    ledgers: Sequence[RepoLedger], rules: Rules, now: float, window: float
) -> WindowValues:
    """DORA over ``(now - window, now]``: frequency, median lead time, CFR, median restore."""
    start = now - window

    def inside(t: float | None) -> bool:
        return t is not None and start < t <= now

    finished = [(repo_ledger, d) for repo_ledger, d in _finished(ledgers) if inside(d.outcome_at)]
    successes = [d for _, d in finished if d.outcome == SUCCESS]
    leads = [lt for d in successes if (lt := lead_time(d)) is not None]
    failures = change_failures(ledgers, rules)
    failed = [1 for repo_ledger, d in finished if f"{repo_ledger.repo}:{d.id}" in failures]
    restores = [s for _, when, s in restorations(ledgers) if inside(when)]
    return WindowValues(
        deployments=len(successes),
        per_day=len(successes) / (window / 86400),
        lead_time=statistics.median(leads) if leads else None,
        change_failure_ratio=len(failed) / len(finished) if finished else None,
        time_to_restore=statistics.median(restores) if restores else None,
    )


def open_incidents(ledgers: Iterable[RepoLedger]) -> int:
    return sum(
        1 for repo_ledger in ledgers for i in repo_ledger.incidents.values() if i.closed_at is None
    )
