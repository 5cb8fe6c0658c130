"""The services' panels: the product dashboard's service row and the overview's app-side error
ratio. Both read only the recordings of ``generators.rules.services``, whatever convention a
service speaks, so a panel is the same for a Prometheus-client and an OpenTelemetry service."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generators.dashboards import style
from generators.dashboards.common import aggregate, share_of_threshold
from generators.dashboards.style import Query, Size
from generators.rules import services as rules
from generators.selectors import recorded
from portfolio import conventions
from portfolio import services as svc
from portfolio.config.model import Portfolio

SELECTED = {"product": "$product", "environment": "$environment"}
PRODUCT = {"product": "$product"}
LEGEND = "{{environment}} {{service}}"


def product_row(portfolio: Portfolio, approaching: Sequence[Mapping[str, Any]]) -> style.Row | None:
    """The "Services" row of the product dashboard: request rate, 5xx ratio, latency
    percentiles from the services' histograms, and CPU and memory of their hosts where
    node_exporter runs; None when no product has services."""
    if not rules.in_use(portfolio):
        return None
    latency = [
        Query(recorded(svc.r_quantile(q), **SELECTED), f"p{q * 100:g} {LEGEND}")
        for q in svc.QUANTILES
    ]
    panels: list[object] = [
        style.timeseries(
            "Requests",
            "Requests per second each service handled, over 5 minutes (recorded from the "
            "services' own metrics: http_requests_total or OpenTelemetry's "
            "http_server_request_duration_seconds_count).",
            [Query(recorded(svc.R_REQUESTS, **SELECTED), LEGEND)],
            unit="reqps",
            size=Size(8, 8),
        ),
        style.timeseries(
            "5xx ratio vs threshold",
            "Share of each service's requests answered with a 5xx status over 5 minutes "
            "(recorded); dashed: the product's error-rate threshold, which the "
            "ServiceErrorRateHigh alerts compare it with.",
            [
                Query(recorded(svc.R_ERROR_RATIO, **SELECTED), LEGEND),
                Query(recorded(conventions.T_ERROR, **PRODUCT), "threshold"),
            ],
            unit="percentunit",
            size=Size(8, 8),
            overrides=[style.threshold_series_override()],
        ),
        style.timeseries(
            "Request duration p50 / p95 / p99",
            "Percentiles of the services' request duration over 5 minutes, from their "
            "histograms' buckets (recorded); dashed: the product's response-time threshold, "
            "which ServiceLatencyHigh compares p95 with.",
            [*latency, Query(recorded(conventions.T_LATENCY, **PRODUCT), "threshold")],
            unit="s",
            size=Size(8, 8),
            overrides=[style.threshold_series_override()],
        ),
        share_of_threshold(
            "5xx ratio / threshold",
            "Each service's 5xx share over 5 minutes (recorded) as a share of the product's "
            "error-rate threshold. Red at 100%.",
            recorded(svc.R_ERROR_RATIO, **SELECTED),
            recorded(conventions.T_ERROR, **PRODUCT),
            legend=LEGEND,
            size=Size(12, 4),
            thresholds=approaching,
        ),
        share_of_threshold(
            "p95 duration / threshold",
            "Each service's p95 request duration over 5 minutes (recorded) as a share of the "
            "product's response-time threshold. Red at 100%.",
            recorded(svc.r_quantile(0.95), **SELECTED),
            recorded(conventions.T_LATENCY, **PRODUCT),
            legend=LEGEND,
            size=Size(12, 4),
            thresholds=approaching,
        ),
    ]
    if rules.has_hosts(portfolio):
        host = "{{environment}} {{service}} {{instance}}"
        panels += [
            style.timeseries(
                "Host CPU busy",
                "Share of CPU time the services' hosts spent outside idle over 5 minutes, "
                "averaged over their CPUs (node_exporter, recorded).",
                [Query(recorded(svc.R_CPU_BUSY, **SELECTED), host)],
                unit="percentunit",
                size=Size(12, 8),
                min_=0,
                max_=1,
            ),
            style.timeseries(
                "Host memory used",
                "Share of the hosts' memory not available to new processes "
                "(1 - MemAvailable / MemTotal, node_exporter, recorded).",
                [Query(recorded(svc.R_MEMORY_USED, **SELECTED), host)],
                unit="percentunit",
                size=Size(12, 8),
                min_=0,
                max_=1,
            ),
        ]
    return style.Row("Services", panels)


def overview_panel(portfolio: Portfolio) -> Any:
    """The overview's app-side 5xx ratio per product against its threshold; None when no
    product has services."""
    if not rules.in_use(portfolio):
        return None
    return style.timeseries(
        "App-side 5xx ratio vs threshold",
        "Share of requests the products' own services answered with 5xx over 5 minutes, the "
        "worst environment per product (recorded from the services' metrics); dashed: each "
        "product's error threshold.",
        [
            aggregate(
                "max",
                (conventions.PRODUCT,),
                recorded(svc.R_PRODUCT_ERROR_RATIO, product="$product", environment="$environment"),
            ),
            Query(recorded(conventions.T_ERROR, **PRODUCT), legend="threshold {{product}}"),
        ],
        unit="percentunit",
        overrides=[style.threshold_series_override()],
    )
