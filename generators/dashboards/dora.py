"""3. DORA: the five metrics per product and portfolio-wide; the four keys with their
performance level, deployment rework rate beside change failure rate, and the suspected change
failure rate (from the monitoring, ``rules/dora.py``) beside the ticket-based one.

Levels (Elite / High / Medium / Low) are recorded by ``rules/dashboards.py`` from the benchmark
set in the config (``dora.benchmark``: the 2023 levels, the 2024 clusters, or custom
``dora.levels``); the same bounds colour the value panels, so the config is the one source.
Every panel reads a windowed gauge of the exporter or a recorded series, at most one sample
per product and step (trends at 1 h resolution), so a 30-day load stays cheap.
"""

from __future__ import annotations

from generators.dashboards import style
from generators.dashboards.common import product_link, product_variable, team_variable
from generators.dashboards.style import Query, Size
from generators.rules import dora as suspected
from generators.rules.dashboards import (
    DORA_KEYS,
    R_DEPLOYMENTS_1D,
    dora_level_record,
    dora_value,
)
from generators.selectors import recorded
from portfolio import conventions
from portfolio.config.model import Portfolio

SELECTED_PRODUCT = {"product": "$product"}
TITLES = {
    "deployment_frequency": ("Deployment frequency", "deployments per day", "short"),
    "lead_time": ("Lead time for changes", "median, first commit to production", "s"),
    "change_failure": (
        "Change failure rate",
        "share of deployments causing a failure",
        "percentunit",
    ),
    "failed_deployment_recovery": (
        "Failed deployment recovery time",
        "median per failure episode, first failure signal to last recovery",
        "s",
    ),
}
REWORK = (
    "Deployment rework rate",
    "share of deployments that were unplanned, made because of an incident",
    "percentunit",
)
TREND_RESOLUTION = "1h"  # the windowed gauges move slowly; 720 points over 30 days


def _level_steps(portfolio: Portfolio, key: str) -> list[dict[str, object]]:
    """Colour a key's value by the config's level bounds (good is green, whichever direction)."""
    _, _, comparison, attr_name = next(entry for entry in DORA_KEYS if entry[0] == key)
    bounds = getattr(portfolio.dora.levels, attr_name)
    if comparison == ">=":  # higher is better
        return style.steps(
            (style.RED, None),
            (style.ORANGE, bounds["medium"]),
            (style.YELLOW, bounds["high"]),
            (style.GREEN, bounds["elite"]),
        )
    return style.steps(
        (style.GREEN, None),
        (style.YELLOW, bounds["elite"]),
        (style.ORANGE, bounds["high"]),
        (style.RED, bounds["medium"]),
    )


def _value(portfolio: Portfolio, key: str) -> str:
    metric = next(entry[1] for entry in DORA_KEYS if entry[0] == key)
    return dora_value(portfolio, metric, product="$product")


def _rework(portfolio: Portfolio) -> str:
    return dora_value(portfolio, "github_dora_deployment_rework_ratio", product="$product")


def _suspected(portfolio: Portfolio) -> str:
    return recorded(suspected.R_SUSPECTED_RATIO, **SELECTED_PRODUCT)


def _suspected_description(portfolio: Portfolio) -> str:
    window = portfolio.dora.suspected_failure_window
    return (
        "Suspected change failure rate (recorded from the monitoring, no incident issue "
        f"needed): the share of production deployments over the last {suspected.DORA_WINDOW} "
        f"followed within {window} (dora.suspected_failure_window) by the start of the "
        "product's ProductDown, its availability burn-rate page or its 5xx ratio above its "
        "threshold; a failure that started before the deployment (more than the "
        f"{suspected.DEPLOYMENT_LAG} the GitHub exporter may take to see it) never counts, and "
        "a deployment counts once however many failures follow it. Deployments are those "
        "Prometheus saw (the GitHub deployment counter, every final status). Beside it, the "
        "ticket-based change failure rate of the exporter (failed status, rollback, or an "
        "incident issue attributed to the deployment) over the exporter's window."
    )


def build(portfolio: Portfolio) -> style.DashboardSpec:
    if "github" not in portfolio.sources_in_use():
        return _empty(portfolio)
    benchmark = f"benchmark {portfolio.dora.benchmark} (dora.benchmark in portfolio.yaml)"
    detail_link = product_link()
    portfolio_row = [
        style.stat(
            "Products per DORA level",
            "How many products reach each overall DORA level (the worst of their four keys, "
            f"against the {benchmark}; recorded from the GitHub exporter).",
            [
                Query(
                    f"count(({recorded(conventions.R_DORA_LEVEL_OVERALL, **SELECTED_PRODUCT)}) == {i}) or vector(0)",
                    name,
                    instant=True,
                )
                for i, name in enumerate(conventions.DORA_LEVEL_NAMES)
            ],
            unit="none",
            size=Size(8, 5),
            color_mode="value",
            thresholds=style.steps((style.BLUE, None)),
            text_mode="value_and_name",
        )
    ]
    for key in TITLES:
        title, what, unit = TITLES[key]
        aggregation = "sum" if key == "deployment_frequency" else "avg"
        portfolio_row.append(
            style.stat(
                f"Portfolio {title.lower()}",
                f"{title} ({what}) across the selected products: "
                f"{'summed' if aggregation == 'sum' else 'averaged'} over products (GitHub exporter, 30-day "
                f"window). Coloured by the level bounds of the {benchmark}.",
                [Query(f"{aggregation}({_value(portfolio, key)})", title, instant=True)],
                unit=unit,
                size=Size(4, 5),
                thresholds=_level_steps(portfolio, key)
                if aggregation == "avg"
                else style.steps((style.BLUE, None)),
                graph=True,
            )
        )
        if key == "change_failure":  # the monitoring's rate beside the tickets'
            portfolio_row.append(
                style.stat(
                    "Portfolio suspected change failure rate",
                    f"Averaged over the selected products. {_suspected_description(portfolio)}",
                    [Query(f"avg({_suspected(portfolio)})", "Suspected", instant=True)],
                    unit="percentunit",
                    size=Size(4, 5),
                    thresholds=_level_steps(portfolio, "change_failure"),
                    graph=True,
                )
            )
    title, what, unit = REWORK
    portfolio_row.append(
        style.stat(
            f"Portfolio {title.lower()}",
            f"{title} ({what}) averaged over the selected products (GitHub exporter, 30-day "
            "window): rollbacks, deployments made while an incident was open, and fixes "
            "forward soon after a failed deployment. DORA publishes no bounds for it.",
            [Query(f"avg({_rework(portfolio)})", title, instant=True)],
            unit=unit,
            size=Size(4, 5),
            thresholds=style.steps((style.BLUE, None)),
            graph=True,
        )
    )
    table_queries = [
        Query(
            recorded(conventions.R_DORA_LEVEL_OVERALL, **SELECTED_PRODUCT), instant=True, table=True
        )
    ]
    columns = {"product": "Product", "Value #A": "Level"}
    overrides = [
        style.column("Product", "none", links=[detail_link]),
        style.column("Level", "none", cell="color-background", mappings=style.DORA_LEVELS),
    ]
    letter = ord("B")
    for key, (title, _, unit) in TITLES.items():
        table_queries += [
            Query(_value(portfolio, key), instant=True, table=True),
            Query(recorded(dora_level_record(key), **SELECTED_PRODUCT), instant=True, table=True),
        ]
        columns |= {f"Value #{chr(letter)}": title, f"Value #{chr(letter + 1)}": f"{title} level"}
        overrides += [
            style.column(
                title, unit, cell="color-text", thresholds=_level_steps(portfolio, key), decimals=2
            ),
            style.column(
                f"{title} level", "none", cell="color-background", mappings=style.DORA_LEVELS
            ),
        ]
        letter += 2
    table_queries.append(Query(_rework(portfolio), instant=True, table=True))
    columns |= {f"Value #{chr(letter)}": REWORK[0]}
    overrides.append(style.column(REWORK[0], REWORK[2], decimals=2))
    timeline = style.state_timeline(
        "Overall level over time",
        "Each product's overall DORA level over time (recorded).",
        [Query(recorded(conventions.R_DORA_LEVEL_OVERALL, **SELECTED_PRODUCT), "{{product}}")],
        mappings=style.DORA_LEVELS,
        thresholds=style.DORA_LEVEL_STEPS,
        size=Size(24, 7),
    )
    timeline.interval = TREND_RESOLUTION  # a level moves slowly: one point per hour
    per_product = style.Row(
        "Per product",
        [
            style.table(
                "The five metrics per product",
                "Each product's four keys over the exporter's 30-day window with their levels "
                f"({benchmark}), the overall level (the worst), and deployment rework rate.",
                table_queries,
                size=Size(24, 9),
                columns=columns,
                overrides=overrides,
                sort_by="Product",
            ),
            timeline,
        ],
    )
    trends = [
        style.timeseries(
            f"{title} trend",
            f"{title} ({what}) per product over time (GitHub exporter, 30-day window); "
            f"threshold lines are the level bounds of the {benchmark}.",
            [Query(_value(portfolio, key), "{{product}}")],
            unit=unit,
            thresholds=_level_steps(portfolio, key),
            threshold_style="line",
            min_interval=TREND_RESOLUTION,
        )
        for key, (title, what, unit) in TITLES.items()
    ]
    title, what, unit = REWORK
    trends += [
        style.timeseries(
            f"{title} beside change failure rate",
            f"{title} ({what}) and change failure rate per product over time (GitHub "
            "exporter, 30-day window): failures that needed a deployment to fix, and failures.",
            [
                Query(_rework(portfolio), "{{product}} rework"),
                Query(_value(portfolio, "change_failure"), "{{product}} change failure"),
            ],
            unit=unit,
            min_interval="2h",  # two series per product
        ),
        style.bar_gauge(
            "Change failure rate: tickets and monitoring",
            _suspected_description(portfolio),
            [
                Query(
                    _value(portfolio, "change_failure"),
                    "{{product}} change failure (tickets)",
                    instant=True,
                ),
                Query(_suspected(portfolio), "{{product}} suspected (monitoring)", instant=True),
            ],
            unit="percentunit",
            thresholds=_level_steps(portfolio, "change_failure"),
            size=Size(8, 8),
        ),
        style.timeseries(
            "Suspected change failure rate beside change failure rate",
            _suspected_description(portfolio),
            [
                Query(_suspected(portfolio), "{{product}} suspected"),
                Query(_value(portfolio, "change_failure"), "{{product}} change failure"),
            ],
            unit="percentunit",
            thresholds=_level_steps(portfolio, "change_failure"),
            threshold_style="line",
            min_interval="2h",  # two series per product
            size=Size(16, 8),
        ),
        style.timeseries(
            "Successful production deployments per day",
            "Successful production deployments per product and day (recorded from the GitHub "
            "deployment counter, hourly counts summed over the day).",
            [Query(recorded(R_DEPLOYMENTS_1D, **SELECTED_PRODUCT), "{{product}}")],
            unit="short",
            min_interval=TREND_RESOLUTION,
        ),
        style.bar_gauge(
            "Lead time p50 / p90",
            "Median and 90th percentile lead time for changes per product over the exporter's "
            "30-day window (exact, from the deployments; first commit to production).",
            [
                Query(
                    dora_value(portfolio, metric, product="$product"),
                    f"{{{{product}}}} {name}",
                    instant=True,
                )
                for metric, name in (
                    ("github_dora_lead_time_seconds", "p50"),
                    ("github_dora_lead_time_p90_seconds", "p90"),
                )
            ],
            unit="s",
            thresholds=_level_steps(portfolio, "lead_time"),
        ),
    ]
    return style.DashboardSpec(
        key="dora",
        title=f"{portfolio.name} / DORA",
        description="The five DORA metrics per product and portfolio-wide, with performance "
        f"levels from the {benchmark}.",
        rows=[
            style.Row("Portfolio", portfolio_row),
            per_product,
            style.Row("Trends", trends),
        ],
        variables=[team_variable(), product_variable()],
        tags=["dora"],
        time=("now-30d", "now"),
    )


def _empty(portfolio: Portfolio) -> style.DashboardSpec:
    return style.DashboardSpec(
        key="dora",
        title=f"{portfolio.name} / DORA",
        description="No product has a GitHub source yet.",
        rows=[style.Row("DORA", [style.text("No data", "Add `sources.github` to a product.")])],
        tags=["dora"],
    )
