"""Wiring of the PostHog exporter: settings + portfolio -> refresh sources and a collector, on
the toolkit's ``ExporterKit`` (client, self-metrics, refresh loop, server).

Four refresh sources, each on the interval the budget plan gives it: ``features`` (active users
and feature adoption per period), ``funnels``, ``experiments`` and ``cohorts``. A refresh reads
every product; an item (a product's trends, a funnel, an experiment) that fails keeps its last
good values while the others are updated, and the refresh reports the failure
(``posthog_up{source} 0``). A rate limit stops the walk (the rest would be refused too) and the
loop waits at least the ``Retry-After`` it named. ``build()`` is what ``python -m
exporters.posthog`` runs and what tests drive in-process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from prometheus_client.core import Metric
from typing_extensions import Unpack

from exporters.posthog import stats
from exporters.posthog.api import (
    ExperimentResult,
    FunnelStep,
    PosthogAPI,
    cohort_filter,
    events_node,
)
from exporters.posthog.budget import SOURCES, plan
from exporters.posthog.settings import PosthogSettings
from exporters.toolkit.errors import ExporterError, RateLimitedError, UpstreamError
from exporters.toolkit.families import describe_families, gauge_family
from exporters.toolkit.kit import ExporterKit, Injected, Listen, Runtime, Upstream
from exporters.toolkit.pacing import Pacer
from exporters.toolkit.ratelimit import RetryAfterRateLimit
from exporters.toolkit.refresh import Source
from portfolio import catalog
from portfolio.config.model import Portfolio
from portfolio.metric import self_metrics
from portfolio.sources import posthog
from portfolio.sources.posthog import PosthogSource

METRICS = {m.name: m for m in catalog.exporter_metrics("posthog")}
_HEALTH = {m.name for m in self_metrics("posthog")}
SERVED = tuple(name for name in METRICS if name not in _HEALTH)


@dataclass(frozen=True)
class Adoption:
    """One period of one product: active users, and (events, users) per feature."""

    active: float
    features: Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class Cohorts:
    sizes: Mapping[str, float]  # cohort -> persons
    engagement: Mapping[str, Mapping[str, tuple[float, float]]]  # period -> cohort -> (ev, users)


@dataclass
class _State:
    adoption: dict[tuple[str, str], Adoption] = field(default_factory=dict)  # (product, period)
    funnels: dict[tuple[str, str], list[tuple[str, FunnelStep]]] = field(default_factory=dict)
    experiments: dict[tuple[str, str], ExperimentResult] = field(default_factory=dict)
    cohorts: dict[str, Cohorts] = field(default_factory=dict)


class ItemsFailedError(UpstreamError):
    """Some items failed in a refresh (the others were updated). ``reason`` is the first's."""

    def __init__(self, failures: list[tuple[str, ExporterError]]) -> None:
        self.failures = failures
        self.reason = failures[0][1].reason
        endpoint = getattr(failures[0][1], "endpoint", "query")
        super().__init__(endpoint, "; ".join(f"{item}: {exc}" for item, exc in failures))


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


class PosthogCollector:
    """Serves the last published values; upstream is polled by the refresh sources, not here."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.state = _State()
        self.version = 0

    def publish(self, kind: str, fresh: Mapping[Any, Any]) -> None:
        """Replace the values of the items in ``fresh``; the others keep theirs."""
        with self._lock:
            old = self.state
            merged = {**getattr(old, kind), **fresh}
            self.state = _State(**{**old.__dict__, kind: merged})
            self.version += 1

    def describe(self) -> list[Metric]:
        return describe_families(METRICS[name] for name in SERVED)

    def collect(self) -> Iterable[Metric]:
        with self._lock:
            state = self.state
        families = {name: gauge_family(METRICS[name]) for name in SERVED}

        def add(name: str, labels: list[str], value: float | None) -> None:
            if value is not None:
                families[name].add_metric(labels, value)

        for (product, period), adoption in sorted(state.adoption.items()):
            add("posthog_active_users", [product, period], adoption.active)
            for feature, (events, users) in adoption.features.items():
                add("posthog_feature_events", [product, feature, period], events)
                add("posthog_feature_users", [product, feature, period], users)
                add(
                    "posthog_feature_adoption_ratio",
                    [product, feature, period],
                    _ratio(users, adoption.active),
                )
        for (product, funnel), steps in sorted(state.funnels.items()):
            _funnel(add, product, funnel, steps)
        for (product, experiment), result in sorted(state.experiments.items()):
            _experiment(add, product, experiment, result)
        for product, cohorts in sorted(state.cohorts.items()):
            for cohort, size in cohorts.sizes.items():
                add("posthog_cohort_size", [product, cohort], size)
            for period, rows in cohorts.engagement.items():
                for cohort, (events, users) in rows.items():
                    size = cohorts.sizes.get(cohort, 0.0)
                    add(
                        "posthog_cohort_active_ratio",
                        [product, cohort, period],
                        _ratio(users, size),
                    )
                    add(
                        "posthog_cohort_events_per_person",
                        [product, cohort, period],
                        _ratio(events, size),
                    )
        yield from families.values()


Add = Callable[[str, list[str], float | None], None]


def _funnel(add: Add, product: str, funnel: str, steps: list[tuple[str, FunnelStep]]) -> None:
    first = steps[0][1].count
    previous = first
    for position, (step, counts) in enumerate(steps):
        labels = [product, funnel, step]
        add("posthog_funnel_step_users", labels, counts.count)
        add(
            "posthog_funnel_step_conversion_ratio",
            labels,
            1.0 if position == 0 else _ratio(counts.count, previous),
        )
        add("posthog_funnel_step_conversion_from_start_ratio", labels, _ratio(counts.count, first))
        add("posthog_funnel_step_dropoff_users", labels, max(0.0, previous - counts.count))
        if position > 0:
            add("posthog_funnel_step_median_conversion_seconds", labels, counts.median_seconds)
        previous = counts.count
    add("posthog_funnel_conversion_ratio", [product, funnel], _ratio(steps[-1][1].count, first))


def _experiment(add: Add, product: str, experiment: str, result: ExperimentResult) -> None:
    control = result.variants[0]
    control_rate = _ratio(control.conversions, control.exposures)
    for variant in result.variants:
        labels = [product, experiment, variant.key]
        rate = _ratio(variant.conversions, variant.exposures)
        add("posthog_experiment_variant_exposures", labels, variant.exposures)
        add("posthog_experiment_variant_conversions", labels, variant.conversions)
        add("posthog_experiment_variant_conversion_ratio", labels, rate)
        lift = None
        if rate is not None and control_rate:
            lift = (rate - control_rate) / control_rate
        add("posthog_experiment_variant_lift_ratio", labels, lift)
        add("posthog_experiment_win_probability", labels, variant.chance_to_win)
        if variant.interval is not None:
            add("posthog_experiment_lift_interval_lower_ratio", labels, variant.interval[0])
            add("posthog_experiment_lift_interval_upper_ratio", labels, variant.interval[1])
    if result.significant is not None:
        add("posthog_experiment_significant", [product, experiment], float(result.significant))


def projects(portfolio: Portfolio) -> dict[str, PosthogSource]:
    """Product id -> its PostHog section, for the products with a PostHog source."""
    return {
        product.id: source
        for product in portfolio.products
        if (source := posthog.SOURCE.of(product)) is not None
    }


def _each(
    items: list[tuple[str, Callable[[], Any]]],
) -> tuple[dict[str, Any], list[tuple[str, ExporterError]]]:
    """Run every read; a rate limit stops the walk, other failures are collected."""
    done: dict[str, Any] = {}
    failures: list[tuple[str, ExporterError]] = []
    for name, read in items:
        try:
            done[name] = read()
        except RateLimitedError as exc:
            failures.append((name, exc))
            break
        except ExporterError as exc:
            failures.append((name, exc))
    return done, failures


def _raise(failures: list[tuple[str, ExporterError]]) -> None:
    if not failures:
        return
    first = failures[0][1]
    if isinstance(first, RateLimitedError) or len(failures) == 1:
        raise first  # the loop postpones on a rate limit's retry time
    raise ItemsFailedError(failures)


def _adoption(api: PosthogAPI, source: PosthogSource, period: str) -> Adoption:
    series = [events_node(source.active_event, "dau")]
    for feature in source.features:
        series += [events_node(feature.event, "total"), events_node(feature.event, "dau")]
    values = api.trends(source.project_id, period, series)
    features = {
        feature.name: (values[1 + 2 * i], values[2 + 2 * i])
        for i, feature in enumerate(source.features)
    }
    return Adoption(values[0], features)


def _cohorts(api: PosthogAPI, source: PosthogSource) -> Cohorts:
    found = api.cohort_sizes(source.project_id)
    sizes = {c.name: found[c.id] for c in source.cohorts if c.id in found}
    engagement: dict[str, dict[str, tuple[float, float]]] = {}
    for period in source.periods:
        series = []
        for cohort in source.cohorts:
            series += [
                events_node(None, "total", properties=cohort_filter(cohort.id)),
                events_node(None, "dau", properties=cohort_filter(cohort.id)),
            ]
        values = api.trends(source.project_id, period, series)
        engagement[period] = {
            c.name: (values[2 * i], values[2 * i + 1]) for i, c in enumerate(source.cohorts)
        }
    return Cohorts(sizes, engagement)


def refreshers(
    api: PosthogAPI, watched: Mapping[str, PosthogSource], collector: PosthogCollector
) -> dict[str, Callable[[], None]]:
    """Refresh source name -> its refresh function."""

    resume: dict[str, str] = {}  # kind -> the item a rate limit cut the last walk at

    def run(kind: str, items: list[tuple[Any, Callable[[], Any]]]) -> None:
        keyed = {str(key): key for key, _ in items}
        order = [(str(key), read) for key, read in items]
        # Start where a rate limit stopped the last walk, so a budget that runs out at the
        # same point every time does not leave the same items stale forever.
        start = next((i for i, (name, _) in enumerate(order) if name == resume.get(kind)), 0)
        done, failures = _each(order[start:] + order[:start])
        resume.pop(kind, None)
        if failures and isinstance(failures[-1][1], RateLimitedError):
            resume[kind] = failures[-1][0]
        collector.publish(kind, {keyed[name]: value for name, value in done.items()})
        _raise(failures)

    def features() -> None:
        run(
            "adoption",
            [
                ((product, period), _bind(_adoption, api, source, period))
                for product, source in sorted(watched.items())
                for period in source.periods
            ],
        )

    def funnels() -> None:
        def read(source: PosthogSource, funnel: posthog.Funnel) -> list[tuple[str, FunnelStep]]:
            steps = api.funnel(source.project_id, funnel)
            return [(step.name, counts) for step, counts in zip(funnel.steps, steps, strict=True)]

        run(
            "funnels",
            [
                ((product, funnel.name), _bind(read, source, funnel))
                for product, source in sorted(watched.items())
                for funnel in source.funnels
            ],
        )

    def experiments() -> None:
        def read(source: PosthogSource, experiment: posthog.Experiment) -> ExperimentResult:
            longest = max(source.periods, key=posthog.seconds)
            return stats.complete(api.experiment(source.project_id, experiment, longest))

        run(
            "experiments",
            [
                ((product, experiment.name), _bind(read, source, experiment))
                for product, source in sorted(watched.items())
                for experiment in source.experiments
            ],
        )

    def cohorts() -> None:
        run(
            "cohorts",
            [
                (product, _bind(_cohorts, api, source))
                for product, source in sorted(watched.items())
                if source.cohorts
            ],
        )

    return {
        "features": features,
        "funnels": funnels,
        "experiments": experiments,
        "cohorts": cohorts,
    }


def _bind(function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    return lambda: function(*args)


def upstream(settings: PosthogSettings) -> Upstream:
    """PostHog's private API: a bearer personal API key, plain 429 + ``Retry-After``."""
    return Upstream(
        settings.api_url,
        {"Authorization": f"Bearer {settings.api_key.reveal()}"},
        rate_limit=RetryAfterRateLimit(),
    )


def build(
    settings: PosthogSettings,
    portfolio: Portfolio,
    **injected: Unpack[Injected],
) -> Runtime:
    watched = projects(portfolio)
    schedule = plan(settings, watched.values())
    kit = ExporterKit(
        "posthog",
        list(SOURCES),
        upstream(settings),
        **injected,
    )
    collector = PosthogCollector()
    # PostHog's burst limit is per minute: a full refresh of many products would pass it.
    pacer = Pacer(settings.query_burst, 60.0, monotonic=kit.monotonic, cancel=kit.stopping)
    functions = refreshers(PosthogAPI(kit.client, pacer), watched, collector)
    sources = [Source(name, schedule.intervals[name], functions[name]) for name in SOURCES]
    return kit.assemble(
        sources,
        collector,
        cache_key=lambda: collector.version,
        listen=Listen(settings.listen_host, settings.listen_port, float(settings.ready_max_age)),
    )
