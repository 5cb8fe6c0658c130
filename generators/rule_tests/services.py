"""``promtool test rules`` of the services' alerts: ``<product>.services.test.yml``.

For every service of a product, in its own convention's names: an error burst above the
product's error-rate threshold pages and warns, one near it warns only, slow requests (the
histogram's p95 above the response-time threshold) warn, and an instance whose metrics cannot
be scraped warns. Input series are what the scrape job writes (its job and target labels);
expected annotations are rendered from the rules' templates with the values the series imply.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from generators.errors import BuildError
from generators.rule_tests.promtool import alert_case, counter, expanding, expected_alert
from generators.rule_tests.promtool import series_notation as notation
from generators.rules import services as rules
from generators.rules.units import Alert
from portfolio import conventions, durations
from portfolio import services as svc
from portfolio.config.model import Portfolio, Product, Slo
from portfolio.config.services import Service

# Seconds between input samples and evaluations: off every window (as the product tests, see
# docs/compatibility.md), so no sample sits on a range's left edge, which Prometheus 2.x
# includes and 3.x excludes.
STEP = 31.0
STEP_S = "31s"
WINDOW_STEPS = math.ceil(300 / STEP)  # steps for a sample to leave the rules' 5m windows
TOTAL = 10000  # requests per step in the error scenarios
SLOW = 100  # requests per step in the latency scenario
TAIL = 40  # steps after recovery


def _find(portfolio: Portfolio, name: str, severity: str) -> Alert:
    for alert in rules.alerts(portfolio):
        if alert.name == name and alert.severity == severity:
            return alert
    raise BuildError(f"rule test: no alert {name} ({severity})")


def _lifecycle(
    alert: Alert, active_at: float, resolved_at: float, expected: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Pending at the evaluation before ``for`` has passed, firing at the first one at or
    after it, gone after recovery (every time on the evaluation grid)."""
    fires = active_at + math.ceil(durations.seconds(alert.for_) / STEP) * STEP
    return [
        alert_case(alert.name, fires - STEP, []),
        alert_case(alert.name, fires, expected),
        alert_case(alert.name, resolved_at, []),
    ]


def _thresholds(product: Product) -> dict[str, float]:
    t = product.thresholds
    return {conventions.T_ERROR: t.error_ratio, conventions.T_LATENCY: t.response_time_seconds}


def _labels(product: Product, service: Service) -> dict[str, str]:
    return {
        conventions.PRODUCT: product.id,
        conventions.ENVIRONMENT: service.environment,
        conventions.TEAM: product.team,
        svc.SERVICE: service.name,
    }


def _scraped(product: Product, service: Service) -> dict[str, str]:
    return {
        "job": service.convention.job,
        "instance": service.targets[0],
        **_labels(product, service),
    }


def _group(title: str, series: list[dict[str, str]], cases: list[Any]) -> dict[str, Any]:
    return {"name": title, "interval": STEP_S, "input_series": series, "alert_rule_test": cases}


def error_groups(portfolio: Portfolio, product: Product, service: Service) -> list[dict[str, Any]]:
    crit = _find(portfolio, svc.ALERT_ERROR_RATE_HIGH, conventions.CRITICAL)
    warn = _find(portfolio, svc.ALERT_ERROR_RATE_HIGH, conventions.WARNING)
    threshold = product.thresholds.error_ratio
    c = service.convention
    bad = int((durations.seconds(crit.for_) + 600) / STEP)
    base = _scraped(product, service)

    def group(ratio: float, expect: list[Alert], title: str) -> dict[str, Any]:
        # ``errors`` of every TOTAL requests fail per step during the burst, none afterwards:
        # the rate over 5m of both counters is per step / 30 s, so the ratio is errors / TOTAL.
        errors = round(min(ratio, 0.9) * TOTAL)
        series = [
            {
                "series": notation(c.requests, {**base, c.status_label: "500"}),
                "values": f"{counter(0, errors, bad)} {expanding((errors * (bad - 1), TAIL))}",
            },
            {
                "series": notation(c.requests, {**base, c.status_label: "200"}),
                "values": counter(0, TOTAL - errors, bad + TAIL),
            },
        ]
        value = errors / TOTAL
        th = _thresholds(product)
        labels = _labels(product, service)
        expected = [expected_alert(portfolio, x, labels, value, th) for x in expect]
        resolved = (bad + WINDOW_STEPS + 1) * STEP  # the last 5xx have left the window
        return _group(title, series, _lifecycle(crit, STEP, resolved, expected))

    above = threshold * 1.5
    near = threshold * (portfolio.alerting.approaching + 1) / 2
    where = f"{product.id}: {service.name} ({service.environment}, {c.name})"
    return [
        group(above, [crit, warn], f"{where} error burst {above:.2%} over {threshold:.2%} pages"),
        group(near, [warn], f"{where} error rate {near:.2%} near {threshold:.2%} warns only"),
    ]


def latency_group(portfolio: Portfolio, product: Product, service: Service) -> dict[str, Any]:
    """Every request of the slow phase lands in the bucket (t, 2t] of threshold t, so
    histogram_quantile puts p95 at t + 0.95 * t = 1.95 t; afterwards every request is under
    t / 2 and p95 falls to 0.475 t once the slow ones leave the 5m window."""
    alert = _find(portfolio, svc.ALERT_LATENCY_HIGH, conventions.WARNING)
    t = product.thresholds.response_time_seconds
    c = service.convention
    slow = int((durations.seconds(alert.for_) + 600) / STEP)
    base = _scraped(product, service)
    bounds = {"fast": f"{t / 2:g}", "limit": f"{t:g}", "slow": f"{2 * t:g}", "inf": "+Inf"}
    after_fast = (
        f"{expanding((0, slow))} {counter(SLOW, SLOW, TAIL)}"  # 0 until the slow phase ends
    )
    always = counter(0, SLOW, slow + TAIL)
    series = [
        {"series": notation(c.buckets, {**base, "le": bounds["fast"]}), "values": after_fast},
        {"series": notation(c.buckets, {**base, "le": bounds["limit"]}), "values": after_fast},
        {"series": notation(c.buckets, {**base, "le": bounds["slow"]}), "values": always},
        {"series": notation(c.buckets, {**base, "le": bounds["inf"]}), "values": always},
    ]
    p95 = t + (2 * t - t) * 0.95
    expected = [
        expected_alert(portfolio, alert, _labels(product, service), p95, _thresholds(product))
    ]
    resolved = (slow + WINDOW_STEPS + 1) * STEP  # the slow requests have left the window
    where = f"{product.id}: {service.name} ({service.environment}, {c.name})"
    return _group(
        f"{where} p95 of {p95:g}s over {t:g}s warns",
        series,
        _lifecycle(alert, STEP, resolved, expected),
    )


def target_down_group(portfolio: Portfolio, product: Product, service: Service) -> dict[str, Any]:
    alert = _find(portfolio, svc.ALERT_TARGET_DOWN, conventions.WARNING)
    hold = durations.seconds(alert.for_)
    down = int((hold + 300) / STEP)
    labels = _scraped(product, service)
    where = f"{product.id}: {service.name} ({service.environment}, {service.convention.name})"
    return _group(
        f"{where} an instance that cannot be scraped warns",
        [{"series": notation("up", labels), "values": expanding((0, down), (1, 20))}],
        _lifecycle(
            alert,
            0,
            (down + 1) * STEP,
            [expected_alert(portfolio, alert, labels, 0, _thresholds(product))],
        ),
    )


def product_tests(portfolio: Portfolio, product: Product) -> dict[str, Any]:
    groups: list[dict[str, Any]] = []
    for service in product.services:
        groups += error_groups(portfolio, product, service)
        groups.append(latency_group(portfolio, product, service))
        groups.append(target_down_group(portfolio, product, service))
    return {
        "rule_files": ["../services.rules.yml", f"../products/{product.id}.rules.yml"],
        "evaluation_interval": STEP_S,
        # Thresholds first, as a running Prometheus has them long before any alert.
        "group_eval_order": [
            f"{conventions.GROUP_THRESHOLDS}-{product.id}",
            svc.GROUP_RECORDING,
            svc.GROUP_ALERTS,
        ],
        "tests": groups,
    }


def documents(portfolio: Portfolio) -> Iterator[tuple[str, dict[str, Any]]]:
    """Test file name and document, one file at a time, for every product with services."""
    for product in portfolio.products:
        if product.services:
            yield f"{product.id}.services.test.yml", product_tests(portfolio, product)


def build(portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    """Test file name -> document, for every product with services."""
    return dict(documents(portfolio))


def slo_input_series(product: Product, objective: Slo, bad: str, good: str) -> list[dict[str, str]]:
    """Input series of an availability SLO read from the services' requests
    (``generators.rule_tests.slo``): ``bad`` 5xx and ``good`` 200 request counters, in
    promtool's notation, of the first service in the SLO's environment."""
    service = next(s for s in product.services if s.environment == objective.environment)
    c = service.convention
    base = _scraped(product, service)
    return [
        {"series": notation(c.requests, {**base, c.status_label: "500"}), "values": bad},
        {"series": notation(c.requests, {**base, c.status_label: "200"}), "values": good},
    ]
