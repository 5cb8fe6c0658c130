"""7. SLOs and alerts: firing alerts by severity and team; per-product SLO targets vs actual
and error budget remaining.

The SLO panels read the SLO recording rules (names in ``conventions``). They appear
once those rules are recorded by the generated rule files (``rules.recorded_metrics``), so a
dashboard never queries a series nothing records.
"""

from __future__ import annotations

from generators import rules
from generators.dashboards import style
from generators.dashboards.common import aggregate, product_link, product_variable, team_variable
from generators.dashboards.style import Query, Size
from generators.selectors import recorded
from portfolio import conventions
from portfolio.config.model import Portfolio

SELECTED_PRODUCT_TEAM = {"product": "$product", "team": "$team"}


def _firing(**extra: str) -> str:
    return recorded("ALERTS", alertstate="firing", **SELECTED_PRODUCT_TEAM, **extra)


def _alert_rows() -> list[style.Row]:
    severity_overrides = [
        {
            "matcher": {"id": "byName", "options": severity},
            "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": colour}}],
        }
        for severity, colour in zip(
            conventions.SEVERITIES, (style.RED, style.ORANGE, style.BLUE), strict=True
        )
    ]
    firing = style.Row(
        "Alerts",
        [
            style.stat(
                "Firing alerts by severity",
                "Alerts firing now per severity (Prometheus ALERTS series of the rules generated "
                "from portfolio.yaml).",
                [
                    Query(
                        f"count({_firing(severity=severity)}) or vector(0)", severity, instant=True
                    )
                    for severity in conventions.SEVERITIES
                ],
                unit="none",
                size=Size(8, 5),
                thresholds=style.steps((style.GREEN, None), (style.RED, 1)),
                text_mode="value_and_name",
            ),
            style.bar_gauge(
                "Firing alerts by team",
                "Alerts firing now per owning team and severity (ALERTS); routing sends them to "
                "the team's receivers.",
                [
                    aggregate(
                        "count", (conventions.TEAM, conventions.SEVERITY), _firing(), instant=True
                    )
                ],
                unit="none",
                size=Size(8, 5),
                thresholds=style.steps((style.GREEN, None), (style.ORANGE, 1), (style.RED, 3)),
            ),
            style.stat(
                "Pending alerts",
                "Alerts whose condition holds but whose `for:` has not elapsed yet (ALERTS, "
                "state pending).",
                [
                    Query(
                        f"count({recorded('ALERTS', alertstate='pending', **SELECTED_PRODUCT_TEAM)}) or vector(0)",
                        "pending",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(8, 5),
                thresholds=style.steps((style.GREEN, None), (style.ORANGE, 1)),
            ),
            style.table(
                "Firing alerts",
                "Every alert firing now with its product, environment, team, severity and kind "
                "(ALERTS). Product links to its detail dashboard.",
                [
                    Query(
                        f"max by (alertname, {conventions.PRODUCT}, {conventions.ENVIRONMENT}, {conventions.TEAM}, "
                        f"{conventions.SEVERITY}, {conventions.KIND}) ({_firing()})",
                        instant=True,
                        table=True,
                    )
                ],
                size=Size(24, 8),
                columns={
                    "alertname": "Alert",
                    conventions.SEVERITY: "Severity",
                    conventions.PRODUCT: "Product",
                    conventions.ENVIRONMENT: "Environment",
                    conventions.TEAM: "Team",
                    conventions.KIND: "Kind",
                },
                hide=("Time", "Value"),
                overrides=[style.column("Product", "none", links=[product_link()])],
                sort_by="Severity",
            ),
            style.timeseries(
                "Firing alerts over time",
                "Number of firing alerts per severity over time (ALERTS).",
                [aggregate("count", (conventions.SEVERITY,), _firing())],
                unit="none",
                size=Size(24, 7),
                bars=True,
                stack=True,
                overrides=severity_overrides,
            ),
        ],
    )
    return [firing]


def _slo_rows(p: Portfolio) -> list[style.Row]:
    recorded_names = rules.recorded_metrics(p)
    needed = (
        conventions.SLO_OBJECTIVE,
        conventions.SLO_ERROR_PERIOD,
        conventions.SLO_BUDGET_REMAINING,
    )
    if not all(name in recorded_names for name in needed):
        return []
    # Not every SLO series carries ``team``; the product variable is already team-filtered.
    selected_product = {"product": "$product"}
    slo_labels = f"{conventions.PRODUCT}, {conventions.SLO}"
    approaching = p.alerting.approaching
    return [
        style.Row(
            "SLOs",
            [
                style.table(
                    "Targets vs actual",
                    "Per product and SLO: the objective from portfolio.yaml, the SLI achieved "
                    "over the SLO period and the share of the error budget left (SLO recording "
                    "rules).",
                    [
                        Query(
                            f"max by ({slo_labels}) ({recorded(conventions.SLO_OBJECTIVE, **selected_product)})",
                            instant=True,
                            table=True,
                        ),
                        Query(
                            f"1 - max by ({slo_labels}) ({recorded(conventions.SLO_ERROR_PERIOD, **selected_product)})",
                            instant=True,
                            table=True,
                        ),
                        Query(
                            f"max by ({slo_labels}) ({recorded(conventions.SLO_BUDGET_REMAINING, **selected_product)})",
                            instant=True,
                            table=True,
                        ),
                    ],
                    size=Size(12, 8),
                    columns={
                        conventions.PRODUCT: "Product",
                        conventions.SLO: "SLO",
                        "Value #A": "Objective",
                        "Value #B": "Actual",
                        "Value #C": "Error budget left",
                    },
                    overrides=[
                        style.column("Product", "none", links=[product_link()]),
                        style.column("Objective", "percentunit", decimals=3),
                        style.column("Actual", "percentunit", decimals=3),
                        style.column(
                            "Error budget left",
                            "percentunit",
                            cell="color-background",
                            thresholds=style.steps(
                                (style.RED, None), (style.ORANGE, 0), (style.GREEN, 1 - approaching)
                            ),
                        ),
                    ],
                    sort_by="Product",
                ),
                style.timeseries(
                    "Error budget remaining",
                    "Share of each SLO's error budget left in the period (SLO recording rules); "
                    "below zero the SLO is breached.",
                    [
                        aggregate(
                            "max",
                            (conventions.PRODUCT, conventions.SLO),
                            recorded(conventions.SLO_BUDGET_REMAINING, **selected_product),
                        )
                    ],
                    unit="percentunit",
                    size=Size(12, 8),
                    thresholds=style.steps((style.RED, None), (style.GREEN, 0)),
                    threshold_style="line",
                ),
            ],
        )
    ]


def build(portfolio: Portfolio) -> style.DashboardSpec:
    return style.DashboardSpec(
        key="slo",
        title=f"{portfolio.name} / SLOs and alerts",
        description="Firing alerts by severity and team, and each product's SLOs against their "
        "targets with the error budget left.",
        rows=[*_slo_rows(portfolio), *_alert_rows()],
        variables=[team_variable(), product_variable()],
        tags=["slo", "alerts"],
        links=[style.link_to("product", "Product detail")],
    )
