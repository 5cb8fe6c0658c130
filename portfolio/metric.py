"""The ``Metric`` type of the catalog, and the self-metrics every exporter publishes.

Kept apart from ``portfolio.catalog`` (which assembles every source's metrics) so that the
data-source descriptors can declare their metrics without importing the assembled catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MetricType = Literal["counter", "gauge", "histogram", "summary", "info"]
SCRAPE_LABELS = ("job", "instance")


@dataclass(frozen=True)
class Metric:
    """One metric family. ``name`` is the exposed name (counters end in ``_total``)."""

    name: str
    type: MetricType
    help: str
    labels: tuple[str, ...] = ()
    unit: str = ""
    source: str = "stack"  # stack | prometheus | alertmanager | blackbox | rules | <exporter>
    buckets: tuple[float, ...] = ()

    def series_names(self) -> tuple[str, ...]:
        """Names under which samples of this family appear in queries."""
        if self.type == "histogram":
            return (f"{self.name}_bucket", f"{self.name}_sum", f"{self.name}_count")
        if self.type == "summary":
            return (self.name, f"{self.name}_sum", f"{self.name}_count")
        return (self.name,)

    def labels_for(self, series: str) -> frozenset[str]:
        extra = {"le"} if series.endswith("_bucket") else set()
        if self.type == "summary" and series == self.name:
            extra.add("quantile")
        implied = set(SCRAPE_LABELS) if self.source != "rules" else set()
        return frozenset(self.labels) | extra | implied


def self_metrics(exporter: str) -> tuple[Metric, ...]:
    """The health metrics every exporter publishes about itself (toolkit contract).

    ``source`` names one refresh loop of the exporter (e.g. ``deployments``, ``actions``): each
    has its own interval and fails on its own, so health is per source.
    """
    p = exporter
    s = ("source",)
    return (
        Metric(
            f"{p}_up",
            "gauge",
            f"1 if the last refresh of the source from the {p} API succeeded.",
            s,
            "",
            p,
        ),
        Metric(
            f"{p}_last_success_timestamp_seconds",
            "gauge",
            "Unix time of the last successful refresh of the source.",
            s,
            "seconds",
            p,
        ),
        Metric(
            f"{p}_data_age_seconds",
            "gauge",
            "Age of the data served; upstream is polled on a schedule, not at scrape time.",
            s,
            "seconds",
            p,
        ),
        Metric(
            f"{p}_refresh_duration_seconds",
            "gauge",
            "Duration of the last refresh of the source.",
            s,
            "seconds",
            p,
        ),
        Metric(
            f"{p}_refresh_failures_total",
            "counter",
            "Refreshes that failed, by source and reason (status, rate_limited, timeout, ...).",
            ("source", "reason"),
            "",
            p,
        ),
        Metric(
            f"{p}_upstream_requests_total",
            "counter",
            "Requests sent upstream, by endpoint and status class (2xx, 304, 4xx, 5xx, error).",
            ("endpoint", "status_class"),
            "",
            p,
        ),
        Metric(
            f"{p}_rate_limit_remaining",
            "gauge",
            "Requests left in the upstream rate-limit window.",
            (),
            "",
            p,
        ),
        Metric(
            f"{p}_rate_limit_reset_timestamp_seconds",
            "gauge",
            "Unix time when the upstream rate-limit window resets.",
            (),
            "seconds",
            p,
        ),
    )
