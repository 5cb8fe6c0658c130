"""The metric catalog: every metric the stack and the project's exporters publish, declared once.

The stack's own metrics are in ``portfolio.catalog.stack``; each data source declares its
exporter's metrics in its descriptor (``portfolio.sources.<name>``). Exporters build their
metric families from these entries; generators may reference only metrics declared here or
recorded by a generated rule (the PromQL lint proves it). Labels listed are the ones a query
may match on. ``job`` and ``instance`` are added by Prometheus to every scraped series and are
implied.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from portfolio.catalog.incident_bridge import INCIDENT_BRIDGE
from portfolio.catalog.services import SERVICES
from portfolio.catalog.stack import STACK
from portfolio.metric import Metric, self_metrics
from portfolio.sources import SOURCES

ALL: tuple[Metric, ...] = (
    *STACK,
    *(m for source in SOURCES for m in source.metrics),
    *INCIDENT_BRIDGE,
    *SERVICES,
)
BY_NAME: Mapping[str, Metric] = MappingProxyType({m.name: m for m in ALL})

__all__ = ["ALL", "BY_NAME", "Metric", "exporter_metrics", "lookup", "self_metrics"]


def exporter_metrics(source: str) -> tuple[Metric, ...]:
    """Every metric one exporter publishes, self-metrics included."""
    return tuple(m for m in ALL if m.source == source)


def lookup(series: str, extra: Mapping[str, Metric] | None = None) -> tuple[Metric, str] | None:
    """Find the family a series name belongs to (``x_bucket`` -> histogram ``x``)."""
    pools = [extra or {}, BY_NAME]
    for pool in pools:
        if series in pool and series in pool[series].series_names():
            return pool[series], series
        for suffix in ("_bucket", "_sum", "_count"):
            base = series.removesuffix(suffix)
            if base != series and base in pool and series in pool[base].series_names():
                return pool[base], series
    return None
