"""A small client of the Prometheus HTTP API (``/api/v1/query``), settings from the environment.

The URL comes from ``--url`` or ``PROMETHEUS_URL``; a bearer token from ``PROMETHEUS_TOKEN``
or the file ``PROMETHEUS_TOKEN_FILE``, or basic auth from ``PROMETHEUS_USERNAME`` with
``PROMETHEUS_PASSWORD`` or ``PROMETHEUS_PASSWORD_FILE``. Credentials go in headers to that
origin only (redirects are not followed) and never appear in a message or log line.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from reporting.errors import InputError, PrometheusError

ENV_URL = "PROMETHEUS_URL"
ENV_TOKEN = "PROMETHEUS_TOKEN"
ENV_USERNAME = "PROMETHEUS_USERNAME"
ENV_PASSWORD = "PROMETHEUS_PASSWORD"
# A report runs a few dozen queries; a slow range query over a week may take seconds.
TIMEOUT = httpx.Timeout(60.0, connect=5.0)

Sample = tuple[float, float]  # (unix time, value)


@dataclass(frozen=True)
class Series:
    labels: Mapping[str, str]
    samples: tuple[Sample, ...]


def _secret(environ: Mapping[str, str], name: str) -> str | None:
    direct, path = environ.get(name), environ.get(f"{name}_FILE")
    if direct and path:
        raise InputError(f"set {name} or {name}_FILE, not both")
    if path:
        try:
            direct = Path(path).read_text().strip()
        except OSError as exc:
            raise InputError(f"{name}_FILE: cannot read {path}: {exc.strerror}") from None
        if not direct:
            raise InputError(f"{name}_FILE: {path} is empty")
    if direct is not None and any(ch.isspace() or ord(ch) < 32 for ch in direct):
        raise InputError(f"{name}: the value contains whitespace or a control character")
    return direct or None


def connect(
    url: str | None,
    environ: Mapping[str, str],
    transport: httpx.BaseTransport | None = None,
) -> Prometheus:
    """A client for ``url`` (or ``PROMETHEUS_URL``) with the credentials of ``environ``;
    ``transport`` is for tests (``httpx.MockTransport``)."""
    url = url or environ.get(ENV_URL)
    if not url:
        raise InputError(f"no Prometheus URL: give --url or set {ENV_URL}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("the Prometheus URL must be http(s)://host[:port][/path]")
    if parts.username is not None or parts.password is not None:
        raise InputError(
            f"the Prometheus URL carries credentials: use {ENV_USERNAME} and "
            f"{ENV_PASSWORD}[_FILE] (or {ENV_TOKEN}[_FILE]) instead"
        )
    if parts.query or parts.fragment:
        raise InputError("the Prometheus URL must not have a query or fragment")
    headers: dict[str, str] = {}
    auth: httpx.BasicAuth | None = None
    token = _secret(environ, ENV_TOKEN)
    username = environ.get(ENV_USERNAME)
    password = _secret(environ, ENV_PASSWORD)
    if token and (username or password):
        raise InputError(f"set {ENV_TOKEN} or {ENV_USERNAME}/{ENV_PASSWORD}, not both")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    elif username or password:
        if not (username and password):
            raise InputError(f"basic auth needs both {ENV_USERNAME} and {ENV_PASSWORD}[_FILE]")
        auth = httpx.BasicAuth(username, password)
    base = url.rstrip("/")
    client = httpx.Client(
        headers=headers, auth=auth, timeout=TIMEOUT, follow_redirects=False, transport=transport
    )
    return Prometheus(base, client)


class Prometheus:
    """Instant queries; a range selector in a query returns its raw samples."""

    def __init__(self, base: str, client: httpx.Client) -> None:
        self.base = base
        self._client = client
        self._where = urlsplit(base)._replace(path="").geturl()  # origin only, for messages

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Prometheus:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _get(self, query: str, at: float) -> dict[str, Any]:
        try:
            response = self._client.get(
                f"{self.base}/api/v1/query", params={"query": query, "time": f"{at:.3f}"}
            )
        except httpx.TimeoutException:
            raise PrometheusError(f"Prometheus at {self._where} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise PrometheusError(
                f"cannot reach Prometheus at {self._where}: {type(exc).__name__}"
            ) from None
        if response.status_code in (401, 403):
            raise PrometheusError(
                f"Prometheus at {self._where} refused the credentials (HTTP {response.status_code})"
            )
        if response.is_redirect:
            raise PrometheusError(
                f"Prometheus at {self._where} answered with a redirect (HTTP "
                f"{response.status_code}); give the final URL (redirects are not followed)"
            )
        try:
            body: dict[str, Any] = response.json()
        except ValueError:
            raise PrometheusError(
                f"Prometheus at {self._where} answered HTTP {response.status_code} without JSON: "
                "is the URL a Prometheus?"
            ) from None
        if body.get("status") != "success":
            raise PrometheusError(
                f"Prometheus at {self._where} failed a query ({body.get('errorType')}: "
                f"{body.get('error')}): {query}"
            )
        data: dict[str, Any] = body["data"]
        return data

    def vector(self, query: str, at: float) -> list[tuple[dict[str, str], float]]:
        """An instant vector: (labels, value) per series; NaN values are left out."""
        data = self._get(query, at)
        if data["resultType"] == "scalar":
            value = float(data["result"][1])
            return [] if math.isnan(value) else [({}, value)]
        out = []
        for item in data["result"]:
            value = float(item["value"][1])
            if not math.isnan(value):
                out.append((dict(item["metric"]), value))
        return out

    def matrix(self, query: str, at: float) -> list[Series]:
        """A range-vector query (``x[7d]``, ``x[7d:1m]``) at ``at``: its samples per series."""
        data = self._get(query, at)
        if data["resultType"] != "matrix":
            raise PrometheusError(f"expected a range vector from: {query}")
        return [
            Series(
                dict(item["metric"]),
                tuple((float(t), float(v)) for t, v in item.get("values", [])),
            )
            for item in data["result"]
        ]
