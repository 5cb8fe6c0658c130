"""1. Portfolio overview: every product's health at a glance, coloured by its own thresholds.

Per-product thresholds reach the panels as data: a value is divided by the product's threshold
series (``product:threshold_*``), so one colour scale (warn at ``alerting.approaching``, red
at 1) serves every product, and the raw thresholds are drawn as dashed series.
"""

from __future__ import annotations

from generators.dashboards import services, style
from generators.dashboards.common import product_link, product_variable, team_variable
from generators.dashboards.style import Query, Size
from generators.selectors import exporter_metric, probe_metric, recorded
from portfolio import conventions
from portfolio.config.model import Portfolio

SELECTED_PRODUCT = {"product": "$product"}


def _uptime_budget_used(window: str) -> str:
    """Share of the allowed downtime (1 - threshold) used over the uptime window."""
    return (
        f"(1 - {recorded(window, product='$product', environment='$environment')})\n"
        f"/ on({conventions.PRODUCT}) group_left()\n(1 - {conventions.T_UPTIME})"
    )


def build(portfolio: Portfolio) -> style.DashboardSpec:
    alerting = portfolio.alerting
    window = f"product_environment:probe_success:avg{alerting.uptime_window}"
    approaching = style.ratio_of_threshold_steps(alerting.approaching)
    sources = portfolio.sources_in_use()
    selected_environment = {"environment": "$environment"}
    detail_link = product_link()

    up = f"min by ({conventions.PRODUCT}) ({probe_metric('probe_success', **SELECTED_PRODUCT, team='$team', **selected_environment)})"
    uptime = f"min by ({conventions.PRODUCT}) ({recorded(window, **SELECTED_PRODUCT, **selected_environment)})"
    budget = f"max by ({conventions.PRODUCT}) (\n{_uptime_budget_used(window)}\n)"
    latency = f"max by ({conventions.PRODUCT}) ({recorded(conventions.R_LATENCY_P95, **SELECTED_PRODUCT, **selected_environment)})"
    latency_share = f"{latency}\n/ on({conventions.PRODUCT})\n{recorded(conventions.T_LATENCY, **SELECTED_PRODUCT)}"
    alerts = (
        f"count by ({conventions.PRODUCT}) ({recorded('ALERTS', alertstate='firing', **SELECTED_PRODUCT)})\n"
        f"or on({conventions.PRODUCT}) (0 * {recorded(conventions.T_INFO, **SELECTED_PRODUCT, team='$team')})"
    )
    queries = [
        Query(up, instant=True, table=True),
        Query(uptime, instant=True, table=True),
        Query(budget, instant=True, table=True),
        Query(latency, instant=True, table=True),
        Query(latency_share, instant=True, table=True),
        Query(alerts, instant=True, table=True),
    ]
    columns = {
        "product": "Product",
        "Value #A": "Up",
        "Value #B": f"Uptime ({alerting.uptime_window})",
        "Value #C": "Downtime budget used",
        "Value #D": "p95 latency",
        "Value #E": "p95 / threshold",
        "Value #F": "Open alerts",
    }
    overrides = [
        style.column("Product", "none", links=[detail_link]),
        style.column("Up", "none", cell="color-background", mappings=style.UP_DOWN),
        style.column(f"Uptime ({alerting.uptime_window})", "percentunit", decimals=3),
        style.column(
            "Downtime budget used", "percentunit", cell="color-background", thresholds=approaching
        ),
        style.column("p95 latency", "s"),
        style.column(
            "p95 / threshold", "percentunit", cell="color-background", thresholds=approaching
        ),
        style.column(
            "Open alerts",
            "none",
            cell="color-background",
            thresholds=style.steps((style.GREEN, None), (style.RED, 1)),
        ),
    ]
    letter = "G"
    if "cloudflare" in sources:
        error_ratio = f"{recorded(conventions.R_ERROR_RATIO, **SELECTED_PRODUCT)}"
        queries += [
            Query(error_ratio, instant=True, table=True),
            Query(
                f"{error_ratio}\n/ on({conventions.PRODUCT})\n{recorded(conventions.T_ERROR, **SELECTED_PRODUCT)}",
                instant=True,
                table=True,
            ),
        ]
        columns |= {
            f"Value #{letter}": "5xx rate",
            f"Value #{chr(ord(letter) + 1)}": "5xx / threshold",
        }
        overrides += [
            style.column("5xx rate", "percentunit", decimals=2),
            style.column(
                "5xx / threshold", "percentunit", cell="color-background", thresholds=approaching
            ),
        ]
        letter = chr(ord(letter) + 2)
        # Cloudflare health checks (paid zones): 0 as soon as one of the product's checks is
        # not healthy; products without checks show no value.
        queries.append(
            Query(
                f"min by ({conventions.PRODUCT}) "
                f"({exporter_metric('cloudflare', 'cloudflare_healthcheck_healthy', **SELECTED_PRODUCT)})",
                instant=True,
                table=True,
            )
        )
        columns |= {f"Value #{letter}": "Health checks"}
        overrides.append(
            style.column("Health checks", "none", cell="color-background", mappings=style.UP_DOWN)
        )
        letter = chr(ord(letter) + 1)
    if "github" in sources:
        queries += [
            Query(
                recorded(conventions.R_DORA_LEVEL_OVERALL, **SELECTED_PRODUCT),
                instant=True,
                table=True,
            ),
            Query(
                f"sum_over_time({recorded(conventions.R_DEPLOYMENTS_1H, **SELECTED_PRODUCT)}[7d:1h])",
                instant=True,
                table=True,
            ),
        ]
        columns |= {
            f"Value #{letter}": "DORA level",
            f"Value #{chr(ord(letter) + 1)}": "Deploys (7d)",
        }
        overrides += [
            style.column("DORA level", "none", cell="color-background", mappings=style.DORA_LEVELS),
            style.column("Deploys (7d)", "none", decimals=0),
        ]

    health = style.Row(
        "Health at a glance",
        [
            style.stat(
                "Up",
                "Whether every health probe of the product passes now "
                "(blackbox_exporter probe_success, environments selected above).",
                [Query(up, legend="{{product}}", instant=True)],
                unit="none",
                size=Size(24, 4),
                mappings=style.UP_DOWN,
                thresholds=style.steps((style.RED, None), (style.GREEN, 1)),
                field_links=[detail_link],
            ),
            style.table(
                "Products",
                "One row per product: probe status, uptime over the alerting window, share of "
                "the product's downtime budget, p95 latency and 5xx rate against the product's "
                "own thresholds (threshold series from portfolio.yaml), open alerts, DORA level "
                "and successful production deployments in the last 7 days. Orange from "
                f"{alerting.approaching:.0%} of a threshold, red at it.",
                queries,
                size=Size(24, 9),  # fixed: the file must not change when products are added
                columns=columns,
                overrides=overrides,
                sort_by="Product",
            ),
        ],
    )
    trends = [
        style.timeseries(
            f"Uptime ({alerting.uptime_window}) vs threshold",
            "Share of successful probes over the alerting window per product and environment "
            "(recorded from blackbox probes); dashed: each product's uptime threshold.",
            [
                Query(
                    recorded(window, **SELECTED_PRODUCT, **selected_environment),
                    legend="{{product}} {{environment}}",
                ),
                Query(
                    recorded(conventions.T_UPTIME, **SELECTED_PRODUCT),
                    legend="threshold {{product}}",
                ),
            ],
            unit="percentunit",
            overrides=[style.threshold_series_override()],
            max_=1,
        ),
        style.timeseries(
            "p95 latency vs threshold",
            "95th percentile probe duration over 5 minutes per product (recorded from blackbox "
            "probes); dashed: each product's response-time threshold.",
            [
                Query(latency, legend="{{product}}"),
                Query(
                    recorded(conventions.T_LATENCY, **SELECTED_PRODUCT),
                    legend="threshold {{product}}",
                ),
            ],
            unit="s",
            overrides=[style.threshold_series_override()],
        ),
    ]
    if "cloudflare" in sources:
        trends.append(
            style.timeseries(
                "5xx error rate vs threshold",
                "Share of Cloudflare edge responses with a 5xx status over 5 minutes per "
                "product (cloudflare exporter, recorded); dashed: each product's error threshold.",
                [
                    Query(
                        recorded(conventions.R_ERROR_RATIO, **SELECTED_PRODUCT),
                        legend="{{product}}",
                    ),
                    Query(
                        recorded(conventions.T_ERROR, **SELECTED_PRODUCT),
                        legend="threshold {{product}}",
                    ),
                ],
                unit="percentunit",
                overrides=[style.threshold_series_override()],
            )
        )
    app_errors = services.overview_panel(portfolio)  # the products' own services
    if app_errors is not None:
        trends.append(app_errors)
    trends.append(
        style.bar_gauge(
            "Open alerts",
            "Firing alerts per product and severity (Prometheus ALERTS series). Details on the "
            "SLOs and alerts dashboard.",
            [
                Query(
                    f"count by ({conventions.PRODUCT}, {conventions.SEVERITY}) "
                    f"({recorded('ALERTS', alertstate='firing', **SELECTED_PRODUCT)})",
                    legend="{{product}} {{severity}}",
                    instant=True,
                )
            ],
            unit="none",
            size=Size(12, 8),
            thresholds=style.steps((style.GREEN, None), (style.ORANGE, 1), (style.RED, 3)),
            field_links=[
                style.data_link(
                    "Alerts of ${__field.labels.product}",
                    style.dashboard_url("slo", product="${__field.labels.product}"),
                )
            ],
        )
    )
    delivery: list[object] = []
    if "github" in sources:
        delivery = [
            style.stat(
                "DORA performance level",
                "Overall DORA level per product: the worst of its four keys, each compared with "
                "the level bounds in portfolio.yaml (recorded from the GitHub exporter).",
                [
                    Query(
                        recorded(conventions.R_DORA_LEVEL_OVERALL, **SELECTED_PRODUCT),
                        legend="{{product}}",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(12, 5),
                mappings=style.DORA_LEVELS,
                thresholds=style.DORA_LEVEL_STEPS,
                field_links=[
                    style.data_link(
                        "DORA", style.dashboard_url("dora", product="${__field.labels.product}")
                    )
                ],
            ),
            style.bar_gauge(
                "Deployments this week",
                "Successful production deployments per product in the last 7 days (GitHub "
                "deployments, summed from an hourly recording).",
                [
                    Query(
                        f"sum_over_time({recorded(conventions.R_DEPLOYMENTS_1H, **SELECTED_PRODUCT)}[7d:1h])",
                        legend="{{product}}",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(12, 5),
                thresholds=style.steps((style.BLUE, None)),
                field_links=[detail_link],
            ),
        ]
    rows = [health, style.Row("Against thresholds", trends)]
    if delivery:
        rows.append(style.Row("Delivery", delivery))
    return style.DashboardSpec(
        key="overview",
        title=f"{portfolio.name} / Portfolio overview",
        description="Health of every product at a glance, coloured by each product's own thresholds.",
        rows=rows,
        variables=[
            team_variable(),
            product_variable(),
            style.query_variable(
                "environment",
                "Environment",
                f'label_values(probe_success{{job="{conventions.JOB_BLACKBOX}"}}, {conventions.ENVIRONMENT})',
                multi=True,
                include_all=False,
                default=portfolio.dora.production_environment,
            ),
        ],
        tags=["overview"],
    )
