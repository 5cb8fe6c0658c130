"""The exporter's shared state: ledgers, event counters and the published gauge snapshot.

Refreshes and webhooks update ledgers under ``lock`` and then call ``publish()``, which turns
ledger records into counted events and recomputes the windowed gauges. The collector reads
only what ``publish()`` left, so a scrape never waits on upstream.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from prometheus_client.core import Metric

from exporters.github import ledger
from exporters.github.api import ACTIVE_RUN_STATUSES
from exporters.toolkit.events import EventCounters
from exporters.toolkit.families import counter_family, gauge_family
from exporters.toolkit.server import ScrapeCounter
from portfolio import catalog
from portfolio.config.model import Portfolio
from portfolio.durations import render
from portfolio.sources import github

GITHUB = {m.name: m for m in catalog.exporter_metrics("github")}
SELF = {m.name for m in catalog.self_metrics("github")}  # served by SelfMetrics
EVENT_METRICS = [
    m for m in GITHUB.values() if m.type in ("counter", "histogram") and m.name not in SELF
]
SNAPSHOT_GAUGES = (
    "github_incidents_open",
    "github_dora_deployments",
    "github_dora_deployment_frequency_per_day",
    "github_dora_lead_time_seconds",
    "github_dora_lead_time_p90_seconds",
    "github_dora_change_failure_ratio",
    "github_dora_failed_deployment_recovery_seconds",
    "github_dora_deployment_rework_ratio",
    "github_dora_time_to_restore_seconds",
    "github_lead_time_unmeasured_deployments",
    "github_workflow_runs_in_progress",
    "github_workflow_window_runs",
    "github_workflow_window_success_ratio",
    "github_workflow_window_duration_seconds",
    "github_workflow_window_queue_seconds",
)
WEBHOOK_METRIC = "github_webhook_deliveries_total"


@dataclass(frozen=True)
class Watch:
    """One watched repository of a product."""

    product: str
    repo: str
    environment: str


def watches(portfolio: Portfolio) -> list[Watch]:
    """Which repos to watch comes from portfolio.yaml: every product's ``github.repos``."""
    return [
        Watch(product.id, repo, settings.production_environment)
        for product in portfolio.products
        if (settings := github.SOURCE.of(product)) is not None
        for repo in settings.repos
    ]


def _window_label(window: float) -> str:
    return f"{window / 86400:g}d" if window % 86400 == 0 else render(window)


class GitHubState:
    """Ledgers per (product, repo), the counters fed from them, and the gauge snapshot."""

    def __init__(
        self,
        watched: Sequence[Watch],
        scrapes: ScrapeCounter,
        *,
        rules: ledger.Rules,
        window: float,
        history: float,
        active_max_age: float,
        count_from: float,
        builds_window: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.lock = threading.RLock()
        self.rules = rules
        self.window = window
        self.window_label = _window_label(window)
        self.history = history
        self.builds_window = window if builds_window is None else builds_window
        self.builds_window_label = _window_label(self.builds_window)
        self.active_max_age = active_max_age
        self.clock = clock
        self.ledgers = {
            (w.product, w.repo): ledger.RepoLedger(w.repo, w.product, w.environment)
            for w in watched
        }
        self.dora_synced: set[tuple[str, str]] = set()
        listed = Counter(repo for _product, repo in {(p, r.lower()) for p, r in self.ledgers})
        # Repositories several products list (a shared incidents repository): their incident
        # issues count only for the products their ``product:<id>`` labels name.
        self.shared_repos = frozenset(repo for repo, n in listed.items() if n > 1)
        self.counters = EventCounters(
            [m for m in EVENT_METRICS if m.name != WEBHOOK_METRIC],
            scrapes,
            count_from,
            horizon=history + active_max_age,
        )
        self._webhooks: Counter[tuple[str, str]] = Counter()
        self._gauges: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        self._version = 0  # bumped by publish() and webhook counts: see cache_key()
        for product, env in sorted({(w.product, w.environment) for w in watched}):
            for status in ("success", "failure", "error"):
                self.counters.ensure("github_deployments_total", (product, env, status))
            for name in (
                "github_change_failures_total",
                "github_deployment_reworks_total",
                "github_deployment_lead_time_seconds",
                ledger.RECOVERY_DEPRECATED,
            ):
                self.counters.ensure(name, (product, env))
            for source in ledger.RECOVERY_SOURCES:
                self.counters.ensure(ledger.RECOVERY, (product, env, source))

    def products(self) -> dict[str, list[ledger.RepoLedger]]:
        out: dict[str, list[ledger.RepoLedger]] = {}
        for (product, _repo), repo_ledger in sorted(self.ledgers.items()):
            out.setdefault(product, []).append(repo_ledger)
        return out

    def incident_belongs(self, repo_ledger: ledger.RepoLedger, labels: Iterable[str]) -> bool:
        """Whether an incident issue of ``repo_ledger``'s repository counts for its product."""
        shared = repo_ledger.repo.lower() in self.shared_repos
        return ledger.incident_belongs(repo_ledger.product, labels, shared=shared)

    def for_repo(self, full_name: str) -> list[ledger.RepoLedger]:
        return [lgr for (_, repo), lgr in self.ledgers.items() if repo.lower() == full_name.lower()]

    def publish(self) -> None:
        """Count new events and recompute the gauges from the ledgers (no network)."""
        now = self.clock()
        with self.lock:
            gauges: dict[str, list[tuple[tuple[str, ...], float]]] = {
                n: [] for n in SNAPSHOT_GAUGES
            }
            for product, ledgers in self.products().items():
                for repo_ledger in ledgers:
                    repo_ledger.prune(now - self.history, now - self.active_max_age)
                    for fact in ledger.run_facts(product, repo_ledger):
                        self.counters.add(fact.key, fact.time, fact.metric, fact.labels, fact.value)
                    active: dict[tuple[str, str], int] = {}
                    for run in repo_ledger.runs.values():
                        if (
                            run.status in ACTIVE_RUN_STATUSES
                            and run.created_at >= now - self.active_max_age
                        ):
                            k = (run.workflow, run.status)
                            active[k] = active.get(k, 0) + 1
                    for (workflow, status), n in sorted(active.items()):
                        gauges["github_workflow_runs_in_progress"].append(
                            ((product, workflow, status), float(n))
                        )
                self._builds(gauges, product, ledgers, now)
                synced = all((product, x.repo) in self.dora_synced for x in ledgers)
                if not synced:
                    continue  # a half-loaded product would show wrong DORA values as truth
                for fact in ledger.dora_facts(product, ledgers, self.rules):
                    self.counters.add(fact.key, fact.time, fact.metric, fact.labels, fact.value)
                gauges["github_incidents_open"].append(
                    ((product,), float(ledger.open_incidents(ledgers)))
                )
                values = ledger.window_values(ledgers, self.rules, now, self.window)
                labels = (product, ledgers[0].environment, self.window_label)
                gauges["github_dora_deployments"].append((labels, float(values.deployments)))
                gauges["github_lead_time_unmeasured_deployments"].append(
                    ((product, ledgers[0].environment), float(ledger.unmeasured(ledgers)))
                )
                gauges["github_dora_deployment_frequency_per_day"].append((labels, values.per_day))
                for name, value in (
                    ("github_dora_lead_time_seconds", values.lead_time),
                    ("github_dora_lead_time_p90_seconds", values.lead_time_p90),
                    ("github_dora_change_failure_ratio", values.change_failure_ratio),
                    ("github_dora_failed_deployment_recovery_seconds", values.recovery_time),
                    ("github_dora_deployment_rework_ratio", values.rework_ratio),
                    ("github_dora_time_to_restore_seconds", values.recovery_time),  # deprecated
                ):
                    if value is not None:
                        gauges[name].append((labels, float(value)))
            self.counters.prune(now)
            self._gauges = gauges
            self._version += 1

    def _builds(
        self,
        gauges: dict[str, list[tuple[tuple[str, ...], float]]],
        product: str,
        ledgers: list[ledger.RepoLedger],
        now: float,
    ) -> None:
        """The windowed build gauges of one product, recomputed from its runs."""
        label = self.builds_window_label
        for workflow in sorted({r.workflow for lgr in ledgers for r in lgr.runs.values()}):
            # every workflow in the history has its queue series from the first scrape
            self.counters.ensure("github_workflow_run_queue_seconds", (product, workflow))
        windows = ledger.workflow_windows(ledgers, now, self.builds_window)
        for workflow, values in windows.items():
            for conclusion, n in values.runs.items():
                gauges["github_workflow_window_runs"].append(
                    ((product, workflow, conclusion, label), float(n))
                )
            if values.success_ratio is not None:
                gauges["github_workflow_window_success_ratio"].append(
                    ((product, workflow, label), values.success_ratio)
                )
            for name, by_quantile in (
                ("github_workflow_window_duration_seconds", values.durations),
                ("github_workflow_window_queue_seconds", values.queues),
            ):
                for q, v in by_quantile.items():
                    gauges[name].append(((product, workflow, f"{q:g}", label), v))

    def cache_key(self) -> tuple[int, int, bool]:
        """Equal keys mean ``collect()`` renders the same exposition: the published snapshot,
        the counters, and whether a new series is still in its one scrape at 0."""
        with self.lock:
            version = self._version
        return version, self.counters.version, self.counters.has_unexposed()

    def collect(self) -> Iterator[Metric]:
        gauges = self._gauges  # replaced whole by publish(), so this read is consistent
        for name in SNAPSHOT_GAUGES:
            fam = gauge_family(GITHUB[name])
            for labels, value in gauges.get(name, []):
                fam.add_metric(list(labels), value)
            yield fam
        yield from self.counters.collect()
        webhooks = counter_family(GITHUB[WEBHOOK_METRIC])
        with self.lock:
            deliveries = sorted(self._webhooks.items())
        for labels, count in deliveries:
            webhooks.add_metric(list(labels), float(count))
        yield webhooks

    def count_webhook(self, event: str, result: str) -> None:
        with self.lock:
            self._webhooks[(event, result)] += 1
            self._version += 1
