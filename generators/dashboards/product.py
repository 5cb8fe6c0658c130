"""2. Product detail, templated by product: availability, latency, errors, endpoints, TLS,
deployments (as annotations) and firing alerts. Rules link here with ``?var-product=``."""

from __future__ import annotations

from generators.dashboards import services, style
from generators.dashboards.common import (
    RATE,
    aggregate,
    environment_variable,
    product_variable,
    share_of_threshold,
)
from generators.dashboards.style import Query, Size
from generators.selectors import exporter_metric, probe_metric, recorded
from portfolio import conventions
from portfolio.config.model import Portfolio

SELECTED_PRODUCT = {"product": "$product"}
SELECTED_PRODUCT_ENVIRONMENTS = {"product": "$product", "environment": "$environment"}
QUANTILES = (0.5, 0.95, 0.99)


def build(portfolio: Portfolio) -> style.DashboardSpec:
    alerting = portfolio.alerting
    window = f"product_environment:probe_success:avg{alerting.uptime_window}"
    approaching = style.ratio_of_threshold_steps(alerting.approaching)
    sources = portfolio.sources_in_use()

    availability = style.Row(
        "Availability",
        [
            style.stat(
                "Up",
                "Whether every health probe of the environment passes now (blackbox_exporter "
                "probe_success).",
                [
                    aggregate(
                        "min",
                        (conventions.ENVIRONMENT,),
                        probe_metric("probe_success", **SELECTED_PRODUCT_ENVIRONMENTS),
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(6, 4),
                mappings=style.UP_DOWN,
                thresholds=style.RED_UNLESS_ONE,
            ),
            style.stat(
                f"Uptime ({alerting.uptime_window})",
                "Share of successful probes over the alerting window (recorded from blackbox "
                "probes).",
                [
                    Query(
                        recorded(window, **SELECTED_PRODUCT_ENVIRONMENTS),
                        "{{environment}}",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(6, 4),
                decimals=3,
                color_mode="none",
            ),
            share_of_threshold(
                "Downtime budget used",
                "Failed-probe share over the alerting window divided by what the product's uptime "
                "threshold allows (1 - threshold, from portfolio.yaml). Red at 100%.",
                f"(1 - {recorded(window, **SELECTED_PRODUCT_ENVIRONMENTS)})",
                f"(1 - {recorded(conventions.T_UPTIME, **SELECTED_PRODUCT)})",
                legend="{{environment}}",
                size=Size(6, 4),
                thresholds=approaching,
            ),
            style.stat(
                "TLS certificate expiry",
                "Days until the earliest certificate of the environment's endpoints expires "
                f"(blackbox). Orange below {alerting.tls_warning_days:g} days, red below "
                f"{alerting.tls_critical_days:g} (alerting.tls_expiry).",
                [
                    Query(
                        recorded(conventions.R_TLS_EXPIRY_DAYS, **SELECTED_PRODUCT_ENVIRONMENTS),
                        "{{environment}}",
                        instant=True,
                    )
                ],
                unit="d",
                size=Size(6, 4),
                decimals=1,
                thresholds=style.steps(
                    (style.RED, None),
                    (style.ORANGE, alerting.tls_critical_days),
                    (style.GREEN, alerting.tls_warning_days),
                ),
            ),
            style.timeseries(
                "Availability vs threshold",
                "Share of successful probes over 5 minutes per environment (recorded); dashed: the "
                "product's uptime threshold.",
                [
                    Query(
                        recorded(conventions.R_PROBE_SUCCESS_5M, **SELECTED_PRODUCT_ENVIRONMENTS),
                        "{{environment}}",
                    ),
                    Query(recorded(conventions.T_UPTIME, **SELECTED_PRODUCT), "threshold"),
                ],
                unit="percentunit",
                size=Size(12, 8),
                overrides=[style.threshold_series_override()],
                max_=1,
            ),
            style.state_timeline(
                "Probes per endpoint",
                "Result of every health probe over time, one row per environment and endpoint "
                "(blackbox_exporter probe_success).",
                [
                    Query(
                        probe_metric("probe_success", **SELECTED_PRODUCT_ENVIRONMENTS),
                        "{{environment}} {{endpoint}}",
                    )
                ],
                mappings=style.UP_DOWN,
                thresholds=style.RED_UNLESS_ONE,
                size=Size(12, 8),
            ),
            *(
                [
                    style.state_timeline(
                        "Cloudflare health checks",
                        "Whether each of the zone's Cloudflare health checks reports healthy "
                        "(cloudflare exporter; suspended and unknown show as down, their "
                        "status and failure reason are cloudflare_healthcheck_status and "
                        "cloudflare_healthcheck_failure).",
                        [
                            Query(
                                exporter_metric(
                                    "cloudflare",
                                    "cloudflare_healthcheck_healthy",
                                    **SELECTED_PRODUCT,
                                ),
                                "{{healthcheck}}",
                            )
                        ],
                        mappings=style.UP_DOWN,
                        thresholds=style.RED_UNLESS_ONE,
                        size=Size(24, 6),
                    )
                ]
                if "cloudflare" in sources
                else []
            ),
        ],
    )
    latency_queries = [
        Query(
            f"max by ({conventions.ENVIRONMENT}) (quantile_over_time({quantile:g}, "
            f"{probe_metric('probe_duration_seconds', **SELECTED_PRODUCT_ENVIRONMENTS)}[{RATE}]))",
            f"probe p{quantile * 100:g} {{{{environment}}}}",
        )
        for quantile in QUANTILES
    ]
    if "cloudflare" in sources:
        latency_queries += [
            Query(
                exporter_metric("cloudflare", "cloudflare_edge_ttfb_seconds", **SELECTED_PRODUCT),
                "edge TTFB p{{quantile}}",
            ),
            Query(
                exporter_metric(
                    "cloudflare", "cloudflare_origin_response_duration_seconds", **SELECTED_PRODUCT
                ),
                "origin p{{quantile}}",
            ),
        ]
    latency_queries.append(Query(recorded(conventions.T_LATENCY, **SELECTED_PRODUCT), "threshold"))
    latency = style.Row(
        "Latency",
        [
            style.timeseries(
                "Response time p50 / p95 / p99",
                "Percentiles of the health probes' duration per environment (blackbox) and, where "
                "Cloudflare fronts the product, Cloudflare's own percentiles of the edge time to "
                "first byte and of the origin's response time over the last settled window "
                "(cloudflare exporter); dashed: the product's response-time threshold.",
                latency_queries,
                unit="s",
                size=Size(12, 8),
                overrides=[style.threshold_series_override()],
            ),
            share_of_threshold(
                "p95 latency / threshold",
                "p95 probe duration over 5 minutes (recorded) as a share of the product's "
                "response-time threshold. Red at 100%.",
                recorded(conventions.R_LATENCY_P95, **SELECTED_PRODUCT_ENVIRONMENTS),
                recorded(conventions.T_LATENCY, **SELECTED_PRODUCT),
                legend="{{environment}}",
                size=Size(4, 8),
                thresholds=approaching,
            ),
            style.timeseries(
                "Probe phases",
                "Time spent in each HTTP phase of the probes (DNS, connect, TLS, processing, "
                "transfer), summed over the environment's endpoints (blackbox).",
                [
                    aggregate(
                        "sum",
                        (conventions.ENVIRONMENT, "phase"),
                        probe_metric(
                            "probe_http_duration_seconds", **SELECTED_PRODUCT_ENVIRONMENTS
                        ),
                    )
                ],
                unit="s",
                size=Size(8, 8),
                stack=True,
            ),
        ],
    )
    rows = [availability, latency]
    if "cloudflare" in sources:
        cloudflare_requests = exporter_metric(
            "cloudflare", "cloudflare_requests_total", **SELECTED_PRODUCT
        )
        total = f"sum(rate({cloudflare_requests}[{RATE}]))"
        rows.append(
            style.Row(
                "Traffic and errors",
                [
                    style.timeseries(
                        "Requests by status class",
                        "Requests served by Cloudflare per second, by edge status class "
                        "(cloudflare exporter).",
                        [
                            aggregate(
                                "sum", ("status_class",), f"rate({cloudflare_requests}[{RATE}])"
                            )
                        ],
                        unit="reqps",
                        size=Size(10, 8),
                        stack=True,
                    ),
                    style.timeseries(
                        "4xx / 5xx rate",
                        "Share of requests answered with 4xx and with 5xx (cloudflare exporter); "
                        "dashed: the product's error-rate threshold (it applies to 5xx).",
                        [
                            Query(
                                f"sum(rate({exporter_metric('cloudflare', 'cloudflare_requests_total', **SELECTED_PRODUCT, status_class='4xx')}[{RATE}]))\n/ {total}",
                                "4xx",
                            ),
                            Query(
                                f"sum(rate({exporter_metric('cloudflare', 'cloudflare_requests_total', **SELECTED_PRODUCT, status_class='5xx')}[{RATE}]))\n/ {total}",
                                "5xx",
                            ),
                            Query(recorded(conventions.T_ERROR, **SELECTED_PRODUCT), "threshold"),
                        ],
                        unit="percentunit",
                        size=Size(10, 8),
                        overrides=[style.threshold_series_override()],
                    ),
                    style.stat(
                        "5xx rate / threshold",
                        "5xx share over 5 minutes (recorded) as a share of the product's "
                        "error-rate threshold. Red at 100%.",
                        [
                            Query(
                                f"{recorded(conventions.R_ERROR_RATIO, **SELECTED_PRODUCT)}\n/ on({conventions.PRODUCT})\n{recorded(conventions.T_ERROR, **SELECTED_PRODUCT)}",
                                "5xx / threshold",
                                instant=True,
                            )
                        ],
                        unit="percentunit",
                        size=Size(4, 8),
                        thresholds=approaching,
                    ),
                ],
            )
        )
    service_row = services.product_row(portfolio, approaching)  # the products' own services
    if service_row is not None:
        rows.append(service_row)
    endpoint_columns = {
        "environment": "Environment",
        "endpoint": "Endpoint",
        "instance": "URL",
        "Value #A": "Up",
        "Value #B": "Duration",
        "Value #C": "HTTP status",
        "Value #D": "Certificate expires in",
    }
    endpoint_labels = f"{conventions.ENVIRONMENT}, {conventions.ENDPOINT}, instance"
    rows.append(
        style.Row(
            "Endpoints",
            [
                style.table(
                    "Probes per endpoint",
                    "Latest probe of every health endpoint: result, duration, HTTP status and "
                    "days until its certificate expires (blackbox_exporter).",
                    [
                        Query(
                            f"max by ({endpoint_labels}) ({probe_metric('probe_success', **SELECTED_PRODUCT_ENVIRONMENTS)})",
                            instant=True,
                            table=True,
                        ),
                        Query(
                            f"max by ({endpoint_labels}) ({probe_metric('probe_duration_seconds', **SELECTED_PRODUCT_ENVIRONMENTS)})",
                            instant=True,
                            table=True,
                        ),
                        Query(
                            f"max by ({endpoint_labels}) ({probe_metric('probe_http_status_code', **SELECTED_PRODUCT_ENVIRONMENTS)})",
                            instant=True,
                            table=True,
                        ),
                        Query(
                            f"max by ({endpoint_labels}) (({probe_metric('probe_ssl_earliest_cert_expiry', **SELECTED_PRODUCT_ENVIRONMENTS)} - time()) / 86400)",
                            instant=True,
                            table=True,
                        ),
                    ],
                    size=Size(24, 6),
                    columns=endpoint_columns,
                    overrides=[
                        style.column("Up", "none", cell="color-background", mappings=style.UP_DOWN),
                        style.column("Duration", "s"),
                        style.column("HTTP status", "none"),
                        style.column(
                            "Certificate expires in",
                            "d",
                            decimals=1,
                            cell="color-text",
                            thresholds=style.steps(
                                (style.RED, None),
                                (style.ORANGE, alerting.tls_critical_days),
                                (style.GREEN, alerting.tls_warning_days),
                            ),
                        ),
                    ],
                    sort_by="Environment",
                )
            ],
        )
    )
    alerts_panel = style.table(
        "Firing alerts",
        "Alerts of this product firing now, with severity and kind (Prometheus ALERTS series; "
        "rules generated from portfolio.yaml).",
        [
            Query(
                f"max by (alertname, {conventions.SEVERITY}, {conventions.KIND}, {conventions.ENVIRONMENT}, {conventions.ENDPOINT}) "
                f"({recorded('ALERTS', alertstate='firing', **SELECTED_PRODUCT)})",
                instant=True,
                table=True,
            )
        ],
        size=Size(12, 8),
        columns={
            "alertname": "Alert",
            conventions.SEVERITY: "Severity",
            conventions.KIND: "Kind",
            conventions.ENVIRONMENT: "Environment",
            conventions.ENDPOINT: "Endpoint",
        },
        hide=("Time", "Value"),
        sort_by="Severity",
        links=[
            style.data_link(
                "All alerts of this product", style.dashboard_url("slo", product="$product")
            )
        ],
    )
    changes: list[object] = [alerts_panel]
    annotations: list[style.Annotation] = []
    if "github" in sources:
        deployments = exporter_metric("github", "github_deployments_total", **SELECTED_PRODUCT)
        changes.insert(
            0,
            style.timeseries(
                "Deployments",
                "Deployments that reached a final status, per environment and status (GitHub "
                "exporter), counted per interval.",
                [
                    aggregate(
                        "sum",
                        (conventions.ENVIRONMENT, "status"),
                        f"increase({deployments}[$__interval])",
                    )
                ],
                unit="none",
                size=Size(12, 8),
                bars=True,
                stack=True,
                min_interval="5m",
            ),
        )
        annotations.append(
            style.Annotation(
                name="Deployments",
                expr=(
                    f"sum by ({conventions.ENVIRONMENT}) (increase("
                    f"{exporter_metric('github', 'github_deployments_total', **SELECTED_PRODUCT, status='success')}[2m])) > 0"
                ),
                title="Deployed to {{environment}}",
                text="Successful deployment of $product",
                color="blue",
                step="2m",
                tags=(conventions.ENVIRONMENT,),
            )
        )
    rows.append(style.Row("Changes and alerts", changes))
    return style.DashboardSpec(
        key="product",
        title=f"{portfolio.name} / Product detail",
        description="One product in depth: availability, latency, errors, endpoints, TLS, "
        "deployments and alerts. Pick the product above.",
        rows=rows,
        variables=[product_variable(multi=False, by_team=False), environment_variable()],
        annotations=annotations,
        tags=["product"],
        links=[style.link_to("slo", "Alerts and SLOs of this product", icon="bolt")],
    )
