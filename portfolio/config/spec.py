"""The spec: ``portfolio.yaml`` as typed data, field for field, nothing derived.

Every model forbids unknown keys. Field descriptions become the JSON Schema's descriptions
(``make schema``), so editors show them while a user types. Checks that involve more than one
field live in ``portfolio.config.semantic``; derived values live in ``portfolio.config.model``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import ConfigDict, Field, create_model

from portfolio.config.services import ServiceSpec
from portfolio.fields import (
    Duration,
    Email,
    Identifier,
    Percentage,
    Positive,
    PositiveInt,
    Ratio,
    Repo,
    SlackChannel,
    Strict,
    Text,
    Url,
)
from portfolio.sources import SOURCES

SPEC_VERSION = 1
# The keys of ``stack.addresses``: the stack's components and each source's exporter.
ADDRESS_KEYS: tuple[str, ...] = (
    "alertmanager",
    "blackbox",
    "prometheus",
    *(source.component for source in SOURCES),
    "pushgateway",
)
if TYPE_CHECKING:
    AddressKey = str
else:
    AddressKey = Literal[ADDRESS_KEYS]


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
    source: Literal["probes", "cloudflare", "services"] | None = Field(
        None,
        description="Where the SLI comes from: blackbox probes, Cloudflare 5xx ratio or the 5xx "
        "ratio of the product's own services in the environment (latency: probes only).",
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
    pagerduty_url: Url | None = Field(
        None,
        description="PagerDuty Events API v2 endpoint that pages are sent to (Alertmanager's "
        "global pagerduty_url). Default: Alertmanager's, "
        "https://events.pagerduty.com/v2/enqueue; accounts in PagerDuty's EU service region "
        "use https://events.eu.pagerduty.com/v2/enqueue.",
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
    failed_deployment_recovery_time: dict[Literal["elite", "high", "medium"], Duration] | None = (
        Field(None, description="Longest failed deployment recovery time for each level (below).")
    )
    time_to_restore: dict[Literal["elite", "high", "medium"], Duration] | None = Field(
        None,
        description="Deprecated (removed in the next release): failed_deployment_recovery_time.",
    )


# The benchmark a product's DORA level is read against: DORA's 2023 performance levels, the
# 2024 performance clusters, or the bounds in `levels` (docs/exporters/github.md cites each).
DoraBenchmark = Literal["2023-levels", "2024-clusters", "custom"]


class DoraSpec(Strict):
    production_environment: Identifier | None = Field(
        None, description="GitHub deployment environment that counts as production."
    )
    incident_label: Text | None = Field(
        None, description="GitHub issue label that marks an incident."
    )
    benchmark: DoraBenchmark | None = Field(
        None,
        description="Level bounds: 2023-levels, 2024-clusters, or custom (the bounds in levels; "
        "levels without a benchmark are custom). Default 2023-levels.",
    )
    levels: DoraLevelsSpec = Field(default_factory=DoraLevelsSpec)
    suspected_failure_window: Duration | None = Field(
        None,
        description="A production deployment followed within this window by the product's "
        "ProductDown, an availability burn-rate page or a 5xx ratio above its threshold is a "
        "suspected change failure (no incident issue needed). From 15m to 1d; default 1h.",
    )


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


# ``products.<id>.sources``: one optional section per registered data source, in registry order.
if TYPE_CHECKING:
    SourcesSpec = Strict
else:
    SourcesSpec = create_model(
        "SourcesSpec",
        __base__=Strict,
        **{source.name: (source.section | None, None) for source in SOURCES},
    )


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
    services: list[ServiceSpec] = Field(
        default_factory=list,
        description="Metrics endpoints of the product's own services (portfolio.config.services).",
    )


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


class BasicAuthSpec(Strict):
    username: Text
    password_file: str | None = Field(
        None,
        description="File holding the password (default: "
        "/etc/prometheus/secrets/remote-write-<name>.password).",
    )


class AuthorizationSpec(Strict):
    type: Text | None = Field(None, description="Scheme of the Authorization header (Bearer).")
    credentials_file: str | None = Field(
        None,
        description="File holding the token (default: "
        "/etc/prometheus/secrets/remote-write-<name>.token).",
    )


class QueueSpec(Strict):
    """The remote-write queue knobs worth changing; Prometheus' defaults apply to the rest."""

    capacity: PositiveInt | None = Field(
        None, description="Samples buffered per shard (Prometheus: 10000)."
    )
    min_shards: PositiveInt | None = Field(None, description="Shards at start (Prometheus: 1).")
    max_shards: PositiveInt | None = Field(
        None, description="Most parallel senders (Prometheus: 50)."
    )
    max_samples_per_send: PositiveInt | None = Field(
        None, description="Samples per request (Prometheus: 2000)."
    )
    batch_send_deadline: Duration | None = Field(
        None, description="Longest a sample waits in a shard before it is sent (5s)."
    )
    min_backoff: Duration | None = Field(None, description="First retry delay (30ms).")
    max_backoff: Duration | None = Field(None, description="Longest retry delay (5s).")


class RemoteWriteSpec(Strict):
    """A Prometheus remote-write endpoint: Mimir, Thanos Receive, VictoriaMetrics, Cortex."""

    name: Identifier = Field(description="Name of the queue (the remote_name label).")
    url: Url = Field(description="Push URL, e.g. https://mimir.example/api/v1/push.")
    remote_timeout: Duration | None = Field(None, description="Timeout of one request (30s).")
    basic_auth: BasicAuthSpec | None = None
    authorization: AuthorizationSpec | None = Field(
        None, description="Authorization header (Bearer token) read from a file."
    )
    queue: QueueSpec | None = None
    keep_metrics: list[str] | None = Field(
        None,
        description="Send only series whose name matches one of these (* matches any run of "
        "characters, e.g. 'slo:*').",
    )
    drop_metrics: list[str] | None = Field(
        None, description="Never send series whose name matches one of these ('go_*')."
    )


class HighAvailabilitySpec(Strict):
    prometheus_replicas: list[str] | None = Field(
        None,
        description="host:port of each further Prometheus replica, besides "
        "stack.addresses.prometheus; every replica scrapes and alerts on its own.",
    )
    alertmanager_peers: list[str] | None = Field(
        None,
        description="host:port of each further Alertmanager, besides "
        "stack.addresses.alertmanager; they gossip and notify once.",
    )
    cluster_port: PositiveInt | None = Field(
        None, description="Gossip port of every Alertmanager in docker-compose.yml (9094)."
    )
    replica_label: str | None = Field(
        None,
        description="External label telling replicas apart (default: replica; Mimir's HA "
        "tracker reads __replica__).",
    )


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
    addresses: dict[AddressKey, str] | None = Field(
        None, description="host:port of each stack component."
    )
    external_labels: dict[str, str] | None = Field(
        None,
        description="Labels Prometheus adds to every series and alert it sends out (remote "
        "write, federation, Alertmanager), e.g. cluster: eu-1.",
    )
    remote_write: list[RemoteWriteSpec] | None = Field(
        None, description="Long-term stores Prometheus sends every sample to."
    )
    ha: HighAvailabilitySpec | None = Field(
        None, description="Prometheus replicas and an Alertmanager cluster."
    )


class KubernetesSpec(Strict):
    namespace: Identifier | None = Field(
        None, description="Namespace of every generated manifest (default: monitoring)."
    )
    labels: dict[str, str] | None = Field(
        None,
        description="Labels on every operator resource, to match the Prometheus and "
        "Alertmanager selectors (e.g. release: kube-prometheus-stack).",
    )
    blackbox_url: str | None = Field(
        None,
        description="host:port of blackbox_exporter in the cluster, which the Probe "
        "resources use (default: blackbox-exporter.<namespace>.svc:9115).",
    )
    image: str | None = Field(
        None, description="Image of the exporters (default: the exporters image, by version)."
    )


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
    kubernetes: KubernetesSpec | None = Field(
        None,
        description="Also write Prometheus Operator and Kubernetes manifests to kubernetes/.",
    )
    teams: dict[Identifier, TeamSpec] = Field(min_length=1)
    products: dict[Identifier, ProductSpec] = Field(min_length=1)
