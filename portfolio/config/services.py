"""``products.<id>.services``: metrics endpoints of a product's own services, and their hosts.

The spec (mirrors the YAML), the model (``Service``, built by ``services``) and the semantic
rules (``problems``, run by ``portfolio.config.semantic``) of the section, kept together and
apart from the rest of the config: the section knows the product's environments and nothing
else. Conventions (which names a service's metrics have) are ``portfolio.services``.

```yaml
services:
  - name: api
    environment: production
    convention: prometheus        # or opentelemetry
    targets: ["api-1.internal:8000", "api-2.internal:8000"]
    node_exporter: ["api-1.internal:9100", "api-2.internal:9100"]
```
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from portfolio import durations
from portfolio.fields import Duration, Identifier, Strict
from portfolio.services import CONVENTION_NAMES, CONVENTIONS, NODE_COMPONENT, Convention

if TYPE_CHECKING:
    ConventionName = str
else:
    ConventionName = Literal[CONVENTION_NAMES]

DEFAULT_METRICS_PATH = "/metrics"
# The rules read rate(...[5m]) of the services' counters (generators/rules/services.py), and a
# rate needs two samples in the window.
RULE_WINDOW = "5m"
SAMPLES_PER_WINDOW = 2
DEFAULT_SCHEME = "http"
MAX_PORT = 65535
_ADDRESS = re.compile(r"^(?P<host>[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):(?P<port>\d{1,5})$")
_HOST_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$")
_PATH = re.compile(r"^/[A-Za-z0-9\-._~/!$&'()*+,;=:@%]*$")


class ServiceSpec(Strict):
    """One service of the product, in one environment: where Prometheus scrapes its metrics
    and which convention they follow."""

    name: Identifier = Field(description="Name of the service (the service label), e.g. api.")
    environment: Identifier | None = Field(
        None, description="Environment these targets serve (default: the product's first)."
    )
    convention: ConventionName = Field(
        description="Metric names the service exposes: "
        + "; ".join(f"{c.name}: {c.summary}" for c in CONVENTIONS.values())
        + "."
    )
    targets: list[str] = Field(
        min_length=1, description="host:port of each instance's metrics endpoint."
    )
    metrics_path: str | None = Field(None, description="Path of the metrics (default /metrics).")
    scheme: Literal["http", "https"] | None = Field(None, description="Default http.")
    scrape_interval: Duration | None = Field(
        None, description="How often the targets are scraped (default: stack.scrape_interval)."
    )
    node_exporter: list[str] | None = Field(
        None,
        description="host:port of the node_exporter on each of the service's hosts (CPU, "
        "memory on the dashboard). A host of the stack (a service name without a dot, "
        "localhost or a loopback address) makes docker compose and make stack run one there.",
    )


@dataclass(frozen=True)
class HostTarget:
    """A node_exporter target; ``stack_run`` when the stack runs that node_exporter itself,
    whose address is then ``stack.addresses['node_exporter']`` (``make stack`` moves it)."""

    address: str
    stack_run: bool


@dataclass(frozen=True)
class Service:
    name: str
    environment: str
    convention: Convention
    targets: tuple[str, ...]
    metrics_path: str
    scheme: str
    scrape_interval: str | None
    hosts: tuple[HostTarget, ...] = ()


def stack_host(address: str) -> bool:
    """Whether ``host:port`` names a host of the stack's own network: a Compose service name
    (no dot), ``localhost`` or a loopback address (the rule ``incidents.url`` follows too)."""
    host = address.rpartition(":")[0].strip("[]")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost" or "." not in host


def stack_node_exporter(services: Sequence[ServiceSpec]) -> str | None:
    """Address of the node_exporter the stack runs (the first stack host named), or None."""
    for service in services:
        for address in service.node_exporter or ():
            if stack_host(address):
                return address
    return None


def stack_node_exporter_at(
    products: Mapping[str, Sequence[ServiceSpec]],
) -> tuple[tuple[str | int, ...], str] | None:
    """YAML path and address of the node_exporter the stack runs, or None."""
    for pid, specs in products.items():
        for i, service in enumerate(specs):
            for j, address in enumerate(service.node_exporter or ()):
                if stack_host(address):
                    return ("products", pid, "services", i, "node_exporter", j), address
    return None


def services(specs: Sequence[ServiceSpec], environments: Sequence[str]) -> tuple[Service, ...]:
    """The model of a product's ``services`` (valid: ``problems`` found nothing)."""
    return tuple(
        Service(
            name=s.name,
            environment=s.environment or environments[0],
            convention=CONVENTIONS[s.convention],
            targets=tuple(s.targets),
            metrics_path=s.metrics_path or DEFAULT_METRICS_PATH,
            scheme=s.scheme or DEFAULT_SCHEME,
            scrape_interval=s.scrape_interval,
            hosts=tuple(HostTarget(a, stack_host(a)) for a in s.node_exporter or ()),
        )
        for s in specs
    )


# --- semantic rules ------------------------------------------------------------------------

Path = tuple[str | int, ...]
Finding = tuple[Path, str]


def _address_problem(address: str) -> str | None:
    match = _ADDRESS.match(address)
    if match is None:
        return f"'{address}' is not host:port (a metrics target is scraped as host:port)"
    port = int(match["port"])
    if not 1 <= port <= MAX_PORT:
        return f"port {port} is not a TCP port (1-{MAX_PORT})"
    host = match["host"].strip("[]")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.removesuffix(".").split(".")
        if not all(len(label) <= 63 and _HOST_LABEL.match(label) for label in labels):
            return f"'{host}' is not a host name or IP address"
    return None


def problems(
    products: Mapping[str, tuple[Sequence[ServiceSpec], Sequence[str]]],
) -> Iterator[Finding]:
    """Every problem of every product's ``services``: ``products`` maps a product id to its
    service specs and its environments."""
    scraped: dict[tuple[str, str, str], Path] = {}
    hosts: dict[str, Path] = {}
    stack_run: tuple[str, Path] | None = None
    for pid, (specs, environments) in products.items():
        seen: dict[tuple[str, str], int] = {}
        for i, spec in enumerate(specs):
            at: Path = ("products", pid, "services", i)
            env = spec.environment or environments[0]
            if spec.environment is not None and spec.environment not in environments:
                yield (
                    (*at, "environment"),
                    f"environment '{spec.environment}' is not one of the product's "
                    f"environments ({', '.join(environments)})",
                )
            if (spec.name, env) in seen:
                yield (
                    (*at, "name"),
                    f"service '{spec.name}' is already listed for {env} at "
                    f"products.{pid}.services[{seen[(spec.name, env)]}]: list every target "
                    "of a service in one entry",
                )
            seen.setdefault((spec.name, env), i)
            path = spec.metrics_path or DEFAULT_METRICS_PATH
            if spec.metrics_path is not None and not _PATH.match(spec.metrics_path):
                yield (
                    (*at, "metrics_path"),
                    f"'{spec.metrics_path}' is not a URL path (it starts with / and holds no "
                    "query, spaces or quotes)",
                )
            if (
                spec.scrape_interval is not None
                and durations.seconds(spec.scrape_interval)
                > durations.seconds(RULE_WINDOW) / SAMPLES_PER_WINDOW
            ):
                yield (
                    (*at, "scrape_interval"),
                    f"{spec.scrape_interval} leaves fewer than {SAMPLES_PER_WINDOW} samples in "
                    f"the rules' rate(...[{RULE_WINDOW}]): request rate, errors and latency "
                    "would have no value (use at most 2m30s)",
                )
            for j, target in enumerate(spec.targets):
                where: Path = (*at, "targets", j)
                problem = _address_problem(target)
                if problem is not None:
                    yield (where, problem)
                    continue
                key = (spec.scheme or DEFAULT_SCHEME, target, path)
                if key in scraped:
                    yield (
                        where,
                        f"target '{target}' ({path}) is already scraped by "
                        f"{_dotted(scraped[key])}: each endpoint is scraped once, so its "
                        "requests are counted once",
                    )
                scraped.setdefault(key, where)
            for j, address in enumerate(spec.node_exporter or ()):
                where = (*at, "node_exporter", j)
                problem = _address_problem(address)
                if problem is not None:
                    yield (where, problem)
                    continue
                if address in hosts and hosts[address][:4] == at:
                    yield (where, f"node_exporter '{address}' is listed twice")
                hosts.setdefault(address, where)
                if stack_host(address):
                    if stack_run is not None and stack_run[0] != address:
                        yield (
                            where,
                            f"the stack runs one node_exporter, already at '{stack_run[0]}' "
                            f"({_dotted(stack_run[1])}); name that address here too",
                        )
                    stack_run = stack_run or (address, where)


def _dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


__all__ = [
    "NODE_COMPONENT",
    "HostTarget",
    "Service",
    "ServiceSpec",
    "problems",
    "services",
    "stack_host",
    "stack_node_exporter",
]
