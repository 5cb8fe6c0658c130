"""3. DORA: the four keys per product and portfolio-wide, each with its performance level.

Levels (Elite / High / Medium / Low) are recorded by ``recording.py`` from the bounds in
``dora.levels``; the same bounds colour the value panels, so the config is the one source.
"""

from __future__ import annotations

from generators.dashboards import style
from generators.dashboards.common import product_link, product_variable, team_variable
from generators.dashboards.style import Query, Size
from generators.rules.dashboards import DORA_KEYS, dora_level_record, dora_value
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
    "time_to_restore": ("Time to restore service", "median, incident to recovery", "s"),
}


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


def build(portfolio: Portfolio) -> style.DashboardSpec:
    if "github" not in portfolio.sources_in_use():
        return _empty(portfolio)
    detail_link = product_link()
    portfolio_row = [
        style.stat(
            "Products per DORA level",
            "How many products reach each overall DORA level (the worst of their four keys, "
            "against the bounds in portfolio.yaml; recorded from the GitHub exporter).",
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
                "window). Coloured by the level bounds in portfolio.yaml.",
                [Query(f"{aggregation}({_value(portfolio, key)})", title, instant=True)],
                unit=unit,
                size=Size(4, 5),
                thresholds=_level_steps(portfolio, key)
                if aggregation == "avg"
                else style.steps((style.BLUE, None)),
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
    per_product = style.Row(
        "Per product",
        [
            style.table(
                "The four keys per product",
                "Each product's four keys over the exporter's 30-day window with their levels "
                "(bounds from portfolio.yaml, dora.levels) and the overall level (the worst).",
                table_queries,
                size=Size(24, 9),
                columns=columns,
                overrides=overrides,
                sort_by="Product",
            ),
            style.state_timeline(
                "Overall level over time",
                "Each product's overall DORA level over time (recorded).",
                [
                    Query(
                        recorded(conventions.R_DORA_LEVEL_OVERALL, **SELECTED_PRODUCT),
                        "{{product}}",
                    )
                ],
                mappings=style.DORA_LEVELS,
                thresholds=style.DORA_LEVEL_STEPS,
                size=Size(24, 7),
            ),
        ],
    )
    trends = [
        style.timeseries(
            f"{title} trend",
            f"{title} ({what}) per product over time (GitHub exporter, 30-day window); "
            "threshold lines are the level bounds from portfolio.yaml.",
            [Query(_value(portfolio, key), "{{product}}")],
            unit=unit,
            thresholds=_level_steps(portfolio, key),
            threshold_style="line",
        )
        for key, (title, what, unit) in TITLES.items()
    ]
    github_selector = f'{{job="{conventions.exporter_job("github")}",product=~"$product"}}'
    trends += [
        style.timeseries(
            "Successful production deployments per day",
            "Successful production deployments per product, summed per day from the hourly "
            "recording of GitHub deployments.",
            [
                Query(
                    f"sum_over_time({recorded(conventions.R_DEPLOYMENTS_1H, **SELECTED_PRODUCT)}[1d:1h])",
                    "{{product}}",
                )
            ],
            unit="short",
        ),
        style.timeseries(
            "Lead time p50 / p90 (histogram)",
            "Lead time percentiles over the time range from the exporter's histogram of "
            "first commit to successful deployment.",
            [
                Query(
                    f"histogram_quantile({quantile}, sum by (le) (increase("
                    f"github_deployment_lead_time_seconds_bucket{github_selector}[$__range])))",
                    f"p{int(quantile * 100)}",
                    instant=True,
                )
                for quantile in (0.5, 0.9)
            ],
            unit="s",
        ),
    ]
    return style.DashboardSpec(
        key="dora",
        title=f"{portfolio.name} / DORA",
        description="The four DORA keys per product and portfolio-wide, with performance levels "
        "from portfolio.yaml.",
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
