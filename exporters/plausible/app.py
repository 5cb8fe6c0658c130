"""Wiring of the Plausible exporter: settings + portfolio -> refresh sources and a collector, on
the toolkit's ``ExporterKit`` (client, self-metrics, refresh loop, server).

One refresh source per rolling window (``stats_24h``, ...) and one for realtime, each on the
interval the budget plan gives it. A refresh reads every watched site; a site that fails keeps
its last good values while the others are updated, and the refresh reports the failure
(``plausible_up{source} 0``). ``build()`` is what ``python -m exporters.plausible`` runs and
what tests drive in-process (with an injected clock, transport and port).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from prometheus_client.core import Metric
from typing_extensions import Unpack

from exporters.plausible.api import PAGE, SOURCE, Breakdown, PlausibleAPI, date_range
from exporters.plausible.budget import REALTIME_SOURCE, plan
from exporters.plausible.settings import Period, PlausibleSettings
from exporters.toolkit.errors import ExporterError, RateLimitedError, UpstreamError
from exporters.toolkit.families import describe_families, gauge_family
from exporters.toolkit.kit import ExporterKit, Injected, Listen, Runtime, Upstream
from exporters.toolkit.pagination import OffsetPagination
from exporters.toolkit.ratelimit import RetryAfterRateLimit
from exporters.toolkit.refresh import Source
from portfolio import catalog
from portfolio.config.model import Portfolio
from portfolio.sources import plausible

METRICS = {m.name: m for m in catalog.exporter_metrics("plausible")}
# Aggregate metric of the API -> (catalog gauge, divisor): the API gives a percentage for the
# bounce rate, the catalog a ratio (divided, not multiplied by 0.01: 70 / 100 is exactly 0.7).
AGGREGATES = {
    "visitors": ("plausible_visitors", 1.0),
    "visits": ("plausible_visits", 1.0),
    "pageviews": ("plausible_pageviews", 1.0),
    "views_per_visit": ("plausible_views_per_visit", 1.0),
    "bounce_rate": ("plausible_bounce_rate_ratio", 100.0),
    "visit_duration": ("plausible_visit_duration_seconds", 1.0),
}
PAGES, SOURCES, REALTIME = (
    "plausible_page_visitors",
    "plausible_source_visitors",
    "plausible_realtime_visitors",
)
SERVED = (*(name for name, _ in AGGREGATES.values()), PAGES, SOURCES, REALTIME)
OTHER = "other"  # the label value of everything outside the top N


@dataclass(frozen=True)
class SiteStats:
    """What one refresh of one window read for one site."""

    aggregate: Mapping[str, float]  # API metric name -> value, as Plausible gave it
    pages: Breakdown
    sources: Breakdown


class SitesFailedError(UpstreamError):
    """Some sites failed in a refresh (the others were updated). ``reason`` is the first's."""

    def __init__(self, failures: list[tuple[str, str, ExporterError]]) -> None:
        self.failures = failures
        self.reason = failures[0][2].reason
        endpoint = getattr(failures[0][2], "endpoint", "query")
        text = "; ".join(
            f"site {site!r} (product {product}): {exc}" for product, site, exc in failures
        )
        super().__init__(endpoint, text)


class PlausibleCollector:
    """Serves the last published values; upstream is polled by the refresh sources, not here."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.periods: dict[str, dict[str, SiteStats]] = {}  # period -> product -> stats
        self.realtime: dict[str, float] = {}  # product -> current visitors
        self.version = 0

    def publish_period(self, period: str, fresh: Mapping[str, SiteStats]) -> None:
        """Replace the window's values of the sites in ``fresh``; the others keep theirs."""
        with self._lock:
            self.periods = {**self.periods, period: {**self.periods.get(period, {}), **fresh}}
            self.version += 1

    def publish_realtime(self, fresh: Mapping[str, float]) -> None:
        with self._lock:
            self.realtime = {**self.realtime, **fresh}
            self.version += 1

    def describe(self) -> list[Metric]:
        return describe_families(METRICS[name] for name in SERVED)

    def collect(self) -> Iterable[Metric]:
        with self._lock:
            periods, realtime = self.periods, self.realtime
        families = {name: gauge_family(METRICS[name]) for name in SERVED}
        for period, stats in sorted(periods.items()):
            for product, site in sorted(stats.items()):
                for metric, value in site.aggregate.items():
                    name, divisor = AGGREGATES[metric]
                    families[name].add_metric([product, period], value / divisor)
                for name, breakdown in ((PAGES, site.pages), (SOURCES, site.sources)):
                    for label, visitors in breakdown.top:
                        families[name].add_metric([product, period, label], visitors)
                    families[name].add_metric([product, period, OTHER], breakdown.other)
        for product, visitors in sorted(realtime.items()):
            families[REALTIME].add_metric([product], visitors)
        yield from families.values()


def sites(portfolio: Portfolio) -> dict[str, str]:
    """Product id -> Plausible site id, for the products with a Plausible source."""
    return {
        product.id: source.site_id
        for product in portfolio.products
        if (source := plausible.SOURCE.of(product)) is not None
    }


def _each_site(
    watched: Mapping[str, str], read: Callable[[str], object]
) -> tuple[dict[str, object], list[tuple[str, str, ExporterError]]]:
    """``read(site)`` for every site; a rate limit stops the walk (the rest would be refused
    too), other failures are collected so the remaining sites still refresh."""
    done: dict[str, object] = {}
    failures: list[tuple[str, str, ExporterError]] = []
    for product, site in sorted(watched.items()):
        try:
            done[product] = read(site)
        except RateLimitedError as exc:
            failures.append((product, site, exc))
            break
        except ExporterError as exc:
            failures.append((product, site, exc))
    return done, failures


def _raise(failures: list[tuple[str, str, ExporterError]]) -> None:
    if not failures:
        return
    first = failures[0][2]
    if isinstance(first, RateLimitedError) or len(failures) == 1:
        raise first  # the loop postpones on a rate limit's retry time
    raise SitesFailedError(failures)


def refresh_period(
    api: PlausibleAPI,
    watched: Mapping[str, str],
    period: Period,
    settings: PlausibleSettings,
    collector: PlausibleCollector,
    clock: Callable[[], float],
) -> Callable[[], None]:
    def read(site: str) -> SiteStats:
        span = date_range(clock(), period.window)
        return SiteStats(
            api.aggregate(site, span),
            api.breakdown(site, span, PAGE, settings.top_pages),
            api.breakdown(site, span, SOURCE, settings.top_sources),
        )

    def refresh() -> None:
        done, failures = _each_site(watched, read)
        collector.publish_period(
            period.label, {p: s for p, s in done.items() if isinstance(s, SiteStats)}
        )
        _raise(failures)

    return refresh


def refresh_realtime(
    api: PlausibleAPI, watched: Mapping[str, str], collector: PlausibleCollector
) -> Callable[[], None]:
    def refresh() -> None:
        done, failures = _each_site(watched, api.realtime)
        collector.publish_realtime({p: v for p, v in done.items() if isinstance(v, float)})
        _raise(failures)

    return refresh


def upstream(settings: PlausibleSettings) -> Upstream:
    """The Stats API: bearer key, offsets in the query body, plain 429 rate limits."""
    return Upstream(
        settings.api_url,
        {"Authorization": f"Bearer {settings.api_key.reveal()}"},
        pagination=OffsetPagination(settings.page_size, items="results", body_key="pagination"),
        rate_limit=RetryAfterRateLimit(),
    )


def build(
    settings: PlausibleSettings, portfolio: Portfolio, **injected: Unpack[Injected]
) -> Runtime:
    watched = sites(portfolio)
    schedule = plan(settings, len(watched))
    kit = ExporterKit("plausible", list(schedule.intervals), upstream(settings), **injected)
    clock = kit.clock
    collector = PlausibleCollector()
    api = PlausibleAPI(kit.client, settings.page_size)
    sources = [
        Source(
            period.source,
            schedule.intervals[period.source],
            refresh_period(api, watched, period, settings, collector, clock),
        )
        for period in settings.windows
    ]
    if settings.realtime:
        sources.append(
            Source(
                REALTIME_SOURCE,
                schedule.intervals[REALTIME_SOURCE],
                refresh_realtime(api, watched, collector),
            )
        )
    return kit.assemble(
        sources,
        collector,
        cache_key=lambda: collector.version,
        listen=Listen(settings.listen_host, settings.listen_port, float(settings.ready_max_age)),
    )
