"""A fake Plausible Stats API on 127.0.0.1, answering like the documented API.

Documentation it follows (the request and response shapes, errors and limits):

- Stats API v2 reference, https://plausible.io/docs/stats-api (source: plausible/docs
  ``docs/stats-api.md``): ``POST /api/v2/query`` with ``Authorization: Bearer <key>`` and a
  query object: ``site_id``, ``metrics`` (visitors, visits, pageviews, views_per_visit,
  bounce_rate as a percentage, visit_duration in seconds, ...) and ``date_range`` (required;
  a shorthand such as ``"7d"`` or two ISO 8601 dates or date-times), optional ``dimensions``
  (``event:page``, ``visit:source``, ...), ``filters`` (``[operator, dimension, clauses]``
  with ``is``, ``is_not``, ``contains``, ...), ``order_by`` (default: the first metric,
  descending), ``include`` (``total_rows``) and ``pagination`` (default ``{"limit": 10000,
  "offset": 0}``). The answer is ``{"results": [{"metrics": [...], "dimensions": [...]}],
  "meta": {...}, "query": {...}}``: one row without dimensions, ``meta.total_rows`` when
  included, ``query`` as executed (date range resolved to date-times, defaults filled in).
  Session metrics (bounce_rate, views_per_visit, visit_duration) with an event dimension are
  refused. "API keys have a rate limit of 600 requests per hour by default."
- Response examples of that page (plausible/docs ``src/js/apiv2-examples/*-response.json``):
  aggregate, pagination (``meta.total_rows``, echoed ``pagination``).
- Stats API v1 reference, https://plausible.io/docs/stats-api-v1 (``docs/stats-api-v1.md``):
  ``GET /api/v1/stats/realtime/visitors?site_id=...`` answers a bare number, "the number of
  current visitors on your site ... who triggered a pageview on your site in the last 5
  minutes". Stats API v2 has no realtime date range.
- Errors as Plausible's API plug sends them (plausible/analytics
  ``lib/plausible_web/plugs/authorize_public_api.ex``, ``controllers/api/helpers.ex``): a JSON
  body ``{"error": "..."}``; 401 for a missing or invalid key and for a site the key cannot
  read ("Invalid API key or site ID. ..."), 400 for a missing site id or an invalid query, 429
  "Too many API requests. Your API key is limited to 600 requests per hour. ..." per key and
  hour, without a ``Retry-After`` header.

Two kinds of site data: ``Site`` (totals and page visitors, answered whatever the range: the
writing-an-exporter example) and ``traffic`` (a list of ``Visit`` with timestamped pageviews,
from which every metric is computed over the requested range like Plausible does: visitors
are unique, so a visitor of two pages counts once). Faults for the tests: ``rate_limit``
(429s with a ``Retry-After``, as a proxy in front of Plausible may add), ``fail`` (5xx,
malformed JSON, a slow answer) and ``hourly_limit`` (the documented 429, no header). The fake
only stores and computes numbers: it decides nothing for the exporter.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fakes.base import Fault, JsonFakeAPI

DEFAULT_LIMIT = 10_000  # the API's default pagination.limit
HOURLY_LIMIT = 600  # requests per key and hour (Plausible's default)
METRICS = ("visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "visit_duration")
SESSION_METRICS = ("bounce_rate", "views_per_visit", "visit_duration")
DIMENSIONS = ("event:page", "visit:source")  # the dimensions this fake computes
SHORTHANDS = {"day": 1, "7d": 7, "28d": 28, "30d": 30, "91d": 91}
QUERY_KEYS = {"site_id", "metrics", "date_range", "dimensions", "filters", "order_by"}
QUERY_KEYS |= {"include", "pagination"}
REALTIME_SECONDS = 300
INVALID_KEY = (
    "Invalid API key or site ID. Please make sure you're using a valid API key with access "
    "to the site you've requested."
)
MISSING_KEY = "Missing API key. Please use a valid Plausible API key as a Bearer Token."
MISSING_SITE = "Missing site ID. Please provide the required site_id parameter with your request."


@dataclass
class Site:
    """Totals answered whatever the range (the writing-an-exporter example)."""

    visitors: int
    pageviews: int
    pages: dict[str, int] = field(default_factory=dict)  # path -> visitors


@dataclass(frozen=True)
class Visit:
    """One session: its visitor, source and pageviews as (Unix time, path), oldest first."""

    visitor: str
    source: str
    pageviews: tuple[tuple[float, str], ...]

    @property
    def start(self) -> float:
        return self.pageviews[0][0]

    @property
    def duration(self) -> float:
        return self.pageviews[-1][0] - self.pageviews[0][0]


def visit(visitor: str, start: float, source: str, *pages: str, gap: float = 60.0) -> Visit:
    """A visit of ``pages`` viewed ``gap`` seconds apart from ``start``."""
    return Visit(visitor, source, tuple((start + i * gap, page) for i, page in enumerate(pages)))


class QueryError(Exception):
    """A query Plausible refuses with 400 and this message."""


def _parse_time(text: str, end: bool) -> float:
    if "T" in text:
        when = datetime.fromisoformat(text)
        if when.tzinfo is None:
            raise QueryError(f"Invalid date_range '{text}': a date-time needs a time zone")
        return when.timestamp()
    day = date.fromisoformat(text)
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return (start + timedelta(days=1)).timestamp() - 1 if end else start.timestamp()


class FakePlausible(JsonFakeAPI):
    """Start with ``with FakePlausible(key) as fake:``; ``fake.url`` is the base URL."""

    def __init__(
        self,
        api_key: str,
        clock: Callable[[], float] = time.time,
        prefix: str = "",
        port: int = 0,
    ) -> None:
        self.api_key = api_key
        self.prefix = prefix  # a self-hosted Plausible under a path (``/plausible``)
        self.clock = clock
        self.sites: dict[str, Site] = {}
        self.traffic: dict[str, list[Visit]] = {}
        self.queries: list[dict[str, Any]] = []  # every accepted query body, in order
        self.limited: tuple[int, str] | None = None  # (requests left to refuse, Retry-After)
        self.hourly_limit = HOURLY_LIMIT
        self.used: dict[int, int] = {}  # hour -> requests counted against the key
        super().__init__(port)

    def respond(
        self, request: BaseHTTPRequestHandler, raw: bytes
    ) -> tuple[int, dict[str, str], Any]:
        return self.answer(
            request.command, request.path, request.headers.get("Authorization", ""), raw
        )

    def server_error(self, fault: Fault) -> Any:
        return {"error": fault.options.get("error", "Internal server error")}

    # -- faults ------------------------------------------------------------------------------
    def rate_limit(self, retry_after: str, count: int = 1) -> None:
        """The next ``count`` requests get 429 with ``Retry-After: retry_after``."""
        with self.lock:
            self.limited = (count, retry_after)

    def sent(self, method: str = "POST") -> int:
        """Requests received with ``method``."""
        with self.lock:
            return sum(1 for m, _, _ in self.requests if m == method)

    # -- answers -----------------------------------------------------------------------------
    def answer(
        self, method: str, path: str, authorization: str, raw: bytes
    ) -> tuple[int, dict[str, str], Any]:
        url = urlsplit(path)
        if not url.path.startswith(self.prefix):
            return 404, {}, {"error": "Not found"}
        route = (method, url.path.removeprefix(self.prefix))
        if route not in (("POST", "/api/v2/query"), ("GET", "/api/v1/stats/realtime/visitors")):
            return 404, {}, {"error": "Not found"}
        if not authorization.startswith("Bearer "):
            return 401, {}, {"error": MISSING_KEY}
        if authorization != f"Bearer {self.api_key}":
            return 401, {}, {"error": INVALID_KEY}
        with self.lock:
            if self.limited is not None:
                left, retry_after = self.limited
                self.limited = (left - 1, retry_after) if left > 1 else None
                return 429, {"Retry-After": retry_after}, {"error": "Too many API requests"}
            hour = int(self.clock() // 3600)
            self.used[hour] = self.used.get(hour, 0) + 1
            if self.used[hour] > self.hourly_limit:
                message = (
                    f"Too many API requests. Your API key is limited to {self.hourly_limit} "
                    "requests per hour. Please contact us to request more capacity."
                )
                return 429, {}, {"error": message}
        if method == "GET":
            site_ids = parse_qs(url.query).get("site_id")
            if not site_ids:
                return 400, {}, {"error": MISSING_SITE}
            if site_ids[0] not in self.traffic:
                return 401, {}, {"error": INVALID_KEY}
            return 200, {}, self._realtime(site_ids[0])
        try:
            query = json.loads(raw)
        except ValueError:
            return 400, {}, {"error": "Invalid JSON body"}
        if not isinstance(query, dict) or "site_id" not in query:
            return 400, {}, {"error": MISSING_SITE}
        site_id = query["site_id"]
        if site_id not in self.sites and site_id not in self.traffic:
            return 401, {}, {"error": INVALID_KEY}
        try:
            executed = self._validate(query)
            if site_id in self.sites:
                results = self._totals(self.sites[site_id], query)
            else:
                results = self._compute(self.traffic[site_id], executed)
        except QueryError as exc:
            return 400, {}, {"error": str(exc)}
        with self.lock:
            self.queries.append(query)
        meta: dict[str, Any] = {}
        if executed["include"].get("total_rows"):
            meta["total_rows"] = len(results)
        page = executed["pagination"]
        offset, limit = page["offset"], page["limit"]
        body = {"results": results[offset : offset + limit], "meta": meta, "query": executed}
        return 200, {}, body

    def _validate(self, query: dict[str, Any]) -> dict[str, Any]:
        """The query as executed, or ``QueryError`` like the API's schema check."""
        unknown = sorted(set(query) - QUERY_KEYS)
        if unknown:
            raise QueryError(f"#/{unknown[0]}: Schema does not allow additional properties.")
        metrics = query.get("metrics")
        if not isinstance(metrics, list) or not metrics:
            raise QueryError("#/metrics: Expected a minimum of 1 items")
        for metric in metrics:
            if metric not in METRICS:
                raise QueryError(f"#/metrics/0: Invalid metric {metric!r}")
        if "date_range" not in query:
            raise QueryError("#/date_range: Required property date_range was not present.")
        span = self._span(query["date_range"])
        dimensions = query.get("dimensions", [])
        for dimension in dimensions:
            if dimension not in DIMENSIONS:
                raise QueryError(f"Invalid dimensions {dimension!r}")
        if "event:page" in dimensions and set(metrics) & set(SESSION_METRICS):
            raise QueryError(
                "Session metric(s) `bounce_rate`, `views_per_visit`, `visit_duration` cannot "
                "be queried along with event dimensions."
            )
        filters = query.get("filters", [])
        for entry in filters:
            if (
                not isinstance(entry, list)
                or len(entry) != 3
                or entry[0] not in ("is", "is_not")
                or entry[1] not in DIMENSIONS
                or not isinstance(entry[2], list)
            ):
                raise QueryError(f"#/filters/0: Invalid filter {entry!r}")
        order_by = query.get("order_by", [[metrics[0], "desc"]])
        for key, direction in order_by:
            if (key not in metrics and key not in dimensions) or direction not in ("asc", "desc"):
                raise QueryError(f"Invalid order_by entry '{[key, direction]}'.")
        page = {"limit": DEFAULT_LIMIT, "offset": 0, **query.get("pagination", {})}
        if not isinstance(page["limit"], int) or not 1 <= page["limit"] <= DEFAULT_LIMIT:
            raise QueryError("#/pagination/limit: Value is not allowed")
        first, last = (datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds") for t in span)
        return {
            "site_id": query["site_id"],
            "metrics": metrics,
            "date_range": [first, last],
            "filters": filters,
            "dimensions": dimensions,
            "order_by": order_by,
            "include": query.get("include", {}),
            "pagination": page,
        }

    def _span(self, value: Any) -> tuple[float, float]:
        if isinstance(value, str):
            if value not in SHORTHANDS:
                raise QueryError(f"#/date_range: Invalid date range {value!r}")
            today = datetime.fromtimestamp(self.clock(), UTC).date()
            first = today - timedelta(
                days=SHORTHANDS[value] - 1 if value == "day" else SHORTHANDS[value]
            )
            last = today if value == "day" else today - timedelta(days=1)
            return _parse_time(first.isoformat(), False), _parse_time(last.isoformat(), True)
        if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            try:
                return _parse_time(value[0], False), _parse_time(value[1], True)
            except ValueError:
                raise QueryError(f"#/date_range: Invalid date range {value!r}") from None
        raise QueryError(f"#/date_range: Invalid date range {value!r}")

    @staticmethod
    def _totals(site: Site, query: dict[str, Any]) -> list[dict[str, Any]]:
        if query.get("dimensions", []) == ["event:page"]:
            rows = sorted(site.pages.items(), key=lambda kv: (-kv[1], kv[0]))
            return [{"metrics": [v], "dimensions": [p]} for p, v in rows]
        totals = {"visitors": site.visitors, "pageviews": site.pageviews}
        return [{"metrics": [totals[m] for m in query["metrics"]], "dimensions": []}]

    def _compute(self, visits: list[Visit], query: dict[str, Any]) -> list[dict[str, Any]]:
        first, last = (datetime.fromisoformat(t).timestamp() for t in query["date_range"])
        # A session belongs to the range it started in; an event to the range it happened in.
        sessions = [v for v in visits if first <= v.start <= last]
        events = [(v, path) for v in visits for when, path in v.pageviews if first <= when <= last]
        for operator, dimension, clauses in query["filters"]:
            keep = operator == "is"
            if dimension == "event:page":
                events = [(v, p) for v, p in events if (p in clauses) == keep]
                kept = {id(v) for v, _ in events}
                sessions = [v for v in sessions if id(v) in kept]
            else:
                sessions = [v for v in sessions if (v.source in clauses) == keep]
                events = [(v, p) for v, p in events if (v.source in clauses) == keep]
        dimensions = query["dimensions"]
        if not dimensions:
            return [
                {"metrics": self._metrics(query["metrics"], sessions, events), "dimensions": []}
            ]
        (dimension,) = dimensions
        groups: dict[str, tuple[list[Visit], list[tuple[Visit, str]]]] = {}
        if dimension == "event:page":
            for v, path in events:
                group = groups.setdefault(path, ([], []))
                group[1].append((v, path))
        else:
            for v in sessions:
                groups.setdefault(v.source, ([], []))[0].append(v)
            for v, path in events:
                if v.source in groups:
                    groups[v.source][1].append((v, path))
        rows = [
            {"metrics": self._metrics(query["metrics"], s, e), "dimensions": [value]}
            for value, (s, e) in groups.items()
        ]
        for key, direction in reversed(query["order_by"]):
            if key in query["metrics"]:
                index = query["metrics"].index(key)
                rows.sort(key=lambda r: r["dimensions"][0])
                rows.sort(key=lambda r: r["metrics"][index], reverse=direction == "desc")
            else:
                rows.sort(key=lambda r: r["dimensions"][0], reverse=direction == "desc")
        return rows

    @staticmethod
    def _metrics(
        names: list[str], sessions: list[Visit], events: list[tuple[Visit, str]]
    ) -> list[Any]:
        visitors = {v.visitor for v, _ in events} | {v.visitor for v in sessions}
        visits = len(sessions)
        views = sum(len(v.pageviews) for v in sessions)
        values = {
            "visitors": len(visitors),
            "visits": visits,
            "pageviews": len(events),
            "views_per_visit": round(views / visits, 2) if visits else 0.0,
            "bounce_rate": round(100 * sum(len(v.pageviews) == 1 for v in sessions) / visits)
            if visits
            else 0,
            "visit_duration": round(sum(v.duration for v in sessions) / visits) if visits else 0,
        }
        return [values[name] for name in names]

    def _realtime(self, site_id: str) -> int:
        now = self.clock()
        return len(
            {
                v.visitor
                for v in self.traffic[site_id]
                for when, _ in v.pageviews
                if now - REALTIME_SECONDS <= when <= now
            }
        )
