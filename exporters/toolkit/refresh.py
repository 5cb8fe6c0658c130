"""Background refresh: one thread per source, each on its own interval.

``/metrics`` never calls upstream; it serves what the last successful refresh left behind.
A refresh that raises keeps the previous data (the source's ``refresh`` must only publish a
complete result), marks the source down and is retried on the next tick, or after the time a
rate limit named.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from exporters.toolkit.errors import CancelledError, ExporterError, RateLimitedError
from exporters.toolkit.selfmetrics import SelfMetrics

log = logging.getLogger(__name__)

STOP_GRACE = 2.0  # seconds ``stop()`` waits for refreshes in flight, all sources together


@dataclass(frozen=True)
class Source:
    """One thing to refresh. ``refresh`` fetches, computes and publishes atomically."""

    name: str
    interval: float
    refresh: Callable[[], None]


class RefreshLoop:
    """Runs each source's refresh on a daemon thread until ``stop()``."""

    def __init__(
        self,
        sources: list[Source],
        health: SelfMetrics,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        clock: Callable[[], float] = time.time,
        stop: threading.Event | None = None,
    ) -> None:
        self.sources = {s.name: s for s in sources}
        self.health = health
        self.monotonic = monotonic
        self.clock = clock
        # Shared with the upstream client (``cancel``), so stopping also ends its waits.
        self._stop = stop if stop is not None else threading.Event()
        self._threads: list[threading.Thread] = []
        self._wake = {name: threading.Event() for name in self.sources}
        self._postpone: dict[str, float] = {}

    def run_once(self, name: str) -> bool:
        """Refresh one source now, in this thread. Returns True on success; never raises."""
        source = self.sources[name]
        started = self.monotonic()
        try:
            source.refresh()
        except ExporterError as exc:
            if self._stop.is_set() or isinstance(exc, CancelledError):
                log.debug("refresh of %s abandoned: stopping", name)
                return False
            duration = self.monotonic() - started
            self.health.refresh_failed(name, exc.reason, duration, str(exc))
            log.warning(
                "refresh of %s failed (%s): %s; serving last good data", name, exc.reason, exc
            )
            if isinstance(exc, RateLimitedError) and exc.retry_at:
                self._postpone[name] = exc.retry_at
            return False
        except Exception as exc:  # a bug must not kill the loop or drop the last good data
            duration = self.monotonic() - started
            self.health.refresh_failed(name, "internal", duration, repr(exc))
            log.exception("refresh of %s failed unexpectedly; serving last good data", name)
            return False
        duration = self.monotonic() - started
        self.health.refresh_succeeded(name, duration)
        log.info("refreshed %s in %.2fs", name, duration)
        return True

    def _run(self, source: Source) -> None:
        while not self._stop.is_set():
            self._postpone.pop(source.name, None)
            self.run_once(source.name)
            wait = source.interval
            if source.name in self._postpone:
                # Upstream named when the limit resets: asking earlier only burns requests.
                wait = max(wait, self._postpone[source.name] - self.clock())
            self._wake[source.name].wait(wait)
            self._wake[source.name].clear()

    def start(self) -> None:
        for source in self.sources.values():
            thread = threading.Thread(
                target=self._run, args=(source,), name=f"refresh-{source.name}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def trigger(self, name: str) -> None:
        """Refresh ``name`` now instead of at its next tick (e.g. after a webhook)."""
        self._wake[name].set()

    def stop(self, timeout: float = STOP_GRACE) -> None:
        """Stop every source; wait at most ``timeout`` in all. Waits between retries end at
        once; a request still blocked on upstream is abandoned (its thread is a daemon)."""
        self._stop.set()
        for event in self._wake.values():
            event.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        busy = [thread.name for thread in self._threads if thread.is_alive()]
        if busy:
            log.info("abandoning requests in flight: %s", ", ".join(busy))
