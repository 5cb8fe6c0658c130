"""Plausible: visitors, pageviews, bounce rate, visit duration, top pages and sources of a site."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from portfolio import conventions
from portfolio.fields import Strict, Text
from portfolio.metric import Metric, self_metrics
from portfolio.sources.descriptor import DataSource, SourceContext


class PlausibleSourceSpec(Strict):
    site_id: Text = Field(description="Plausible site id (the domain).")


@dataclass(frozen=True)
class PlausibleSource:
    site_id: str


def _settings(section: PlausibleSourceSpec, context: SourceContext) -> PlausibleSource:
    return PlausibleSource(site_id=section.site_id)


PRODUCT = conventions.PRODUCT
METRICS: tuple[Metric, ...] = (
    *self_metrics("plausible"),
    Metric(
        "plausible_visitors",
        "gauge",
        "Unique visitors in the period.",
        (PRODUCT, "period"),
        "",
        "plausible",
    ),
    Metric(
        "plausible_pageviews",
        "gauge",
        "Pageviews in the period.",
        (PRODUCT, "period"),
        "",
        "plausible",
    ),
    Metric(
        "plausible_bounce_rate_ratio",
        "gauge",
        "Share of single-page visits in the period.",
        (PRODUCT, "period"),
        "ratio",
        "plausible",
    ),
    Metric(
        "plausible_visit_duration_seconds",
        "gauge",
        "Mean visit duration in the period.",
        (PRODUCT, "period"),
        "seconds",
        "plausible",
    ),
    Metric(
        "plausible_realtime_visitors",
        "gauge",
        "Visitors in the last 5 minutes.",
        (PRODUCT,),
        "",
        "plausible",
    ),
    Metric(
        "plausible_page_visitors",
        "gauge",
        "Visitors of the top-N pages in the period.",
        (PRODUCT, "period", "page"),
        "",
        "plausible",
    ),
    Metric(
        "plausible_source_visitors",
        "gauge",
        "Visitors from the top-N sources in the period.",
        (PRODUCT, "period", "source"),
        "",
        "plausible",
    ),
)


SOURCE: DataSource[PlausibleSource] = DataSource(
    name="plausible",
    title="Plausible",
    section=PlausibleSourceSpec,
    settings=_settings,
    env_prefix="PLAUSIBLE_",
    secrets=("api_key",),
    default_port=9103,
    metrics=METRICS,
    exporter=None,
)
