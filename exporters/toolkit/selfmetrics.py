"""The health every exporter reports about itself: the toolkit's self-metrics.

``SelfMetrics`` is fed by the ``UpstreamClient`` (requests, rate limits) and the refresh loop
(success, failure, duration per source) and is itself a collector. Names come from
``portfolio.catalog.self_metrics`` so the alert rules and dashboards match them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from prometheus_client.core import Metric

from exporters.toolkit.families import counter_family, describe_families, gauge_family
from portfolio import catalog


@dataclass
class _SourceState:
    up: int = 0
    last_success: float | None = None
    duration: float | None = None
    last_error: str = ""


class SelfMetrics:
    """Thread-safe health state of one exporter; register it as a collector."""

    def __init__(
        self, exporter: str, sources: Iterable[str], clock: Callable[[], float] = time.time
    ) -> None:
        self.exporter = exporter
        self.clock = clock
        self.entries = {
            m.name.removeprefix(exporter + "_"): m for m in catalog.self_metrics(exporter)
        }
        self._lock = threading.Lock()
        self._sources = {name: _SourceState() for name in sources}
        self._failures: Counter[tuple[str, str]] = Counter()
        self._requests: Counter[tuple[str, str]] = Counter()
        self._remaining: float | None = None
        self._reset: float | None = None

    # -- fed by the client -------------------------------------------------------------------
    def record_request(self, endpoint: str, status_class: str) -> None:
        with self._lock:
            self._requests[(endpoint, status_class)] += 1

    def record_rate_limit(self, remaining: float | None, reset: float | None) -> None:
        with self._lock:
            if remaining is not None:
                self._remaining = remaining
            if reset is not None:
                self._reset = reset

    # -- fed by the refresh loop -------------------------------------------------------------
    def refresh_succeeded(self, source: str, duration: float) -> None:
        with self._lock:
            state = self._sources[source]
            state.up, state.duration, state.last_error = 1, duration, ""
            state.last_success = self.clock()

    def refresh_failed(self, source: str, reason: str, duration: float, message: str) -> None:
        with self._lock:
            state = self._sources[source]
            state.up, state.duration, state.last_error = 0, duration, message
            self._failures[(source, reason)] += 1

    # -- read --------------------------------------------------------------------------------
    def requests(self) -> dict[tuple[str, str], int]:
        with self._lock:
            return dict(self._requests)

    def rate_limit(self) -> tuple[float | None, float | None]:
        with self._lock:
            return self._remaining, self._reset

    def data_age(self, source: str) -> float | None:
        with self._lock:
            last = self._sources[source].last_success
        return None if last is None else max(0.0, self.clock() - last)

    def ready(self, max_age: float = 0.0) -> tuple[bool, str]:
        """Ready once every source refreshed once, and (if ``max_age``) its data is fresh."""
        for name in self._sources:
            age = self.data_age(name)
            if age is None:
                return False, f"source {name!r} has not refreshed successfully yet"
            if max_age and age > max_age:
                return False, f"source {name!r} data is {age:.0f}s old (limit {max_age:.0f}s)"
        return True, "ready"

    def describe(self) -> list[Metric]:
        return describe_families(self.entries.values())

    def collect(self) -> Iterable[Metric]:
        e = self.entries
        with self._lock:
            sources = {k: _SourceState(**vars(v)) for k, v in self._sources.items()}
            failures = dict(self._failures)
            requests = dict(self._requests)
            remaining, reset = self._remaining, self._reset
        now = self.clock()
        up, last, age, duration = (
            gauge_family(e["up"]),
            gauge_family(e["last_success_timestamp_seconds"]),
            gauge_family(e["data_age_seconds"]),
            gauge_family(e["refresh_duration_seconds"]),
        )
        for name, state in sorted(sources.items()):
            up.add_metric([name], state.up)
            if state.last_success is not None:
                last.add_metric([name], state.last_success)
                age.add_metric([name], max(0.0, now - state.last_success))
            if state.duration is not None:
                duration.add_metric([name], state.duration)
        yield from (up, last, age, duration)
        fails = counter_family(e["refresh_failures_total"])
        for (source, reason), count in sorted(failures.items()):
            fails.add_metric([source, reason], count)
        yield fails
        reqs = counter_family(e["upstream_requests_total"])
        for (endpoint, klass), count in sorted(requests.items()):
            reqs.add_metric([endpoint, klass], count)
        yield reqs
        rem, rst = (
            gauge_family(e["rate_limit_remaining"]),
            gauge_family(e["rate_limit_reset_timestamp_seconds"]),
        )
        if remaining is not None:
            rem.add_metric([], remaining)
        if reset is not None:
            rst.add_metric([], reset)
        yield from (rem, rst)
