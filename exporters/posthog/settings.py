# ruff: noqa: RUF009  (setting() returns a dataclasses.field, which RUF009 cannot see)
"""Settings of the PostHog exporter, from ``POSTHOG_*`` environment variables.

What to read (projects, features, funnels, experiments, cohorts, periods) comes from
portfolio.yaml (``POSTHOG_CONFIG``, ``products.<id>.sources.posthog``); everything about running
the process comes from here. The personal API key comes only from ``POSTHOG_API_KEY`` or
``POSTHOG_API_KEY_FILE`` and is sent only to ``POSTHOG_API_URL``'s origin.

Each kind of figure is its own refresh source with its own interval: feature adoption moves
fastest (15 minutes); funnels and experiments are slower (1 hour); cohort sizes and engagement
are recalculated by PostHog itself about once a day, so 6 hours is plenty.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exporters.toolkit.errors import SettingsError
from exporters.toolkit.settings import Seconds, Secret, setting

PREFIX = "POSTHOG_"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# PostHog's sustained limit of the query endpoint for structured queries (ClickHouse): 1,200
# per hour per team (posthog/rate_limit.py, ClickHouseSustainedRateThrottle).
QUERY_LIMIT_PER_HOUR = 1200
QUERY_LIMIT_PER_MINUTE = 240  # ClickHouseBurstRateThrottle


@dataclass(frozen=True, kw_only=True)  # kw_only: the required key may follow defaults
class PosthogSettings:
    config: Path = setting(Path("portfolio.yaml"), help="portfolio.yaml to read products from")
    api_url: str = setting(
        "https://us.posthog.com",
        help="PostHog base URL: https://us.posthog.com, https://eu.posthog.com or self-hosted",
    )
    api_key: Secret = setting(
        secret=True, help="personal API key with query:read and cohort:read scopes"
    )
    listen_host: str = setting("0.0.0.0", help="address to serve /metrics on")
    listen_port: int = setting(9104, help="port to serve /metrics on")
    features_interval: Seconds = setting(
        Seconds(900), help="refresh interval of active users and feature adoption"
    )
    funnels_interval: Seconds = setting(Seconds(3600), help="refresh interval of funnels")
    experiments_interval: Seconds = setting(
        Seconds(3600), help="refresh interval of experiment results"
    )
    cohorts_interval: Seconds = setting(
        Seconds(21600), help="refresh interval of cohort sizes and engagement"
    )
    query_budget: int = setting(
        900,
        help=f"query requests per hour to plan for (PostHog allows {QUERY_LIMIT_PER_HOUR} "
        "per team for structured queries)",
    )
    query_burst: int = setting(
        200,
        help=f"query requests per minute at most (PostHog allows {QUERY_LIMIT_PER_MINUTE} per "
        "team); a refresh waits for room",
    )
    ready_max_age: Seconds = setting(
        Seconds(0), help="/readyz fails when data is older than this (0: never)"
    )
    log_level: str = setting("INFO", help="DEBUG, INFO, WARNING or ERROR")

    def __post_init__(self) -> None:
        problems = []
        for name in ("features", "funnels", "experiments", "cohorts"):
            if getattr(self, f"{name}_interval") <= 0:
                problems.append(f"{PREFIX}{name.upper()}_INTERVAL must be positive")
        if not 1 <= self.query_budget <= QUERY_LIMIT_PER_HOUR:
            problems.append(
                f"{PREFIX}QUERY_BUDGET must be between 1 and {QUERY_LIMIT_PER_HOUR} (PostHog's "
                "hourly limit of structured queries)"
            )
        if not 1 <= self.query_burst <= QUERY_LIMIT_PER_MINUTE:
            problems.append(
                f"{PREFIX}QUERY_BURST must be between 1 and {QUERY_LIMIT_PER_MINUTE} (PostHog's "
                "per-minute limit of structured queries)"
            )
        if not 0 <= self.listen_port < 65536:  # 0: any free port (tests)
            problems.append(f"{PREFIX}LISTEN_PORT must be a TCP port, got {self.listen_port}")
        if self.log_level.upper() not in LOG_LEVELS:
            problems.append(f"{PREFIX}LOG_LEVEL: {self.log_level!r} is not a log level")
        if not self.api_url.startswith(("https://", "http://")):
            problems.append(f"{PREFIX}API_URL must be an http(s) URL")
        if problems:
            raise SettingsError(problems)

    @property
    def intervals(self) -> dict[str, float]:
        """Refresh source -> its configured interval (seconds)."""
        return {
            "features": float(self.features_interval),
            "funnels": float(self.funnels_interval),
            "experiments": float(self.experiments_interval),
            "cohorts": float(self.cohorts_interval),
        }
