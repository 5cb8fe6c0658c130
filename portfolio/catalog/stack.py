"""Metrics of the stack itself: Prometheus, Alertmanager and blackbox_exporter (probes)."""

from __future__ import annotations

from portfolio import conventions
from portfolio.metric import Metric

PROBE_TARGET_LABELS = (
    conventions.PRODUCT,
    conventions.ENVIRONMENT,
    conventions.ENDPOINT,
    conventions.TEAM,
)
PRODUCT, ENVIRONMENT, TEAM = conventions.PRODUCT, conventions.ENVIRONMENT, conventions.TEAM

STACK: tuple[Metric, ...] = (
    Metric("up", "gauge", "1 if the last scrape of the target succeeded.", (), "", "prometheus"),
    Metric(
        "scrape_duration_seconds",
        "gauge",
        "Duration of the last scrape.",
        (),
        "seconds",
        "prometheus",
    ),
    Metric(
        "ALERTS",
        "gauge",
        "Pending and firing alerts, one series each (written by Prometheus).",
        (
            "alertname",
            "alertstate",
            conventions.SEVERITY,
            conventions.KIND,
            PRODUCT,
            ENVIRONMENT,
            TEAM,
            conventions.ENDPOINT,
            conventions.EXPORTER,
            conventions.SLO,
            "source",
        ),
        "",
        "rules",
    ),
    # blackbox_exporter, with our probe target labels.
    Metric(
        "probe_success", "gauge", "1 if the probe succeeded.", PROBE_TARGET_LABELS, "", "blackbox"
    ),
    Metric(
        "probe_duration_seconds",
        "gauge",
        "How long the probe took.",
        PROBE_TARGET_LABELS,
        "seconds",
        "blackbox",
    ),
    Metric(
        "probe_http_status_code",
        "gauge",
        "HTTP status code of the probe's response.",
        PROBE_TARGET_LABELS,
        "",
        "blackbox",
    ),
    Metric(
        "probe_http_duration_seconds",
        "gauge",
        "Duration of each HTTP request phase.",
        (*PROBE_TARGET_LABELS, "phase"),
        "seconds",
        "blackbox",
    ),
    Metric(
        "probe_ssl_earliest_cert_expiry",
        "gauge",
        "Unix time when the earliest certificate in the chain expires.",
        PROBE_TARGET_LABELS,
        "seconds",
        "blackbox",
    ),
    Metric(
        "probe_http_ssl",
        "gauge",
        "1 if TLS was used for the final request.",
        PROBE_TARGET_LABELS,
        "",
        "blackbox",
    ),
    Metric(
        "probe_dns_lookup_time_seconds",
        "gauge",
        "How long the DNS lookup took.",
        PROBE_TARGET_LABELS,
        "seconds",
        "blackbox",
    ),
    # Prometheus self-metrics used by the monitoring-health dashboard and alerts.
    Metric(
        "prometheus_config_last_reload_successful",
        "gauge",
        "1 if the last configuration reload succeeded.",
        (),
        "",
        "prometheus",
    ),
    Metric(
        "prometheus_rule_evaluation_failures_total",
        "counter",
        "Failed rule evaluations.",
        ("rule_group",),
        "",
        "prometheus",
    ),
    Metric(
        "prometheus_rule_group_last_duration_seconds",
        "gauge",
        "Duration of the last evaluation of a rule group.",
        ("rule_group",),
        "seconds",
        "prometheus",
    ),
    Metric(
        "prometheus_notifications_errors_total",
        "counter",
        "Errors sending alerts to Alertmanager.",
        ("alertmanager",),
        "",
        "prometheus",
    ),
    Metric(
        "prometheus_notifications_dropped_total",
        "counter",
        "Alerts dropped before reaching Alertmanager.",
        (),
        "",
        "prometheus",
    ),
    Metric(
        "prometheus_tsdb_head_series",
        "gauge",
        "Series in the head block.",
        (),
        "",
        "prometheus",
    ),
    Metric(
        "prometheus_target_interval_length_seconds",
        "summary",
        "Actual intervals between scrapes.",
        ("interval",),
        "seconds",
        "prometheus",
    ),
    # Alertmanager self-metrics.
    Metric(
        "alertmanager_config_last_reload_successful",
        "gauge",
        "1 if the last configuration reload succeeded.",
        (),
        "",
        "alertmanager",
    ),
    Metric(
        "alertmanager_notifications_total",
        "counter",
        "Notifications attempted.",
        ("integration",),
        "",
        "alertmanager",
    ),
    Metric(
        "alertmanager_notifications_failed_total",
        "counter",
        "Notifications that failed.",
        ("integration", "reason"),
        "",
        "alertmanager",
    ),
    Metric(
        "alertmanager_alerts",
        "gauge",
        "Alerts held, by state.",
        ("state",),
        "",
        "alertmanager",
    ),
)
