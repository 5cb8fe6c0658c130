"""Wiring of the GitHub exporter: settings + portfolio -> client, state, sources, server.

``build()`` is what ``python -m exporters.github`` runs and what tests and the benchmark use
in-process (with an injected clock, transport and port).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import httpx
from prometheus_client import CollectorRegistry
from prometheus_client.core import Metric

from exporters.github import ledger as lg
from exporters.github.api import API_VERSION, GitHubAPI
from exporters.github.settings import GitHubSettings
from exporters.github.state import EVENT_METRICS, GITHUB, SNAPSHOT_GAUGES, GitHubState, watches
from exporters.github.sync import Syncer, SyncOptions
from exporters.github.webhook import PATH as WEBHOOK_PATH
from exporters.github.webhook import WebhookReceiver
from exporters.toolkit.families import describe_families
from exporters.toolkit.http import ResponseCache, RetryPolicy, UpstreamClient, make_client
from exporters.toolkit.refresh import RefreshLoop, Source
from exporters.toolkit.selfmetrics import SelfMetrics
from exporters.toolkit.server import ExporterServer, Exposition, Part, ScrapeCounter
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
    settings: GitHubSettings
    registry: CollectorRegistry
    health: SelfMetrics
    state: GitHubState
    syncer: Syncer
    loop: RefreshLoop
    server: ExporterServer
    client: UpstreamClient
    webhook: WebhookReceiver | None

    def close(self) -> None:
        """Release the listening socket and upstream connections (when not ``serve``d)."""
        self.server.httpd.server_close()
        self.client.client.close()

    def refresh_all(self) -> bool:
        """Run every source once in this thread (tests, backfill). True if all succeeded."""
        return all([self.loop.run_once(name) for name in SOURCES])


def build(
    settings: GitHubSettings,
    portfolio: Portfolio,
    *,
    registry: CollectorRegistry | None = None,
    transport: httpx.BaseTransport | None = None,
    clock: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
    policy: RetryPolicy | None = None,
    history_jobs: bool = False,
    count_from: float | None = None,
) -> Exporter:
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
    if settings.token:
        headers["Authorization"] = f"Bearer {settings.token.reveal()}"
    registry = registry if registry is not None else CollectorRegistry()
    health = SelfMetrics("github", SOURCES, clock)
    http = make_client(settings.api_url, headers, transport=transport)
    client = UpstreamClient(http, health, cache=ResponseCache(), policy=policy, clock=clock)
    scrapes = ScrapeCounter()
    state = GitHubState(
        watches(portfolio),
        scrapes,
        rules=lg.Rules(rollback_task=settings.rollback_task),
        window=float(settings.window),
        history=float(settings.history),
        active_max_age=float(settings.active_max_age),
        count_from=clock() if count_from is None else count_from,
        clock=clock,
    )
    options = SyncOptions(
        incident_label=portfolio.dora.incident_label,
        lead_time_start=settings.lead_time_start,
        fetch_history_jobs=history_jobs,
    )
    syncer = Syncer(GitHubAPI(client), state, options, clock)
    loop = RefreshLoop(
        [
            Source("dora", float(settings.dora_interval), syncer.refresh_dora),
            Source("actions", float(settings.actions_interval), syncer.refresh_actions),
        ],
        health,
        clock=clock,
        monotonic=monotonic,
    )
    webhook = None
    routes = {}
    if settings.webhook_secret:
        webhook = WebhookReceiver(
            settings.webhook_secret, state, portfolio.dora.incident_label, loop.trigger
        )
        routes[WEBHOOK_PATH] = webhook.handle
    collector = GitHubCollector(state)
    registry.register(health)
    registry.register(collector)
    # The snapshot is rendered once per publish (and once more when a new series leaves its
    # scrape at 0); only the self-metrics, whose data age moves with the clock, render per scrape.
    exposition = Exposition([Part(health), Part(collector, key=state.cache_key)])
    server = ExporterServer(
        registry,
        lambda: health.ready(float(settings.ready_max_age)),
        host=settings.listen_host,
        port=settings.listen_port,
        post_routes=routes,
        scrapes=scrapes,
        exposition=exposition,
    )
    return Exporter(settings, registry, health, state, syncer, loop, server, client, webhook)
