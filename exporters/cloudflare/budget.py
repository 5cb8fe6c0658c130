"""The query budget: what one refresh costs and how often the traffic source may run.

Use ``plan(settings, zones)`` before building the refresh loop. Cloudflare's GraphQL limits
(https://developers.cloudflare.com/analytics/graphql-api/limits/): a zone-scoped query names
at most 10 zones, "the total number of queries in a request is equal to the number of
zone/account scopes, multiplied by the number of nodes to which they are applied", and a user
may run 300 queries per 5-minute window. So the exporter counts queries, not requests: one
traffic refresh of N zones costs ``N x nodes`` queries (2 nodes of httpRequestsAdaptiveGroups,
grouped and quantiles, plus 1 of firewallEventsAdaptiveGroups with threats on) in
``ceil(N / zones_per_query)`` requests, and the settings node costs N queries every
``CLOUDFLARE_SETTINGS_INTERVAL``. When the configured interval would spend more than
``CLOUDFLARE_QUERY_BUDGET`` (240 of the 300, leaving room for retries and for people using
the same token) the interval is stretched; the counters lose nothing, since each refresh
reads every settled minute since the last one.

Health checks and zone names use the REST API (1,200 requests per 5 minutes per user): one
request per zone and health-check refresh (one page holds 50 checks), one per zone name once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exporters.cloudflare.settings import CloudflareSettings

WINDOW = 300.0  # Cloudflare's quota window: 5 minutes
REST_QUOTA = 1200  # REST requests per 5 minutes per user (API rate limits)


def nodes_per_zone(settings: CloudflareSettings) -> int:
    """Most dataset nodes one zone costs per traffic refresh (a paid plan that has them all)."""
    return 2 + (1 if settings.threats else 0)


@dataclass(frozen=True)
class Plan:
    zones: int
    interval: float  # seconds between traffic refreshes, stretched to fit
    queries_per_refresh: int  # GraphQL queries (zones x nodes) of one traffic refresh
    requests_per_refresh: int  # GraphQL requests (batches of zones)
    settings_queries: int  # queries of one read of the settings nodes
    settings_interval: float
    stretch: float  # >= 1
    budget: int
    rest_per_window: float  # health-check requests per 5 minutes

    @property
    def per_window(self) -> float:
        """Most GraphQL queries per 5 minutes with this schedule."""
        return (
            self.queries_per_refresh * WINDOW / self.interval
            + self.settings_queries * WINDOW / self.settings_interval
        )

    def describe(self) -> str:
        stretched = f", interval stretched x{self.stretch:.2f} to fit" if self.stretch > 1 else ""
        return (
            f"{self.queries_per_refresh} GraphQL queries in {self.requests_per_refresh} "
            f"requests per refresh every {self.interval:.0f}s: at most {self.per_window:.1f} "
            f"queries per 5 minutes of {self.budget} planned{stretched}; "
            f"{self.rest_per_window:.0f} REST requests per 5 minutes of {REST_QUOTA}"
        )


def plan(settings: CloudflareSettings, zones: int) -> Plan:
    """The schedule for ``zones`` zones within ``settings.query_budget`` per 5 minutes."""
    queries = zones * nodes_per_zone(settings)
    requests = math.ceil(zones / settings.zones_per_query)
    settings_queries = zones
    every = float(settings.interval)
    settings_every = float(settings.settings_interval)
    wanted = queries * WINDOW / every + settings_queries * WINDOW / settings_every
    stretch = max(1.0, wanted / settings.query_budget)
    if stretch > 1:
        # Only the traffic interval stretches; the settings share is fixed and small.
        room = settings.query_budget - settings_queries * WINDOW / settings_every
        every = queries * WINDOW / room if room > 0 else every * stretch
        stretch = every / float(settings.interval)
    rest = zones * WINDOW / float(settings.healthcheck_interval)
    return Plan(
        zones,
        every,
        queries,
        requests,
        settings_queries,
        settings_every,
        stretch,
        settings.query_budget,
        rest,
    )
