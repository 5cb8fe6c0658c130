"""Two small HTTP services on loopback, instrumented as real services are.

- ``prometheus``: prometheus-client's ``Counter``/``Histogram`` named as the client libraries'
  HTTP middlewares name them (``http_requests_total{method,handler,code}``,
  ``http_request_duration_seconds``), exposed with ``make_wsgi_app`` on ``/metrics``.
- ``opentelemetry``: the OpenTelemetry SDK recording the HTTP server semantic conventions'
  ``http.server.request.duration`` histogram (unit ``s``, attributes ``http.request.method``,
  ``http.response.status_code``, ``http.route``, ``url.scheme``; bucket advice from
  https://opentelemetry.io/docs/specs/semconv/http/http-metrics/), exposed by the SDK's
  Prometheus exporter (``PrometheusMetricReader``) on ``/metrics``.

Both serve the same routes. Each route "works" for a fixed time on an injected clock, so the
durations the instrumentation measures are exact and the tests can compute the quantiles by
hand; the clock is the only thing faked, everything else is the real instrumentation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.sdk.metrics import MeterProvider
from prometheus_client import CollectorRegistry, Counter, Histogram, make_wsgi_app

from portfolio.catalog.services import CLIENT_BUCKETS

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class Route:
    status: int
    seconds: float  # how long the handler works (on the clock)


# route template -> what it answers; /api/items/<id> is one route, however many ids.
ROUTES = {
    "/api/items/{id}": Route(200, 0.02),
    "/api/report": Route(200, 0.6),
    "/api/fail": Route(500, 0.3),
}


class FakeClock:
    """A monotonic clock whose ``sleep`` advances it at once."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


def route_of(path: str) -> str | None:
    if path.startswith("/api/items/") and path.count("/") == 3:
        return "/api/items/{id}"
    return path if path in ROUTES else None


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _app(
    record: Callable[[str, str, int, float], None], metrics: WsgiApp, clock: FakeClock
) -> WsgiApp:
    # Serialised so that a scrape never sees half a request's series.
    lock = threading.Lock()

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        with lock:
            if path == "/metrics":
                return list(metrics(environ, start_response))
            route = route_of(path)
            if route is None:
                start_response("404 Not Found", [("Content-Type", "text/plain")])
                return [b"not found\n"]
            started = clock()
            clock.sleep(ROUTES[route].seconds)
            status = ROUTES[route].status
            record(environ["REQUEST_METHOD"], route, status, clock() - started)
        start_response(
            f"{status} {'OK' if status == 200 else 'Error'}", [("Content-Type", "text/plain")]
        )
        return [b"ok\n" if status == 200 else b"error\n"]

    return app


def prometheus_app(clock: FakeClock, status: str = "code") -> WsgiApp:
    """``status``: the label holding the status code (``code`` as client_golang's promhttp
    names it, ``status`` as many other middlewares do)."""
    registry = CollectorRegistry()
    requests = Counter(
        "http_requests_total",
        "HTTP requests.",
        ["method", "handler", status],
        registry=registry,
    )
    duration = Histogram(
        "http_request_duration_seconds",
        "HTTP request duration.",
        ["method", "handler", status],
        registry=registry,
    )

    def record(method: str, route: str, status: int, seconds: float) -> None:
        requests.labels(method, route, str(status)).inc()
        duration.labels(method, route, str(status)).observe(seconds)

    return _app(record, make_wsgi_app(registry), clock)


def opentelemetry_app(clock: FakeClock) -> WsgiApp:
    registry = CollectorRegistry()
    reader = PrometheusMetricReader(registry=registry)
    meter = MeterProvider(metric_readers=[reader]).get_meter("tests.services")
    duration = meter.create_histogram(
        "http.server.request.duration",
        unit="s",
        description="Duration of HTTP server requests.",
        explicit_bucket_boundaries_advisory=list(CLIENT_BUCKETS),
    )

    def record(method: str, route: str, status: int, seconds: float) -> None:
        duration.record(
            seconds,
            {
                "http.request.method": method,
                "http.response.status_code": status,
                "http.route": route,
                "url.scheme": "http",
            },
        )

    return _app(record, make_wsgi_app(registry), clock)


APPS: dict[str, Callable[[FakeClock], WsgiApp]] = {
    "prometheus": prometheus_app,
    "prometheus-status": lambda clock: prometheus_app(clock, status="status"),
    "opentelemetry": opentelemetry_app,
}


@dataclass
class Running:
    convention: str
    address: str  # host:port

    @property
    def url(self) -> str:
        return f"http://{self.address}"


@contextmanager
def serve(convention: str) -> Iterator[Running]:
    """The service speaking ``convention`` on a free loopback port, stopped on exit."""
    server: WSGIServer = make_server(
        "127.0.0.1", 0, APPS[convention](FakeClock()), handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Running(convention, f"127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# One burst of traffic: (path, times). 100 requests, 10 of them 5xx.
BURST = (("/api/items/{n}", 70), ("/api/report", 20), ("/api/fail", 10))


def send_burst(client: httpx.Client, url: str) -> None:
    for path, times in BURST:
        for n in range(times):
            client.get(url + path.replace("{n}", str(n)))
