"""Counters and histograms fed by de-duplicated events, safe across refreshes and restarts.

Use ``EventCounters`` when a metric counts things that happened upstream (a deployment, a
finished run) and the same event may be seen many times: by every refresh, by polling and by a
webhook. Each event has a key; a key is counted once. Events older than ``count_from`` (the
process start) are history: they create their series at 0 but are not counted, so a restart
does not re-count them (Prometheus sees a counter reset, which ``rate``/``increase`` handle)
and old events are never re-exposed as new. History reaches dashboards through windowed
gauges and the backfill command instead. Keys are forgotten after ``horizon`` seconds.

A series first appears at 0 for one scrape before its value is shown, so ``increase()``
sees the first event instead of treating its first sample as the baseline.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from prometheus_client.core import Metric

from exporters.toolkit.families import (
    bucket_index,
    counter_family,
    cumulative_buckets,
    histogram_family,
)
from exporters.toolkit.server import ScrapeCounter
from portfolio.catalog import Metric as CatalogMetric

Labels = tuple[str, ...]  # values in the catalog's label order


@dataclass
class _Series:
    created_seq: int
    value: float = 0.0  # counter total, or histogram sum
    count: int = 0
    buckets: list[int] = field(default_factory=list)


class EventCounters:
    """Thread-safe counters/histograms keyed by catalog metric and label values."""

    def __init__(
        self,
        metrics: Iterable[CatalogMetric],
        scrapes: ScrapeCounter,
        count_from: float,
        horizon: float,
    ) -> None:
        self.metrics = {m.name: m for m in metrics if m.type in ("counter", "histogram")}
        self.scrapes = scrapes
        self.count_from = count_from
        self.horizon = horizon
        self._series: dict[str, dict[Labels, _Series]] = {name: {} for name in self.metrics}
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()
        self._version = 0  # bumped on every change of the exposed values
        self._newest_seq = -1  # created_seq of the newest series

    def ensure(self, metric: str, labels: Labels) -> None:
        """Create a series at 0 so its first event is visible to ``increase()``."""
        with self._lock:
            self._ensure(metric, labels)

    def _ensure(self, metric: str, labels: Labels) -> _Series:
        entry = self.metrics[metric]
        if len(labels) != len(entry.labels):
            raise ValueError(f"{metric}: {len(labels)} label values for {entry.labels}")
        series = self._series[metric].get(labels)
        if series is None:
            series = _Series(self.scrapes.seq, buckets=[0] * (len(entry.buckets) + 1))
            self._series[metric][labels] = series
            self._newest_seq = max(self._newest_seq, series.created_seq)
            self._version += 1
        return series

    def add(
        self, key: str, when: float, metric: str, labels: Labels, value: float | None = None
    ) -> bool:
        """Count event ``key`` (a histogram observes ``value``). False if seen or history."""
        with self._lock:
            series = self._ensure(metric, labels)
            if key in self._seen:
                return False
            self._seen[key] = when
            if when <= self.count_from:
                return False
            entry = self.metrics[metric]
            if entry.type == "counter":
                series.value += 1.0 if value is None else value
            else:
                assert value is not None, f"{metric}: histogram event {key} without a value"
                series.value += value
                series.count += 1
                series.buckets[bucket_index(entry.buckets, value)] += 1
            self._version += 1
            return True

    def seen(self, key: str) -> bool:
        with self._lock:
            return key in self._seen

    def prune(self, now: float) -> None:
        """Forget keys older than the horizon: such events can no longer be re-fetched."""
        limit = now - self.horizon
        with self._lock:
            for key in [k for k, t in self._seen.items() if t < limit]:
                del self._seen[key]

    def __len__(self) -> int:
        return len(self._seen)

    @property
    def version(self) -> int:
        """Changes whenever what ``collect()`` returns may change, except the one-scrape zero
        of new series, which ``has_unexposed()`` tells apart (exposition caches use both)."""
        return self._version

    def has_unexposed(self) -> bool:
        """True while a series created since the last served scrape is still shown at 0."""
        return self._newest_seq >= self.scrapes.seq

    def collect(self, names: Sequence[str] | None = None) -> Iterator[Metric]:
        """The families, as of one moment: the values are read under the lock all at once, and
        each family is built as it is asked for (a family's samples are several times the size
        of its values, so building them all first would hold every family's at once)."""
        seq = self.scrapes.seq
        with self._lock:
            values = [
                (
                    self.metrics[name],
                    [
                        (labels, s.created_seq >= seq, s.value, tuple(s.buckets))
                        for labels, s in sorted(self._series[name].items())
                    ],
                )
                for name in names or sorted(self.metrics)
            ]
        for entry, rows in values:
            # A series not exposed yet shows 0 once (``fresh``).
            if entry.type == "counter":
                counter = counter_family(entry)
                for labels, fresh, value, _ in rows:
                    counter.add_metric(list(labels), 0.0 if fresh else value)
                yield counter
                continue
            histogram = histogram_family(entry)
            for labels, fresh, value, buckets in rows:
                counts = (0,) * len(buckets) if fresh else buckets
                histogram.add_metric(
                    list(labels),
                    buckets=cumulative_buckets(entry.buckets, counts),
                    sum_value=0.0 if fresh else value,
                )
            yield histogram
