"""Fake instances of a product's own services: ``/metrics`` as the conventions' client
libraries write them (``portfolio.services.CONVENTIONS``), so the demo's Prometheus scrapes
request rates, 5xx ratios and latency like it would from the real applications.

- ``prometheus``: the Prometheus client libraries' HTTP middleware names (client_golang's
  promhttp, https://pkg.go.dev/github.com/prometheus/client_golang/prometheus/promhttp):
  ``http_requests_total{code, handler, method}`` and the ``http_request_duration_seconds``
  histogram.
- ``opentelemetry``: the HTTP server semantic conventions
  (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/) as the Prometheus exporter
  writes them: the ``http_server_request_duration_seconds`` histogram with
  ``http_response_status_code``, ``http_route`` and ``http_request_method``.

``serve(route, status, seconds)`` records one request; ``fakes.history`` calls it.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from fakes.base import FakeAPI

CONVENTIONS = ("prometheus", "opentelemetry")
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class FakeService(FakeAPI):
    """One instance of a service speaking ``convention``; ``url`` + ``/metrics``."""

    def __init__(self, convention: str, port: int = 0) -> None:
        if convention not in CONVENTIONS:
            raise ValueError(f"unknown convention {convention!r}")
        self.convention = convention
        self.registry = CollectorRegistry()
        self.requests: Counter | None = None
        if convention == "prometheus":
            self.requests = Counter(
                "http_requests",
                "HTTP requests by status code, handler and method.",
                ("code", "handler", "method"),
                registry=self.registry,
            )
            self.duration = Histogram(
                "http_request_duration_seconds",
                "HTTP request duration.",
                ("handler", "method"),
                buckets=BUCKETS,
                registry=self.registry,
            )
        else:
            self.duration = Histogram(
                "http_server_request_duration_seconds",
                "Duration of HTTP server requests.",
                ("http_response_status_code", "http_route", "http_request_method"),
                buckets=BUCKETS,
                registry=self.registry,
            )
        registry = self.registry

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.split("?")[0] != "/metrics":
                    self.send_error(404)
                    return
                body = generate_latest(registry)
                self.send_response(200)
                self.send_header("Content-Type", CONTENT_TYPE_LATEST)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        super().__init__(Handler, port)

    def serve(self, route: str, status: int, seconds: float, method: str = "GET") -> None:
        """Record one request the service answered."""
        if self.requests is not None:
            self.requests.labels(str(status), route, method).inc()
            self.duration.labels(route, method).observe(seconds)
        else:
            self.duration.labels(str(status), route, method).observe(seconds)
