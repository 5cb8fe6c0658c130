"""Metrics of the products' own services and of their hosts (``products.<id>.services``).

The services are not ours: these are the names their instrumentation publishes, in each
convention ``portfolio.services`` knows, plus the node_exporter series the service row reads.
Every scraped series carries the target labels product, environment, team and service.
"""

from __future__ import annotations

from portfolio.metric import Metric
from portfolio.services import CONVENTIONS, NODE_JOB, TARGET_LABELS

PROMETHEUS = CONVENTIONS["prometheus"]
OPENTELEMETRY = CONVENTIONS["opentelemetry"]
# HTTP request duration buckets, in seconds: the Prometheus client libraries' defaults and the
# OpenTelemetry HTTP semantic conventions' explicit bucket advice.
CLIENT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0)
SOURCE = "services"
NODE = "node_exporter"
HTTP = (*TARGET_LABELS, "method")

SERVICES: tuple[Metric, ...] = (
    Metric(
        PROMETHEUS.requests,
        "counter",
        "HTTP requests the service handled, by status code (code, or status copied into code "
        "at scrape time) and route (handler).",
        (*HTTP, PROMETHEUS.status_label, "status", PROMETHEUS.route_label),
        "",
        SOURCE,
    ),
    Metric(
        PROMETHEUS.duration,
        "histogram",
        "Duration of the HTTP requests the service handled.",
        (*HTTP, PROMETHEUS.status_label, "status", PROMETHEUS.route_label),
        "seconds",
        SOURCE,
        CLIENT_BUCKETS,
    ),
    Metric(
        OPENTELEMETRY.duration,
        "histogram",
        "OpenTelemetry http.server.request.duration: duration of HTTP server requests.",
        (
            *TARGET_LABELS,
            "http_request_method",
            OPENTELEMETRY.status_label,
            OPENTELEMETRY.route_label,
            "url_scheme",
        ),
        "seconds",
        SOURCE,
        CLIENT_BUCKETS,
    ),
    Metric(
        "node_cpu_seconds_total",
        "counter",
        "Seconds the host's CPUs spent in each mode (node_exporter).",
        (*TARGET_LABELS, "cpu", "mode"),
        "seconds",
        NODE,
    ),
    Metric(
        "node_memory_MemAvailable_bytes",
        "gauge",
        "Memory available to start new applications without swapping (node_exporter).",
        TARGET_LABELS,
        "bytes",
        NODE,
    ),
    Metric(
        "node_memory_MemTotal_bytes",
        "gauge",
        "Total usable memory of the host (node_exporter).",
        TARGET_LABELS,
        "bytes",
        NODE,
    ),
    Metric(
        "node_load1",
        "gauge",
        "1-minute load average of the host (node_exporter).",
        TARGET_LABELS,
        "",
        NODE,
    ),
)
NODE_SCRAPE_JOB = NODE_JOB
