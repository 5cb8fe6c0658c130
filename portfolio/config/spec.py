"""The spec: ``portfolio.yaml`` as typed data, field for field, nothing derived.

Every model forbids unknown keys. Field descriptions become the JSON Schema's descriptions
(``make schema``), so editors show them while a user types. Checks that involve more than one
field live in ``portfolio.config.semantic``; derived values live in ``portfolio.config.model``.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from portfolio import durations

SPEC_VERSION = 1

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]{0,62}$"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")


def _fail(kind: str, message: str, **ctx: object) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx)


def _percentage(value: float) -> float:
    if not 0 < value <= 100:
        raise _fail("percentage", "{value} is not a percentage (0 < x <= 100)", value=f"{value:g}")
    return value


def _positive(value: float) -> float:
    if value <= 0:
        raise _fail("positive", "{value} must be greater than 0", value=f"{value:g}")
    return value


def _ratio(value: float) -> float:
    if not 0 < value < 1:
        raise _fail("ratio", "{value} is not a ratio (0 < x < 1)", value=f"{value:g}")
    return value


def _duration(value: str) -> str:
    if not durations.is_valid(value):
        raise _fail("duration", "'{value}' is not a duration (e.g. 30s, 5m, 1h, 7d)", value=value)
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise _fail("email", "'{value}' is not an email address", value=value)
    return value


def _url(value: str) -> str:
    if not _URL.match(value):
        raise _fail("url", "'{value}' is not an http(s) URL", value=value)
    return value


def _repo(value: str) -> str:
    if not _REPO.match(value):
        raise _fail("repo", "'{value}' is not a GitHub repository (owner/name)", value=value)
    return value


def _identifier(value: str) -> str:
    if not re.match(ID_PATTERN, value):
        raise _fail(
            "identifier",
            "'{value}' is not an id (a letter, then letters, digits, '_' or '-'; at most 63)",
            value=value,
        )
    return value


def _slack_channel(value: str) -> str:
    if not re.match(r"^[#@][a-z0-9][a-z0-9._-]{0,79}$", value):
        raise _fail(
            "slack_channel",
            "'{value}' is not a Slack channel ('#name' in lower case, or '@user')",
            value=value,
        )
    return value


def _nonempty(value: str) -> str:
    if not value.strip():
        raise _fail("empty", "must not be empty")
    return value


Percentage = Annotated[float, AfterValidator(_percentage)]
Positive = Annotated[float, AfterValidator(_positive)]
Ratio = Annotated[float, AfterValidator(_ratio)]
Duration = Annotated[str, AfterValidator(_duration)]
Email = Annotated[str, AfterValidator(_email)]
Url = Annotated[str, AfterValidator(_url)]
Repo = Annotated[str, AfterValidator(_repo)]
Identifier = Annotated[str, AfterValidator(_identifier)]
SlackChannel = Annotated[str, AfterValidator(_slack_channel)]
Text = Annotated[str, AfterValidator(_nonempty)]


class Strict(BaseModel):
    """Base of every spec model: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ThresholdsSpec(Strict):
    uptime: Percentage | None = Field(
        None, description="Availability objective in percent, measured by the health probes."
    )
    error_rate: Percentage | None = Field(
        None, description="Highest acceptable share of 5xx responses, in percent."
    )
    response_time_ms: Positive | None = Field(
        None, description="Highest acceptable p95 response time of the health endpoints, in ms."
    )


class ProbeSpec(Strict):
    module: Literal["http_2xx", "http_2xx_get_json", "tcp_connect", "icmp"] | None = Field(
        None, description="blackbox_exporter module used to probe health endpoints."
    )
    interval: Duration | None = Field(None, description="How often each endpoint is probed.")
    timeout: Duration | None = Field(None, description="Probe timeout; must be below interval.")


class SloSpec(Strict):
    """One service level objective. Unset fields come from ``defaults.slos`` and then from
    the product: an availability target defaults to the product's uptime threshold and a
    latency threshold to its response time threshold, so nothing is stated twice."""

    enabled: bool | None = Field(None, description="Set false to drop this SLO.")
    target: Percentage | None = Field(None, description="Objective in percent, e.g. 99.5.")
    source: Literal["probes", "cloudflare"] | None = Field(
        None,
        description="Where the SLI comes from: blackbox probes or Cloudflare 5xx ratio "
        "(latency: probes only).",
    )
    period: Literal["7d", "28d", "30d", "calendar_month"] | None = Field(
        None, description="Rolling period of the objective (default 30d)."
    )
    owner: Identifier | None = Field(None, description="Team that owns it (default: product's).")
    threshold_ms: Positive | None = Field(
        None, description="Latency SLOs: a probe is good when faster than this."
    )
    environment: Identifier | None = Field(
        None, description="Environment measured (default: the production environment)."
    )


class SlosSpec(Strict):
    availability: SloSpec | None = None
    latency: SloSpec | None = None


class BurnWindowSpec(Strict):
    long: Duration = Field(description="Long window, e.g. 1h.")
    short: Duration = Field(description="Short window that stops the alert quickly, e.g. 5m.")
    budget_percent: Percentage = Field(
        description="Share of the period's error budget spent in the long window."
    )


class SloAlertingSpec(Strict):
    page: list[BurnWindowSpec] | None = Field(
        None, description="Window pairs that page (critical). Default: SRE workbook."
    )
    ticket: list[BurnWindowSpec] | None = Field(
        None, description="Window pairs that open a ticket (warning)."
    )


class DefaultsSpec(Strict):
    thresholds: ThresholdsSpec = Field(
        default_factory=ThresholdsSpec, description="Thresholds a product inherits."
    )
    environments: list[Identifier] | None = Field(
        None, description="Environments a product has unless it lists its own."
    )
    probe: ProbeSpec = Field(default_factory=ProbeSpec)
    slos: SlosSpec = Field(default_factory=SlosSpec, description="SLO settings every product gets.")


class PortfolioSpec(Strict):
    name: Text = Field(description="Display name of the portfolio (dashboard titles).")
    team: Identifier = Field(
        description="Team that owns the monitoring itself; gets its alerts and the fallback route."
    )
    grafana_url: Url = Field(description="Base URL of Grafana, for dashboard links in alerts.")
    runbook_url: str = Field(
        description="Runbook URL template; {product} and {alert} are replaced.",
    )


class ForSpec(Strict):
    outage: Duration | None = Field(None, description="How long every probe must fail.")
    endpoint: Duration | None = Field(None, description="How long one endpoint must fail.")
    error_rate: Duration | None = None
    latency: Duration | None = None
    uptime: Duration | None = None
    exporter: Duration | None = Field(None, description="How long an exporter may be down.")
    tls: Duration | None = Field(None, description="How long a certificate must be expiring.")


class TlsSpec(Strict):
    warning_days: Positive | None = None
    critical_days: Positive | None = None


class RepeatSpec(Strict):
    critical: Duration | None = None
    warning: Duration | None = None
    info: Duration | None = None


class AlertingSpec(Strict):
    approaching: Ratio | None = Field(
        None,
        description="Warn when a value has used this share of its threshold (0.8 = 80%).",
    )
    uptime_window: Duration | None = Field(
        None, description="Window over which uptime is compared with its threshold."
    )
    for_: ForSpec = Field(default_factory=ForSpec, alias="for")
    tls_expiry: TlsSpec = Field(default_factory=TlsSpec)
    group_wait: Duration | None = None
    group_interval: Duration | None = None
    repeat_interval: RepeatSpec = Field(default_factory=RepeatSpec)
    slo: SloAlertingSpec = Field(
        default_factory=SloAlertingSpec, description="Multi-window multi-burn-rate alerts."
    )


class LevelBounds(Strict):
    elite: Positive
    high: Positive
    medium: Positive


class DoraLevelsSpec(Strict):
    deployment_frequency_per_day: LevelBounds | None = Field(
        None, description="Lowest deployments per day for each level (at least)."
    )
    lead_time: dict[Literal["elite", "high", "medium"], Duration] | None = Field(
        None, description="Longest lead time for changes for each level (below)."
    )
    change_failure_rate: LevelBounds | None = Field(
        None, description="Highest change failure rate in percent for each level (at most)."
    )
    time_to_restore: dict[Literal["elite", "high", "medium"], Duration] | None = Field(
        None, description="Longest time to restore service for each level (below)."
    )


class DoraSpec(Strict):
    production_environment: Identifier | None = Field(
        None, description="GitHub deployment environment that counts as production."
    )
    incident_label: Text | None = Field(
        None, description="GitHub issue label that marks an incident."
    )
    levels: DoraLevelsSpec = Field(default_factory=DoraLevelsSpec)


class SlackSpec(Strict):
    channel: SlackChannel
    api_url_file: str | None = Field(
        None, description="File holding the Slack webhook URL (default: secrets_dir)."
    )


class EmailSpec(Strict):
    to: list[Email] = Field(min_length=1)


class PagerDutySpec(Strict):
    service: Text = Field(description="PagerDuty service name (for humans).")
    routing_key_file: str | None = Field(
        None, description="File holding the Events API v2 routing key (default: secrets_dir)."
    )


class TeamSpec(Strict):
    name: Text
    slack: SlackSpec | None = None
    email: EmailSpec | None = None
    pagerduty: PagerDutySpec | None = None


class EndpointSpec(Strict):
    name: Identifier
    url: Url
    environment: Identifier | None = Field(
        None, description="Environment of this endpoint (default: the product's first)."
    )
    module: Literal["http_2xx", "http_2xx_get_json", "tcp_connect", "icmp"] | None = None


class GithubSourceSpec(Strict):
    repos: list[Repo] = Field(min_length=1)
    production_environment: Identifier | None = None


class CloudflareSourceSpec(Strict):
    zone: Text = Field(description="Zone name, e.g. example.com.")


class PlausibleSourceSpec(Strict):
    site_id: Text = Field(description="Plausible site id (the domain).")


class PosthogSourceSpec(Strict):
    project_id: Annotated[int, Field(gt=0)]


class SourcesSpec(Strict):
    github: GithubSourceSpec | None = None
    cloudflare: CloudflareSourceSpec | None = None
    plausible: PlausibleSourceSpec | None = None
    posthog: PosthogSourceSpec | None = None


class ProductSpec(Strict):
    name: Text
    description: str | None = None
    team: Identifier
    tier: Literal[1, 2, 3] | None = Field(None, description="1 = most critical.")
    thresholds: ThresholdsSpec = Field(default_factory=ThresholdsSpec)
    environments: list[Identifier] | None = None
    health_endpoints: list[EndpointSpec] = Field(default_factory=list)
    sources: SourcesSpec = Field(default_factory=SourcesSpec)
    slos: SlosSpec = Field(default_factory=SlosSpec)


class IncidentBridgeSpec(Strict):
    url: Url = Field(description="Webhook URL of the incident-to-GitHub-issue bridge.")
    repo: Repo = Field(description="Repository where incident issues are opened.")
    credentials_file: str | None = Field(
        None, description="File holding the bridge's bearer token (default: secrets_dir)."
    )


class ExporterAddressSpec(Strict):
    address: str


class SmtpSpec(Strict):
    smarthost: str = Field(description="host:port of the SMTP relay.")
    from_: Email = Field(alias="from", description="Sender address of alert emails.")
    auth_username: str | None = None
    auth_password_file: str | None = Field(
        None, description="File holding the SMTP password (never the password itself)."
    )
    require_tls: bool | None = None


class StackSpec(Strict):
    secrets_dir: str | None = Field(
        None, description="Directory where Alertmanager finds its secret files."
    )
    scrape_interval: Duration | None = None
    smtp: SmtpSpec | None = Field(None, description="Mail relay for email receivers.")
    pushgateway: bool | None = Field(
        None,
        description="Run and scrape a Pushgateway for CI jobs outside GitHub Actions "
        "(python -m exporters.ci_report).",
    )
    addresses: (
        dict[
            Literal[
                "alertmanager",
                "blackbox",
                "prometheus",
                "github_exporter",
                "cloudflare_exporter",
                "plausible_exporter",
                "posthog_exporter",
                "pushgateway",
            ],
            str,
        ]
        | None
    ) = Field(None, description="host:port of each stack component.")


class ConfigSpec(Strict):
    """The whole ``portfolio.yaml``."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="portfolio.yaml",
        json_schema_extra={"$id": "portfolio.schema.json"},
    )

    version: Literal[1] = Field(description="Version of this file's format.")
    portfolio: PortfolioSpec
    defaults: DefaultsSpec = Field(default_factory=DefaultsSpec)
    alerting: AlertingSpec = Field(default_factory=AlertingSpec)
    dora: DoraSpec = Field(default_factory=DoraSpec)
    incidents: IncidentBridgeSpec | None = None
    stack: StackSpec = Field(default_factory=StackSpec)
    teams: dict[Identifier, TeamSpec] = Field(min_length=1)
    products: dict[Identifier, ProductSpec] = Field(min_length=1)
