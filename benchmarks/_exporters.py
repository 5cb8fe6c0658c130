"""What the exporter benchmarks measure alike: ``/metrics`` latency of a built exporter, and
the resident memory of an exporter run as its own process (what Compose and ``make stack``
run), against a fake upstream the caller serves."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import httpx

from exporters.toolkit.kit import Runtime

SCRAPES = 300  # /metrics requests per latency figure
READY_TIMEOUT = 60.0  # seconds an exporter process may take to answer /readyz


def scrape_latency(runtime: Runtime, what: str, figures: dict[str, float]) -> None:
    """p50 and p99 of ``SCRAPES`` scrapes of ``runtime``'s ``/metrics`` (its cache warm)."""
    server = runtime.server
    server.start()
    try:
        with httpx.Client() as client:
            url = server.url + "/metrics"
            size = len(client.get(url).content)
            times = []
            for _ in range(SCRAPES):
                started = time.perf_counter()
                client.get(url).raise_for_status()
                times.append(time.perf_counter() - started)
        q = statistics.quantiles(times, n=100)
        print(
            f"/metrics with {what}: p50 {q[49] * 1000:.2f} ms, p99 {q[98] * 1000:.2f} ms, "
            f"{size / 1024:.0f} KiB ({SCRAPES} scrapes)"
        )
        figures["metrics_p50_ms"] = q[49] * 1000
        figures["metrics_p99_ms"] = q[98] * 1000
    finally:
        server.stop()


def rss_mib(pid: int) -> float:
    """Resident memory of process ``pid`` (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def process_rss(
    module: str,
    prefix: str,
    env: Mapping[str, str],
    what: str,
    figures: dict[str, float],
    loaded: Callable[[str], bool] = lambda text: True,
) -> None:
    """Start the exporter as its own process, wait until its ``/metrics`` text satisfies
    ``loaded``, scrape it 50 times, and record its RSS as ``exporter_rss_mib``."""
    port = free_port()
    child_env = {**env, f"{prefix}LISTEN_PORT": str(port), "PATH": os.environ.get("PATH", "")}
    child = subprocess.Popen(
        [sys.executable, "-m", module],
        env=child_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _ready(url), "the exporter process did not become ready")
        wait_until(
            lambda: loaded(httpx.get(url + "/metrics", timeout=5).text),
            "the exporter's data did not arrive",
        )
        for _ in range(50):
            httpx.get(url + "/metrics", timeout=5).raise_for_status()
        rss = rss_mib(child.pid)
        print(f"RSS of the exporter process (python -m {module}, {what}): {rss:.1f} MiB")
        figures["exporter_rss_mib"] = rss
    finally:
        child.terminate()
        child.wait(10)


def _ready(url: str) -> bool:
    try:
        return httpx.get(url + "/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(condition: Callable[[], bool], failure: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(failure)
        time.sleep(0.2)
