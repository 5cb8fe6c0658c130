"""A fake Cloudflare API on 127.0.0.1: the GraphQL Analytics API and the v4 REST routes the
exporter reads, answering like the documented API.

Documentation it follows:

- GraphQL Analytics API, https://developers.cloudflare.com/analytics/graphql-api/ and
  "Querying basics" (.../graphql-api/getting-started/querying-basics/): ``POST /graphql``
  with ``{"query", "variables"}`` and ``Authorization: Bearer <token>``; ``viewer { zones(
  filter: {zoneTag_in: [...]}) { zoneTag <dataset>(limit, filter, orderBy) { count sum {...}
  avg {...} quantiles {...} dimensions {...} } } }``; datetime filters ``datetime_geq`` /
  ``datetime_lt`` (RFC 3339 ``Time``), ``<dimension>_in`` lists. Several nodes of one
  dataset are told apart by aliases.
- ``httpRequestsAdaptiveGroups`` fields (the schema, as the dashboard and the docs' examples
  query it): ``count``, ``sum { edgeResponseBytes visits }``, ``quantiles {
  edgeTimeToFirstByteMsP50 / P95 / P99, originResponseDurationMsP50 / P95 / P99 }``,
  ``dimensions { edgeResponseStatus cacheStatus datetimeMinute ... }``; groups are computed
  over the whole filtered range (a group without dimensions is the whole range).
  ``firewallEventsAdaptiveGroups``: ``count``, ``dimensions { action }``, filter ``action_in``.
- Settings node, .../graphql-api/features/discovery/settings/: ``zones { settings {
  <dataset> { enabled availableFields maxPageSize maxNumberOfFields notOlderThan maxDuration
  } } }``; ``availableFields`` lists nested fields as paths (``sum_edgeResponseBytes``).
  "Although we allow access to ALL plans for the essential datasets (like
  httpRequestsAdaptiveGroups, firewallEventsAdaptive, etc), users on larger plans benefit from
  an extended set of datasets and wider query limits": here the free plan lacks the quantile
  fields, reads 1 day back (``notOlderThan`` 86400), the pro plan 3 days.
- Limits, .../graphql-api/limits/: "A zone-scoped query can include up to 10 zones"; "the
  total number of queries in a request is equal to the number of zone/account scopes,
  multiplied by the number of nodes"; "300 GraphQL queries over 5-minute window". Past it the
  answer is a 200 with the rate-limit error below.
- Error responses, .../graphql-api/errors/: a 200 with ``"data": null`` and ``errors`` of
  ``{message, path, extensions: {code, timestamp}}``; the path names the zone's index;
  messages "cannot request data older than 86400s", "does not have access to the path",
  "rate limiter budget depleted, try again after 5 minutes", "query time range is too
  large". A bad token is ``code: "authz"`` too.
- API rate limits, https://developers.cloudflare.com/fundamentals/api/reference/limits/:
  1,200 REST requests per 5 minutes; a refusal is 429 with ``retry-after``.
- List Zones, https://developers.cloudflare.com/api/resources/zones/methods/list/: ``GET
  /zones?name=<name>&page&per_page`` -> the v4 envelope ``{success, errors, messages,
  result: [{id, name, status, plan, ...}], result_info: {page, per_page, count,
  total_count, total_pages}}``; a bad token: 403 with ``success: false`` and ``errors:
  [{code: 10000, message: "Authentication error"}]``.
- List Health Checks, https://developers.cloudflare.com/api/resources/healthchecks/methods/list/:
  ``GET /zones/{zone_id}/healthchecks?page&per_page`` (per_page a multiple of 5, 5..1000,
  default 25), checks with ``id, name, address, status`` (``unknown``, ``healthy``,
  ``unhealthy``, ``suspended``) and ``failure_reason`` ("The current failure reason if status
  is unhealthy"); standalone health checks need a paid plan (Health Checks docs), here a free
  zone answers 403 in the envelope.

The fake stores per-minute request groups and computes every answer from them like the API
does: sums of the groups in range, and quantiles by nearest rank over every request of the
range (so the test computes them by hand). Minutes that ended less than ``settle`` seconds ago
are still partial: only half their requests have arrived. Faults: ``fail`` (5xx, malformed
JSON, a slow answer), ``rate_limit`` (429 + Retry-After) and ``graphql_error`` (a 200 with
errors and data null). The fake only stores and computes numbers; it decides nothing for the
exporter.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graphql import parse
from graphql.language import (
    FieldNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    ValueNode,
    VariableNode,
)
from graphql.language.ast import BooleanValueNode, FloatValueNode, IntValueNode, StringValueNode

from fakes.base import Fault, JsonFakeAPI

MINUTE = 60
QUOTA = 300  # queries per 5 minutes per token
QUOTA_WINDOW = 300
REST_QUOTA = 1200
MAX_ZONES = 10
SETTLE = 300  # seconds after its end before a minute is complete
TRAFFIC, THREATS = "httpRequestsAdaptiveGroups", "firewallEventsAdaptiveGroups"
QUANTILE_FIELDS = tuple(
    f"{name}P{p}"
    for name in ("edgeTimeToFirstByteMs", "originResponseDurationMs")
    for p in ("50", "95", "99")
)
TRAFFIC_FIELDS = (
    "count",
    "sum_edgeResponseBytes",
    "sum_visits",
    "dimensions_edgeResponseStatus",
    "dimensions_cacheStatus",
    "dimensions_datetimeMinute",
)
PLANS: dict[str, dict[str, Any]] = {
    "free": {"not_older_than": 86_400, "max_duration": 86_400, "quantiles": False},
    "pro": {"not_older_than": 259_200, "max_duration": 259_200, "quantiles": True},
}
AUTH_ERROR = {"code": 10000, "message": "Authentication error"}


@dataclass(frozen=True)
class Group:
    """``count`` requests of one minute with the same status, cache status, bytes per
    request and timings (ms): a compact list of identical requests."""

    status: int
    cache: str
    count: int
    bytes_each: int = 1000
    ttfb_ms: float = 50.0
    origin_ms: float = 100.0


@dataclass
class Zone:
    id: str
    name: str
    plan: str = "pro"
    minutes: dict[int, list[Group]] = field(default_factory=dict)  # minute start -> groups
    firewall: dict[int, dict[str, int]] = field(default_factory=dict)  # minute -> action -> n
    healthchecks: list[dict[str, Any]] = field(default_factory=list)
    disabled: set[str] = field(default_factory=set)  # datasets not enabled for this zone


class GraphQLFailure(Exception):
    def __init__(self, message: str, path: list[str] | None = None, code: str = "") -> None:
        self.message, self.path, self.code = message, path, code
        super().__init__(message)


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(text: Any) -> float:
    if not isinstance(text, str):
        raise GraphQLFailure(f"error parsing args: invalid Time {text!r}")
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise GraphQLFailure(f"error parsing args: invalid Time {text!r}") from None


def nearest_rank(values: list[tuple[float, int]], q: float) -> float:
    """The q-quantile of (value, weight) pairs by nearest rank: the smallest value whose
    cumulative weight reaches ceil(q * total)."""
    total = sum(w for _, w in values)
    rank = max(1, math.ceil(q * total))
    seen = 0
    for value, weight in sorted(values):
        seen += weight
        if seen >= rank:
            return value
    raise ValueError("no values")


class FakeCloudflare(JsonFakeAPI):
    """Start with ``with FakeCloudflare(token) as fake:``; ``fake.url`` is the API base."""

    def __init__(self, token: str, clock: Callable[[], float] = time.time, port: int = 0) -> None:
        self.token = token
        self.clock = clock
        self.settle = SETTLE
        self.quota = QUOTA  # queries per 5 minutes (a benchmark raises it)
        self.zones: dict[str, Zone] = {}
        self.graphql: list[dict[str, Any]] = []  # accepted GraphQL bodies with their cost
        self.used: list[tuple[float, int]] = []  # (time, queries) counted against the quota
        super().__init__(port)

    def respond(
        self, request: BaseHTTPRequestHandler, raw: bytes
    ) -> tuple[int, dict[str, str], Any]:
        return self.answer(
            request.command, request.path, request.headers.get("Authorization", ""), raw
        )

    def server_error(self, fault: Fault) -> Any:
        return {"success": False, "errors": [{"code": 10002, "message": "Internal error"}]}

    def fault_answer(self, fault: Fault) -> tuple[int, dict[str, str], Any] | None:
        """``retry_after``: the REST 429 with ``Retry-After``; ``graphql``: a 200 with
        ``errors`` (``message``, ``code``) and data null."""
        if fault.kind == "retry_after":
            throttled = {
                "code": 971,
                "message": "Please wait and consider throttling your request speed",
            }
            return (
                429,
                {"Retry-After": str(fault.options["retry_after"])},
                {"success": False, "errors": [throttled]},
            )
        if fault.kind == "graphql":
            options = fault.options
            return 200, {}, self._error(options.get("message", ""), None, options.get("code", ""))
        return None

    # -- set up ------------------------------------------------------------------------------
    def add_zone(self, zone: Zone) -> Zone:
        self.zones[zone.id] = zone
        return zone

    def sent(self, path: str) -> int:
        with self.lock:
            return sum(1 for _, p, _ in self.requests if urlsplit(p).path == path)

    def queries_used(self) -> int:
        """Queries (zones x nodes) of the accepted GraphQL requests so far."""
        with self.lock:
            return sum(body["cost"] for body in self.graphql)

    # -- routing -----------------------------------------------------------------------------
    def answer(
        self, method: str, path: str, authorization: str, raw: bytes
    ) -> tuple[int, dict[str, str], Any]:
        url = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if authorization != f"Bearer {self.token}":
            if (method, url.path) == ("POST", "/graphql"):
                return 200, {}, self._error("not authorized for that account", None, "authz")
            return 403, {}, self._envelope(None, success=False, errors=[AUTH_ERROR])
        if (method, url.path) == ("POST", "/graphql"):
            return 200, {}, self._graphql(raw)
        if (method, url.path) == ("GET", "/zones"):
            found = [z for z in self.zones.values() if z.name == query.get("name", z.name)]
            return self._page(
                [
                    {"id": z.id, "name": z.name, "status": "active", "plan": {"name": z.plan}}
                    for z in found
                ],
                query,
                default=20,
            )
        parts = url.path.strip("/").split("/")
        if (
            method == "GET"
            and len(parts) == 3
            and parts[0] == "zones"
            and parts[2] == "healthchecks"
        ):
            zone = self.zones.get(parts[1])
            if zone is None:
                return (
                    404,
                    {},
                    self._envelope(
                        None,
                        success=False,
                        errors=[{"code": 1001, "message": "Invalid zone identifier"}],
                    ),
                )
            if zone.plan == "free":
                return (
                    403,
                    {},
                    self._envelope(
                        None,
                        success=False,
                        errors=[
                            {
                                "code": 1002,
                                "message": "Health Checks are not available on the Free plan",
                            }
                        ],
                    ),
                )
            return self._page(zone.healthchecks, query, default=25)
        return (
            404,
            {},
            self._envelope(
                None,
                success=False,
                errors=[{"code": 7003, "message": "Could not route to " + url.path}],
            ),
        )

    @staticmethod
    def _envelope(
        result: Any,
        *,
        success: bool = True,
        errors: list[Any] | None = None,
        info: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "success": success,
            "errors": errors or [],
            "messages": [],
            "result": result,
        }
        if info is not None:
            body["result_info"] = info
        return body

    def _page(
        self, items: list[Any], query: dict[str, str], default: int
    ) -> tuple[int, dict[str, str], Any]:
        page, per_page = int(query.get("page", 1)), int(query.get("per_page", default))
        if per_page % 5 or not 5 <= per_page <= 1000 or page < 1:
            return (
                400,
                {},
                self._envelope(
                    None,
                    success=False,
                    errors=[
                        {
                            "code": 1004,
                            "message": "per_page must be a multiple of 5 between 5 and 1000",
                        }
                    ],
                ),
            )
        chunk = items[(page - 1) * per_page : page * per_page]
        pages = max(1, math.ceil(len(items) / per_page))
        info = {
            "page": page,
            "per_page": per_page,
            "count": len(chunk),
            "total_count": len(items),
            "total_pages": pages,
        }
        return 200, {}, self._envelope(chunk, info=info)

    def _error(self, message: str, path: list[str] | None, code: str = "") -> dict[str, Any]:
        error: dict[str, Any] = {
            "message": message,
            "path": path,
            "extensions": {"timestamp": _iso(self.clock())},
        }
        if code:
            error["extensions"]["code"] = code
        return {"data": None, "errors": [error]}

    # -- GraphQL -----------------------------------------------------------------------------
    def _graphql(self, raw: bytes) -> dict[str, Any]:
        try:
            body = json.loads(raw)
            document = parse(body["query"])
        except Exception as exc:  # the API's parse errors are 200s with errors too
            return self._error(f"error parsing args: {exc}", None)
        variables = body.get("variables") or {}
        operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
        try:
            (viewer,) = self._fields(operation.selection_set)
            if viewer.name.value != "viewer":
                raise GraphQLFailure(f"unknown field {viewer.name.value}")
            out: dict[str, Any] = {}
            cost = 0
            for node in self._fields(viewer.selection_set):
                if node.name.value != "zones":
                    raise GraphQLFailure(f"unknown field {node.name.value}")
                zones, nodes = self._zone_list(node, variables)
                cost += len(zones) * max(1, nodes)
                out[self._key(node)] = [
                    self._zone(zone, i, node, variables) for i, zone in enumerate(zones)
                ]
            with self.lock:
                now = self.clock()
                self.used = [(t, n) for t, n in self.used if now - t < QUOTA_WINDOW]
                if sum(n for _, n in self.used) + cost > self.quota:
                    raise GraphQLFailure(
                        "rate limiter budget depleted, try again after 5 minutes",
                        code="budgetDepleted",
                    )
                self.used.append((now, cost))
                self.graphql.append({**body, "cost": cost})
        except GraphQLFailure as failure:
            return self._error(failure.message, failure.path, failure.code)
        return {"data": {"viewer": out}, "errors": None}

    @staticmethod
    def _fields(selection_set: Any) -> list[FieldNode]:
        return [
            s
            for s in (selection_set.selections if selection_set else [])
            if isinstance(s, FieldNode)
        ]

    @staticmethod
    def _key(node: FieldNode) -> str:
        return node.alias.value if node.alias else node.name.value

    def _value(self, value: ValueNode, variables: dict[str, Any]) -> Any:
        if isinstance(value, VariableNode):
            return variables.get(value.name.value)
        if isinstance(value, ObjectValueNode):
            return {f.name.value: self._value(f.value, variables) for f in value.fields}
        if isinstance(value, ListValueNode):
            return [self._value(v, variables) for v in value.values]
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, FloatValueNode):
            return float(value.value)
        if isinstance(value, StringValueNode | BooleanValueNode):
            return value.value
        raise GraphQLFailure("error parsing args: unsupported value")

    def _args(self, node: FieldNode, variables: dict[str, Any]) -> dict[str, Any]:
        return {a.name.value: self._value(a.value, variables) for a in node.arguments or ()}

    def _zone_list(self, node: FieldNode, variables: dict[str, Any]) -> tuple[list[Zone], int]:
        wanted = self._args(node, variables).get("filter") or {}
        tags = wanted.get("zoneTag_in") or ([wanted["zoneTag"]] if "zoneTag" in wanted else [])
        if len(tags) > MAX_ZONES:
            raise GraphQLFailure(f"zones: the number of zones cannot be more than {MAX_ZONES}")
        nodes = sum(
            1 for f in self._fields(node.selection_set) if f.name.value in (TRAFFIC, THREATS)
        )
        zones = []
        for index, tag in enumerate(tags):
            if tag not in self.zones:
                raise GraphQLFailure(
                    "not authorized for that zone", ["viewer", "zones", str(index)], "authz"
                )
            zones.append(self.zones[tag])
        return zones, nodes

    def available(self, zone: Zone, dataset: str) -> list[str]:
        if dataset == THREATS:
            return ["count", "dimensions_action", "dimensions_datetimeMinute"]
        fields = list(TRAFFIC_FIELDS)
        if PLANS[zone.plan]["quantiles"]:
            fields += [f"quantiles_{q}" for q in QUANTILE_FIELDS]
        return fields

    def _zone(
        self, zone: Zone, index: int, node: FieldNode, variables: dict[str, Any]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        plan = PLANS[zone.plan]
        for child in self._fields(node.selection_set):
            name, key = child.name.value, self._key(child)
            where = ["viewer", "zones", str(index), key]
            if name == "zoneTag":
                out[key] = zone.id
            elif name == "settings":
                settings = {}
                for ds in self._fields(child.selection_set):
                    enabled = ds.name.value not in zone.disabled
                    values = {
                        "enabled": enabled,
                        "availableFields": self.available(zone, ds.name.value) if enabled else [],
                        "maxDuration": plan["max_duration"],
                        "notOlderThan": plan["not_older_than"],
                        "maxPageSize": 10_000,
                        "maxNumberOfFields": 30,
                    }
                    settings[self._key(ds)] = {
                        self._key(f): values[f.name.value] for f in self._fields(ds.selection_set)
                    }
                out[key] = settings
            elif name in (TRAFFIC, THREATS):
                if name in zone.disabled:
                    raise GraphQLFailure(
                        f"zone '{zone.id}' does not have access to the path", where, "authz"
                    )
                out[key] = self._groups(zone, name, child, variables, where)
            else:
                raise GraphQLFailure(f"unknown field {name}", where)
        return out

    def _groups(
        self, zone: Zone, dataset: str, node: FieldNode, variables: dict[str, Any], where: list[str]
    ) -> list[dict[str, Any]]:
        args = self._args(node, variables)
        limit = args.get("limit")
        if not isinstance(limit, int) or not 0 < limit <= 10_000:
            raise GraphQLFailure("limit must be positive number and not greater than 10000", where)
        flt = args.get("filter") or {}
        since, until = _time(flt.get("datetime_geq")), _time(flt.get("datetime_lt"))
        now, plan = self.clock(), PLANS[zone.plan]
        if since < now - plan["not_older_than"]:
            raise GraphQLFailure(f"cannot request data older than {plan['not_older_than']}s", where)
        if until - since > plan["max_duration"]:
            raise GraphQLFailure("query time range is too large", where)
        asked: dict[str, list[str]] = {}
        for f in self._fields(node.selection_set):
            if f.name.value == "count":
                asked["count"] = []
            else:
                asked[f.name.value] = [g.name.value for g in self._fields(f.selection_set)]
        available = set(self.available(zone, dataset))
        for parent, children in asked.items():
            for path in [parent] if not children else [f"{parent}_{c}" for c in children]:
                if path not in available:
                    raise GraphQLFailure(
                        f"zone '{zone.id}' does not have access to the path {path}", where, "authz"
                    )
        dims = asked.get("dimensions", [])
        rows: dict[tuple[Any, ...], list[tuple[Group, int, int]]] = {}
        if dataset == TRAFFIC:
            for start, groups in sorted(zone.minutes.items()):
                if not since <= start < until or start + MINUTE > now:
                    continue
                partial = start + MINUTE > now - self.settle
                for g in groups:
                    count = g.count // 2 if partial else g.count  # the rest arrives later
                    if count:
                        values = {
                            "edgeResponseStatus": g.status,
                            "cacheStatus": g.cache,
                            "datetimeMinute": _iso(start),
                        }
                        rows.setdefault(tuple(values[d] for d in dims), []).append(
                            (g, count, start)
                        )
        else:
            actions = flt.get("action_in")
            for start, by_action in sorted(zone.firewall.items()):
                if not since <= start < until or start + MINUTE > now:
                    continue
                for action, count in by_action.items():
                    if actions is None or action in actions:
                        values = {"action": action, "datetimeMinute": _iso(start)}
                        rows.setdefault(tuple(values[d] for d in dims), []).append(
                            (Group(0, "", count), count, start)
                        )
        out = []
        for key, members in sorted(rows.items(), key=lambda kv: str(kv[0]))[:limit]:
            row: dict[str, Any] = {}
            total = sum(n for _, n, _ in members)
            for parent, children in asked.items():
                if parent == "count":
                    row["count"] = total
                elif parent == "dimensions":
                    row["dimensions"] = dict(zip(dims, key, strict=True))
                elif parent == "sum":
                    row["sum"] = {
                        c: sum(
                            n * (g.bytes_each if c == "edgeResponseBytes" else 1)
                            for g, n, _ in members
                        )
                        for c in children
                    }
                elif parent == "quantiles":
                    row["quantiles"] = {}
                    for c in children:
                        timing = "ttfb_ms" if c.startswith("edgeTimeToFirstByte") else "origin_ms"
                        q = int(c.rsplit("P", 1)[1]) / 100
                        row["quantiles"][c] = nearest_rank(
                            [(getattr(g, timing), n) for g, n, _ in members], q
                        )
                else:
                    raise GraphQLFailure(f"unknown field {parent}", where)
            out.append(row)
        return out
