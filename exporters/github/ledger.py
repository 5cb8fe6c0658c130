"""What the exporter knows about each watched repository, and the events derived from it.

The ledger holds upstream records (deployments with their outcome, incident issues, workflow
runs with their jobs), bounded to the history window. ``facts()`` turns a product's records
into keyed events, a pure function of the ledger: polling and webhooks only ever update
records, so an event seen both ways has one key and is counted once. ``window_values()``
computes the DORA gauges over a window from the same records.

Definitions (see docs/exporters/github.md for the DORA wording they follow):

- a deployment's outcome is its first status among success, failure and error;
- lead time: change start (first commit of the change, or first PR merge) -> successful outcome;
  never measured when the deployment's predecessor is unknown (the oldest in the history);
- an incident is attributed to the newest production deployment of the product created before
  it was opened, whatever that deployment's outcome;
- a deployment is a change failure at most once: it failed, was rolled back by the next
  deployment (a ``rollback_task`` deployment or a redeploy of an older successful sha), or an
  incident is attributed to it;
- an incident of a repository several products list (a shared incidents repository, such as
  the incident bridge's ``incidents.repo``) belongs only to the products its ``product:<id>``
  labels name; in a repository one product lists, every incident issue belongs to it unless
  a ``product:`` label names only other products (``incident_belongs``);
- failed deployment recovery time: one per failure episode (a streak of failed deployments of
  a repository joined with the incidents attributed to them), from the first failure signal
  to the last recovery signal, with the episode's source as a label.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SUCCESS = "success"
FAILED = ("failure", "error")
# The label naming the product an incident issue belongs to: the incident bridge labels the
# issues it opens so (exporters/incident_bridge/incidents.py PRODUCT_LABEL).
PRODUCT_LABEL_PREFIX = "product:"


def incident_belongs(product: str, labels: Iterable[str], *, shared: bool) -> bool:
    """Whether an incident issue with ``labels`` counts for ``product``.

    An issue with ``product:<id>`` labels belongs to the products they name (compared without
    case, as GitHub compares label names). Without one, it belongs to the product of a
    repository only that product lists, and to none of a ``shared`` one (several products list
    the repository: nothing says whose outage it was, and counting it for each would make one
    outage a change failure of every product).
    """
    named = {
        label[len(PRODUCT_LABEL_PREFIX) :].casefold()
        for label in labels
        if label.casefold().startswith(PRODUCT_LABEL_PREFIX)
    }
    if named:
        return product.casefold() in named
    return not shared


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
    # False when no earlier successful deployment of the repository was known when the change
    # was looked up (the oldest deployment in the history): its change, and so its lead time,
    # is unknown, and it is left out of lead time rather than measured from its head commit.
    predecessor_known: bool = True


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
    # Newest open or close time of any incident issue listed in the repository, whichever
    # product it belongs to: the incident walk stops at issues updated before it.
    incident_watermark: float = 0.0

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
    rework_window: float = 4 * 3600.0  # a deployment this soon after a failed one is rework


def _finished(ledgers: Sequence[RepoLedger]) -> list[tuple[RepoLedger, Deployment]]:
    rows = [
        (ledger, d)
        for ledger in ledgers
        for d in ledger.deployments.values()
        if d.outcome is not None and d.outcome_at is not None
    ]
    rows.sort(key=lambda row: (row[1].outcome_at, row[0].repo, row[1].id))
    return rows


def _by_creation(ledgers: Sequence[RepoLedger]) -> list[tuple[RepoLedger, Deployment]]:
    rows = [(ledger, d) for ledger, d in _finished(ledgers)]
    rows.sort(key=lambda row: (row[1].created_at, row[0].repo, row[1].id))
    return rows


def attributions(ledgers: Sequence[RepoLedger]) -> dict[str, list[tuple[str, Incident]]]:
    """Deployment key -> the incidents attributed to it, oldest first.

    An incident is attributed to the newest finished production deployment of the product
    created before the incident was opened, whatever that deployment's outcome: an incident
    opened minutes after a failed deployment belongs to that deployment, not to the healthy one
    before it. An incident opened before every deployment in the history is attributed to none.
    """
    rows = _by_creation(ledgers)
    out: dict[str, list[tuple[str, Incident]]] = {}
    incidents = sorted(
        ((ledger.repo, i) for ledger in ledgers for i in ledger.incidents.values()),
        key=lambda row: (row[1].opened_at, row[0], row[1].number),
    )
    for repo, incident in incidents:
        before = [(lgr, d) for lgr, d in rows if d.created_at < incident.opened_at]
        if before:
            lgr, d = before[-1]
            out.setdefault(f"{lgr.repo}:{d.id}", []).append((repo, incident))
    return out


def change_failures(ledgers: Sequence[RepoLedger], rules: Rules) -> dict[str, tuple[float, str]]:
    """Deployment key -> (time the failure became known, why) for every change failure.

    A deployment is a change failure at most once, for the first of its signals: its own
    ``failure``/``error`` status, a rollback after it, or an incident attributed to it.
    """
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
    for key, incidents in attributions(ledgers).items():
        mark(key, incidents[0][1].opened_at, "incident")
    return found


def reworks(ledgers: Sequence[RepoLedger], rules: Rules) -> dict[str, tuple[float, str]]:
    """Deployment key -> (its outcome time, why) for every rework deployment.

    DORA (2024): "the ratio of deployments that are unplanned but happen as a result of an
    incident in production". A finished production deployment is rework when it is a rollback
    (task ``rollback_task``, or a redeploy of an older successful commit); or was created while
    an incident of the product was open; or was created within ``rework_window`` after a failed
    deployment of the same repository (a fix forward).
    """
    incidents = [i for lgr in ledgers for i in lgr.incidents.values()]
    found: dict[str, tuple[float, str]] = {}
    for lgr in ledgers:
        shipped: list[str] = []
        failed_at: list[float] = []
        for _, d in _by_creation([lgr]):
            assert d.outcome_at is not None
            redeploy = bool(shipped) and d.sha != shipped[-1] and d.sha in shipped[:-1]
            why = None
            if d.task == rules.rollback_task or redeploy:
                why = "rollback"
            elif any(
                i.opened_at < d.created_at and (i.closed_at is None or i.closed_at > d.created_at)
                for i in incidents
            ):
                why = "incident"
            elif any(0 <= d.created_at - t <= rules.rework_window for t in failed_at):
                why = "failed_deployment"
            if why is not None:
                found[f"{lgr.repo}:{d.id}"] = (d.outcome_at, why)
            if d.outcome == SUCCESS:
                shipped.append(d.sha)
            elif d.outcome in FAILED:
                failed_at.append(d.outcome_at)
    return found


# Where a recovery time came from (the ``source`` label of the recovery histogram).
SOURCE_DEPLOYMENT = "deployment"  # failed deployment(s) -> next successful deployment
SOURCE_INCIDENT = "incident"  # incident(s) attributed to a deployment that did not fail
SOURCE_BOTH = "deployment_and_incident"  # a failed deployment and the incidents it caused
RECOVERY_SOURCES = (SOURCE_DEPLOYMENT, SOURCE_INCIDENT, SOURCE_BOTH)


@dataclass(frozen=True)
class Episode:
    """One failure episode: a streak of failed deployments of one repository (up to its next
    success) joined with the incidents attributed to them, the incidents attributed to one
    deployment that did not fail, or an incident attributed to no deployment. Recovery runs from the first failure signal to the last
    recovery signal; ``recovered_at`` is None while any of them is still open."""

    key: str
    source: str
    started_at: float
    recovered_at: float | None

    @property
    def seconds(self) -> float | None:
        if self.recovered_at is None:
            return None
        return max(0.0, self.recovered_at - self.started_at)


def episodes(ledgers: Sequence[RepoLedger]) -> list[Episode]:
    """Every failure episode of one product, one recovery time each."""
    # key -> [starts], [ends or None], has failed deployments, has incidents
    groups: dict[str, tuple[list[float], list[float | None], list[str]]] = {}
    member: dict[str, str] = {}  # deployment key -> episode key
    for ledger in ledgers:
        streak: str | None = None
        for lgr, d in _finished([ledger]):
            assert d.outcome_at is not None
            key = f"{lgr.repo}:{d.id}"
            if d.outcome in FAILED:
                if streak is None:
                    streak = key
                    groups[streak] = ([], [None], [SOURCE_DEPLOYMENT])
                groups[streak][0].append(d.outcome_at)
                member[key] = streak
            elif d.outcome == SUCCESS and streak is not None:
                groups[streak][1][0] = d.outcome_at  # the streak ends with this success
                streak = None
    attributed = attributions(ledgers)
    seen = {(repo, i.number) for pairs in attributed.values() for repo, i in pairs}
    for lgr in ledgers:  # an incident no deployment can be blamed for is still an outage
        for incident in lgr.incidents.values():
            if (lgr.repo, incident.number) not in seen:
                attributed[f"incident:{lgr.repo}#{incident.number}"] = [(lgr.repo, incident)]
    for key, incidents in attributed.items():
        episode = member.get(key, key)
        starts, ends, kinds = groups.setdefault(episode, ([], [], []))
        for _repo, incident in incidents:
            starts.append(incident.opened_at)
            ends.append(incident.closed_at)
        kinds.append(SOURCE_INCIDENT)
    out = []
    for key, (starts, ends, kinds) in groups.items():
        source = SOURCE_BOTH if len(set(kinds)) == 2 else kinds[0]
        recovered = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
        out.append(Episode(key, source, min(starts), recovered))
    out.sort(key=lambda e: (e.started_at, e.key))
    return out


def lead_time(d: Deployment) -> float | None:
    """None for a failed deployment, a redeploy of shipped commits, and a deployment whose
    predecessor is unknown (``change_start`` stays None: see ``Deployment.predecessor_known``)."""
    if d.outcome != SUCCESS or d.change_start is None or d.outcome_at is None:
        return None
    return max(0.0, d.outcome_at - d.change_start)


def unmeasured(ledgers: Sequence[RepoLedger]) -> int:
    """Successful deployments left out of lead time because their predecessor is unknown."""
    return sum(
        1
        for lgr in ledgers
        for d in lgr.deployments.values()
        if d.outcome == SUCCESS and d.change_resolved and not d.predecessor_known
    )


RECOVERY = "github_failed_deployment_recovery_seconds"
RECOVERY_DEPRECATED = "github_time_to_restore_seconds"  # same episodes, no source label


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
    for key, (when, _why) in reworks(ledgers, rules).items():
        facts.append(Fact(f"rework:{key}", "github_deployment_reworks_total", (product, env), when))
    for episode in episodes(ledgers):
        if episode.recovered_at is None:
            continue
        facts.append(
            Fact(
                f"recovery:{episode.key}",
                RECOVERY,
                (product, env, episode.source),
                episode.recovered_at,
                episode.seconds,
            )
        )
        facts.append(
            Fact(
                f"ttr:{episode.key}",
                RECOVERY_DEPRECATED,
                (product, env),
                episode.recovered_at,
                episode.seconds,
            )
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
    recovery_time: float | None
    rework_ratio: float | None = None
    lead_time_p90: float | None = None


def window_values(
    ledgers: Sequence[RepoLedger], rules: Rules, now: float, window: float
) -> WindowValues:
    """DORA over ``(now - window, now]``: frequency, median lead time, CFR, and the median
    recovery time of the failure episodes that recovered in the window (one per episode)."""
    start = now - window

    def inside(t: float | None) -> bool:
        return t is not None and start < t <= now

    finished = [(repo_ledger, d) for repo_ledger, d in _finished(ledgers) if inside(d.outcome_at)]
    successes = [d for _, d in finished if d.outcome == SUCCESS]
    leads = [lt for d in successes if (lt := lead_time(d)) is not None]
    failures = change_failures(ledgers, rules)
    failed = [1 for repo_ledger, d in finished if f"{repo_ledger.repo}:{d.id}" in failures]
    rework = reworks(ledgers, rules)
    reworked = [1 for repo_ledger, d in finished if f"{repo_ledger.repo}:{d.id}" in rework]
    restores = [
        e.seconds for e in episodes(ledgers) if e.seconds is not None and inside(e.recovered_at)
    ]
    return WindowValues(
        deployments=len(successes),
        per_day=len(successes) / (window / 86400),
        lead_time=statistics.median(leads) if leads else None,
        change_failure_ratio=len(failed) / len(finished) if finished else None,
        recovery_time=statistics.median(restores) if restores else None,
        rework_ratio=len(reworked) / len(finished) if finished else None,
        lead_time_p90=quantile(leads, 0.9) if leads else None,
    )


def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile with linear interpolation between the closest ranks (position
    ``q * (n - 1)`` of the sorted values; the median of an even count is the mean of the middle
    two, as ``statistics.median``). ``values`` must not be empty."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


BUILD_QUANTILES = (0.5, 0.95)


@dataclass(frozen=True)
class WorkflowWindow:
    """One workflow's completed runs finished in the window (all of a product's repos)."""

    runs: dict[str, int]  # conclusion -> runs
    success_ratio: float | None  # success / runs not cancelled
    durations: dict[float, float]  # quantile -> run duration (run start -> last update)
    queues: dict[float, float]  # quantile -> queue time (runs whose jobs are known)


def workflow_windows(
    ledgers: Sequence[RepoLedger], now: float, window: float
) -> dict[str, WorkflowWindow]:
    """Workflow -> its window values over ``(now - window, now]``, by completion time; runs
    still queued or in progress are not in it. A re-run counts once, as its latest attempt."""
    start = now - window
    durations: dict[str, list[float]] = {}
    queues: dict[str, list[float]] = {}
    runs: dict[str, dict[str, int]] = {}
    for lgr in ledgers:
        for run in lgr.runs.values():
            if run.status != "completed" or run.conclusion is None:
                continue
            if not start < run.updated_at <= now:
                continue
            by = runs.setdefault(run.workflow, {})
            by[run.conclusion] = by.get(run.conclusion, 0) + 1
            durations.setdefault(run.workflow, []).append(max(0.0, run.updated_at - run.started_at))
            starts = [j.started_at for j in (run.jobs or {}).values() if j.started_at is not None]
            if starts:
                queues.setdefault(run.workflow, []).append(max(0.0, min(starts) - run.started_at))
    out = {}
    for workflow, by in sorted(runs.items()):
        attempted = sum(n for c, n in by.items() if c != "cancelled")
        out[workflow] = WorkflowWindow(
            runs=dict(sorted(by.items())),
            success_ratio=by.get(SUCCESS, 0) / attempted if attempted else None,
            durations={q: quantile(durations[workflow], q) for q in BUILD_QUANTILES},
            queues={q: quantile(queues[workflow], q) for q in BUILD_QUANTILES}
            if workflow in queues
            else {},
        )
    return out


def open_incidents(ledgers: Iterable[RepoLedger]) -> int:
    return sum(
        1 for repo_ledger in ledgers for i in repo_ledger.incidents.values() if i.closed_at is None
    )
