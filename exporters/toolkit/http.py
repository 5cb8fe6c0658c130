"""The upstream HTTP client: explicit timeouts, retries, conditional requests, pagination.

Use ``make_client()`` to build the ``httpx.Client`` (tests pass their own transport or a
loopback base URL) and wrap it in ``UpstreamClient``, which every exporter uses for reads:

- retries with exponential backoff and jitter (stamina) for 5xx, timeouts and broken
  connections; ``Retry-After`` and rate-limit reset headers replace the backoff when upstream
  names a wait, and a wait longer than ``RetryPolicy.max_rate_limit_wait`` is not slept but
  raised as ``RateLimitedError`` so the refresh loop can postpone the next refresh instead;
- conditional requests: every 200 with an ``ETag`` is cached (bounded LRU) and re-requested
  with ``If-None-Match``; a 304 is answered from the cache (and costs no rate-limit points);
- pagination through ``Link: <...>; rel="next"`` headers;
- every request counted by endpoint and status class, rate-limit headers recorded.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
import stamina

from exporters.toolkit.errors import (
    MalformedResponseError,
    RateLimitedError,
    TransportError,
    UpstreamError,
    UpstreamStatusError,
    UpstreamTimeoutError,
)

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


def make_client(
    base_url: str,
    headers: Mapping[str, str] | None = None,
    *,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """An ``httpx.Client`` with explicit timeouts; the only way exporters should build one."""
    return httpx.Client(
        base_url=base_url,
        headers=dict(headers or {}),
        timeout=timeout,
        transport=transport,
        follow_redirects=True,
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


@dataclass(frozen=True)
class Response:
    """A parsed JSON answer. ``not_modified`` is True when it came from the cache on a 304."""

    url: str
    status: int
    data: Any
    next_url: str | None
    not_modified: bool = False
    etag: str | None = None


@dataclass
class _Entry:
    etag: str
    data: Any
    next_url: str | None


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

    def __len__(self) -> int:
        return len(self._entries)


def status_class(status: int) -> str:
    """``304`` stays itself (it is the free, unchanged answer); others become ``2xx`` etc."""
    return "304" if status == 304 else f"{status // 100}xx"


def _header_float(headers: httpx.Headers, name: str) -> float | None:
    value = headers.get(name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class UpstreamClient:
    """Reads JSON from one upstream API. Inject the ``httpx.Client``, recorder and clock."""

    def __init__(
        self,
        client: httpx.Client,
        recorder: RequestRecorder,
        *,
        cache: ResponseCache | None = None,
        policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.recorder = recorder
        self.cache = cache if cache is not None else ResponseCache()
        self.policy = policy or RetryPolicy()
        self.clock = clock

    # -- one request -------------------------------------------------------------------------
    def get(
        self, url: str, *, endpoint: str, params: Mapping[str, str | int] | None = None
    ) -> Response:
        """GET ``url`` with retries; conditional when a cached ETag exists."""
        request_url = str(self.client.build_request("GET", url, params=params).url)
        p = self.policy
        for attempt in stamina.retry_context(
            on=self._backoff,
            attempts=p.attempts,
            timeout=p.timeout,
            wait_initial=p.wait_initial,
            wait_max=p.wait_max,
            wait_jitter=p.wait_jitter,
        ):
            with attempt:
                return self._once(request_url, endpoint)
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    def _once(self, url: str, endpoint: str) -> Response:
        cached = self.cache.get(url)
        headers = {"If-None-Match": cached.etag} if cached else {}
        try:
            response = self.client.get(url, headers=headers)
            body = response.read()
        except httpx.TimeoutException as exc:
            self.recorder.record_request(endpoint, "error")
            raise UpstreamTimeoutError(endpoint, f"timed out: {exc!r}") from exc
        except httpx.TransportError as exc:
            self.recorder.record_request(endpoint, "error")
            raise TransportError(endpoint, f"connection failed: {exc!r}") from exc
        status = response.status_code
        self.recorder.record_request(endpoint, status_class(status))
        self._rate_limit(response.headers)
        if status == 304 and cached is not None:
            return Response(url, 304, cached.data, cached.next_url, True, cached.etag)
        if status in (403, 429):
            self._raise_if_rate_limited(endpoint, response, body)
        if status >= 400 or status < 200 or status == 304:
            raise UpstreamStatusError(endpoint, status, body[:200].decode("utf-8", "replace"))
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise MalformedResponseError(endpoint, f"invalid JSON from {url}: {exc}") from exc
        next_url = response.links.get("next", {}).get("url")
        etag = response.headers.get("ETag")
        if etag:
            self.cache.put(url, _Entry(etag, data, next_url))
        return Response(url, status, data, next_url, False, etag)

    def _rate_limit(self, headers: httpx.Headers) -> None:
        remaining = _header_float(headers, "X-RateLimit-Remaining")
        reset = _header_float(headers, "X-RateLimit-Reset")
        if remaining is not None or reset is not None:
            self.recorder.record_rate_limit(remaining, reset)

    def _raise_if_rate_limited(self, endpoint: str, response: httpx.Response, body: bytes) -> None:
        # GitHub signals both primary (remaining 0, reset) and secondary limits (Retry-After,
        # or only a message) with 403 or 429; a 403 without any of these is a permission error.
        retry_after = _header_float(response.headers, "Retry-After")
        remaining = _header_float(response.headers, "X-RateLimit-Remaining")
        reset = _header_float(response.headers, "X-RateLimit-Reset")
        text = body[:500].decode("utf-8", "replace").lower()
        now = self.clock()
        if retry_after is not None:
            retry_at: float | None = now + retry_after
        elif remaining == 0 and reset is not None:
            retry_at = reset
        elif response.status_code == 429 or "rate limit" in text:
            retry_at = None
        else:
            return
        raise RateLimitedError(
            endpoint, f"HTTP {response.status_code} rate limited", retry_at=retry_at
        )

    def _backoff(self, exc: Exception) -> bool | float:
        """stamina hook: True retries with jittered backoff, a float waits exactly that long."""
        if isinstance(exc, RateLimitedError):
            if exc.retry_at is None:
                return False
            wait = max(0.0, exc.retry_at - self.clock())
            if wait > self.policy.max_rate_limit_wait:
                return False
            log.info("rate limited on %s; waiting %.1fs as upstream asked", exc.endpoint, wait)
            return wait
        if isinstance(exc, UpstreamStatusError):
            return exc.status >= 500
        return isinstance(exc, (UpstreamTimeoutError, TransportError))

    # -- lists -------------------------------------------------------------------------------
    def paginate(
        self,
        url: str,
        *,
        endpoint: str,
        params: Mapping[str, str | int] | None = None,
        max_pages: int = 100,
    ) -> Iterator[Response]:
        """Yield each page, following ``Link: rel="next"``. The caller may stop early."""
        page = self.get(url, endpoint=endpoint, params=params)
        yield page
        count = 1
        while page.next_url:
            if count >= max_pages:
                raise UpstreamError(endpoint, f"more than {max_pages} pages; refusing to go on")
            page = self.get(page.next_url, endpoint=endpoint)
            count += 1
            yield page
