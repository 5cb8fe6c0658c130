"""PostHog: feature adoption, funnels, experiments and cohorts of a project."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from portfolio import conventions
from portfolio.fields import Strict
from portfolio.metric import Metric, self_metrics
from portfolio.sources.descriptor import DataSource, SourceContext


class PosthogSourceSpec(Strict):
    project_id: Annotated[int, Field(gt=0)]


@dataclass(frozen=True)
class PosthogSource:
    project_id: int


def _settings(section: PosthogSourceSpec, context: SourceContext) -> PosthogSource:
    return PosthogSource(project_id=section.project_id)


PRODUCT = conventions.PRODUCT
METRICS: tuple[Metric, ...] = (
    *self_metrics("posthog"),
    Metric(
        "posthog_feature_users",
        "gauge",
        "Users who used a feature in the period.",
        (PRODUCT, "feature", "period"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_feature_adoption_ratio",
        "gauge",
        "Share of active users who used a feature in the period.",
        (PRODUCT, "feature", "period"),
        "ratio",
        "posthog",
    ),
    Metric(
        "posthog_active_users",
        "gauge",
        "Active users in the period.",
        (PRODUCT, "period"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_funnel_step_users",
        "gauge",
        "Users who reached each funnel step.",
        (PRODUCT, "funnel", "step"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_funnel_step_conversion_ratio",
        "gauge",
        "Share of the previous step's users who reached this step.",
        (PRODUCT, "funnel", "step"),
        "ratio",
        "posthog",
    ),
    Metric(
        "posthog_experiment_variant_exposures",
        "gauge",
        "Users exposed to each variant.",
        (PRODUCT, "experiment", "variant"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_experiment_variant_conversion_ratio",
        "gauge",
        "Conversion rate of each variant.",
        (PRODUCT, "experiment", "variant"),
        "ratio",
        "posthog",
    ),
    Metric(
        "posthog_experiment_win_probability",
        "gauge",
        "Probability that each variant is the best, as PostHog reports it.",
        (PRODUCT, "experiment", "variant"),
        "ratio",
        "posthog",
    ),
    Metric(
        "posthog_experiment_significant",
        "gauge",
        "1 if PostHog reports the experiment's result as significant.",
        (PRODUCT, "experiment"),
        "",
        "posthog",
    ),
    Metric(
        "posthog_cohort_size",
        "gauge",
        "Persons in each cohort (segment).",
        (PRODUCT, "cohort"),
        "",
        "posthog",
    ),
)


SOURCE: DataSource[PosthogSource] = DataSource(
    name="posthog",
    title="PostHog",
    section=PosthogSourceSpec,
    settings=_settings,
    env_prefix="POSTHOG_",
    secrets=("api_key",),
    default_port=9104,
    metrics=METRICS,
    exporter=None,
)
