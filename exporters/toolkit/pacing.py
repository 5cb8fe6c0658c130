"""Pacing: at most N upstream calls in any sliding window, for a vendor whose burst limit a
full refresh could exceed (PostHog: 240 queries per minute per team).

Use ``Pacer(limit, window, cancel=kit.stopping)`` and call ``pacer.wait(endpoint)`` before each
call: it returns at once while the window has room, otherwise sleeps until the oldest call
leaves it. A rate-limit policy still handles the 429s of other clients of the same key; the
pacer only keeps this exporter from causing them. Stopping (the ``cancel`` event) ends a wait
with ``CancelledError``.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from exporters.toolkit.errors import CancelledError


class Pacer:
    """At most ``limit`` calls in any ``window`` seconds (shared by every refresh thread)."""

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        cancel: threading.Event | None = None,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("a pacer needs a limit >= 1 and a positive window")
        self.limit = limit
        self.window = window
        self.monotonic = monotonic
        self.cancel = cancel if cancel is not None else threading.Event()
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self.waited = 0.0  # seconds spent waiting, in all

    def wait(self, endpoint: str) -> None:
        """Block until a call may go now, and count it."""
        while True:
            with self._lock:
                now = self.monotonic()
                while self._sent and self._sent[0] <= now - self.window:
                    self._sent.popleft()
                if len(self._sent) < self.limit:
                    self._sent.append(now)
                    return
                delay = self._sent[0] + self.window - now
            self.waited += delay
            if self.cancel.wait(delay):
                raise CancelledError(endpoint, "stopping: a paced call was not sent")
