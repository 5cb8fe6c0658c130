"""Cloudflare: requests by status, latency percentiles, bandwidth and health checks of a zone."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from portfolio import conventions
from portfolio.fields import Strict, Text
from portfolio.metric import Metric, self_metrics
from portfolio.sources.descriptor import DataSource, SourceContext


class CloudflareSourceSpec(Strict):
    zone: Text = Field(description="Zone name, e.g. example.com.")


@dataclass(frozen=True)
class CloudflareSource:
    zone: str


def _settings(section: CloudflareSourceSpec, context: SourceContext) -> CloudflareSource:
    return CloudflareSource(zone=section.zone)


PRODUCT = conventions.PRODUCT
METRICS: tuple[Metric, ...] = (
    *self_metrics("cloudflare"),
    Metric(
        "cloudflare_requests_total",
        "counter",
        "Requests served by the zone, by edge response status class (2xx, 3xx, 4xx, 5xx).",
        (PRODUCT, "status_class"),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_origin_response_duration_seconds",
        "gauge",
        "Origin response time percentile over the last window.",
        (PRODUCT, "quantile"),
        "seconds",
        "cloudflare",
    ),
    Metric(
        "cloudflare_bandwidth_bytes_total",
        "counter",
        "Bytes served by the zone.",
        (PRODUCT,),
        "bytes",
        "cloudflare",
    ),
    Metric(
        "cloudflare_threats_total",
        "counter",
        "Requests Cloudflare classified as threats.",
        (PRODUCT,),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_healthcheck_healthy",
        "gauge",
        "1 if the Cloudflare health check reports healthy.",
        (PRODUCT, "healthcheck"),
        "",
        "cloudflare",
    ),
)


SOURCE: DataSource[CloudflareSource] = DataSource(
    name="cloudflare",
    title="Cloudflare",
    section=CloudflareSourceSpec,
    settings=_settings,
    env_prefix="CLOUDFLARE_",
    secrets=("api_token",),
    default_port=9102,
    metrics=METRICS,
    exporter=None,
)
