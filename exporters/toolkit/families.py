"""Metric families built from the metric catalog, so an exporter cannot publish an undeclared
metric or a label the catalog does not list.

Use ``family(entry)`` in ``collect()`` (fresh per scrape) and ``describe_families(entries)`` in
``describe()`` (no samples, so registration never touches upstream or the cache).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    InfoMetricFamily,
    Metric,
)

from portfolio.catalog import Metric as CatalogMetric

_KINDS = {
    "counter": CounterMetricFamily,
    "gauge": GaugeMetricFamily,
    "histogram": HistogramMetricFamily,
    "info": InfoMetricFamily,
}


def family(entry: CatalogMetric) -> Metric:
    """An empty family of ``entry``'s type, for ``describe()``. To add samples use the typed
    constructors below, which also check that the catalog declares the type the code uses."""
    kind = _KINDS[entry.type]
    fam: Metric = kind(entry.name, entry.help, labels=list(entry.labels))
    return fam


def _check(entry: CatalogMetric, expected: str) -> None:
    if entry.type != expected:
        raise TypeError(f"{entry.name} is a {entry.type} in the catalog, used as a {expected}")


def gauge_family(entry: CatalogMetric) -> GaugeMetricFamily:
    """An empty gauge family; ``add_metric(labels_in_entry_order, value)``."""
    _check(entry, "gauge")
    return GaugeMetricFamily(entry.name, entry.help, labels=list(entry.labels))


def counter_family(entry: CatalogMetric) -> CounterMetricFamily:
    """An empty counter family; ``add_metric(labels_in_entry_order, value)``."""
    _check(entry, "counter")
    return CounterMetricFamily(entry.name, entry.help, labels=list(entry.labels))


def histogram_family(entry: CatalogMetric) -> HistogramMetricFamily:
    """An empty histogram family; ``add_metric(labels, buckets=..., sum_value=...)``."""
    _check(entry, "histogram")
    return HistogramMetricFamily(entry.name, entry.help, labels=list(entry.labels))


def describe_families(entries: Iterable[CatalogMetric]) -> list[Metric]:
    return [family(e) for e in entries]


def labels_of(entry: CatalogMetric, values: Mapping[str, str]) -> list[str]:
    """Label values in the catalog's order; a missing or extra label is a programming error."""
    if set(values) != set(entry.labels):
        raise ValueError(f"{entry.name}: labels {sorted(values)} != catalog {list(entry.labels)}")
    return [values[name] for name in entry.labels]


def cumulative_buckets(bounds: Sequence[float], counts: Sequence[int]) -> list[tuple[str, float]]:
    """``counts[i]`` observations fell in bucket i (``counts`` has one extra slot for +Inf)."""
    out: list[tuple[str, float]] = []
    total = 0
    for bound, count in zip([*bounds, math.inf], counts, strict=True):
        total += count
        out.append(("+Inf" if math.isinf(bound) else _le(bound), float(total)))
    return out


def _le(bound: float) -> str:
    # Prometheus clients print bucket bounds as floats ("300.0"); keep that so series match.
    return repr(float(bound))


def bucket_index(bounds: Sequence[float], value: float) -> int:
    """Index of the first bucket whose upper bound is >= ``value`` (len(bounds) for +Inf)."""
    for i, bound in enumerate(bounds):
        if value <= bound:
            return i
    return len(bounds)
