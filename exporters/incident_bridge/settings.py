# ruff: noqa: RUF009  (setting() returns a dataclasses.field, which RUF009 cannot see)
"""Settings of the incident bridge, from ``INCIDENT_BRIDGE_*`` environment variables.

The repository, the incident label and the products come from portfolio.yaml
(``incidents.repo``, ``dora.incident_label``); the two secrets only from the environment or
``*_FILE``: ``INCIDENT_BRIDGE_TOKEN`` is what Alertmanager sends as its bearer token (the
content of ``incident-bridge.token``), ``INCIDENT_BRIDGE_GITHUB_TOKEN`` writes the issues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from exporters.toolkit.errors import SettingsError
from exporters.toolkit.settings import Seconds, Secret, setting

PREFIX = "INCIDENT_BRIDGE_"
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


@dataclass(frozen=True, kw_only=True)
class BridgeSettings:
    config: Path = setting(Path("portfolio.yaml"), help="portfolio.yaml to read incidents: from")
    token: Secret = setting(secret=True, help="bearer token Alertmanager sends (credentials_file)")
    github_token: Secret = setting(secret=True, help="GitHub token that may write issues")
    api_url: str = setting("https://api.github.com", help="REST API base URL (GHES: .../api/v3)")
    repo: str = setting("", help="owner/name for the issues (default: incidents.repo)")
    listen_host: str = setting("0.0.0.0", help="address to serve /alerts and /metrics on")
    listen_port: int = setting(9099, help="port to serve /alerts and /metrics on")
    check_interval: Seconds = setting(
        Seconds(300), help="how often the repository and its open incidents are read"
    )
    reopen_within: Seconds = setting(
        Seconds(3600), help="an alert firing again this soon after a close reopens its issue"
    )
    max_body: int = setting(4 * 1024 * 1024, help="largest notification accepted, in bytes")
    log_level: str = setting("INFO", help="DEBUG, INFO, WARNING or ERROR")

    def __post_init__(self) -> None:
        problems = []
        if self.repo and not _REPO.fullmatch(self.repo):
            problems.append(f"{PREFIX}REPO: expected owner/name, got {self.repo!r}")
        if self.check_interval <= 0:
            problems.append(f"{PREFIX}CHECK_INTERVAL must be positive")
        if self.reopen_within < 0:
            problems.append(f"{PREFIX}REOPEN_WITHIN must not be negative")
        if not 1024 <= self.max_body <= 25 * 1024 * 1024:
            problems.append(f"{PREFIX}MAX_BODY must be between 1024 and 26214400 bytes")
        if not 0 <= self.listen_port < 65536:  # 0: any free port (tests)
            problems.append(f"{PREFIX}LISTEN_PORT must be a TCP port, got {self.listen_port}")
        if self.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            problems.append(f"{PREFIX}LOG_LEVEL: {self.log_level!r} is not a log level")
        if problems:
            raise SettingsError(problems)
