"""The exporter's HTTP server: ``/metrics``, ``/healthz``, ``/readyz`` and optional POST routes.

``/metrics`` renders an ``Exposition`` (the collectors serve cached snapshots, never upstream),
in OpenMetrics when Prometheus asks for it. Parts whose content only changes when a refresh
publishes (``Part(collector, key=...)``) are rendered once per key and format and then served
from a dictionary; parts that change with the clock (self-metrics: data age) render per scrape.
``/healthz`` answers 200 while the process runs; ``/readyz`` answers 200 once the readiness
check passes, 503 with the reason before.

POST routes (webhooks) are reachable from outside, so every client is bounded
(``ServerLimits``): a body is read in pieces up to ``max_body`` whatever ``Content-Length``
says (a fixed length or chunked; a negative, non-numeric or conflicting length is a 400, none
at all a 411, too much a 413), bodies in memory at once share ``body_budget`` (past it: 503),
connections served at once are ``max_connections`` (past it: 503 at once), every read or write
waits at most ``idle_timeout`` and a request gets ``request_timeout`` in all. A route's
``verifier`` sees the headers before the body is read (a delivery without a signature is
refused unread) and every piece as it arrives (an HMAC), so the handler only gets a verified
body.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

MAX_BODY = 25 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB
CHUNK = 64 * 1024  # bodies are read, verified and discarded in pieces of this size
WRITE_SIZE = 256 * 1024  # a cached exposition is kept, and written, in pieces of about this
PostHandler = Callable[[Mapping[str, str], bytes], tuple[int, str]]
Answer = tuple[int, str]  # status and a one-line text
_DIGITS = re.compile(r"[0-9]+")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(;[^\r\n]*)?\r?\n")


@dataclass(frozen=True)
class ServerLimits:
    """What one client can hold: memory, threads, time. The defaults suit GitHub webhooks
    (payloads up to 25 MB, an answer expected within 10 s) and Prometheus scrapes."""

    max_body: int = MAX_BODY  # bytes of one POST body
    body_budget: int = 2 * MAX_BODY  # bytes of all bodies held at once
    max_connections: int = 32  # connections served at once (one thread each)
    idle_timeout: float = 10.0  # seconds one read or write may wait
    request_timeout: float = 30.0  # seconds a connection may spend on one request
    max_header_bytes: int = 64 * 1024  # request line and headers of one request
    linger: float = 1.0  # after refusing a body, discard what follows this long (see _linger)


class BodyVerifier(Protocol):
    """Checks a body as it streams in (an HMAC); ``verify`` answers a refusal or None."""

    def update(self, chunk: bytes) -> None: ...

    def verify(self) -> Answer | None: ...


@dataclass(frozen=True)
class PostRoute:
    """A POST endpoint. ``verifier(headers)`` runs before the body is read and returns a
    ``BodyVerifier`` or a refusal (the body is then never read); ``handle(headers, body)``
    runs only when the verifier accepted the whole body. ``refused(headers, status)`` hears
    of requests the server refused before the handler (bad framing, too large, busy)."""

    handle: PostHandler
    verifier: Callable[[Mapping[str, str]], BodyVerifier | Answer] | None = None
    refused: Callable[[Mapping[str, str], int], None] | None = None


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
    _cache: dict[str, tuple[Hashable, tuple[bytes, ...]]] = field(default_factory=dict, init=False)

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
        """The whole exposition as one body, in the format ``accept`` asks for."""
        chunks, content_type = self.chunks(accept)
        return b"".join(chunks), content_type

    def chunks(self, accept: str) -> tuple[list[bytes], str]:
        """The exposition as the parts' bodies in order, to be written one after the other: a
        cached part is served as the very bytes object the cache holds, never copied."""
        encoder, content_type = choose_encoder(accept)
        openmetrics = content_type.startswith("application/openmetrics-text")
        chunks: list[bytes] = []
        for i, part in enumerate(self.parts):
            last = i == len(self.parts) - 1
            if part.key is None:
                body = encoder(part.registry)
                chunks.append(body if last or not openmetrics else body.removesuffix(_EOF))
                continue
            key = part.key()  # before rendering: the body is never older than its key
            with self._lock:
                hit = part._cache.get(content_type)
            if hit is not None and hit[0] == key:
                pieces = hit[1]
            else:
                pieces = _by_family(encoder, part.registry, openmetrics)
                with self._lock:
                    part._cache[content_type] = (key, pieces)
                    self.renders += 1
            chunks += pieces if last or not openmetrics else pieces[:-1]
        return chunks, content_type


class _Family:
    """One collected metric family as a collector, for the stock encoders."""

    def __init__(self, metric: Metric) -> None:
        self.metric = metric

    def collect(self) -> list[Metric]:
        return [self.metric]


def _by_family(
    encoder: Callable[[CollectorRegistry], bytes], registry: CollectorRegistry, openmetrics: bool
) -> tuple[bytes, ...]:
    """``encoder(registry)`` as its families' bodies, which joined are it byte for byte; with
    ``openmetrics`` the last piece is the single ``# EOF``. The stock encoders hold a line
    string per sample until they join them, so an exposition rendered whole needs several
    times its size at once (and the process keeps that peak); one family at a time, and kept
    in pieces that are written out as they are, it needs about its own size."""
    pieces: list[bytes] = []
    run: list[bytes] = []  # small families joined into pieces of about WRITE_SIZE: few writes
    size = 0
    for metric in registry.collect():
        body = encoder(cast(CollectorRegistry, _Family(metric)))
        run.append(body.removesuffix(_EOF) if openmetrics else body)
        size += len(run[-1])
        if size >= WRITE_SIZE:
            pieces.append(b"".join(run))
            run, size = [], 0
    if run:
        pieces.append(b"".join(run))
    if openmetrics:
        pieces.append(_EOF)
    return tuple(pieces)


class _Budget:
    """Bytes of request bodies held in memory at once, across connections."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.used = 0
        self._lock = threading.Lock()

    def take(self, size: int) -> bool:
        with self._lock:
            if self.used + size > self.total:
                return False
            self.used += size
            return True

    def give(self, size: int) -> None:
        with self._lock:
            self.used -= size


class _Deadlines:
    """Shuts down connections that outlive their request's deadline: a per-read timeout alone
    lets a client trickle one byte per timeout forever."""

    def __init__(self) -> None:
        self._due: dict[socket.socket, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, sock: socket.socket, due: float) -> None:
        with self._lock:
            self._due[sock] = due

    def forget(self, sock: socket.socket) -> None:
        with self._lock:
            self._due.pop(sock, None)

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="http-deadlines", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            now = time.monotonic()
            with self._lock:
                late = [sock for sock, due in self._due.items() if due <= now]
                for sock in late:
                    del self._due[sock]
            for sock in late:
                log.debug("closing a connection past its request deadline")
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class _HeaderReader:
    """The request's reader during its headers: at most ``limit`` bytes of header lines in all
    (http.server alone allows 100 lines of 64 KiB each)."""

    def __init__(self, raw: Any, limit: int) -> None:
        self.raw = raw
        self.left = limit
        self.first = True

    def readline(self, size: int = -1) -> bytes:
        if self.first:  # the request line: http.server bounds it (414)
            self.first = False
            line: bytes = self.raw.readline(size)
            return line
        cap = self.left + 1 if size < 0 else min(size, self.left + 1)
        line = self.raw.readline(cap)
        self.left -= len(line)
        if self.left < 0:
            raise http.client.LineTooLong("request headers")
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class _BadBody(Exception):
    """The body's framing is invalid or too long: answer ``status`` and close."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text


class _Truncated(Exception):
    """The client closed the connection before the body ended: nothing to answer."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client must not hold up shutdown
    block_on_close = False

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], limits: ServerLimits
    ) -> None:
        super().__init__(address, handler)
        self.limits = limits
        self.slots = threading.BoundedSemaphore(limits.max_connections)
        self.deadlines = _Deadlines()

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            self._busy(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def _busy(self, sock: socket.socket) -> None:
        """Too many connections: answer 503 from the accepting thread, without waiting."""
        body = b"too many connections\n"
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        )
        with contextlib.suppress(OSError):
            sock.settimeout(0.2)
            sock.sendall(head.encode() + body)
            sock.shutdown(socket.SHUT_WR)
            sock.settimeout(0.0)
            # Read what has arrived: closing with unread data would reset the connection and
            # could discard the answer before the client reads it.
            while sock.recv(CHUNK):
                pass
        self.shutdown_request(sock)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver prints these to stderr; a client that goes away is not an error.
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


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
        post_routes: Mapping[str, PostHandler | PostRoute] | None = None,
        scrapes: ScrapeCounter | None = None,
        exposition: Exposition | None = None,
        limits: ServerLimits | None = None,
    ) -> None:
        self.registry = registry
        self.exposition = exposition or Exposition.of(registry)
        self.ready = ready
        self.post_routes = {
            path: route if isinstance(route, PostRoute) else PostRoute(route)
            for path, route in (post_routes or {}).items()
        }
        self.scrapes = scrapes or ScrapeCounter()
        self.limits = bounds = limits or ServerLimits()
        budget = _Budget(bounds.body_budget)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in separate writes
            timeout = bounds.idle_timeout  # per read and write on the connection
            _expect_continue = False

            def log_message(self, format: str, *args: Any) -> None:
                log.debug("%s %s", self.address_string(), format % args)

            def setup(self) -> None:
                super().setup()
                self._raw = self.rfile

            def handle_one_request(self) -> None:
                deadlines = server.httpd.deadlines
                deadlines.watch(self.connection, time.monotonic() + bounds.request_timeout)
                self._expect_continue = False
                self.rfile = cast(
                    io.BufferedIOBase, _HeaderReader(self._raw, bounds.max_header_bytes)
                )
                try:
                    super().handle_one_request()
                finally:
                    deadlines.forget(self.connection)

            def handle_expect_100(self) -> bool:
                # Answered in do_POST once the headers pass: a refusal then replaces the 100
                # and the client never sends the body (RFC 9110 10.1.1).
                self._expect_continue = True
                return True

            def _send(
                self,
                status: int,
                body: bytes | Sequence[bytes],
                content_type: str = "text/plain",
                *,
                close: bool = False,
            ) -> None:
                pieces = [body] if isinstance(body, bytes) else body
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(sum(len(p) for p in pieces)))
                if status == 503:
                    self.send_header("Retry-After", "1")
                if close:
                    self.send_header("Connection", "close")
                self.end_headers()
                for piece in pieces:
                    self.wfile.write(piece)

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == "/metrics":
                    chunks, content_type = server.exposition.chunks(self.headers.get("Accept", ""))
                    server.scrapes.served()
                    self._send(200, chunks, content_type)
                elif path == "/healthz":
                    self._send(200, b"ok\n")
                elif path == "/readyz":
                    ok, reason = server.ready()
                    self._send(200 if ok else 503, (reason + "\n").encode())
                else:
                    self._send(404, b"not found\n")

            def _refuse(self, status: int, text: str, *, unread: bool) -> None:
                """Answer before or instead of the body and close; with ``unread`` the
                body may still be on its way: discard it for a moment (``_linger``)."""
                self._send(status, (text + "\n").encode(), close=True)
                if unread and not self._expect_continue:
                    self._linger()

            def _linger(self) -> None:
                # Closing a socket with unread data resets the connection, and the client
                # (which sends its whole body before it reads) would lose the answer. So read
                # and drop what follows, for at most ``linger`` seconds and ``max_body`` bytes.
                try:
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_WR)
                    until = time.monotonic() + bounds.linger
                    sink = bytearray(CHUNK)
                    dropped = 0
                    while dropped < bounds.max_body:
                        left = until - time.monotonic()
                        if left <= 0:
                            break
                        self.connection.settimeout(min(left, bounds.idle_timeout))
                        count = self.connection.recv_into(sink)
                        if not count:
                            break
                        dropped += count
                except OSError:
                    pass

            def _framing(self) -> int | None:
                """The body's length, or None when chunked. Raises ``_BadBody``."""
                codings = [
                    c.strip().lower()
                    for value in self.headers.get_all("Transfer-Encoding") or []
                    for c in value.split(",")
                    if c.strip()
                ]
                lengths = {
                    v.strip()
                    for value in self.headers.get_all("Content-Length") or []
                    for v in value.split(",")
                }
                if codings:
                    if lengths:  # both: a request smuggling vector (RFC 9112 6.1)
                        raise _BadBody(400, "both Transfer-Encoding and Content-Length")
                    if codings[-1] != "chunked":
                        raise _BadBody(400, "chunked must be the last transfer coding")
                    if codings != ["chunked"]:
                        raise _BadBody(501, "only the chunked transfer coding is supported")
                    return None
                if not lengths:
                    raise _BadBody(411, "Content-Length required")
                if len(lengths) > 1 or not all(_DIGITS.fullmatch(v) for v in lengths):
                    raise _BadBody(400, "invalid Content-Length")
                (text,) = lengths
                if len(text) > 18 or int(text) > bounds.max_body:
                    raise _BadBody(413, "payload too large")
                return int(text)

            def _pieces(self, length: int | None) -> Any:
                """The body in pieces of at most ``CHUNK`` bytes, never more than
                ``max_body`` in all. Raises ``_BadBody`` or ``_Truncated``."""
                raw = self._raw
                if length is not None:
                    left = length
                    while left:
                        piece = raw.read(min(CHUNK, left))
                        if not piece:
                            raise _Truncated
                        left -= len(piece)
                        yield piece
                    return
                total = 0
                while True:
                    line = raw.readline(1024)
                    if not line.endswith(b"\n"):
                        raise _Truncated if len(line) < 1024 else _BadBody(400, "bad chunk")
                    match = _CHUNK_SIZE.fullmatch(line)
                    if match is None:
                        raise _BadBody(400, "bad chunk size")
                    size = int(match.group(1), 16)
                    if size == 0:
                        break
                    total += size
                    if total > bounds.max_body:
                        raise _BadBody(413, "payload too large")
                    while size:
                        piece = raw.read(min(CHUNK, size))
                        if not piece:
                            raise _Truncated
                        size -= len(piece)
                        yield piece
                    if raw.readline(3) not in (b"\r\n", b"\n"):
                        raise _BadBody(400, "bad chunk end")
                for _ in range(64):  # trailer fields, ignored
                    line = raw.readline(8192)
                    if line in (b"\r\n", b"\n"):
                        return
                    if not line.endswith(b"\n"):
                        raise _Truncated if len(line) < 8192 else _BadBody(400, "bad trailer")
                raise _BadBody(400, "too many trailer fields")

            def do_POST(self) -> None:
                self.rfile = self._raw
                route = server.post_routes.get(self.path.split("?", 1)[0])
                headers = {k.lower(): v for k, v in self.headers.items()}
                if route is None:
                    self._refuse(404, "not found", unread=True)
                    return
                held = 0
                try:
                    try:
                        length = self._framing()
                        if length is not None and not budget.take(length):
                            raise _BadBody(503, "busy: too many bodies at once")
                        held = length or 0
                    except _BadBody as exc:
                        if route.refused is not None:
                            route.refused(headers, exc.status)
                        self._refuse(exc.status, exc.text, unread=True)
                        return
                    verifier: BodyVerifier | None = None
                    if route.verifier is not None:
                        checked = route.verifier(headers)
                        if isinstance(checked, tuple):
                            self._refuse(*checked, unread=True)
                            return
                        verifier = checked
                    if self._expect_continue:
                        self.send_response_only(100)
                        self.end_headers()
                        self._expect_continue = False
                    pieces: list[bytes] = []
                    try:
                        for piece in self._pieces(length):
                            if length is None:
                                if not budget.take(len(piece)):
                                    raise _BadBody(503, "busy: too many bodies at once")
                                held += len(piece)
                            if verifier is not None:
                                verifier.update(piece)
                            pieces.append(piece)
                    except _BadBody as exc:
                        pieces.clear()
                        if route.refused is not None:
                            route.refused(headers, exc.status)
                        self._refuse(exc.status, exc.text, unread=True)
                        return
                    except _Truncated:
                        self.close_connection = True
                        return
                    refusal = verifier.verify() if verifier is not None else None
                    if refusal is not None:
                        pieces.clear()
                        self._send(refusal[0], (refusal[1] + "\n").encode())
                        return
                    body = b"".join(pieces)
                    pieces.clear()
                    try:
                        status, text = route.handle(headers, body)
                    except Exception:  # a bad delivery must not take the server down
                        log.exception("POST %s failed", self.path)
                        status, text = 500, "internal error"
                    del body
                    self._send(status, (text + "\n").encode())
                finally:
                    budget.give(held)

        self.httpd = _HTTPServer((host, port), Handler, bounds)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        self.httpd.deadlines.start()
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="http", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.httpd.deadlines.stop()
        if self._thread is not None:
            self._thread.join(5)
