"""Incremental polling of GitHub: the two refresh sources, ``dora`` and ``actions``.

Each refresh walks lists newest first and stops at what it already knows (ids at or below the
high-water mark), so a refresh fetches only what is new; list pages and pending records are
re-read with ``If-None-Match`` and a 304 costs no rate limit. Work on a repository is done on a
copy of its ledger and merged back only when the whole repository succeeded: a failure half
way (a 5xx, a truncated page) leaves the last good data untouched. A repository several
products list (a shared incidents repository) has its incident issues listed once per refresh;
each product's ledger keeps those that belong to it (``ledger.incident_belongs``).
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from exporters.github import ledger
from exporters.github.api import TERMINAL_DEPLOYMENT_STATES, GitHubAPI, IssueInfo
from exporters.github.state import GitHubState
from exporters.toolkit.errors import ExporterError, UpstreamError

log = logging.getLogger(__name__)

LEAD_TIME_STARTS = ("first_commit", "pr_merged")


@dataclass(frozen=True)
class SyncOptions:
    incident_label: str
    lead_time_start: str = "first_commit"
    fetch_history_jobs: bool = False  # backfill: also read jobs of runs finished before start


@dataclass(frozen=True)
class IncidentListing:
    """A repository's incident issues read in one refresh (every product's), and the newest
    open or close time among them and those read before."""

    issues: tuple[IssueInfo, ...]
    watermark: float


class RefreshFailedError(UpstreamError):
    """Some repositories failed; the others were refreshed. Carries the first cause's reason."""

    def __init__(self, failures: list[tuple[str, ExporterError]]) -> None:
        self.failures = failures
        self.reason = failures[0][1].reason
        detail = "; ".join(f"{repo}: {exc}" for repo, exc in failures)
        super().__init__("refresh", f"{len(failures)} repositories failed: {detail}")


def _day_anchor(t: float) -> str:
    # A `since` that only moves once a day keeps the URL (and so its ETag) stable.
    day = int(t // 86400) * 86400
    return datetime.fromtimestamp(day, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def merge_deployment(old: ledger.Deployment | None, new: ledger.Deployment) -> ledger.Deployment:
    """Combine two views of one deployment; the first terminal outcome wins."""
    if old is None:
        return new
    out = copy.copy(new)
    if old.outcome is not None and (
        new.outcome is None or (old.outcome_at or 0) <= (new.outcome_at or 0)
    ):
        out.outcome, out.outcome_at = old.outcome, old.outcome_at
    if old.change_resolved and not new.change_resolved:
        out.change_start, out.change_resolved = old.change_start, True
        out.predecessor_known = old.predecessor_known
    return out


def merge_run(old: ledger.Run | None, new: ledger.Run) -> ledger.Run:
    if old is None:
        return new
    if (old.attempt, old.status == "completed") > (new.attempt, new.status == "completed"):
        return old
    out = copy.copy(new)
    if out.jobs is None and old.attempt == new.attempt:
        out.jobs = old.jobs
    return out


class Syncer:
    """Refreshes the ledgers of ``state`` from the API. One instance serves both sources."""

    def __init__(
        self,
        api: GitHubAPI,
        state: GitHubState,
        options: SyncOptions,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.api = api
        self.state = state
        self.options = options
        self.clock = clock
        # Incident listings of the refresh in progress, by repository (lower case): a
        # repository several products list is read once per refresh.
        self._listings: dict[str, IncidentListing | ExporterError] = {}

    # -- sources -----------------------------------------------------------------------------
    def refresh_dora(self) -> None:
        self._listings = {}
        self._each(self._sync_dora)

    def refresh_actions(self) -> None:
        self._each(self._sync_actions)

    def _each(self, sync: Callable[[tuple[str, str]], None]) -> None:
        failures: list[tuple[str, ExporterError]] = []
        for key in list(self.state.ledgers):
            try:
                sync(key)
            except ExporterError as exc:  # named in the refresh's one failure line
                log.debug("%s: %s", key[1], exc)
                failures.append((key[1], exc))
        self.state.publish()
        if failures:
            raise RefreshFailedError(failures)

    # -- DORA --------------------------------------------------------------------------------
    def _sync_dora(self, key: tuple[str, str]) -> None:
        with self.state.lock:
            work = copy.deepcopy(self.state.ledgers[key])
        now = self.clock()
        oldest = now - self.state.history
        repo = work.repo
        high = work.deployments_high_water
        fresh: set[int] = set()
        for page in self.api.deployment_pages(repo, work.environment):
            done = False
            for info in page:
                if info.id <= work.deployments_high_water or info.created_at < oldest:
                    done = True
                    break
                high = max(high, info.id)
                fresh.add(info.id)
                if info.id not in work.deployments:
                    work.deployments[info.id] = ledger.Deployment(
                        info.id, info.sha, info.task, info.created_at
                    )
            if done:
                break
        pending_since = now - self.state.active_max_age
        for d in sorted(work.deployments.values(), key=lambda d: d.id):
            if d.outcome is None and (d.id in fresh or d.created_at >= pending_since):
                terminal = sorted(
                    (
                        s
                        for s in self.api.deployment_statuses(repo, d.id)
                        if s.state in TERMINAL_DEPLOYMENT_STATES
                    ),
                    key=lambda s: s.created_at,
                )
                if terminal:
                    d.outcome, d.outcome_at = terminal[0].state, terminal[0].created_at
        if self.options.lead_time_start == "pr_merged":
            self._sync_pulls(work, oldest)
        for d in sorted(work.deployments.values(), key=lambda d: (d.outcome_at or 0, d.id)):
            if d.outcome == ledger.SUCCESS and not d.change_resolved:
                base = work.previous_success(d)
                d.change_resolved = True
                if base is None:
                    # The oldest deployment in the history: its change started after a
                    # deployment we never saw, so measuring from its head commit alone would
                    # give a lead time far too short. Left out, and counted in a gauge.
                    d.predecessor_known, d.change_start = False, None
                    log.debug(
                        "%s: deployment %d has no known predecessor (older than the history); "
                        "its lead time is not measured",
                        repo,
                        d.id,
                    )
                    continue
                commits = self.api.change_commits(repo, base.sha, d.sha)
                d.change_start = self._change_start(work, commits)
        others = self._sync_incidents(work, oldest)
        work.deployments_high_water = high
        with self.state.lock:
            current = self.state.ledgers[key]
            for did, d in work.deployments.items():
                current.deployments[did] = merge_deployment(current.deployments.get(did), d)
            for number, incident in work.incidents.items():
                known = current.incidents.get(number)
                if known is None or known.closed_at is None or incident.closed_at is not None:
                    current.incidents[number] = incident
            for number in others:
                current.incidents.pop(number, None)
            current.incident_watermark = max(current.incident_watermark, work.incident_watermark)
            current.merged_pulls.update(work.merged_pulls)
            current.deployments_high_water = max(current.deployments_high_water, high)
            self.state.dora_synced.add(key)

    def _change_start(
        self, work: ledger.RepoLedger, commits: list[tuple[str, float]]
    ) -> float | None:
        if not commits:
            return None
        if self.options.lead_time_start == "pr_merged":
            merges = [work.merged_pulls[sha] for sha, _ in commits if sha in work.merged_pulls]
            if merges:
                return min(merges)
        return min(t for _, t in commits)

    def _sync_pulls(self, work: ledger.RepoLedger, oldest: float) -> None:
        newest_known = max(work.merged_pulls.values(), default=0.0)
        for page in self.api.merged_pulls(work.repo):
            stale = False
            for sha, merged_at, updated_at in page:
                if updated_at < oldest or (newest_known and updated_at < newest_known):
                    stale = True
                    break
                if sha:
                    work.merged_pulls[sha] = merged_at
            if stale:
                break

    def _incident_listing(self, repo: str, oldest: float) -> IncidentListing:
        """The repository's incident issues, read once per refresh however many products list
        it (a shared incidents repository): each product's ledger takes its own from this."""
        key = repo.lower()
        if key in self._listings:
            listing = self._listings[key]
            if isinstance(listing, ExporterError):
                raise listing  # failed for an earlier product of this refresh: not asked again
            return listing
        with self.state.lock:
            known = min((lgr.incident_watermark for lgr in self.state.for_repo(repo)), default=0.0)
        label = self.options.incident_label
        issues: dict[int, IssueInfo] = {}
        try:
            for state, since in (("open", None), ("all", _day_anchor(oldest))):
                for page in self.api.incident_pages(repo, label, state, since):
                    stale = False
                    for issue in page:
                        issues[issue.number] = issue
                        if state == "all" and known and issue.updated_at < known:
                            stale = True  # sorted by update: everything after this is known
                    if stale:
                        break
        except ExporterError as exc:
            self._listings[key] = exc
            raise
        watermark = max([known, *(max(i.created_at, i.closed_at or 0.0) for i in issues.values())])
        listing = IncidentListing(tuple(issues.values()), watermark)
        self._listings[key] = listing
        return listing

    def _sync_incidents(self, work: ledger.RepoLedger, oldest: float) -> set[int]:
        """Take this product's incidents from the repository's listing; returns the numbers
        of listed issues that are not (or no longer) its own, to drop from the ledger."""
        listing = self._incident_listing(work.repo, oldest)
        others: set[int] = set()
        for issue in listing.issues:
            if self.state.incident_belongs(work, issue.labels):
                work.incidents[issue.number] = ledger.Incident(
                    issue.number, issue.created_at, issue.closed_at
                )
            else:
                others.add(issue.number)  # another product's (a product: label names it)
                work.incidents.pop(issue.number, None)
        work.incident_watermark = max(work.incident_watermark, listing.watermark)
        return others

    # -- Actions -----------------------------------------------------------------------------
    def _sync_actions(self, key: tuple[str, str]) -> None:
        with self.state.lock:
            work = copy.deepcopy(self.state.ledgers[key])
        now = self.clock()
        repo = work.repo
        work.default_branch = self.api.default_branch(repo)
        # The first refresh reads the runs of the builds window (the windowed build gauges are
        # computed from them, and every workflow in it gets its counters at 0); later ones stop
        # at what they know. Jobs of past runs are read only by the backfill.
        horizon = now - max(self.state.builds_window, self.state.active_max_age)
        high = work.runs_high_water
        walked: set[int] = set()
        # Runs keep their place in the list (newest created first) when they are re-run, so
        # pages are walked back to the first known run created before `rerun_since`: a re-run
        # of a recent run is seen wherever it is, and unchanged pages are free 304s.
        rerun_since = now - self.state.active_max_age
        for page in self.api.run_pages(repo):
            done = False
            for info in page:
                known = info.id <= work.runs_high_water or info.created_at < horizon
                if known and info.id not in work.runs:
                    done = True
                    continue
                # A run we know may have moved on (queued -> completed, a new attempt); the
                # page says so for free.
                done = done or (known and info.created_at < rerun_since)
                high = max(high, info.id)
                walked.add(info.id)
                work.runs[info.id] = merge_run(work.runs.get(info.id), info)
            if done:
                break
        active_since = now - self.state.active_max_age
        for run in list(work.runs.values()):
            if (
                run.id not in walked
                and run.status != "completed"
                and run.created_at >= active_since
            ):
                work.runs[run.id] = merge_run(run, self.api.run(repo, run.id))
        count_from = self.state.counters.count_from
        for run in work.runs.values():
            wanted = run.updated_at > count_from or self.options.fetch_history_jobs
            if run.status == "completed" and run.jobs is None and wanted:
                run.jobs = {
                    j.id: ledger.Job(j.id, j.name, j.conclusion, j.started_at, j.completed_at)
                    for j in self.api.jobs(repo, run.id, run.attempt)
                }
        with self.state.lock:
            current = self.state.ledgers[key]
            current.default_branch = work.default_branch
            for rid, run in work.runs.items():
                current.runs[rid] = merge_run(current.runs.get(rid), run)
            current.runs_high_water = max(current.runs_high_water, high)
