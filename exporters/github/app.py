"""Wiring of the GitHub exporter: settings + portfolio -> state, refresh sources, collector,
on the toolkit's ``ExporterKit`` (which builds the client, self-metrics, loop and server).

``build()`` is what ``python -m exporters.github`` runs and what tests and the benchmark use
in-process (with an injected clock, transport and port).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from prometheus_client import CollectorRegistry
from prometheus_client.core import Metric
from typing_extensions import Unpack

from exporters.github import ledger
from exporters.github.api import API_VERSION, GitHubAPI, LeanCache
from exporters.github.settings import GitHubSettings
from exporters.github.state import EVENT_METRICS, GITHUB, SNAPSHOT_GAUGES, GitHubState, watches
from exporters.github.sync import Syncer, SyncOptions
from exporters.github.webhook import PATH as WEBHOOK_PATH
from exporters.github.webhook import WebhookReceiver
from exporters.toolkit.families import describe_families
from exporters.toolkit.http import UpstreamClient
from exporters.toolkit.kit import ExporterKit, Injected, Listen, Runtime, Upstream
from exporters.toolkit.pagination import LinkHeaderPagination
from exporters.toolkit.ratelimit import GitHubRateLimit
from exporters.toolkit.refresh import RefreshLoop, Source
from exporters.toolkit.selfmetrics import SelfMetrics
from exporters.toolkit.server import ExporterServer, PostRoute
from portfolio.config.model import Portfolio

SOURCES = ("dora", "actions")


class GitHubCollector:
    """Serves the last published snapshot; ``describe()`` never touches state or upstream."""

    def __init__(self, state: GitHubState) -> None:
        self.state = state

    def describe(self) -> list[Metric]:
        names = [*SNAPSHOT_GAUGES, *sorted(m.name for m in EVENT_METRICS)]
        return describe_families(GITHUB[n] for n in names)

    def collect(self) -> Iterable[Metric]:
        yield from self.state.collect()


@dataclass
class Exporter:
    """The GitHub exporter's own parts around the toolkit's ``Runtime``."""

    settings: GitHubSettings
    runtime: Runtime
    state: GitHubState
    syncer: Syncer
    webhook: WebhookReceiver | None

    @property
    def registry(self) -> CollectorRegistry:
        return self.runtime.registry

    @property
    def health(self) -> SelfMetrics:
        return self.runtime.health

    @property
    def client(self) -> UpstreamClient:
        return self.runtime.client

    @property
    def loop(self) -> RefreshLoop:
        return self.runtime.loop

    @property
    def server(self) -> ExporterServer:
        return self.runtime.server

    def close(self) -> None:
        """Release the listening socket and upstream connections (when not ``serve``d)."""
        self.runtime.close()

    def refresh_all(self) -> bool:
        """Run every source once in this thread (tests, backfill). True if all succeeded."""
        return self.runtime.refresh_all()


def upstream(settings: GitHubSettings) -> Upstream:
    """The REST API: versioned JSON, bearer token, Link-header pages, GitHub's rate limits."""
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
    if settings.token:
        headers["Authorization"] = f"Bearer {settings.token.reveal()}"
    return Upstream(
        settings.api_url,
        headers,
        pagination=LinkHeaderPagination(),
        rate_limit=GitHubRateLimit(),
    )


def build(
    settings: GitHubSettings,
    portfolio: Portfolio,
    *,
    history_jobs: bool = False,
    count_from: float | None = None,
    **injected: Unpack[Injected],
) -> Exporter:
    kit = ExporterKit(
        "github",
        SOURCES,
        upstream(settings),
        **injected,
    )
    kit.client.cache = LeanCache(kit.client.cache.max_entries)
    clock = kit.clock
    state = GitHubState(
        watches(portfolio),
        kit.scrapes,
        rules=ledger.Rules(
            rollback_task=settings.rollback_task, rework_window=float(settings.rework_window)
        ),
        window=float(settings.window),
        history=settings.history_seconds,
        active_max_age=float(settings.active_max_age),
        builds_window=float(settings.builds_window),
        count_from=clock() if count_from is None else count_from,
        clock=clock,
    )
    options = SyncOptions(
        incident_label=portfolio.dora.incident_label,
        lead_time_start=settings.lead_time_start,
        fetch_history_jobs=history_jobs,
    )
    syncer = Syncer(GitHubAPI(kit.client), state, options, clock)
    webhook = None
    routes: dict[str, PostRoute] = {}
    if settings.webhook_secret:
        webhook = WebhookReceiver(
            settings.webhook_secret, state, portfolio.dora.incident_label, kit.trigger
        )
        routes[WEBHOOK_PATH] = webhook.route()
    # The snapshot is rendered once per publish (and once more when a new series leaves its
    # scrape at 0); only the self-metrics, whose data age moves with the clock, render per scrape.
    runtime = kit.assemble(
        [
            Source("dora", float(settings.dora_interval), syncer.refresh_dora),
            Source("actions", float(settings.actions_interval), syncer.refresh_actions),
        ],
        GitHubCollector(state),
        cache_key=state.cache_key,
        listen=Listen(settings.listen_host, settings.listen_port, float(settings.ready_max_age)),
        post_routes=routes,
    )
    return Exporter(settings, runtime, state, syncer, webhook)
