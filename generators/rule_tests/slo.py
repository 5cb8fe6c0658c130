"""``promtool test rules`` files proving the SLO burn-rate alerts' timing, one file per product.

For every SLO: a sustained fast burn pages when about 2% of the budget is spent (the long
window crosses its factor); a burn between the two page factors pages from the second pair
only; a ticket-level burn opens a ticket and never pages; a burn at the budget rate
never pages; a short spike pages, then stops paging as soon as the short window has left it
although the long window still burns; and every alert resolves when the burn stops.

Expected firing times and values come from a small model of the rules evaluated step by step
(window means of probe success, or ratios of counter increases), with Prometheus 2.x window
semantics (both ends of a range are included), once per SLO shape (source, budget, period,
burn windows): products sharing a shape share the scenarios and differ only in names and
labels. Inputs: probes report fractional success (the mean over several endpoints),
Cloudflare counters grow by a fixed number of requests a step.

Samples and evaluations share a 61 s grid that no window's length is a multiple of, so no
sample (input or recorded) ever sits on a range's left edge: Prometheus 2.x (both ends
included) and 3.x (left-open) hold the same ``floor(window / 61 s) + 1`` samples. Counters
start at ``COUNTER_STARTS`` steps' worth of requests, so ``rate()`` extrapolates the 5xx and the 2xx counter alike (a
counter starting at 0 would not be extrapolated below zero) and their ratio is the ratio of
the increases.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from generators.errors import BuildError
from generators.rule_tests import services
from generators.rule_tests.promtool import (
    expanding,
    expected_alert,
    require_off_grid,
    series_notation,
    timestamp,
)
from generators.rule_tests.templates import go_float
from generators.rules import slo
from portfolio import conventions, durations
from portfolio.config.model import BurnWindow, Portfolio, Product, Slo

# Seconds between samples and evaluations: off every window (see above). 61 s unless a
# window is shorter than two of them (a fast test config's 10 s short window): then the
# largest of the smaller candidates that is off every window and fits twice in the shortest.
STEPS = (61.0, 31.0, 13.0, 7.0, 3.1, 1.3)
_STEP: ContextVar[float] = ContextVar("slo_rule_test_step", default=STEPS[0])


def step() -> float:
    """The step of the SLO rule tests being built (``build`` chooses it per portfolio)."""
    return _STEP.get()


def step_text() -> str:
    return durations.render(step())


REQUESTS_PER_STEP = 1_000_000  # Cloudflare requests a step, at least
BAD_AT_BUDGET = 1_000  # bad requests a step at the budget rate, at least
# Counters start at COUNTER_STARTS x the requests a step: far enough from zero that rate()
# extrapolates every counter to the window's start (it stops a counter's extrapolation
# where it would reach zero).
COUNTER_STARTS = 10


def requests_per_step(error_budget: float) -> int:
    """Requests a step: enough that the budget rate is ``BAD_AT_BUDGET`` bad requests or more,
    so whole counts can burn a hair below a factor (at 99.999%, 10 bad requests of 1,000,000
    cannot burn at 0.999x: 9.99 rounds to 10, exactly 1x)."""
    digits = math.ceil(round(math.log10(BAD_AT_BUDGET / error_budget), 9))
    return max(REQUESTS_PER_STEP, int(10**digits))


MARGIN = 1e-6  # relative distance from a threshold below which an expectation is ambiguous


@dataclass(frozen=True)
class Condition:
    window: BurnWindow
    factor: float


@dataclass(frozen=True)
class Shape:
    """What an SLO's scenarios depend on. Products whose SLOs share a shape share the
    scenarios (timelines, steps, alert values): they are computed once per shape and only
    the names and labels differ per product."""

    source: str
    error_budget: float
    period_seconds: float
    conditions: tuple[Condition, ...]
    severities: tuple[str, ...]  # of the SLO's alert, in rule order


@dataclass
class Run:
    """A piecewise-constant SLI error ratio: ``(error_ratio, samples)`` runs."""

    runs: list[tuple[float, int]]

    def errors(self) -> list[float]:
        return [e for e, n in self.runs for _ in range(n)]


class Ambiguous(BuildError):
    """An SLI lands (almost) exactly on a threshold: the expectation would depend on rounding."""


def _window_steps(window: str) -> int:
    return int(durations.seconds(window) / step())


class Model:
    """The SLO rules evaluated in Python over one input timeline."""

    def __init__(self, shape: Shape, timeline: Run) -> None:
        self.shape = shape
        self.error_budget = shape.error_budget
        self.conditions = shape.conditions
        self.counter = shape.source in ("cloudflare", "services")  # request counters
        self.length = sum(n for _, n in timeline.runs)
        self.requests = requests = requests_per_step(shape.error_budget)
        # Every value is computed once per run, not per sample: a run repeats it.
        if self.counter:
            bad = [b for e, n in timeline.runs for b in [round(e * requests)] * n]
            self.bad_total = list(itertools.accumulate(bad[1:], initial=0))
            successes = [
                s
                for e, n in timeline.runs
                for s in [round(1 - round(e * requests) / requests, 9)] * n
            ]
        else:
            successes = [s for e, n in timeline.runs for s in [round(1 - e, 9)] * n]
        # Prefix sums of probe success make every window mean O(1).
        self.success_sum = list(itertools.accumulate(successes, initial=0.0))
        self.steps = {
            w: _window_steps(w) for cd in self.conditions for w in (cd.window.long, cd.window.short)
        }
        self.pairs = {
            severity: [
                (self.steps[cd.window.long], self.steps[cd.window.short], cd.factor)
                for cd in self.conditions
                if cd.window.severity == severity
            ]
            for severity in {cd.window.severity for cd in self.conditions}
        }

    def _burn(self, i: int, n: int) -> float | None:
        first = max(0, i - n)
        if self.counter:
            if i == first:
                return None
            bad = self.bad_total[i] - self.bad_total[first]
            return bad / (self.requests * (i - first)) / self.error_budget
        mean = (self.success_sum[i + 1] - self.success_sum[first]) / (i + 1 - first)
        return (1 - mean) / self.error_budget

    def burn(self, i: int, window: str) -> float | None:
        return self._burn(i, self.steps.get(window) or _window_steps(window))

    def state(self, i: int, severity: str) -> float | None:
        """The alert's value at step ``i`` (first true pair's long burn), or None."""
        for long_n, short_n, factor in self.pairs.get(severity, ()):
            long, short = self._burn(i, long_n), self._burn(i, short_n)
            for value in (long, short):
                if value is not None and abs(value - factor) <= MARGIN * factor:
                    raise Ambiguous(f"SLO test: burn {value} too close to {factor}")
            if long is not None and short is not None and long > factor < short:
                return long
        return None

    def first(self, start: int, severity: str, *, firing: bool) -> int:
        for i in range(start, self.length):
            if (self.state(i, severity) is not None) == firing:
                return i
        state = "firing" if firing else "quiet"
        raise BuildError(f"SLO test: {severity} never becomes {state} after step {start}")


def _conditions(portfolio: Portfolio, objective: Slo) -> list[Condition]:
    return [Condition(w, slo.factor_of(w, objective)) for w in portfolio.alerting.burn_windows]


def _shape(portfolio: Portfolio, objective: Slo) -> Shape:
    return Shape(
        source=objective.source,
        error_budget=objective.error_budget,
        period_seconds=objective.period_seconds,
        conditions=tuple(_conditions(portfolio, objective)),
        severities=tuple(
            a.severity for a in slo.alerts(portfolio) if a.name == _alert_name(objective)
        ),
    )


def _factors(conditions: Sequence[Condition], severity: str) -> list[float]:
    return [cd.factor for cd in conditions if cd.window.severity == severity]


@dataclass(frozen=True)
class Scenario:
    """One test group of an SLO, without its product: the title after ``<product> <slo> SLO:``,
    the input timeline and, per evaluation step, the value of each firing severity."""

    title: str
    timeline: Run
    checks: tuple[tuple[int, tuple[tuple[str, float], ...]], ...]
    # The counter samples (5xx, 2xx) in promtool's notation, for Cloudflare SLIs.
    counters: tuple[str, str] | None


def _input_series(
    portfolio: Portfolio, product: Product, objective: Slo, scenario: Scenario
) -> list[dict[str, str]]:
    timeline = scenario.timeline
    if scenario.counters is not None and objective.source == "services":
        return services.slo_input_series(product, objective, *scenario.counters)
    if scenario.counters is not None:
        base = {
            "job": conventions.exporter_job("cloudflare"),
            "instance": portfolio.stack.addresses["cloudflare_exporter"],
            conventions.PRODUCT: product.id,
        }
        bad, good = scenario.counters
        return [
            {
                "series": series_notation(
                    "cloudflare_requests_total", {**base, "status_class": "5xx"}
                ),
                "values": bad,
            },
            {
                "series": series_notation(
                    "cloudflare_requests_total", {**base, "status_class": "2xx"}
                ),
                "values": good,
            },
        ]
    series = []
    success = expanding(*((round(1 - e, 9), n) for e, n in timeline.runs))
    total = sum(n for _, n in timeline.runs)
    for endpoint in product.endpoints:
        if endpoint.environment != objective.environment:
            continue
        labels = {
            "job": conventions.JOB_BLACKBOX,
            "instance": endpoint.target,
            conventions.PRODUCT: product.id,
            conventions.ENVIRONMENT: endpoint.environment,
            conventions.ENDPOINT: endpoint.name,
            conventions.TEAM: product.team,
        }
        series.append({"series": series_notation("probe_success", labels), "values": success})
        if objective.name == "latency":
            fast = round((objective.threshold_seconds or 1.0) / 2, 6)
            series.append(
                {
                    "series": series_notation("probe_duration_seconds", labels),
                    "values": expanding((fast, total)),
                }
            )
    return series


def _counter_notation(values: list[int]) -> str:
    """Counter samples in promtool's expanding notation: runs of equal increments as
    ``start+stepxN`` (``0 10 20 30 30 30`` -> ``0+10x3 30+0x1``)."""
    parts = []
    i = 0
    while i < len(values):
        j = i + 1
        step = values[j] - values[i] if j < len(values) else 0
        while j + 1 < len(values) and values[j + 1] - values[j] == step:
            j += 1
        if j >= len(values):
            parts.append(go_float(values[i]))
            break
        parts.append(f"{go_float(values[i])}+{go_float(step)}x{j - i}")
        i = j + 1
    return " ".join(parts)


def _alert_name(objective: Slo) -> str:
    return slo.alert_name(objective.name)


def _scenario(model: Model, title: str, timeline: Run, steps: list[int]) -> Scenario:
    """The alert values at ``steps``; Ambiguous when one sits on a rounding boundary."""
    checks = []
    for i in sorted(set(steps)):
        values = []
        for severity in model.shape.severities:
            value = model.state(i, severity)
            if value is None:
                continue
            if abs((value * 10) % 1 - 0.5) < 1e-6:
                raise Ambiguous("SLO test: burn value on a rounding boundary")
            values.append((severity, value))
        checks.append((i, tuple(values)))
    counters = None
    if model.counter:
        per_step = model.requests
        base = COUNTER_STARTS * per_step
        counters = (
            _counter_notation([base + b for b in model.bad_total]),
            _counter_notation([base + i * per_step - b for i, b in enumerate(model.bad_total)]),
        )
    return Scenario(title, timeline, tuple(checks), counters)


def _group(
    portfolio: Portfolio, product: Product, objective: Slo, scenario: Scenario
) -> dict[str, Any]:
    labels = {
        conventions.PRODUCT: objective.product,
        conventions.SLO: objective.name,
        conventions.TEAM: objective.owner,
        "source": objective.source,
    }
    if objective.source in ("probes", "services"):  # SLIs per environment
        labels[conventions.ENVIRONMENT] = objective.environment
    queries = {conventions.SLO_OBJECTIVE: objective.target_ratio}
    name = _alert_name(objective)
    alerts = {a.severity: a for a in slo.alerts(portfolio) if a.name == name}
    return {
        "name": f"{product.id} {objective.name} SLO: {scenario.title}",
        "interval": step_text(),
        "input_series": _input_series(portfolio, product, objective, scenario),
        "alert_rule_test": [
            {
                "eval_time": timestamp(i * step()),
                "alertname": name,
                "exp_alerts": [
                    expected_alert(portfolio, alerts[severity], labels, value, queries)
                    for severity, value in values
                ],
            }
            for i, values in scenario.checks
        ],
    }


# Variations tried until no SLI value sits exactly on a threshold (partly filled windows or
# round counts can make a ratio land on a factor): extra warm-up steps and a burn nudge.
ATTEMPTS = tuple((extra, nudge) for nudge in (1.0, 1.0173, 1.0311) for extra in (0, 7, 13, 19))


def _unambiguous(build: Callable[[int, float], Scenario]) -> Scenario:
    for extra, nudge in ATTEMPTS:
        try:
            return build(extra, nudge)
        except Ambiguous:
            continue
    raise BuildError("SLO test: every variation gives an ambiguous expectation")


def _longest_steps(conditions: Sequence[Condition], severity: str = conventions.CRITICAL) -> int:
    """Steps in the longest page window: a warm-up that long fills every page window, as on
    a Prometheus with hours of history. (Ticket windows may still be partly filled, which the
    model evaluates like Prometheus does: over the samples there are.)"""
    longs = [
        durations.seconds(cd.window.long) for cd in conditions if cd.window.severity == severity
    ]
    return int(max(longs) / step())


def _longest_short_steps(conditions: Sequence[Condition]) -> int:
    return int(max(durations.seconds(cd.window.short) for cd in conditions) / step())


def _burn_scenario(
    shape: Shape,
    title: str,
    burn: float,
    severity: str,
    check: Callable[[Model, int], None] | None = None,
) -> Scenario:
    """A sustained ``burn`` after a full longest page window of good steps: the alert of
    ``severity`` fires, then resolves after the burn stops. ``title`` may hold ``{burn}``."""

    def build(warmup: int, nudge: float) -> Scenario:
        return _burn_scenario_with(shape, title, burn * nudge, severity, check, warmup)

    return _unambiguous(build)


def _burn_scenario_with(
    shape: Shape,
    title: str,
    burn: float,
    severity: str,
    check: Callable[[Model, int], None] | None,
    warmup: int,
) -> Scenario:
    conditions = shape.conditions
    warmup += _longest_steps(conditions)
    error = min(burn * shape.error_budget, 1.0)
    longest = max(durations.seconds(cd.window.long) for cd in conditions)
    probe = Model(shape, Run([(0.0, warmup), (error, int(longest / step()) + 10)]))
    fire = probe.first(warmup, severity, firing=True)
    if check:
        check(probe, fire)
    burning = fire - warmup + int(600 / step())
    tail = _longest_short_steps(conditions) + 10
    timeline = Run([(0.0, warmup), (error, burning), (0.0, tail)])
    model = Model(shape, timeline)
    stop = warmup + burning
    resolved = model.first(stop, severity, firing=False)
    return _scenario(
        model,
        title.format(burn=f"{burn:.3g}"),
        timeline,
        [warmup, fire - 1, fire, stop - 1, resolved],
    )


def scenarios(shape: Shape) -> tuple[Scenario, ...]:
    """Every test group of an SLO of ``shape``, in file order."""
    out: list[Scenario] = []
    conditions = shape.conditions
    pages = _factors(conditions, conventions.CRITICAL)
    tickets = _factors(conditions, conventions.WARNING)
    budget = shape.error_budget
    fast = pages[0] * 16 / 14.4
    if fast * budget <= 1:
        out.append(
            _burn_scenario(
                shape,
                "a {burn}x burn pages when about "
                f"{pages[0] * durations.seconds(conditions[0].window.long) / shape.period_seconds:.0%} "
                "of the budget is spent",
                fast,
                conventions.CRITICAL,
            )
        )
    if len(pages) > 1 and pages[1] * 7 / 6 < pages[0] and pages[1] * 7 / 6 * budget <= 1:
        second = pages[1] * 7 / 6

        def from_second_pair(
            model: Model,
            i: int,
            first_long: str = conditions[0].window.long,
            f: float = pages[0],
        ) -> None:
            burn = model.burn(i, first_long)
            if burn is not None and burn > f:
                raise BuildError("SLO test: the first page pair fired, not the second")

        out.append(
            _burn_scenario(
                shape,
                "a {burn}x burn pages from the " + f"{conditions[1].window.long} pair",
                second,
                conventions.CRITICAL,
                from_second_pair,
            )
        )
    if tickets and len(pages) > 1 and tickets[0] * 3.5 / 3 < pages[-1]:
        slow = tickets[0] * 3.5 / 3
        out.append(
            _burn_scenario(
                shape,
                "a {burn}x burn opens a ticket and never pages",
                slow,
                conventions.WARNING,
            )
        )
    out.append(_steady_scenario(shape))
    spike = _spike_scenario(shape)
    if spike is not None:
        out.append(spike)
    return tuple(out)


def product_tests(
    portfolio: Portfolio, product: Product, cache: dict[Shape, tuple[Scenario, ...]] | None = None
) -> dict[str, Any]:
    """``cache``: scenarios by shape, shared by the products of one build."""
    cache = {} if cache is None else cache
    groups: list[dict[str, Any]] = []
    for objective in product.slos:
        shape = _shape(portfolio, objective)
        if shape not in cache:
            cache[shape] = scenarios(shape)
        groups += [_group(portfolio, product, objective, sc) for sc in cache[shape]]
    return {
        "rule_files": [
            f"../{conventions.SLO_RULES_FILE.removeprefix(conventions.RULES_DIR + '/')}",
            f"../products/{product.id}.rules.yml",
        ],
        "evaluation_interval": step_text(),
        "group_eval_order": [
            f"{conventions.GROUP_THRESHOLDS}-{product.id}",
            conventions.GROUP_SLO_SLI,
            conventions.GROUP_SLO_BUDGET,
            conventions.GROUP_SLO_ALERTS,
        ],
        "tests": groups,
    }


STEADY_BURN = 0.999  # the budget rate, a hair below 1x so "> 1" is never a rounding question
# Lower rates tried when whole request counts put the budget rate on a factor (with fewer
# than BAD_AT_BUDGET bad requests a step, 0.999 x 500 rounds to 500, exactly 1x).
STEADY_BURNS = (STEADY_BURN, 0.99)


def _steady_scenario(shape: Shape) -> Scenario:
    """Burning at the budget rate for twelve hours never pages."""
    hours = (1, 6, 12)
    steps = [int(h * 3600 / step()) for h in hours]
    for burn in STEADY_BURNS:
        timeline = Run([(shape.error_budget * burn, int(hours[-1] * 3600 / step()) + 1)])
        try:
            return _scenario(
                Model(shape, timeline),
                f"a {burn:g}x burn (the budget rate) never pages",
                timeline,
                steps,
            )
        except Ambiguous:
            continue
    raise BuildError("SLO test: every steady burn gives an ambiguous expectation")


def _spike_scenario(shape: Shape) -> Scenario | None:
    """An outage long enough for the first page pair pages, and stops paging as soon as
    the short window has left it although the long window still burns. None when no outage
    shorter than the long window can page (a large budget).

    The outage fails all probes (or requests) first; when a window then holds a burn exactly
    on a factor whatever the warm-up (as the short window slides off the outage, its count of
    failed samples takes every value: 9 of 30 samples is exactly 6x a 5% budget), it fails
    slightly fewer (``1 / nudge``), then lasts a step longer."""
    first = next(cd for cd in shape.conditions if cd.window.severity == conventions.CRITICAL)
    long_n = int(durations.seconds(first.window.long) / step())
    short_n = int(durations.seconds(first.window.short) / step())
    error: BuildError | None = None
    for nudge in SPIKE_NUDGES:
        magnitude = 1.0 / nudge
        spike = math.floor(first.factor * shape.error_budget * (long_n + 1) / magnitude) + 2
        if spike + short_n + 1 > long_n:
            return None
        for length in range(spike, min(spike + SPIKE_TRIES, long_n - short_n)):
            try:
                return _unambiguous(functools.partial(_spike_attempt, shape, length, magnitude))
            except BuildError as exc:
                error = exc
    assert error is not None
    raise error


def _failing(magnitude: float) -> str:
    return "" if magnitude == 1 else f" ({magnitude:.1%} failing)"


def _spike_attempt(
    shape: Shape, spike: int, magnitude: float, warmup: int, _nudge: float
) -> Scenario:
    return _spike_scenario_with(shape, warmup, spike, magnitude)


SPIKE_NUDGES = (1.0, 1.0173, 1.0311)  # the outage fails 1 / nudge of the probes or requests
SPIKE_TRIES = 3  # outage lengths tried, one step apart


def _spike_scenario_with(shape: Shape, warmup: int, spike: int, magnitude: float = 1.0) -> Scenario:
    conditions = shape.conditions
    pages = [cd for cd in conditions if cd.window.severity == conventions.CRITICAL]
    first = pages[0]
    warmup += _longest_steps(conditions)
    # With a small budget the outage also trips the slower page pairs; the page then lets go
    # once the last of their short windows has left it. The tail lasts that long.
    by_short = sorted(pages, key=lambda cd: durations.seconds(cd.window.short))
    for clearing in [first, *(cd for cd in by_short if cd is not first)]:
        tail = int(durations.seconds(clearing.window.short) / step()) + 10
        timeline = Run([(0.0, warmup), (magnitude, spike), (0.0, tail)])
        model = Model(shape, timeline)
        fire = model.first(warmup, conventions.CRITICAL, firing=True)
        try:
            quiet = model.first(warmup + spike, conventions.CRITICAL, firing=False)
        except BuildError:
            continue
        break
    else:
        raise BuildError("SLO test: the page never stops after the outage")
    long_burn = model.burn(quiet, clearing.window.long)
    if long_burn is None or long_burn <= clearing.factor:
        raise BuildError("SLO test: the spike does not outlast the short window")
    return _scenario(
        model,
        f"a {durations.render(spike * step())} outage{_failing(magnitude)} pages, then stops once the "
        f"{clearing.window.short} window has left it while the {clearing.window.long} window "
        "still burns",
        timeline,
        [fire - 1, fire, quiet - 1, quiet],
    )


def documents(portfolio: Portfolio) -> Iterator[tuple[str, dict[str, Any]]]:
    """Test file name and document, one file at a time, for every product with SLOs. The
    chosen step is set only while a document is built, never across a ``yield``."""
    exprs = [r.expr for r in slo.recordings(portfolio)] + [a.expr for a in slo.alerts(portfolio)]
    chosen = _choose_step(portfolio, exprs)
    if portfolio.slos():
        require_off_grid(chosen, exprs, "SLO rule tests")
    cache: dict[Shape, tuple[Scenario, ...]] = {}
    for product in portfolio.products:
        if not product.slos:
            continue
        token = _STEP.set(chosen)
        try:
            document = product_tests(portfolio, product, cache)
        finally:
            _STEP.reset(token)
        yield f"{product.id}.slo.test.yml", document


def build(portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    """Test file name -> document, for every product with SLOs."""
    return dict(documents(portfolio))


def _choose_step(portfolio: Portfolio, exprs: Sequence[str]) -> float:
    """The first of ``STEPS`` that fits twice into every burn window and is off every range
    of ``exprs`` (``require_off_grid``); the first when none is."""
    windows = [
        durations.seconds(w)
        for pair in portfolio.alerting.burn_windows
        for w in (pair.long, pair.short)
    ]
    shortest = min(windows, default=math.inf)
    for candidate in STEPS:
        if 2 * candidate > shortest:
            continue
        try:
            require_off_grid(candidate, exprs, "SLO rule tests")
        except BuildError:
            continue
        return candidate
    return STEPS[0]
