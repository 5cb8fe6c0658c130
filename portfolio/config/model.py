"""The model: the validated config as frozen dataclasses, defaults merged, values in base units.

Built once from the spec by ``from_spec``; every generator reads this and nothing else.
The built-in defaults below are the documented defaults of ``portfolio.yaml``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar
from urllib.parse import urlsplit

from portfolio import durations
from portfolio.config.services import NODE_COMPONENT, Service, services, stack_node_exporter
from portfolio.config.spec import (
    BurnWindowSpec,
    ConfigSpec,
    LevelBounds,
    ProductSpec,
    RemoteWriteSpec,
    SloSpec,
    TeamSpec,
    ThresholdsSpec,
)
from portfolio.sources import SOURCES, SourceContext

# Built-in defaults. A value here applies when neither the product nor `defaults:` sets it.
DEFAULT_THRESHOLDS: dict[str, float] = {
    "uptime": 99.5,
    "error_rate": 1.0,
    "response_time_ms": 1000.0,
}
DEFAULT_ENVIRONMENTS = ("production",)
DEFAULT_PROBE: dict[str, str] = {"module": "http_2xx", "interval": "30s", "timeout": "10s"}
DEFAULT_APPROACHING = 0.8  # warn at 80% of a threshold
DEFAULT_UPTIME_WINDOW = "1h"
DEFAULT_FOR: dict[str, str] = {
    "outage": "2m",
    "endpoint": "5m",
    "error_rate": "5m",
    "latency": "10m",
    "uptime": "5m",
    "exporter": "10m",
    "tls": "15m",
}
DEFAULT_TLS_WARNING_DAYS = 21.0
DEFAULT_TLS_CRITICAL_DAYS = 7.0
DEFAULT_GROUP_WAIT = "30s"
DEFAULT_GROUP_INTERVAL = "5m"
DEFAULT_REPEAT: dict[str, str] = {"critical": "1h", "warning": "4h", "info": "24h"}
DEFAULT_PRODUCTION_ENVIRONMENT = "production"
DEFAULT_INCIDENT_LABEL = "incident"
# DORA benchmark sets (docs/exporters/github.md cites every value to its report).
# 2023-levels: the performance levels of the 2023 Accelerate State of DevOps report.
DEFAULT_DORA_BOUNDS: dict[str, dict[str, float]] = {
    "deployment_frequency_per_day": {"elite": 1.0, "high": 1 / 7, "medium": 1 / 30},
    "change_failure_rate": {"elite": 5.0, "high": 10.0, "medium": 15.0},
}
DEFAULT_DORA_DURATIONS: dict[str, dict[str, str]] = {
    "lead_time": {"elite": "1d", "high": "1w", "medium": "30d"},
    "failed_deployment_recovery_time": {"elite": "1h", "high": "1d", "medium": "1w"},
}
# 2024-clusters: the performance clusters of the 2024 Accelerate State of DevOps report. The
# clusters are found from the four keys together, and on two keys the medium cluster is not
# worse than the high one (change fail rate 10% against 20%, recovery "less than one day" for
# both): as per-key bounds medium takes high's there, so that key tells High from Low only.
DORA_2024_BOUNDS: dict[str, dict[str, float]] = {
    "deployment_frequency_per_day": {"elite": 1.0, "high": 1 / 7, "medium": 1 / 30},
    "change_failure_rate": {"elite": 5.0, "high": 20.0, "medium": 20.0},
}
DORA_2024_DURATIONS: dict[str, dict[str, str]] = {
    "lead_time": {"elite": "1d", "high": "1w", "medium": "30d"},
    "failed_deployment_recovery_time": {"elite": "1h", "high": "1d", "medium": "1d"},
}
DORA_BENCHMARKS: dict[str, tuple[dict[str, dict[str, float]], dict[str, dict[str, str]]]] = {
    "2023-levels": (DEFAULT_DORA_BOUNDS, DEFAULT_DORA_DURATIONS),
    "2024-clusters": (DORA_2024_BOUNDS, DORA_2024_DURATIONS),
}
DEFAULT_DORA_BENCHMARK = "2023-levels"
# Suspected change failures (generators/rules/dora.py): a failure signal this soon after a
# production deployment. Bounds: the signal reads a failure's start over 5m and treats a
# deployment as made up to 5m before Prometheus saw it (the GitHub exporter's refresh), so a
# window must leave room after both; past a day a failure is rarely the deployment's.
DEFAULT_SUSPECTED_FAILURE_WINDOW = "1h"
SUSPECTED_FAILURE_WINDOW_BOUNDS = ("15m", "1d")
# SLOs: every product gets both unless it disables one.
SLO_NAMES = ("availability", "latency")
DEFAULT_SLO_PERIOD = "30d"
DEFAULT_SLO_SOURCE = "probes"
DEFAULT_LATENCY_TARGET = 95.0  # the response time threshold is a p95
# Multi-window multi-burn-rate alerts (Google SRE workbook, "Alerting on SLOs"): for a 30-day
# period these give burn rates 14.4 and 6 (page), 3 and 1 (ticket).
DEFAULT_SLO_PAGE = (("1h", "5m", 2.0), ("6h", "30m", 5.0))
DEFAULT_SLO_TICKET = (("1d", "2h", 10.0), ("3d", "6h", 10.0))
DEFAULT_SECRETS_DIR = "/etc/alertmanager/secrets"
INCIDENT_BRIDGE_COMPONENT = "incident_bridge"  # its stack.addresses key when the stack runs it
DEFAULT_SCRAPE_INTERVAL = "30s"
# Where Prometheus finds the files its remote-write credentials are in (docker-compose.yml
# mounts ./secrets/prometheus there).
PROMETHEUS_SECRETS_DIR = "/etc/prometheus/secrets"
DEFAULT_AUTHORIZATION_TYPE = "Bearer"
DEFAULT_CLUSTER_PORT = 9094  # Alertmanager's gossip port
DEFAULT_REPLICA_LABEL = "replica"
DEFAULT_ADDRESSES: dict[str, str] = {
    "alertmanager": "alertmanager:9093",
    "blackbox": "blackbox:9115",
    "prometheus": "prometheus:9090",
    **{source.component: source.default_address for source in SOURCES},
    "pushgateway": "pushgateway:9091",
}
V = TypeVar("V")
# Probe modules whose target is not a URL (blackbox_exporter: tcp dials host:port, icmp pings
# a host); the others take the URL as it is.
PROBE_TARGET_FORMS = ("tcp_connect", "icmp")
DEFAULT_PORTS = {"http": 80, "https": 443}
LEVELS = ("elite", "high", "medium")


@dataclass(frozen=True)
class Thresholds:
    uptime_ratio: float  # 0.995
    error_ratio: float  # 0.01
    response_time_seconds: float  # 1.0


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: str
    environment: str
    module: str

    @property
    def target(self) -> str:
        """What blackbox_exporter probes: the URL for HTTP modules, ``host:port`` for
        ``tcp_connect`` (the URL's port, or its scheme's) and the host for ``icmp``."""
        if self.module not in PROBE_TARGET_FORMS:
            return self.url
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        if self.module == "icmp":
            return host
        port = parts.port or DEFAULT_PORTS[parts.scheme]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@dataclass(frozen=True)
class Slo:
    """A service level objective of one product."""

    name: str  # availability | latency
    product: str
    target_ratio: float  # 0.995
    source: str  # probes | cloudflare
    period: str  # 30d
    owner: str
    environment: str
    threshold_seconds: float | None = None  # latency SLOs only

    @property
    def error_budget(self) -> float:
        return round(1 - self.target_ratio, 9)

    @property
    def period_seconds(self) -> float:
        return durations.seconds(self.period)


@dataclass(frozen=True)
class BurnWindow:
    """One multi-window burn-rate condition: alert when both windows burn faster than
    ``factor(period)``, which spends ``budget_share`` of the period's budget in ``long``."""

    severity: str  # critical (page) | warning (ticket)
    long: str
    short: str
    budget_share: float  # 0.02

    def factor(self, period_seconds: float) -> float:
        return round(self.budget_share * period_seconds / durations.seconds(self.long), 6)


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    description: str
    team: str
    tier: int
    thresholds: Thresholds
    environments: tuple[str, ...]
    endpoints: tuple[Endpoint, ...]
    # Settings of each data source the product uses, by source name (``portfolio.sources``;
    # read them with the descriptor: ``github.SOURCE.of(product)``).
    source_configs: Mapping[str, object] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    slos: tuple[Slo, ...] = ()
    services: tuple[Service, ...] = ()  # its own services' metrics endpoints

    @property
    def sources(self) -> tuple[str, ...]:
        """Names of the exporters that have data for this product, in registry order."""
        return tuple(source.name for source in SOURCES if source.name in self.source_configs)


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    slack_channel: str | None
    slack_api_url_file: str | None
    emails: tuple[str, ...]
    pagerduty_service: str | None
    pagerduty_routing_key_file: str | None


@dataclass(frozen=True)
class Alerting:
    approaching: float
    uptime_window: str
    for_: Mapping[str, str]
    tls_warning_days: float
    tls_critical_days: float
    group_wait: str
    group_interval: str
    repeat_interval: Mapping[str, str]
    burn_windows: tuple[BurnWindow, ...] = ()
    pagerduty_url: str | None = None  # None: Alertmanager's default (PagerDuty's US endpoint)


@dataclass(frozen=True)
class DoraLevels:
    """Bounds per level; a product's value is compared with elite, then high, then medium."""

    deployments_per_day: Mapping[str, float]  # at least
    lead_time_seconds: Mapping[str, float]  # below
    change_failure_ratio: Mapping[str, float]  # at most
    recovery_seconds: Mapping[str, float]  # below: failed deployment recovery time

    @property
    def time_to_restore_seconds(self) -> Mapping[str, float]:
        """Deprecated name of ``recovery_seconds`` (removed in the next release)."""
        return self.recovery_seconds


@dataclass(frozen=True)
class Dora:
    production_environment: str
    incident_label: str
    levels: DoraLevels
    benchmark: str = DEFAULT_DORA_BENCHMARK  # 2023-levels, 2024-clusters or custom
    # A failure signal this soon after a production deployment makes it a suspected failure.
    suspected_failure_window: str = DEFAULT_SUSPECTED_FAILURE_WINDOW


@dataclass(frozen=True)
class IncidentBridge:
    url: str  # as configured; ``Portfolio.incident_url()`` is where Alertmanager sends
    repo: str
    credentials_file: str

    @property
    def stack_address(self) -> str | None:
        """``host:port`` of a bridge the stack runs, from ``url``; None for one run elsewhere."""
        return bridge_stack_address(self.url)


def bridge_stack_address(url: str) -> str | None:
    """``host:port`` of an incident bridge the stack runs, from ``incidents.url``; None for one
    run elsewhere. The stack runs it (Compose, Kubernetes, ``make stack``) when the URL names
    a host of the stack's own network: a service name (no dot: ``incident-bridge``) or this
    machine (``localhost``, a loopback address). A domain name or another address is a bridge
    run by someone else: the stack only sends to it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host == "localhost" or "." not in host
    if not local or parts.scheme not in DEFAULT_PORTS:
        return None
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:  # the spec's URL check reports a bad port
        return None
    return f"{'127.0.0.1' if host == 'localhost' else host}:{port}"


@dataclass(frozen=True)
class Probe:
    module: str
    interval: str
    timeout: str


@dataclass(frozen=True)
class Smtp:
    smarthost: str
    sender: str
    auth_username: str | None
    auth_password_file: str | None
    require_tls: bool


@dataclass(frozen=True)
class RemoteWrite:
    """One remote-write target. Credentials are files Prometheus reads, never values."""

    name: str
    url: str
    remote_timeout: str | None = None
    basic_auth_username: str | None = None
    password_file: str | None = None  # with basic_auth_username
    authorization_type: str | None = None
    credentials_file: str | None = None  # with authorization_type
    queue: Mapping[str, int | str] = field(default_factory=lambda: MappingProxyType({}))
    keep_metrics: tuple[str, ...] = ()  # name globs: send only these
    drop_metrics: tuple[str, ...] = ()  # name globs: never send these


def replica_key(component: str, number: int) -> str:
    """``Stack.addresses`` key of a replica: ``prometheus`` (the first), ``prometheus_2``...
    Replicas are ``addresses`` entries, so the stack runner moves, frees and starts them
    like any other component."""
    return component if number == 1 else f"{component}_{number}"


def replica_of(key: str) -> str:
    """The component a ``Stack.addresses`` key runs: ``prometheus_2`` -> ``prometheus``."""
    base, _, number = key.rpartition("_")
    return base if base in ("prometheus", "alertmanager") and number.isdigit() else key


@dataclass(frozen=True)
class Stack:
    secrets_dir: str
    scrape_interval: str
    addresses: Mapping[str, str]
    smtp: Smtp | None
    pushgateway: bool = False  # scrape (and run) a Pushgateway for CI build reports
    external_labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    remote_write: tuple[RemoteWrite, ...] = ()
    # ``addresses`` keys of every Prometheus replica and every Alertmanager peer, first the
    # configured one; one entry each without high availability.
    prometheus_replicas: tuple[str, ...] = ("prometheus",)
    alertmanager_peers: tuple[str, ...] = ("alertmanager",)
    cluster_port: int = DEFAULT_CLUSTER_PORT
    replica_label: str = DEFAULT_REPLICA_LABEL

    @property
    def replicated(self) -> bool:
        """More than one Prometheus: each labels what it sends with ``replica_label``."""
        return len(self.prometheus_replicas) > 1

    @property
    def clustered(self) -> bool:
        return len(self.alertmanager_peers) > 1


@dataclass(frozen=True)
class Kubernetes:
    """Where and how the Kubernetes manifests deploy (``kubernetes:`` in portfolio.yaml)."""

    namespace: str
    labels: Mapping[str, str]  # on every operator resource (Prometheus' selectors)
    blackbox_url: str  # host:port of blackbox_exporter in the cluster
    image: str | None  # the exporters image; None: the project's image of this version


@dataclass(frozen=True)
class Portfolio:
    """The whole validated config. Teams and products are sorted by id."""

    source: str
    name: str
    owner_team: str
    grafana_url: str
    runbook_url: str
    probe: Probe
    alerting: Alerting
    dora: Dora
    incidents: IncidentBridge | None
    stack: Stack
    teams: tuple[Team, ...]
    products: tuple[Product, ...]
    kubernetes: Kubernetes | None = None
    used_sources: tuple[str, ...] = ()  # derived in from_spec; read via sources_in_use()
    all_slos: tuple[Slo, ...] = ()  # derived in from_spec; read via slos()

    def team(self, team_id: str) -> Team:
        return next(t for t in self.teams if t.id == team_id)

    def incident_url(self) -> str | None:
        """Where Alertmanager sends critical alerts: ``incidents.url``, at the bridge's
        ``stack.addresses`` entry when the stack runs it (``make stack`` moves it)."""
        if self.incidents is None:
            return None
        address = self.stack.addresses.get(INCIDENT_BRIDGE_COMPONENT)
        if address is None or address == self.incidents.stack_address:
            return self.incidents.url  # as written, where it was not moved
        return urlsplit(self.incidents.url)._replace(netloc=address).geturl()

    def sources_in_use(self) -> tuple[str, ...]:
        """Exporters that at least one product needs, in a fixed order."""
        return self.used_sources

    def slos(self) -> tuple[Slo, ...]:
        """Every SLO of every product, in product order."""
        return self.all_slos

    def runbook(self, product: str, alert: str) -> str:
        return self.runbook_url.replace("{product}", product).replace("{alert}", alert)


def _frozen(mapping: Mapping[str, V]) -> Mapping[str, V]:
    return MappingProxyType(dict(mapping))


def _thresholds(product: ThresholdsSpec, defaults: ThresholdsSpec) -> Thresholds:
    def pick(name: str) -> float:
        own = getattr(product, name)
        if own is not None:
            return float(own)
        inherited = getattr(defaults, name)
        return float(inherited if inherited is not None else DEFAULT_THRESHOLDS[name])

    return Thresholds(
        uptime_ratio=round(pick("uptime") / 100, 6),
        error_ratio=round(pick("error_rate") / 100, 6),
        response_time_seconds=round(pick("response_time_ms") / 1000, 6),
    )


def _source_configs(spec: ProductSpec, config: ConfigSpec) -> Mapping[str, object]:
    context = SourceContext(
        production_environment=config.dora.production_environment or DEFAULT_PRODUCTION_ENVIRONMENT
    )
    sections = {source: getattr(spec.sources, source.name) for source in SOURCES}
    return MappingProxyType(
        {
            source.name: source.settings(section, context)
            for source, section in sections.items()
            if section is not None
        }
    )


def _product(pid: str, spec: ProductSpec, config: ConfigSpec, probe: Probe) -> Product:
    environments = tuple(spec.environments or config.defaults.environments or DEFAULT_ENVIRONMENTS)
    return Product(
        id=pid,
        name=spec.name,
        description=spec.description or "",
        team=spec.team,
        tier=spec.tier or 2,
        thresholds=_thresholds(spec.thresholds, config.defaults.thresholds),
        environments=environments,
        endpoints=tuple(
            Endpoint(
                name=e.name,
                url=e.url,
                environment=e.environment or environments[0],
                module=e.module or probe.module,
            )
            for e in spec.health_endpoints
        ),
        source_configs=_source_configs(spec, config),
        slos=_slos(pid, spec, config, environments),
        services=services(spec.services, environments),
    )


def slo_environment(environments: tuple[str, ...], production: str) -> str:
    """The environment an SLO measures by default: production if the product has it."""
    return production if production in environments else environments[0]


def _slos(
    pid: str, spec: ProductSpec, config: ConfigSpec, environments: tuple[str, ...]
) -> tuple[Slo, ...]:
    thresholds = _thresholds(spec.thresholds, config.defaults.thresholds)
    production = config.dora.production_environment or DEFAULT_PRODUCTION_ENVIRONMENT
    out = []
    for name in SLO_NAMES:
        own: SloSpec = getattr(spec.slos, name) or SloSpec()
        default: SloSpec = getattr(config.defaults.slos, name) or SloSpec()

        def pick(field: str, own: SloSpec = own, default: SloSpec = default) -> Any:
            value = getattr(own, field)
            return value if value is not None else getattr(default, field)

        if pick("enabled") is False:
            continue
        if name == "availability":
            target = pick("target") or thresholds.uptime_ratio * 100
            threshold = None
        else:
            target = pick("target") or DEFAULT_LATENCY_TARGET
            given_ms = pick("threshold_ms")
            threshold = given_ms / 1000 if given_ms else thresholds.response_time_seconds
        out.append(
            Slo(
                name=name,
                product=pid,
                target_ratio=round(float(target) / 100, 9),
                source=pick("source") or DEFAULT_SLO_SOURCE,
                period=pick("period") or DEFAULT_SLO_PERIOD,
                owner=pick("owner") or spec.team,
                environment=pick("environment") or slo_environment(environments, production),
                threshold_seconds=threshold,
            )
        )
    return tuple(out)


def burn_windows(spec: ConfigSpec) -> tuple[BurnWindow, ...]:
    """The configured page and ticket window pairs, or the SRE workbook's."""
    slo = spec.alerting.slo

    def pairs(
        given: list[BurnWindowSpec] | None, default: tuple[tuple[str, str, float], ...], sev: str
    ) -> list[BurnWindow]:
        if given is not None:
            return [BurnWindow(sev, w.long, w.short, w.budget_percent / 100) for w in given]
        return [BurnWindow(sev, long, short, share / 100) for long, short, share in default]

    return (
        *pairs(slo.page, DEFAULT_SLO_PAGE, "critical"),
        *pairs(slo.ticket, DEFAULT_SLO_TICKET, "warning"),
    )


def _team(tid: str, spec: TeamSpec, secrets_dir: str) -> Team:
    return Team(
        id=tid,
        name=spec.name,
        slack_channel=spec.slack.channel if spec.slack else None,
        slack_api_url_file=(
            (spec.slack.api_url_file or f"{secrets_dir}/slack-{tid}.url") if spec.slack else None
        ),
        emails=tuple(spec.email.to) if spec.email else (),
        pagerduty_service=spec.pagerduty.service if spec.pagerduty else None,
        pagerduty_routing_key_file=(
            (spec.pagerduty.routing_key_file or f"{secrets_dir}/pagerduty-{tid}.key")
            if spec.pagerduty
            else None
        ),
    )


def dora_benchmark(spec: ConfigSpec) -> str:
    """The benchmark set: as given; ``custom`` when only ``levels`` are; else 2023-levels."""
    if spec.dora.benchmark is not None:
        return spec.dora.benchmark
    given = spec.dora.levels.model_dump(exclude_none=True)
    return "custom" if given else DEFAULT_DORA_BENCHMARK


def _levels(spec: ConfigSpec) -> DoraLevels:
    levels = spec.dora.levels
    benchmark = dora_benchmark(spec)
    # custom bounds fall back, key by key, to the 2023 levels
    base_bounds, base_durations = DORA_BENCHMARKS.get(
        benchmark, DORA_BENCHMARKS[DEFAULT_DORA_BENCHMARK]
    )

    def bounds(given: LevelBounds | None, name: str) -> dict[str, float]:
        if given is None:
            return dict(base_bounds[name])
        return {lvl: float(getattr(given, lvl)) for lvl in LEVELS}

    def durs(given: Mapping[Any, str] | None, name: str) -> Mapping[str, float]:
        source = given if given is not None else base_durations[name]
        return _frozen({lvl: durations.seconds(source[lvl]) for lvl in LEVELS})

    cfr = bounds(levels.change_failure_rate, "change_failure_rate")
    recovery = levels.failed_deployment_recovery_time or levels.time_to_restore
    return DoraLevels(
        deployments_per_day=_frozen(
            bounds(levels.deployment_frequency_per_day, "deployment_frequency_per_day")
        ),
        lead_time_seconds=durs(levels.lead_time, "lead_time"),
        change_failure_ratio=_frozen({k: round(v / 100, 6) for k, v in cfr.items()}),
        recovery_seconds=durs(recovery, "failed_deployment_recovery_time"),
    )


DEFAULT_NAMESPACE = "monitoring"


def _kubernetes(spec: ConfigSpec) -> Kubernetes | None:
    given = spec.kubernetes
    if given is None:
        return None
    namespace = given.namespace or DEFAULT_NAMESPACE
    return Kubernetes(
        namespace=namespace,
        labels=MappingProxyType(dict(sorted((given.labels or {}).items()))),
        blackbox_url=given.blackbox_url or f"blackbox-exporter.{namespace}.svc:9115",
        image=given.image,
    )


def _remote_write(spec: RemoteWriteSpec) -> RemoteWrite:
    basic, authz = spec.basic_auth, spec.authorization
    queue = spec.queue.model_dump(exclude_none=True) if spec.queue else {}
    return RemoteWrite(
        name=spec.name,
        url=spec.url,
        remote_timeout=spec.remote_timeout,
        basic_auth_username=basic.username if basic else None,
        password_file=(
            (basic.password_file or f"{PROMETHEUS_SECRETS_DIR}/remote-write-{spec.name}.password")
            if basic
            else None
        ),
        authorization_type=(authz.type or DEFAULT_AUTHORIZATION_TYPE) if authz else None,
        credentials_file=(
            (authz.credentials_file or f"{PROMETHEUS_SECRETS_DIR}/remote-write-{spec.name}.token")
            if authz
            else None
        ),
        queue=MappingProxyType(queue),
        keep_metrics=tuple(spec.keep_metrics or ()),
        drop_metrics=tuple(spec.drop_metrics or ()),
    )


def _replicas(addresses: dict[str, str], component: str, more: list[str] | None) -> tuple[str, ...]:
    """Add the further replicas of ``component`` to ``addresses``; their keys, first included."""
    keys = [component]
    for number, address in enumerate(more or [], start=2):
        key = replica_key(component, number)
        addresses[key] = address
        keys.append(key)
    return tuple(keys)


def from_spec(spec: ConfigSpec, source: str) -> Portfolio:
    """Map a valid spec to the model. Call only after ``semantic.check`` found no problem."""
    probe_spec = spec.defaults.probe
    probe = Probe(
        module=probe_spec.module or DEFAULT_PROBE["module"],
        interval=probe_spec.interval or DEFAULT_PROBE["interval"],
        timeout=probe_spec.timeout or DEFAULT_PROBE["timeout"],
    )
    products = tuple(
        _product(pid, prod, spec, probe) for pid, prod in sorted(spec.products.items())
    )
    a = spec.alerting
    for_given = a.for_.model_dump()
    repeat_given = a.repeat_interval.model_dump()
    stack_given = spec.stack
    secrets_dir = stack_given.secrets_dir or DEFAULT_SECRETS_DIR
    addresses = dict(DEFAULT_ADDRESSES)
    addresses.update({str(k): v for k, v in (stack_given.addresses or {}).items()})
    incidents = (
        IncidentBridge(
            url=spec.incidents.url,
            repo=spec.incidents.repo,
            credentials_file=spec.incidents.credentials_file
            or f"{secrets_dir}/incident-bridge.token",
        )
        if spec.incidents
        else None
    )
    if incidents is not None and incidents.stack_address is not None:
        addresses[INCIDENT_BRIDGE_COMPONENT] = incidents.stack_address
    node = stack_node_exporter([s for p in spec.products.values() for s in p.services])
    if node is not None:  # the stack runs a node_exporter (portfolio.config.services)
        addresses[NODE_COMPONENT] = node
    ha = stack_given.ha
    prometheus_replicas = _replicas(addresses, "prometheus", ha.prometheus_replicas if ha else None)
    alertmanager_peers = _replicas(addresses, "alertmanager", ha.alertmanager_peers if ha else None)
    return Portfolio(
        source=source,
        name=spec.portfolio.name,
        owner_team=spec.portfolio.team,
        grafana_url=spec.portfolio.grafana_url.rstrip("/"),
        runbook_url=spec.portfolio.runbook_url,
        probe=probe,
        alerting=Alerting(
            approaching=a.approaching if a.approaching is not None else DEFAULT_APPROACHING,
            uptime_window=a.uptime_window or DEFAULT_UPTIME_WINDOW,
            for_=_frozen({k: for_given.get(k) or v for k, v in DEFAULT_FOR.items()}),
            tls_warning_days=a.tls_expiry.warning_days or DEFAULT_TLS_WARNING_DAYS,
            tls_critical_days=a.tls_expiry.critical_days or DEFAULT_TLS_CRITICAL_DAYS,
            group_wait=a.group_wait or DEFAULT_GROUP_WAIT,
            group_interval=a.group_interval or DEFAULT_GROUP_INTERVAL,
            repeat_interval=_frozen(
                {k: repeat_given.get(k) or v for k, v in DEFAULT_REPEAT.items()}
            ),
            burn_windows=burn_windows(spec),
            pagerduty_url=a.pagerduty_url,
        ),
        dora=Dora(
            production_environment=spec.dora.production_environment
            or DEFAULT_PRODUCTION_ENVIRONMENT,
            incident_label=spec.dora.incident_label or DEFAULT_INCIDENT_LABEL,
            benchmark=dora_benchmark(spec),
            levels=_levels(spec),
            suspected_failure_window=spec.dora.suspected_failure_window
            or DEFAULT_SUSPECTED_FAILURE_WINDOW,
        ),
        incidents=incidents,
        stack=Stack(
            secrets_dir=secrets_dir,
            scrape_interval=stack_given.scrape_interval or DEFAULT_SCRAPE_INTERVAL,
            addresses=_frozen(addresses),
            smtp=(
                Smtp(
                    smarthost=stack_given.smtp.smarthost,
                    sender=stack_given.smtp.from_,
                    auth_username=stack_given.smtp.auth_username,
                    auth_password_file=stack_given.smtp.auth_password_file,
                    require_tls=(
                        True
                        if stack_given.smtp.require_tls is None
                        else stack_given.smtp.require_tls
                    ),
                )
                if stack_given.smtp
                else None
            ),
            pushgateway=bool(stack_given.pushgateway),
            external_labels=_frozen(dict(sorted((stack_given.external_labels or {}).items()))),
            remote_write=tuple(_remote_write(r) for r in stack_given.remote_write or ()),
            prometheus_replicas=prometheus_replicas,
            alertmanager_peers=alertmanager_peers,
            cluster_port=(ha.cluster_port if ha and ha.cluster_port else DEFAULT_CLUSTER_PORT),
            replica_label=(ha.replica_label if ha and ha.replica_label else DEFAULT_REPLICA_LABEL),
        ),
        kubernetes=_kubernetes(spec),
        teams=tuple(_team(tid, t, secrets_dir) for tid, t in sorted(spec.teams.items())),
        products=products,
        used_sources=tuple(s.name for s in SOURCES if any(s.name in p.sources for p in products)),
        all_slos=tuple(slo for p in products for slo in p.slos),
    )
