"""The query budget: what one refresh of each source costs and how often it may run.

Use ``plan(settings, sources)`` before building the refresh loop. Every query is one ``POST
/api/projects/{id}/query/`` of a structured kind, which PostHog throttles at 240 per minute and
1,200 per hour per team (``ClickHouseBurstRateThrottle``/``ClickHouseSustainedRateThrottle`` in
posthog/rate_limit.py; raw ``HogQLQuery`` has its own 120 per hour, which this exporter never
uses). Per product and refresh:

- features: one ``TrendsQuery`` per period (active users and every feature's events and users
  are series of the same query);
- funnels: one ``FunnelsQuery`` per funnel;
- experiments: one ``ExperimentQuery`` (by id) or ``FunnelsQuery`` (by flag) per experiment;
- cohorts: one ``TrendsQuery`` per period (two series per cohort) plus one cohort list
  (``GET /api/projects/{id}/cohorts/``, the standard API's 480/minute and 4,800/hour, not the
  query budget).

When the configured intervals would spend more than ``POSTHOG_QUERY_BUDGET`` queries per hour,
every interval is stretched by the same factor, and the plan says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exporters.posthog.settings import PosthogSettings
from portfolio.sources.posthog import PosthogSource

HOUR = 3600.0
SOURCES = ("features", "funnels", "experiments", "cohorts")


def queries(source: PosthogSource) -> dict[str, int]:
    """Query requests one refresh of each source costs for one product."""
    return {
        "features": len(source.periods),
        "funnels": len(source.funnels),
        "experiments": len(source.experiments),
        "cohorts": len(source.periods) if source.cohorts else 0,
    }


def other_requests(source: PosthogSource) -> dict[str, int]:
    """Requests outside the query budget (the cohort list) per refresh."""
    return {"cohorts": 1 if source.cohorts else 0}


@dataclass(frozen=True)
class Plan:
    """Per refresh source: its interval and its queries per refresh (all products)."""

    intervals: dict[str, float]
    queries: dict[str, int]
    stretch: float  # >= 1: how much the configured intervals were lengthened
    budget: int

    @property
    def per_refresh(self) -> int:
        """Queries of one full refresh (every source once)."""
        return sum(self.queries.values())

    @property
    def per_hour(self) -> float:
        """Most queries per hour with these intervals."""
        return sum(self.queries[s] * HOUR / self.intervals[s] for s in self.intervals)

    def describe(self) -> str:
        stretched = f", intervals stretched x{self.stretch:.2f} to fit" if self.stretch > 1 else ""
        return (
            f"{self.per_refresh} queries per full refresh, at most {self.per_hour:.0f} "
            f"queries/hour of {self.budget} planned{stretched}"
        )


def plan(settings: PosthogSettings, sources: Iterable[PosthogSource]) -> Plan:
    """The schedule for ``sources`` within ``settings.query_budget`` per hour."""
    total = dict.fromkeys(SOURCES, 0)
    for source in sources:
        for name, count in queries(source).items():
            total[name] += count
    intervals = settings.intervals
    wanted = sum(total[s] * HOUR / intervals[s] for s in SOURCES)
    stretch = max(1.0, wanted / settings.query_budget)
    if stretch > 1:
        intervals = {s: every * stretch for s, every in intervals.items()}
    return Plan(intervals, total, stretch, settings.query_budget)
