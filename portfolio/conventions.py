"""Every name the generated artifacts share: labels, jobs, severities, rule and group names.

Builders import names from here instead of spelling them, so a rename happens in one place.
Recording rules follow the Prometheus convention ``level:metric:operations``.
"""

from __future__ import annotations

import hashlib

# Labels.
PRODUCT = "product"
ENVIRONMENT = "environment"
ENDPOINT = "endpoint"
TEAM = "team"
SEVERITY = "severity"
KIND = "kind"  # what an alert is about; inhibition matches on it
EXPORTER = "exporter"  # which exporter a monitoring alert is about

# Severities, most severe first.
CRITICAL = "critical"
WARNING = "warning"
INFO = "info"
SEVERITIES = (CRITICAL, WARNING, INFO)

# Alert kinds.
KIND_AVAILABILITY = "availability"
KIND_ERROR_RATE = "error_rate"
KIND_LATENCY = "latency"
KIND_TLS = "tls"
KIND_DEPLOYMENT = "deployment"
KIND_MONITORING = "monitoring"

# Alert names (an alert kind may have several severities under one name).
ALERT_PRODUCT_DOWN = "ProductDown"
ALERT_ENDPOINT_DOWN = "EndpointDown"
ALERT_PRODUCT_UPTIME_LOW = "ProductUptimeLow"
ALERT_PRODUCT_LATENCY_HIGH = "ProductLatencyHigh"
ALERT_PRODUCT_ERROR_RATE_HIGH = "ProductErrorRateHigh"
ALERT_TLS_CERTIFICATE_EXPIRING = "TLSCertificateExpiring"
ALERT_PRODUCT_DEPLOYED = "ProductDeployed"
ALERT_HEALTH_CHECK_UNHEALTHY = "CloudflareHealthCheckUnhealthy"
ALERT_EXPORTER_DOWN = "ExporterDown"
ALERT_EXPORTER_UPSTREAM_FAILING = "ExporterUpstreamFailing"
ALERT_STACK_COMPONENT_DOWN = "StackComponentDown"
ALERT_PROBES_MISSING = "ProbesMissing"
ALERT_PROMETHEUS_RULE_FAILURES = "PrometheusRuleFailures"
ALERT_ALERTMANAGER_NOTIFICATIONS_FAILING = "AlertmanagerNotificationsFailing"
ALERT_REMOTE_WRITE_BEHIND = "RemoteWriteBehind"
ALERT_REMOTE_WRITE_FAILING = "RemoteWriteFailing"

# Scrape jobs.
JOB_BLACKBOX = "blackbox"
JOB_PROMETHEUS = "prometheus"
JOB_ALERTMANAGER = "alertmanager"
JOB_BLACKBOX_EXPORTER = "blackbox-exporter"
JOB_PUSHGATEWAY = "pushgateway"
JOB_INCIDENT_BRIDGE = "incident-bridge"


def exporter_job(source: str) -> str:
    """Scrape job of a source's exporter, e.g. ``github-exporter``."""
    return f"{source}-exporter"


# Rule files, relative to the output root (Prometheus loads every ``*.rules.yml`` of both
# folders; promtool tests sit in their own folder and name the files relative to it).
RULES_DIR = "alert_rules"
SHARED_RULES_FILE = f"{RULES_DIR}/portfolio.rules.yml"
SLO_RULES_FILE = f"{RULES_DIR}/slo.rules.yml"
PRODUCT_RULES_DIR = f"{RULES_DIR}/products"
RULE_TESTS_DIR = f"{RULES_DIR}/tests"


def product_rules_file(product: str) -> str:
    """``alert_rules/products/<id>.rules.yml``: one product's threshold series."""
    return f"{PRODUCT_RULES_DIR}/{product}.rules.yml"


# Rule groups.
GROUP_THRESHOLDS = "portfolio-thresholds"
GROUP_RECORDING = "portfolio-recording"
GROUP_ALERTS = "portfolio-alerts"
GROUP_MONITORING = "portfolio-monitoring"

# Recording rules. Levels name the labels kept.
R_PROBE_SUCCESS_5M = "product_environment:probe_success:avg5m"
R_PROBE_SUCCESS_WINDOW = "product_environment:probe_success:avg{window}"
R_ENDPOINT_SUCCESS_5M = "endpoint:probe_success:avg5m"
R_LATENCY_P95 = "product_environment:probe_duration_seconds:p95_5m"
R_REQUESTS_RATE = "product:cloudflare_requests:rate5m"
R_ERROR_RATIO = "product:cloudflare_requests_5xx:ratio_rate5m"
R_TLS_EXPIRY_DAYS = "product_environment:probe_ssl_earliest_cert_expiry:days_left"

# Threshold series: one per product, carrying the product's team, written from the config.
T_UPTIME = "product:threshold_uptime:ratio"
T_ERROR = "product:threshold_error:ratio"
T_LATENCY = "product:threshold_response_time:seconds"
T_INFO = "product:portfolio_product:info"
THRESHOLD_SERIES = (T_UPTIME, T_ERROR, T_LATENCY)

GENERATED_HEADER = "Generated from {source} by `make generate`. Do not edit: edit {source}."


def uid(*parts: str) -> str:
    """A stable id for a generated object (dashboard uid, file key): short, URL-safe."""
    digest = hashlib.sha256("/".join(parts).encode()).hexdigest()[:10]
    readable = "-".join(parts).lower().replace("_", "-")[:28]
    return f"{readable}-{digest}"[:40]


# Stable dashboard uids (Grafana URLs stay valid across regenerations).
DASHBOARD_UIDS = {
    "overview": "portfolio-overview",
    "product": "portfolio-product",
    "dora": "portfolio-dora",
    "builds": "portfolio-builds",
    "web": "portfolio-web-analytics",
    "product_analytics": "portfolio-product-analytics",
    "slo": "portfolio-slo",
    "monitoring": "portfolio-monitoring",
}


# Alertmanager receiver names.
def receiver(team: str, severity: str) -> str:
    return f"{team}-{severity}"


RECEIVER_NULL = "blackhole"

# SLO recording rules. SLI ratios carry product, slo, source (and environment for probes);
# metadata (objective, period) and everything divided by the budget also carry team (the
# SLO's owner). The SLI error ratio is recorded for every window the burn-rate alerts use
# (5m, 30m, 1h, 2h, 6h, 1d, 3d by default; see generators/rules/slo.py) and for the SLO period.
SLO = "slo"  # label: availability | latency
KIND_SLO = "slo"  # alert kind of the burn-rate alerts
GROUP_SLO_SLI = "portfolio-slo-sli"
GROUP_SLO_BUDGET = "portfolio-slo-budget"
GROUP_SLO_ALERTS = "portfolio-slo-alerts"
R_SLO_LATENCY_GOOD = "endpoint:slo_latency_good:bool"
SLO_LATENCY_THRESHOLD = "slo:latency_threshold:seconds"


def slo_error_ratio(window: str) -> str:
    """``slo:sli_error:ratio_rate5m``; ``window='period'`` gives the whole-period ratio."""
    return f"slo:sli_error:ratio_rate{window}"


def slo_alert(slo_name: str) -> str:
    """``availability`` -> ``AvailabilityBudgetBurn`` (page and ticket differ by severity)."""
    return f"{slo_name.capitalize()}BudgetBurn"


SLO_ERROR_PERIOD = "slo:sli_error:ratio_rate_period"
SLO_OBJECTIVE = "slo:objective:ratio"
SLO_ERROR_BUDGET = "slo:error_budget:ratio"  # 1 - objective
SLO_PERIOD_DAYS = "slo:time_period:days"
SLO_BUDGET_REMAINING = "slo:period_error_budget_remaining:ratio"
SLO_CURRENT_BURN = "slo:current_burn_rate:ratio"  # over 5m
SLO_PERIOD_BURN = "slo:period_burn_rate:ratio"

# Dashboards: the recording rules the dashboards need, in their own group and file.
GROUP_DASHBOARDS = "portfolio-dashboards"
DASHBOARD_RULES_FILE = f"{RULES_DIR}/dashboards.rules.yml"
R_DEPLOYMENTS_1H = "product:github_deployments_success:increase1h"
# DORA performance level per key and overall: 0 Low, 1 Medium, 2 High, 3 Elite.
R_DORA_LEVEL = "product:dora_{key}:level"  # key: deployment_frequency | lead_time | ...
R_DORA_LEVEL_OVERALL = "product:dora:level"
DORA_LEVEL_NAMES = ("Low", "Medium", "High", "Elite")
DASHBOARD_TAG = "portfolio"
