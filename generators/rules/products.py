"""Prometheus recording and alerting rules from the model.

One shared rule file holds every expression; each product adds only its threshold series
(``product:threshold_*``) in a file of its own, so rules scale with products through labels,
and removing a product removes its file. Alerts join the threshold series with
``on(product) group_left``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from generators.rules.memo import per_portfolio
from generators.rules.units import (
    Alert,
    Recording,
    alert_document,
    error_rate_alerts,
    latency_alert,
    recording_document,
    threshold_query,
)
from portfolio import conventions
from portfolio.config.model import INCIDENT_BRIDGE_COMPONENT, Portfolio, Product


def _blackbox(metric: str, extra: str = "") -> str:
    return f'{metric}{{job="{conventions.JOB_BLACKBOX}"{extra}}}'


def window_record(window: str) -> str:
    return conventions.R_PROBE_SUCCESS_WINDOW.format(window=window)


def recordings(portfolio: Portfolio) -> tuple[Recording, ...]:
    """Shared recording rules: reused by alerts and dashboards."""
    product_environment_team = (
        f"{conventions.PRODUCT}, {conventions.ENVIRONMENT}, {conventions.TEAM}"
    )
    pet_labels = (conventions.PRODUCT, conventions.ENVIRONMENT, conventions.TEAM)
    window = portfolio.alerting.uptime_window
    cf = f'cloudflare_requests_total{{job="{conventions.exporter_job("cloudflare")}"'
    rules = [
        Recording(
            conventions.R_ENDPOINT_SUCCESS_5M,
            f"avg_over_time({_blackbox('probe_success')}[5m])",
            (
                "job",
                "instance",
                conventions.PRODUCT,
                conventions.ENVIRONMENT,
                conventions.ENDPOINT,
                conventions.TEAM,
            ),
        ),
        Recording(
            conventions.R_PROBE_SUCCESS_5M,
            f"avg by ({product_environment_team}) (avg_over_time({_blackbox('probe_success')}[5m]))",
            pet_labels,
        ),
        Recording(
            window_record(window),
            f"avg by ({product_environment_team}) (avg_over_time({_blackbox('probe_success')}[{window}]))",
            pet_labels,
        ),
        Recording(
            conventions.R_LATENCY_P95,
            f"max by ({product_environment_team}) (quantile_over_time(0.95, {_blackbox('probe_duration_seconds')}[5m]))",
            pet_labels,
        ),
        Recording(
            conventions.R_TLS_EXPIRY_DAYS,
            f"min by ({product_environment_team}) ({_blackbox('probe_ssl_earliest_cert_expiry')} - time()) / 86400",
            pet_labels,
        ),
    ]
    if "cloudflare" in portfolio.sources_in_use():
        rules += [
            Recording(
                conventions.R_REQUESTS_RATE,
                f"sum by ({conventions.PRODUCT}) (rate({cf}}}[5m]))",
                (conventions.PRODUCT,),
            ),
            Recording(
                conventions.R_ERROR_RATIO,
                f'sum by ({conventions.PRODUCT}) (rate({cf},status_class="5xx"}}[5m]))\n'
                f"/\nsum by ({conventions.PRODUCT}) (rate({cf}}}[5m]))",
                (conventions.PRODUCT,),
            ),
        ]
    return tuple(rules)


def threshold_recordings(product: Product) -> tuple[Recording, ...]:
    """The product's thresholds as series, so one shared alert serves every product."""
    labels = MappingProxyType({conventions.PRODUCT: product.id, conventions.TEAM: product.team})
    t = product.thresholds
    values = (
        (conventions.T_UPTIME, t.uptime_ratio),
        (conventions.T_ERROR, t.error_ratio),
        (conventions.T_LATENCY, t.response_time_seconds),
    )
    info = Recording(
        conventions.T_INFO,
        "vector(1)",
        (conventions.PRODUCT, conventions.TEAM, "tier"),
        MappingProxyType({**labels, "tier": str(product.tier)}),
    )
    return (
        *(
            Recording(name, f"vector({value:g})", (conventions.PRODUCT, conventions.TEAM), labels)
            for name, value in values
        ),
        info,
    )


def product_alerts(portfolio: Portfolio) -> tuple[Alert, ...]:
    a = portfolio.alerting
    f = a.for_
    window = a.uptime_window
    on_product = f"on({conventions.PRODUCT}) group_left()"
    add_team = f"on({conventions.PRODUCT}) group_left({conventions.TEAM})"
    product_environment_team = (
        f"{conventions.PRODUCT}, {conventions.ENVIRONMENT}, {conventions.TEAM}"
    )
    where = "{{ $labels.product }} ({{ $labels.environment }})"
    alerts = [
        Alert(
            name=conventions.ALERT_PRODUCT_DOWN,
            expr=f"max by ({product_environment_team}) ({_blackbox('probe_success')}) == 0",
            severity=conventions.CRITICAL,
            kind=conventions.KIND_AVAILABILITY,
            summary=f"{where} is down",
            description=f"Every health probe of {where} has failed for more than {f['outage']}.",
            for_=f["outage"],
        ),
        Alert(
            name=conventions.ALERT_ENDPOINT_DOWN,
            expr=f"{_blackbox('probe_success')} == 0",
            severity=conventions.WARNING,
            kind=conventions.KIND_AVAILABILITY,
            summary=f"Endpoint {{{{ $labels.endpoint }}}} of {where} is failing",
            description=f"Health probe of {{{{ $labels.instance }}}} has failed for more than {f['endpoint']}.",
            for_=f["endpoint"],
        ),
        Alert(
            name=conventions.ALERT_PRODUCT_UPTIME_LOW,
            expr=f"{window_record(window)}\n< {on_product}\n{conventions.T_UPTIME}",
            severity=conventions.WARNING,
            kind=conventions.KIND_AVAILABILITY,
            summary=f"{where} uptime is below its threshold",
            description=f"Uptime over the last {window} is {{{{ $value | humanizePercentage }}}}, below "
            f"the threshold of {threshold_query(conventions.T_UPTIME, 'humanizePercentage')}.",
            for_=f["uptime"],
        ),
        latency_alert(
            portfolio,
            conventions.ALERT_PRODUCT_LATENCY_HIGH,
            conventions.R_LATENCY_P95,
            on_product,
            where,
            "response time of the health endpoints",
        ),
        # One alert per level of alerting.tls_expiry, the same but for the days and severity.
        *(
            Alert(
                name=conventions.ALERT_TLS_CERTIFICATE_EXPIRING,
                expr=f"{conventions.R_TLS_EXPIRY_DAYS} < {days:g}",
                severity=severity,
                kind=conventions.KIND_TLS,
                summary=f"TLS certificate of {where} {when}",
                description='The earliest certificate expires in {{ $value | printf "%.1f" }} days '
                f"({severity} below {days:g} days).",
                for_=f["tls"],
            )
            for severity, days, when in (
                (conventions.WARNING, a.tls_warning_days, "expires soon"),
                (conventions.CRITICAL, a.tls_critical_days, "is about to expire"),
            )
        ),
    ]
    if "cloudflare" in portfolio.sources_in_use():
        alerts += [
            *error_rate_alerts(
                portfolio,
                conventions.ALERT_PRODUCT_ERROR_RATE_HIGH,
                conventions.R_ERROR_RATIO,
                add_team,
                "{{ $labels.product }}",
                "requests failed with 5xx over 5m",
            ),
            Alert(
                name=conventions.ALERT_HEALTH_CHECK_UNHEALTHY,
                expr=f"(\n  max by ({conventions.PRODUCT}, healthcheck) (cloudflare_healthcheck_status"
                f'{{job="{conventions.exporter_job("cloudflare")}",status="unhealthy"}}) == 1\n)\n'
                f"* {add_team}\n{conventions.T_INFO}",
                severity=conventions.WARNING,
                kind=conventions.KIND_AVAILABILITY,
                summary="Cloudflare health check {{ $labels.healthcheck }} of {{ $labels.product }} "
                "is unhealthy",
                description="Cloudflare's health check {{ $labels.healthcheck }} has reported the "
                f"origin of {{{{ $labels.product }}}} unhealthy for more than {f['endpoint']}; "
                "cloudflare_healthcheck_failure holds the reason.",
                for_=f["endpoint"],
            ),
        ]
    if "github" in portfolio.sources_in_use():
        job = conventions.exporter_job("github")
        alerts.append(
            Alert(
                name=conventions.ALERT_PRODUCT_DEPLOYED,
                expr=f"(\n  round(sum by ({conventions.PRODUCT}, {conventions.ENVIRONMENT}) (increase("
                f'github_deployments_total{{job="{job}",status="success"}}[10m])))\n'
                f"  > 0\n)\n* {add_team}\n{conventions.T_INFO}",
                severity=conventions.INFO,
                kind=conventions.KIND_DEPLOYMENT,
                summary="{{ $labels.product }} was deployed to {{ $labels.environment }}",
                description="{{ $value }} successful deployment(s) of {{ $labels.product }} to "
                "{{ $labels.environment }} in the last 10 minutes.",
            )
        )
    return tuple(alerts)


def _monitoring_alert(
    *, name: str, expr: str, summary: str, description: str, for_: str, labels: Mapping[str, str]
) -> Alert:
    """An alert on the monitoring itself: a warning about no product, routed by ``labels``
    (the owner team, and the exporter where it is about one)."""
    return Alert(
        name=name,
        expr=expr,
        severity=conventions.WARNING,
        kind=conventions.KIND_MONITORING,
        summary=summary,
        description=description,
        for_=for_,
        product_scoped=False,
        extra_labels=labels,
    )


def monitoring_alerts(portfolio: Portfolio) -> tuple[Alert, ...]:
    """Alerts on the monitoring itself; they go to the portfolio's owner team."""
    f = portfolio.alerting.for_["exporter"]
    owner = MappingProxyType({conventions.TEAM: portfolio.owner_team})
    alerts: list[Alert] = []
    for source in portfolio.sources_in_use():
        job = conventions.exporter_job(source)
        labels = MappingProxyType({**owner, conventions.EXPORTER: source})
        alerts += [
            _monitoring_alert(
                name=conventions.ALERT_EXPORTER_DOWN,
                expr=f'up{{job="{job}"}} == 0',
                summary=f"The {source} exporter cannot be scraped",
                description=f"Prometheus has failed to scrape {{{{ $labels.instance }}}} ({job}) for {f}.",
                for_=f,
                labels=labels,
            ),
            _monitoring_alert(
                name=conventions.ALERT_EXPORTER_UPSTREAM_FAILING,
                expr=f'{source}_up{{job="{job}"}} == 0',
                summary=f"The {source} exporter cannot refresh from its API",
                description=f"Refreshes from the {source} API have failed for {f}; the exporter serves "
                "data {{ with printf "
                f'"{source}_data_age_seconds{{source=%q}}" $labels.source | query }}}}'
                "{{ . | first | value | humanizeDuration }}{{ end }} old "
                "({{ $labels.source }}).",
                for_=f,
                labels=labels,
            ),
        ]
    components = [conventions.JOB_ALERTMANAGER, conventions.JOB_BLACKBOX_EXPORTER]
    components += [conventions.JOB_PUSHGATEWAY] if portfolio.stack.pushgateway else []
    if INCIDENT_BRIDGE_COMPONENT in portfolio.stack.addresses:
        components.append(conventions.JOB_INCIDENT_BRIDGE)
    alerts += [
        _monitoring_alert(
            name=conventions.ALERT_STACK_COMPONENT_DOWN,
            expr=f'up{{job=~"{"|".join(components)}"}} == 0',
            summary="{{ $labels.job }} cannot be scraped",
            description="Prometheus has failed to scrape {{ $labels.instance }} ({{ $labels.job }}) for "
            f"{f}: probes, notifications or CI reports depend on it.",
            for_=f,
            labels=owner,
        ),
        _monitoring_alert(
            name=conventions.ALERT_PROBES_MISSING,
            expr=f'absent(up{{job="{conventions.JOB_BLACKBOX}"}})',
            summary="No health probe results",
            description="Prometheus has no probe targets: uptime and latency alerts cannot fire.",
            for_=f,
            labels=owner,
        ),
        _monitoring_alert(
            name=conventions.ALERT_PROMETHEUS_RULE_FAILURES,
            expr="increase(prometheus_rule_evaluation_failures_total"
            f'{{job="{conventions.JOB_PROMETHEUS}"}}[5m]) > 0',
            summary="Prometheus fails to evaluate rules",
            description="{{ $value | humanize }} rule evaluations failed in group "
            "{{ $labels.rule_group }} in the last 5 minutes.",
            for_="5m",
            labels=owner,
        ),
        _monitoring_alert(
            name=conventions.ALERT_ALERTMANAGER_NOTIFICATIONS_FAILING,
            expr="increase(alertmanager_notifications_failed_total"
            f'{{job="{conventions.JOB_ALERTMANAGER}"}}[5m]) > 0',
            summary="Alertmanager fails to send notifications",
            description="{{ $value | humanize }} {{ $labels.integration }} notifications failed in the "
            "last 5 minutes.",
            for_="5m",
            labels=owner,
        ),
    ]
    if portfolio.stack.remote_write:
        alerts += remote_write_alerts(portfolio, owner)
    return tuple(alerts)


# How far a remote-write queue may trail what Prometheus appends before it is "behind": a
# store with a gap this long misses whatever a dashboard or rule reads from it.
REMOTE_WRITE_MAX_DELAY = 120


def remote_write_alerts(portfolio: Portfolio, owner: Mapping[str, str]) -> list[Alert]:
    """The long-term store falls behind or refuses samples (only with ``stack.remote_write``).
    ``RemoteWriteBehind`` compares the newest appended sample with the newest each queue has
    sent; a queue that never sent anything has no such series, and ``RemoteWriteFailing``
    catches it (its samples are retried, or given up on)."""
    f = portfolio.alerting.for_["exporter"]
    job = f'job="{conventions.JOB_PROMETHEUS}"'
    return [
        _monitoring_alert(
            name=conventions.ALERT_REMOTE_WRITE_BEHIND,
            expr="(\n  max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds"
            f"{{{job}}}[5m])\n  - ignoring (remote_name, url) group_right\n  max_over_time("
            f"prometheus_remote_storage_queue_highest_sent_timestamp_seconds{{{job}}}[5m])\n)"
            f" > {REMOTE_WRITE_MAX_DELAY}",
            summary="Remote write to {{ $labels.remote_name }} is falling behind",
            description="{{ $labels.instance }} has sent {{ $labels.remote_name }} "
            "({{ $labels.url }}) nothing newer than {{ $value | humanizeDuration }} before its "
            f"newest sample for {f}: the long-term store has a gap.",
            for_=f,
            labels=MappingProxyType(dict(owner)),
        ),
        _monitoring_alert(
            name=conventions.ALERT_REMOTE_WRITE_FAILING,
            expr="sum by (job, instance, remote_name, url) (\n  rate(prometheus_remote_storage_"
            f"samples_failed_total{{{job}}}[5m])\n  + rate(prometheus_remote_storage_samples_"
            f"retried_total{{{job}}}[5m])\n) > 0",
            summary="Remote write to {{ $labels.remote_name }} keeps failing",
            description="{{ $labels.instance }} has been retrying or dropping "
            "{{ $value | humanize }} samples/s to {{ $labels.remote_name }} "
            f"({{{{ $labels.url }}}}) for {f}.",
            for_=f,
            labels=MappingProxyType(dict(owner)),
        ),
    ]


@per_portfolio
def all_alerts(portfolio: Portfolio) -> tuple[Alert, ...]:
    return (*product_alerts(portfolio), *monitoring_alerts(portfolio))


def shared_rule_file(portfolio: Portfolio) -> dict[str, Any]:
    """``alert_rules/portfolio.rules.yml``: recording rules and every alert."""
    return {
        "groups": [
            {
                "name": conventions.GROUP_RECORDING,
                "rules": [recording_document(r) for r in recordings(portfolio)],
            },
            {
                "name": conventions.GROUP_ALERTS,
                "rules": [alert_document(a, portfolio) for a in product_alerts(portfolio)],
            },
            {
                "name": conventions.GROUP_MONITORING,
                "rules": [alert_document(a, portfolio) for a in monitoring_alerts(portfolio)],
            },
        ]
    }


def product_rule_file(product: Product, extra: Iterable[Recording] = ()) -> dict[str, Any]:
    """``alert_rules/products/<id>.rules.yml``: the product's thresholds (and SLO metadata)
    as series."""
    rules = [*threshold_recordings(product), *extra]
    return {
        "groups": [
            {
                "name": f"{conventions.GROUP_THRESHOLDS}-{product.id}",
                "rules": [recording_document(r) for r in rules],
            }
        ]
    }
