"""The exporter's HTTP server: ``/metrics``, ``/healthz``, ``/readyz`` and optional POST routes.

``/metrics`` renders the registry (the collectors serve cached snapshots, never upstream),
in OpenMetrics when Prometheus asks for it. ``/healthz`` answers 200 while the process runs;
``/readyz`` answers 200 once the readiness check passes, 503 with the reason before. POST
routes (webhooks) get the raw headers and body.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder

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


class ExporterServer:
    """Serves one registry on ``host:port`` from a background thread."""

    def __init__(
        self,
        registry: CollectorRegistry,
        ready: Callable[[], tuple[bool, str]],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        post_routes: Mapping[str, PostHandler] | None = None,
        scrapes: ScrapeCounter | None = None,
    ) -> None:
        self.registry = registry
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
                    encoder, content_type = choose_encoder(self.headers.get("Accept", ""))
                    body = encoder(server.registry)
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
