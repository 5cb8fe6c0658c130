"""``promtool test rules`` files proving the SLO burn-rate alerts' timing, one file per product.

For every SLO: a sustained fast burn pages when about 2% of the budget is spent (the long
window crosses its factor); a burn between the two page factors pages from the second pair
only; a ticket-level burn opens a ticket and never pages; a burn at the budget rate
never pages; a short spike pages, then stops paging as soon as the short window has left it
although the long window still burns; and every alert resolves when the burn stops.

Expected firing times and values come from a small model of the rules evaluated step by step
(window means of probe success, or ratios of counter increases), with Prometheus 2.x window
semantics (both ends of a range are included). Inputs: probes report fractional success (the
mean over several endpoints), Cloudflare counters grow by a fixed number of requests a step.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generators.errors import BuildError
from generators.rule_tests.promtool import expanding, expected_alert, series_notation
from generators.rule_tests.templates import go_float
from generators.rules import slo
from portfolio import conventions, durations
from portfolio.config.model import BurnWindow, Portfolio, Product, Slo

STEP = 60.0
STEP_S = "1m"
REQUESTS_PER_STEP = 1_000_000
MARGIN = 1e-6  # relative distance from a threshold below which an expectation is ambiguous


@dataclass(frozen=True)
class Condition:
    window: BurnWindow
    factor: float


@dataclass
class Run:
    """A piecewise-constant SLI error ratio: ``(error_ratio, samples)`` runs."""

    runs: list[tuple[float, int]]

    def errors(self) -> list[float]:
        return [e for e, n in self.runs for _ in range(n)]


class Ambiguous(BuildError):
    """An SLI lands (almost) exactly on a threshold: the expectation would depend on rounding."""


class Model:
    """The SLO rules evaluated in Python over one input timeline."""

    def __init__(self, objective: Slo, timeline: Run, conditions: list[Condition]) -> None:
        self.slo = objective
        self.errors = timeline.errors()
        self.conditions = conditions
        self.counter = objective.source == "cloudflare"
        if self.counter:
            bad = [round(e * REQUESTS_PER_STEP) for e in self.errors]
            self.bad_total = [0]
            for b in bad[1:]:
                self.bad_total.append(self.bad_total[-1] + b)
            self.errors = [b / REQUESTS_PER_STEP for b in bad]
        # Prefix sums of probe success make every window mean O(1).
        self.success_sum = [0.0]
        for e in self.errors:
            self.success_sum.append(self.success_sum[-1] + round(1 - e, 9))

    def sli(self, i: int, window: str) -> float | None:
        n = int(durations.seconds(window) / STEP)
        first = max(0, i - n)
        if self.counter:
            if i == first:
                return None
            bad = self.bad_total[i] - self.bad_total[first]
            return bad / (REQUESTS_PER_STEP * (i - first))
        mean = (self.success_sum[i + 1] - self.success_sum[first]) / (i + 1 - first)
        return 1 - mean

    def burn(self, i: int, window: str) -> float | None:
        ratio = self.sli(i, window)
        return None if ratio is None else ratio / self.slo.error_budget

    def state(self, i: int, severity: str) -> float | None:
        """The alert's value at step ``i`` (first true pair's long burn), or None."""
        for cond in self.conditions:
            if cond.window.severity != severity:
                continue
            long, short = self.burn(i, cond.window.long), self.burn(i, cond.window.short)
            for value in (long, short):
                if value is not None and abs(value - cond.factor) <= MARGIN * cond.factor:
                    raise Ambiguous(f"SLO test: burn {value} too close to {cond.factor}")
            if long is not None and short is not None and long > cond.factor < short:
                return long
        return None

    def first(self, start: int, severity: str, *, firing: bool) -> int:
        for i in range(start, len(self.errors)):
            if (self.state(i, severity) is not None) == firing:
                return i
        state = "firing" if firing else "quiet"
        raise BuildError(f"SLO test: {severity} never becomes {state} after step {start}")


def _conditions(portfolio: Portfolio, objective: Slo) -> list[Condition]:
    return [Condition(w, slo.factor_of(w, objective)) for w in portfolio.alerting.burn_windows]


def _factors(conditions: list[Condition], severity: str) -> list[float]:
    return [cd.factor for cd in conditions if cd.window.severity == severity]


def _input_series(
    portfolio: Portfolio, product: Product, objective: Slo, timeline: Run
) -> list[dict[str, str]]:
    if objective.source == "cloudflare":
        base = {
            "job": conventions.exporter_job("cloudflare"),
            "instance": portfolio.stack.addresses["cloudflare_exporter"],
            conventions.PRODUCT: product.id,
        }
        model = Model(objective, timeline, [])
        return [
            {
                "series": series_notation(
                    "cloudflare_requests_total", {**base, "status_class": "5xx"}
                ),
                "values": _counter_notation(model.bad_total),
            },
            {
                "series": series_notation(
                    "cloudflare_requests_total", {**base, "status_class": "2xx"}
                ),
                "values": _counter_notation(
                    [i * REQUESTS_PER_STEP - b for i, b in enumerate(model.bad_total)]
                ),
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


def _check(portfolio: Portfolio, objective: Slo, model: Model, i: int) -> dict[str, Any]:
    expected = []
    labels = {
        conventions.PRODUCT: objective.product,
        conventions.SLO: objective.name,
        conventions.TEAM: objective.owner,
        "source": objective.source,
    }
    if objective.source == "probes":
        labels[conventions.ENVIRONMENT] = objective.environment
    queries = {conventions.SLO_OBJECTIVE: objective.target_ratio}
    for alert in slo.alerts(portfolio):
        if alert.name != _alert_name(objective):
            continue
        value = model.state(i, alert.severity)
        if value is None:
            continue
        if abs((value * 10) % 1 - 0.5) < 1e-6:
            raise Ambiguous("SLO test: burn value on a rounding boundary")
        expected.append(expected_alert(portfolio, alert, labels, value, queries))
    return {
        "eval_time": durations.render(i * STEP),
        "alertname": _alert_name(objective),
        "exp_alerts": expected,
    }


def _group(
    portfolio: Portfolio,
    product: Product,
    objective: Slo,
    title: str,
    timeline: Run,
    steps: list[int],
) -> dict[str, Any]:
    model = Model(objective, timeline, _conditions(portfolio, objective))
    return {
        "name": f"{product.id} {objective.name} SLO: {title}",
        "interval": STEP_S,
        "input_series": _input_series(portfolio, product, objective, timeline),
        "alert_rule_test": [_check(portfolio, objective, model, i) for i in sorted(set(steps))],
    }


# Variations tried until no SLI value sits exactly on a threshold (partly filled windows or
# round counts can make a ratio land on a factor): extra warm-up steps and a burn nudge.
ATTEMPTS = tuple((extra, nudge) for nudge in (1.0, 1.0173, 1.0311) for extra in (0, 7, 13, 19))


def _unambiguous(build: Callable[[int, float], dict[str, Any]]) -> dict[str, Any]:
    for extra, nudge in ATTEMPTS:
        try:
            return build(extra, nudge)
        except Ambiguous:
            continue
    raise BuildError("SLO test: every variation gives an ambiguous expectation")


def _longest_steps(conditions: list[Condition], severity: str = conventions.CRITICAL) -> int:
    """Steps in the longest page window: a warm-up that long fills every page window, as on
    a Prometheus with hours of history. (Ticket windows may still be partly filled, which the
    model evaluates like Prometheus does: over the samples there are.)"""
    longs = [
        durations.seconds(cd.window.long) for cd in conditions if cd.window.severity == severity
    ]
    return int(max(longs) / STEP)


def _longest_short_steps(conditions: list[Condition]) -> int:
    return int(max(durations.seconds(cd.window.short) for cd in conditions) / STEP)


def _burn_group(
    portfolio: Portfolio,
    product: Product,
    objective: Slo,
    title: str,
    burn: float,
    severity: str,
    check: Callable[[Model, int], None] | None = None,
) -> dict[str, Any]:
    """A sustained ``burn`` after a full longest page window of good steps: the alert of
    ``severity`` fires, then resolves after the burn stops. ``title`` may hold ``{burn}``."""

    def build(warmup: int, nudge: float) -> dict[str, Any]:
        return _burn_group_with(
            portfolio, product, objective, title, burn * nudge, severity, check, warmup
        )

    return _unambiguous(build)


def _burn_group_with(
    portfolio: Portfolio,
    product: Product,
    objective: Slo,
    title: str,
    burn: float,
    severity: str,
    check: Callable[[Model, int], None] | None,
    warmup: int,
) -> dict[str, Any]:
    conditions = _conditions(portfolio, objective)
    warmup += _longest_steps(conditions)
    error = min(burn * objective.error_budget, 1.0)
    longest = max(durations.seconds(cd.window.long) for cd in conditions)
    probe = Model(objective, Run([(0.0, warmup), (error, int(longest / STEP) + 10)]), conditions)
    fire = probe.first(warmup, severity, firing=True)
    if check:
        check(probe, fire)
    burning = fire - warmup + int(600 / STEP)
    tail = _longest_short_steps(conditions) + 10
    timeline = Run([(0.0, warmup), (error, burning), (0.0, tail)])
    model = Model(objective, timeline, conditions)
    stop = warmup + burning
    resolved = model.first(stop, severity, firing=False)
    return _group(
        portfolio,
        product,
        objective,
        title.format(burn=f"{burn:.3g}"),
        timeline,
        [warmup, fire - 1, fire, stop - 1, resolved],
    )


def product_tests(portfolio: Portfolio, product: Product) -> dict[str, Any]:
    groups: list[dict[str, Any]] = []
    for objective in product.slos:
        conditions = _conditions(portfolio, objective)
        pages = _factors(conditions, conventions.CRITICAL)
        tickets = _factors(conditions, conventions.WARNING)
        budget = objective.error_budget
        fast = pages[0] * 16 / 14.4
        if fast * budget <= 1:
            groups.append(
                _burn_group(
                    portfolio,
                    product,
                    objective,
                    "a {burn}x burn pages when about "
                    f"{pages[0] * durations.seconds(conditions[0].window.long) / objective.period_seconds:.0%} "
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

            groups.append(
                _burn_group(
                    portfolio,
                    product,
                    objective,
                    "a {burn}x burn pages from the " + f"{conditions[1].window.long} pair",
                    second,
                    conventions.CRITICAL,
                    from_second_pair,
                )
            )
        if tickets and len(pages) > 1 and tickets[0] * 3.5 / 3 < pages[-1]:
            slow = tickets[0] * 3.5 / 3
            groups.append(
                _burn_group(
                    portfolio,
                    product,
                    objective,
                    "a {burn}x burn opens a ticket and never pages",
                    slow,
                    conventions.WARNING,
                )
            )
        groups.append(_steady_group(portfolio, product, objective))
        spike = _spike_group(portfolio, product, objective)
        if spike is not None:
            groups.append(spike)
    return {
        "rule_files": [
            f"../{conventions.SLO_RULES_FILE.removeprefix(conventions.RULES_DIR + '/')}",
            f"../products/{product.id}.rules.yml",
        ],
        "evaluation_interval": STEP_S,
        "group_eval_order": [
            f"{conventions.GROUP_THRESHOLDS}-{product.id}",
            conventions.GROUP_SLO_SLI,
            conventions.GROUP_SLO_BUDGET,
            conventions.GROUP_SLO_ALERTS,
        ],
        "tests": groups,
    }


STEADY_BURN = 0.999  # the budget rate, a hair below 1x so "> 1" is never a rounding question


def _steady_group(portfolio: Portfolio, product: Product, objective: Slo) -> dict[str, Any]:
    """Burning at the budget rate for twelve hours never pages."""
    hours = (1, 6, 12)
    timeline = Run([(objective.error_budget * STEADY_BURN, int(hours[-1] * 3600 / STEP) + 1)])
    steps = [int(h * 3600 / STEP) for h in hours]
    return _group(
        portfolio,
        product,
        objective,
        f"a {STEADY_BURN:g}x burn (the budget rate) never pages",
        timeline,
        steps,
    )


def _spike_group(portfolio: Portfolio, product: Product, objective: Slo) -> dict[str, Any] | None:
    """A total outage long enough for the first page pair pages, and stops paging as soon as
    the short window has left it although the long window still burns. None when no outage
    shorter than the long window can page (a large budget)."""
    conditions = _conditions(portfolio, objective)
    first = next(cd for cd in conditions if cd.window.severity == conventions.CRITICAL)
    long_n = int(durations.seconds(first.window.long) / STEP)
    short_n = int(durations.seconds(first.window.short) / STEP)
    spike = math.floor(first.factor * objective.error_budget * (long_n + 1)) + 2
    if spike + short_n + 1 > long_n:
        return None
    return _unambiguous(
        lambda warmup, _nudge: _spike_group_with(portfolio, product, objective, warmup, spike)
    )


def _spike_group_with(
    portfolio: Portfolio, product: Product, objective: Slo, warmup: int, spike: int
) -> dict[str, Any]:
    conditions = _conditions(portfolio, objective)
    pages = [cd for cd in conditions if cd.window.severity == conventions.CRITICAL]
    first = pages[0]
    warmup += _longest_steps(conditions)
    # With a small budget the outage also trips the slower page pairs; the page then lets go
    # once the last of their short windows has left it. The tail lasts that long.
    by_short = sorted(pages, key=lambda cd: durations.seconds(cd.window.short))
    for clearing in [first, *(cd for cd in by_short if cd is not first)]:
        tail = int(durations.seconds(clearing.window.short) / STEP) + 10
        timeline = Run([(0.0, warmup), (1.0, spike), (0.0, tail)])
        model = Model(objective, timeline, conditions)
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
    return _group(
        portfolio,
        product,
        objective,
        f"a {durations.render(spike * STEP)} outage pages, then stops once the "
        f"{clearing.window.short} window has left it while the {clearing.window.long} window "
        "still burns",
        timeline,
        [fire - 1, fire, quiet - 1, quiet],
    )


def build(portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    """Test file name -> document, for every product with SLOs."""
    return {
        f"{p.id}.slo.test.yml": product_tests(portfolio, p) for p in portfolio.products if p.slos
    }
