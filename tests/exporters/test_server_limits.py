"""The exporters' HTTP server under hostile clients: every body bounded whatever its framing
says, bounded connections and body memory (excess gets 503 at once), per-read and
per-request timeouts, the 100-continue handshake, a handler's crash answered as 500.

Raw sockets on 127.0.0.1, because a well-behaved client cannot send what these test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Mapping

import httpx
import pytest
from prometheus_client import CollectorRegistry

from exporters.toolkit.server import Answer, ExporterServer, PostRoute, ServerLimits

LIMIT = 1000
LIMITS = ServerLimits(
    max_body=LIMIT,
    body_budget=2 * LIMIT,
    max_connections=4,
    idle_timeout=1.0,
    request_timeout=2.0,
    max_header_bytes=8 * 1024,
    linger=0.5,
)
HEAD = b"POST /p HTTP/1.1\r\nHost: 127.0.0.1\r\n"


class Seen:
    """What the route was given: body sizes, refusals, pieces the verifier saw."""

    def __init__(self) -> None:
        self.bodies: list[int] = []
        self.refused: list[int] = []
        self.verified = 0


class Counting:
    def __init__(self, seen: Seen) -> None:
        self.seen = seen

    def update(self, chunk: bytes) -> None:
        self.seen.verified += len(chunk)

    def verify(self) -> Answer | None:
        return None


@pytest.fixture
def seen() -> Seen:
    return Seen()


@pytest.fixture
def server(seen: Seen) -> Iterator[ExporterServer]:
    def handle(headers: Mapping[str, str], body: bytes) -> Answer:
        if body == b"crash":
            raise RuntimeError("a bug in the handler")
        seen.bodies.append(len(body))
        return 200, f"got {len(body)}"

    def verifier(headers: Mapping[str, str]) -> Counting | Answer:
        return (401, "unsigned") if "x-unsigned" in headers else Counting(seen)

    route = PostRoute(
        handle, verifier=verifier, refused=lambda h, status: seen.refused.append(status)
    )
    srv = ExporterServer(
        CollectorRegistry(), lambda: (True, "ok"), post_routes={"/p": route}, limits=LIMITS
    )
    srv.start()
    yield srv
    srv.stop()


def address(server: ExporterServer) -> tuple[str, int]:
    host, port = server.httpd.server_address[:2]
    return str(host), int(port)


def exchange(server: ExporterServer, data: bytes, wait: float = 5.0) -> tuple[bytes, float]:
    """Send ``data``, read until the server closes; the answer and how long it took."""
    started = time.monotonic()
    with socket.create_connection(address(server), timeout=wait) as conn:
        conn.sendall(data)
        out = b""
        while chunk := conn.recv(65536):
            out += chunk
    return out, time.monotonic() - started


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


CLOSE = b"Connection: close\r\n"
FRAMINGS = {
    "a negative Content-Length is a 400": (HEAD + b"Content-Length: -1\r\n\r\nabc", 400),
    "a non-numeric Content-Length is a 400": (HEAD + b"Content-Length: abc\r\n\r\nabc", 400),
    "a signed Content-Length is a 400": (HEAD + b"Content-Length: +3\r\n\r\nabc", 400),
    "two different Content-Lengths are a 400": (
        HEAD + b"Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        400,
    ),
    "a huge Content-Length is a 413": (
        HEAD + b"Content-Length: 99999999999999999999999\r\n\r\n",
        413,
    ),
    "a Content-Length over the limit is a 413 (the body is not read)": (
        HEAD + b"Content-Length: 100000\r\n\r\n" + b"x" * 100_000,
        413,
    ),
    "no Content-Length is a 411": (HEAD + b"\r\nabc", 411),
    "a chunked body over the limit is a 413": (
        HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + (b"100\r\n" + b"x" * 256 + b"\r\n") * 8,
        413,
    ),
    "a bad chunk size is a 400": (HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n", 400),
    "Transfer-Encoding with Content-Length is a 400": (
        HEAD + b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc",
        400,
    ),
    "another transfer coding is a 501": (HEAD + b"Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
    "headers over their budget are a 431": (
        HEAD + b"".join(b"X-%d: %s\r\n" % (i, b"y" * 1000) for i in range(20)) + b"\r\n",
        431,
    ),
    "a chunked body within the limit is read": (
        HEAD
        + b"Transfer-Encoding: chunked\r\n"
        + CLOSE
        + b"\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
        200,
    ),
    "a repeated equal Content-Length is read": (
        HEAD + b"Content-Length: 3, 3\r\n" + CLOSE + b"\r\nabc",
        200,
    ),
    "a handler's crash is a 500": (HEAD + b"Content-Length: 5\r\n" + CLOSE + b"\r\ncrash", 500),
}


@pytest.mark.parametrize(("request_bytes", "status"), FRAMINGS.values(), ids=FRAMINGS.keys())
def test_every_body_framing_is_bounded_and_answered(
    server: ExporterServer, seen: Seen, request_bytes: bytes, status: int
) -> None:
    answer, _ = exchange(server, request_bytes)
    assert status_of(answer) == status, answer[:200]
    assert seen.verified <= LIMIT
    assert all(size <= LIMIT for size in seen.bodies)
    if status in (400, 411, 413, 501):
        assert seen.refused == [status]  # the route hears of it (the webhook counts it)
        assert seen.bodies == []
    assert httpx.get(server.url + "/healthz").status_code == 200  # still serving


def test_a_refused_signature_is_answered_before_the_body_is_read(
    server: ExporterServer, seen: Seen
) -> None:
    answer, _ = exchange(
        server, HEAD + b"X-Unsigned: 1\r\nContent-Length: 900\r\n\r\n" + b"x" * 900
    )
    assert status_of(answer) == 401
    assert seen.verified == 0 and seen.bodies == []


def test_expect_100_continue_is_refused_without_the_body_or_continued(
    server: ExporterServer, seen: Seen
) -> None:
    expect = b"Expect: 100-continue\r\n"
    answer, _ = exchange(server, HEAD + expect + b"Content-Length: 5000\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413 ")
    with socket.create_connection(address(server), timeout=5) as conn:
        conn.sendall(HEAD + expect + CLOSE + b"Content-Length: 3\r\n\r\n")
        assert conn.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        conn.sendall(b"abc")
        rest = b""
        while chunk := conn.recv(65536):
            rest += chunk
    assert b"got 3" in rest


def test_a_stalled_connection_is_closed_after_the_idle_timeout(server: ExporterServer) -> None:
    answer, took = exchange(server, HEAD + b"Content-Length: 10\r\n\r\nabc")
    assert answer == b"" and took < 4 * LIMITS.idle_timeout  # closed, not held forever


def test_a_trickling_client_is_cut_off_at_the_request_deadline(server: ExporterServer) -> None:
    started = time.monotonic()
    with socket.create_connection(address(server), timeout=5) as conn:
        conn.sendall(HEAD)
        closed = False
        for _ in range(40):  # one byte every 0.2 s never trips the 1 s idle timeout
            try:
                conn.sendall(b"X")
            except OSError:
                closed = True
                break
            conn.settimeout(0.2)
            try:
                if conn.recv(1024) == b"":
                    closed = True
                    break
            except TimeoutError:
                pass
    took = time.monotonic() - started
    assert closed and took < 3 * LIMITS.request_timeout


def test_excess_connections_get_503_at_once_and_are_served_again_after(
    server: ExporterServer,
) -> None:
    idle = [
        socket.create_connection(address(server), timeout=5) for _ in range(LIMITS.max_connections)
    ]
    try:
        for conn in idle:
            conn.sendall(b"GET /healthz HTTP/1.1\r\n")  # a request begun, never finished
        time.sleep(0.2)
        answer, took = exchange(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status_of(answer) == 503 and b"Retry-After: 1" in answer
        assert took < LIMITS.idle_timeout  # not queued behind the held connections
    finally:
        for conn in idle:
            conn.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if httpx.get(server.url + "/healthz").status_code == 200:
            break
        time.sleep(0.1)
    assert httpx.get(server.url + "/healthz").status_code == 200


def test_bodies_beyond_the_memory_budget_get_503(server: ExporterServer, seen: Seen) -> None:
    holders = []
    try:
        for _ in range(2):  # two bodies of LIMIT bytes take the whole budget
            conn = socket.create_connection(address(server), timeout=5)
            conn.sendall(HEAD + b"Content-Length: %d\r\n\r\nab" % LIMIT)
            holders.append(conn)
        time.sleep(0.2)
        answer, _ = exchange(server, HEAD + b"Content-Length: 10\r\n\r\n0123456789")
        assert status_of(answer) == 503
        assert seen.refused == [503]
    finally:
        for conn in holders:
            conn.close()
    time.sleep(0.3)  # the held bodies are given back when their connections end
    answer, _ = exchange(server, HEAD + CLOSE + b"Content-Length: 10\r\n\r\n0123456789")
    assert status_of(answer) == 200


def test_concurrent_posts_never_exceed_the_limit_or_break_the_server(
    server: ExporterServer, seen: Seen
) -> None:
    answers: list[tuple[int, int]] = []

    def post(size: int) -> None:
        try:
            status = httpx.post(server.url + "/p", content=b"x" * size, timeout=10).status_code
        except httpx.HTTPError:
            status = 0  # reset or timed out: the answer was lost
        answers.append((size, status))

    for _ in range(3):  # waves of max_connections posts at once
        threads = [threading.Thread(target=post, args=(size,)) for size in [10, 500, 5000, 50_000]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(15)
    assert len(answers) == 12
    for size, status in answers:  # 503: more connections than max_connections at once
        assert status in ({200, 503} if size <= LIMIT else {413, 503}), (size, status)
    assert all(size <= LIMIT for size in seen.bodies)
