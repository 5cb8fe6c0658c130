# ruff: noqa: RUF009  (setting() returns a dataclasses.field, which RUF009 cannot see)
"""Settings of the Cloudflare exporter, from ``CLOUDFLARE_*`` environment variables.

Which products and zones to read comes from portfolio.yaml (``CLOUDFLARE_CONFIG``,
``products.<id>.sources.cloudflare.zone``: a zone name or id); everything about running the
process comes from here. The API token comes only from ``CLOUDFLARE_API_TOKEN`` or
``CLOUDFLARE_API_TOKEN_FILE`` (scopes: Zone > Analytics > Read, Zone > Health Checks > Read,
and Zone > Zone > Read to resolve zone names).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exporters.toolkit.errors import SettingsError
from exporters.toolkit.settings import Seconds, Secret, setting

PREFIX = "CLOUDFLARE_"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MAX_ZONES_PER_QUERY = 10  # "A zone-scoped query can include up to 10 zones" (GraphQL limits)
GRAPHQL_QUOTA = 300  # "300 GraphQL queries over 5-minute window" per user (GraphQL limits)
MINUTE = 60


@dataclass(frozen=True, kw_only=True)  # kw_only: the required token may follow defaults
class CloudflareSettings:
    config: Path = setting(Path("portfolio.yaml"), help="portfolio.yaml to read products from")
    api_url: str = setting(
        "https://api.cloudflare.com/client/v4",
        help="Cloudflare API base (GraphQL at <base>/graphql, zones and health checks below it)",
    )
    api_token: Secret = setting(
        secret=True,
        help="API token (Analytics Read, Health Checks Read, Zone Read; sent only to the API)",
    )
    listen_host: str = setting("0.0.0.0", help="address to serve /metrics on")
    listen_port: int = setting(9102, help="port to serve /metrics on")
    interval: Seconds = setting(
        Seconds(60), help="traffic refresh interval (stretched when the query budget needs it)"
    )
    settle_delay: Seconds = setting(
        Seconds(300), help="a minute is counted once it ended this long ago (younger is partial)"
    )
    quantile_window: Seconds = setting(
        Seconds(300), help="the settled window whose percentiles are published (whole minutes)"
    )
    healthcheck_interval: Seconds = setting(Seconds(60), help="health-check refresh interval")
    settings_interval: Seconds = setting(
        Seconds(3600), help="how often the zones' settings node (plan limits) is read again"
    )
    threats: bool = setting(
        True, help="count threats (one firewallEventsAdaptiveGroups query per zone and refresh)"
    )
    zones_per_query: int = setting(
        MAX_ZONES_PER_QUERY, help="zones batched into one GraphQL request (at most 10)"
    )
    query_budget: int = setting(
        240, help="GraphQL queries per 5 minutes to plan for (Cloudflare allows 300 per token)"
    )
    ready_max_age: Seconds = setting(
        Seconds(0), help="/readyz fails when data is older than this (0: never)"
    )
    log_level: str = setting("INFO", help="DEBUG, INFO, WARNING or ERROR")

    def __post_init__(self) -> None:
        problems = []
        for name in ("interval", "healthcheck_interval", "settings_interval"):
            if getattr(self, name) <= 0:
                problems.append(f"{PREFIX}{name.upper()} must be positive")
        if self.settle_delay < MINUTE:
            problems.append(
                f"{PREFIX}SETTLE_DELAY must be at least 1m (younger minutes are partial)"
            )
        if self.quantile_window < MINUTE or self.quantile_window % MINUTE:
            problems.append(f"{PREFIX}QUANTILE_WINDOW must be a whole number of minutes, >= 1m")
        if not 1 <= self.zones_per_query <= MAX_ZONES_PER_QUERY:
            problems.append(f"{PREFIX}ZONES_PER_QUERY must be between 1 and {MAX_ZONES_PER_QUERY}")
        if not 1 <= self.query_budget <= GRAPHQL_QUOTA:
            problems.append(f"{PREFIX}QUERY_BUDGET must be between 1 and {GRAPHQL_QUOTA}")
        if not 0 <= self.listen_port < 65536:  # 0: any free port (tests)
            problems.append(f"{PREFIX}LISTEN_PORT must be a TCP port, got {self.listen_port}")
        if self.log_level.upper() not in LOG_LEVELS:
            problems.append(f"{PREFIX}LOG_LEVEL: {self.log_level!r} is not a log level")
        if not self.api_url.startswith(("https://", "http://")):
            problems.append(f"{PREFIX}API_URL must be an http(s) URL")
        if problems:
            raise SettingsError(problems)
