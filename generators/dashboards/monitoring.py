"""8. Monitoring health: scrape targets, the exporters' own metrics, Prometheus and Alertmanager.

The monitoring alerts (ExporterDown, ...) link here. One query per exporter in use, never one
per product. This dashboard has the ``job``/``instance`` variables the dashboard-linter asks for.
"""

from __future__ import annotations

from generators.dashboards import style as s
from generators.dashboards.common import RATE
from generators.dashboards.style import Q, Size
from generators.selectors import selector
from portfolio import conventions, durations
from portfolio.config.model import Portfolio

INSTANCE = {"instance": "$instance"}


def _exporter_rows(p: Portfolio) -> list[s.Row]:
    sources = p.sources_in_use()
    if not sources:
        return []
    stale = durations.seconds(p.alerting.for_["exporter"])

    # Exporters may run several refresh loops; the worst one is the exporter's health.
    def each(metric: str, template: str, legend: str, **matchers: str) -> list[Q]:
        return [
            Q(
                template.format(
                    sel=selector(
                        f"{src}_{metric}", conventions.exporter_job(src), **INSTANCE, **matchers
                    )
                ),
                legend.replace("SRC", src),
            )
            for src in sources
        ]

    def instant(qs: list[Q]) -> list[Q]:
        return [Q(q.expr, q.legend, instant=True) for q in qs]

    return [
        s.Row(
            "Exporters",
            [
                s.stat(
                    "Upstream refresh OK",
                    "1 when the exporter's last refresh from its SaaS API succeeded "
                    "(<exporter>_up, published by each exporter about itself).",
                    instant(each("up", "min({sel})", "SRC")),
                    unit="none",
                    size=Size(8, 4),
                    mappings=s.UP_DOWN,
                    thresholds=s.steps((s.RED, None), (s.GREEN, 1)),
                ),
                s.stat(
                    "Last successful refresh",
                    "Time since each exporter last refreshed successfully "
                    "(<exporter>_last_success_timestamp_seconds).",
                    instant(each("last_success_timestamp_seconds", "time() - min({sel})", "SRC")),
                    unit="s",
                    size=Size(8, 4),
                    thresholds=s.steps((s.GREEN, None), (s.ORANGE, stale), (s.RED, 3 * stale)),
                ),
                s.stat(
                    "Rate limit resets in",
                    "Time until the upstream API's rate-limit window resets "
                    "(<exporter>_rate_limit_reset_timestamp_seconds).",
                    instant(
                        each("rate_limit_reset_timestamp_seconds", "max({sel}) - time()", "SRC")
                    ),
                    unit="s",
                    size=Size(8, 4),
                    color_mode="none",
                ),
                s.timeseries(
                    "Data age",
                    "Age of the data each exporter serves; exporters poll upstream on a "
                    "schedule, so this grows when refreshes fail. Orange after "
                    f"alerting.for.exporter ({p.alerting.for_['exporter']}).",
                    each("data_age_seconds", "max({sel})", "SRC"),
                    unit="s",
                    thresholds=s.steps((s.GREEN, None), (s.ORANGE, stale), (s.RED, 3 * stale)),
                    threshold_style="line",
                ),
                s.timeseries(
                    "Refresh failures",
                    "Failed refreshes per second by reason (<exporter>_refresh_failures_total).",
                    each(
                        "refresh_failures_total",
                        f"sum by (reason) (rate({{sel}}[{RATE}]))",
                        "SRC {{reason}}",
                    ),
                    unit="ops",
                ),
                s.timeseries(
                    "Upstream requests by status class",
                    "Requests the exporters send to their APIs per second, by status class; 304 "
                    "means a conditional request saved quota (<exporter>_upstream_requests_total).",
                    each(
                        "upstream_requests_total",
                        f"sum by (status_class) (rate({{sel}}[{RATE}]))",
                        "SRC {{status_class}}",
                    ),
                    unit="reqps",
                    stack=True,
                ),
                s.bar_gauge(
                    "Upstream rate limit remaining",
                    "Requests left in each API's current rate-limit window "
                    "(<exporter>_rate_limit_remaining).",
                    instant(each("rate_limit_remaining", "min({sel})", "SRC")),
                    unit="short",
                    size=Size(12, 8),
                    thresholds=s.steps((s.RED, None), (s.ORANGE, 100), (s.GREEN, 500)),
                ),
                s.timeseries(
                    "Refresh duration",
                    "How long each exporter's last refresh took "
                    "(<exporter>_refresh_duration_seconds).",
                    each("refresh_duration_seconds", "max({sel})", "SRC"),
                    unit="s",
                ),
            ],
        )
    ]


def build(p: Portfolio) -> s.DashboardSpec:
    up = selector("up", None, job="$job", **INSTANCE)
    prom = {"job": conventions.JOB_PROMETHEUS, **INSTANCE}
    am = {"job": conventions.JOB_ALERTMANAGER, **INSTANCE}
    targets = s.Row(
        "Scrape targets",
        [
            s.stat(
                "Targets up",
                "Share of each job's scrape targets that answered the last scrape (Prometheus "
                "up). Probes count as targets of the blackbox job.",
                [Q(f"avg by (job) ({up})", "{{job}}", True)],
                unit="percentunit",
                size=Size(24, 4),
                thresholds=s.steps((s.RED, None), (s.ORANGE, 0.5), (s.GREEN, 1)),
            ),
            s.state_timeline(
                "Scrape targets",
                "Every scrape target over time, up or down (Prometheus up).",
                [Q(up, "{{job}} {{instance}}")],
                mappings=s.UP_DOWN,
                thresholds=s.steps((s.RED, None), (s.GREEN, 1)),
                size=Size(16, 8),
            ),
            s.timeseries(
                "Scrape duration",
                "Slowest scrape per job (Prometheus scrape_duration_seconds); probes take as long "
                f"as the probed endpoint, up to the probe timeout ({p.probe.timeout}).",
                [
                    Q(
                        f"max by (job) ({selector('scrape_duration_seconds', None, job='$job', **INSTANCE)})",
                        "{{job}}",
                    )
                ],
                unit="s",
                size=Size(8, 8),
            ),
        ],
    )
    prometheus = s.Row(
        "Prometheus",
        [
            s.stat(
                "Prometheus config reloaded",
                "Whether Prometheus' last configuration reload succeeded "
                "(prometheus_config_last_reload_successful).",
                [
                    Q(
                        selector("prometheus_config_last_reload_successful", None, **prom),
                        "{{instance}}",
                        True,
                    )
                ],
                unit="none",
                size=Size(6, 4),
                mappings=s.YES_NO,
                thresholds=s.steps((s.RED, None), (s.GREEN, 1)),
            ),
            s.stat(
                "Head series",
                "Series in Prometheus' head block (prometheus_tsdb_head_series); grows with "
                "products, endpoints and label values.",
                [Q(selector("prometheus_tsdb_head_series", None, **prom), "{{instance}}", True)],
                unit="short",
                size=Size(6, 4),
                color_mode="none",
                graph=True,
            ),
            s.stat(
                "Alerts dropped",
                "Alerts Prometheus dropped before they reached Alertmanager in the time range "
                "(prometheus_notifications_dropped_total).",
                [
                    Q(
                        f"sum(increase({selector('prometheus_notifications_dropped_total', None, **prom)}[$__range]))",
                        "dropped",
                        True,
                    )
                ],
                unit="none",
                size=Size(6, 4),
                thresholds=s.steps((s.GREEN, None), (s.RED, 1)),
            ),
            s.stat(
                "Scrape interval p99",
                "99th percentile of the actual time between scrapes per configured interval "
                "(prometheus_target_interval_length_seconds); far above the interval means "
                "Prometheus is overloaded.",
                [
                    Q(
                        f"max by (interval) ({selector('prometheus_target_interval_length_seconds', None, **prom, quantile='0.99')})",
                        "{{interval}}",
                        True,
                    )
                ],
                unit="s",
                size=Size(6, 4),
                color_mode="none",
            ),
            s.timeseries(
                "Rule evaluation failures",
                "Failed rule evaluations per second by group "
                "(prometheus_rule_evaluation_failures_total). Any is a bug in generated rules.",
                [
                    Q(
                        f"sum by (rule_group) (rate({selector('prometheus_rule_evaluation_failures_total', None, **prom)}[{RATE}]))",
                        "{{rule_group}}",
                    )
                ],
                unit="ops",
                size=Size(8, 8),
            ),
            s.timeseries(
                "Rule group duration",
                "How long each rule group's last evaluation took "
                "(prometheus_rule_group_last_duration_seconds).",
                [
                    Q(
                        f"max by (rule_group) ({selector('prometheus_rule_group_last_duration_seconds', None, **prom)})",
                        "{{rule_group}}",
                    )
                ],
                unit="s",
                size=Size(8, 8),
            ),
            s.timeseries(
                "Errors sending alerts to Alertmanager",
                "Errors per second sending alerts to each Alertmanager "
                "(prometheus_notifications_errors_total).",
                [
                    Q(
                        f"sum by (alertmanager) (rate({selector('prometheus_notifications_errors_total', None, **prom)}[{RATE}]))",
                        "{{alertmanager}}",
                    )
                ],
                unit="ops",
                size=Size(8, 8),
            ),
        ],
    )
    alertmanager = s.Row(
        "Alertmanager",
        [
            s.stat(
                "Alertmanager config reloaded",
                "Whether Alertmanager's last configuration reload succeeded "
                "(alertmanager_config_last_reload_successful).",
                [
                    Q(
                        selector("alertmanager_config_last_reload_successful", None, **am),
                        "{{instance}}",
                        True,
                    )
                ],
                unit="none",
                size=Size(6, 8),
                mappings=s.YES_NO,
                thresholds=s.steps((s.RED, None), (s.GREEN, 1)),
            ),
            s.timeseries(
                "Alerts held by state",
                "Alerts Alertmanager holds, active or suppressed (alertmanager_alerts).",
                [Q(f"sum by (state) ({selector('alertmanager_alerts', None, **am)})", "{{state}}")],
                unit="none",
                size=Size(6, 8),
            ),
            s.timeseries(
                "Notifications by integration",
                "Notifications attempted per second by integration (Slack, PagerDuty, email, "
                "webhook) (alertmanager_notifications_total).",
                [
                    Q(
                        f"sum by (integration) (rate({selector('alertmanager_notifications_total', None, **am)}[{RATE}]))",
                        "{{integration}}",
                    )
                ],
                unit="ops",
                size=Size(6, 8),
            ),
            s.timeseries(
                "Notification failures",
                "Notifications that failed per second by integration and reason "
                "(alertmanager_notifications_failed_total). The "
                "AlertmanagerNotificationsFailing alert fires on any.",
                [
                    Q(
                        f"sum by (integration, reason) (rate({selector('alertmanager_notifications_failed_total', None, **am)}[{RATE}]))",
                        "{{integration}} {{reason}}",
                    )
                ],
                unit="ops",
                size=Size(6, 8),
                thresholds=s.steps((s.GREEN, None), (s.RED, 0.0001)),
                threshold_style="line",
            ),
        ],
    )
    return s.DashboardSpec(
        key="monitoring",
        title=f"{p.name} / Monitoring health",
        description="Is the monitoring itself healthy: scrape targets, exporters, Prometheus "
        "and Alertmanager.",
        rows=[targets, *_exporter_rows(p), prometheus, alertmanager],
        variables=[
            s.query_variable("job", "job", "label_values(up, job)"),
            s.query_variable("instance", "instance", 'label_values(up{job=~"$job"}, instance)'),
        ],
        tags=["monitoring"],
    )
