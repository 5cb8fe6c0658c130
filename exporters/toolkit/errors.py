"""The toolkit's error hierarchy.

``ExporterError`` is the base. Settings problems end the process with exit code 2; upstream
errors end one refresh (the exporter keeps serving its last good values) and are counted in
``<exporter>_refresh_failures_total{reason=...}`` with ``reason`` taken from ``reason`` below.
"""

from __future__ import annotations

from typing import Any


class ExporterError(Exception):
    """Base class of every error the exporters raise on purpose."""

    reason = "error"


class SettingsError(ExporterError):
    """The settings (environment, ``*_FILE`` secrets, portfolio.yaml) are invalid.

    Carries every problem found, not only the first.
    """

    reason = "settings"

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(problems)
        header = f"{count} settings problem{'s' if count != 1 else ''} found"
        super().__init__("\n".join([header, *(f"  - {p}" for p in problems)]))


class UpstreamError(ExporterError):
    """A request to the upstream API failed. ``endpoint`` names the route template.

    ``sent`` is False when the request never reached upstream (the connection was refused or
    could not be opened in time): only then may a non-idempotent request be retried.
    """

    reason = "upstream"

    def __init__(self, endpoint: str, message: str, *, sent: bool = True) -> None:
        self.endpoint = endpoint
        self.sent = sent
        super().__init__(f"{endpoint}: {message}")


class UpstreamStatusError(UpstreamError):
    """Upstream answered with an unexpected HTTP status (after retries for 5xx)."""

    reason = "status"

    def __init__(self, endpoint: str, status: int, message: str = "") -> None:
        self.status = status
        super().__init__(endpoint, f"HTTP {status}{': ' + message if message else ''}")


class RateLimitedError(UpstreamError):
    """Upstream refused for rate limiting (429, or 403 with a rate-limit signal).

    ``retry_at`` is the Unix time after which a retry may succeed, when upstream said so.
    """

    reason = "rate_limited"

    def __init__(self, endpoint: str, message: str, retry_at: float | None) -> None:
        self.retry_at = retry_at
        super().__init__(endpoint, message)


class GraphQLError(UpstreamError):
    """A GraphQL endpoint answered HTTP 200 with an ``errors`` array (raised only for requests
    made with GraphQL semantics). ``errors`` holds the upstream error objects; ``data`` is the
    partial result, if any, which is not trusted."""

    reason = "graphql"

    def __init__(self, endpoint: str, errors: list[Any], data: Any = None) -> None:
        self.errors = list(errors)
        self.data = data
        messages = [
            str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in self.errors[:3]
        ]
        more = f" (+{len(self.errors) - 3} more)" if len(self.errors) > 3 else ""
        super().__init__(endpoint, "GraphQL errors: " + "; ".join(messages) + more)


class PageLimitError(UpstreamError):
    """A list had more pages than the caller's ``max_pages`` bound: stop rather than loop."""

    def __init__(self, endpoint: str, max_pages: int) -> None:
        self.max_pages = max_pages
        super().__init__(endpoint, f"more than {max_pages} pages; refusing to go on")


class UpstreamTimeoutError(UpstreamError):
    """Connecting to or reading from upstream took longer than the configured timeout."""

    reason = "timeout"


class TransportError(UpstreamError):
    """The connection failed or a response was cut short (truncated body, reset)."""

    reason = "transport"


class CancelledError(UpstreamError):
    """The exporter is stopping: a request (or its retry) was not sent."""

    reason = "cancelled"

    def __init__(self, endpoint: str, message: str) -> None:
        super().__init__(endpoint, message, sent=False)


class ForeignOriginError(UpstreamError):
    """A pagination link pointed at another origin than the API's: the token is not sent there."""

    reason = "origin"


class MalformedResponseError(UpstreamError):
    """Upstream answered 2xx with a body that is not the documented shape (bad JSON, fields)."""

    reason = "malformed"
