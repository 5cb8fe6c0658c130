"""Process plumbing shared by every exporter: logging, ``--check-config``, serve until SIGTERM."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

import stamina.instrumentation

from exporters.toolkit.errors import SettingsError
from exporters.toolkit.refresh import RefreshLoop
from exporters.toolkit.server import ExporterServer
from exporters.toolkit.settings import Loaded

log = logging.getLogger(__name__)

# What ``signal.signal`` returns and accepts back (typeshed's private ``_HANDLER``).
_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

EXIT_OK = 0
EXIT_BAD_INPUT = 2


# Libraries that log every request (httpx at INFO) or every connection event (httpcore):
# their lines show only at DEBUG; a failed refresh is one WARNING of the refresh loop.
CHATTY_LOGGERS = ("httpx", "httpcore")


def setup_logging(level: str = "INFO") -> None:
    """Log to stderr at ``level``. Per-request lines of the HTTP libraries and stamina's
    per-retry lines are DEBUG only (the client logs its retries at DEBUG itself)."""
    numeric = getattr(logging, level.upper(), logging.INFO)
    logging.basicConfig(
        level=numeric,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(
            logging.DEBUG if numeric <= logging.DEBUG else logging.WARNING
        )
    # stamina's default hooks warn on every retry (and count them in the global registry,
    # which no exporter serves).
    stamina.instrumentation.set_on_retry_hooks([])


def log_settings(loaded: Loaded) -> None:
    """One line per setting with where it came from; secrets are shown as ***."""
    for line in loaded.describe():
        log.info("setting %s", line)


def report_settings_error(exc: SettingsError) -> int:
    log.error("%s", exc)
    return EXIT_BAD_INPUT


def serve(server: ExporterServer, loop: RefreshLoop, stop: threading.Event | None = None) -> int:
    """Start the refresh loop and the server; return on SIGTERM/SIGINT after a clean stop."""
    stop = stop or threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        log.info("received signal %d; shutting down", signum)
        stop.set()

    previous: dict[signal.Signals, _Handler] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, on_signal)
    server.start()
    log.info("serving on %s (/metrics, /healthz, /readyz)", server.url)
    loop.start()
    try:
        stop.wait()
    finally:
        loop.stop()
        server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        log.info("stopped")
    return EXIT_OK
