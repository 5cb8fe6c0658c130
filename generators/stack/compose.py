"""``docker-compose.yml``: the whole stack as containers, built from the model. Pure.

Service names and ports come from ``stack.addresses``, so the generated ``prometheus.yml``
and Grafana datasources reach the services by the names this file gives them. The
repository's folders are mounted under ``/portfolio`` in the same relative layout, so the
relative ``rule_files`` of ``prometheus.yml`` (``../../alert_rules/...``) resolve in the
container as they do on disk. Secrets never appear here: Alertmanager reads its files from a
host folder mounted at ``stack.secrets_dir``; exporters and Grafana get Compose secrets
(files under ``secrets/``, git-ignored) through their ``*_FILE`` variables.

An address whose host cannot name a service (an IP address, ``localhost``, or a host two
components share) is for a stack run outside Compose: that service keeps its default name.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from typing import Any

from generators import dashboards
from generators.stack import grafana, prometheus
from generators.stack import services as app_services
from portfolio import __version__, durations, sources
from portfolio import demo as demo_wiring
from portfolio import services as svc
from portfolio.catalog import incident_bridge
from portfolio.config.model import DEFAULT_ADDRESSES, PROMETHEUS_SECRETS_DIR, Portfolio
from portfolio.sources.descriptor import StackProcess

COMPOSE_FILE = "docker-compose.yml"
# Explicit upstream releases; bump deliberately (the generated config must load in them).
IMAGES: Mapping[str, str] = {
    "prometheus": "prom/prometheus:v3.14.0",
    "alertmanager": "prom/alertmanager:v0.34.0",
    "blackbox": "prom/blackbox-exporter:v0.28.0",
    "grafana": "grafana/grafana:13.2.0",
    "pushgateway": "prom/pushgateway:v1.11.1",
}
EXPORTER_IMAGE = f"portfolio-observability/exporters:{__version__}"  # built from ./Dockerfile
REPO = "/portfolio"  # where the repository's folders are mounted in the containers
SECRETS_HOST_DIR = "secrets"  # git-ignored but for README/.gitignore/.gitkeep
ALERTMANAGER_SECRETS_HOST_DIR = f"{SECRETS_HOST_DIR}/alertmanager"
PROMETHEUS_SECRETS_HOST_DIR = f"{SECRETS_HOST_DIR}/prometheus"  # remote-write credentials
GRAFANA_PORT = 3000
GRAFANA_SERVICE = "grafana"
GRAFANA_ADMIN_SECRET = "grafana_admin_password"
GRAFANA_ADMIN_FILE = f"{SECRETS_HOST_DIR}/grafana-admin.password"
# Prometheus keeps at least what the 30-day DORA/SLO windows and the exporters' history need.
MIN_RETENTION_SECONDS = 35 * 86400
HEALTHCHECK_TIMING: Mapping[str, str | int] = {
    "interval": "30s",
    "timeout": "5s",
    "retries": 3,
    "start_period": "30s",
}
RESTART = "unless-stopped"
# Every service runs as the unprivileged user its image is built for (named explicitly so a
# changed image cannot silently run as root), with no capabilities, no privilege escalation and
# a read-only root filesystem; what each process writes is a volume, or a tmpfs listed here.
SERVICE_USERS: Mapping[str, str] = {
    "prometheus": "65534:65534",  # nobody, the user of the prom/* images
    "alertmanager": "65534:65534",
    "blackbox": "65534:65534",
    "pushgateway": "65534:65534",
    "grafana": "472:0",  # the grafana image's user and group
    "exporter": "10001:10001",  # ./Dockerfile
    svc.NODE_COMPONENT: "65534:65534",
}
WRITABLE_TMPFS: Mapping[str, tuple[str, ...]] = {
    "grafana": ("/tmp", "/var/log/grafana"),  # scratch files and the image's file log
    "exporter": ("/tmp",),
}
HARDENING: Mapping[str, Any] = {
    "read_only": True,
    "cap_drop": ["ALL"],
    "security_opt": ["no-new-privileges:true"],
}
_SERVICE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DEMO_PROFILE = "demo"
DEMO_SUFFIX = "-demo"  # a demo twin of a service that needs an account: <service>-demo


def split_address(address: str) -> tuple[str, int]:
    """``'github-exporter:9101'`` -> ``('github-exporter', 9101)``."""
    host, _, port = address.rpartition(":")
    return host.strip("[]"), int(port)


def _is_service_name(host: str) -> bool:
    if host == "localhost" or not _SERVICE_NAME.match(host):
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return True
    return False


def components(portfolio: Portfolio) -> list[str]:
    """The ``stack.addresses`` components that get a service, in service order."""
    exporters = [f"{s}_exporter" for s in portfolio.sources_in_use() if s in sources.EXPORTERS]
    gateway = ["pushgateway"] if portfolio.stack.pushgateway else []
    stack = portfolio.stack
    bridge = [c for c in (incident_bridge.COMPONENT,) if c in stack.addresses]
    node = [c for c in (svc.NODE_COMPONENT,) if c in stack.addresses]
    return [
        *stack.prometheus_replicas,
        *stack.alertmanager_peers,
        "blackbox",
        *gateway,
        *exporters,
        *bridge,
        *node,
    ]


def _default_name(component: str) -> str:
    if component == incident_bridge.COMPONENT:
        return incident_bridge.SERVICE
    if component == svc.NODE_COMPONENT:
        return svc.NODE_SERVICE
    if component in DEFAULT_ADDRESSES:
        return split_address(DEFAULT_ADDRESSES[component])[0]
    base, _, number = component.partition("_")
    return f"{split_address(DEFAULT_ADDRESSES[base])[0]}-{number}"


def service_names(portfolio: Portfolio) -> dict[str, tuple[str, int]]:
    """Component -> (service name, port it listens on)."""
    out: dict[str, tuple[str, int]] = {}
    taken: set[str] = {GRAFANA_SERVICE, demo_wiring.FAKES_SERVICE}
    for component in components(portfolio):
        host, port = split_address(portfolio.stack.addresses[component])
        if not _is_service_name(host) or host in taken:
            host = _default_name(component)
        taken.add(host)
        out[component] = (host, port)
    return out


def _healthcheck(url: str) -> dict[str, Any]:
    # The Prometheus images are busybox based and the Grafana image Alpine based: wget is there.
    return {"test": ["CMD", "wget", "-q", "--spider", url], **HEALTHCHECK_TIMING}


def _python_healthcheck(url: str) -> dict[str, Any]:
    probe = f"import urllib.request; urllib.request.urlopen('{url}', timeout=4)"
    return {"test": ["CMD", "python", "-c", probe], **HEALTHCHECK_TIMING}


def _published(port: int, container_port: int | None = None) -> str:
    # Loopback only: put a reverse proxy in front to expose anything beyond this host.
    return f"127.0.0.1:{port}:{container_port or port}"


def _mount(host: str, container: str, read_only: bool = True) -> str:
    return f"./{host}:{container}{':ro' if read_only else ''}"


def _retention(portfolio: Portfolio) -> str:
    longest = max([MIN_RETENTION_SECONDS, *(s.period_seconds for s in portfolio.slos())])
    return durations.render(longest)


def data_volume(component: str) -> str:
    """Named volume of a component's data: ``prometheus-data``, ``prometheus-2-data``."""
    return f"{component.replace('_', '-')}-data"


def _reads_remote_write_secrets(portfolio: Portfolio) -> bool:
    return any(
        target.password_file or target.credentials_file for target in portfolio.stack.remote_write
    )


def _prometheus(portfolio: Portfolio, replica: str, port: int) -> dict[str, Any]:
    volumes = [
        _mount("stack/prometheus", f"{REPO}/stack/prometheus"),
        _mount("alert_rules", f"{REPO}/alert_rules"),
        f"{data_volume(replica)}:/prometheus",
    ]
    if _reads_remote_write_secrets(portfolio):
        volumes.append(_mount(PROMETHEUS_SECRETS_HOST_DIR, PROMETHEUS_SECRETS_DIR))
    return {
        "image": IMAGES["prometheus"],
        "command": [
            f"--config.file={REPO}/{prometheus.replica_file(replica)}",
            "--storage.tsdb.path=/prometheus",
            f"--storage.tsdb.retention.time={_retention(portfolio)}",
            f"--web.listen-address=:{port}",
            "--web.enable-lifecycle",
        ],
        "volumes": volumes,
        "ports": [_published(port)],
        "healthcheck": _healthcheck(f"http://127.0.0.1:{port}/-/ready"),
        "restart": RESTART,
    }


def cluster_flags(
    portfolio: Portfolio, peer: str, names: Mapping[str, tuple[str, int]]
) -> list[str]:
    """Alertmanager's gossip flags in the compose network: off for a single Alertmanager."""
    stack = portfolio.stack
    if not stack.clustered:
        return ["--cluster.listen-address="]  # one instance: no gossip
    others = [p for p in stack.alertmanager_peers if p != peer]
    return [
        f"--cluster.listen-address=0.0.0.0:{stack.cluster_port}",
        *(f"--cluster.peer={names[p][0]}:{stack.cluster_port}" for p in others),
    ]


def _alertmanager(
    portfolio: Portfolio, peer: str, port: int, names: Mapping[str, tuple[str, int]]
) -> dict[str, Any]:
    return {
        "image": IMAGES["alertmanager"],
        "command": [
            f"--config.file={REPO}/stack/alertmanager/alertmanager.yml",
            "--storage.path=/alertmanager",
            f"--web.listen-address=:{port}",
            *cluster_flags(portfolio, peer, names),
        ],
        "volumes": [
            _mount("stack/alertmanager", f"{REPO}/stack/alertmanager"),
            _mount(ALERTMANAGER_SECRETS_HOST_DIR, portfolio.stack.secrets_dir),
            f"{data_volume(peer)}:/alertmanager",
        ],
        "ports": [_published(port)],
        "healthcheck": _healthcheck(f"http://127.0.0.1:{port}/-/ready"),
        "restart": RESTART,
    }


def _blackbox(portfolio: Portfolio, port: int) -> dict[str, Any]:
    service: dict[str, Any] = {
        "image": IMAGES["blackbox"],
        "command": [
            f"--config.file={REPO}/stack/blackbox/blackbox.yml",
            f"--web.listen-address=:{port}",
        ],
        "volumes": [_mount("stack/blackbox", f"{REPO}/stack/blackbox")],
        "ports": [_published(port)],
        "healthcheck": _healthcheck(f"http://127.0.0.1:{port}/-/healthy"),
        "restart": RESTART,
    }
    if any(e.module == "icmp" for p in portfolio.products for e in p.endpoints):
        # ICMP probes as the image's unprivileged user need unprivileged ping sockets.
        service["sysctls"] = {"net.ipv4.ping_group_range": "0 2147483647"}
    return service


def _pushgateway(portfolio: Portfolio, port: int) -> dict[str, Any]:
    return {
        "image": IMAGES["pushgateway"],
        "command": [
            f"--web.listen-address=:{port}",
            "--persistence.file=/pushgateway/metrics",  # pushed groups survive a restart
            "--persistence.interval=1m",
        ],
        "volumes": ["pushgateway-data:/pushgateway"],
        "ports": [_published(port)],
        "healthcheck": _healthcheck(f"http://127.0.0.1:{port}/-/ready"),
        "restart": RESTART,
    }


def _grafana(portfolio: Portfolio, prometheus: str, alertmanager: str) -> dict[str, Any]:
    provisioning = "stack/grafana/provisioning"
    return {
        "image": IMAGES["grafana"],
        "environment": {
            "GF_SERVER_ROOT_URL": portfolio.grafana_url,
            "GF_SECURITY_ADMIN_PASSWORD__FILE": f"/run/secrets/{GRAFANA_ADMIN_SECRET}",
            "GF_USERS_ALLOW_SIGN_UP": "false",
            "GF_ANALYTICS_REPORTING_ENABLED": "false",
        },
        "volumes": [
            _mount(f"{provisioning}/datasources", "/etc/grafana/provisioning/datasources"),
            _mount(f"{provisioning}/dashboards", "/etc/grafana/provisioning/dashboards"),
            _mount(dashboards.DIRECTORY, grafana.DASHBOARDS_PATH),
            "grafana-data:/var/lib/grafana",
        ],
        "secrets": [GRAFANA_ADMIN_SECRET],
        "ports": [_published(GRAFANA_PORT)],
        "depends_on": {
            prometheus: {"condition": "service_healthy"},
            alertmanager: {"condition": "service_healthy"},
        },
        "healthcheck": _healthcheck(f"http://127.0.0.1:{GRAFANA_PORT}/api/health"),
        "restart": RESTART,
    }


def secret_name(source: str, setting: str) -> str:
    """Compose secret of an exporter setting, e.g. ``github_token``."""
    return f"{source}_{setting}"


def secret_file(source: str, setting: str) -> str:
    """Host file of an exporter secret, e.g. ``secrets/github.token``."""
    return f"{SECRETS_HOST_DIR}/{source}.{setting.replace('_', '-')}"


def _python_service(
    portfolio: Portfolio, process: StackProcess, port: int, secret_files: Mapping[str, str]
) -> dict[str, Any]:
    """An exporter's or the incident bridge's service: the exporters' image running
    ``python -m <module>``, its secrets as Compose secrets (``secret_files``: setting -> the
    Compose secret it reads)."""
    config = f"{REPO}/{portfolio.source}"
    prefix = process.env_prefix
    environment = {f"{prefix}CONFIG": config, f"{prefix}LISTEN_PORT": str(port)}
    for setting, secret in secret_files.items():
        environment[f"{prefix}{setting.upper()}_FILE"] = f"/run/secrets/{secret}"
    return {
        "image": EXPORTER_IMAGE,
        "build": {"context": "."},
        "command": [process.exporter],
        "environment": environment,
        "volumes": [_mount(portfolio.source, config)],
        "secrets": list(secret_files.values()),
        "ports": [_published(port)],
        "healthcheck": _python_healthcheck(f"http://127.0.0.1:{port}/healthz"),
        "restart": RESTART,
    }


def bridge_token_file(portfolio: Portfolio) -> str:
    """Host file of the bearer token the bridge expects: the file Alertmanager sends it from
    (its ``credentials_file``, under the mounted ``secrets/alertmanager``), so the two can
    never disagree."""
    assert portfolio.incidents is not None
    secrets_dir = portfolio.stack.secrets_dir.rstrip("/") + "/"
    inside = portfolio.incidents.credentials_file
    if inside.startswith(secrets_dir):
        return f"{ALERTMANAGER_SECRETS_HOST_DIR}/{inside.removeprefix(secrets_dir)}"
    return f"{SECRETS_HOST_DIR}/{incident_bridge.SERVICE}.token"


def _bridge_secrets(portfolio: Portfolio) -> dict[str, str]:
    """Compose secret -> host file of the incident bridge's two secrets."""
    return {
        secret_name(incident_bridge.NAME, "token"): bridge_token_file(portfolio),
        secret_name(incident_bridge.NAME, "github_token"): (
            f"{SECRETS_HOST_DIR}/{incident_bridge.SERVICE}.github-token"
        ),
    }


def _hardened(kind: str, service: dict[str, Any]) -> dict[str, Any]:
    """The policy pass every service goes through: its user, no capabilities, read-only."""
    out = {**service, "user": SERVICE_USERS[kind], **HARDENING}
    if kind in WRITABLE_TMPFS:
        out["tmpfs"] = list(WRITABLE_TMPFS[kind])
    return out


def _service_hosts(portfolio: Portfolio) -> list[str]:
    """Hosts of the products' own services that can be compose service names."""
    hosts = {
        split_address(target)[0]
        for product in portfolio.products
        for service in product.services
        for target in service.targets
    }
    return sorted(h for h in hosts if _is_service_name(h))


def _fakes_service(portfolio: Portfolio) -> dict[str, Any]:
    """The fake upstreams with their moving history (``python -m fakes``), demo only; it
    also stands for the products' own services under their host names."""
    config = f"{REPO}/{portfolio.source}"
    port = demo_wiring.FAKE_PORTS["github"]
    # Any HTTP answer proves the fakes serve (without the demo token they answer 401).
    probe = (
        "import urllib.error, urllib.request\n"
        f"try: urllib.request.urlopen('http://127.0.0.1:{port}/', timeout=4)\n"
        "except urllib.error.HTTPError: pass"
    )
    service: dict[str, Any] = {
        "image": EXPORTER_IMAGE,
        "build": {"context": "."},
        "command": ["fakes", "--config", config, "--host", "0.0.0.0"],
        "volumes": [_mount(portfolio.source, config)],
        "ports": [_published(p) for p in demo_wiring.FAKE_PORTS.values()],
        "healthcheck": {"test": ["CMD", "python", "-c", probe], **HEALTHCHECK_TIMING},
        "restart": RESTART,
        "profiles": [DEMO_PROFILE],
    }
    hosts = _service_hosts(portfolio)
    if hosts:  # Prometheus scrapes the services where the config says: in the demo, here
        service["networks"] = {"default": {"aliases": hosts}}
    return service


def demo_command(services: Mapping[str, Any]) -> list[str]:
    """What ``docker compose`` starts for the demo: every service that needs no account, the
    fakes, and the demo twins of those that do (exporters, incident bridge, Grafana)."""
    twins = {name.removesuffix(DEMO_SUFFIX) for name in services if name.endswith(DEMO_SUFFIX)}
    return sorted(name for name in services if name not in twins)


def _demo_twins(
    services: Mapping[str, Any], names: Mapping[str, tuple[str, int]]
) -> dict[str, Any]:
    """``<service>-demo`` for each service that reads a secret: the same process with the
    demo's environment instead (its fake's URL, a demo-only token, fast refreshes) and no
    secrets, answering under the real service's name (a network alias) so the generated
    Prometheus and Grafana config reach it unchanged. Only in the ``demo`` profile."""
    urls = {
        source: f"http://{demo_wiring.FAKES_SERVICE}:{port}"
        for source, port in demo_wiring.FAKE_PORTS.items()
    }
    env = demo_wiring.environment(urls)
    processes = {
        names[spec.component][0]: spec
        for spec in (*sources.EXPORTERS.values(), incident_bridge.PROCESS)
        if spec.component in names
    }
    twins: dict[str, Any] = {}
    for name, service in services.items():
        if not service.get("secrets"):
            continue
        twin = {k: v for k, v in service.items() if k != "secrets"}
        environment = {
            k: v for k, v in service.get("environment", {}).items() if not k.endswith("_FILE")
        }
        if name == GRAFANA_SERVICE:
            # No admin password file: anonymous viewers, as a local demo wants.
            environment.update(
                {"GF_AUTH_ANONYMOUS_ENABLED": "true", "GF_AUTH_ANONYMOUS_ORG_ROLE": "Viewer"}
            )
        else:
            prefix = processes[name].env_prefix
            environment.update(demo_wiring.of_process(prefix, env))
            twin["depends_on"] = {demo_wiring.FAKES_SERVICE: {"condition": "service_healthy"}}
        twin["environment"] = dict(sorted(environment.items()))
        twin["profiles"] = [DEMO_PROFILE]
        twin["networks"] = {"default": {"aliases": [name]}}
        twins[name + DEMO_SUFFIX] = twin
    return twins


def build(portfolio: Portfolio) -> dict[str, Any]:
    """The ``docker-compose.yml`` document."""
    names = service_names(portfolio)
    stack = portfolio.stack
    services: dict[str, Any] = {}
    for replica in stack.prometheus_replicas:
        name, port = names[replica]
        services[name] = _hardened("prometheus", _prometheus(portfolio, replica, port))
    for peer in stack.alertmanager_peers:
        name, port = names[peer]
        services[name] = _hardened("alertmanager", _alertmanager(portfolio, peer, port, names))
    builders: dict[str, Callable[[Portfolio, int], dict[str, Any]]] = {"blackbox": _blackbox}
    if stack.pushgateway:
        builders["pushgateway"] = _pushgateway
    for component, make in builders.items():
        name, port = names[component]
        services[name] = _hardened(component, make(portfolio, port))
    services[GRAFANA_SERVICE] = _hardened(
        "grafana", _grafana(portfolio, names["prometheus"][0], names["alertmanager"][0])
    )
    secrets: dict[str, Any] = {GRAFANA_ADMIN_SECRET: {"file": f"./{GRAFANA_ADMIN_FILE}"}}
    for source in portfolio.sources_in_use():
        if source not in sources.EXPORTERS:
            continue
        spec = sources.EXPORTERS[source]
        name, port = names[spec.component]
        own = {setting: secret_name(source, setting) for setting in spec.secrets}
        services[name] = _hardened("exporter", _python_service(portfolio, spec, port, own))
        for setting in spec.secrets:
            secrets[secret_name(source, setting)] = {"file": f"./{secret_file(source, setting)}"}
    if incident_bridge.COMPONENT in names:
        bridge = incident_bridge.PROCESS
        name, port = names[bridge.component]
        own = {setting: secret_name(bridge.name, setting) for setting in bridge.secrets}
        services[name] = _hardened("exporter", _python_service(portfolio, bridge, port, own))
        secrets.update({key: {"file": f"./{f}"} for key, f in _bridge_secrets(portfolio).items()})
    if svc.NODE_COMPONENT in names:  # a service names a host of the stack for node_exporter
        name, port = names[svc.NODE_COMPONENT]
        services[name] = _hardened(svc.NODE_COMPONENT, app_services.node_exporter_service(port))
    services.update(_demo_twins(services, names))
    services[demo_wiring.FAKES_SERVICE] = _hardened("exporter", _fakes_service(portfolio))
    volumes: dict[str, Any] = {
        data_volume(component): {}
        for component in (*stack.prometheus_replicas, *stack.alertmanager_peers)
    }
    volumes["grafana-data"] = {}
    if portfolio.stack.pushgateway:
        volumes["pushgateway-data"] = {}
    return {
        "services": services,
        "volumes": volumes,
        "secrets": dict(sorted(secrets.items())),
    }
