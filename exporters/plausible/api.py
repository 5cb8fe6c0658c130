"""The Plausible Stats API calls the exporter makes, returning plain numbers.

Use ``PlausibleAPI(client)`` with the toolkit's ``UpstreamClient`` (``OffsetPagination`` in the
body, ``RetryAfterRateLimit``). Queries go to ``POST /api/v2/query`` with a date-time
``date_range`` (two ISO 8601 timestamps), so a window is truly rolling instead of ending at
midnight in the site's time zone. Current visitors come from ``GET
/api/v1/stats/realtime/visitors``: Stats API v2 has no realtime range.

Bodies that are not the documented shape raise ``MalformedResponseError``; a refused query (a
4xx with ``{"error": "..."}``) raises ``QueryRefusedError`` carrying Plausible's message.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from exporters.toolkit.errors import MalformedResponseError, UpstreamStatusError
from exporters.toolkit.http import UpstreamClient
from exporters.toolkit.pagination import OffsetPagination

QUERY = "/api/v2/query"
REALTIME = "/api/v1/stats/realtime/visitors"
# The aggregate metrics, in the order asked and answered; one query answers all of them.
AGGREGATE_METRICS = (
    "visitors",
    "visits",
    "pageviews",
    "views_per_visit",
    "bounce_rate",
    "visit_duration",
)
PAGE, SOURCE = "event:page", "visit:source"
MAX_PAGES = 100  # bound of one breakdown walk (the top N is at most 100 rows anyway)


class QueryRefusedError(UpstreamStatusError):
    """Plausible refused a request (400 bad query, 401 key or site, 402 plan): ``detail`` is
    its ``error`` message."""

    def __init__(self, endpoint: str, status: int, detail: str) -> None:
        self.detail = detail
        super().__init__(endpoint, status, detail)


def date_range(end: float, window: float) -> list[str]:
    """``[end - window, end]`` as the ISO 8601 date-times the API takes (UTC, whole seconds)."""
    last = math.floor(end)
    first = last - math.floor(window)
    return [datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds") for t in (first, last)]


def _number(value: Any, what: str) -> float | None:
    if value is None:  # a metric Plausible could not compute
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedResponseError("query", f"{what}: expected a number, got {value!r}")
    return float(value)


def _rows(data: Any, endpoint: str) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise MalformedResponseError(endpoint, "expected an object with a results list")
    rows: list[dict[str, Any]] = data["results"]
    for row in rows:
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("metrics"), list)
            or not isinstance(row.get("dimensions"), list)
        ):
            raise MalformedResponseError(endpoint, "a result row lacks its metrics or dimensions")
    return rows


def _refused(exc: UpstreamStatusError) -> UpstreamStatusError:
    """A 4xx with Plausible's ``{"error": ...}`` body as ``QueryRefusedError``; others as is."""
    if not 400 <= exc.status < 500:
        return exc
    text = str(exc).split(f"HTTP {exc.status}: ", 1)[-1]
    try:
        detail = json.loads(text)["error"]
    except (ValueError, KeyError, TypeError):
        return exc
    return QueryRefusedError(exc.endpoint, exc.status, str(detail))


@dataclass(frozen=True)
class Breakdown:
    """The top rows of one dimension and the visitors of everything else."""

    top: list[tuple[str, float]]  # (value, visitors), most visitors first
    other: float  # unique visitors of the values not in ``top`` (0 when there are none)


class PlausibleAPI:
    """The queries of one refresh. ``page_size`` is the breakdowns' ``pagination.limit``."""

    def __init__(self, client: UpstreamClient, page_size: int) -> None:
        self.client = client
        self.page_size = page_size

    def _query(self, endpoint: str, body: dict[str, Any]) -> Any:
        try:
            return self.client.post(QUERY, endpoint=endpoint, json=body, idempotent=True).data
        except UpstreamStatusError as exc:
            raise _refused(exc) from None

    def aggregate(self, site: str, span: list[str]) -> dict[str, float]:
        """Every metric of ``AGGREGATE_METRICS`` Plausible computed, by name."""
        body = {"site_id": site, "metrics": list(AGGREGATE_METRICS), "date_range": span}
        rows = _rows(self._query("aggregate", body), "aggregate")
        if len(rows) != 1 or len(rows[0]["metrics"]) != len(AGGREGATE_METRICS):
            raise MalformedResponseError(
                "aggregate", f"expected one row of {len(AGGREGATE_METRICS)} metrics"
            )
        values = {}
        for name, raw in zip(AGGREGATE_METRICS, rows[0]["metrics"], strict=True):
            value = _number(raw, name)
            if value is not None:
                values[name] = value
        return values

    def breakdown(self, site: str, span: list[str], dimension: str, count: int) -> Breakdown:
        """The ``count`` values of ``dimension`` with the most visitors, and the visitors of
        all the others: asked with an ``is_not`` filter, because a visitor of two pages is one
        visitor, so ``other`` is not the total minus the top rows."""
        endpoint = "pages" if dimension == PAGE else "sources"
        body = {
            "site_id": site,
            "metrics": ["visitors"],
            "date_range": span,
            "dimensions": [dimension],
            "order_by": [["visitors", "desc"]],
        }
        policy = OffsetPagination(
            min(self.page_size, count), items="results", body_key="pagination"
        )
        top: list[tuple[str, float]] = []
        try:
            for page in self.client.paginate(
                QUERY,
                endpoint=endpoint,
                json=body,
                pagination=policy,
                max_pages=MAX_PAGES,
                idempotent=True,
            ):
                for row in _rows(page.data, endpoint):
                    if len(row["dimensions"]) != 1 or len(row["metrics"]) != 1:
                        raise MalformedResponseError(endpoint, "expected one dimension, one metric")
                    visitors = _number(row["metrics"][0], "visitors") or 0.0
                    top.append((str(row["dimensions"][0]), visitors))
                    if len(top) == count:
                        break
                if len(top) == count:
                    break
        except UpstreamStatusError as exc:
            raise _refused(exc) from None
        if len(top) < count:
            return Breakdown(top, 0.0)  # every value is in the top: nothing else to count
        other = {
            "site_id": site,
            "metrics": ["visitors"],
            "date_range": span,
            "filters": [["is_not", dimension, [value for value, _ in top]]],
        }
        rows = _rows(self._query(f"{endpoint}_other", other), f"{endpoint}_other")
        if len(rows) != 1 or len(rows[0]["metrics"]) != 1:
            raise MalformedResponseError(f"{endpoint}_other", "expected one row of one metric")
        return Breakdown(top, _number(rows[0]["metrics"][0], "visitors") or 0.0)

    def realtime(self, site: str) -> float:
        """Current visitors: visitors with a pageview in the last 5 minutes (Plausible's
        definition), a bare number in the body."""
        try:
            data = self.client.get(REALTIME, endpoint="realtime", params={"site_id": site}).data
        except UpstreamStatusError as exc:
            raise _refused(exc) from None
        value = _number(data, "realtime visitors")
        if value is None:
            raise MalformedResponseError("realtime", "expected a number of visitors, got null")
        return value
