"""5. Web analytics (Plausible) and 6. product analytics (PostHog).

Both are templated by product (only products with that source) and by the exporter's
``period``; funnels and experiments repeat a row per value of their variable, so a new funnel
or experiment in PostHog appears without a regeneration.
"""

from __future__ import annotations

from generators.dashboards import style
from generators.dashboards.common import product_variable
from generators.dashboards.style import Query, Size
from generators.selectors import exporter_metric, selector
from portfolio import conventions
from portfolio.config.model import Portfolio


def _no_source(portfolio: Portfolio, key: str, title: str, source: str) -> style.DashboardSpec:
    return style.DashboardSpec(
        key=key,
        title=f"{portfolio.name} / {title}",
        description=f"No product has a {source} source yet.",
        rows=[style.Row(title, [style.text("No data", f"Add `sources.{source}` to a product.")])],
        tags=["analytics"],
    )


def _period_variable(source: str, metric: str) -> object:
    return style.query_variable(
        "period",
        "Period",
        f'label_values({exporter_metric(source, metric)[:-1]},product=~"$product"}}, period)',
        multi=False,
        include_all=False,
    )


def web(portfolio: Portfolio) -> style.DashboardSpec:
    if "plausible" not in portfolio.sources_in_use():
        return _no_source(portfolio, "web", "Web analytics", "plausible")
    selected = {"product": "$product", "period": "$period"}

    def plausible_metric(metric: str, **extra: str) -> str:
        # ``selector``, not ``exporter_metric``: its matchers may include the ``source`` label.
        return selector(metric, conventions.exporter_job("plausible"), **selected, **extra)

    # (title, metric, unit, what, width): the aggregates of one query of the exporter.
    stats = [
        ("Visitors", "plausible_visitors", "short", "Unique visitors in the period", 4),
        ("Visits", "plausible_visits", "short", "Visits (sessions) in the period", 4),
        ("Pageviews", "plausible_pageviews", "short", "Pageviews in the period", 4),
        ("Views per visit", "plausible_views_per_visit", "short", "Pageviews per visit", 3),
        (
            "Bounce rate",
            "plausible_bounce_rate_ratio",
            "percentunit",
            "Share of single-page visits",
            3,
        ),
        ("Visit duration", "plausible_visit_duration_seconds", "s", "Mean visit duration", 3),
    ]
    headline = [
        style.stat(
            title,
            f"{what} per product, over the rolling window of the period variable (Plausible "
            "exporter, polled on a schedule).",
            [Query(f"sum by (product) ({plausible_metric(metric)})", "{{product}}", instant=True)],
            unit=unit,
            size=Size(width, 5),
            color_mode="value",
            graph=True,
            thresholds=(
                style.steps((style.GREEN, None), (style.ORANGE, 0.6), (style.RED, 0.8))
                if metric.endswith("bounce_rate_ratio")
                else style.steps((style.BLUE, None))
            ),
        )
        for title, metric, unit, what, width in stats
    ]
    headline.append(
        style.stat(
            "Visitors now",
            "Current visitors per product: visitors with a pageview in the last 5 minutes "
            "(Plausible realtime).",
            [
                Query(
                    "sum by (product) "
                    f"({exporter_metric('plausible', 'plausible_realtime_visitors', product='$product')})",
                    "{{product}}",
                    instant=True,
                )
            ],
            unit="short",
            size=Size(3, 5),
            color_mode="value",
            thresholds=style.steps((style.BLUE, None)),
        )
    )
    trends = [
        style.timeseries(
            "Visitors, visits and pageviews",
            "Visitors, visits and pageviews of the selected period per product, as the "
            "exporter refreshes them (Plausible).",
            [
                Query(
                    f"sum by (product) ({plausible_metric('plausible_visitors')})",
                    "visitors {{product}}",
                ),
                Query(
                    f"sum by (product) ({plausible_metric('plausible_visits')})",
                    "visits {{product}}",
                ),
                Query(
                    f"sum by (product) ({plausible_metric('plausible_pageviews')})",
                    "pageviews {{product}}",
                ),
            ],
            unit="short",
        ),
        style.timeseries(
            "Bounce rate",
            "Share of single-page visits in the period per product (Plausible).",
            [
                Query(
                    f"max by (product) ({plausible_metric('plausible_bounce_rate_ratio')})",
                    "{{product}}",
                )
            ],
            unit="percentunit",
            size=Size(6, 8),
            max_=1,
        ),
        style.timeseries(
            "Visit duration",
            "Mean visit duration in the period per product (Plausible).",
            [
                Query(
                    f"max by (product) ({plausible_metric('plausible_visit_duration_seconds')})",
                    "{{product}}",
                )
            ],
            unit="s",
            size=Size(6, 8),
        ),
    ]
    top = [
        style.bar_gauge(
            "Top pages",
            "Visitors of the top pages in the period (Plausible breakdown by page, top N kept "
            'by the exporter; the visitors of all other pages are page="other").',
            [
                Query(
                    "topk(10, sum by (page) "
                    f"({plausible_metric('plausible_page_visitors', page='!other')}))",
                    "{{page}}",
                    instant=True,
                )
            ],
            unit="short",
            size=Size(12, 9),
            thresholds=style.steps((style.BLUE, None)),
        ),
        style.bar_gauge(
            "Top sources",
            "Visitors from the top referrer sources in the period (Plausible breakdown by "
            'source, top N kept by the exporter; all other sources are source="other").',
            [
                Query(
                    "topk(10, sum by (source) "
                    f"({plausible_metric('plausible_source_visitors', source='!other')}))",
                    "{{source}}",
                    instant=True,
                )
            ],
            unit="short",
            size=Size(12, 9),
            thresholds=style.steps((style.BLUE, None)),
        ),
    ]
    return style.DashboardSpec(
        key="web",
        title=f"{portfolio.name} / Web analytics",
        description="Plausible: visitors, visits, pageviews, views per visit, bounce rate, "
        "visit duration, top pages and sources per product over rolling windows, and current "
        "visitors.",
        rows=[
            style.Row("Summary", headline),
            style.Row("Trends", trends),
            style.Row("Top pages and sources", top),
        ],
        variables=[
            product_variable(source_metric=exporter_metric("plausible", "plausible_visitors")),
            _period_variable("plausible", "plausible_visitors"),
        ],
        tags=["analytics", "web"],
        time=("now-7d", "now"),
    )


def product_analytics(portfolio: Portfolio) -> style.DashboardSpec:
    if "posthog" not in portfolio.sources_in_use():
        return _no_source(portfolio, "product_analytics", "Product analytics", "posthog")
    selected_product = {"product": "$product"}

    def posthog_metric(metric: str, **extra: str) -> str:
        return exporter_metric("posthog", metric, **selected_product, **extra)

    selected_period = {"period": "$period"}
    usage = style.Row(
        "Usage and feature adoption",
        [
            style.stat(
                "Active users",
                "Active users in the period per product (PostHog exporter).",
                [
                    Query(
                        f"sum by (product) ({posthog_metric('posthog_active_users', **selected_period)})",
                        "{{product}}",
                        instant=True,
                    )
                ],
                unit="short",
                size=Size(6, 8),
                color_mode="value",
                graph=True,
                thresholds=style.steps((style.BLUE, None)),
            ),
            style.bar_gauge(
                "Feature adoption",
                "Share of active users who used each feature in the period (PostHog). Orange "
                "below 30%, red below 10%.",
                [
                    Query(
                        f"max by (product, feature) ({posthog_metric('posthog_feature_adoption_ratio', **selected_period)})",
                        "{{product}} {{feature}}",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(9, 8),
                max_=1,
                thresholds=style.steps((style.RED, None), (style.ORANGE, 0.1), (style.GREEN, 0.3)),
            ),
            style.timeseries(
                "Feature users over time",
                "Users of each feature in the period, as refreshed by the exporter (PostHog).",
                [
                    Query(
                        f"sum by (product, feature) ({posthog_metric('posthog_feature_users', **selected_period)})",
                        "{{product}} {{feature}}",
                    )
                ],
                unit="short",
                size=Size(9, 8),
            ),
        ],
    )
    selected_funnel = {**selected_product, "funnel": "$funnel"}
    funnels = style.Row(
        "Funnel: $funnel",
        [
            style.bar_gauge(
                "Users per step",
                "Users who reached each step of the funnel (PostHog funnel insight).",
                [
                    Query(
                        f"sum by (step) ({exporter_metric('posthog', 'posthog_funnel_step_users', **selected_funnel)})",
                        "{{step}}",
                        instant=True,
                    )
                ],
                unit="short",
                size=Size(8, 8),
                thresholds=style.steps((style.BLUE, None)),
            ),
            style.bar_gauge(
                "Step completion",
                "Share of the previous step's users who reached each step (PostHog). Red below "
                "50%.",
                [
                    Query(
                        "max by (step) "
                        f"({exporter_metric('posthog', 'posthog_funnel_step_conversion_ratio', **selected_funnel)})",
                        "{{step}}",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(6, 8),
                max_=1,
                thresholds=style.steps((style.RED, None), (style.ORANGE, 0.5), (style.GREEN, 0.8)),
            ),
            style.bar_gauge(
                "Drop-off per step",
                "Share of the previous step's users lost at each step: 1 - step completion "
                "(PostHog).",
                [
                    Query(
                        "1 - max by (step) "
                        f"({exporter_metric('posthog', 'posthog_funnel_step_conversion_ratio', **selected_funnel)})",
                        "{{step}}",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(6, 8),
                max_=1,
                thresholds=style.steps((style.GREEN, None), (style.ORANGE, 0.2), (style.RED, 0.5)),
            ),
            style.stat(
                "Funnel conversion",
                "Users who completed the funnel as a share of those who entered it (last step "
                "over first step; steps only lose users).",
                [
                    Query(
                        f"min({exporter_metric('posthog', 'posthog_funnel_step_users', **selected_funnel)})\n"
                        f"/ max({exporter_metric('posthog', 'posthog_funnel_step_users', **selected_funnel)})",
                        "conversion",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(4, 8),
                thresholds=style.steps((style.RED, None), (style.ORANGE, 0.2), (style.GREEN, 0.4)),
            ),
        ],
        repeat="funnel",
    )
    selected_experiment = {**selected_product, "experiment": "$experiment"}
    columns = {
        "experiment": "Experiment",
        "variant": "Variant",
        "Value #A": "Exposures",
        "Value #B": "Conversion",
        "Value #C": "Win probability",
    }
    experiments = style.Row(
        "Experiments",
        [
            style.table(
                "Conversion per variant",
                "Users exposed to each variant, its conversion rate and the probability that it "
                "is the best, as PostHog's experiment results report them.",
                [
                    Query(
                        "sum by (experiment, variant) "
                        f"({exporter_metric('posthog', 'posthog_experiment_variant_exposures', **selected_experiment)})",
                        instant=True,
                        table=True,
                    ),
                    Query(
                        "max by (experiment, variant) "
                        f"({exporter_metric('posthog', 'posthog_experiment_variant_conversion_ratio', **selected_experiment)})",
                        instant=True,
                        table=True,
                    ),
                    Query(
                        "max by (experiment, variant) "
                        f"({exporter_metric('posthog', 'posthog_experiment_win_probability', **selected_experiment)})",
                        instant=True,
                        table=True,
                    ),
                ],
                size=Size(16, 8),
                columns=columns,
                overrides=[
                    style.column("Exposures", "short"),
                    style.column("Conversion", "percentunit", decimals=1),
                    style.column(
                        "Win probability",
                        "percentunit",
                        cell="color-background",
                        thresholds=style.steps((style.GREY, None), (style.GREEN, 0.95)),
                    ),
                ],
                sort_by="Experiment",
            ),
            style.stat(
                "Significant",
                "Whether PostHog reports each experiment's result as statistically significant.",
                [
                    Query(
                        "max by (experiment) "
                        f"({exporter_metric('posthog', 'posthog_experiment_significant', **selected_experiment)})",
                        "{{experiment}}",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(8, 8),
                mappings=style.YES_NO,
                thresholds=style.steps((style.GREY, None), (style.GREEN, 1)),
            ),
        ],
    )
    segments = style.Row(
        "Segments",
        [
            style.bar_gauge(
                "Segment sizes",
                "Persons in each cohort (segment) per product (PostHog cohorts).",
                [
                    Query(
                        f"sum by (product, cohort) ({posthog_metric('posthog_cohort_size')})",
                        "{{product}} {{cohort}}",
                        instant=True,
                    )
                ],
                unit="short",
                size=Size(12, 8),
                thresholds=style.steps((style.BLUE, None)),
            ),
            style.timeseries(
                "Segment sizes over time",
                "Persons in each cohort over time (PostHog cohorts).",
                [
                    Query(
                        f"sum by (product, cohort) ({posthog_metric('posthog_cohort_size')})",
                        "{{product}} {{cohort}}",
                    )
                ],
                unit="short",
                size=Size(12, 8),
            ),
        ],
    )
    return style.DashboardSpec(
        key="product_analytics",
        title=f"{portfolio.name} / Product analytics",
        description="PostHog: feature adoption, funnels with step completion and drop-off, "
        "experiments with conversion per variant and significance, segment sizes.",
        rows=[usage, funnels, experiments, segments],
        variables=[
            product_variable(source_metric=exporter_metric("posthog", "posthog_active_users")),
            _period_variable("posthog", "posthog_active_users"),
            style.query_variable(
                "funnel",
                "Funnel",
                f'label_values({exporter_metric("posthog", "posthog_funnel_step_users")[:-1]},product=~"$product"}}, funnel)',
            ),
            style.query_variable(
                "experiment",
                "Experiment",
                "label_values("
                f'{exporter_metric("posthog", "posthog_experiment_variant_exposures")[:-1]},product=~"$product"}}, experiment)',
            ),
        ],
        tags=["analytics", "product-analytics"],
        time=("now-7d", "now"),
    )
