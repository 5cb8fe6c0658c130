"""Wiring of the Cloudflare exporter: settings + portfolio -> refresh sources and a collector,
on the toolkit's ``ExporterKit`` (client, self-metrics, refresh loop, server).

Two refresh sources. ``traffic`` (on the interval the budget plan gives it) resolves zone
names once, reads each zone's settings node now and then, and counts the settled minutes
since the last refresh into the counters: a minute is settled once it ended
``CLOUDFLARE_SETTLE_DELAY`` ago, so each zone keeps a cursor (the end of the last minute it
counted) and a refresh reads ``[cursor, settled end)``. The cursor moves only when a zone's
answer arrived whole, so a failed refresh is read again by the next one (no gap), and a minute
is never read twice (no double count). ``healthchecks`` reads each zone's health checks.

A zone that fails keeps its last good values while the others are updated, and the refresh
reports the failure (``cloudflare_up{source} 0``). ``build()`` is what ``python -m
exporters.cloudflare`` runs and what tests drive in-process (injected clock, transport, port).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from typing_extensions import Unpack

from exporters.cloudflare.api import (
    QUANTILES,
    ApiRefusedError,
    Capabilities,
    CloudflareAPI,
    HealthCheck,
    Traffic,
)
from exporters.cloudflare.budget import plan
from exporters.cloudflare.settings import MINUTE, CloudflareSettings
from exporters.toolkit.errors import ExporterError, GraphQLError, RateLimitedError, UpstreamError
from exporters.toolkit.families import counter_family, describe_families, gauge_family
from exporters.toolkit.kit import ExporterKit, Injected, Listen, Runtime, Upstream
from exporters.toolkit.ratelimit import GraphQLRateLimit
from exporters.toolkit.refresh import Source
from portfolio import catalog
from portfolio.config.model import Portfolio
from portfolio.sources import cloudflare

log = logging.getLogger("exporters.cloudflare")

METRICS = {m.name: m for m in catalog.exporter_metrics("cloudflare")}
_SELF = {m.name for m in catalog.self_metrics("cloudflare")}
SERVED = tuple(m.name for m in cloudflare.METRICS if m.name not in _SELF)
TRAFFIC_SOURCE, HEALTH_SOURCE = "traffic", "healthchecks"
STATUS_CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx")
CACHE_STATUSES = frozenset(
    {"hit", "miss", "expired", "stale", "revalidated", "updating", "bypass", "dynamic", "none"}
)
HEALTH_STATUSES = ("healthy", "unhealthy", "suspended", "unknown")
# Failure reasons as Cloudflare words them (Health Checks analytics) -> a closed set, the
# first match wins; anything else is "other".
FAILURE_REASONS = (
    ("timeout", ("timeout", "timed out")),
    ("response_code", ("response code", "status code")),
    ("response_body", ("body",)),
    ("tls", ("tls", "ssl", "certificate")),
    ("dns", ("dns", "unknown host", "resolve")),
    ("connection", ("connection", "refused", "reset", "unreachable")),
)
# Cloudflare's rate-limit errors inside a 200 (GraphQL "Error responses" page) and the wait
# each message names.
RATE_LIMIT_MESSAGES = {
    "rate limiter budget depleted": 300.0,
    "quota exceeded": 60.0,
}
# Cloudflare's messages for a field or dataset the plan may not read (a 200 with errors).
NOT_ENTITLED = ("does not have access to the path", "not available for your plan")


def status_class(status: int) -> str:
    return f"{status // 100}xx" if 100 <= status <= 599 else "other"


def cache_label(status: str) -> str:
    return status if status in CACHE_STATUSES else "other"


def failure_label(reason: str) -> str:
    if not reason:
        return "none"
    text = reason.lower()
    for label, words in FAILURE_REASONS:
        if any(word in text for word in words):
            return label
    return "other"


def minute_floor(moment: float) -> float:
    return math.floor(moment / MINUTE) * MINUTE


@dataclass
class ZoneState:
    """Everything the exporter knows of one product's zone. Guarded by the collector's lock."""

    product: str
    zone: str  # as portfolio.yaml gives it: a name or an id
    zone_id: str | None = None
    capabilities: Capabilities | None = None
    read_settings_at: float | None = None
    missing: tuple[tuple[str, str], ...] = ()
    cursor: float | None = None  # end of the last settled minute counted
    requests: dict[str, float] = field(default_factory=dict)  # status class -> count
    cache: dict[str, float] = field(default_factory=dict)
    bytes: float = 0.0
    threats: float = 0.0
    skipped: float = 0.0
    quantiles: dict[str, float] = field(default_factory=dict)  # API field -> ms
    window_requests: float | None = None
    checks: list[HealthCheck] | None = None
    checks_unavailable: str = ""  # Cloudflare's message when the zone may not read them


class ZonesFailedError(UpstreamError):
    """Some zones failed in a refresh (the others were updated). ``reason`` is the first's."""

    def __init__(self, failures: list[tuple[str, ExporterError]]) -> None:
        self.failures = failures
        self.reason = failures[0][1].reason
        endpoint = getattr(failures[0][1], "endpoint", "traffic")
        text = "; ".join(f"product {product}: {exc}" for product, exc in failures)
        super().__init__(endpoint, text)


def _zones_named(exc: ExporterError, size: int) -> set[int]:
    """Indexes of the batch's zones a GraphQL error's ``path`` names (``["viewer", "zones",
    "3", ...]``: "the number included in the path array ... specifies to which zone the error
    applies"); empty when an error names none (the whole request failed)."""
    if not isinstance(exc, GraphQLError):
        return set()
    named: set[int] = set()
    for error in exc.errors:
        path = error.get("path") if isinstance(error, dict) else None
        if not isinstance(path, list) or len(path) < 3 or path[1] != "zones":
            return set()
        try:
            index = int(path[2])
        except (TypeError, ValueError):
            return set()
        if not 0 <= index < size:
            return set()
        named.add(index)
    return named


def _raise(failures: list[tuple[str, ExporterError]]) -> None:
    if not failures:
        return
    first = failures[0][1]
    if isinstance(first, RateLimitedError) or len(failures) == 1:
        raise first  # the loop postpones on a rate limit's retry time
    raise ZonesFailedError(failures)


class CloudflareCollector:
    """Serves the zones' last good values; upstream is polled by the refresh sources."""

    def __init__(self, zones: Sequence[ZoneState]) -> None:
        self.lock = threading.Lock()
        self.zones = list(zones)
        self.version = 0

    def changed(self) -> None:
        with self.lock:
            self.version += 1

    def describe(self) -> list[Metric]:
        return describe_families(METRICS[name] for name in SERVED)

    def collect(self) -> Iterable[Metric]:
        counters = {
            name: counter_family(METRICS[name])
            for name in SERVED
            if METRICS[name].type == "counter"
        }
        gauges = {
            name: gauge_family(METRICS[name]) for name in SERVED if METRICS[name].type == "gauge"
        }
        with self.lock:
            for zone in sorted(self.zones, key=lambda z: z.product):
                self._zone(zone, counters, gauges)
        families: dict[str, Metric] = {**counters, **gauges}
        yield from (families[name] for name in SERVED)

    @staticmethod
    def _zone(
        zone: ZoneState,
        counters: dict[str, CounterMetricFamily],
        gauges: dict[str, GaugeMetricFamily],
    ) -> None:
        p = zone.product
        for dataset, name in zone.missing:
            gauges["cloudflare_unavailable"].add_metric([p, dataset, name], 1.0)
        if zone.checks_unavailable:
            gauges["cloudflare_unavailable"].add_metric([p, "healthchecks", ""], 1.0)
        if zone.cursor is not None:
            for label, count in sorted(zone.requests.items()):
                counters["cloudflare_requests_total"].add_metric([p, label], count)
            for label, count in sorted(zone.cache.items()):
                counters["cloudflare_cache_requests_total"].add_metric([p, label], count)
            missing = {name for _, name in zone.missing}
            if "sum_edgeResponseBytes" not in missing:
                counters["cloudflare_bandwidth_bytes_total"].add_metric([p], zone.bytes)
            if zone.capabilities is not None and zone.capabilities.threat_fields():
                counters["cloudflare_threats_total"].add_metric([p], zone.threats)
            counters["cloudflare_skipped_minutes_total"].add_metric([p], zone.skipped)
            gauges["cloudflare_settled_until_timestamp_seconds"].add_metric([p], zone.cursor)
        for api_name, ms in sorted(zone.quantiles.items()):
            metric, quantile = QUANTILES[api_name]
            gauges[metric].add_metric([p, quantile], ms / 1000)
        if zone.window_requests is not None:
            gauges["cloudflare_window_requests"].add_metric([p], zone.window_requests)
        for check in zone.checks or []:
            status = check.status if check.status in HEALTH_STATUSES else "unknown"
            gauges["cloudflare_healthcheck_healthy"].add_metric(
                [p, check.name], 1.0 if status == "healthy" else 0.0
            )
            for state in HEALTH_STATUSES:
                gauges["cloudflare_healthcheck_status"].add_metric(
                    [p, check.name, state], 1.0 if state == status else 0.0
                )
            gauges["cloudflare_healthcheck_failure"].add_metric(
                [p, check.name, failure_label(check.failure_reason)], 1.0
            )


def zones(portfolio: Portfolio) -> list[ZoneState]:
    """One state per product with a Cloudflare source, its zone as the config names it."""
    return [
        ZoneState(product.id, source.zone, zone_id=source.zone_id)
        for product in sorted(portfolio.products, key=lambda p: p.id)
        if (source := cloudflare.SOURCE.of(product)) is not None
    ]


class Refresher:
    """The refresh functions of both sources over the shared zone states."""

    def __init__(
        self,
        api: CloudflareAPI,
        collector: CloudflareCollector,
        settings: CloudflareSettings,
        clock: Callable[[], float],
    ) -> None:
        self.api = api
        self.collector = collector
        self.settings = settings
        self.clock = clock
        self.started: float | None = None
        self._resolve_lock = threading.Lock()

    # -- zone ids and settings ---------------------------------------------------------------
    def resolve(self, failures: list[tuple[str, ExporterError]]) -> None:
        """Look each zone name up once (``GET /zones?name=``); the id is cached for good."""
        with self._resolve_lock:
            for zone in self.collector.zones:
                if zone.zone_id is not None:
                    continue
                try:
                    zone_id = self.api.zone_id(zone.zone)
                except RateLimitedError as exc:
                    failures.append((zone.product, exc))
                    return
                except ExporterError as exc:
                    failures.append((zone.product, exc))
                    continue
                with self.collector.lock:
                    zone.zone_id = zone_id
                log.info("zone %s (product %s) is %s", zone.zone, zone.product, zone_id)

    def read_settings(self, now: float, failures: list[tuple[str, ExporterError]]) -> None:
        due = [
            z
            for z in self.collector.zones
            if z.zone_id is not None
            and (
                z.read_settings_at is None
                or now - z.read_settings_at >= float(self.settings.settings_interval)
            )
        ]
        size = self.settings.zones_per_query
        for start in range(0, len(due), size):
            batch = due[start : start + size]
            while batch:
                try:
                    found = self.api.capabilities([z.zone_id for z in batch if z.zone_id])
                    break
                except ExporterError as exc:
                    named = _zones_named(exc, len(batch))
                    if named and len(named) < len(batch):  # ask the others again at once
                        failures += [(batch[i].product, exc) for i in sorted(named)]
                        batch = [z for i, z in enumerate(batch) if i not in named]
                        continue
                    failures += [(z.product, exc) for z in batch]
                    if isinstance(exc, RateLimitedError):
                        return
                    batch = []
            for zone in batch:
                caps = found.get(zone.zone_id or "")
                if caps is None:
                    failures.append(
                        (zone.product, UpstreamError("settings", f"zone {zone.zone} not readable"))
                    )
                    continue
                missing = tuple(caps.missing(threats=self.settings.threats))
                if missing != zone.missing:
                    self._log_missing(zone, missing)
                with self.collector.lock:
                    zone.capabilities, zone.read_settings_at, zone.missing = caps, now, missing

    @staticmethod
    def _log_missing(zone: ZoneState, missing: tuple[tuple[str, str], ...]) -> None:
        if not missing:
            log.info(
                "zone %s (product %s): every dataset and field available", zone.zone, zone.product
            )
            return
        names = ", ".join(f"{d}.{f}" if f else f"{d} (whole dataset)" for d, f in missing)
        log.warning(
            "zone %s (product %s): its plan may not query %s; not asked, see "
            "cloudflare_unavailable",
            zone.zone,
            zone.product,
            names,
        )

    # -- traffic -----------------------------------------------------------------------------
    def _window(self, zone: ZoneState, now: float, until: float) -> tuple[float, float]:
        """``[since, until)`` to count for ``zone``: from its cursor, within the dataset's
        retention (older minutes are skipped and counted as such) and longest query."""
        caps = zone.capabilities
        assert caps is not None and zone.cursor is not None
        since = min(zone.cursor, until)
        if caps.traffic.not_older_than:
            oldest = minute_floor(now - caps.traffic.not_older_than) + MINUTE
            if since < oldest:
                skipped = (oldest - since) / MINUTE
                log.warning(
                    "zone %s (product %s): %d settled minutes left the dataset's retention "
                    "before they could be read; skipped",
                    zone.zone,
                    zone.product,
                    skipped,
                )
                with self.collector.lock:
                    zone.skipped += skipped
                    zone.cursor = since = min(oldest, until)
        if caps.traffic.max_duration and until - since > caps.traffic.max_duration:
            until = since + minute_floor(caps.traffic.max_duration)  # the rest: next refresh
        return since, until

    def refresh_traffic(self) -> None:
        now = self.clock()
        if self.started is None:
            self.started = now
        failures: list[tuple[str, ExporterError]] = []
        self.resolve(failures)
        if any(isinstance(exc, RateLimitedError) for _, exc in failures):
            self.collector.changed()
            _raise(failures)
        self.read_settings(now, failures)
        settled = minute_floor(now - float(self.settings.settle_delay))
        batches: dict[tuple[float, float, tuple[object, ...]], list[ZoneState]] = {}
        for zone in self.collector.zones:
            caps = zone.capabilities
            if caps is None or not caps.traffic.enabled:
                continue
            if zone.cursor is None:
                with self.collector.lock:  # counting starts at the exporter's start
                    zone.cursor = minute_floor(self.started)
                    zone.requests = dict.fromkeys(STATUS_CLASSES, 0.0)
            since, until = self._window(zone, now, settled)
            key = (since, until, caps.signature(threats=self.settings.threats))
            batches.setdefault(key, []).append(zone)
        limited = False
        for (since, until, _), members in sorted(batches.items(), key=lambda kv: kv[0][:2]):
            size = self.settings.zones_per_query
            for start in range(0, len(members), size):
                if limited:
                    break
                batch = members[start : start + size]
                limited = self._count(batch, since, until, failures)
        self.collector.changed()
        _raise(failures)

    def _count(
        self,
        batch: list[ZoneState],
        since: float,
        until: float,
        failures: list[tuple[str, ExporterError]],
    ) -> bool:
        """Count one batch's window; True when a rate limit ends the refresh."""
        caps = batch[0].capabilities
        assert caps is not None
        window = float(self.settings.quantile_window)
        try:
            answers = self.api.traffic(
                [z.zone_id for z in batch if z.zone_id],
                caps,
                since=since,
                until=until,
                quantile_since=until - window,
                threats=self.settings.threats,
            )
        except ExporterError as exc:
            named = _zones_named(exc, len(batch))
            if named and len(named) < len(batch):
                # The errors name some zones of the batch (their index in ``path``): those
                # fail, and the others are asked again at once without them.
                failures += [(batch[i].product, exc) for i in sorted(named)]
                rest = [z for i, z in enumerate(batch) if i not in named]
                return self._count(rest, since, until, failures)
            failures += [(z.product, exc) for z in batch]
            if not isinstance(exc, RateLimitedError) and any(
                text in str(exc) for text in NOT_ENTITLED
            ):
                # The plan changed under us: read the settings node again next time.
                for zone in batch:
                    zone.read_settings_at = None
            return isinstance(exc, RateLimitedError)
        for zone in batch:
            got = answers.get(zone.zone_id or "")
            if got is None:
                failures.append(
                    (
                        zone.product,
                        UpstreamError("traffic", f"zone {zone.zone} missing from the answer"),
                    )
                )
                continue
            self._add(zone, got, until)
        return False

    def _add(self, zone: ZoneState, got: Traffic, until: float) -> None:
        with self.collector.lock:
            for status, count in got.status.items():
                label = status_class(status)
                zone.requests[label] = zone.requests.get(label, 0.0) + count
            for cached, count in got.cache.items():
                zone.cache[cache_label(cached)] = zone.cache.get(cache_label(cached), 0.0) + count
            zone.bytes += got.bytes or 0.0
            zone.threats += got.threats or 0.0
            if got.window_requests is not None:
                zone.quantiles = dict(got.quantiles)  # the window's own, replaced whole
                zone.window_requests = got.window_requests
            zone.cursor = max(zone.cursor or until, until)  # never back: the start is ahead

    # -- health checks -----------------------------------------------------------------------
    def refresh_healthchecks(self) -> None:
        failures: list[tuple[str, ExporterError]] = []
        self.resolve(failures)
        for zone in self.collector.zones:
            if zone.zone_id is None:
                continue
            try:
                checks = self.api.healthchecks(zone.zone_id)
            except ApiRefusedError as exc:
                if exc.status == 403 and not exc.authentication:  # the plan, or the scope
                    if not zone.checks_unavailable:
                        log.warning(
                            "zone %s (product %s): health checks not readable (%s); see "
                            "cloudflare_unavailable",
                            zone.zone,
                            zone.product,
                            "; ".join(exc.messages),
                        )
                    with self.collector.lock:
                        zone.checks_unavailable, zone.checks = "; ".join(exc.messages), []
                    continue
                failures.append((zone.product, exc))
                continue
            except RateLimitedError as exc:
                failures.append((zone.product, exc))
                break
            except ExporterError as exc:
                failures.append((zone.product, exc))
                continue
            with self.collector.lock:
                zone.checks, zone.checks_unavailable = checks, ""
        self.collector.changed()
        _raise(failures)


def upstream(settings: CloudflareSettings) -> Upstream:
    """The v4 API: bearer token, page numbers, rate limits in 429s and inside 200s."""
    return Upstream(
        settings.api_url,
        {"Authorization": f"Bearer {settings.api_token.reveal()}"},
        rate_limit=GraphQLRateLimit(RATE_LIMIT_MESSAGES),
    )


def build(
    settings: CloudflareSettings,
    portfolio: Portfolio,
    **injected: Unpack[Injected],
) -> Runtime:
    watched = zones(portfolio)
    schedule = plan(settings, len(watched))
    kit = ExporterKit(
        "cloudflare",
        [TRAFFIC_SOURCE, HEALTH_SOURCE],
        upstream(settings),
        **injected,
    )
    clock = kit.clock
    collector = CloudflareCollector(watched)
    refresher = Refresher(CloudflareAPI(kit.client), collector, settings, clock)
    return kit.assemble(
        [
            Source(TRAFFIC_SOURCE, schedule.interval, refresher.refresh_traffic),
            Source(
                HEALTH_SOURCE, float(settings.healthcheck_interval), refresher.refresh_healthchecks
            ),
        ],
        collector,
        cache_key=lambda: collector.version,
        listen=Listen(settings.listen_host, settings.listen_port, float(settings.ready_max_age)),
    )
