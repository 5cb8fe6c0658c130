"""A fake PostHog private API on 127.0.0.1, answering like the documented query API.

Documentation it follows (request and response shapes, errors and limits):

- Query API, https://posthog.com/docs/api/queries (and https://posthog.com/docs/api/query):
  ``POST /api/projects/{project_id}/query/`` with ``Authorization: Bearer <personal API key>``
  and ``{"query": {...}, "refresh": "blocking" | ...}``; the answer is the query kind's response
  (``results`` and bookkeeping such as ``is_cached``, ``last_refresh``, ``hogql``, ``timings``).
- Query kinds (PostHog/posthog ``posthog/schema.py``, ``frontend/src/queries/schema``):
  ``TrendsQuery`` (``series`` of ``EventsNode`` with ``event`` (null: all events), ``math``
  ``total`` or ``dau``, ``properties``; ``dateRange.date_from`` such as ``-7d``;
  ``trendsFilter.display`` ``BoldNumber`` gives one ``aggregated_value`` per series over the
  whole range, each result carrying ``action.order``); ``FunnelsQuery`` (ordered ``series``,
  ``funnelsFilter.funnelWindowInterval`` + ``funnelWindowIntervalUnit``; results are steps
  with ``order``, ``count``, ``median_conversion_time`` and ``average_conversion_time`` in
  seconds from the previous step (null for step 1); with ``breakdownFilter`` a list of such
  step lists, each step with ``breakdown_value``); ``ExperimentQuery`` (``experiment_id`` and a
  ``metric``; response ``baseline`` and ``variant_results`` of ``ExperimentStatsBase`` /
  ``ExperimentVariantResultBayesian``: ``key``, ``number_of_samples``, ``sum``,
  ``sum_squares``, ``chance_to_win``, ``credible_interval``, ``significant``).
- Cohorts, https://posthog.com/docs/api/cohorts: ``GET /api/projects/{id}/cohorts/`` lists
  ``{"count", "next", "previous", "results": [{"id", "name", "count", "is_calculating",
  ...}]}`` (``limit``/``offset``, ``next`` an absolute URL or null).
- Errors (DRF's exception handler in PostHog, ``posthog/exceptions.py``): a body ``{"type",
  "code", "detail", "attr"}``; 401 ``authentication_error``, 404 project not found, 400
  ``validation_error`` for a query it cannot parse.
- Rate limits, https://posthog.com/docs/api#rate-limiting and PostHog/posthog
  ``posthog/rate_limit.py`` + ``posthog/api/query.py`` (``QueryViewSet.get_throttles``):
  structured query kinds go through ``ClickHouseBurstRateThrottle`` (240/minute) and
  ``ClickHouseSustainedRateThrottle`` (1,200/hour), ``HogQLQuery`` through
  ``HogQLQueryThrottle`` (120/hour), other endpoints 480/minute and 4,800/hour; a refusal is
  429 ``{"type": "throttled_error", "code": "throttled", "detail": "Request was throttled.
  Expected available in N seconds."}`` with ``Retry-After: N``.

Project data are timestamped events (``Event``: person, event, time, properties) from which
trends and funnels are computed like PostHog does (distinct persons for ``dau``; an ordered
funnel counts a person at step k when they did steps 1..k in order within the window from
step 1), cohorts as sets of persons, and experiment results as stored (PostHog's own Bayesian
figures, passed through). Faults: ``rate_limit`` (429 + Retry-After), ``fail`` (5xx, malformed
JSON, slow); the per-minute and per-hour throttles are counted on the injected clock.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fakes.base import Fault, JsonFakeAPI

BURST, SUSTAINED = 240, 1200  # structured queries per minute and per hour (ClickHouse)
HOGQL_PER_HOUR = 120
UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400, "week": 604800}
SPAN_SECONDS = {"h": 3600, "d": 86400, "w": 604800}
KINDS = ("TrendsQuery", "FunnelsQuery", "ExperimentQuery", "HogQLQuery")


@dataclass(frozen=True)
class Event:
    person: str
    event: str
    at: float  # Unix time
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class Project:
    events: list[Event] = field(default_factory=list)
    cohorts: dict[int, tuple[str, set[str]]] = field(default_factory=dict)  # id -> (name, ids)
    experiments: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> response body


class QueryError(Exception):
    """A query PostHog refuses with 400 validation_error."""


def _error(kind: str, code: str, detail: str) -> dict[str, Any]:
    return {"type": kind, "code": code, "detail": detail, "attr": None}


class FakePosthog(JsonFakeAPI):
    """Start with ``with FakePosthog(key, clock=...) as fake:``; ``fake.url`` is the base URL."""

    def __init__(self, api_key: str, clock: Callable[[], float] = time.time, port: int = 0) -> None:
        self.api_key = api_key
        self.clock = clock
        self.projects: dict[int, Project] = {}
        self.queries: list[dict[str, Any]] = []  # every accepted query, in order
        self.limited: tuple[int, str] | None = None
        self.limit_after = 0
        self.used: dict[tuple[str, int], int] = {}  # (throttle, window) -> requests
        self.page_size = 100
        super().__init__(port)

    def respond(
        self, request: BaseHTTPRequestHandler, raw: bytes
    ) -> tuple[int, dict[str, str], Any]:
        authorization = request.headers.get("Authorization", "")
        host = request.headers.get("Host", "")
        return self.answer(request.command, request.path, authorization, raw, host)

    def server_error(self, fault: Fault) -> Any:
        return _error("server_error", "error", "A server error occurred.")

    # -- faults ------------------------------------------------------------------------------
    def rate_limit(self, retry_after: str, count: int = 1, after: int = 0) -> None:
        """The next ``count`` requests, once ``after`` more have been answered, get 429 with
        ``Retry-After: retry_after`` (the team's budget running out part-way)."""
        with self.lock:
            self.limited = (count, retry_after)
            self.limit_after = after

    def sent(self, method: str = "POST") -> int:
        with self.lock:
            return sum(1 for m, _, _ in self.requests if m == method)

    def kinds(self) -> list[str]:
        """The kind of every accepted query, in order."""
        with self.lock:
            return [q["kind"] for q in self.queries]

    # -- answers -----------------------------------------------------------------------------
    def _throttled(self, throttles: list[tuple[str, int, int]]) -> tuple[int, dict[str, str], Any]:
        now = self.clock()
        for scope, limit, window in throttles:
            key = (scope, int(now // window))
            if self.used.get(key, 0) >= limit:
                wait = int(window - now % window) + 1
                detail = f"Request was throttled. Expected available in {wait} seconds."
                return (
                    429,
                    {"Retry-After": str(wait)},
                    _error("throttled_error", "throttled", detail),
                )
        for scope, _, window in throttles:
            key = (scope, int(now // window))
            self.used[key] = self.used.get(key, 0) + 1
        return 0, {}, None

    def answer(
        self, method: str, path: str, authorization: str, raw: bytes, host: str
    ) -> tuple[int, dict[str, str], Any]:
        url = urlsplit(path)
        parts = url.path.strip("/").split("/")
        if (
            len(parts) != 4
            or parts[:2] != ["api", "projects"]
            or parts[3] not in ("query", "cohorts")
        ):
            return 404, {}, _error("invalid_request", "not_found", "Not found.")
        if (method, parts[3]) not in (("POST", "query"), ("GET", "cohorts")):
            return (
                405,
                {},
                _error("invalid_request", "method_not_allowed", f'Method "{method}" not allowed.'),
            )
        if not authorization.startswith("Bearer "):
            return (
                401,
                {},
                _error(
                    "authentication_error",
                    "not_authenticated",
                    "Authentication credentials were not provided.",
                ),
            )
        if authorization != f"Bearer {self.api_key}":
            return (
                401,
                {},
                _error(
                    "authentication_error",
                    "authentication_failed",
                    "Personal API key found in request Authorization header is invalid.",
                ),
            )
        try:
            project = self.projects[int(parts[2])]
        except (ValueError, KeyError):
            return 404, {}, _error("invalid_request", "not_found", "Project not found.")
        with self.lock:
            if self.limited is not None and self.limit_after > 0:
                self.limit_after -= 1
            elif self.limited is not None:
                left, retry_after = self.limited
                self.limited = (left - 1, retry_after) if left > 1 else None
                detail = f"Request was throttled. Expected available in {retry_after} seconds."
                return (
                    429,
                    {"Retry-After": retry_after},
                    _error("throttled_error", "throttled", detail),
                )
        if method == "GET":
            with self.lock:
                refused = self._throttled([("burst", 480, 60), ("sustained", 4800, 3600)])
            if refused[0]:
                return refused
            offset = int(parse_qs(url.query).get("offset", ["0"])[0])
            limit = int(parse_qs(url.query).get("limit", [str(self.page_size)])[0])
            limit = min(limit, self.page_size)
            rows = [
                {
                    "id": cid,
                    "name": name,
                    "count": len(members),
                    "is_calculating": False,
                    "is_static": False,
                    "deleted": False,
                }
                for cid, (name, members) in sorted(project.cohorts.items())
            ]
            following = None
            if offset + limit < len(rows):
                following = f"http://{host}{url.path}?limit={limit}&offset={offset + limit}"
            return (
                200,
                {},
                {
                    "count": len(rows),
                    "next": following,
                    "previous": None,
                    "results": rows[offset : offset + limit],
                },
            )
        try:
            body = json.loads(raw)
            query = body["query"]
            kind = query["kind"]
        except (ValueError, KeyError, TypeError):
            return 400, {}, _error("validation_error", "parse_error", "Invalid query request.")
        if kind not in KINDS:
            return (
                400,
                {},
                _error("validation_error", "invalid_input", f"Unsupported query kind: {kind}"),
            )
        throttles = (
            [("hogql", HOGQL_PER_HOUR, 3600)]
            if kind == "HogQLQuery"
            else [("clickhouse_burst", BURST, 60), ("clickhouse_sustained", SUSTAINED, 3600)]
        )
        with self.lock:
            refused = self._throttled(throttles)
        if refused[0]:
            return refused
        try:
            if kind == "TrendsQuery":
                result: Any = {"results": self._trends(project, query)}
            elif kind == "FunnelsQuery":
                result = {"results": self._funnel(project, query)}
            elif kind == "ExperimentQuery":
                result = self._experiment(project, query)
            else:
                raise QueryError("HogQL is not served by this fake")
        except QueryError as exc:
            return 400, {}, _error("validation_error", "invalid_input", str(exc))
        with self.lock:
            self.queries.append(query)
        result.update({"is_cached": False, "last_refresh": "2026-12-02T12:00:00Z", "timings": []})
        return 200, {}, result

    def _since(self, query: dict[str, Any]) -> float:
        text = (query.get("dateRange") or {}).get("date_from", "-7d")
        if not (isinstance(text, str) and text.startswith("-") and text[-1] in SPAN_SECONDS):
            raise QueryError(f"Invalid date_from: {text!r}")
        return self.clock() - int(text[1:-1]) * SPAN_SECONDS[text[-1]]

    @staticmethod
    def _matches(project: Project, node: dict[str, Any], event: Event) -> bool:
        if node.get("kind") != "EventsNode":
            raise QueryError("series must be EventsNode")
        if node.get("event") is not None and node["event"] != event.event:
            return False
        for prop in node.get("properties") or []:
            if prop.get("type") == "cohort":
                members = project.cohorts.get(prop["value"], ("", set()))[1]
                if event.person not in members:
                    return False
            elif prop.get("type") == "event":
                if event.properties.get(prop["key"]) != prop["value"]:
                    return False
            else:
                raise QueryError(f"unsupported property type {prop.get('type')!r}")
        return True

    def _trends(self, project: Project, query: dict[str, Any]) -> list[dict[str, Any]]:
        since, until = self._since(query), self.clock()
        if (query.get("trendsFilter") or {}).get("display") != "BoldNumber":
            raise QueryError("this fake answers aggregated (BoldNumber) trends only")
        results: list[dict[str, Any]] = []
        for order, node in enumerate(query["series"]):
            hits = [
                e
                for e in project.events
                if since <= e.at <= until and self._matches(project, node, e)
            ]
            math = node.get("math", "total")
            if math == "total":
                value = len(hits)
            elif math == "dau":
                value = len({e.person for e in hits})
            else:
                raise QueryError(f"unsupported math {math!r}")
            name = node.get("event") or "All events"
            results.append(
                {
                    "action": {
                        "id": node.get("event"),
                        "type": "events",
                        "order": order,
                        "name": name,
                        "math": math,
                    },
                    "label": name,
                    "count": value,
                    "aggregated_value": value,
                    "data": [],
                    "labels": [],
                    "days": [],
                }
            )
        return results

    def _funnel(self, project: Project, query: dict[str, Any]) -> list[Any]:
        since, until = self._since(query), self.clock()
        settings = query.get("funnelsFilter") or {}
        window = (
            int(settings.get("funnelWindowInterval", 14))
            * UNIT_SECONDS[settings.get("funnelWindowIntervalUnit", "day")]
        )
        series = query["series"]
        if len(series) < 2:
            raise QueryError("Funnels require at least two steps")
        events = sorted((e for e in project.events if since <= e.at <= until), key=lambda e: e.at)
        breakdown = (query.get("breakdownFilter") or {}).get("breakdown")
        # person -> (breakdown value, times of each step reached)
        reached: dict[str, tuple[Any, list[float]]] = {}
        for person in sorted({e.person for e in events}):
            mine = [e for e in events if e.person == person]
            start = next((e for e in mine if self._matches(project, series[0], e)), None)
            if start is None:
                continue
            times = [start.at]
            for node in series[1:]:
                following = next(
                    (
                        e
                        for e in mine
                        if e.at >= times[-1]
                        and e.at <= start.at + window
                        and self._matches(project, node, e)
                        and e is not start
                    ),
                    None,
                )
                if following is None:
                    break
                times.append(following.at)
            value = start.properties.get(breakdown) if breakdown else None
            reached[person] = (value, times)

        def steps(people: list[list[float]], value: Any) -> list[dict[str, Any]]:
            rows = []
            for order, node in enumerate(series):
                done = [t for t in people if len(t) > order]
                gaps = [t[order] - t[order - 1] for t in done] if order else []
                row = {
                    "action_id": node.get("event"),
                    "name": node.get("event"),
                    "custom_name": node.get("name"),
                    "order": order,
                    "type": "events",
                    "count": len(done),
                    "median_conversion_time": statistics.median(gaps) if gaps else None,
                    "average_conversion_time": statistics.fmean(gaps) if gaps else None,
                }
                if breakdown:
                    row["breakdown"] = [value]
                    row["breakdown_value"] = [value]
                rows.append(row)
            return rows

        if not breakdown:
            return steps([t for _, t in reached.values()], None)
        values = sorted({v for v, _ in reached.values()}, key=str)
        return [steps([t for v, t in reached.values() if v == value], value) for value in values]

    @staticmethod
    def _experiment(project: Project, query: dict[str, Any]) -> dict[str, Any]:
        stored = project.experiments.get(query.get("experiment_id"))  # type: ignore[arg-type]
        if stored is None:
            raise QueryError("Experiment not found")
        if (query.get("metric") or {}).get("kind") != "ExperimentMetric":
            raise QueryError("metric must be an ExperimentMetric")
        return {"kind": "ExperimentQuery", **json.loads(json.dumps(stored))}
