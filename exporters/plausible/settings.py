# ruff: noqa: RUF009  (setting() returns a dataclasses.field, which RUF009 cannot see)
"""Settings of the Plausible exporter, from ``PLAUSIBLE_*`` environment variables.

Which products and sites to read comes from portfolio.yaml (``PLAUSIBLE_CONFIG``,
``products.<id>.sources.plausible.site_id``); everything about running the process comes from
here. The API key comes only from ``PLAUSIBLE_API_KEY`` or ``PLAUSIBLE_API_KEY_FILE``.

``PLAUSIBLE_PERIODS`` lists the rolling windows as ``<window>:<refresh interval>`` pairs
(``24h:15m,7d:1h,30d:4h``): the window is the ``period`` label, and a long window changes
slowly, so it is refreshed less often.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from exporters.toolkit.errors import SettingsError
from exporters.toolkit.settings import Seconds, Secret, parse_seconds, setting

PREFIX = "PLAUSIBLE_"
MAX_TOP = 100  # top-N bound of the page and source labels
# A window is a whole number of minutes, hours or days: its text is the ``period`` label.
WINDOW = re.compile(r"^[1-9][0-9]*[mhd]$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class Period:
    """One rolling window: ``label`` (``24h``), its length and how often it is refreshed."""

    label: str
    window: float  # seconds
    interval: float  # seconds between refreshes

    @property
    def source(self) -> str:
        """The refresh source (``source`` label of the self-metrics), e.g. ``stats_24h``."""
        return f"stats_{self.label}"


def parse_periods(entries: tuple[str, ...]) -> tuple[list[Period], list[str]]:
    """``("24h:15m", ...)`` -> periods, and the problems found (each entry checked)."""
    periods: list[Period] = []
    problems: list[str] = []
    variable = f"{PREFIX}PERIODS"
    for entry in entries:
        window, _, interval = entry.partition(":")
        if not WINDOW.match(window) or not interval:
            problems.append(
                f"{variable}: {entry!r} is not <window>:<interval> with a window in whole "
                "minutes, hours or days (24h:15m)"
            )
            continue
        try:
            every = parse_seconds(interval)
        except ValueError as exc:
            problems.append(f"{variable}: {entry!r}: interval {exc}")
            continue
        length = parse_seconds(window)
        if every <= 0 or every > length:
            problems.append(
                f"{variable}: {entry!r}: the interval must be positive and <= the window"
            )
            continue
        if any(p.label == window for p in periods):
            problems.append(f"{variable}: window {window} is listed twice")
            continue
        periods.append(Period(window, float(length), float(every)))
    if not entries:
        problems.append(f"{variable}: at least one window is needed")
    return periods, problems


@dataclass(frozen=True, kw_only=True)  # kw_only: the required key may follow defaults
class PlausibleSettings:
    config: Path = setting(Path("portfolio.yaml"), help="portfolio.yaml to read products from")
    api_url: str = setting(
        "https://plausible.io", help="Plausible base URL (cloud, or your self-hosted one)"
    )
    api_key: Secret = setting(secret=True, help="Stats API key (sent only to PLAUSIBLE_API_URL)")
    listen_host: str = setting("0.0.0.0", help="address to serve /metrics on")
    listen_port: int = setting(9103, help="port to serve /metrics on")
    periods: tuple[str, ...] = setting(
        ("24h:15m", "7d:1h", "30d:4h"),
        help="rolling windows as <window>:<refresh interval>, comma-separated",
    )
    realtime: bool = setting(True, help="publish current visitors (the realtime endpoint)")
    realtime_interval: Seconds = setting(Seconds(300), help="refresh interval of realtime")
    top_pages: int = setting(10, help="pages published per site and period (the rest: other)")
    top_sources: int = setting(10, help="sources published per site and period (the rest: other)")
    page_size: int = setting(100, help="rows per breakdown request (pagination.limit)")
    request_budget: int = setting(
        480, help="upstream requests per hour to plan for (Plausible allows 600 per key)"
    )
    ready_max_age: Seconds = setting(
        Seconds(0), help="/readyz fails when data is older than this (0: never)"
    )
    log_level: str = setting("INFO", help="DEBUG, INFO, WARNING or ERROR")

    def __post_init__(self) -> None:
        _, problems = parse_periods(self.periods)
        for name in ("top_pages", "top_sources"):
            if not 1 <= getattr(self, name) <= MAX_TOP:
                problems.append(f"{PREFIX}{name.upper()} must be between 1 and {MAX_TOP}")
        if not 1 <= self.page_size <= 10_000:  # 10,000: the API's own default and largest page
            problems.append(f"{PREFIX}PAGE_SIZE must be between 1 and 10000")
        if self.realtime_interval <= 0:
            problems.append(f"{PREFIX}REALTIME_INTERVAL must be positive")
        if self.request_budget < 1:
            problems.append(f"{PREFIX}REQUEST_BUDGET must be at least 1")
        if not 0 <= self.listen_port < 65536:  # 0: any free port (tests)
            problems.append(f"{PREFIX}LISTEN_PORT must be a TCP port, got {self.listen_port}")
        if self.log_level.upper() not in LOG_LEVELS:
            problems.append(f"{PREFIX}LOG_LEVEL: {self.log_level!r} is not a log level")
        if not self.api_url.startswith(("https://", "http://")):
            problems.append(f"{PREFIX}API_URL must be an http(s) URL")
        if problems:
            raise SettingsError(problems)

    @property
    def windows(self) -> list[Period]:
        """The rolling windows, in the order given."""
        return parse_periods(self.periods)[0]
