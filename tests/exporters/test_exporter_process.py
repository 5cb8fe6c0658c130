"""The GitHub exporter as its own process on 127.0.0.1: memory stays bounded under repeated
large webhook posts (RSS read from /proc), and SIGTERM stops it within seconds while upstream
does not answer."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest

from tests.exporters import history
from tests.support.binaries import wait_for

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
POST_SIZE = 24 * MB
CONCURRENT = 6
ROUNDS = 4
RSS_GROWTH_BOUND = 80 * MB  # two 25 MB bodies may be held at once (before: +144 MB in 3 rounds)


def rss(pid: int) -> int:
    """Resident set size of ``pid`` in bytes (``VmRSS`` of /proc/<pid>/status)."""
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB$", text, re.MULTILINE)
    assert match, "no VmRSS in /proc/<pid>/status"
    return int(match.group(1)) * 1024


@contextmanager
def exporter(tmp_path: Path, api_url: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``python -m exporters.github`` on a free loopback port; yields the process and its URL."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
        "PYTHONPATH": str(ROOT),
        "GITHUB_API_URL": api_url,
        "GITHUB_CONFIG": str(history.PORTFOLIO),
        "GITHUB_LISTEN_HOST": "127.0.0.1",
        "GITHUB_LISTEN_PORT": "0",
        "GITHUB_WEBHOOK_SECRET": "s",
        "GITHUB_TOKEN": "not-a-real-token",
    }
    log = tmp_path / "exporter.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "exporters.github"], env=env, stdout=out, stderr=out, cwd=ROOT
        )
    try:
        found: list[str] = []

        def serving() -> bool:
            match = re.search(r"serving on (http://127\.0\.0\.1:\d+)", log.read_text())
            if match:
                found.append(match.group(1))
            return bool(match) or proc.poll() is not None

        wait_for(serving, timeout=20, interval=0.1, what="exporter serving")
        assert found, log.read_text()
        yield proc, found[0]
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


@contextmanager
def blackhole() -> Iterator[str]:
    """A loopback port that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        held: list[socket.socket] = []
        stop = threading.Event()

        def accept() -> None:
            listener.settimeout(0.2)
            while not stop.is_set():
                with suppress(TimeoutError):
                    held.append(listener.accept()[0])

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{listener.getsockname()[1]}"
        finally:
            stop.set()
            thread.join(5)
            for conn in held:
                conn.close()


def test_repeated_large_posts_leave_memory_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = b"x" * POST_SIZE
    # A well-formed signature that does not match: the whole body must be read to know.
    forged = {"X-GitHub-Event": "issues", "X-Hub-Signature-256": "sha256=" + "0" * 64}
    with blackhole() as api, exporter(tmp_path, api) as (proc, url):
        httpx.post(url + "/webhook", content=b"{}", headers=forged, timeout=10)  # warm up
        before = rss(proc.pid)
        statuses: list[int] = []

        def post(headers: dict[str, str]) -> None:
            try:
                answer = httpx.post(url + "/webhook", content=body, headers=headers, timeout=30)
                statuses.append(answer.status_code)
            except httpx.HTTPError:
                statuses.append(0)

        peak = before
        for _ in range(ROUNDS):
            unsigned = {"X-GitHub-Event": "issues"}
            threads = [
                threading.Thread(target=post, args=(forged if i % 2 == 0 else unsigned,))
                for i in range(CONCURRENT)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            peak = max(peak, rss(proc.pid))
        after = rss(proc.pid)
        assert httpx.get(url + "/healthz", timeout=5).status_code == 200
    with capsys.disabled():
        print(
            f"\nexporter RSS: before {before / MB:.1f} MB, peak {peak / MB:.1f} MB, "
            f"after {after / MB:.1f} MB ({ROUNDS} rounds of {CONCURRENT} concurrent "
            f"{POST_SIZE // MB} MB posts; statuses {sorted(set(statuses))})"
        )
    assert len(statuses) == ROUNDS * CONCURRENT
    assert set(statuses) <= {401, 503}, statuses  # refused, never accepted or a crash
    assert after - before < RSS_GROWTH_BOUND
    assert peak - before < RSS_GROWTH_BOUND


@pytest.mark.parametrize("upstream", ["blackholed", "refused"])
def test_sigterm_stops_the_exporter_within_seconds_while_upstream_does_not_answer(
    tmp_path: Path, upstream: str
) -> None:
    with blackhole() as api:
        if upstream == "refused":
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                api = f"http://127.0.0.1:{probe.getsockname()[1]}"  # closed: nothing listens
        with exporter(tmp_path, api) as (proc, _):
            time.sleep(1.5)  # the first refreshes are now waiting on upstream or retrying
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(30)
            took = time.monotonic() - started
    assert code == 0
    assert took < 5, f"took {took:.1f}s to stop"
    assert "stopped" in (tmp_path / "exporter.log").read_text()
