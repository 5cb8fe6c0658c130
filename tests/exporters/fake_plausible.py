"""A fake Plausible Stats API v2 on 127.0.0.1, answering like the documented API.

``POST /api/v2/query`` takes a query object (``site_id``, ``metrics``, ``date_range``, optional
``dimensions``, ``order_by`` and ``pagination: {limit, offset}``) with ``Authorization: Bearer``
and answers ``{"results": [{"metrics": [...], "dimensions": [...]}], "meta": {}, "query":
{...}}``; without dimensions there is one row. A bad key gets 401, an unknown site 400, both
``{"error": "..."}``. ``rate_limit(retry_after)`` makes the next requests 429 with
``Retry-After``. The fake only stores and serves numbers: it decides nothing for the exporter.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.support.loopback import FakeAPI

DEFAULT_LIMIT = 10_000  # the API's default pagination.limit


@dataclass
class Site:
    visitors: int
    pageviews: int
    pages: dict[str, int] = field(default_factory=dict)  # path -> visitors


class FakePlausible(FakeAPI):
    """Start with ``with FakePlausible(key) as fake:``; ``fake.url`` is the base URL."""

    def __init__(self, api_key: str) -> None:
        self.api_key = api_key
        self.sites: dict[str, Site] = {}
        self.queries: list[dict[str, Any]] = []  # every accepted query body, in order
        self.limited: tuple[int, str] | None = None  # (requests left to refuse, Retry-After)
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                status, headers, body = fake.answer(
                    self.path, self.headers.get("Authorization", ""), self.rfile.read(length)
                )
                data = json.dumps(body).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        super().__init__(Handler)

    def rate_limit(self, retry_after: str, count: int = 1) -> None:
        with self.lock:
            self.limited = (count, retry_after)

    def answer(
        self, path: str, authorization: str, raw: bytes
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        if path != "/api/v2/query":
            return 404, {}, {"error": "Not found"}
        if authorization != f"Bearer {self.api_key}":
            return (
                401,
                {},
                {
                    "error": "Invalid API key or site ID. Please make sure you're using a valid API key with access to the site you've requested."
                },
            )
        with self.lock:
            if self.limited is not None:
                left, retry_after = self.limited
                self.limited = (left - 1, retry_after) if left > 1 else None
                return 429, {"Retry-After": retry_after}, {"error": "Too many API requests"}
        query = json.loads(raw)
        site = self.sites.get(query.get("site_id", ""))
        if site is None:
            return 400, {}, {"error": f"Site does not exist: {query.get('site_id')!r}"}
        with self.lock:
            self.queries.append(query)
        metrics = query["metrics"]
        dimensions = query.get("dimensions", [])
        if dimensions == ["event:page"]:
            rows = sorted(site.pages.items(), key=lambda kv: (-kv[1], kv[0]))
            results = [{"metrics": [v], "dimensions": [p]} for p, v in rows]
        else:
            totals = {"visitors": site.visitors, "pageviews": site.pageviews}
            results = [{"metrics": [totals[m] for m in metrics], "dimensions": []}]
        page = query.get("pagination", {})
        offset, limit = page.get("offset", 0), page.get("limit", DEFAULT_LIMIT)
        return 200, {}, {"results": results[offset : offset + limit], "meta": {}, "query": query}
