"""The upstream client's POST and GraphQL semantics, its pagination and rate-limit policies, and
the toolkit's command line (``run_exporter``) with a small exporter spec of its own."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from exporters.toolkit.app import Command, ExporterSpec, Serving, run_exporter
from exporters.toolkit.errors import (
    ForeignOriginError,
    GraphQLError,
    MalformedResponseError,
    PageLimitError,
    RateLimitedError,
    UpstreamStatusError,
    UpstreamTimeoutError,
)
from exporters.toolkit.http import RetryPolicy, UpstreamClient, make_client
from exporters.toolkit.pagination import (
    CursorPagination,
    NextUrlPagination,
    OffsetPagination,
    Pagination,
)
from exporters.toolkit.ratelimit import RetryAfterRateLimit, retry_at
from exporters.toolkit.selfmetrics import SelfMetrics
from exporters.toolkit.settings import Seconds, Secret, setting
from portfolio.config.model import Portfolio
from tests.exporters import history

FAST = RetryPolicy(attempts=3, wait_initial=0.0, wait_max=0.0, wait_jitter=0.0, timeout=5)
NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z
Handler = Callable[[httpx.Request], httpx.Response]


def client(
    handle: Handler, pagination: Pagination | None = None
) -> tuple[UpstreamClient, SelfMetrics]:
    """A client with plain HTTP semantics (429 + Retry-After), as a non-GitHub exporter has."""
    health = SelfMetrics("plausible", ["stats"], lambda: NOW)
    http = make_client("https://api.example", transport=httpx.MockTransport(handle))
    upstream = UpstreamClient(
        http,
        health,
        policy=FAST,
        pagination=pagination,
        rate_limit=RetryAfterRateLimit(),
        clock=lambda: NOW,
    )
    return upstream, health


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


# -- POST and GraphQL --------------------------------------------------------------------------
def test_post_sends_json_and_is_not_cached_by_etag() -> None:
    sent: list[tuple[str, Any, str | None]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append((request.method, body(request), request.headers.get("If-None-Match")))
        return httpx.Response(200, json={"ok": True}, headers={"ETag": '"v1"'})

    upstream, health = client(handle)
    for _ in range(2):
        page = upstream.post("/api/v2/query", endpoint="query", json={"site_id": "a.example"})
        assert (page.data, page.not_modified) == ({"ok": True}, False)
    assert sent == [("POST", {"site_id": "a.example"}, None)] * 2
    assert len(upstream.cache) == 0
    assert health.requests() == {("query", "2xx"): 2}


def test_a_post_is_not_retried_after_a_5xx_unless_marked_idempotent() -> None:
    calls: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(502) if len(calls) == 1 else httpx.Response(200, json={})

    upstream, _ = client(handle)
    with pytest.raises(UpstreamStatusError) as err:
        upstream.post("/charge", endpoint="charge", json={})
    assert err.value.status == 502 and len(calls) == 1
    calls.clear()
    assert upstream.post("/search", endpoint="search", json={}, idempotent=True).data == {}
    assert len(calls) == 2


def test_a_post_is_not_retried_after_a_read_timeout_but_is_after_a_refused_connection() -> None:
    calls: list[str] = []

    def timeout(request: httpx.Request) -> httpx.Response:
        calls.append("timeout")
        raise httpx.ReadTimeout("slow", request=request)

    upstream, _ = client(timeout)
    with pytest.raises(UpstreamTimeoutError):
        upstream.post("/charge", endpoint="charge", json={})
    assert calls == ["timeout"]

    def refused_once(request: httpx.Request) -> httpx.Response:
        calls.append("connect")
        if calls.count("connect") == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"done": 1})

    upstream, _ = client(refused_once)
    assert upstream.post("/charge", endpoint="charge", json={}).data == {"done": 1}
    assert calls == ["timeout", "connect", "connect"]  # never reached upstream: safe to resend


def test_graphql_errors_in_a_200_raise_a_typed_error_only_with_graphql_semantics() -> None:
    answer = {
        "data": {"repository": None},
        "errors": [
            {
                "type": "NOT_FOUND",
                "path": ["repository"],
                "message": "Could not resolve to a Repository",
            }
        ],
    }
    seen: list[Any] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(body(request))
        return httpx.Response(200, json=answer)

    upstream, health = client(handle)
    with pytest.raises(GraphQLError) as err:
        upstream.graphql(
            "/graphql", endpoint="graphql", query="query($o: String!) { x }", variables={"o": "a"}
        )
    assert err.value.reason == "graphql"
    assert err.value.errors == answer["errors"]
    assert err.value.data == {"repository": None}
    assert "Could not resolve to a Repository" in str(err.value)
    assert seen == [{"query": "query($o: String!) { x }", "variables": {"o": "a"}}]
    assert health.requests() == {("graphql", "2xx"): 1}  # not retried: the answer is final
    plain = upstream.post("/graphql", endpoint="graphql", json={"query": "{ x }"})
    assert plain.data == answer  # without GraphQL semantics a 200 is a 200


def test_a_graphql_answer_without_data_or_errors_is_malformed() -> None:
    upstream, _ = client(lambda r: httpx.Response(200, json={"message": "hi"}))
    with pytest.raises(MalformedResponseError):
        upstream.graphql("/graphql", endpoint="graphql", query="{ x }")


def test_a_graphql_query_is_idempotent_and_retried_after_a_5xx() -> None:
    calls: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503) if len(calls) == 1 else httpx.Response(200, json={"data": {}})

    upstream, _ = client(handle)
    assert upstream.graphql("/graphql", endpoint="graphql", query="{ x }").data == {"data": {}}
    assert len(calls) == 2


# -- pagination ----------------------------------------------------------------------------------
ISSUES = [f"issue-{i}" for i in range(5)]


def graphql_pages(request: httpx.Request) -> httpx.Response:
    """GitHub GraphQL style: two issues a page, ``pageInfo { endCursor hasNextPage }``."""
    after = body(request)["variables"].get("after")
    start = 0 if after is None else int(after.removeprefix("c")) + 1
    nodes = ISSUES[start : start + 2]
    end = start + len(nodes) - 1
    info = {"endCursor": f"c{end}", "hasNextPage": end < len(ISSUES) - 1}
    return httpx.Response(
        200, json={"data": {"repository": {"issues": {"nodes": nodes, "pageInfo": info}}}}
    )


def test_cursor_pagination_sends_the_end_cursor_back_as_a_graphql_variable() -> None:
    issues = "data.repository.issues"
    pagination = CursorPagination(
        f"{issues}.pageInfo.endCursor", has_next=f"{issues}.pageInfo.hasNextPage", variable="after"
    )
    upstream, _ = client(graphql_pages)
    pages = upstream.paginate(
        "/graphql",
        endpoint="issues",
        json={"query": "query($after: String) { ... }", "variables": {"owner": "acme"}},
        pagination=pagination,
        idempotent=True,
        graphql=True,
    )
    assert [p.data["data"]["repository"]["issues"]["nodes"] for p in pages] == [
        ISSUES[0:2],
        ISSUES[2:4],
        ISSUES[4:5],
    ]


def test_cursor_pagination_as_a_query_parameter_ends_on_a_null_cursor() -> None:
    asked: list[str | None] = []

    def handle(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("cursor")
        asked.append(cursor)
        following = {None: "b", "b": "c", "c": None}[cursor]
        return httpx.Response(200, json={"items": [cursor], "meta": {"next_cursor": following}})

    upstream, _ = client(handle, CursorPagination("meta.next_cursor", param="cursor"))
    pages = list(upstream.paginate("/items", endpoint="items", params={"per_page": 1}))
    assert [p.data["items"] for p in pages] == [[None], ["b"], ["c"]]
    assert asked == [None, "b", "c"]


def test_a_cursor_field_that_is_missing_is_a_malformed_response() -> None:
    upstream, _ = client(
        lambda r: httpx.Response(200, json={"items": []}),
        CursorPagination("meta.next_cursor", param="cursor"),
    )
    with pytest.raises(MalformedResponseError, match=r"missing field meta\.next_cursor"):
        list(upstream.paginate("/items", endpoint="items"))


def test_a_cursor_that_does_not_advance_is_a_malformed_response() -> None:
    upstream, _ = client(
        lambda r: httpx.Response(200, json={"next": "same"}),
        CursorPagination("next", param="cursor"),
    )
    with pytest.raises(MalformedResponseError, match="did not advance"):
        list(upstream.paginate("/items", endpoint="items", params={"cursor": "same"}))


def test_next_url_pagination_follows_the_url_in_the_body() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        following = f"https://api.example/persons?offset={offset + 2}" if offset < 2 else None
        return httpx.Response(200, json={"results": [offset, offset + 1], "next": following})

    upstream, _ = client(handle, NextUrlPagination("next"))
    assert [p.data["results"] for p in upstream.paginate("/persons", endpoint="persons")] == [
        [0, 1],
        [2, 3],
    ]


def test_a_next_page_on_another_origin_is_refused_before_it_is_requested() -> None:
    hosts: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        return httpx.Response(200, json={"results": [], "next": "https://evil.example/steal"})

    upstream, _ = client(handle, NextUrlPagination())
    with pytest.raises(ForeignOriginError):
        list(upstream.paginate("/persons", endpoint="persons"))
    assert hosts == ["api.example"]


ROWS = list(range(7))


def offset_rows(request: httpx.Request) -> httpx.Response:
    """Query-parameter offset/limit, with the total count."""
    offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
    return httpx.Response(200, json={"count": len(ROWS), "results": ROWS[offset : offset + limit]})


def test_offset_pagination_in_the_query_stops_at_a_short_page() -> None:
    upstream, _ = client(offset_rows, OffsetPagination(3, items="results"))
    pages = list(upstream.paginate("/rows", endpoint="rows", params={"q": "x"}))
    assert [p.data["results"] for p in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [p.url for p in pages] == [
        f"https://api.example/rows?q=x&limit=3&offset={n}" for n in (0, 3, 6)
    ]


def test_offset_pagination_stops_at_the_total_without_asking_for_an_empty_page() -> None:
    sizes = OffsetPagination(7, items="results", total="count")
    upstream, health = client(offset_rows, sizes)
    assert [p.data["results"] for p in upstream.paginate("/rows", endpoint="rows")] == [ROWS]
    assert health.requests() == {("rows", "2xx"): 1}


def test_offset_pagination_in_a_json_body() -> None:
    """Plausible's Stats API v2: ``{"pagination": {"limit": N, "offset": M}}`` in the query."""
    sent: list[Any] = []

    def handle(request: httpx.Request) -> httpx.Response:
        query = body(request)
        sent.append(query["pagination"])
        page = query["pagination"]
        rows = ROWS[page["offset"] : page["offset"] + page["limit"]]
        return httpx.Response(200, json={"results": [{"dimensions": [r]} for r in rows]})

    upstream, _ = client(handle, OffsetPagination(4, items="results", body_key="pagination"))
    pages = list(
        upstream.paginate("/api/v2/query", endpoint="query", json={"site_id": "a"}, idempotent=True)
    )
    assert len(pages) == 2
    assert sent == [{"limit": 4, "offset": 0}, {"limit": 4, "offset": 4}]


def test_max_pages_bounds_every_policy() -> None:
    def endless(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        return httpx.Response(200, json={"results": [offset, offset + 1]})

    upstream, health = client(endless, OffsetPagination(2, items="results"))
    with pytest.raises(PageLimitError) as err:
        list(upstream.paginate("/rows", endpoint="rows", max_pages=3))
    assert err.value.max_pages == 3
    assert health.requests() == {("rows", "2xx"): 3}


def test_paginating_without_a_policy_is_a_programming_error() -> None:
    upstream, _ = client(lambda r: httpx.Response(200, json=[]))
    with pytest.raises(TypeError, match="no pagination policy"):
        list(upstream.paginate("/rows", endpoint="rows"))


# -- rate limits ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("120", NOW + 120, id="delay-seconds"),
        pytest.param("0", NOW, id="zero-seconds"),
        pytest.param("Fri, 15 Jan 2027 09:00:00 GMT", NOW + 3600, id="imf-fixdate"),
        pytest.param("Friday, 15-Jan-27 09:00:00 GMT", NOW + 3600, id="obsolete-rfc-850-date"),
        pytest.param("Fri Jan 15 09:00:00 2027", NOW + 3600, id="obsolete-asctime-date"),
        pytest.param("soon", None, id="garbage-is-ignored"),
        pytest.param("-5", None, id="negative-seconds-are-ignored"),
        pytest.param(None, None, id="absent"),
    ],
)
def test_retry_after_is_seconds_or_an_http_date(value: str | None, expected: float | None) -> None:
    assert retry_at(value, NOW) == expected


@pytest.mark.parametrize(
    "header",
    [pytest.param("3600", id="seconds"), pytest.param("Fri, 15 Jan 2027 09:00:00 GMT", id="date")],
)
def test_a_429_with_a_long_retry_after_is_raised_with_its_time(header: str) -> None:
    upstream, health = client(lambda r: httpx.Response(429, headers={"Retry-After": header}))
    with pytest.raises(RateLimitedError) as err:
        upstream.get("/stats", endpoint="stats")
    assert err.value.retry_at == NOW + 3600
    assert health.requests() == {("stats", "4xx"): 1}  # not slept: the refresh is postponed
    assert health.rate_limit() == (None, None)  # this policy reads no budget headers


def test_a_429_with_a_short_retry_after_is_waited_out_even_for_a_post() -> None:
    calls: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "0"})
        return httpx.Response(200, json={"ok": 1})

    upstream, _ = client(handle)
    assert upstream.post("/api/v2/query", endpoint="query", json={}).data == {"ok": 1}
    assert len(calls) == 2  # a 429 was refused, not processed: resending is safe


def test_plain_http_rate_limits_know_only_429() -> None:
    forbidden = httpx.Response(
        403, json={"message": "API rate limit exceeded"}, headers={"X-RateLimit-Remaining": "0"}
    )
    upstream, _ = client(lambda r: forbidden)
    with pytest.raises(UpstreamStatusError) as err:
        upstream.get("/stats", endpoint="stats")
    assert err.value.status == 403
    upstream, _ = client(lambda r: httpx.Response(429))
    with pytest.raises(RateLimitedError) as limited:
        upstream.get("/stats", endpoint="stats")
    assert limited.value.retry_at is None


# -- run_exporter --------------------------------------------------------------------------------
@dataclass(frozen=True)
class TinySettings:
    config: Path = setting(Path("portfolio.yaml"), help="portfolio.yaml")  # noqa: RUF009
    api_key: Secret | None = setting(None, secret=True, help="API key")  # noqa: RUF009
    interval: Seconds = setting(Seconds(60), help="refresh interval")  # noqa: RUF009

    def __post_init__(self) -> None:
        if self.interval <= 0:
            raise ValueError("TINY_INTERVAL must be positive")


def _never_built(settings: TinySettings, portfolio: Portfolio) -> Serving:
    raise AssertionError("--check-config and subcommands must not build the exporter")


def _count(settings: TinySettings, portfolio: Portfolio, args: argparse.Namespace) -> int:
    print(f"{args.greeting} {len(portfolio.products)} products")
    return 0


TINY: ExporterSpec[TinySettings] = ExporterSpec(
    name="tiny",
    settings=TinySettings,
    prefix="TINY_",
    description="A tiny exporter of the tests.",
    build=_never_built,
    summary=lambda settings, portfolio: f"{len(portfolio.products)} products",
    commands=(
        Command(
            name="count",
            help="print the product count",
            run=_count,
            arguments=lambda parser: parser.add_argument("--greeting", default="hello"),
        ),
    ),
)


def test_run_exporter_check_config_exits_0_listing_settings_with_secrets_redacted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = {"TINY_CONFIG": str(history.PORTFOLIO), "TINY_API_KEY": "k-secret"}
    assert run_exporter(TINY, ["--check-config"], env) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"TINY_CONFIG={history.PORTFOLIO} (env TINY_CONFIG)",
        "TINY_API_KEY=*** (env TINY_API_KEY)",
        "TINY_INTERVAL=60.0 (default)",
        "config ok: 2 products",
    ]


def test_run_exporter_exits_2_on_bad_settings_listing_each(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    env = {"TINY_CONFIG": str(history.PORTFOLIO), "TINY_INTERVAL": "often"}
    env["TINY_API_KEY_FILE"] = str(tmp_path / "missing")
    with caplog.at_level(logging.ERROR):
        assert run_exporter(TINY, ["--check-config"], env) == 2
    assert "TINY_INTERVAL: expected a duration like 30s, 5m, 1h or 7d, got 'often'" in caplog.text
    assert "TINY_API_KEY_FILE: cannot read" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        assert run_exporter(TINY, ["--check-config"], {"TINY_INTERVAL": "0"}) == 2
    assert "TINY_INTERVAL must be positive" in caplog.text


def test_run_exporter_exits_2_on_a_bad_portfolio(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    bad = tmp_path / "portfolio.yaml"
    bad.write_text("version: 1\nproducts: []\nsurprise: true\n")
    with caplog.at_level(logging.ERROR):
        assert run_exporter(TINY, ["--check-config"], {"TINY_CONFIG": str(bad)}) == 2
    assert "surprise" in caplog.text
    assert run_exporter(TINY, ["--check-config"], {"TINY_CONFIG": str(tmp_path / "no")}) == 2


def test_run_exporter_runs_a_subcommand_and_lists_settings_in_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = {"TINY_CONFIG": str(history.PORTFOLIO)}
    assert run_exporter(TINY, ["count", "--greeting=hi"], env) == 0
    assert capsys.readouterr().out == "hi 2 products\n"
    with pytest.raises(SystemExit) as done:
        run_exporter(TINY, ["--help"], env)
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: python -m exporters.tiny")
    assert "TINY_API_KEY (or TINY_API_KEY_FILE): API key [default (unset)]" in text
    assert "TINY_INTERVAL: refresh interval [default 60.0]" in text
