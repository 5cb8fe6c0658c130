"""Cloudflare: requests by status, latency percentiles, bandwidth, cache, threats and health
checks of a zone (exporters/cloudflare, docs/exporters/cloudflare.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from portfolio import conventions
from portfolio.fields import Strict
from portfolio.metric import Metric, self_metrics
from portfolio.sources.descriptor import DataSource, SourceContext

# A zone id is 32 lowercase hex characters (Cloudflare's "Identifier", maxLength 32).
ZONE_ID = re.compile(r"^[0-9a-f]{32}$")
# A zone name is a domain name (RFC 1035 labels, IDNs in their xn-- form): two labels or more.
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
ZONE_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})+$")


def _zone(value: str) -> str:
    if ZONE_ID.match(value) or ZONE_NAME.match(value):
        return value
    hint = ""
    host = urlsplit(value).hostname if "://" in value else value.rstrip(".").lower()
    if host and host != value and (ZONE_NAME.match(host) or ZONE_ID.match(host)):
        hint = f" (did you mean '{host}'?)"
    raise PydanticCustomError(
        "cloudflare_zone",
        "'{value}' is not a Cloudflare zone: give the zone's domain name in lower case "
        "(example.com) or its zone id (32 hex characters){hint}",
        {"value": value, "hint": hint},
    )


Zone = Annotated[str, AfterValidator(_zone)]


class CloudflareSourceSpec(Strict):
    zone: Zone = Field(
        description="The zone: its name (example.com), resolved once to its id through the "
        "API (GET /zones?name=) when the exporter starts, or its zone id (32 hex "
        "characters), used as is."
    )


@dataclass(frozen=True)
class CloudflareSource:
    zone: str

    @property
    def zone_id(self) -> str | None:
        """The zone id when the config gives one, None when it gives a name to resolve."""
        return self.zone if ZONE_ID.match(self.zone) else None


def _settings(section: CloudflareSourceSpec, context: SourceContext) -> CloudflareSource:
    return CloudflareSource(zone=section.zone)


PRODUCT = conventions.PRODUCT
QUANTILE = "quantile"  # 0.5, 0.95, 0.99: Cloudflare's P50/P95/P99 of one window, passed through
# Cloudflare exporter (GraphQL Analytics API, httpRequestsAdaptiveGroups). Counters count
# settled minutes: each minute once it is older than CLOUDFLARE_SETTLE_DELAY, exactly once,
# from the exporter's start. Quantile gauges are Cloudflare's own percentiles of the last
# settled CLOUDFLARE_QUANTILE_WINDOW, never an average of per-minute percentiles.
METRICS: tuple[Metric, ...] = (
    *self_metrics("cloudflare"),
    Metric(
        "cloudflare_requests_total",
        "counter",
        "Requests served by the zone in settled minutes, by edge response status class "
        "(1xx, 2xx, 3xx, 4xx, 5xx; other: no status).",
        (PRODUCT, "status_class"),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_cache_requests_total",
        "counter",
        "Requests served by the zone in settled minutes, by cache status (hit, miss, "
        "expired, stale, revalidated, updating, bypass, dynamic, none; other: the rest).",
        (PRODUCT, "cache_status"),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_bandwidth_bytes_total",
        "counter",
        "Bytes the edge sent in responses of the zone in settled minutes (edgeResponseBytes).",
        (PRODUCT,),
        "bytes",
        "cloudflare",
    ),
    Metric(
        "cloudflare_threats_total",
        "counter",
        "Requests the zone's security features blocked or challenged in settled minutes "
        "(firewall events with a mitigating action).",
        (PRODUCT,),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_edge_ttfb_seconds",
        "gauge",
        "Edge time to first byte percentile over the last settled quantile window, as "
        "Cloudflare computes it (paid plans).",
        (PRODUCT, QUANTILE),
        "seconds",
        "cloudflare",
    ),
    Metric(
        "cloudflare_origin_response_duration_seconds",
        "gauge",
        "Origin response time percentile over the last settled quantile window, as "
        "Cloudflare computes it.",
        (PRODUCT, QUANTILE),
        "seconds",
        "cloudflare",
    ),
    Metric(
        "cloudflare_window_requests",
        "gauge",
        "Requests in the last settled quantile window (how many the percentiles describe).",
        (PRODUCT,),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_settled_until_timestamp_seconds",
        "gauge",
        "End (Unix time) of the last settled minute counted into the counters.",
        (PRODUCT,),
        "seconds",
        "cloudflare",
    ),
    Metric(
        "cloudflare_skipped_minutes_total",
        "counter",
        "Settled minutes never counted because they had left the dataset's retention "
        "(notOlderThan) before a refresh could read them.",
        (PRODUCT,),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_unavailable",
        "gauge",
        "1 for each dataset or field the zone's plan may not query (the API's settings "
        'node); field="" when the whole dataset is unavailable.',
        (PRODUCT, "dataset", "field"),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_healthcheck_healthy",
        "gauge",
        "1 if the Cloudflare health check reports healthy, 0 otherwise.",
        (PRODUCT, "healthcheck"),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_healthcheck_status",
        "gauge",
        "State set of each health check: 1 for its current status (healthy, unhealthy, "
        "suspended, unknown), 0 for the others.",
        (PRODUCT, "healthcheck", "status"),
        "",
        "cloudflare",
    ),
    Metric(
        "cloudflare_healthcheck_failure",
        "gauge",
        "1 for the health check's current failure reason, bounded (none, timeout, "
        "response_code, response_body, connection, tls, dns, other).",
        (PRODUCT, "healthcheck", "reason"),
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
    exporter="exporters.cloudflare",
    docs="docs/exporters/cloudflare.md",
)
