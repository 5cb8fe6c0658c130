"""The metric conventions a product's own services speak, as data.

A service endpoint in ``portfolio.yaml`` (``products.<id>.services``) names one of these; the
rules read request rate, errors and duration through it, so supporting another convention
is one more entry here, not another branch in a generator.

- ``prometheus``: the names the Prometheus client libraries' HTTP middlewares use
  (``http_requests_total`` counter, ``http_request_duration_seconds`` histogram) with the status
  code in a ``code`` label (client_golang's promhttp) or a ``status`` label (many others);
  the scrape job copies ``status`` into ``code`` where ``code`` is absent, so both read alike.
- ``opentelemetry``: the HTTP server semantic conventions
  (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/: histogram
  ``http.server.request.duration`` in seconds, attributes ``http.response.status_code``,
  ``http.route``, ``http.request.method``) as the Prometheus exporters write them
  (https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/: dots
  become underscores and the unit is appended: ``http_server_request_duration_seconds``). The
  histogram's ``_count`` is the request counter.

Labels kept by the rules are bounded: product, environment, team, service (from the config)
and the route template (``handler``/``http_route``), never a URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from portfolio import conventions

SERVICE = "service"  # label: the service's name in portfolio.yaml
NODE_JOB = "node"  # scrape job of the node_exporters of the services' hosts
NODE_COMPONENT = "node_exporter"  # its stack.addresses key when the stack runs one
NODE_SERVICE = "node-exporter"  # its Compose service name
NODE_DEFAULT_PORT = 9100


@dataclass(frozen=True)
class Convention:
    """Where one convention keeps requests, their status and their duration."""

    name: str
    requests: str  # a counter series of every request
    duration: str  # histogram family in seconds (``_bucket`` is read)
    status_label: str  # label holding the HTTP status code
    route_label: str  # label holding the route template (bounded)
    summary: str  # for docs and the schema

    @property
    def job(self) -> str:
        """The scrape job of the endpoints speaking it, e.g. ``app-prometheus``."""
        return f"app-{self.name}"

    @property
    def buckets(self) -> str:
        return f"{self.duration}_bucket"


CONVENTIONS: Mapping[str, Convention] = MappingProxyType(
    {
        "prometheus": Convention(
            name="prometheus",
            requests="http_requests_total",
            duration="http_request_duration_seconds",
            status_label="code",
            route_label="handler",
            summary="Prometheus client names: http_requests_total and "
            "http_request_duration_seconds, status in a code or status label",
        ),
        "opentelemetry": Convention(
            name="opentelemetry",
            requests="http_server_request_duration_seconds_count",
            duration="http_server_request_duration_seconds",
            status_label="http_response_status_code",
            route_label="http_route",
            summary="OpenTelemetry HTTP server semantic conventions as exported to Prometheus: "
            "http_server_request_duration_seconds with http_response_status_code and http_route",
        ),
    }
)
CONVENTION_NAMES: tuple[str, ...] = tuple(CONVENTIONS)
# Labels every scraped service series gets from its target (scrape config).
TARGET_LABELS: tuple[str, ...] = (
    conventions.PRODUCT,
    conventions.ENVIRONMENT,
    conventions.TEAM,
    SERVICE,
)
# The labels a service's recorded series keep.
SERVICE_LEVEL = ", ".join(TARGET_LABELS)
SERVER_ERROR = "5.."  # status-code regex of a server error (5xx)

# Recording rules (``level:metric:operations``; level ``service`` keeps SERVICE_LEVEL).
R_REQUESTS = "service:http_requests:rate5m"
R_ERRORS = "service:http_requests_5xx:rate5m"
R_ERROR_RATIO = "service:http_requests_5xx:ratio_rate5m"
R_BUCKETS = "service:http_request_duration_seconds_bucket:rate5m"
QUANTILES = (0.5, 0.95, 0.99)
R_PRODUCT_ERROR_RATIO = "product_environment:service_http_requests_5xx:ratio_rate5m"
R_CPU_BUSY = "service_instance:node_cpu_busy:ratio_rate5m"
R_MEMORY_USED = "service_instance:node_memory_used:ratio"


def r_quantile(quantile: float) -> str:
    """``service:http_request_duration_seconds:p95_5m`` for 0.95."""
    return f"service:http_request_duration_seconds:p{quantile * 100:g}_5m"


# Rule file, groups and alerts.
RULES_FILE = "alert_rules/services.rules.yml"
GROUP_RECORDING = "portfolio-services-recording"
GROUP_ALERTS = "portfolio-services-alerts"
ALERT_ERROR_RATE_HIGH = "ServiceErrorRateHigh"
ALERT_LATENCY_HIGH = "ServiceLatencyHigh"
ALERT_TARGET_DOWN = "ServiceTargetDown"
