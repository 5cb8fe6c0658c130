"""Metrics of the incident bridge (``python -m exporters.incident_bridge``): the toolkit's
self-metrics of its one refresh source (``github``: the repository check) and its own counters.

Label values are closed sets named here, so the bridge can show every series at 0 from its
first scrape and a rule can match them without guessing.
"""

from __future__ import annotations

from portfolio.config.model import INCIDENT_BRIDGE_COMPONENT
from portfolio.metric import Metric, self_metrics
from portfolio.sources.descriptor import StackProcess

NAME = "incident_bridge"
COMPONENT = INCIDENT_BRIDGE_COMPONENT  # its ``stack.addresses`` key when the stack runs it
SERVICE = "incident-bridge"  # its Compose service and Kubernetes Service name
DEFAULT_PORT = 9099


class BridgeProcess(StackProcess):
    """The bridge as a process of the stack: named ``incident-bridge``, not ``*-exporter``."""

    @property
    def component(self) -> str:
        return COMPONENT

    @property
    def service(self) -> str:
        return SERVICE


# ``token``: the bearer token Alertmanager sends (the content of its ``credentials_file``);
# ``github_token``: writes the issues.
PROCESS = BridgeProcess(
    name=NAME,
    env_prefix="INCIDENT_BRIDGE_",
    secrets=("token", "github_token"),
    default_port=DEFAULT_PORT,
    exporter="exporters.incident_bridge",
)

# How a notification (one POST from Alertmanager) ended.
NOTIFICATION_RESULTS = ("applied", "unauthorized", "invalid", "failed", "rejected")
# What one alert of a notification did to its GitHub issue: joined (a further alert of the
# product and environment joined its open incident), resolved (resolved, others still fire).
ALERT_ACTIONS = (
    "opened",
    "joined",
    "reopened",
    "resolved",
    "closed",
    "unchanged",
    "ignored",
    "failed",
)
# The GitHub calls the bridge makes, and why one failed (the toolkit's error reasons).
GITHUB_OPERATIONS = ("find", "create", "update", "comment")
GITHUB_FAILURE_REASONS = (
    "status",
    "rate_limited",
    "timeout",
    "transport",
    "malformed",
    "origin",
    "cancelled",
    "upstream",
)

INCIDENT_BRIDGE: tuple[Metric, ...] = (
    *self_metrics(NAME),
    Metric(
        "incident_bridge_notifications_total",
        "counter",
        "Alertmanager notifications received, by result: applied (200), unauthorized (401), "
        "invalid (400), failed (GitHub failed: 502, Alertmanager retries), rejected (refused "
        "before reading: too large, bad framing, busy).",
        ("result",),
        "",
        NAME,
    ),
    Metric(
        "incident_bridge_alerts_total",
        "counter",
        "Alerts of accepted notifications, by what they did to their GitHub issue.",
        ("action",),
        "",
        NAME,
    ),
    Metric(
        "incident_bridge_github_failures_total",
        "counter",
        "GitHub API calls that failed after retries, by operation and reason.",
        ("operation", "reason"),
        "",
        NAME,
    ),
    Metric(
        "incident_bridge_incidents_open",
        "gauge",
        "Open issues the bridge opened, as of the last repository check (polled on a "
        "schedule, not at scrape time).",
        (),
        "",
        NAME,
    ),
)
