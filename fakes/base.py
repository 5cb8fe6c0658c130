"""What every fake upstream shares: a threaded HTTP server on 127.0.0.1 with a free port, and
for the JSON APIs the serving loop with injected faults (``fail``) and a request log."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

HOST = "127.0.0.1"
# Faults every JSON fake understands; a vendor adds its own in ``fault_answer``.
STATUS, MALFORMED, SLOW = "status", "malformed", "slow"


class FakeAPI:
    """Base of the fake vendor APIs: a threaded HTTP server on 127.0.0.1.

    A subclass builds its request handler class and calls ``super().__init__(handler)``; use
    it as a context manager (``with FakeGitHub() as api: ... api.url``). ``port`` 0 (tests)
    takes a free port; ``python -m fakes`` passes the ones the compose demo names, and
    ``bind_host`` to listen beyond loopback inside its container."""

    bind_host = HOST  # set on the class before building: ``python -m fakes --host``

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0) -> None:
        self.httpd = ThreadingHTTPServer((self.bind_host, port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.httpd.server_address[1]}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Fault:
    """The next ``count`` requests whose path starts with ``path`` fail as ``kind``:
    ``status`` (answer ``status`` with the vendor's error body), ``malformed`` (half the JSON
    then ``<html>``), ``slow`` (answer after ``delay`` seconds), or a vendor's own kind with
    its ``options``."""

    kind: str
    count: int
    status: int = 503
    delay: float = 0.0
    path: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)


class JsonFakeAPI(FakeAPI):
    """A fake JSON API: a subclass implements ``respond`` (the vendor's answer) and
    ``server_error`` (its 5xx body), optionally ``fault_answer`` for its own fault kinds.

    Every request, fault or not, is logged in ``requests`` as (method, path, status)."""

    def __init__(self, port: int = 0) -> None:
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str, int]] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms ACK wait)

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                fake._serve(self, self.rfile.read(length))

            def do_GET(self) -> None:
                fake._serve(self, b"")

        super().__init__(Handler, port)

    # -- for subclasses ----------------------------------------------------------------------
    def respond(
        self, request: BaseHTTPRequestHandler, raw: bytes
    ) -> tuple[int, dict[str, str], Any]:
        """(status, headers, JSON body) the vendor answers to ``request`` with body ``raw``."""
        raise NotImplementedError

    def server_error(self, fault: Fault) -> Any:
        """The body of a ``status`` fault, in the vendor's error shape."""
        raise NotImplementedError

    def fault_answer(self, fault: Fault) -> tuple[int, dict[str, str], Any] | None:
        """The answer of a vendor-specific fault kind instead of ``respond`` (None: respond)."""
        return None

    # -- faults ------------------------------------------------------------------------------
    def fail(
        self,
        kind: str,
        count: int = 1,
        *,
        status: int = 503,
        delay: float = 0.0,
        path: str = "",
        **options: Any,
    ) -> None:
        """The next ``count`` requests (to ``path`` if given) fail as ``kind``."""
        with self.lock:
            self.faults.append(Fault(kind, count, status, delay, path, options))

    def _take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.count > 0 and path.startswith(fault.path):
                    fault.count -= 1
                    return fault
        return None

    # -- serving -----------------------------------------------------------------------------
    def _serve(self, request: BaseHTTPRequestHandler, raw: bytes) -> None:
        fault = self._take_fault(request.path)
        if fault is not None and fault.kind == SLOW:
            time.sleep(fault.delay)
        answer = self.fault_answer(fault) if fault is not None else None
        status, headers, body = answer or self.respond(request, raw)
        data = json.dumps(body).encode()
        if fault is not None and fault.kind == STATUS:
            status, data = fault.status, json.dumps(self.server_error(fault)).encode()
        elif fault is not None and fault.kind == MALFORMED:
            status, data = 200, data[: len(data) // 2] + b"<html>"
        with self.lock:
            self.requests.append((request.command, request.path, status))
        request.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)
