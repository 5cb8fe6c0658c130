"""The upstream HTTP client: explicit timeouts, retries, conditional requests, pagination.

Use ``make_client()`` to build the ``httpx.Client`` (tests pass their own transport or a
loopback base URL) and wrap it in ``UpstreamClient``, which every exporter uses upstream:

- ``get`` (conditional, cached), ``post`` (JSON bodies), ``graphql`` (a query, with GraphQL's
  errors-in-200 raised as ``GraphQLError``) and the general ``request``;
- retries with exponential backoff and jitter (stamina) for 5xx, timeouts and broken
  connections, for idempotent requests only (GET, or a POST the caller marks idempotent); a
  request that never reached upstream (connection refused) is retried whatever its method;
- every wait (backoff, a rate limit's named wait) ends at once when ``cancel`` is set (the
  exporter is stopping), and a cancelled request raises ``CancelledError``;
- the rate-limit policy (``ratelimit``) the exporter chose reads the budget headers and
  recognises refusals; when upstream names a wait it replaces the backoff, and a wait longer
  than ``RetryPolicy.max_rate_limit_wait`` is not slept but raised as ``RateLimitedError`` so
  the refresh loop can postpone the next refresh instead;
- conditional GETs: every 200 with an ``ETag`` is cached (bounded LRU) and re-requested with
  ``If-None-Match``; a 304 is answered from the cache (and costs no rate-limit points). A
  read the caller will not repeat (an immutable object, read once) passes ``cache=False``: it
  is neither stored nor sent conditionally, since a body kept for a 304 that never comes is
  only memory; ``forget(url)`` drops a page the caller will not ask for again;
- ``paginate`` walks a list with the pagination policy (``pagination``) the exporter chose,
  bounded by ``max_pages``;
- requests go only to the configured API origin (scheme, host, port of the base URL): a URL,
  a next page or a redirect elsewhere raises ``ForeignOriginError`` and nothing (least of all
  the token) is sent there; same-origin redirects are followed, at most ``MAX_REDIRECTS``;
- error messages never carry header values (an httpx protocol error quotes the header it
  refused, which may be the token);
- every request counted by endpoint and status class.
"""

from __future__ import annotations

import json as json_module
import logging
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
import stamina

from exporters.toolkit.errors import (
    CancelledError,
    ForeignOriginError,
    GraphQLError,
    MalformedResponseError,
    PageLimitError,
    RateLimitedError,
    TransportError,
    UpstreamStatusError,
    UpstreamTimeoutError,
)
from exporters.toolkit.pagination import Pagination
from exporters.toolkit.ratelimit import RateLimitPolicy, RetryAfterRateLimit
from exporters.toolkit.responses import PageRequest, Params, Response

log = logging.getLogger(__name__)

# Named timeouts: a slow upstream must end a refresh, never hang it (and never a scrape).
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
WRITE_TIMEOUT = 10.0
POOL_TIMEOUT = 5.0
DEFAULT_TIMEOUT = httpx.Timeout(
    connect=CONNECT_TIMEOUT, read=READ_TIMEOUT, write=WRITE_TIMEOUT, pool=POOL_TIMEOUT
)
CACHE_ENTRIES = 5000  # conditional-request cache bound (a few entries per watched repo)
MAX_PAGES = 100  # default bound of one paginated walk
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})  # RFC 9110 9.2.2
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def make_client(
    base_url: str,
    headers: Mapping[str, str] | None = None,
    *,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """An ``httpx.Client`` with explicit timeouts; the only way exporters should build one.
    Redirects are not followed here: ``UpstreamClient`` follows those to its own origin."""
    return httpx.Client(
        base_url=base_url,
        headers=dict(headers or {}),
        timeout=timeout,
        transport=transport,
        follow_redirects=False,
    )


class RequestRecorder(Protocol):
    """What the client reports to; ``SelfMetrics`` implements it."""

    def record_request(self, endpoint: str, status_class: str) -> None: ...

    def record_rate_limit(self, remaining: float | None, reset: float | None) -> None: ...


@dataclass(frozen=True)
class RetryPolicy:
    """How hard one request tries. Defaults suit a background refresh, not a scrape."""

    attempts: int = 4
    wait_initial: float = 0.5
    wait_max: float = 10.0
    wait_jitter: float = 1.0
    timeout: float = 120.0  # total time one request may spend retrying
    max_rate_limit_wait: float = 60.0  # sleep at most this long for a Retry-After / reset


@dataclass
class _Entry:
    etag: str
    data: Any
    links: Mapping[str, str]


@dataclass
class ResponseCache:
    """Bounded LRU of ETag-tagged bodies, keyed by the full request URL. Thread-safe."""

    max_entries: int = CACHE_ENTRIES
    _entries: OrderedDict[str, _Entry] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: str) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: _Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def discard(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)


def status_class(status: int) -> str:
    """``304`` stays itself (it is the free, unchanged answer); others become ``2xx`` etc."""
    return "304" if status == 304 else f"{status // 100}xx"


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def describe_error(exc: BaseException, secrets: tuple[str, ...] = ()) -> str:
    """``exc`` for a log line without header values: a protocol error is named only (h11
    quotes the header value it refused), other messages have ``secrets`` masked."""
    if isinstance(exc, (httpx.ProtocolError, httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return type(exc).__name__
    text = f"{type(exc).__name__}: {exc}"
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


class UpstreamClient:
    """Talks JSON to one upstream API. Inject the ``httpx.Client``, recorder and clock, and the
    exporter's policies: ``policy`` (retries), ``pagination`` (the default of ``paginate``)
    and ``rate_limit`` (plain 429 + ``Retry-After`` unless the exporter chooses another)."""

    def __init__(
        self,
        client: httpx.Client,
        recorder: RequestRecorder,
        *,
        cache: ResponseCache | None = None,
        policy: RetryPolicy | None = None,
        pagination: Pagination | None = None,
        rate_limit: RateLimitPolicy | None = None,
        clock: Callable[[], float] = time.time,
        cancel: threading.Event | None = None,
    ) -> None:
        self.client = client
        self.recorder = recorder
        self.cancel = cancel if cancel is not None else threading.Event()
        self.cache = cache if cache is not None else ResponseCache()
        self.policy = policy or RetryPolicy()
        self.pagination = pagination
        self.rate_limit = rate_limit if rate_limit is not None else RetryAfterRateLimit()
        self.clock = clock
        base = client.base_url
        self.origin = _origin(base) if base.host else None  # None: no base URL, no bound
        # Header values long enough to be credentials, masked in any error message.
        self._secrets = tuple(v for v in client.headers.values() if len(v) >= 8)

    # -- one request -------------------------------------------------------------------------
    def get(
        self, url: str, *, endpoint: str, params: Params | None = None, cache: bool = True
    ) -> Response:
        """GET ``url`` with retries; conditional when a cached ETag exists. ``cache=False``
        for a read that will not be repeated: its body is not kept for a later 304."""
        return self.request("GET", url, endpoint=endpoint, params=params, cache=cache)

    def forget(self, url: str) -> None:
        """Drop the cached body of ``url`` (a ``Response.url``): the caller is done with it."""
        self.cache.discard(url)

    def post(
        self,
        url: str,
        *,
        endpoint: str,
        json: Any,
        params: Params | None = None,
        idempotent: bool = False,
        graphql: bool = False,
    ) -> Response:
        """POST ``json``. Not retried after a failure that may have reached upstream (5xx, a
        timeout, a reset) unless ``idempotent``: mark a POST that only reads (a search, a
        stats or GraphQL query) idempotent, never one that creates or changes something.
        With ``graphql`` an ``errors`` array in a 200 raises ``GraphQLError``."""
        return self.request(
            "POST",
            url,
            endpoint=endpoint,
            params=params,
            json=json,
            idempotent=idempotent,
            graphql=graphql,
        )

    def graphql(
        self, url: str, *, endpoint: str, query: str, variables: Mapping[str, Any] | None = None
    ) -> Response:
        """A GraphQL query: POST ``{"query", "variables"}`` with GraphQL semantics. A query only
        reads, so it is idempotent and retried like a GET; send a mutation with
        ``post(..., graphql=True)``, which is not retried on ambiguous failures."""
        body = {"query": query, "variables": dict(variables or {})}
        return self.post(url, endpoint=endpoint, json=body, idempotent=True, graphql=True)

    def request(
        self,
        method: str,
        url: str,
        *,
        endpoint: str,
        params: Params | None = None,
        json: Any = None,
        idempotent: bool | None = None,
        graphql: bool = False,
        cache: bool = True,
    ) -> Response:
        """Send one request with retries. ``idempotent`` defaults to what RFC 9110 says of the
        method (GET, PUT, DELETE are; POST is not); only GETs use the ETag cache, and only
        with ``cache``."""
        method = method.upper()
        target = self.client.build_request(method, url, params=params).url
        self._check_origin(endpoint, target, "request")
        request_url = str(target)
        retry_ambiguous = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        p = self.policy
        started = time.monotonic()
        tried = [0]  # attempts so far, read by the hook for the backoff
        for attempt in stamina.retry_context(
            on=lambda exc: self._backoff(
                exc, idempotent=retry_ambiguous, attempt=tried[0], started=started
            ),
            attempts=p.attempts,
            timeout=p.timeout,
            wait_initial=p.wait_initial,
            wait_max=p.wait_max,
            wait_jitter=p.wait_jitter,
        ):
            with attempt:
                tried[0] = attempt.num
                if self.cancel.is_set():
                    raise CancelledError(endpoint, "the exporter is stopping")
                return self._once(
                    method, request_url, endpoint, json=json, graphql=graphql, cache=cache
                )
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    def _check_origin(self, endpoint: str, target: httpx.URL, what: str) -> None:
        if self.origin is not None and _origin(target) != self.origin:
            raise ForeignOriginError(
                endpoint, f"{what} to another origin ({target.scheme}://{target.host}) refused"
            )

    def _send(
        self, method: str, url: str, endpoint: str, headers: Mapping[str, str], json: Any
    ) -> tuple[httpx.Response, bytes]:
        """One HTTP exchange; httpx's errors become the toolkit's, without header values."""
        try:
            response = self.client.request(method, url, headers=headers, json=json)
            return response, response.read()
        except httpx.TimeoutException as exc:
            self.recorder.record_request(endpoint, "error")
            sent = not isinstance(exc, httpx.ConnectTimeout)
            why = describe_error(exc, self._secrets)
            raise UpstreamTimeoutError(endpoint, f"timed out: {why}", sent=sent) from None
        except httpx.TransportError as exc:
            self.recorder.record_request(endpoint, "error")
            sent = not isinstance(exc, httpx.ConnectError)
            why = describe_error(exc, self._secrets)
            raise TransportError(endpoint, f"connection failed: {why}", sent=sent) from None

    def _once(
        self, method: str, url: str, endpoint: str, *, json: Any, graphql: bool, cache: bool
    ) -> Response:
        cacheable = cache and method == "GET"
        cached = self.cache.get(url) if cacheable else None
        headers = {"If-None-Match": cached.etag} if cached else {}
        target, body_json = url, json
        for _ in range(MAX_REDIRECTS + 1):
            response, body = self._send(method, target, endpoint, headers, body_json)
            if response.status_code not in REDIRECTS:
                break
            self.recorder.record_request(endpoint, status_class(response.status_code))
            location = response.headers.get("Location")
            if not location:
                raise UpstreamStatusError(
                    endpoint, response.status_code, "redirect without Location"
                )
            following = response.url.join(location)
            self._check_origin(endpoint, following, "redirect")
            if response.status_code == 303 or (
                response.status_code in (301, 302) and method == "POST"
            ):
                method, body_json = "GET", None  # what browsers and httpx do
            target = str(following)
        else:
            raise UpstreamStatusError(endpoint, response.status_code, "too many redirects")
        status = response.status_code
        self.recorder.record_request(endpoint, status_class(status))
        remaining, reset = self.rate_limit.observe(response.headers)
        if remaining is not None or reset is not None:
            self.recorder.record_rate_limit(remaining, reset)
        if status == 304 and cached is not None:
            return Response(
                url=url,
                status=304,
                data=cached.data,
                links=cached.links,
                not_modified=True,
                etag=cached.etag,
            )
        refusal = self.rate_limit.refusal(endpoint, response, body, self.clock())
        if refusal is not None:
            raise refusal
        if status >= 400 or status < 200 or status == 304:
            raise UpstreamStatusError(endpoint, status, body[:200].decode("utf-8", "replace"))
        try:
            data = json_module.loads(body)
        except ValueError as exc:
            raise MalformedResponseError(endpoint, f"invalid JSON from {url}: {exc}") from exc
        if graphql:
            _check_graphql(endpoint, data)
        links = {
            str(rel): str(link["url"])
            for rel, link in response.links.items()
            if rel and link.get("url")
        }
        etag = response.headers.get("ETag")
        if etag and cacheable:
            self.cache.put(url, _Entry(etag, data, links))
        return Response(url=url, status=status, data=data, links=links, etag=etag)

    def _backoff(
        self, exc: Exception, *, idempotent: bool, attempt: int, started: float
    ) -> bool | float:
        """stamina hook: whether to retry ``exc``. The wait happens here, on ``cancel``, since
        stamina's own sleep cannot be cut short by SIGTERM; stamina then retries at once."""
        delay = self._delay(exc, idempotent=idempotent, attempt=attempt)
        if delay is None:
            return False
        if time.monotonic() - started + delay > self.policy.timeout:
            return False  # the retry would start after the request's time is up
        log.debug("retrying %s in %.1fs after: %s", getattr(exc, "endpoint", "?"), delay, exc)
        if self.cancel.wait(delay):
            return False
        return 0.0

    def _delay(self, exc: Exception, *, idempotent: bool, attempt: int) -> float | None:
        """How long to wait before retrying ``exc``, or None when it is not retried."""
        if self.cancel.is_set() or isinstance(exc, CancelledError):
            return None
        if isinstance(exc, RateLimitedError):  # refused, not processed: safe for any method
            if exc.retry_at is None:
                return None
            wait = max(0.0, exc.retry_at - self.clock())
            if wait > self.policy.max_rate_limit_wait:
                return None
            return wait
        if not isinstance(exc, (UpstreamTimeoutError, TransportError, UpstreamStatusError)):
            return None
        retry = True if not exc.sent else idempotent
        if retry and exc.sent and isinstance(exc, UpstreamStatusError):
            retry = exc.status >= 500
        if not retry:
            return None
        p = self.policy
        backoff = p.wait_initial * 2.0 ** max(0, attempt - 1)  # stamina's exponential backoff
        jitter = random.uniform(0, p.wait_jitter) if p.wait_jitter else 0.0
        return min(p.wait_max, backoff + jitter)

    # -- lists -------------------------------------------------------------------------------
    def paginate(
        self,
        url: str,
        *,
        endpoint: str,
        params: Params | None = None,
        json: Any = None,
        pagination: Pagination | None = None,
        max_pages: int = MAX_PAGES,
        idempotent: bool | None = None,
        graphql: bool = False,
        cache: bool = True,
    ) -> Iterator[Response]:
        """Yield each page (a GET, or a POST of ``json``), asking ``pagination`` (or the
        client's) for the next. The caller may stop early; more than ``max_pages`` pages raise
        ``PageLimitError``, a next page on another origin ``ForeignOriginError``."""
        policy = pagination if pagination is not None else self.pagination
        if policy is None:
            raise TypeError(f"{endpoint}: no pagination policy (pass pagination=)")
        request = policy.first(PageRequest(url=url, params=params, json=json))
        count = 0
        while True:
            page = self.request(
                "GET" if request.json is None else "POST",
                request.url,
                endpoint=endpoint,
                params=request.params,
                json=request.json,
                idempotent=idempotent,
                graphql=graphql,
                cache=cache,
            )
            count += 1
            yield page
            try:
                following = policy.next(request, page)
            except (LookupError, TypeError, ValueError) as exc:
                raise MalformedResponseError(endpoint, f"next page: {exc}") from exc
            if following is None:
                return
            if count >= max_pages:
                raise PageLimitError(endpoint, max_pages)
            target = self.client.build_request("GET", following.url).url
            self._check_origin(endpoint, target, "next page")
            request = following


def _check_graphql(endpoint: str, data: Any) -> None:
    """GraphQL reports failures in a 200: an ``errors`` array, with ``data`` partial or null."""
    if not isinstance(data, dict):
        raise MalformedResponseError(endpoint, "a GraphQL response must be a JSON object")
    errors = data.get("errors")
    if errors:
        raise GraphQLError(
            endpoint, errors if isinstance(errors, list) else [errors], data.get("data")
        )
    if "data" not in data:
        raise MalformedResponseError(endpoint, "GraphQL response without data or errors")
