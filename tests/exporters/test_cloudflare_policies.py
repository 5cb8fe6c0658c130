"""The toolkit policies the Cloudflare exporter added: ``PageNumberPagination`` (the v4 API's
``page``/``per_page`` with ``result_info.total_pages``) and ``GraphQLRateLimit`` (a rate
limit reported inside a GraphQL 200, checked before ``GraphQLError``), with an injected
``httpx.MockTransport``."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from exporters.toolkit.errors import GraphQLError, RateLimitedError
from exporters.toolkit.http import RetryPolicy, UpstreamClient, make_client
from exporters.toolkit.pagination import PageNumberPagination
from exporters.toolkit.ratelimit import GraphQLRateLimit
from exporters.toolkit.selfmetrics import SelfMetrics

FAST = RetryPolicy(attempts=3, wait_initial=0.0, wait_max=0.0, wait_jitter=0.0, timeout=5)
NOW = 1_800_000_000.0
LIMITS = {"rate limiter budget depleted": 300.0, "quota exceeded": 60.0}


def client(handle: Callable[[httpx.Request], httpx.Response]) -> UpstreamClient:
    health = SelfMetrics("cloudflare", ["traffic"], lambda: NOW)
    http = make_client("https://api.example/client/v4", transport=httpx.MockTransport(handle))
    return UpstreamClient(
        http, health, policy=FAST, rate_limit=GraphQLRateLimit(LIMITS), clock=lambda: NOW
    )


def test_page_numbers_are_asked_until_the_last_page() -> None:
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url.params))
        page = int(request.url.params["page"])
        info = {"page": page, "per_page": 5, "count": 5 if page < 3 else 2, "total_pages": 3}
        return httpx.Response(200, json={"success": True, "result": [], "result_info": info})

    policy = PageNumberPagination(5, total_pages="result_info.total_pages")
    pages = list(client(handle).paginate("/zones", endpoint="zones", pagination=policy))
    assert len(pages) == 3
    assert asked == ["page=1&per_page=5", "page=2&per_page=5", "page=3&per_page=5"]


@pytest.mark.parametrize(
    ("message", "wait"),
    [
        pytest.param("rate limiter budget depleted, try again after 5 minutes", 300.0, id="budget"),
        pytest.param(
            "quota exceeded, please repeat your request in the next minute", 60.0, id="quota"
        ),
    ],
)
def test_a_rate_limit_inside_a_200_is_a_rate_limit_with_its_wait(message: str, wait: float) -> None:
    answers: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        answers.append(1)
        return httpx.Response(200, json={"data": None, "errors": [{"message": message}]})

    with pytest.raises(RateLimitedError) as raised:
        client(handle).graphql(
            "/graphql", endpoint="traffic", query="{ viewer { zones { zoneTag } } }"
        )
    assert raised.value.retry_at == NOW + wait
    assert answers == [1], "a wait past the request's time (5 s here) is raised, not slept"


def test_other_errors_in_a_200_stay_graphql_errors_and_a_429_honours_retry_after() -> None:
    def authz(request: httpx.Request) -> httpx.Response:
        error = {"message": "not authorized for that account", "extensions": {"code": "authz"}}
        return httpx.Response(200, content=json.dumps({"data": None, "errors": [error]}))

    with pytest.raises(GraphQLError, match="not authorized for that account"):
        client(authz).graphql(
            "/graphql", endpoint="traffic", query="{ viewer { zones { zoneTag } } }"
        )

    def limited(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "3600"}, json={"success": False})

    with pytest.raises(RateLimitedError) as raised:
        client(limited).graphql(
            "/graphql", endpoint="traffic", query="{ viewer { zones { zoneTag } } }"
        )
    assert raised.value.retry_at == NOW + 3600
