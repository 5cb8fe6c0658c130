"""8. Monitoring health: scrape targets, the exporters' own metrics, Prometheus and Alertmanager.

The monitoring alerts (ExporterDown, ...) link here. One query per exporter in use, never one
per product. This dashboard has the ``job``/``instance`` variables the dashboard-linter asks for.
"""

from __future__ import annotations

from generators.dashboards import style
from generators.dashboards.common import RATE, aggregate
from generators.dashboards.style import Query, Size
from generators.selectors import selector
from portfolio import conventions, durations
from portfolio.config.model import Portfolio

SELECTED_INSTANCE = {"instance": "$instance"}


def _exporter_rows(portfolio: Portfolio) -> list[style.Row]:
    sources = portfolio.sources_in_use()
    if not sources:
        return []
    stale_seconds = durations.seconds(portfolio.alerting.for_["exporter"])

    # Exporters may run several refresh loops; the worst one is the exporter's health.
    def per_exporter(metric: str, template: str, legend: str, **matchers: str) -> list[Query]:
        return [
            Query(
                template.format(
                    series=selector(
                        f"{source}_{metric}",
                        conventions.exporter_job(source),
                        **SELECTED_INSTANCE,
                        **matchers,
                    )
                ),
                legend.replace("SRC", source),
            )
            for source in sources
        ]

    def instant(queries: list[Query]) -> list[Query]:
        return [Query(query.expr, query.legend, instant=True) for query in queries]

    return [
        style.Row(
            "Exporters",
            [
                style.stat(
                    "Upstream refresh OK",
                    "1 when the exporter's last refresh from its SaaS API succeeded "
                    "(<exporter>_up, published by each exporter about itself).",
                    instant(per_exporter("up", "min({series})", "SRC")),
                    unit="none",
                    size=Size(8, 4),
                    mappings=style.UP_DOWN,
                    thresholds=style.RED_UNLESS_ONE,
                ),
                style.stat(
                    "Last successful refresh",
                    "Time since each exporter last refreshed successfully "
                    "(<exporter>_last_success_timestamp_seconds).",
                    instant(
                        per_exporter(
                            "last_success_timestamp_seconds", "time() - min({series})", "SRC"
                        )
                    ),
                    unit="s",
                    size=Size(8, 4),
                    thresholds=style.steps(
                        (style.GREEN, None),
                        (style.ORANGE, stale_seconds),
                        (style.RED, 3 * stale_seconds),
                    ),
                ),
                style.stat(
                    "Rate limit resets in",
                    "Time until the upstream API's rate-limit window resets "
                    "(<exporter>_rate_limit_reset_timestamp_seconds).",
                    instant(
                        per_exporter(
                            "rate_limit_reset_timestamp_seconds", "max({series}) - time()", "SRC"
                        )
                    ),
                    unit="s",
                    size=Size(8, 4),
                    color_mode="none",
                ),
                style.timeseries(
                    "Data age",
                    "Age of the data each exporter serves; exporters poll upstream on a "
                    "schedule, so this grows when refreshes fail. Orange after "
                    f"alerting.for.exporter ({portfolio.alerting.for_['exporter']}).",
                    per_exporter("data_age_seconds", "max({series})", "SRC"),
                    unit="s",
                    thresholds=style.steps(
                        (style.GREEN, None),
                        (style.ORANGE, stale_seconds),
                        (style.RED, 3 * stale_seconds),
                    ),
                    threshold_style="line",
                ),
                style.timeseries(
                    "Refresh failures",
                    "Failed refreshes per second by reason (<exporter>_refresh_failures_total).",
                    per_exporter(
                        "refresh_failures_total",
                        f"sum by (reason) (rate({{series}}[{RATE}]))",
                        "SRC {{reason}}",
                    ),
                    unit="ops",
                ),
                style.timeseries(
                    "Upstream requests by status class",
                    "Requests the exporters send to their APIs per second, by status class; 304 "
                    "means a conditional request saved quota (<exporter>_upstream_requests_total).",
                    per_exporter(
                        "upstream_requests_total",
                        f"sum by (status_class) (rate({{series}}[{RATE}]))",
                        "SRC {{status_class}}",
                    ),
                    unit="reqps",
                    stack=True,
                ),
                style.bar_gauge(
                    "Upstream rate limit remaining",
                    "Requests left in each API's current rate-limit window "
                    "(<exporter>_rate_limit_remaining).",
                    instant(per_exporter("rate_limit_remaining", "min({series})", "SRC")),
                    unit="short",
                    size=Size(12, 8),
                    thresholds=style.steps(
                        (style.RED, None), (style.ORANGE, 100), (style.GREEN, 500)
                    ),
                ),
                style.timeseries(
                    "Refresh duration",
                    "How long each exporter's last refresh took "
                    "(<exporter>_refresh_duration_seconds).",
                    per_exporter("refresh_duration_seconds", "max({series})", "SRC"),
                    unit="s",
                ),
            ],
        )
    ]


def build(portfolio: Portfolio) -> style.DashboardSpec:
    up = selector("up", None, job="$job", **SELECTED_INSTANCE)

    def prometheus_metric(metric: str, **extra: str) -> str:
        return selector(metric, None, job=conventions.JOB_PROMETHEUS, **SELECTED_INSTANCE, **extra)

    def alertmanager_metric(metric: str) -> str:
        return selector(metric, None, job=conventions.JOB_ALERTMANAGER, **SELECTED_INSTANCE)

    targets = style.Row(
        "Scrape targets",
        [
            style.stat(
                "Targets up",
                "Share of each job's scrape targets that answered the last scrape (Prometheus "
                "up). Probes count as targets of the blackbox job.",
                [aggregate("avg", ("job",), up, instant=True)],
                unit="percentunit",
                size=Size(24, 4),
                thresholds=style.steps((style.RED, None), (style.ORANGE, 0.5), (style.GREEN, 1)),
            ),
            style.state_timeline(
                "Scrape targets",
                "Every scrape target over time, up or down (Prometheus up).",
                [Query(up, "{{job}} {{instance}}")],
                mappings=style.UP_DOWN,
                thresholds=style.RED_UNLESS_ONE,
                size=Size(16, 8),
            ),
            style.timeseries(
                "Scrape duration",
                "Slowest scrape per job (Prometheus scrape_duration_seconds); probes take as long "
                f"as the probed endpoint, up to the probe timeout ({portfolio.probe.timeout}).",
                [
                    aggregate(
                        "max",
                        ("job",),
                        selector("scrape_duration_seconds", None, job="$job", **SELECTED_INSTANCE),
                    )
                ],
                unit="s",
                size=Size(8, 8),
            ),
        ],
    )
    prometheus = style.Row(
        "Prometheus",
        [
            style.stat(
                "Prometheus config reloaded",
                "Whether Prometheus' last configuration reload succeeded "
                "(prometheus_config_last_reload_successful).",
                [
                    Query(
                        prometheus_metric("prometheus_config_last_reload_successful"),
                        "{{instance}}",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(6, 4),
                mappings=style.YES_NO,
                thresholds=style.RED_UNLESS_ONE,
            ),
            style.stat(
                "Head series",
                "Series in Prometheus' head block (prometheus_tsdb_head_series); grows with "
                "products, endpoints and label values.",
                [
                    Query(
                        prometheus_metric("prometheus_tsdb_head_series"),
                        "{{instance}}",
                        instant=True,
                    )
                ],
                unit="short",
                size=Size(6, 4),
                color_mode="none",
                graph=True,
            ),
            style.stat(
                "Alerts dropped",
                "Alerts Prometheus dropped before they reached Alertmanager in the time range "
                "(prometheus_notifications_dropped_total).",
                [
                    Query(
                        f"sum(increase({prometheus_metric('prometheus_notifications_dropped_total')}[$__range]))",
                        "dropped",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(6, 4),
                thresholds=style.steps((style.GREEN, None), (style.RED, 1)),
            ),
            style.stat(
                "Scrape interval p99",
                "99th percentile of the actual time between scrapes per configured interval "
                "(prometheus_target_interval_length_seconds); far above the interval means "
                "Prometheus is overloaded.",
                [
                    aggregate(
                        "max",
                        ("interval",),
                        prometheus_metric(
                            "prometheus_target_interval_length_seconds", quantile="0.99"
                        ),
                        instant=True,
                    )
                ],
                unit="s",
                size=Size(6, 4),
                color_mode="none",
            ),
            style.timeseries(
                "Rule evaluation failures",
                "Failed rule evaluations per second by group "
                "(prometheus_rule_evaluation_failures_total). Any is a bug in generated rules.",
                [
                    aggregate(
                        "sum",
                        ("rule_group",),
                        f"rate({prometheus_metric('prometheus_rule_evaluation_failures_total')}[{RATE}])",
                    )
                ],
                unit="ops",
                size=Size(8, 8),
            ),
            style.timeseries(
                "Rule group duration",
                "How long each rule group's last evaluation took "
                "(prometheus_rule_group_last_duration_seconds).",
                [
                    aggregate(
                        "max",
                        ("rule_group",),
                        prometheus_metric("prometheus_rule_group_last_duration_seconds"),
                    )
                ],
                unit="s",
                size=Size(8, 8),
            ),
            style.timeseries(
                "Errors sending alerts to Alertmanager",
                "Errors per second sending alerts to each Alertmanager "
                "(prometheus_notifications_errors_total).",
                [
                    aggregate(
                        "sum",
                        ("alertmanager",),
                        f"rate({prometheus_metric('prometheus_notifications_errors_total')}[{RATE}])",
                    )
                ],
                unit="ops",
                size=Size(8, 8),
            ),
        ],
    )
    alertmanager = style.Row(
        "Alertmanager",
        [
            style.stat(
                "Alertmanager config reloaded",
                "Whether Alertmanager's last configuration reload succeeded "
                "(alertmanager_config_last_reload_successful).",
                [
                    Query(
                        alertmanager_metric("alertmanager_config_last_reload_successful"),
                        "{{instance}}",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(6, 8),
                mappings=style.YES_NO,
                thresholds=style.RED_UNLESS_ONE,
            ),
            style.timeseries(
                "Alerts held by state",
                "Alerts Alertmanager holds, active or suppressed (alertmanager_alerts).",
                [aggregate("sum", ("state",), alertmanager_metric("alertmanager_alerts"))],
                unit="none",
                size=Size(6, 8),
            ),
            style.timeseries(
                "Notifications by integration",
                "Notifications attempted per second by integration (Slack, PagerDuty, email, "
                "webhook) (alertmanager_notifications_total).",
                [
                    aggregate(
                        "sum",
                        ("integration",),
                        f"rate({alertmanager_metric('alertmanager_notifications_total')}[{RATE}])",
                    )
                ],
                unit="ops",
                size=Size(6, 8),
            ),
            style.timeseries(
                "Notification failures",
                "Notifications that failed per second by integration and reason "
                "(alertmanager_notifications_failed_total). The "
                "AlertmanagerNotificationsFailing alert fires on any.",
                [
                    aggregate(
                        "sum",
                        ("integration", "reason"),
                        f"rate({alertmanager_metric('alertmanager_notifications_failed_total')}[{RATE}])",
                    )
                ],
                unit="ops",
                size=Size(6, 8),
                thresholds=style.steps((style.GREEN, None), (style.RED, 0.0001)),
                threshold_style="line",
            ),
        ],
    )
    return style.DashboardSpec(
        key="monitoring",
        title=f"{portfolio.name} / Monitoring health",
        description="Is the monitoring itself healthy: scrape targets, exporters, Prometheus "
        "and Alertmanager.",
        rows=[targets, *_exporter_rows(portfolio), prometheus, alertmanager],
        variables=[
            style.query_variable("job", "job", "label_values(up, job)"),
            style.query_variable("instance", "instance", 'label_values(up{job=~"$job"}, instance)'),
        ],
        tags=["monitoring"],
    )
