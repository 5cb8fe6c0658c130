"""The metric catalog: every metric the stack and the project's exporters publish, declared once.

Exporters build their metric families from these entries; generators may reference only
metrics declared here or recorded by a generated rule (the PromQL lint proves it).
Labels listed are the ones a query may match on. ``job`` and ``instance`` are added by
Prometheus to every scraped series and are implied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from portfolio import conventions

MetricType = Literal["counter", "gauge", "histogram", "summary", "info"]
SCRAPE_LABELS = ("job", "instance")
PROBE_TARGET_LABELS = (
    conventions.PRODUCT,
    conventions.ENVIRONMENT,
    conventions.ENDPOINT,
    conventions.TEAM,
)


@dataclass(frozen=True)
class Metric:
    """One metric family. ``name`` is the exposed name (counters end in ``_total``)."""

    name: str
    type: MetricType
    help: str
    labels: tuple[str, ...] = ()
    unit: str = ""
    source: str = "stack"  # stack | prometheus | alertmanager | blackbox | rules | <exporter>
    buckets: tuple[float, ...] = ()

    def series_names(self) -> tuple[str, ...]:
        """Names under which samples of this family appear in queries."""
        if self.type == "histogram":
            return (f"{self.name}_bucket", f"{self.name}_sum", f"{self.name}_count")
        if self.type == "summary":
            return (self.name, f"{self.name}_sum", f"{self.name}_count")
        return (self.name,)

    def labels_for(self, series: str) -> frozenset[str]:
        extra = {"le"} if series.endswith("_bucket") else set()
        if self.type == "summary" and series == self.name:
            extra.add("quantile")
        implied = set(SCRAPE_LABELS) if self.source != "rules" else set()
        return frozenset(self.labels) | extra | implied


def self_metrics(exporter: str) -> tuple[Metric, ...]:
    """The health metrics every exporter publishes about itself (toolkit contract).

    ``source`` names one refresh loop of the exporter (e.g. ``deployments``, ``actions``): each
    has its own interval and fails on its own, so health is per source.
    """
    p = exporter
    s = ("source",)
    return (
        Metric(
            f"{p}_up",
            "gauge",
            f"1 if the last refresh of the source from the {p} API succeeded.",
            s,
            "",
            p,
        ),
        Metric(
            f"{p}_last_success_timestamp_seconds",
            "gauge",
            "Unix time of the last successful refresh of the source.",
            s,
            "seconds",
            p,
        ),
        Metric(
            f"{p}_data_age_seconds",
            "gauge",
            "Age of the data served; upstream is polled on a schedule, not at scrape time.",
            s,
            "seconds",
            p,
        ),
        Metric(
            f"{p}_refresh_duration_seconds",
            "gauge",
            "Duration of the last refresh of the source.",
            s,
            "seconds",
            p,
        ),
        Metric(
            f"{p}_refresh_failures_total",
            "counter",
            "Refreshes that failed, by source and reason (status, rate_limited, timeout, ...).",
            ("source", "reason"),
            "",
            p,
        ),
        Metric(
            f"{p}_upstream_requests_total",
            "counter",
            "Requests sent upstream, by endpoint and status class (2xx, 304, 4xx, 5xx, error).",
            ("endpoint", "status_class"),
            "",
            p,
        ),
        Metric(
            f"{p}_rate_limit_remaining",
            "gauge",
            "Requests left in the upstream rate-limit window.",
            (),
            "",
            p,
        ),
        Metric(
            f"{p}_rate_limit_reset_timestamp_seconds",
            "gauge",
            "Unix time when the upstream rate-limit window resets.",
            (),
            "seconds",
            p,
        ),
    )


P, E, T = conventions.PRODUCT, conventions.ENVIRONMENT, conventions.TEAM

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
            P,
            E,
            T,
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

# DORA bucket boundaries in seconds: 1h, 1d, 1w, 30d are the level bounds of the default
# config, so the share of changes under each level's bound is a ratio of two buckets.
DORA_DURATION_BUCKETS = (
    300.0,
    900.0,
    1800.0,
    3600.0,
    14400.0,
    43200.0,
    86400.0,
    259200.0,
    604800.0,
    1209600.0,
    2592000.0,
    7776000.0,
)
BUILD_DURATION_BUCKETS = (30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1200.0, 1800.0, 3600.0, 7200.0)
QUEUE_BUCKETS = (1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)

# GitHub exporter. Counters and histograms count events the exporter saw happen while it ran
# (history goes to the windowed gauges and to `python -m exporters.github backfill`); the
# windowed gauges are recomputed from upstream history on every refresh, so dashboards have
# values from the first scrape. The Actions job label is `job_name`: a `job` label would clash
# with Prometheus' own target label and be renamed `exported_job`. The four workflow counters and
# histograms are also pushed by `python -m exporters.ci_report` (builds outside GitHub Actions,
# through a Pushgateway, cumulative per group), so changing their labels changes that too.
W = "window"
GITHUB: tuple[Metric, ...] = (
    *self_metrics("github"),
    Metric(
        "github_deployments_total",
        "counter",
        "Production deployments that reached a final status, by status (success, failure, error).",
        (P, E, "status"),
        "",
        "github",
    ),
    Metric(
        "github_deployment_lead_time_seconds",
        "histogram",
        "Lead time for changes: first commit of a change to its successful deployment.",
        (P, E),
        "seconds",
        "github",
        DORA_DURATION_BUCKETS,
    ),
    Metric(
        "github_change_failures_total",
        "counter",
        "Deployments followed by a failure (failed status, rollback or incident).",
        (P, E),
        "",
        "github",
    ),
    Metric(
        "github_time_to_restore_seconds",
        "histogram",
        "Time to restore service: incident opened to closed, or failed to next good deployment.",
        (P, E),
        "seconds",
        "github",
        DORA_DURATION_BUCKETS,
    ),
    Metric(
        "github_incidents_open",
        "gauge",
        "Open incident issues (issues with the configured incident label).",
        (P,),
        "",
        "github",
    ),
    Metric(
        "github_dora_deployments",
        "gauge",
        "Successful production deployments in the window, from upstream history.",
        (P, E, W),
        "",
        "github",
    ),
    Metric(
        "github_dora_deployment_frequency_per_day",
        "gauge",
        "Successful production deployments per day over the window.",
        (P, E, W),
        "",
        "github",
    ),
    Metric(
        "github_dora_lead_time_seconds",
        "gauge",
        "Median lead time for changes of the deployments in the window.",
        (P, E, W),
        "seconds",
        "github",
    ),
    Metric(
        "github_dora_change_failure_ratio",
        "gauge",
        "Change failure rate of the deployments in the window.",
        (P, E, W),
        "ratio",
        "github",
    ),
    Metric(
        "github_dora_time_to_restore_seconds",
        "gauge",
        "Median time to restore service of the restorations in the window.",
        (P, E, W),
        "seconds",
        "github",
    ),
    Metric(
        "github_workflow_runs_total",
        "counter",
        "Completed workflow runs, by conclusion and branch class (default, other).",
        (P, "workflow", "conclusion", "branch_class"),
        "",
        "github",
    ),
    Metric(
        "github_workflow_run_duration_seconds",
        "histogram",
        "Duration of completed workflow runs (run start to last job completed).",
        (P, "workflow", "conclusion"),
        "seconds",
        "github",
        BUILD_DURATION_BUCKETS,
    ),
    Metric(
        "github_workflow_run_queue_seconds",
        "histogram",
        "Time a run waited before its first job started.",
        (P, "workflow"),
        "seconds",
        "github",
        QUEUE_BUCKETS,
    ),
    Metric(
        "github_workflow_job_duration_seconds",
        "histogram",
        "Duration of completed jobs, by job name.",
        (P, "workflow", "job_name", "conclusion"),
        "seconds",
        "github",
        BUILD_DURATION_BUCKETS,
    ),
    Metric(
        "github_workflow_runs_in_progress",
        "gauge",
        "Workflow runs queued or in progress.",
        (P, "workflow", "status"),
        "",
        "github",
    ),
    Metric(
        "github_webhook_deliveries_total",
        "counter",
        "Webhook deliveries received, by event and result (applied, duplicate, ignored, rejected).",
        ("event", "result"),
        "",
        "github",
    ),
)

CLOUDFLARE: tuple[Metric, ...] = (
    *self_metrics("cloudflare"),
    Metric(
        "cloudflare_requests_total",
        "counter",
        "Requests served by the zone, by edge response status class (2xx, 3xx, 4xx, 5xx).",
        (P, "status_class"),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_origin_response_duration_seconds",
        "gauge",
        "Origin response time percentile over the last window.",
        (P, "quantile"),
        "seconds",
        "cloudflare",
    ),
    Metric(
        "cloudflare_bandwidth_bytes_total",
        "counter",
        "Bytes served by the zone.",
        (P,),
        "bytes",
        "cloudflare",
    ),
    Metric(
        "cloudflare_threats_total",
        "counter",
        "Requests Cloudflare classified as threats.",
        (P,),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_healthcheck_healthy",
        "gauge",
        "1 if the Cloudflare health check reports healthy.",
        (P, "healthcheck"),
        "",
        "cloudflare",
    ),
)

PLAUSIBLE: tuple[Metric, ...] = (
    *self_metrics("plausible"),
    Metric(
        "plausible_visitors",
        "gauge",
        "Unique visitors in the period.",
        (P, "period"),
        "",
        "plausible",
    ),
    Metric(
        "plausible_pageviews", "gauge", "Pageviews in the period.", (P, "period"), "", "plausible"
    ),
    Metric(
        "plausible_bounce_rate_ratio",
        "gauge",
        "Share of single-page visits in the period.",
        (P, "period"),
        "ratio",
        "plausible",
    ),
    Metric(
        "plausible_visit_duration_seconds",
        "gauge",
        "Mean visit duration in the period.",
        (P, "period"),
        "seconds",
        "plausible",
    ),
    Metric(
        "plausible_realtime_visitors",
        "gauge",
        "Visitors in the last 5 minutes.",
        (P,),
        "",
        "plausible",
    ),
    Metric(
        "plausible_page_visitors",
        "gauge",
        "Visitors of the top-N pages in the period.",
        (P, "period", "page"),
        "",
        "plausible",
    ),
    Metric(
        "plausible_source_visitors",
        "gauge",
        "Visitors from the top-N sources in the period.",
        (P, "period", "source"),
        "",
        "plausible",
    ),
)

POSTHOG: tuple[Metric, ...] = (
    *self_metrics("posthog"),
    Metric(
        "posthog_feature_users",
        "gauge",
        "Users who used a feature in the period.",
        (P, "feature", "period"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_feature_adoption_ratio",
        "gauge",
        "Share of active users who used a feature in the period.",
        (P, "feature", "period"),
        "ratio",
        "posthog",
    ),
    Metric(
        "posthog_active_users",
        "gauge",
        "Active users in the period.",
        (P, "period"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_funnel_step_users",
        "gauge",
        "Users who reached each funnel step.",
        (P, "funnel", "step"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_funnel_step_conversion_ratio",
        "gauge",
        "Share of the previous step's users who reached this step.",
        (P, "funnel", "step"),
        "ratio",
        "posthog",
    ),
    Metric(
        "posthog_experiment_variant_exposures",
        "gauge",
        "Users exposed to each variant.",
        (P, "experiment", "variant"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_experiment_variant_conversion_ratio",
        "gauge",
        "Conversion rate of each variant.",
        (P, "experiment", "variant"),
        "ratio",
        "posthog",
    ),
    Metric(
        "posthog_experiment_win_probability",
        "gauge",
        "Probability that each variant is the best, as PostHog reports it.",
        (P, "experiment", "variant"),
        "ratio",
        "posthog",
    ),
    Metric(
        "posthog_experiment_significant",
        "gauge",
        "1 if PostHog reports the experiment's result as significant.",
        (P, "experiment"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_cohort_size",
        "gauge",
        "Persons in each cohort (segment).",
        (P, "cohort"),
        "",
        "posthog",
    ),
)

ALL: tuple[Metric, ...] = (*STACK, *GITHUB, *CLOUDFLARE, *PLAUSIBLE, *POSTHOG)
BY_NAME: Mapping[str, Metric] = MappingProxyType({m.name: m for m in ALL})


def exporter_metrics(source: str) -> tuple[Metric, ...]:
    """Every metric one exporter publishes, self-metrics included."""
    return tuple(m for m in ALL if m.source == source)


def lookup(series: str, extra: Mapping[str, Metric] | None = None) -> tuple[Metric, str] | None:
    """Find the family a series name belongs to (``x_bucket`` -> histogram ``x``)."""
    pools = [extra or {}, BY_NAME]
    for pool in pools:
        if series in pool and series in pool[series].series_names():
            return pool[series], series
        for suffix in ("_bucket", "_sum", "_count"):
            base = series.removesuffix(suffix)
            if base != series and base in pool and series in pool[base].series_names():
                return pool[base], series
    return None
