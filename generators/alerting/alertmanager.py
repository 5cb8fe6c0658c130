"""Alertmanager configuration: a route per team and severity, inhibition, receivers.

Secrets never appear here: receivers point at files (``api_url_file``, ``routing_key_file``,
``auth_password_file``, ``credentials_file``) that the deployment provides.
"""

from __future__ import annotations

from typing import Any

from portfolio import conventions
from portfolio.config.model import Portfolio, Team

# For each severity, tiers of channels: the first tier in which the team has any channel is
# used (every channel of that tier). A team with none of them gets a receiver that drops.
CHANNEL_TIERS: dict[str, tuple[tuple[str, ...], ...]] = {
    conventions.CRITICAL: (("pagerduty", "slack"), ("email",)),
    conventions.WARNING: (("slack",), ("email",), ("pagerduty",)),
    conventions.INFO: (("email",), ("slack",)),
}
GROUP_BY = ["alertname", conventions.PRODUCT, conventions.ENVIRONMENT]

_SLACK_TITLE = (
    '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}'
    "{{ end }}] {{ .CommonLabels.alertname }} {{ .CommonLabels.product }}"
)
_TEXT = (
    "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\n"
    "Runbook: {{ .Annotations.runbook_url }} | Dashboard: {{ .Annotations.dashboard_url }}\n"
    "{{ end }}"
)


def _has(team: Team, channel: str) -> bool:
    return {
        "pagerduty": team.pagerduty_service is not None,
        "slack": team.slack_channel is not None,
        "email": bool(team.emails),
    }[channel]


def channels_for(team: Team, severity: str) -> tuple[str, ...]:
    """Channels a team's alerts of ``severity`` go to."""
    for tier in CHANNEL_TIERS[severity]:
        present = tuple(ch for ch in tier if _has(team, ch))
        if present:
            return present
    return ()


def slack_config(team: Team) -> dict[str, Any]:
    return {
        "api_url_file": team.slack_api_url_file,
        "channel": team.slack_channel,
        "send_resolved": True,
        "title": _SLACK_TITLE,
        "text": _TEXT,
    }


def pagerduty_config(team: Team) -> dict[str, Any]:
    return {
        "routing_key_file": team.pagerduty_routing_key_file,
        "send_resolved": True,
        "severity": "{{ .CommonLabels.severity }}",
        "description": "{{ .CommonAnnotations.summary }}",
        "details": {
            "product": "{{ .CommonLabels.product }}",
            "environment": "{{ .CommonLabels.environment }}",
            "service": team.pagerduty_service,
            "runbook": "{{ .CommonAnnotations.runbook_url }}",
        },
    }


def _email(team: Team) -> dict[str, Any]:
    return {"to": ", ".join(team.emails), "send_resolved": True}


_BUILDERS = {"slack": slack_config, "pagerduty": pagerduty_config, "email": _email}
_CONFIG_KEYS = {
    "slack": "slack_configs",
    "pagerduty": "pagerduty_configs",
    "email": "email_configs",
}


def _receiver(team: Team, severity: str, portfolio: Portfolio) -> dict[str, Any]:
    out: dict[str, Any] = {"name": conventions.receiver(team.id, severity)}
    for channel in channels_for(team, severity):
        out.setdefault(_CONFIG_KEYS[channel], []).append(_BUILDERS[channel](team))
    if severity == conventions.CRITICAL and portfolio.incidents is not None:
        # The incident bridge opens a GitHub issue per critical incident. Its URL is not a
        # secret (Alertmanager 0.25 has no url_file); the bearer token is read from a file.
        out["webhook_configs"] = [
            {
                "url": portfolio.incident_url(),
                "send_resolved": True,
                "http_config": {
                    "authorization": {
                        "type": "Bearer",
                        "credentials_file": portfolio.incidents.credentials_file,
                    }
                },
            }
        ]
    return out


def team_route(team: Team, portfolio: Portfolio) -> dict[str, Any]:
    repeat = portfolio.alerting.repeat_interval
    return {
        "matchers": [f'{conventions.TEAM}="{team.id}"'],
        "receiver": conventions.receiver(team.id, conventions.WARNING),
        "routes": [
            {
                "matchers": [f'{conventions.SEVERITY}="{severity}"'],
                "receiver": conventions.receiver(team.id, severity),
                "repeat_interval": repeat[severity],
            }
            for severity in conventions.SEVERITIES
        ],
    }


def inhibit_rules() -> list[dict[str, Any]]:
    return [
        {
            # A critical alert silences the warnings of the same product and kind (for SLO
            # burn alerts: of the same SLO, so a page silences its ticket).
            "source_matchers": [f'{conventions.SEVERITY}="{conventions.CRITICAL}"'],
            "target_matchers": [f'{conventions.SEVERITY}="{conventions.WARNING}"'],
            "equal": [
                conventions.PRODUCT,
                conventions.ENVIRONMENT,
                conventions.KIND,
                conventions.SLO,
            ],
        },
        {
            # A product that is down is also slow; page about the outage only.
            "source_matchers": [f'alertname="{conventions.ALERT_PRODUCT_DOWN}"'],
            "target_matchers": [f'{conventions.KIND}="{conventions.KIND_LATENCY}"'],
            "equal": [conventions.PRODUCT, conventions.ENVIRONMENT],
        },
        {
            # The outage also burns the probe-based availability budget: one page, not two.
            "source_matchers": [f'alertname="{conventions.ALERT_PRODUCT_DOWN}"'],
            "target_matchers": [f'alertname="{conventions.slo_alert("availability")}"'],
            "equal": [conventions.PRODUCT, conventions.ENVIRONMENT],
        },
    ]


def build(portfolio: Portfolio) -> dict[str, Any]:
    """The ``alertmanager.yml`` document."""
    a = portfolio.alerting
    config: dict[str, Any] = {"global": {"resolve_timeout": "5m"}}
    if a.pagerduty_url is not None:
        config["global"]["pagerduty_url"] = a.pagerduty_url
    smtp = portfolio.stack.smtp
    if smtp is not None:
        config["global"].update(
            {
                "smtp_smarthost": smtp.smarthost,
                "smtp_from": smtp.sender,
                "smtp_require_tls": smtp.require_tls,
            }
        )
        if smtp.auth_username:
            config["global"]["smtp_auth_username"] = smtp.auth_username
        if smtp.auth_password_file:
            config["global"]["smtp_auth_password_file"] = smtp.auth_password_file
    config["route"] = {
        # Anything without a known team goes to the team that owns the monitoring.
        "receiver": conventions.receiver(portfolio.owner_team, conventions.WARNING),
        "group_by": GROUP_BY,
        "group_wait": a.group_wait,
        "group_interval": a.group_interval,
        "repeat_interval": a.repeat_interval[conventions.WARNING],
        "routes": [team_route(team, portfolio) for team in portfolio.teams],
    }
    config["inhibit_rules"] = inhibit_rules()
    config["receivers"] = [
        _receiver(team, severity, portfolio)
        for team in portfolio.teams
        for severity in conventions.SEVERITIES
    ]
    return config
