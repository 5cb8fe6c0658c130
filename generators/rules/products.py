"""Prometheus recording and alerting rules from the model.

One shared rule file holds every expression; each product adds only its threshold series
(``product:threshold_*``) in a file of its own, so rules scale with products through labels,
and removing a product removes its file. Alerts join the threshold series with
``on(product) group_left``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generators.errors import BuildError
from generators.rules.memo import per_portfolio
from portfolio import conventions
from portfolio.catalog import Metric
from portfolio.config.model import Portfolio, Product

SEVERITY_SET = frozenset(conventions.SEVERITIES)


@dataclass(frozen=True)
class Alert:
    """An alerting rule. Checked when built: unknown severity or missing summary fails here."""

    name: str
    expr: str
    severity: str
    kind: str
    summary: str
    description: str
    for_: str = "0s"
    product_scoped: bool = True  # has a product label, so gets runbook and dashboard links
    extra_labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    dashboard: str = "product"  # key of conventions.DASHBOARD_UIDS the alert links to

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_SET:
            raise BuildError(f"alert '{self.name}': unknown severity '{self.severity}'")
        if not self.expr.strip() or not self.summary or not self.description:
            raise BuildError(f"alert '{self.name}': needs an expression, summary and description")


@dataclass(frozen=True)
class Recording:
    record: str
    expr: str
    labels: tuple[str, ...]  # labels the recorded series carries (for the lint)
    static_labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def _blackbox(metric: str, extra: str = "") -> str:
    return f'{metric}{{job="{conventions.JOB_BLACKBOX}"{extra}}}'


def _threshold_query(series: str, fmt: str) -> str:
    """Template snippet printing a product's threshold, read live from its threshold series."""
    return (
        f'{{{{ with printf "{series}{{product=%q}}" $labels.product | query }}}}'
        f"{{{{ . | first | value | {fmt} }}}}{{{{ end }}}}"
    )


def window_record(window: str) -> str:
    return conventions.R_PROBE_SUCCESS_WINDOW.format(window=window)


def recordings(portfolio: Portfolio) -> tuple[Recording, ...]:
    """Shared recording rules: reused by alerts and dashboards."""
    pet = f"{conventions.PRODUCT}, {conventions.ENVIRONMENT}, {conventions.TEAM}"
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
            f"avg by ({pet}) (avg_over_time({_blackbox('probe_success')}[5m]))",
            pet_labels,
        ),
        Recording(
            window_record(window),
            f"avg by ({pet}) (avg_over_time({_blackbox('probe_success')}[{window}]))",
            pet_labels,
        ),
        Recording(
            conventions.R_LATENCY_P95,
            f"max by ({pet}) (quantile_over_time(0.95, {_blackbox('probe_duration_seconds')}[5m]))",
            pet_labels,
        ),
        Recording(
            conventions.R_TLS_EXPIRY_DAYS,
            f"min by ({pet}) ({_blackbox('probe_ssl_earliest_cert_expiry')} - time()) / 86400",
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
    pet = f"{conventions.PRODUCT}, {conventions.ENVIRONMENT}, {conventions.TEAM}"
    where = "{{ $labels.product }} ({{ $labels.environment }})"
    alerts = [
        Alert(
            "ProductDown",
            f"max by ({pet}) ({_blackbox('probe_success')}) == 0",
            conventions.CRITICAL,
            conventions.KIND_AVAILABILITY,
            f"{where} is down",
            f"Every health probe of {where} has failed for more than {f['outage']}.",
            f["outage"],
        ),
        Alert(
            "EndpointDown",
            f"{_blackbox('probe_success')} == 0",
            conventions.WARNING,
            conventions.KIND_AVAILABILITY,
            f"Endpoint {{{{ $labels.endpoint }}}} of {where} is failing",
            f"Health probe of {{{{ $labels.instance }}}} has failed for more than {f['endpoint']}.",
            f["endpoint"],
        ),
        Alert(
            "ProductUptimeLow",
            f"{window_record(window)}\n< {on_product}\n{conventions.T_UPTIME}",
            conventions.WARNING,
            conventions.KIND_AVAILABILITY,
            f"{where} uptime is below its threshold",
            f"Uptime over the last {window} is {{{{ $value | humanizePercentage }}}}, below "
            f"the threshold of {_threshold_query(conventions.T_UPTIME, 'humanizePercentage')}.",
            f["uptime"],
        ),
        Alert(
            "ProductLatencyHigh",
            f"{conventions.R_LATENCY_P95}\n> {on_product}\n{conventions.T_LATENCY}",
            conventions.WARNING,
            conventions.KIND_LATENCY,
            f"{where} responds slowly",
            "p95 response time of the health endpoints is {{ $value | humanizeDuration }}, "
            f"above the threshold of {_threshold_query(conventions.T_LATENCY, 'humanizeDuration')}.",
            f["latency"],
        ),
        Alert(
            "TLSCertificateExpiring",
            f"{conventions.R_TLS_EXPIRY_DAYS} < {a.tls_warning_days:g}",
            conventions.WARNING,
            conventions.KIND_TLS,
            f"TLS certificate of {where} expires soon",
            'The earliest certificate expires in {{ $value | printf "%.1f" }} days '
            f"(warning below {a.tls_warning_days:g} days).",
            f["tls"],
        ),
        Alert(
            "TLSCertificateExpiring",
            f"{conventions.R_TLS_EXPIRY_DAYS} < {a.tls_critical_days:g}",
            conventions.CRITICAL,
            conventions.KIND_TLS,
            f"TLS certificate of {where} is about to expire",
            'The earliest certificate expires in {{ $value | printf "%.1f" }} days '
            f"(critical below {a.tls_critical_days:g} days).",
            f["tls"],
        ),
    ]
    if "cloudflare" in portfolio.sources_in_use():
        err_desc = (
            "{{ $value | humanizePercentage }} of requests failed with 5xx over 5m; "
            f"threshold {_threshold_query(conventions.T_ERROR, 'humanizePercentage')}"
        )
        alerts += [
            Alert(
                "ProductErrorRateHigh",
                f"{conventions.R_ERROR_RATIO}\n> {add_team}\n{conventions.T_ERROR}",
                conventions.CRITICAL,
                conventions.KIND_ERROR_RATE,
                "{{ $labels.product }} error rate is above its threshold",
                f"{err_desc}.",
                f["error_rate"],
            ),
            Alert(
                "ProductErrorRateHigh",
                f"{conventions.R_ERROR_RATIO}\n> {add_team}\n({a.approaching:g} * {conventions.T_ERROR})",
                conventions.WARNING,
                conventions.KIND_ERROR_RATE,
                "{{ $labels.product }} error rate is approaching its threshold",
                f"{err_desc}; warning at {a.approaching:.0%} of it.",
                f["error_rate"],
            ),
        ]
    if "github" in portfolio.sources_in_use():
        job = conventions.exporter_job("github")
        alerts.append(
            Alert(
                "ProductDeployed",
                f"(\n  round(sum by ({conventions.PRODUCT}, {conventions.ENVIRONMENT}) (increase("
                f'github_deployments_total{{job="{job}",status="success"}}[10m])))\n'
                f"  > 0\n)\n* {add_team}\n{conventions.T_INFO}",
                conventions.INFO,
                conventions.KIND_DEPLOYMENT,
                "{{ $labels.product }} was deployed to {{ $labels.environment }}",
                "{{ $value }} successful deployment(s) of {{ $labels.product }} to "
                "{{ $labels.environment }} in the last 10 minutes.",
            )
        )
    return tuple(alerts)


def monitoring_alerts(portfolio: Portfolio) -> tuple[Alert, ...]:
    """Alerts on the monitoring itself; they go to the portfolio's owner team."""
    f = portfolio.alerting.for_["exporter"]
    owner = MappingProxyType({conventions.TEAM: portfolio.owner_team})
    alerts: list[Alert] = []
    for source in portfolio.sources_in_use():
        job = conventions.exporter_job(source)
        labels = MappingProxyType({**owner, conventions.EXPORTER: source})
        alerts += [
            Alert(
                "ExporterDown",
                f'up{{job="{job}"}} == 0',
                conventions.WARNING,
                conventions.KIND_MONITORING,
                f"The {source} exporter cannot be scraped",
                f"Prometheus has failed to scrape {{{{ $labels.instance }}}} ({job}) for {f}.",
                f,
                False,
                labels,
            ),
            Alert(
                "ExporterUpstreamFailing",
                f'{source}_up{{job="{job}"}} == 0',
                conventions.WARNING,
                conventions.KIND_MONITORING,
                f"The {source} exporter cannot refresh from its API",
                f"Refreshes from the {source} API have failed for {f}; the exporter serves "
                "data {{ with printf "
                f'"{source}_data_age_seconds{{source=%q}}" $labels.source | query }}}}'
                "{{ . | first | value | humanizeDuration }}{{ end }} old "
                "({{ $labels.source }}).",
                f,
                False,
                labels,
            ),
        ]
    components = [conventions.JOB_ALERTMANAGER, conventions.JOB_BLACKBOX_EXPORTER]
    components += [conventions.JOB_PUSHGATEWAY] if portfolio.stack.pushgateway else []
    alerts += [
        Alert(
            "StackComponentDown",
            f'up{{job=~"{"|".join(components)}"}} == 0',
            conventions.WARNING,
            conventions.KIND_MONITORING,
            "{{ $labels.job }} cannot be scraped",
            "Prometheus has failed to scrape {{ $labels.instance }} ({{ $labels.job }}) for "
            f"{f}: probes, notifications or CI reports depend on it.",
            f,
            False,
            owner,
        ),
        Alert(
            "ProbesMissing",
            f'absent(up{{job="{conventions.JOB_BLACKBOX}"}})',
            conventions.WARNING,
            conventions.KIND_MONITORING,
            "No health probe results",
            "Prometheus has no probe targets: uptime and latency alerts cannot fire.",
            f,
            False,
            owner,
        ),
        Alert(
            "PrometheusRuleFailures",
            "increase(prometheus_rule_evaluation_failures_total"
            f'{{job="{conventions.JOB_PROMETHEUS}"}}[5m]) > 0',
            conventions.WARNING,
            conventions.KIND_MONITORING,
            "Prometheus fails to evaluate rules",
            "{{ $value | humanize }} rule evaluations failed in group "
            "{{ $labels.rule_group }} in the last 5 minutes.",
            "5m",
            False,
            owner,
        ),
        Alert(
            "AlertmanagerNotificationsFailing",
            "increase(alertmanager_notifications_failed_total"
            f'{{job="{conventions.JOB_ALERTMANAGER}"}}[5m]) > 0',
            conventions.WARNING,
            conventions.KIND_MONITORING,
            "Alertmanager fails to send notifications",
            "{{ $value | humanize }} {{ $labels.integration }} notifications failed in the "
            "last 5 minutes.",
            "5m",
            False,
            owner,
        ),
    ]
    return tuple(alerts)


@per_portfolio
def all_alerts(portfolio: Portfolio) -> tuple[Alert, ...]:
    return (*product_alerts(portfolio), *monitoring_alerts(portfolio))


def alert_document(alert: Alert, portfolio: Portfolio) -> dict[str, Any]:
    labels = {
        conventions.SEVERITY: alert.severity,
        conventions.KIND: alert.kind,
        **alert.extra_labels,
    }
    annotations = {"summary": alert.summary, "description": alert.description}
    # The final policy pass: every alert links its runbook and a dashboard.
    runbook = portfolio.runbook("{{ $labels.product }}", alert.name)
    if alert.product_scoped:
        annotations["runbook_url"] = runbook
        annotations["dashboard_url"] = (
            f"{portfolio.grafana_url}/d/{conventions.DASHBOARD_UIDS[alert.dashboard]}"
            "?var-product={{ $labels.product }}"
        )
    else:
        annotations["runbook_url"] = portfolio.runbook("monitoring", alert.name)
        annotations["dashboard_url"] = (
            f"{portfolio.grafana_url}/d/{conventions.DASHBOARD_UIDS['monitoring']}"
        )
    out: dict[str, Any] = {"alert": alert.name, "expr": alert.expr}
    if alert.for_ not in ("0s", ""):
        out["for"] = alert.for_
    out["labels"] = labels
    out["annotations"] = annotations
    return out


def recording_document(rule: Recording) -> dict[str, Any]:
    out: dict[str, Any] = {"record": rule.record, "expr": rule.expr}
    if rule.static_labels:
        out["labels"] = dict(rule.static_labels)
    return out


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


def recorded_metrics(portfolio: Portfolio) -> dict[str, Metric]:
    """Series the generated rules record, as catalog entries for the PromQL lint."""
    from generators.rules import slo  # slo builds on this module

    first = portfolio.products[:1]
    every: list[Recording] = [
        *recordings(portfolio),
        *(r for p in first for r in threshold_recordings(p)),
        *slo.recordings(portfolio),
    ]
    out: dict[str, Metric] = {}
    for r in every:
        labels = (
            tuple(dict.fromkeys((*out[r.record].labels, *r.labels)))
            if r.record in out
            else r.labels
        )
        out[r.record] = Metric(r.record, "gauge", f"Recorded: {r.expr}", labels, "", "rules")
    return out


def expressions(portfolio: Portfolio) -> list[tuple[str, str]]:
    """``(where, expr)`` for every generated rule, for the lint."""
    from generators.rules import slo

    where = "alert_rules/portfolio.rules.yml"
    exprs = [(f"{where}: record {r.record}", r.expr) for r in recordings(portfolio)]
    exprs += [(f"{where}: alert {a.name} ({a.severity})", a.expr) for a in all_alerts(portfolio)]
    exprs += [(f"{slo.RULES_FILE}: record {r.record}", r.expr) for r in slo.recordings(portfolio)]
    exprs += [(f"{slo.RULES_FILE}: alert {a.name}", a.expr) for a in slo.alerts(portfolio)]
    return exprs
