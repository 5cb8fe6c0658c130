"""1. Portfolio overview: every product's health at a glance, coloured by its own thresholds.

Per-product thresholds reach the panels as data: a value is divided by the product's threshold
series (``product:threshold_*``), so one colour scale (warn at ``alerting.approaching``, red
at 1) serves every product, and the raw thresholds are drawn as dashed series.
"""

from __future__ import annotations

from generators.dashboards import style
from generators.dashboards.common import product_link, product_variable, team_variable
from generators.dashboards.style import Query, Size
from generators.selectors import probe_metric, recorded
from portfolio import conventions
from portfolio.config.model import Portfolio

SEL = {"product": "$product"}


def _uptime_budget_used(window: str) -> str:
    """Share of the allowed downtime (1 - threshold) used over the uptime window."""
    return (
        f"(1 - {recorded(window, product='$product', environment='$environment')})\n"
        f"/ on({conventions.PRODUCT}) group_left()\n(1 - {conventions.T_UPTIME})"
    )


def build(p: Portfolio) -> style.DashboardSpec:
    a = p.alerting
    window = f"product_environment:probe_success:avg{a.uptime_window}"
    approaching = style.ratio_of_threshold_steps(a.approaching)
    sources = p.sources_in_use()
    env = {"environment": "$environment"}
    link = product_link()

    up = f"min by ({conventions.PRODUCT}) ({probe_metric('probe_success', **SEL, team='$team', **env)})"
    uptime = f"min by ({conventions.PRODUCT}) ({recorded(window, **SEL, **env)})"
    budget = f"max by ({conventions.PRODUCT}) (\n{_uptime_budget_used(window)}\n)"
    latency = (
        f"max by ({conventions.PRODUCT}) ({recorded(conventions.R_LATENCY_P95, **SEL, **env)})"
    )
    latency_share = (
        f"{latency}\n/ on({conventions.PRODUCT})\n{recorded(conventions.T_LATENCY, **SEL)}"
    )
    alerts = (
        f"count by ({conventions.PRODUCT}) ({recorded('ALERTS', alertstate='firing', **SEL)})\n"
        f"or on({conventions.PRODUCT}) (0 * {recorded(conventions.T_INFO, **SEL, team='$team')})"
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
        "Value #B": f"Uptime ({a.uptime_window})",
        "Value #C": "Downtime budget used",
        "Value #D": "p95 latency",
        "Value #E": "p95 / threshold",
        "Value #F": "Open alerts",
    }
    overrides = [
        style.column("Product", "none", links=[link]),
        style.column("Up", "none", cell="color-background", mappings=style.UP_DOWN),
        style.column(f"Uptime ({a.uptime_window})", "percentunit", decimals=3),
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
        err = f"{recorded(conventions.R_ERROR_RATIO, **SEL)}"
        queries += [
            Query(err, instant=True, table=True),
            Query(
                f"{err}\n/ on({conventions.PRODUCT})\n{recorded(conventions.T_ERROR, **SEL)}",
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
    if "github" in sources:
        queries += [
            Query(recorded(conventions.R_DORA_LEVEL_OVERALL, **SEL), instant=True, table=True),
            Query(
                f"sum_over_time({recorded(conventions.R_DEPLOYMENTS_1H, **SEL)}[7d:1h])",
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
                field_links=[link],
            ),
            style.table(
                "Products",
                "One row per product: probe status, uptime over the alerting window, share of "
                "the product's downtime budget, p95 latency and 5xx rate against the product's "
                "own thresholds (threshold series from portfolio.yaml), open alerts, DORA level "
                "and successful production deployments in the last 7 days. Orange from "
                f"{a.approaching:.0%} of a threshold, red at it.",
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
            f"Uptime ({a.uptime_window}) vs threshold",
            "Share of successful probes over the alerting window per product and environment "
            "(recorded from blackbox probes); dashed: each product's uptime threshold.",
            [
                Query(recorded(window, **SEL, **env), legend="{{product}} {{environment}}"),
                Query(recorded(conventions.T_UPTIME, **SEL), legend="threshold {{product}}"),
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
                Query(recorded(conventions.T_LATENCY, **SEL), legend="threshold {{product}}"),
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
                    Query(recorded(conventions.R_ERROR_RATIO, **SEL), legend="{{product}}"),
                    Query(recorded(conventions.T_ERROR, **SEL), legend="threshold {{product}}"),
                ],
                unit="percentunit",
                overrides=[style.threshold_series_override()],
            )
        )
    trends.append(
        style.bar_gauge(
            "Open alerts",
            "Firing alerts per product and severity (Prometheus ALERTS series). Details on the "
            "SLOs and alerts dashboard.",
            [
                Query(
                    f"count by ({conventions.PRODUCT}, {conventions.SEVERITY}) "
                    f"({recorded('ALERTS', alertstate='firing', **SEL)})",
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
                        recorded(conventions.R_DORA_LEVEL_OVERALL, **SEL),
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
                        f"sum_over_time({recorded(conventions.R_DEPLOYMENTS_1H, **SEL)}[7d:1h])",
                        legend="{{product}}",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(12, 5),
                thresholds=style.steps((style.BLUE, None)),
                field_links=[link],
            ),
        ]
    rows = [health, style.Row("Against thresholds", trends)]
    if delivery:
        rows.append(style.Row("Delivery", delivery))
    return style.DashboardSpec(
        key="overview",
        title=f"{p.name} / Portfolio overview",
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
                default=p.dora.production_environment,
            ),
        ],
        tags=["overview"],
    )
