"""The Cloudflare API calls the exporter makes, returning plain data.

Use ``CloudflareAPI(client)`` over the toolkit's ``UpstreamClient`` (``GraphQLRateLimit``,
``PageNumberPagination``). Three kinds of call:

- ``GET /zones?name=<name>``: a zone name to its id (once per zone; the caller caches it);
- ``POST /graphql``: the ``settings`` node (what each zone's plan may query) and, per batch
  of at most 10 zones sharing one window, the traffic query: ``httpRequestsAdaptiveGroups``
  grouped by edge status and cache status (``count``, ``sum.edgeResponseBytes``), the same
  dataset without dimensions for the window's ``quantiles``, and ``firewallEventsAdaptiveGroups``
  for threats, each node only where the zone's settings allow it;
- ``GET /zones/{zone_id}/healthchecks``: the zone's standalone health checks, paged.

Bodies that are not the documented shape raise ``MalformedResponseError``; a REST answer with
``success: false`` raises ``ApiRefusedError`` with Cloudflare's error messages (never the token).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from exporters.toolkit.errors import MalformedResponseError, UpstreamError, UpstreamStatusError
from exporters.toolkit.http import UpstreamClient
from exporters.toolkit.pagination import PageNumberPagination

GRAPHQL = "/graphql"
ZONES = "/zones"
TRAFFIC_DATASET = "httpRequestsAdaptiveGroups"
THREATS_DATASET = "firewallEventsAdaptiveGroups"
HEALTHCHECKS_PER_PAGE = 50  # a multiple of 5, as the API asks (at most 1000)
MAX_GROUPS = 10_000  # rows asked of the grouped traffic node (status x cache status: ~100)
# Quantiles of the traffic dataset: API field -> (catalog gauge, quantile label).
QUANTILES: dict[str, tuple[str, str]] = {
    f"{name}P{p}": (metric, label)
    for name, metric in (
        ("edgeTimeToFirstByteMs", "cloudflare_edge_ttfb_seconds"),
        ("originResponseDurationMs", "cloudflare_origin_response_duration_seconds"),
    )
    for p, label in (("50", "0.5"), ("95", "0.95"), ("99", "0.99"))
}
# The fields the traffic query reads, as the settings node names them (nested: path with _).
TRAFFIC_FIELDS: tuple[str, ...] = (
    "count",
    "sum_edgeResponseBytes",
    "dimensions_edgeResponseStatus",
    "dimensions_cacheStatus",
)
QUANTILE_FIELDS = tuple(f"quantiles_{name}" for name in QUANTILES)
THREAT_FIELDS = ("count", "dimensions_action")
# Firewall actions that stop or challenge a request: what "threats" counts.
THREAT_ACTIONS = ("block", "challenge", "jschallenge", "managed_challenge")


# v4 error codes of a token that is not (or no longer) valid: "Authentication error",
# "Invalid API Token", "Invalid request headers" (a malformed Authorization header).
AUTH_CODES = frozenset({10000, 1000, 6003})


class ApiRefusedError(UpstreamStatusError):
    """The REST API answered ``success: false`` (or a 4xx with its error envelope)."""

    def __init__(
        self, endpoint: str, status: int, messages: Sequence[str], codes: Sequence[int] = ()
    ) -> None:
        self.messages = list(messages)
        self.codes = frozenset(codes)
        super().__init__(endpoint, status, "; ".join(self.messages) or "refused")

    @property
    def authentication(self) -> bool:
        """The token itself was refused (expired, revoked, malformed), not one resource."""
        return self.status == 401 or bool(self.codes & AUTH_CODES)


class ZoneNotFoundError(UpstreamError):
    """``GET /zones?name=`` found no zone of that name the token can read."""

    reason = "zone"


def iso(moment: float) -> str:
    """A Unix time as the API's ``Time`` (RFC 3339, UTC, whole seconds)."""
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Dataset:
    """One dataset of a zone's ``settings`` node: whether it may be queried and its limits."""

    enabled: bool
    available: frozenset[str] = frozenset()
    max_duration: float = 0.0  # seconds one query may span
    not_older_than: float = 0.0  # seconds back a query may read
    max_page_size: int = 0

    def has(self, name: str) -> bool:
        return self.enabled and name in self.available


@dataclass(frozen=True)
class Capabilities:
    """What a zone's plan lets the exporter query (read from the settings node)."""

    traffic: Dataset
    threats: Dataset

    def quantiles(self) -> tuple[str, ...]:
        """The quantile fields (``edgeTimeToFirstByteMsP50`` ...) the zone may read."""
        return tuple(n for n in QUANTILES if self.traffic.has(f"quantiles_{n}"))

    def grouped(self) -> tuple[str, ...]:
        return tuple(f for f in TRAFFIC_FIELDS if self.traffic.has(f))

    def threat_fields(self) -> tuple[str, ...]:
        return tuple(f for f in THREAT_FIELDS if self.threats.has(f))

    def missing(self, *, threats: bool) -> list[tuple[str, str]]:
        """(dataset, field) pairs the exporter would read but may not; field "" is the
        whole dataset."""
        out: list[tuple[str, str]] = []
        wanted = [(TRAFFIC_DATASET, self.traffic, TRAFFIC_FIELDS + QUANTILE_FIELDS)]
        if threats:
            wanted.append((THREATS_DATASET, self.threats, THREAT_FIELDS))
        for name, dataset, fields in wanted:
            if not dataset.enabled:
                out.append((name, ""))
                continue
            out += [(name, f) for f in fields if f not in dataset.available]
        return out

    def signature(self, *, threats: bool) -> tuple[object, ...]:
        """Zones with the same signature can share one query."""
        return (self.grouped(), self.quantiles(), threats and self.threat_fields() == THREAT_FIELDS)


@dataclass
class Traffic:
    """What one window of settled minutes held for one zone."""

    status: dict[int, float] = field(default_factory=dict)  # edge status -> requests
    cache: dict[str, float] = field(default_factory=dict)  # cache status -> requests
    bytes: float | None = None  # None: the field is not available
    threats: float | None = None
    quantiles: dict[str, float] = field(default_factory=dict)  # API field -> milliseconds
    window_requests: float | None = None


@dataclass(frozen=True)
class HealthCheck:
    name: str
    status: str  # healthy, unhealthy, suspended, unknown (the API's enum)
    failure_reason: str  # the API's text, "" when healthy


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedResponseError("traffic", f"{what}: expected a number, got {value!r}")
    return float(value)


def _envelope(endpoint: str, data: Any) -> Any:
    """The ``result`` of a v4 envelope ``{success, errors, messages, result}``."""
    if not isinstance(data, dict) or "success" not in data:
        raise MalformedResponseError(endpoint, "expected the v4 envelope with success/result")
    if data["success"] is not True:
        raise ApiRefusedError(endpoint, 200, _messages(data), _codes(data))
    return data.get("result")


def _messages(data: Any) -> list[str]:
    errors = data.get("errors") if isinstance(data, dict) else None
    return [
        f"{e.get('code', '')} {e.get('message', '')}".strip()
        for e in errors or []
        if isinstance(e, dict)
    ]


def _codes(data: Any) -> list[int]:
    errors = data.get("errors") if isinstance(data, dict) else None
    return [
        e["code"] for e in errors or [] if isinstance(e, dict) and isinstance(e.get("code"), int)
    ]


def _refused(exc: UpstreamStatusError) -> UpstreamStatusError:
    """A 4xx with Cloudflare's envelope as ``ApiRefusedError`` carrying its messages."""
    if not 400 <= exc.status < 500:
        return exc
    text = str(exc).split(f"HTTP {exc.status}: ", 1)[-1]
    try:
        body = json.loads(text)
    except ValueError:
        return exc
    messages = _messages(body)
    return ApiRefusedError(exc.endpoint, exc.status, messages, _codes(body)) if messages else exc


def _datasets_block(datasets: Iterable[str]) -> str:
    fields = "enabled availableFields maxDuration notOlderThan maxPageSize"
    return " ".join(f"{name} {{ {fields} }}" for name in datasets)


SETTINGS_QUERY = (
    "query CloudflareSettings($zones: [string!]) { viewer { zones(filter: {zoneTag_in: "
    "$zones}) { zoneTag settings { "
    + _datasets_block((TRAFFIC_DATASET, THREATS_DATASET))
    + " } } } }"
)


def _selection(fields: Sequence[str]) -> str:
    """``("count", "sum_x", "dimensions_a")`` -> ``count sum { x } dimensions { a }``."""
    plain = [f for f in fields if "_" not in f]
    nested: dict[str, list[str]] = {}
    for name in fields:
        if "_" in name:
            parent, child = name.split("_", 1)
            nested.setdefault(parent, []).append(child)
    return " ".join(plain + [f"{p} {{ {' '.join(c)} }}" for p, c in nested.items()])


def traffic_query(capabilities: Capabilities, *, threats: bool) -> str:
    """The query of one batch of zones sharing ``capabilities``' signature."""
    window = "filter: {datetime_geq: $since, datetime_lt: $until}"
    nodes = []
    grouped = capabilities.grouped()
    if grouped:
        nodes.append(
            f"traffic: {TRAFFIC_DATASET}(limit: {MAX_GROUPS}, {window}) {{ {_selection(grouped)} }}"
        )
    quantiles = capabilities.quantiles()
    if quantiles:
        fields = ["count", *(f"quantiles_{q}" for q in quantiles)]
        nodes.append(
            f"latency: {TRAFFIC_DATASET}(limit: 1, filter: {{datetime_geq: $quantileSince, "
            f"datetime_lt: $until}}) {{ {_selection(fields)} }}"
        )
    if threats and capabilities.threat_fields() == THREAT_FIELDS:
        actions = ", ".join(f'"{a}"' for a in THREAT_ACTIONS)
        nodes.append(
            f"threats: {THREATS_DATASET}(limit: {len(THREAT_ACTIONS)}, filter: {{datetime_geq: "
            f"$since, datetime_lt: $until, action_in: [{actions}]}}) "
            f"{{ {_selection(THREAT_FIELDS)} }}"
        )
    return (
        "query CloudflareTraffic($zones: [string!], $since: Time!, $until: Time!, "
        "$quantileSince: Time!) { viewer { zones(filter: {zoneTag_in: $zones}) { zoneTag "
        + " ".join(nodes)
        + " } } }"
    )


def nodes_of(capabilities: Capabilities, *, threats: bool) -> int:
    """How many dataset nodes one zone of this signature costs per traffic query."""
    return traffic_query(capabilities, threats=threats).count("Groups(")


def _zones(data: Any, endpoint: str) -> list[dict[str, Any]]:
    try:
        zones = data["viewer"]["zones"]
    except (KeyError, TypeError):
        raise MalformedResponseError(endpoint, "expected data.viewer.zones") from None
    if not isinstance(zones, list) or not all(
        isinstance(z, dict) and isinstance(z.get("zoneTag"), str) for z in zones
    ):
        raise MalformedResponseError(endpoint, "expected a list of zones with their zoneTag")
    return zones


def _dataset(raw: Any) -> Dataset:
    if raw is None:
        return Dataset(enabled=False)
    if not isinstance(raw, dict) or not isinstance(raw.get("enabled"), bool):
        raise MalformedResponseError("settings", "a dataset's settings lack enabled")
    fields = raw.get("availableFields") or []
    if not isinstance(fields, list):
        raise MalformedResponseError("settings", "availableFields is not a list")
    return Dataset(
        enabled=raw["enabled"],
        available=frozenset(str(f) for f in fields),
        max_duration=float(raw.get("maxDuration") or 0),
        not_older_than=float(raw.get("notOlderThan") or 0),
        max_page_size=int(raw.get("maxPageSize") or 0),
    )


def _rows(zone: dict[str, Any], alias: str) -> list[dict[str, Any]] | None:
    rows = zone.get(alias)
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise MalformedResponseError("traffic", f"{alias}: expected a list of groups")
    return rows


def parse_traffic(zone: dict[str, Any]) -> Traffic:
    """One zone's answer to ``traffic_query`` as ``Traffic``."""
    out = Traffic()
    for row in _rows(zone, "traffic") or []:
        count = _number(row.get("count"), "count")
        dims = row.get("dimensions") or {}
        if "edgeResponseStatus" in dims:
            status = int(_number(dims["edgeResponseStatus"], "edgeResponseStatus"))
            out.status[status] = out.status.get(status, 0.0) + count
        if "cacheStatus" in dims:
            cache = str(dims["cacheStatus"])
            out.cache[cache] = out.cache.get(cache, 0.0) + count
        if "edgeResponseBytes" in (row.get("sum") or {}):
            sent = _number(row["sum"]["edgeResponseBytes"], "sum.edgeResponseBytes")
            out.bytes = (out.bytes or 0.0) + sent
    if "traffic" in zone and out.bytes is None:
        out.bytes = 0.0 if zone["traffic"] == [] else None
    latency = _rows(zone, "latency")
    if latency is not None:
        out.window_requests = sum(_number(r.get("count"), "count") for r in latency)
        if latency:
            quantiles = latency[0].get("quantiles") or {}
            for name in QUANTILES:
                if quantiles.get(name) is not None:
                    out.quantiles[name] = _number(quantiles[name], name)
    threats = _rows(zone, "threats")
    if threats is not None:
        out.threats = sum(_number(r.get("count"), "count") for r in threats)
    return out


class CloudflareAPI:
    """The calls of one refresh; the client carries the token and the policies."""

    def __init__(self, client: UpstreamClient) -> None:
        self.client = client

    def zone_id(self, name: str) -> str:
        """The id of the zone named ``name`` (an exact match of the list's ``name``)."""
        try:
            page = self.client.get(ZONES, endpoint="zones", params={"name": name})
        except UpstreamStatusError as exc:
            raise _refused(exc) from None
        result = _envelope("zones", page.data)
        if not isinstance(result, list):
            raise MalformedResponseError("zones", "result is not a list")
        for zone in result:
            if isinstance(zone, dict) and zone.get("name") == name and zone.get("id"):
                return str(zone["id"])
        raise ZoneNotFoundError("zones", f"no zone named {name!r} readable with this token")

    def capabilities(self, zone_ids: Sequence[str]) -> dict[str, Capabilities]:
        """Each zone's settings node (zones the token cannot read are left out)."""
        data = self.client.graphql(
            GRAPHQL, endpoint="settings", query=SETTINGS_QUERY, variables={"zones": list(zone_ids)}
        ).data["data"]
        out = {}
        for zone in _zones(data, "settings"):
            settings = zone.get("settings") or {}
            out[zone["zoneTag"]] = Capabilities(
                _dataset(settings.get(TRAFFIC_DATASET)), _dataset(settings.get(THREATS_DATASET))
            )
        return out

    def traffic(
        self,
        zone_ids: Sequence[str],
        capabilities: Capabilities,
        *,
        since: float,
        until: float,
        quantile_since: float,
        threats: bool,
    ) -> dict[str, Traffic]:
        """The settled window ``[since, until)`` of every zone of one batch."""
        variables: Mapping[str, Any] = {
            "zones": list(zone_ids),
            "since": iso(since),
            "until": iso(until),
            "quantileSince": iso(quantile_since),
        }
        data = self.client.graphql(
            GRAPHQL,
            endpoint="traffic",
            query=traffic_query(capabilities, threats=threats),
            variables=variables,
        ).data["data"]
        return {zone["zoneTag"]: parse_traffic(zone) for zone in _zones(data, "traffic")}

    def healthchecks(self, zone_id: str) -> list[HealthCheck]:
        """Every health check of the zone, in the API's order."""
        checks: list[HealthCheck] = []
        policy = PageNumberPagination(HEALTHCHECKS_PER_PAGE, total_pages="result_info.total_pages")
        try:
            for page in self.client.paginate(
                f"{ZONES}/{zone_id}/healthchecks", endpoint="healthchecks", pagination=policy
            ):
                result = _envelope("healthchecks", page.data)
                if not isinstance(result, list):
                    raise MalformedResponseError("healthchecks", "result is not a list")
                for check in result:
                    if not isinstance(check, dict) or not isinstance(check.get("name"), str):
                        raise MalformedResponseError("healthchecks", "a check without a name")
                    checks.append(
                        HealthCheck(
                            check["name"],
                            str(check.get("status") or "unknown"),
                            str(check.get("failure_reason") or ""),
                        )
                    )
        except UpstreamStatusError as exc:
            raise _refused(exc) from None
        return checks
