"""Rate-limit policies: how one upstream says "slow down", and how much budget is left.

An exporter picks the policy that matches its vendor's documentation and passes it to
``UpstreamClient(rate_limit=...)``. A policy reads every response:

- ``observe(headers)`` returns the remaining requests and the Unix time the window resets
  (either may be None), which the client records as ``<exporter>_rate_limit_remaining`` and
  ``<exporter>_rate_limit_reset_timestamp_seconds``;
- ``refusal(endpoint, response, body, now)`` returns a ``RateLimitedError`` when the response is
  a rate-limit refusal (with ``retry_at`` when upstream named a time), or None.

``RetryAfterRateLimit`` is plain HTTP (RFC 9110/6585: 429 with an optional ``Retry-After``);
``GitHubRateLimit`` adds GitHub's ``X-RateLimit-*`` headers and its 403 refusals.
``GraphQLRateLimit`` adds refusals a GraphQL API reports inside a 200 (an ``errors`` entry
whose message says so, e.g. Cloudflare's "rate limiter budget depleted").
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Protocol

import httpx

from exporters.toolkit.errors import RateLimitedError

_DELAY = re.compile(r"\d+(\.\d+)?")


class RateLimitPolicy(Protocol):
    """What ``UpstreamClient`` asks about every response."""

    def observe(self, headers: httpx.Headers) -> tuple[float | None, float | None]: ...

    def refusal(
        self, endpoint: str, response: httpx.Response, body: bytes, now: float
    ) -> RateLimitedError | None: ...


def header_float(headers: httpx.Headers, name: str) -> float | None:
    """A numeric header, or None when it is absent or not a number."""
    value = headers.get(name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def retry_at(value: str | None, now: float) -> float | None:
    """The Unix time a ``Retry-After`` value names, or None when absent or invalid.

    RFC 9110 (section 10.2.3) allows delay-seconds (``120``) or an HTTP-date; recipients
    should accept the obsolete date formats too (RFC 850 and asctime, both in UTC).
    """
    if value is None:
        return None
    text = value.strip()
    if _DELAY.fullmatch(text):
        return now + float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # asctime dates carry no zone and are UTC
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


class RetryAfterRateLimit:
    """HTTP's own signal: a 429 is a refusal, ``Retry-After`` (seconds or HTTP-date) says until
    when. No budget headers are read. The default for an upstream that documents nothing else."""

    def observe(self, headers: httpx.Headers) -> tuple[float | None, float | None]:
        return None, None

    def refusal(
        self, endpoint: str, response: httpx.Response, body: bytes, now: float
    ) -> RateLimitedError | None:
        if response.status_code != 429:
            return None
        when = retry_at(response.headers.get("Retry-After"), now)
        return RateLimitedError(endpoint, "HTTP 429 rate limited", retry_at=when)


class GitHubRateLimit:
    """GitHub's REST rate limits: ``X-RateLimit-Remaining``/``X-RateLimit-Reset`` on every
    answer; primary (remaining 0 and a reset time) and secondary limits (``Retry-After``, or
    only a message) signalled with 403 or 429. A 403 with none of these is a permission error."""

    def observe(self, headers: httpx.Headers) -> tuple[float | None, float | None]:
        return (
            header_float(headers, "X-RateLimit-Remaining"),
            header_float(headers, "X-RateLimit-Reset"),
        )

    def refusal(
        self, endpoint: str, response: httpx.Response, body: bytes, now: float
    ) -> RateLimitedError | None:
        status = response.status_code
        if status not in (403, 429):
            return None
        after = retry_at(response.headers.get("Retry-After"), now)
        remaining = header_float(response.headers, "X-RateLimit-Remaining")
        reset = header_float(response.headers, "X-RateLimit-Reset")
        text = body[:500].decode("utf-8", "replace").lower()
        if after is not None:
            when: float | None = after
        elif remaining == 0 and reset is not None:
            when = reset
        elif status == 429 or "rate limit" in text:
            when = None
        else:
            return None
        return RateLimitedError(endpoint, f"HTTP {status} rate limited", retry_at=when)


class GraphQLRateLimit:
    """A GraphQL API that refuses for rate limiting in a 200: an ``errors`` entry whose message
    contains one of ``messages`` (lower case) is a refusal, retried after the seconds mapped to
    it; a 429 is one too (``Retry-After`` as in ``RetryAfterRateLimit``). Checked before the
    client raises ``GraphQLError``, so such an answer counts as ``rate_limited``."""

    def __init__(self, messages: Mapping[str, float]) -> None:
        self.messages = {text.lower(): wait for text, wait in messages.items()}

    def observe(self, headers: httpx.Headers) -> tuple[float | None, float | None]:
        return None, None

    def refusal(
        self, endpoint: str, response: httpx.Response, body: bytes, now: float
    ) -> RateLimitedError | None:
        if response.status_code == 429:
            return RetryAfterRateLimit().refusal(endpoint, response, body, now)
        if response.status_code != 200 or b'"errors"' not in body:
            return None
        try:
            errors = json.loads(body).get("errors")
        except (ValueError, AttributeError):
            return None  # the client reports the malformed body
        for error in errors if isinstance(errors, list) else []:
            message = str(error.get("message", "")) if isinstance(error, dict) else str(error)
            for text, wait in self.messages.items():
                if text in message.lower():
                    return RateLimitedError(
                        endpoint, f"rate limited in a 200: {message}", retry_at=now + wait
                    )
        return None
