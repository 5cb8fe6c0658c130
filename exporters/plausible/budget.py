"""The request budget: what one refresh costs and how often each source may run.

Use ``plan(settings, sites)`` before building the refresh loop. Plausible limits a key to 600
requests per hour; the exporter plans for ``PLAUSIBLE_REQUEST_BUDGET`` (480, leaving room for
retries and for people using the same key). The cost of one refresh of a window is, per site,
at most ``1 + 2 * pages_per_list + 2`` requests: the aggregate, the top pages and the top
sources (one page each while the top N fits in ``PLAUSIBLE_PAGE_SIZE``), and the visitors of
the other pages and of the other sources (asked only when a top-N list is full). Realtime is
one request per site. When the configured intervals would spend more than the budget, every
interval is stretched by the same factor, and the plan says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exporters.plausible.settings import PlausibleSettings

HOUR = 3600.0
REALTIME_SOURCE = "realtime"


def period_requests(settings: PlausibleSettings) -> int:
    """Most requests one site costs per refresh of one window."""
    pages = math.ceil(settings.top_pages / min(settings.page_size, settings.top_pages))
    sources = math.ceil(settings.top_sources / min(settings.page_size, settings.top_sources))
    return 1 + pages + sources + 2


@dataclass(frozen=True)
class Plan:
    """Per refresh source: its interval and its most requests per refresh (all sites)."""

    intervals: dict[str, float]
    requests: dict[str, int]
    stretch: float  # >= 1: how much the configured intervals were lengthened
    budget: int

    @property
    def per_hour(self) -> float:
        """Most requests per hour with these intervals."""
        return sum(self.requests[s] * HOUR / self.intervals[s] for s in self.intervals)

    def describe(self) -> str:
        stretched = f", intervals stretched x{self.stretch:.2f} to fit" if self.stretch > 1 else ""
        return f"at most {self.per_hour:.0f} requests/hour of {self.budget} planned{stretched}"


def plan(settings: PlausibleSettings, sites: int) -> Plan:
    """The schedule for ``sites`` sites within ``settings.request_budget`` per hour."""
    intervals: dict[str, float] = {}
    requests: dict[str, int] = {}
    for period in settings.windows:
        intervals[period.source] = period.interval
        requests[period.source] = sites * period_requests(settings)
    if settings.realtime:
        intervals[REALTIME_SOURCE] = float(settings.realtime_interval)
        requests[REALTIME_SOURCE] = sites
    wanted = sum(requests[s] * HOUR / intervals[s] for s in intervals)
    stretch = max(1.0, wanted / settings.request_budget)
    if stretch > 1:
        intervals = {s: every * stretch for s, every in intervals.items()}
    return Plan(intervals, requests, stretch, settings.request_budget)
