# ruff: noqa: RUF009  (setting() returns a dataclasses.field, which RUF009 cannot see)
"""Settings of the GitHub exporter, from ``GITHUB_*`` environment variables.

Which products and repositories to watch, the production environment and the incident label
come from portfolio.yaml (``GITHUB_CONFIG``); everything about running the process comes from
here. Secrets (token, webhook secret) come only from the environment or ``*_FILE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exporters.github.sync import LEAD_TIME_STARTS
from exporters.toolkit.errors import SettingsError
from exporters.toolkit.settings import Seconds, Secret, setting
from portfolio.sources import github

PREFIX = "GITHUB_"
# How much the default history exceeds the window: a product deploying at least weekly has the
# predecessor of its oldest deployment in the window, so that deployment's lead time is known.
HISTORY_MARGIN = 7 * 86400.0


@dataclass(frozen=True)
class GitHubSettings:
    config: Path = setting(Path("portfolio.yaml"), help="portfolio.yaml to read products from")
    api_url: str = setting("https://api.github.com", help="REST API base URL (GHES: .../api/v3)")
    token: Secret | None = setting(None, secret=True, help="token with read access to the repos")
    webhook_secret: Secret | None = setting(
        None, secret=True, help="enables POST /webhook; HMAC key of X-Hub-Signature-256"
    )
    listen_host: str = setting("0.0.0.0", help="address to serve /metrics on")
    listen_port: int = setting(9101, help="port to serve /metrics on")
    dora_interval: Seconds = setting(Seconds(300), help="refresh interval of deployments/incidents")
    actions_interval: Seconds = setting(Seconds(120), help="refresh interval of Actions runs")
    window: Seconds = setting(Seconds(30 * 86400), help="window of the github_dora_* gauges")
    history: Seconds | None = setting(
        None,
        help="history read at start and kept (>= window; default window + 7d, so the oldest "
        "deployment in the window has a known predecessor)",
    )
    builds_window: Seconds = setting(
        Seconds(github.BUILDS_WINDOW_DAYS * 86400),
        help="window of the github_workflow_window_* gauges (runs read at start; <= history)",
    )
    active_max_age: Seconds = setting(
        Seconds(86400), help="stop polling deployments/runs without a final status after this"
    )
    lead_time_start: str = setting(
        "first_commit", help="lead time starts at the change's first_commit or pr_merged"
    )
    rollback_task: str = setting("deploy:rollback", help="deployment task that marks a rollback")
    rework_window: Seconds = setting(
        Seconds(4 * 3600),
        help="a deployment created this soon after a failed one of its repository is rework",
    )
    ready_max_age: Seconds = setting(
        Seconds(0), help="/readyz fails when data is older than this (0: never)"
    )
    log_level: str = setting("INFO", help="DEBUG, INFO, WARNING or ERROR")

    @property
    def history_seconds(self) -> float:
        """The history read and kept: ``GITHUB_HISTORY``, or the window plus a week."""
        if self.history is not None:
            return float(self.history)
        return float(self.window) + HISTORY_MARGIN

    def __post_init__(self) -> None:
        problems = []
        if self.lead_time_start not in LEAD_TIME_STARTS:
            problems.append(
                f"{PREFIX}LEAD_TIME_START: {self.lead_time_start!r} is not one of "
                f"{', '.join(LEAD_TIME_STARTS)}"
            )
        if self.history is not None and self.history < self.window:
            problems.append(f"{PREFIX}HISTORY must be at least {PREFIX}WINDOW")
        if self.builds_window > self.history_seconds:
            problems.append(f"{PREFIX}BUILDS_WINDOW must be at most {PREFIX}HISTORY")
        for name in (
            "dora_interval",
            "actions_interval",
            "window",
            "builds_window",
            "rework_window",
        ):
            if getattr(self, name) <= 0:
                problems.append(f"{PREFIX}{name.upper()} must be positive")
        if not 0 <= self.listen_port < 65536:  # 0: any free port (tests)
            problems.append(f"{PREFIX}LISTEN_PORT must be a TCP port, got {self.listen_port}")
        if self.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            problems.append(f"{PREFIX}LOG_LEVEL: {self.log_level!r} is not a log level")
        if problems:
            raise SettingsError(problems)
