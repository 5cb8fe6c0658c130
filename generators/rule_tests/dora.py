"""``promtool test rules`` files proving which deployments the suspected change failure rules
flag (``generators/rules/dora.py``), one file per product with a GitHub source.

The main group of each product deploys three times to production and fails three times:
before the first deployment (the failure starts 15 minutes before it and is still going on
when it lands), after the window of the second (15 minutes past it), and inside the window of
the third (half-way through it). Only the third deployment is flagged; the product's
suspected change failure rate over the DORA window is 1 / 3. The failure is the product's
real ``ProductDown`` (its production probes fail, the alert fires after its ``for:``, from
``portfolio.rules.yml``) when the product probes production, else ``ProductDown`` as
Prometheus writes it to ``ALERTS``. One more group per further signal the product has (the
availability burn-rate page, the 5xx ratio above its threshold) shows that signal flags a
deployment too; those groups feed the ``ALERTS`` series the alert writes.

Samples and evaluations share a step that no range, offset range or lookback of the rules
loaded is a multiple of (61 s unless the configured windows rule it out), so Prometheus 2.x
and 3.x hold the same samples (docs/compatibility.md).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generators.errors import BuildError
from generators.rule_tests.products import probe_labels
from generators.rule_tests.promtool import LOOKBACK, expanding, series_notation, timestamp
from generators.rules import dora as rules
from generators.rules import products as product_rules
from generators.rules.units import Alert
from portfolio import conventions, durations
from portfolio.config.model import Portfolio, Product
from portfolio.sources import github

STEPS = (61.0, 59.0, 53.0, 47.0, 43.0, 41.0, 37.0, 31.0)
FAILURE = 600.0  # seconds a failure signal fires
BEFORE = 900.0  # the first failure starts this long before the first deployment
AFTER = 900.0  # the second failure starts this long after the second deployment's window
GAP = 1800.0  # between one deployment's window (and failure) and the next deployment


def choose_step(portfolio: Portfolio) -> float:
    """The first step of ``STEPS`` that no window the tests read is a multiple of."""
    lag = durations.seconds(rules.DEPLOYMENT_LAG)
    windows = {
        LOOKBACK,
        lag + LOOKBACK,  # ``x offset 5m`` looks back from 5m ago
        lag + durations.seconds(rules.ONSET_WINDOW),
        durations.seconds(rules.ONSET_WINDOW),
        durations.seconds(portfolio.dora.suspected_failure_window),
        durations.seconds(rules.DORA_WINDOW),
    }
    windows |= {durations.seconds(w) for w in _ranges(portfolio)}
    for step in STEPS:
        if all(round(w * 1000) % round(step * 1000) != 0 for w in windows):
            return step
    raise BuildError(
        "suspected change failure rule tests: every step of "
        f"{', '.join(f'{s:g}s' for s in STEPS)} divides a window of the rules"
    )


def _ranges(portfolio: Portfolio) -> set[str]:
    """Every range of the shared rules the tests load (``portfolio.rules.yml``)."""
    exprs = [r.expr for r in product_rules.recordings(portfolio)]
    exprs += [a.expr for a in product_rules.all_alerts(portfolio)]
    return set(re.findall(r"\[(\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*)\]", "\n".join(exprs)))


@dataclass(frozen=True)
class Timeline:
    """Sample indices (times are ``index * step``) of one group's events."""

    step: float

    def at(self, seconds: float) -> int:
        """The first sample at or after ``seconds``."""
        return math.ceil(seconds / self.step - 1e-9)

    def seconds(self, index: int) -> float:
        return index * self.step


def _hold_steps(alert: Alert, step: float) -> int:
    """Evaluations from an alert becoming active to firing (the first at or after ``for``)."""
    return math.ceil(durations.seconds(alert.for_) / step)


def _product_down(portfolio: Portfolio) -> Alert:
    return next(
        a for a in rules.signal_alerts(portfolio) if a.name == conventions.ALERT_PRODUCT_DOWN
    )


def _deployment_series(
    portfolio: Portfolio, product: Product, env: str, deployed: list[int], total: int
) -> list[dict[str, str]]:
    """The production deployment counter: the second deployment failed (every final status
    counts), the others succeeded; every status series exists at 0 from the start, as the
    exporter creates them."""
    base = {
        "job": conventions.exporter_job("github"),
        "instance": portfolio.stack.addresses["github_exporter"],
        conventions.PRODUCT: product.id,
        conventions.ENVIRONMENT: env,
    }
    out = []
    for status, which in (("success", [0, 2]), ("failure", [1]), ("error", [])):
        runs: list[tuple[float, int]] = []
        value, last = 0, 0
        for i in sorted(deployed[k] for k in which if k < len(deployed)):
            runs.append((value, i - last))
            value, last = value + 1, i
        runs.append((value, total - last))
        out.append(
            {
                "series": series_notation("github_deployments_total", {**base, "status": status}),
                "values": expanding(*runs),
            }
        )
    return out


def _missing_then(runs: list[tuple[str, int]]) -> str:
    """promtool values from ``(value, count)`` runs where value may be ``_`` or ``stale``."""
    parts = []
    for value, count in runs:
        if count <= 0:
            continue
        if value == "stale":
            parts += ["stale"] * count
        else:
            parts.append(value if count == 1 else f"{value}x{count - 1}")
    return " ".join(parts)


@dataclass(frozen=True)
class Signal:
    """How a group makes a failure signal fire: its input series for failures whose signal
    (the alert firing) starts at the given sample indices."""

    title: str
    alert: Alert
    labels: dict[str, str]  # the alert's own labels besides alertname/state/severity/kind
    probes: list[dict[str, str]]  # drive ProductDown through these probes, or feed ALERTS

    def series(
        self, failures: list[tuple[int, float]], step: float, total: int
    ) -> list[dict[str, str]]:
        """``failures``: (sample index the signal starts firing at, seconds it fires)."""
        if self.probes:
            hold = _hold_steps(self.alert, step)
            runs: list[tuple[float, int]] = []
            last = 0
            for onset, seconds in failures:
                length = math.ceil(seconds / step)
                start = onset - hold  # the probes fail; ProductDown fires ``for`` later
                runs += [(1, start - last), (0, hold + length)]
                last = start + hold + length
            runs.append((1, total - last))
            values = expanding(*runs)
            return [
                {"series": series_notation("probe_success", labels), "values": values}
                for labels in self.probes
            ]
        text_runs: list[tuple[str, int]] = []
        last = 0
        for onset, seconds in failures:
            length = math.ceil(seconds / step)
            text_runs += [("_", onset - last), ("1", length), ("stale", 1)]
            last = onset + length + 1
        text_runs.append(("_", total - last))
        return [
            {
                "series": series_notation(
                    "ALERTS",
                    {
                        "alertname": self.alert.name,
                        "alertstate": "firing",
                        conventions.SEVERITY: self.alert.severity,
                        conventions.KIND: self.alert.kind,
                        **self.labels,
                    },
                ),
                "values": _missing_then(text_runs),
            }
        ]


def _case(
    expr: str, index: int, step: float, samples: list[tuple[dict[str, str], float]]
) -> dict[str, Any]:
    return {
        "expr": expr,
        "eval_time": timestamp(index * step),
        "exp_samples": [
            {"labels": series_notation(expr, labels), "value": value} for labels, value in samples
        ],
    }


def _check_index(onset: int, step: float) -> int:
    """The first evaluation that reads the failure's start through the signal's lag: the
    signal is read ``DEPLOYMENT_LAG`` late, so at ``onset + lag`` (rounded up to the grid)."""
    return onset + math.ceil(durations.seconds(rules.DEPLOYMENT_LAG) / step - 1e-9)


def main_group(
    portfolio: Portfolio, product: Product, env: str, signal: Signal, step: float
) -> dict[str, Any]:
    t = Timeline(step)
    window = durations.seconds(portfolio.dora.suspected_failure_window)
    first = BEFORE + GAP + durations.seconds(signal.alert.for_)  # room for the probes to fail
    d1 = t.at(first)
    onset_a = t.at(t.seconds(d1) - BEFORE)  # still failing when the first deployment lands
    d2 = t.at(t.seconds(d1) + window + GAP)
    onset_b = t.at(t.seconds(d2) + window + AFTER)  # 15 minutes past the second's window
    d3 = t.at(t.seconds(onset_b) + window + GAP)
    onset_c = t.at(t.seconds(d3) + window / 2)  # inside the third's window
    end = t.at(t.seconds(d3) + window + GAP)
    total = end + 1
    labels = {conventions.PRODUCT: product.id}
    series = _deployment_series(portfolio, product, env, [d1, d2, d3], total)
    # The first failure lasts until FAILURE after the first deployment landed.
    series += signal.series(
        [(onset_a, BEFORE + FAILURE), (onset_b, FAILURE), (onset_c, FAILURE)], step, total
    )
    cases = [
        # The signal sees the failure (the product's production ProductDown fires).
        _case(rules.R_SIGNAL, onset_a + 1, step, [(labels, 1)]),
        _case(rules.R_SIGNAL, onset_a - 1, step, [(labels, 0)]),
        # Failure before the first deployment: it started 15 minutes before (more than the
        # 5m lag), so the deployment is not flagged though the product is still down.
        _case(rules.R_SUSPECTED, _check_index(onset_a, step), step, []),
        _case(rules.R_SUSPECTED, _check_index(d1, step) + 1, step, []),
        # Failure after the second deployment's window: not flagged.
        _case(rules.R_SUSPECTED, _check_index(onset_b, step), step, []),
        # Neither ever was: nothing counted up to the third failure.
        _case(rules.R_SUSPECTED_COUNT, onset_c, step, [(labels, 0)]),
        # Failure inside the third deployment's window: flagged, the value is its number.
        _case(rules.R_SUSPECTED, _check_index(onset_c, step), step, [(labels, 3)]),
        # Over the DORA window: 1 suspected failure of 3 deployments (one of them failed).
        _case(rules.R_SUSPECTED_COUNT, end, step, [(labels, 1)]),
        _case(rules.R_DEPLOYMENTS, end, step, [(labels, 3)]),
        _case(rules.R_SUSPECTED_RATIO, end, step, [(labels, 1 / 3)]),
    ]
    return {
        "name": f"{product.id}: {signal.title}: a failure before the first deployment and one "
        f"after the second's {portfolio.dora.suspected_failure_window} window flag nothing, "
        "one inside the third's flags it",
        "interval": durations.render(step),
        "input_series": series,
        "promql_expr_test": cases,
    }


def inside_group(
    portfolio: Portfolio, product: Product, env: str, signal: Signal, step: float
) -> dict[str, Any]:
    """One deployment, ``signal`` firing half-way through its window: flagged."""
    t = Timeline(step)
    window = durations.seconds(portfolio.dora.suspected_failure_window)
    d1 = t.at(GAP)
    onset = t.at(t.seconds(d1) + window / 2)
    end = t.at(t.seconds(d1) + window + GAP)
    total = end + 1
    labels = {conventions.PRODUCT: product.id}
    series = _deployment_series(portfolio, product, env, [d1], total)
    series += signal.series([(onset, FAILURE)], step, total)
    cases = [
        _case(rules.R_SUSPECTED, _check_index(onset, step), step, [(labels, 1)]),
        _case(rules.R_SUSPECTED_COUNT, end, step, [(labels, 1)]),
        _case(rules.R_SUSPECTED_RATIO, end, step, [(labels, 1)]),
    ]
    return {
        "name": f"{product.id}: {signal.title} inside the window flags the deployment",
        "interval": durations.render(step),
        "input_series": series,
        "promql_expr_test": cases,
    }


def signals(portfolio: Portfolio, product: Product, env: str) -> list[Signal]:
    """The product's failure signals, ProductDown first."""
    team = {conventions.TEAM: product.team}
    down = _product_down(portfolio)
    probes = probe_labels(product, env)
    out = [
        Signal(
            "ProductDown" + ("" if probes else " (ALERTS)"),
            down,
            {conventions.PRODUCT: product.id, conventions.ENVIRONMENT: env, **team},
            probes,
        )
    ]
    by_name = {a.name: a for a in rules.signal_alerts(portfolio)}
    burn = by_name.get(conventions.slo_alert("availability"))
    slo = next((s for s in product.slos if s.name == "availability"), None)
    if burn is not None and slo is not None and slo.environment == env:
        labels = {
            conventions.PRODUCT: product.id,
            conventions.SLO: slo.name,
            "source": slo.source,
            conventions.TEAM: slo.owner,
        }
        if slo.source != "cloudflare":  # the probes' and services' SLIs keep the environment
            labels[conventions.ENVIRONMENT] = env
        out.append(Signal("the availability burn-rate page (ALERTS)", burn, labels, []))
    errors = by_name.get(conventions.ALERT_PRODUCT_ERROR_RATE_HIGH)
    if errors is not None and "cloudflare" in product.sources:
        out.append(
            Signal(
                "the 5xx ratio above its threshold (ALERTS)",
                errors,
                {conventions.PRODUCT: product.id, **team},
                [],
            )
        )
    return out


def product_tests(portfolio: Portfolio, product: Product, env: str, step: float) -> dict[str, Any]:
    main, *others = signals(portfolio, product, env)
    groups = [main_group(portfolio, product, env, main, step)]
    groups += [inside_group(portfolio, product, env, s, step) for s in others]
    return {
        "rule_files": [
            f"../{conventions.SHARED_RULES_FILE.removeprefix(conventions.RULES_DIR + '/')}",
            f"../{rules.RULES_FILE.removeprefix(conventions.RULES_DIR + '/')}",
        ],
        "evaluation_interval": durations.render(step),
        # The alerts first, as the signal reads the ALERTS they write at the same evaluation.
        "group_eval_order": [
            conventions.GROUP_RECORDING,
            conventions.GROUP_ALERTS,
            conventions.GROUP_MONITORING,
            rules.GROUP,
        ],
        "tests": groups,
    }


def documents(portfolio: Portfolio) -> Iterator[tuple[str, dict[str, Any]]]:
    """Test file name and document, one file at a time (none without a GitHub source)."""
    if not rules.in_use(portfolio):
        return
    step = choose_step(portfolio)
    for product in portfolio.products:
        settings = github.SOURCE.of(product)
        if settings:
            yield (
                f"{product.id}.dora.test.yml",
                product_tests(portfolio, product, settings.production_environment, step),
            )


def build(portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    """Test file name -> document (none without a GitHub source)."""
    return dict(documents(portfolio))
