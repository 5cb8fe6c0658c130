"""The report's figures, read from Prometheus for one period and the one before it.

Every figure is over a half-open period ``(start, end]``. Event counts (deployments, change
failures, reworks, lead and recovery times per histogram bucket) are the exact, reset-aware
increases of the exporter's counters between their samples, not ``increase()``, which
extrapolates to the window's edges; medians are read from the histogram buckets the way
``histogram_quantile`` does (linear within a bucket; the buckets are the DORA level bounds, so
the level of a median is exact). SLO figures average the recorded ``slo:sli_error:ratio_rate5m``
(what the SLO rules and dashboards read); probe availability is the share of successful
blackbox probes. A figure is ``None`` when Prometheus holds no data for it in the period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from portfolio import conventions, durations
from portfolio.config.model import LEVELS, Portfolio, Product, Slo, slo_environment
from portfolio.sources import github
from reporting.prometheus import Prometheus, Series

DAY = 86400.0
RESOLUTION = 60  # seconds between the counter samples read (a subquery step)
LOOKBACK = 300  # Prometheus' lookback: the sample before a period's first one
LEVEL_NAMES = ("Low", "Medium", "High", "Elite")  # 0..3, as product:dora:level
# DORA key -> (DoraLevels attribute, comparison that meets a bound); the order of the report.
DORA_KEYS: Mapping[str, tuple[str, str]] = {
    "deployment_frequency": ("deployments_per_day", ">="),
    "lead_time": ("lead_time_seconds", "<"),
    "change_failure_rate": ("change_failure_ratio", "<="),
    "failed_deployment_recovery_time": ("recovery_seconds", "<"),
}
REWORK = "deployment_rework_rate"  # the fifth metric: no levels
# Suspected change failures (alert_rules/dora.rules.yml, generators/rules/dora.py; the tests
# keep these names equal): the signal series tells that the rules run, the deployment series
# takes the number of each deployment a failure followed. Shown only where they are recorded.
SUSPECTED = "suspected_change_failure_rate"
R_SUSPECTED_SIGNAL = "product:dora_change_failure_signal:max"
R_SUSPECTED = "product:dora_suspected_change_failure:deployment"
NOISE_MIN_FIRINGS = 5  # a non-paging alert firing this often in a period is a noise candidate


@dataclass(frozen=True)
class Period:
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start

    @property
    def days(self) -> float:
        return self.seconds / DAY

    def before(self) -> Period:
        return Period(self.start - self.seconds, self.start)


@dataclass(frozen=True)
class DoraCounts:
    """What the exporter counted in one period, for one product's production environment."""

    deployments: float  # successful
    finished: float  # success + failure + error
    change_failures: float
    reworks: float
    lead_buckets: tuple[tuple[float, float], ...]  # (le, cumulative count)
    recovery_buckets: tuple[tuple[float, float], ...]
    suspected_failures: float | None = None  # None: the suspected-failure rules are not recorded


@dataclass(frozen=True)
class DoraMetric:
    key: str
    value: float | None
    previous: float | None
    level: int | None
    previous_level: int | None


@dataclass(frozen=True)
class Dora:
    environment: str
    metrics: tuple[DoraMetric, ...]
    counts: DoraCounts | None
    previous_counts: DoraCounts | None
    daily_deployments: tuple[tuple[float, float], ...]  # (day end, successful deployments)

    @property
    def level(self) -> int | None:
        """The worst level of the keys that have a value (as ``product:dora:level``, whose
        union leaves out a key without data); None when none has."""
        levels = [m.level for m in self.metrics if m.key in DORA_KEYS and m.level is not None]
        return min(levels) if levels else None

    @property
    def previous_level(self) -> int | None:
        levels = [
            m.previous_level
            for m in self.metrics
            if m.key in DORA_KEYS and m.previous_level is not None
        ]
        return min(levels) if levels else None

    def metric(self, key: str) -> DoraMetric:
        return next(m for m in self.metrics if m.key == key)


@dataclass(frozen=True)
class SloFigure:
    slo: str
    source: str
    environment: str
    owner: str
    target: float
    period: str
    attainment: float | None
    previous_attainment: float | None
    budget_left: float | None  # share of the SLO period's budget left at the end
    burn_rate_1d: float | None  # the last day's burn rate (1 = the budget rate)
    days_to_exhaustion: float | None  # at that burn; None when not burning or no data


@dataclass(frozen=True)
class Episode:
    """One stretch of an alert firing (consecutive evaluations)."""

    alertname: str
    product: str
    severity: str
    kind: str
    environment: str
    start: float
    end: float  # the last firing evaluation plus one interval

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class AlertCount:
    alertname: str
    product: str
    severity: str
    kind: str
    firings: int
    firing_seconds: float
    previous_firings: int


@dataclass(frozen=True)
class ProbeFigure:
    environment: str
    endpoint: str
    availability: float | None
    previous: float | None
    threshold: float


@dataclass(frozen=True)
class ProductReport:
    id: str
    name: str
    team: str
    dora: Dora | None  # None: the product has no GitHub source
    slos: tuple[SloFigure, ...]
    incidents: tuple[Episode, ...]
    alerts: tuple[AlertCount, ...]
    probes: tuple[ProbeFigure, ...]
    daily_availability: tuple[tuple[float, float | None], ...]  # (day end, share)
    trend_environment: str


@dataclass(frozen=True)
class Figures:
    portfolio: str
    benchmark: str
    period: Period
    previous: Period
    products: tuple[ProductReport, ...]
    alerts: tuple[AlertCount, ...]  # portfolio-wide, most firings first
    recommendations: tuple[Mapping[str, str], ...] = field(default=())


# -- reading ------------------------------------------------------------------------------


def _selector(**labels: str) -> str:
    return "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}"


def _key(labels: Mapping[str, str], drop: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
    skip = {"__name__", *drop}
    return tuple(sorted((k, v) for k, v in labels.items() if k not in skip))


def increase(series: Series, period: Period) -> float:
    """Exact increase of a counter in ``(start, end]``: the sum of the rises between
    consecutive samples that land in the period, a drop being a reset (the new value)."""
    total = 0.0
    for (_, before), (t, value) in zip(series.samples, series.samples[1:], strict=False):
        if period.start < t <= period.end:
            total += value - before if value >= before else value
    return total


def has_samples(series: Series, period: Period) -> bool:
    return any(period.start < t <= period.end for t, _ in series.samples)


class Reader:
    """Reads the raw counter samples once over both periods, then counts any sub-period."""

    def __init__(self, prometheus: Prometheus, period: Period) -> None:
        self.prometheus = prometheus
        self.period = period
        self.span = Period(period.before().start, period.end)

    def counters(self, metric: str, selector: str) -> list[Series]:
        reach = int(self.span.seconds + LOOKBACK)
        return self.prometheus.matrix(f"{metric}{selector}[{reach}s:{RESOLUTION}s]", self.span.end)


def _sum(series: Sequence[Series], period: Period) -> float:
    return sum(increase(s, period) for s in series)


def _buckets(series: Sequence[Series], period: Period) -> tuple[tuple[float, float], ...]:
    by_le: dict[float, float] = defaultdict(float)
    for s in series:
        by_le[float(s.labels["le"])] += increase(s, period)
    return tuple(sorted(by_le.items()))


def quantile(q: float, buckets: Sequence[tuple[float, float]]) -> float | None:
    """``histogram_quantile`` over cumulative ``(le, count)``; None without observations."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    total = buckets[-1][1]
    rank = q * total
    lower, below = 0.0, 0.0
    finite = [le for le, _ in buckets if le != float("inf")]
    for le, count in buckets:
        if count >= rank:
            if le == float("inf"):
                return finite[-1] if finite else None
            if count == below:
                return le
            return lower + (le - lower) * (rank - below) / (count - below)
        lower, below = le, count
    return finite[-1] if finite else None


def count_over(bound: float, buckets: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """(observations above the largest bucket bound <= ``bound``, all, that bucket bound)."""
    total = buckets[-1][1] if buckets else 0.0
    under = [(le, c) for le, c in buckets if le <= bound]
    if not under:
        return total, total, 0.0
    le, count = under[-1]
    return total - count, total, le


def level(key: str, value: float | None, portfolio: Portfolio) -> int | None:
    if value is None:
        return None
    attr, op = DORA_KEYS[key]
    bounds = getattr(portfolio.dora.levels, attr)
    met = 0
    for name in LEVELS:  # elite, high, medium
        bound = bounds[name]
        ok = value >= bound if op == ">=" else value < bound if op == "<" else value <= bound
        met += ok
    return met


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def _dora_values(counts: DoraCounts | None, period: Period) -> dict[str, float | None]:
    if counts is None:
        return dict.fromkeys((*DORA_KEYS, REWORK, SUSPECTED))
    return {
        "deployment_frequency": counts.deployments / period.days,
        "lead_time": quantile(0.5, counts.lead_buckets),
        "change_failure_rate": _ratio(counts.change_failures, counts.finished),
        "failed_deployment_recovery_time": quantile(0.5, counts.recovery_buckets),
        REWORK: _ratio(counts.reworks, counts.finished),
        SUSPECTED: None
        if counts.suspected_failures is None
        else _ratio(counts.suspected_failures, counts.finished),
    }


def _dora(reader: Reader, product: Product, portfolio: Portfolio) -> Dora | None:
    source = github.SOURCE.of(product)
    if source is None:
        return None
    env = source.production_environment
    sel = _selector(job=conventions.exporter_job("github"), product=product.id, environment=env)
    deployments = reader.counters("github_deployments_total", sel)
    failures = reader.counters("github_change_failures_total", sel)
    reworks = reader.counters("github_deployment_reworks_total", sel)
    lead = reader.counters("github_deployment_lead_time_seconds_bucket", sel)
    recovery = reader.counters("github_failed_deployment_recovery_seconds_bucket", sel)
    every = [*deployments, *failures, *reworks, *lead, *recovery]
    reach = int(reader.span.seconds)
    only = _selector(product=product.id)
    signal = reader.prometheus.matrix(f"{R_SUSPECTED_SIGNAL}{only}[{reach}s]", reader.span.end)
    suspected = reader.prometheus.matrix(f"{R_SUSPECTED}{only}[{reach}s]", reader.span.end)

    def suspected_failures(period: Period) -> float | None:
        """The deployments a failure followed: the distinct values the series took."""
        if not any(has_samples(s, period) for s in signal):
            return None
        return float(
            len({v for s in suspected for t, v in s.samples if period.start < t <= period.end})
        )

    def counts(period: Period) -> DoraCounts | None:
        if not any(has_samples(s, period) for s in every):
            return None
        success = [s for s in deployments if s.labels.get("status") == "success"]
        return DoraCounts(
            deployments=_sum(success, period),
            finished=_sum(deployments, period),
            change_failures=_sum(failures, period),
            reworks=_sum(reworks, period),
            lead_buckets=_buckets(lead, period),
            recovery_buckets=_buckets(recovery, period),
            suspected_failures=suspected_failures(period),
        )

    period = reader.period
    now, before = counts(period), counts(period.before())
    values, previous = _dora_values(now, period), _dora_values(before, period.before())
    metrics = tuple(
        DoraMetric(
            key,
            values[key],
            previous[key],
            level(key, values[key], portfolio) if key in DORA_KEYS else None,
            level(key, previous[key], portfolio) if key in DORA_KEYS else None,
        )
        for key in (*DORA_KEYS, REWORK, SUSPECTED)
        if key != SUSPECTED or values[key] is not None or previous[key] is not None
    )
    success = [s for s in deployments if s.labels.get("status") == "success"]
    daily = tuple(
        (day.end, _sum(success, day))
        for day in _days(reader.span)
        if any(has_samples(s, day) for s in every)
    )
    return Dora(env, metrics, now, before, daily)


def _days(span: Period) -> list[Period]:
    count = round(span.seconds / DAY)
    return [
        Period(span.end - (count - i) * DAY, span.end - (count - i - 1) * DAY) for i in range(count)
    ]


def _avg(
    prometheus: Prometheus, series: str, selector: str, seconds: float, at: float
) -> float | None:
    found = prometheus.vector(f"avg(avg_over_time({series}{selector}[{int(seconds)}s]))", at)
    return found[0][1] if found else None


def _slo(prometheus: Prometheus, slo: Slo, period: Period) -> SloFigure:
    sel = _selector(product=slo.product, slo=slo.name, source=slo.source)
    ratio = conventions.slo_error_ratio("5m")
    error = _avg(prometheus, ratio, sel, period.seconds, period.end)
    before = _avg(prometheus, ratio, sel, period.seconds, period.start)
    over_slo = _avg(prometheus, ratio, sel, slo.period_seconds, period.end)
    last_day = _avg(prometheus, ratio, sel, DAY, period.end)
    budget = slo.error_budget
    left = None if over_slo is None else 1 - over_slo / budget
    burn = None if last_day is None else last_day / budget
    exhaustion = None
    if left is not None and burn is not None and burn > 0:
        exhaustion = max(left, 0.0) * (slo.period_seconds / DAY) / burn
    return SloFigure(
        slo=slo.name,
        source=slo.source,
        environment=slo.environment,
        owner=slo.owner,
        target=slo.target_ratio,
        period=slo.period,
        attainment=None if error is None else 1 - error,
        previous_attainment=None if before is None else 1 - before,
        budget_left=left,
        burn_rate_1d=burn,
        days_to_exhaustion=exhaustion,
    )


def _probes(prometheus: Prometheus, product: Product, period: Period) -> tuple[ProbeFigure, ...]:
    sel = _selector(job=conventions.JOB_BLACKBOX, product=product.id)
    by = f"{conventions.ENVIRONMENT}, {conventions.ENDPOINT}"
    query = f"avg by ({by}) (avg_over_time(probe_success{sel}[{int(period.seconds)}s]))"

    def read(at: float) -> dict[tuple[str, str], float]:
        return {
            (labels.get(conventions.ENVIRONMENT, ""), labels.get(conventions.ENDPOINT, "")): value
            for labels, value in prometheus.vector(query, at)
        }

    now, before = read(period.end), read(period.start)
    configured = {(e.environment, e.name) for e in product.endpoints}
    return tuple(
        ProbeFigure(
            env,
            name,
            now.get((env, name)),
            before.get((env, name)),
            product.thresholds.uptime_ratio,
        )
        for env, name in sorted(configured | set(now) | set(before))
    )


def _daily_availability(
    prometheus: Prometheus, products: Sequence[Product], production: str, span: Period
) -> dict[str, dict[float, float]]:
    out: dict[str, dict[float, float]] = defaultdict(dict)
    environments = {p.id: slo_environment(p.environments, production) for p in products}
    sel = _selector(job=conventions.JOB_BLACKBOX)
    by = f"{conventions.PRODUCT}, {conventions.ENVIRONMENT}"
    for day in _days(span):
        query = f"avg by ({by}) (avg_over_time(probe_success{sel}[{int(DAY)}s]))"
        for labels, value in prometheus.vector(query, day.end):
            pid = labels.get(conventions.PRODUCT, "")
            if environments.get(pid) == labels.get(conventions.ENVIRONMENT):
                out[pid][day.end] = value
    return out


def episodes(series: Iterable[Series], interval: float) -> list[Episode]:
    """Firing stretches of ``ALERTS{alertstate="firing"}``: a gap of more than two
    evaluation intervals between samples ends one."""
    out = []
    for s in series:
        times = sorted(t for t, _ in s.samples)
        if not times:
            continue
        start = last = times[0]
        for t in [*times[1:], None]:
            if t is not None and t - last <= 2 * interval:
                last = t
                continue
            out.append(
                Episode(
                    alertname=s.labels.get("alertname", ""),
                    product=s.labels.get(conventions.PRODUCT, ""),
                    severity=s.labels.get(conventions.SEVERITY, ""),
                    kind=s.labels.get(conventions.KIND, ""),
                    environment=s.labels.get(conventions.ENVIRONMENT, ""),
                    start=start,
                    end=last + interval,
                )
            )
            if t is not None:
                start = last = t
    return sorted(out, key=lambda e: (e.start, e.product, e.alertname, e.environment))


def _firing(prometheus: Prometheus, period: Period, interval: float) -> list[Episode]:
    found = prometheus.matrix(f'ALERTS{{alertstate="firing"}}[{int(period.seconds)}s]', period.end)
    inside = [
        Series(s.labels, tuple((t, v) for t, v in s.samples if period.start < t <= period.end))
        for s in found
    ]
    return episodes(inside, interval)


def alert_counts(now: Sequence[Episode], before: Sequence[Episode]) -> tuple[AlertCount, ...]:
    def group(items: Sequence[Episode]) -> dict[tuple[str, str, str, str], list[Episode]]:
        out: dict[tuple[str, str, str, str], list[Episode]] = defaultdict(list)
        for e in items:
            out[(e.alertname, e.product, e.severity, e.kind)].append(e)
        return out

    current, previous = group(now), group(before)
    counts = [
        AlertCount(
            name,
            product,
            severity,
            kind,
            len(items),
            sum(e.duration for e in items),
            len(previous.get((name, product, severity, kind), [])),
        )
        for (name, product, severity, kind), items in current.items()
    ]
    return tuple(
        sorted(counts, key=lambda a: (-a.firings, -a.firing_seconds, a.alertname, a.product))
    )


def collect(portfolio: Portfolio, prometheus: Prometheus, period: Period) -> Figures:
    """Every figure of the report for ``period`` and the period before it."""
    reader = Reader(prometheus, period)
    interval = durations.seconds(portfolio.stack.scrape_interval)  # = evaluation_interval
    now = _firing(prometheus, period, interval)
    before = _firing(prometheus, period.before(), interval)
    everywhere = alert_counts(now, before)
    production = portfolio.dora.production_environment
    daily = _daily_availability(prometheus, portfolio.products, production, reader.span)
    products = []
    for product in portfolio.products:
        products.append(
            ProductReport(
                id=product.id,
                name=product.name,
                team=product.team,
                dora=_dora(reader, product, portfolio),
                slos=tuple(_slo(prometheus, slo, period) for slo in product.slos),
                incidents=tuple(
                    e for e in now if e.product == product.id and e.severity == conventions.CRITICAL
                ),
                alerts=tuple(a for a in everywhere if a.product == product.id),
                probes=_probes(prometheus, product, period),
                daily_availability=tuple(
                    (day.end, daily.get(product.id, {}).get(day.end)) for day in _days(reader.span)
                ),
                trend_environment=slo_environment(product.environments, production),
            )
        )
    return Figures(
        portfolio=portfolio.name,
        benchmark=portfolio.dora.benchmark,
        period=period,
        previous=period.before(),
        products=tuple(products),
        alerts=everywhere,
    )
