"""The exporter's HTTP server: ``/metrics``, ``/healthz``, ``/readyz`` and optional POST routes.

``/metrics`` renders an ``Exposition`` (the collectors serve cached snapshots, never upstream),
in OpenMetrics when Prometheus asks for it. Parts whose content only changes when a refresh
publishes (``Part(collector, key=...)``) are rendered once per key and format and then served
from a dictionary; parts that change with the clock (self-metrics: data age) render per scrape. ``/healthz`` answers 200 while the process runs;
``/readyz`` answers 200 once the readiness check passes, 503 with the reason before. POST
routes (webhooks) get the raw headers and body.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

MAX_BODY = 25 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB
PostHandler = Callable[[Mapping[str, str], bytes], tuple[int, str]]


class ScrapeCounter:
    """Counts ``/metrics`` responses; collectors use it to show a new series at 0 first."""

    def __init__(self) -> None:
        self.seq = 0
        self._lock = threading.Lock()

    def served(self) -> None:
        with self._lock:
            self.seq += 1


_EOF = b"# EOF\n"  # ends an OpenMetrics exposition; only the last part may keep it


@dataclass
class Part:
    """One collector of the exposition. With ``key``, its rendering is cached: ``key()`` must
    change whenever ``collect()`` would return something else (read it before rendering)."""

    collector: Collector
    key: Callable[[], Hashable] | None = None
    registry: CollectorRegistry = field(init=False, repr=False)
    _cache: dict[str, tuple[Hashable, bytes]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        if isinstance(self.collector, CollectorRegistry):
            self.registry = self.collector
        else:  # a registry of its own, so the stock encoders can render just this part
            self.registry = CollectorRegistry(auto_describe=True)
            self.registry.register(self.collector)


class Exposition:
    """What ``/metrics`` serves: the parts in order, byte-identical to rendering one registry
    that holds the same collectors. Thread-safe; a cached part is one lookup per scrape."""

    def __init__(self, parts: Sequence[Part]) -> None:
        self.parts = list(parts)
        self._lock = threading.Lock()
        self.renders = 0  # cached-part renders (cache misses), for tests and benchmarks

    @classmethod
    def of(cls, registry: CollectorRegistry) -> Exposition:
        """The whole registry, rendered on every scrape."""
        return cls([Part(registry)])

    def render(self, accept: str) -> tuple[bytes, str]:
        encoder, content_type = choose_encoder(accept)
        chunks: list[bytes] = []
        for part in self.parts:
            if part.key is None:
                body = encoder(part.registry)
            else:
                key = part.key()  # before rendering: the body is never older than its key
                with self._lock:
                    hit = part._cache.get(content_type)
                if hit is not None and hit[0] == key:
                    body = hit[1]
                else:
                    body = encoder(part.registry)
                    with self._lock:
                        part._cache[content_type] = (key, body)
                        self.renders += 1
            chunks.append(body)
        last = len(chunks) - 1
        if content_type.startswith("application/openmetrics-text"):
            chunks = [c.removesuffix(_EOF) if i < last else c for i, c in enumerate(chunks)]
        return b"".join(chunks), content_type


class ExporterServer:
    """Serves one registry on ``host:port`` from a background thread; ``exposition`` (the
    same collectors split into parts, some cached) replaces rendering the registry whole."""

    def __init__(
        self,
        registry: CollectorRegistry,
        ready: Callable[[], tuple[bool, str]],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        post_routes: Mapping[str, PostHandler] | None = None,
        scrapes: ScrapeCounter | None = None,
        exposition: Exposition | None = None,
    ) -> None:
        self.registry = registry
        self.exposition = exposition or Exposition.of(registry)
        self.ready = ready
        self.post_routes = dict(post_routes or {})
        self.scrapes = scrapes or ScrapeCounter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in separate writes

            def log_message(self, format: str, *args: Any) -> None:
                log.debug("%s %s", self.address_string(), format % args)

            def _send(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == "/metrics":
                    body, content_type = server.exposition.render(self.headers.get("Accept", ""))
                    server.scrapes.served()
                    self._send(200, body, content_type)
                elif path == "/healthz":
                    self._send(200, b"ok\n")
                elif path == "/readyz":
                    ok, reason = server.ready()
                    self._send(200 if ok else 503, (reason + "\n").encode())
                else:
                    self._send(404, b"not found\n")

            def do_POST(self) -> None:
                handler = server.post_routes.get(self.path.split("?", 1)[0])
                if handler is None:
                    self._send(404, b"not found\n")
                    return
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self._send(413, b"payload too large\n")
                    return
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    status, text = handler(headers, body)
                except Exception:  # a bad delivery must not take the server down
                    log.exception("POST %s failed", self.path)
                    status, text = 500, "internal error"
                self._send(status, (text + "\n").encode())

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="http", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)
