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

    def posthog_metric(metric: str, **extra: str) -> str:
        return exporter_metric("posthog", metric, product="$product", **extra)

    def per_period(metric: str, **extra: str) -> str:
        return posthog_metric(metric, period="$period", **extra)

    usage = style.Row(
        "Usage and feature adoption",
        [
            style.stat(
                "Active users",
                "Active users in the period per product: distinct persons with any event (or "
                "the product's active_event) in PostHog (exporter, polled on a schedule).",
                [
                    Query(
                        f"sum by (product) ({per_period('posthog_active_users')})",
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
                "Users of each feature over the active users of the same period (PostHog). "
                "Orange below 30%, red below 10%.",
                [
                    Query(
                        f"max by (product, feature) ({per_period('posthog_feature_adoption_ratio')})",
                        "{{product}} {{feature}}",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(6, 8),
                max_=1,
                thresholds=style.steps((style.RED, None), (style.ORANGE, 0.1), (style.GREEN, 0.3)),
            ),
            style.bar_gauge(
                "Feature events",
                "Events of each feature in the period (PostHog).",
                [
                    Query(
                        f"sum by (product, feature) ({per_period('posthog_feature_events')})",
                        "{{product}} {{feature}}",
                        instant=True,
                    )
                ],
                unit="short",
                size=Size(6, 8),
                thresholds=style.steps((style.BLUE, None)),
            ),
            style.timeseries(
                "Feature users over time",
                "Users of each feature in the period, as the exporter refreshes them (PostHog).",
                [
                    Query(
                        f"sum by (product, feature) ({per_period('posthog_feature_users')})",
                        "{{product}} {{feature}}",
                    )
                ],
                unit="short",
                size=Size(6, 8),
            ),
        ],
    )

    def funnel_metric(metric: str) -> str:
        return posthog_metric(metric, funnel="$funnel")

    funnels = style.Row(
        "Funnel: $funnel",
        [
            style.bar_gauge(
                "Users per step",
                "Users who completed each step within the conversion window, in step order "
                "(an ordered funnel only loses users; PostHog funnel).",
                [
                    Query(
                        "sort_desc(sum by (product, step) "
                        f"({funnel_metric('posthog_funnel_step_users')}))",
                        "{{product}} {{step}}",
                        instant=True,
                    )
                ],
                unit="short",
                size=Size(6, 8),
                thresholds=style.steps((style.BLUE, None)),
            ),
            style.bar_gauge(
                "Step conversion",
                "Share of the previous step's users who completed each step (PostHog). Red "
                "below 50%.",
                [
                    Query(
                        "max by (product, step) "
                        f"({funnel_metric('posthog_funnel_step_conversion_ratio')})",
                        "{{product}} {{step}}",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(5, 8),
                max_=1,
                thresholds=style.steps((style.RED, None), (style.ORANGE, 0.5), (style.GREEN, 0.8)),
            ),
            style.bar_gauge(
                "Conversion from step 1",
                "Share of the first step's users who completed each step (PostHog).",
                [
                    Query(
                        "max by (product, step) "
                        f"({funnel_metric('posthog_funnel_step_conversion_from_start_ratio')})",
                        "{{product}} {{step}}",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(5, 8),
                max_=1,
                thresholds=style.steps((style.RED, None), (style.ORANGE, 0.2), (style.GREEN, 0.4)),
            ),
            style.bar_gauge(
                "Drop-off per step",
                "Users of the previous step who did not complete each step (PostHog).",
                [
                    Query(
                        "sum by (product, step) "
                        f"({funnel_metric('posthog_funnel_step_dropoff_users')})",
                        "{{product}} {{step}}",
                        instant=True,
                    )
                ],
                unit="short",
                size=Size(4, 8),
                thresholds=style.steps((style.ORANGE, None)),
            ),
            style.bar_gauge(
                "Median time to convert",
                "Median time from the previous step to each step, where PostHog gives it.",
                [
                    Query(
                        "max by (product, step) "
                        f"({funnel_metric('posthog_funnel_step_median_conversion_seconds')})",
                        "{{product}} {{step}}",
                        instant=True,
                    )
                ],
                unit="s",
                size=Size(4, 8),
                thresholds=style.steps((style.BLUE, None)),
            ),
            style.stat(
                "Funnel conversion",
                "Users who completed the last step over those who completed the first (PostHog).",
                [
                    Query(
                        f"max by (product) ({funnel_metric('posthog_funnel_conversion_ratio')})",
                        "{{product}}",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(24, 4),
                thresholds=style.steps((style.RED, None), (style.ORANGE, 0.2), (style.GREEN, 0.4)),
            ),
        ],
        repeat="funnel",
    )

    def experiment_metric(metric: str) -> str:
        return posthog_metric(metric, experiment="$experiment")

    # (column, metric, aggregation): one instant query per column, merged on the variant.
    variant_columns = [
        ("Exposures", "posthog_experiment_variant_exposures", "sum"),
        ("Conversions", "posthog_experiment_variant_conversions", "sum"),
        ("Conversion", "posthog_experiment_variant_conversion_ratio", "max"),
        ("Lift", "posthog_experiment_variant_lift_ratio", "max"),
        ("Win probability", "posthog_experiment_win_probability", "max"),
        ("Lift low", "posthog_experiment_lift_interval_lower_ratio", "max"),
        ("Lift high", "posthog_experiment_lift_interval_upper_ratio", "max"),
    ]
    refs = "ABCDEFG"
    experiments = style.Row(
        "Experiment: $experiment",
        [
            style.table(
                "Results per variant",
                "Per variant: users exposed, conversions, conversion rate, lift over control, "
                "PostHog's chance to win and the 95% interval of the lift (credible interval "
                "from PostHog; for flag-only tests the relative-risk interval the exporter "
                "computes).",
                [
                    Query(
                        f"{how} by (product, variant) ({experiment_metric(metric)})",
                        instant=True,
                        table=True,
                    )
                    for _, metric, how in variant_columns
                ],
                size=Size(18, 8),
                columns={
                    "product": "Product",
                    "variant": "Variant",
                    **{f"Value #{refs[i]}": c for i, (c, _, _) in enumerate(variant_columns)},
                },
                overrides=[
                    style.column("Exposures", "short"),
                    style.column("Conversions", "short"),
                    style.column("Conversion", "percentunit", decimals=1),
                    style.column("Lift", "percentunit", decimals=1),
                    style.column(
                        "Win probability",
                        "percentunit",
                        cell="color-background",
                        thresholds=style.steps((style.GREY, None), (style.GREEN, 0.95)),
                    ),
                    style.column("Lift low", "percentunit", decimals=1),
                    style.column("Lift high", "percentunit", decimals=1),
                ],
                sort_by="Variant",
            ),
            style.stat(
                "Significant",
                "Whether the result is significant: PostHog's verdict, or for a flag-only test "
                "Fisher's exact test at p < 0.05 computed by the exporter.",
                [
                    Query(
                        f"max by (product) ({experiment_metric('posthog_experiment_significant')})",
                        "{{product}}",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(6, 8),
                mappings=style.YES_NO,
                thresholds=style.steps((style.GREY, None), (style.GREEN, 1)),
            ),
        ],
        repeat="experiment",
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
                size=Size(8, 8),
                thresholds=style.steps((style.BLUE, None)),
            ),
            style.bar_gauge(
                "Segment engagement: share active",
                "Share of each cohort's persons with an event in the period (PostHog).",
                [
                    Query(
                        f"max by (product, cohort) ({per_period('posthog_cohort_active_ratio')})",
                        "{{product}} {{cohort}}",
                        instant=True,
                    )
                ],
                unit="percentunit",
                size=Size(8, 8),
                max_=1,
                thresholds=style.steps((style.RED, None), (style.ORANGE, 0.2), (style.GREEN, 0.5)),
            ),
            style.bar_gauge(
                "Segment engagement: events per person",
                "Events of each cohort's persons in the period per person in the cohort.",
                [
                    Query(
                        "max by (product, cohort) "
                        f"({per_period('posthog_cohort_events_per_person')})",
                        "{{product}} {{cohort}}",
                        instant=True,
                    )
                ],
                unit="short",
                size=Size(8, 8),
                thresholds=style.steps((style.BLUE, None)),
            ),
        ],
    )
    return style.DashboardSpec(
        key="product_analytics",
        title=f"{portfolio.name} / Product analytics",
        description="PostHog: active users and feature adoption per period, a row per funnel "
        "(users, conversion and drop-off per step, median time, overall conversion), a row per "
        "experiment (per-variant results, lift, chance to win, interval, significance), and "
        "segment sizes and engagement.",
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
