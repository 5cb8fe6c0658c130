"""PostHog: feature adoption, funnels, experiments and cohorts of a project.

A product's ``sources.posthog`` section names its PostHog project and what to read from it:
features (a name and the event that marks use), funnels (ordered event steps and a conversion
window), experiments (a PostHog experiment id, or a feature-flag key) and cohorts (PostHog
cohort ids), each with a name, plus the periods feature adoption and cohort engagement are
computed over. The names are the label values of the metrics (bounded: config names only, never
person ids or event properties).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from portfolio import conventions
from portfolio.fields import Strict
from portfolio.metric import Metric, self_metrics
from portfolio.sources.descriptor import DataSource, SourceContext

# A period or window: whole hours, days or weeks (PostHog's relative date_from ``-7d`` takes
# h, d, w; a funnel window's unit is hour, day or week).
_SPAN = re.compile(r"^([1-9][0-9]{0,3})([hdw])$")
# A label value: lower case, digits and '_' (so the dashboards' regexes never need quoting).
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
# PostHog feature-flag keys: letters, digits, '-' and '_'.
_FLAG = re.compile(r"^[A-Za-z0-9_-]{1,400}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
UNITS = {"h": "hour", "d": "day", "w": "week"}
SECONDS = {"h": 3600, "d": 86400, "w": 604800}
MAX_STEPS = 20  # PostHog's funnels take at most 20 steps
MAX_ITEMS = 50  # per list and product: each is a label value, so keep them bounded
DEFAULT_PERIODS = ("7d", "30d")


def _fail(kind: str, message: str, **ctx: object) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx)


def _span(value: str) -> str:
    if not _SPAN.match(value):
        raise _fail(
            "posthog_span",
            "'{value}' is not a PostHog period (whole hours, days or weeks: 24h, 7d, 2w)",
            value=value,
        )
    return value


def _name(value: str) -> str:
    if not _NAME.match(value):
        raise _fail(
            "posthog_name",
            "'{value}' is not a name (lower case letter, then lower case letters, digits or "
            "'_'; at most 63)",
            value=value,
        )
    return value


def _event(value: str) -> str:
    if not value.strip() or _CONTROL.search(value) or len(value) > 400:
        raise _fail(
            "posthog_event",
            "{value!r} is not an event name (1 to 400 characters, no control characters)",
            value=value,
        )
    return value


def _flag(value: str) -> str:
    if not _FLAG.match(value):
        raise _fail(
            "posthog_flag",
            "'{value}' is not a feature-flag key (letters, digits, '-' and '_')",
            value=value,
        )
    return value


Span = Annotated[str, AfterValidator(_span)]
Name = Annotated[str, AfterValidator(_name)]
Event = Annotated[str, AfterValidator(_event)]
FlagKey = Annotated[str, AfterValidator(_flag)]


def seconds(span: str) -> int:
    """``7d`` -> 604800."""
    match = _SPAN.match(span)
    assert match is not None, span
    return int(match.group(1)) * SECONDS[match.group(2)]


def _unique(items: Sequence[object], what: str, key: str = "name") -> None:
    seen: set[object] = set()
    for item in items:
        value = getattr(item, key)
        if value in seen:
            raise _fail(
                "posthog_duplicate",
                "{what} {key} '{value}' is used twice",
                what=what,
                key=key,
                value=value,
            )
        seen.add(value)


class FeatureSpec(Strict):
    name: Name = Field(description="Label value of the feature.")
    event: Event = Field(description="The event that marks a use of the feature.")


class StepSpec(Strict):
    name: Name = Field(description="Label value of the step.")
    event: Event = Field(description="The event that completes the step.")


class FunnelSpec(Strict):
    name: Name = Field(description="Label value of the funnel.")
    steps: list[StepSpec] = Field(
        min_length=2, max_length=MAX_STEPS, description="Ordered steps (2 to 20)."
    )
    window: Span = Field(description="Conversion window: from step 1 to the last (14d).")
    period: Span | None = Field(
        default=None, description="Date range of the funnel; default: the longest period."
    )

    @model_validator(mode="after")
    def _steps_unique(self) -> FunnelSpec:
        _unique(self.steps, "step")
        return self


class ExperimentSpec(Strict):
    name: Name = Field(description="Label value of the experiment.")
    id: Annotated[int, Field(gt=0)] | None = Field(
        default=None, description="PostHog experiment id (its results: ExperimentQuery)."
    )
    flag: FlagKey | None = Field(
        default=None,
        description="Feature-flag key, for a test run on a flag alone (counts from a funnel "
        "broken down by the flag's variant; significance computed by the exporter).",
    )
    event: Event = Field(description="The conversion event.")
    control: Name = Field(default="control", description="The control variant's key.")

    @model_validator(mode="after")
    def _id_or_flag(self) -> ExperimentSpec:
        if (self.id is None) == (self.flag is None):
            raise _fail("posthog_experiment", "give exactly one of 'id' or 'flag'")
        return self


class CohortSpec(Strict):
    name: Name = Field(description="Label value of the cohort (segment).")
    id: Annotated[int, Field(gt=0)] = Field(description="PostHog cohort id.")


class PosthogSourceSpec(Strict):
    project_id: Annotated[int, Field(gt=0)] = Field(description="PostHog project id.")
    periods: list[Span] = Field(
        default_factory=lambda: list(DEFAULT_PERIODS),
        min_length=1,
        max_length=5,
        description="Periods (rolling, ending now) of feature adoption and cohort engagement.",
    )
    active_event: Event | None = Field(
        default=None,
        description="The event that makes a user active; default: any event.",
    )
    features: list[FeatureSpec] = Field(default_factory=list, max_length=MAX_ITEMS)
    funnels: list[FunnelSpec] = Field(default_factory=list, max_length=MAX_ITEMS)
    experiments: list[ExperimentSpec] = Field(default_factory=list, max_length=MAX_ITEMS)
    cohorts: list[CohortSpec] = Field(default_factory=list, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _names_unique(self) -> PosthogSourceSpec:
        if len(set(self.periods)) != len(self.periods):
            raise _fail("posthog_duplicate", "a period is listed twice")
        _unique(self.features, "feature")
        _unique(self.funnels, "funnel")
        _unique(self.experiments, "experiment")
        _unique([e for e in self.experiments if e.id is not None], "experiment", "id")
        _unique([e for e in self.experiments if e.flag is not None], "experiment", "flag")
        _unique(self.cohorts, "cohort")
        _unique(self.cohorts, "cohort", "id")
        return self


@dataclass(frozen=True)
class Feature:
    name: str
    event: str


@dataclass(frozen=True)
class Step:
    name: str
    event: str


@dataclass(frozen=True)
class Funnel:
    name: str
    steps: tuple[Step, ...]
    window: str  # 14d
    period: str  # the date range (7d)

    @property
    def window_interval(self) -> tuple[int, str]:
        """PostHog's ``funnelWindowInterval`` and ``funnelWindowIntervalUnit``."""
        return int(self.window[:-1]), UNITS[self.window[-1]]


@dataclass(frozen=True)
class Experiment:
    name: str
    event: str
    control: str
    id: int | None = None
    flag: str | None = None


@dataclass(frozen=True)
class Cohort:
    name: str
    id: int


@dataclass(frozen=True)
class PosthogSource:
    project_id: int
    periods: tuple[str, ...] = DEFAULT_PERIODS
    active_event: str | None = None
    features: tuple[Feature, ...] = ()
    funnels: tuple[Funnel, ...] = ()
    experiments: tuple[Experiment, ...] = ()
    cohorts: tuple[Cohort, ...] = ()


def _settings(section: PosthogSourceSpec, context: SourceContext) -> PosthogSource:
    longest = max(section.periods, key=seconds)
    return PosthogSource(
        project_id=section.project_id,
        periods=tuple(section.periods),
        active_event=section.active_event,
        features=tuple(Feature(f.name, f.event) for f in section.features),
        funnels=tuple(
            Funnel(
                f.name,
                tuple(Step(s.name, s.event) for s in f.steps),
                f.window,
                f.period or longest,
            )
            for f in section.funnels
        ),
        experiments=tuple(
            Experiment(e.name, e.event, e.control, id=e.id, flag=e.flag)
            for e in section.experiments
        ),
        cohorts=tuple(Cohort(c.name, c.id) for c in section.cohorts),
    )


PRODUCT = conventions.PRODUCT
PERIOD = "period"  # a rolling window of the product's ``periods`` (7d)
FEATURE, FUNNEL, STEP, EXPERIMENT, VARIANT, COHORT = (
    "feature",
    "funnel",
    "step",
    "experiment",
    "variant",
    "cohort",
)


def _gauge(name: str, help_: str, labels: tuple[str, ...], unit: str = "") -> Metric:
    return Metric(name, "gauge", help_, (PRODUCT, *labels), unit, "posthog")


# PostHog exporter (POST /api/projects/{id}/query/). Every gauge is recomputed by PostHog on
# each refresh (polled on a schedule, not at scrape time). Active users: distinct persons with
# any event (or the product's ``active_event``) in the period. Label values are config names.
METRICS: tuple[Metric, ...] = (
    *self_metrics("posthog"),
    _gauge(
        "posthog_active_users",
        "Active users: distinct persons with an event (or the active_event) in the period.",
        (PERIOD,),
    ),
    _gauge("posthog_feature_events", "Events of a feature in the period.", (FEATURE, PERIOD)),
    _gauge(
        "posthog_feature_users",
        "Users (distinct persons) who used a feature in the period.",
        (FEATURE, PERIOD),
    ),
    _gauge(
        "posthog_feature_adoption_ratio",
        "Users of a feature over the active users of the same period.",
        (FEATURE, PERIOD),
        "ratio",
    ),
    _gauge(
        "posthog_funnel_step_users",
        "Users who completed each funnel step within the conversion window.",
        (FUNNEL, STEP),
    ),
    _gauge(
        "posthog_funnel_step_conversion_ratio",
        "Share of the previous step's users who completed this step (1 for step 1).",
        (FUNNEL, STEP),
        "ratio",
    ),
    _gauge(
        "posthog_funnel_step_conversion_from_start_ratio",
        "Share of the funnel's first-step users who completed this step.",
        (FUNNEL, STEP),
        "ratio",
    ),
    _gauge(
        "posthog_funnel_step_dropoff_users",
        "Users of the previous step who did not complete this step (0 for step 1).",
        (FUNNEL, STEP),
    ),
    _gauge(
        "posthog_funnel_step_median_conversion_seconds",
        "Median time from the previous step to this one, where PostHog gives it.",
        (FUNNEL, STEP),
        "seconds",
    ),
    _gauge(
        "posthog_funnel_conversion_ratio",
        "Users who completed the last step over those who completed the first.",
        (FUNNEL,),
        "ratio",
    ),
    _gauge(
        "posthog_experiment_variant_exposures",
        "Users exposed to each variant.",
        (EXPERIMENT, VARIANT),
    ),
    _gauge(
        "posthog_experiment_variant_conversions",
        "Exposed users of each variant who converted.",
        (EXPERIMENT, VARIANT),
    ),
    _gauge(
        "posthog_experiment_variant_conversion_ratio",
        "Conversions over exposures of each variant.",
        (EXPERIMENT, VARIANT),
        "ratio",
    ),
    _gauge(
        "posthog_experiment_variant_lift_ratio",
        "Relative lift of each variant's conversion rate over control's (0 for control).",
        (EXPERIMENT, VARIANT),
        "ratio",
    ),
    _gauge(
        "posthog_experiment_win_probability",
        "PostHog's chance_to_win of each variant (experiments given by id).",
        (EXPERIMENT, VARIANT),
        "ratio",
    ),
    _gauge(
        "posthog_experiment_lift_interval_lower_ratio",
        "Lower bound of the 95% interval of each variant's relative lift over control.",
        (EXPERIMENT, VARIANT),
        "ratio",
    ),
    _gauge(
        "posthog_experiment_lift_interval_upper_ratio",
        "Upper bound of the 95% interval of each variant's relative lift over control.",
        (EXPERIMENT, VARIANT),
        "ratio",
    ),
    _gauge(
        "posthog_experiment_significant",
        "1 if the experiment's result is significant (PostHog's verdict, or the exporter's "
        "Fisher exact test at p < 0.05 for flag-only tests).",
        (EXPERIMENT,),
    ),
    _gauge("posthog_cohort_size", "Persons in each cohort (segment).", (COHORT,)),
    _gauge(
        "posthog_cohort_active_ratio",
        "Share of a cohort's persons with an event in the period (engagement).",
        (COHORT, PERIOD),
        "ratio",
    ),
    _gauge(
        "posthog_cohort_events_per_person",
        "Events of a cohort's persons in the period per person in the cohort.",
        (COHORT, PERIOD),
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
    exporter="exporters.posthog",
    docs="docs/exporters/posthog.md",
)
