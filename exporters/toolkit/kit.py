"""The wiring every exporter shares: registry, self-metrics, upstream client, refresh loop,
exposition and server, built in one place.

Use it in an exporter's ``build(settings, portfolio)`` in two steps. ``ExporterKit(...)``
makes the parts the exporter's own code needs first (``kit.client`` for its upstream calls,
``kit.scrapes`` for event counters, ``kit.trigger`` for webhooks); ``kit.assemble(...)`` takes
its refresh sources and its collector and returns the ``Runtime`` that
``run_exporter`` serves and tests drive in-process (``refresh_all``, ``server.url``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

import httpx
from prometheus_client import CollectorRegistry
from prometheus_client.registry import Collector
from typing_extensions import Unpack

from exporters.toolkit.http import (
    DEFAULT_TIMEOUT,
    ResponseCache,
    RetryPolicy,
    UpstreamClient,
    make_client,
)
from exporters.toolkit.pagination import Pagination
from exporters.toolkit.ratelimit import RateLimitPolicy
from exporters.toolkit.refresh import RefreshLoop, Source
from exporters.toolkit.selfmetrics import SelfMetrics
from exporters.toolkit.server import (
    ExporterServer,
    Exposition,
    Part,
    PostHandler,
    PostRoute,
    ScrapeCounter,
    ServerLimits,
)


@dataclass(frozen=True)
class Upstream:
    """The API an exporter reads: base URL, headers (auth), and the vendor's policies."""

    base_url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    pagination: Pagination | None = None
    rate_limit: RateLimitPolicy | None = None  # None: plain 429 + Retry-After
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)


@dataclass(frozen=True)
class Listen:
    """Where ``/metrics`` is served, when ``/readyz`` calls the data too old (0: never), and
    what one client may hold (``ServerLimits``: body size, connections, timeouts)."""

    host: str = "127.0.0.1"
    port: int = 0
    ready_max_age: float = 0.0
    limits: ServerLimits = field(default_factory=ServerLimits)


@dataclass
class Runtime:
    """A built exporter: what ``run_exporter`` serves until SIGTERM and tests drive directly."""

    registry: CollectorRegistry
    health: SelfMetrics
    client: UpstreamClient
    loop: RefreshLoop
    server: ExporterServer

    def refresh_all(self) -> bool:
        """Run every source once in this thread (tests, one-shot commands). True if all did."""
        return all([self.loop.run_once(name) for name in self.loop.sources])

    def close(self) -> None:
        """Release the listening socket and upstream connections (when not served)."""
        self.server.httpd.server_close()
        self.client.client.close()


class Injected(TypedDict, total=False):
    """What a test injects into an exporter's ``build(settings, portfolio, **injected)``, which
    hands it to ``ExporterKit``; production passes none of it."""

    registry: CollectorRegistry | None  # a fresh one per test (default: a new registry)
    transport: httpx.BaseTransport | None  # ``httpx.MockTransport`` (default: the network)
    clock: Callable[[], float]  # Unix time (default ``time.time``)
    monotonic: Callable[[], float]  # intervals (default ``time.monotonic``)
    policy: RetryPolicy | None  # retries and waits (default: the toolkit's)


class ExporterKit:
    """The shared parts of exporter ``name`` whose refresh sources are ``sources``.

    Inject ``registry`` (a fresh one per test), ``transport`` (``httpx.MockTransport``), the
    clocks and the retry ``policy`` (``Injected``); production passes none of them. Read the
    clock back as ``kit.clock``.
    """

    def __init__(
        self,
        name: str,
        sources: Sequence[str],
        upstream: Upstream,
        **injected: Unpack[Injected],
    ) -> None:
        registry = injected.get("registry")
        clock = injected.get("clock", time.time)
        self.name = name
        self.source_names = tuple(sources)
        self.clock = clock
        self.monotonic = injected.get("monotonic", time.monotonic)
        self.registry = registry if registry is not None else CollectorRegistry()
        self.health = SelfMetrics(name, self.source_names, clock)
        self.scrapes = ScrapeCounter()
        self.stopping = threading.Event()  # set by the refresh loop's stop(): ends upstream waits
        http = make_client(
            upstream.base_url,
            upstream.headers,
            timeout=upstream.timeout,
            transport=injected.get("transport"),
        )
        self.client = UpstreamClient(
            http,
            self.health,
            cache=ResponseCache(),
            policy=injected.get("policy"),
            pagination=upstream.pagination,
            rate_limit=upstream.rate_limit,
            clock=clock,
            cancel=self.stopping,
        )
        self._loop: RefreshLoop | None = None

    def trigger(self, source: str) -> None:
        """Refresh ``source`` now (a webhook arrived); does nothing before ``assemble``."""
        if self._loop is not None:
            self._loop.trigger(source)

    def assemble(
        self,
        sources: Sequence[Source],
        collector: Collector,
        *,
        listen: Listen,
        cache_key: Callable[[], Hashable] | None = None,
        post_routes: Mapping[str, PostHandler | PostRoute] | None = None,
    ) -> Runtime:
        """Register the self-metrics and ``collector`` and build the loop and the server.

        With ``cache_key`` (it must change whenever ``collector.collect()`` would), the
        collector's exposition is rendered once per key and format; the self-metrics, whose
        data age moves with the clock, are rendered on every scrape.
        """
        names = tuple(s.name for s in sources)
        if sorted(names) != sorted(self.source_names):
            raise ValueError(f"{self.name}: sources {names} != declared {self.source_names}")
        loop = RefreshLoop(
            list(sources),
            self.health,
            clock=self.clock,
            monotonic=self.monotonic,
            stop=self.stopping,
        )
        self._loop = loop
        self.registry.register(self.health)
        self.registry.register(collector)
        exposition = Exposition([Part(self.health), Part(collector, key=cache_key)])
        health = self.health
        server = ExporterServer(
            self.registry,
            lambda: health.ready(listen.ready_max_age),
            host=listen.host,
            port=listen.port,
            post_routes=post_routes,
            scrapes=self.scrapes,
            exposition=exposition,
            limits=listen.limits,
        )
        return Runtime(self.registry, self.health, self.client, loop, server)
