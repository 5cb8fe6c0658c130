"""``promtool test rules`` files generated from the model: proof of what each alert does.

For every product and alert kind: input series that cross the product's own threshold, the
time the alert must still be pending (its ``for:`` minus one evaluation), the time it must
fire with exact labels and annotations (live values included), and a time after recovery
when it must have resolved. Expected annotations are rendered here from the same templates
the rules carry, with the values the input series imply.

Samples and evaluations share a 31 s grid that no range selector's length is a multiple of,
so no sample ever sits on a range's left edge: Prometheus 2.x (both ends included) and 3.x
(left-open) hold the same samples, ``floor(range / 31 s) + 1`` of them (117 in ``[1h]``). A
``for:`` holds from the first evaluation at or after ``for`` has passed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from generators.errors import BuildError
from generators.rule_tests.promtool import (
    alert_case,
    counter,
    expanding,
    expected_alert,
    increase,
    require_off_grid,
    series_notation,
)
from generators.rule_tests.templates import humanize_duration
from generators.rules import products as rules
from generators.rules.units import Alert
from portfolio import conventions, durations
from portfolio.config.model import Portfolio, Product
from portfolio.sources import github

STEP = 31.0  # seconds between input samples and between rule evaluations: off every window
STEP_S = "31s"


# --- building blocks ---------------------------------------------------------------------


def _lifecycle(
    alert: Alert,
    active_at: float,
    resolved_at: float,
    expected: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Pending one step before ``for`` has passed, firing at it, gone after recovery."""
    fires = firing_at(alert, active_at)
    cases = [alert_case(alert.name, fires - STEP, [])]
    cases.append(alert_case(alert.name, fires, expected))
    cases.append(alert_case(alert.name, resolved_at, []))
    return cases


def hold_steps(alert: Alert) -> int:
    """Evaluations from becoming active to firing: the first one at or after ``for``."""
    return math.ceil(durations.seconds(alert.for_) / STEP)


def firing_at(alert: Alert, active_at: float) -> float:
    return active_at + hold_steps(alert) * STEP


def _group(
    portfolio: Portfolio,
    product: Product,
    title: str,
    series: list[dict[str, str]],
    cases: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "name": f"{product.id}: {title}",
        "interval": STEP_S,
        "input_series": series,
        "alert_rule_test": cases,
    }


def _find(portfolio: Portfolio, name: str, severity: str) -> Alert:
    for alert in rules.all_alerts(portfolio):
        if alert.name == name and alert.severity == severity:
            return alert
    raise BuildError(f"rule test: no alert {name} ({severity})")


def _thresholds(product: Product) -> dict[str, float]:
    t = product.thresholds
    return {
        conventions.T_UPTIME: t.uptime_ratio,
        conventions.T_ERROR: t.error_ratio,
        conventions.T_LATENCY: t.response_time_seconds,
    }


# --- per alert kind ----------------------------------------------------------------------


def probe_labels(product: Product, env: str) -> list[dict[str, str]]:
    """The labels of the product's probe series in ``env``, as the blackbox job scrapes them."""
    return [
        {
            "job": conventions.JOB_BLACKBOX,
            "instance": e.target,
            conventions.PRODUCT: product.id,
            conventions.ENVIRONMENT: e.environment,
            conventions.ENDPOINT: e.name,
            conventions.TEAM: product.team,
        }
        for e in product.endpoints
        if e.environment == env
    ]


def _product_labels(product: Product, env: str) -> dict[str, str]:
    return {
        conventions.PRODUCT: product.id,
        conventions.ENVIRONMENT: env,
        conventions.TEAM: product.team,
    }


def outage_group(portfolio: Portfolio, product: Product, env: str) -> dict[str, Any]:
    down = _find(portfolio, conventions.ALERT_PRODUCT_DOWN, conventions.CRITICAL)
    endpoint = _find(portfolio, conventions.ALERT_ENDPOINT_DOWN, conventions.WARNING)
    start = 4 * STEP  # healthy for 2 minutes first
    down_for = max(durations.seconds(down.for_), durations.seconds(endpoint.for_)) + 300
    down_samples = int(down_for / STEP)
    probes = probe_labels(product, env)
    values = expanding((1, 4), (0, down_samples), (1, 40))
    series = [
        {"series": series_notation("probe_success", labels), "values": values} for labels in probes
    ]
    recovered = start + down_for + 2 * STEP
    th = _thresholds(product)
    cases = _lifecycle(
        down,
        start,
        recovered,
        [expected_alert(portfolio, down, _product_labels(product, env), 0, th)],
    )
    cases += _lifecycle(
        endpoint,
        start,
        recovered,
        [expected_alert(portfolio, endpoint, labels, 0, th) for labels in probes],
    )
    return _group(
        portfolio, product, f"{env} outage pages, a failing endpoint warns", series, cases
    )


def uptime_groups(portfolio: Portfolio, product: Product, env: str) -> list[dict[str, Any]]:
    alert = _find(portfolio, conventions.ALERT_PRODUCT_UPTIME_LOW, conventions.WARNING)
    window = durations.seconds(portfolio.alerting.uptime_window)
    per_window = int(window / STEP) + 1  # Prometheus 2.x: both ends included
    budget = 1 - product.thresholds.uptime_ratio
    fail_fire = math.floor(per_window * budget) + 1
    fail_ok = math.floor((per_window - 1) * budget)
    probes = probe_labels(product, env)
    th = _thresholds(product)
    first_zero = per_window * STEP  # a full window of successes first
    tail = per_window + 20

    def series(failures: int) -> list[dict[str, str]]:
        values = expanding((1, per_window), (0, failures), (1, tail))
        return [
            {"series": series_notation("probe_success", labels), "values": values}
            for labels in probes
        ]

    active = first_zero + (fail_fire - 1) * STEP
    value = (per_window - fail_fire) / per_window
    resolved = first_zero + window + fail_fire * STEP + STEP
    fire = _group(
        portfolio,
        product,
        f"{env} uptime {fail_fire} failed probes in {portfolio.alerting.uptime_window} "
        f"is below {product.thresholds.uptime_ratio:.2%}",
        series(fail_fire),
        _lifecycle(
            alert,
            active,
            resolved,
            [expected_alert(portfolio, alert, _product_labels(product, env), value, th)],
        ),
    )
    quiet = _group(
        portfolio,
        product,
        f"{env} uptime {fail_ok} failed probes in {portfolio.alerting.uptime_window} is within "
        "the threshold",
        series(fail_ok),
        [alert_case(alert.name, first_zero + fail_ok * STEP + hold_steps(alert) * STEP + STEP, [])],
    )
    return [fire, quiet]


def latency_group(portfolio: Portfolio, product: Product, env: str) -> dict[str, Any]:
    alert = _find(portfolio, conventions.ALERT_PRODUCT_LATENCY_HIGH, conventions.WARNING)
    threshold = product.thresholds.response_time_seconds
    slow = round(threshold * 1.5, 6)
    fast = round(threshold * 0.5, 6)
    slow_samples = int((durations.seconds(alert.for_) + 600) / STEP)
    values = expanding((slow, slow_samples), (fast, 40))
    series = [
        {"series": series_notation("probe_duration_seconds", labels), "values": values}
        for labels in probe_labels(product, env)
    ]
    resolved = slow_samples * STEP + 300 + STEP
    expected = [
        expected_alert(portfolio, alert, _product_labels(product, env), slow, _thresholds(product))
    ]
    return _group(
        portfolio,
        product,
        f"{env} p95 of {humanize_duration(slow)} exceeds {humanize_duration(threshold)}",
        series,
        _lifecycle(alert, 0, resolved, expected),
    )


def tls_group(portfolio: Portfolio, product: Product, env: str) -> list[dict[str, Any]]:
    warn = _find(portfolio, conventions.ALERT_TLS_CERTIFICATE_EXPIRING, conventions.WARNING)
    crit = _find(portfolio, conventions.ALERT_TLS_CERTIFICATE_EXPIRING, conventions.CRITICAL)
    a = portfolio.alerting
    hold = durations.seconds(warn.for_)
    renewed_at = hold + 600
    samples = int(renewed_at / STEP)
    th = _thresholds(product)

    def group(days: float, expect: list[Alert], title: str) -> dict[str, Any]:
        expiry = days * 86400
        values = f"{expanding((expiry, samples))} {expanding((expiry + 365 * 86400, 20))}"
        series = [
            {"series": series_notation("probe_ssl_earliest_cert_expiry", labels), "values": values}
            for labels in probe_labels(product, env)
        ]
        left = (expiry - firing_at(warn, 0)) / 86400
        expected = [
            expected_alert(portfolio, x, _product_labels(product, env), left, th) for x in expect
        ]
        return _group(
            portfolio,
            product,
            title,
            series,
            _lifecycle(warn, 0, renewed_at + STEP, expected),
        )

    return [
        group(
            (a.tls_warning_days + a.tls_critical_days) / 2,
            [warn],
            f"{env} certificate expiring within {a.tls_warning_days:g} days warns",
        ),
        group(
            a.tls_critical_days / 2,
            [crit, warn],
            f"{env} certificate expiring within {a.tls_critical_days:g} days pages",
        ),
    ]


def error_rate_groups(portfolio: Portfolio, product: Product) -> list[dict[str, Any]]:
    crit = _find(portfolio, conventions.ALERT_PRODUCT_ERROR_RATE_HIGH, conventions.CRITICAL)
    warn = _find(portfolio, conventions.ALERT_PRODUCT_ERROR_RATE_HIGH, conventions.WARNING)
    threshold = product.thresholds.error_ratio
    approaching = portfolio.alerting.approaching
    total = 10000
    bad_samples = int((durations.seconds(crit.for_) + 600) / STEP)
    job = conventions.exporter_job("cloudflare")
    base = {
        "job": job,
        "instance": portfolio.stack.addresses["cloudflare_exporter"],
        conventions.PRODUCT: product.id,
    }
    th = _thresholds(product)
    labels = {conventions.PRODUCT: product.id, conventions.TEAM: product.team}

    def group(ratio: float, expect: list[Alert], title: str) -> dict[str, Any]:
        errors = round(min(ratio, 0.9) * total)
        tail = 40
        series = [
            {
                "series": series_notation(
                    "cloudflare_requests_total", {**base, "status_class": "5xx"}
                ),
                "values": f"{counter(0, errors, bad_samples)} "
                f"{expanding((errors * bad_samples, tail))}",
            },
            {
                "series": series_notation(
                    "cloudflare_requests_total", {**base, "status_class": "2xx"}
                ),
                "values": counter(0, total - errors, bad_samples + tail),
            },
        ]
        value = errors / total
        expected = [expected_alert(portfolio, x, labels, value, th) for x in expect]
        resolved = bad_samples * STEP + 300 + STEP
        return _group(portfolio, product, title, series, _lifecycle(crit, STEP, resolved, expected))

    above = threshold * 1.5
    near = threshold * (approaching + 1) / 2
    return [
        group(above, [crit, warn], f"error rate {above:.2%} over {threshold:.2%} pages"),
        group(near, [warn], f"error rate {near:.2%} near {threshold:.2%} warns only"),
    ]


def health_check_group(portfolio: Portfolio, product: Product) -> dict[str, Any]:
    """Cloudflare's health check ``origin`` turns unhealthy for ``for`` + 10 minutes; ``api``
    stays healthy and ``edge`` is suspended (a paused check is not a failure): only ``origin``
    warns, and it resolves when the check is healthy again."""
    alert = _find(portfolio, conventions.ALERT_HEALTH_CHECK_UNHEALTHY, conventions.WARNING)
    base = {
        "job": conventions.exporter_job("cloudflare"),
        "instance": portfolio.stack.addresses["cloudflare_exporter"],
        conventions.PRODUCT: product.id,
    }
    lead, tail = 2, 40
    bad = math.ceil((durations.seconds(alert.for_) + 600) / STEP)
    states = {
        "origin": {
            "unhealthy": expanding((0, lead), (1, bad), (0, tail)),
            "healthy": expanding((1, lead), (0, bad), (1, tail)),
        },
        "api": {
            "unhealthy": expanding((0, lead + bad + tail)),
            "healthy": expanding((1, lead + bad + tail)),
        },
        "edge": {
            "unhealthy": expanding((0, lead + bad + tail)),
            "suspended": expanding((1, lead + bad + tail)),
        },
    }
    series = [
        {
            "series": series_notation(
                "cloudflare_healthcheck_status", {**base, "healthcheck": check, "status": status}
            ),
            "values": values,
        }
        for check, by_status in states.items()
        for status, values in by_status.items()
    ]
    labels = {
        conventions.PRODUCT: product.id,
        "healthcheck": "origin",
        conventions.TEAM: product.team,
    }
    expected = [expected_alert(portfolio, alert, labels, 1, {})]
    healthy_again = (lead + bad) * STEP
    return _group(
        portfolio,
        product,
        "an unhealthy Cloudflare health check warns; a healthy or suspended one does not",
        series,
        _lifecycle(alert, lead * STEP, healthy_again + STEP, expected),
    )


def deployment_group(portfolio: Portfolio, product: Product, env: str) -> dict[str, Any]:
    """``env``: the product's GitHub production environment."""
    alert = _find(portfolio, conventions.ALERT_PRODUCT_DEPLOYED, conventions.INFO)
    labels = {
        "job": conventions.exporter_job("github"),
        "instance": portfolio.stack.addresses["github_exporter"],
        conventions.PRODUCT: product.id,
        conventions.ENVIRONMENT: env,
        "status": "success",
    }
    series = [
        {
            "series": series_notation("github_deployments_total", labels),
            "values": expanding((0, 6), (1, 40)),
        }
    ]
    # The product's info series comes from its threshold rule file.
    deployed_at = 6 * STEP
    expected = [
        expected_alert(
            portfolio,
            alert,
            {
                conventions.PRODUCT: product.id,
                conventions.ENVIRONMENT: env,
                conventions.TEAM: product.team,
            },
            1,
            {},
        )
    ]
    return _group(
        portfolio,
        product,
        f"a deployment to {env} informs",
        series,
        _lifecycle(alert, deployed_at, deployed_at + 600 + STEP, expected),
    )


def product_tests(portfolio: Portfolio, product: Product) -> dict[str, Any]:
    env = product.endpoints[0].environment
    groups: list[dict[str, Any]] = [outage_group(portfolio, product, env)]
    groups += uptime_groups(portfolio, product, env)
    groups.append(latency_group(portfolio, product, env))
    groups += tls_group(portfolio, product, env)
    if "cloudflare" in product.sources:
        groups += error_rate_groups(portfolio, product)
        groups.append(health_check_group(portfolio, product))
    settings = github.SOURCE.of(product)
    if settings:
        groups.append(deployment_group(portfolio, product, settings.production_environment))
    return {
        "rule_files": ["../portfolio.rules.yml", f"../products/{product.id}.rules.yml"],
        "evaluation_interval": STEP_S,
        # Thresholds first, as a running Prometheus has them long before any alert.
        "group_eval_order": [
            f"{conventions.GROUP_THRESHOLDS}-{product.id}",
            conventions.GROUP_RECORDING,
            conventions.GROUP_ALERTS,
            conventions.GROUP_MONITORING,
        ],
        "tests": groups,
    }


def monitoring_tests(portfolio: Portfolio) -> dict[str, Any]:
    groups = []
    owner = {conventions.TEAM: portfolio.owner_team}
    for source in portfolio.sources_in_use():
        job = conventions.exporter_job(source)
        scrape = {"job": job, "instance": portfolio.stack.addresses[f"{source}_exporter"]}
        down = _find_monitoring(portfolio, conventions.ALERT_EXPORTER_DOWN, job)
        failing = _find_monitoring(portfolio, conventions.ALERT_EXPORTER_UPSTREAM_FAILING, job)
        hold = durations.seconds(down.for_)
        bad = int((hold + 300) / STEP)
        age = 1800.0
        # One refresh loop fails; the exporter's other loops stay healthy and fresh.
        loop, healthy = {**scrape, "source": "failing"}, {**scrape, "source": "healthy"}
        series = [
            {"series": series_notation("up", scrape), "values": expanding((0, bad), (1, 20))},
            {
                "series": series_notation(f"{source}_up", loop),
                "values": expanding((0, bad), (1, 20)),
            },
            {
                "series": series_notation(f"{source}_up", healthy),
                "values": expanding((1, bad + 20)),
            },
            {
                "series": series_notation(f"{source}_data_age_seconds", loop),
                "values": expanding((age, bad + 20)),
            },
            {
                "series": series_notation(f"{source}_data_age_seconds", healthy),
                "values": expanding((30, bad + 20)),
            },
        ]
        recovered = bad * STEP + STEP
        cases = _lifecycle(
            down, 0, recovered, [expected_alert(portfolio, down, {**scrape, **owner}, 0, {})]
        )
        cases += _lifecycle(
            failing,
            0,
            recovered,
            [
                expected_alert(
                    portfolio, failing, {**loop, **owner}, 0, {f"{source}_data_age_seconds": age}
                )
            ],
        )
        groups.append(
            {
                "name": f"monitoring: {source} exporter down and failing upstream",
                "interval": STEP_S,
                "input_series": series,
                "alert_rule_test": cases,
            }
        )
    component = _find_monitoring(portfolio, conventions.ALERT_STACK_COMPONENT_DOWN, None)
    targets = [
        {"job": job, "instance": portfolio.stack.addresses[address]}
        for job, address in (
            (conventions.JOB_ALERTMANAGER, "alertmanager"),
            (conventions.JOB_BLACKBOX_EXPORTER, "blackbox"),
        )
    ]
    hold = durations.seconds(component.for_)
    down_steps = int((hold + 300) / STEP)
    groups.append(
        {
            "name": "monitoring: a stack component down (the other up)",
            "interval": STEP_S,
            "input_series": [
                {
                    "series": series_notation("up", targets[0]),
                    "values": expanding((0, down_steps), (1, 20)),
                },
                {
                    "series": series_notation("up", targets[1]),
                    "values": expanding((1, down_steps + 20)),
                },
            ],
            "alert_rule_test": _lifecycle(
                component,
                0,
                down_steps * STEP + STEP,
                [expected_alert(portfolio, component, {**targets[0], **owner}, 0, {})],
            ),
        }
    )
    missing = _find_monitoring(portfolio, conventions.ALERT_PROBES_MISSING, None)
    groups.append(
        {
            "name": "monitoring: no probe targets",
            "interval": STEP_S,
            "input_series": [
                {
                    "series": series_notation(
                        "up", {"job": conventions.JOB_PROMETHEUS, "instance": "x"}
                    ),
                    "values": expanding((1, 40)),
                }
            ],
            "alert_rule_test": [
                alert_case(missing.name, firing_at(missing, 0) - STEP, []),
                alert_case(
                    missing.name,
                    firing_at(missing, 0),
                    [
                        expected_alert(
                            portfolio, missing, {"job": conventions.JOB_BLACKBOX, **owner}, 1, {}
                        )
                    ],
                ),
            ],
        }
    )
    for name, metric, extra, job in (
        (
            conventions.ALERT_PROMETHEUS_RULE_FAILURES,
            "prometheus_rule_evaluation_failures_total",
            {"rule_group": "x.yml;portfolio-alerts"},
            conventions.JOB_PROMETHEUS,
        ),
        (
            conventions.ALERT_ALERTMANAGER_NOTIFICATIONS_FAILING,
            "alertmanager_notifications_failed_total",
            {"integration": "slack", "reason": "other"},
            conventions.JOB_ALERTMANAGER,
        ),
    ):
        alert = _find_monitoring(portfolio, name, None)
        labels = {"job": job, "instance": portfolio.stack.addresses[job], **extra}
        hold = durations.seconds(alert.for_)
        failing_samples = int((hold + 300) / STEP)
        series = [
            {
                "series": series_notation(metric, labels),
                "values": f"{counter(0, 1, failing_samples)} {expanding((failing_samples - 1, 30))}",
            }
        ]
        # The alert's value when it fires: increase over its window, extrapolated.
        fires = round(firing_at(alert, STEP) / STEP)
        window = durations.seconds(_range_of(alert.expr))
        value = increase([float(v) for v in range(failing_samples)], fires, window, STEP)
        groups.append(
            {
                "name": f"monitoring: {name}",
                "interval": STEP_S,
                "input_series": series,
                "alert_rule_test": _lifecycle(
                    alert,
                    STEP,
                    failing_samples * STEP + 300 + STEP,
                    [expected_alert(portfolio, alert, {**labels, **owner}, value, {})],
                ),
            }
        )
    if portfolio.stack.remote_write:
        groups += remote_write_groups(portfolio, owner)
    return {
        "rule_files": ["../portfolio.rules.yml"],
        "evaluation_interval": STEP_S,
        "tests": groups,
    }


T0 = 1_700_000_000  # a Unix time for the newest-sample gauges: they carry timestamps


def remote_write_groups(portfolio: Portfolio, owner: dict[str, str]) -> list[dict[str, Any]]:
    """One queue (the first target) stops sending while another keeps up: only the stuck
    one is behind, then it catches up; and a queue whose samples are retried fails."""
    behind = _find_monitoring(portfolio, conventions.ALERT_REMOTE_WRITE_BEHIND, None)
    failing = _find_monitoring(portfolio, conventions.ALERT_REMOTE_WRITE_FAILING, None)
    target, *_ = portfolio.stack.remote_write
    instance = {
        "job": conventions.JOB_PROMETHEUS,
        "instance": portfolio.stack.addresses["prometheus"],
    }
    stuck = {**instance, "remote_name": target.name, "url": target.url}
    keeping_up = {**instance, "remote_name": "other", "url": "http://other.example/write"}
    hold = hold_steps(behind)
    # The stuck queue's newest sent sample stays at T0 while appends go on every step; after
    # ``stalled`` steps it sends everything at once and follows again.
    stalled = hold + 40
    total = stalled + 40
    # Behind by k steps' worth at step k (max_over_time holds the newest sample of each):
    # active once that exceeds the limit, firing ``for`` later with the delay at that time.
    active = math.floor(rules.REMOTE_WRITE_MAX_DELAY / STEP) + 1
    fires = firing_at(behind, active * STEP)
    # Catching up at ``stalled``: the stuck gauge's 5m max is the newest again at once.
    behind_cases = _lifecycle(
        behind,
        active * STEP,
        stalled * STEP + STEP,
        [expected_alert(portfolio, behind, {**stuck, **owner}, fires, {})],
    )
    retried = {**instance, "remote_name": target.name, "url": target.url}
    failing_steps = hold + 30
    # 40 samples retried per step while failing: rate over 5m is 40 / 31 per second.
    rate = 40 / STEP
    failing_cases = _lifecycle(
        failing,
        STEP,
        failing_steps * STEP + 300 + STEP,
        [expected_alert(portfolio, failing, {**retried, **owner}, rate, {})],
    )
    return [
        {
            "name": f"monitoring: remote write to {target.name} stalls, then catches up",
            "interval": STEP_S,
            "input_series": [
                {
                    "series": series_notation(
                        "prometheus_remote_storage_highest_timestamp_in_seconds", instance
                    ),
                    "values": counter(T0, STEP, total),
                },
                {
                    "series": series_notation(
                        "prometheus_remote_storage_queue_highest_sent_timestamp_seconds", stuck
                    ),
                    "values": f"{expanding((T0, stalled))} "
                    f"{counter(T0 + stalled * STEP, STEP, total - stalled)}",
                },
                {
                    "series": series_notation(
                        "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
                        keeping_up,
                    ),
                    "values": counter(T0, STEP, total),
                },
            ],
            "alert_rule_test": behind_cases,
        },
        {
            "name": f"monitoring: remote write to {target.name} retries samples",
            "interval": STEP_S,
            "input_series": [
                {
                    "series": series_notation(
                        "prometheus_remote_storage_samples_retried_total", retried
                    ),
                    "values": f"{counter(0, 40, failing_steps)} "
                    f"{expanding(((failing_steps - 1) * 40, 30))}",
                },
                {
                    "series": series_notation(
                        "prometheus_remote_storage_samples_failed_total", retried
                    ),
                    "values": expanding((0, failing_steps + 30)),
                },
            ],
            "alert_rule_test": failing_cases,
        },
    ]


def _range_of(expr: str) -> str:
    match = re.search(r"\[(\w+)\]", expr)
    if match is None:
        raise BuildError(f"rule test: no range selector in {expr!r}")
    return match.group(1)


def _find_monitoring(portfolio: Portfolio, name: str, job: str | None) -> Alert:
    for alert in rules.monitoring_alerts(portfolio):
        if alert.name == name and (job is None or f'job="{job}"' in alert.expr):
            return alert
    raise BuildError(f"rule test: no monitoring alert {name} for {job}")


def documents(portfolio: Portfolio) -> Iterator[tuple[str, dict[str, Any]]]:
    """Test file name and document, one file at a time (the stage writes each before the
    next is built, so a thousand products' documents are never all held at once)."""
    exprs = [r.expr for r in rules.recordings(portfolio)]
    exprs += [a.expr for a in (*rules.all_alerts(portfolio), *rules.monitoring_alerts(portfolio))]
    require_off_grid(STEP, exprs, "product rule tests")
    for product in portfolio.products:
        yield f"{product.id}.test.yml", product_tests(portfolio, product)
    yield "monitoring.test.yml", monitoring_tests(portfolio)


def build(portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    """Test file name -> document."""
    return dict(documents(portfolio))
