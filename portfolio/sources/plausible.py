"""Plausible: visitors, pageviews, bounce rate, visit duration, top pages and sources of a site."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from portfolio import conventions
from portfolio.fields import Strict
from portfolio.metric import Metric, self_metrics
from portfolio.sources.descriptor import DataSource, SourceContext

# The site's domain as added to Plausible (https://plausible.io/docs/stats-api: "site_id": the
# domain of your site on Plausible): a host name, with no scheme, path, port or spaces.
_SITE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


def _site_id(value: str) -> str:
    if _SITE.match(value) and ".." not in value:
        return value
    host = urlsplit(value if "://" in value else f"//{value}").hostname or ""
    hint = f" (did you mean '{host}'?)" if host and host != value and _SITE.match(host) else ""
    raise PydanticCustomError(
        "plausible_site",
        "'{value}' is not a Plausible site id: give the site's domain as it was added to "
        "Plausible (example.com), without scheme or path{hint}",
        {"value": value, "hint": hint},
    )


class PlausibleSourceSpec(Strict):
    site_id: Annotated[str, AfterValidator(_site_id)] = Field(
        description="Plausible site id: the site's domain as added to Plausible (example.com)."
    )


@dataclass(frozen=True)
class PlausibleSource:
    site_id: str


def _settings(section: PlausibleSourceSpec, context: SourceContext) -> PlausibleSource:
    return PlausibleSource(site_id=section.site_id)


PRODUCT = conventions.PRODUCT
PERIOD = "period"  # the rolling window (24h, 7d, 30d: PLAUSIBLE_PERIODS)
# Plausible exporter (Stats API v2). Every gauge but realtime is per rolling window, recomputed
# by Plausible over [now - window, now] on each refresh, so dashboards have values from the
# first scrape. Pages and sources are the top N of each window (PLAUSIBLE_TOP_PAGES,
# PLAUSIBLE_TOP_SOURCES); everything else is one "other" value, so the labels stay bounded.
METRICS: tuple[Metric, ...] = (
    *self_metrics("plausible"),
    Metric(
        "plausible_visitors",
        "gauge",
        "Unique visitors in the rolling window (period).",
        (PRODUCT, PERIOD),
        "",
        "plausible",
    ),
    Metric(
        "plausible_visits",
        "gauge",
        "Visits (sessions) in the rolling window (period).",
        (PRODUCT, PERIOD),
        "",
        "plausible",
    ),
    Metric(
        "plausible_pageviews",
        "gauge",
        "Pageviews in the rolling window (period).",
        (PRODUCT, PERIOD),
        "",
        "plausible",
    ),
    Metric(
        "plausible_views_per_visit",
        "gauge",
        "Pageviews per visit in the rolling window (period).",
        (PRODUCT, PERIOD),
        "",
        "plausible",
    ),
    Metric(
        "plausible_bounce_rate_ratio",
        "gauge",
        "Share of single-page visits in the rolling window (Plausible's percentage / 100).",
        (PRODUCT, PERIOD),
        "ratio",
        "plausible",
    ),
    Metric(
        "plausible_visit_duration_seconds",
        "gauge",
        "Mean visit duration in the rolling window (period).",
        (PRODUCT, PERIOD),
        "seconds",
        "plausible",
    ),
    Metric(
        "plausible_realtime_visitors",
        "gauge",
        "Current visitors: visitors with a pageview in the last 5 minutes.",
        (PRODUCT,),
        "",
        "plausible",
    ),
    Metric(
        "plausible_page_visitors",
        "gauge",
        'Unique visitors of each top-N page in the window; page="other": of all other pages.',
        (PRODUCT, PERIOD, "page"),
        "",
        "plausible",
    ),
    Metric(
        "plausible_source_visitors",
        "gauge",
        'Unique visitors from each top-N source in the window; source="other": all others.',
        (PRODUCT, PERIOD, "source"),
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
    exporter="exporters.plausible",
    docs="docs/exporters/plausible.md",
)
