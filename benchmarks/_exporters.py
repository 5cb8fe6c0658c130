"""What the exporter benchmarks measure alike: ``/metrics`` latency of a built exporter, and
the resident memory and ``/metrics`` latency of an exporter run as its own process (what
Compose and ``make stack`` run), against a fake upstream the caller serves.

The process runs on the interpreter of a virtualenv that holds exactly what the exporters
image installs (``requirements-exporters.txt`` under ``constraints.txt``, as the Dockerfile
does), made once in ``build/bench/exporters-venv`` and remade when either file changes. The
development virtualenv holds more, and some of it is imported when present (httpx imports its
command line's click, rich and pygments if it finds them: about 4 MiB), so measuring there
would count memory the image never uses. Without the package index, the benchmark says so and
measures on the development interpreter.
"""

from __future__ import annotations

import hashlib
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
ROOT = Path(__file__).resolve().parent.parent
IMAGE_REQUIREMENTS = (ROOT / "requirements-exporters.txt", ROOT / "constraints.txt")
IMAGE_VENV = ROOT / "build" / "bench" / "exporters-venv"
INSTALL_TIMEOUT = 600.0


def image_python() -> tuple[str, str]:
    """The interpreter with the exporters image's packages, and what it is (for the output)."""
    stamp = hashlib.sha256(b"".join(p.read_bytes() for p in IMAGE_REQUIREMENTS)).hexdigest()
    python = IMAGE_VENV / "bin" / "python"
    marker = IMAGE_VENV / ".installed"
    if marker.is_file() and marker.read_text() == stamp and python.exists():
        return str(python), "the image's packages"
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(IMAGE_VENV)],
            check=True,
            capture_output=True,
            timeout=INSTALL_TIMEOUT,
        )
        requirements, constraints = (str(p) for p in IMAGE_REQUIREMENTS)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--no-compile"]
        subprocess.run(
            [*pip, "-r", requirements, "-c", constraints],
            check=True,
            capture_output=True,
            timeout=INSTALL_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        output = getattr(exc, "stderr", None) or b""
        lines = output.decode(errors="replace").strip().splitlines() or [str(exc)]
        print(f"  (could not install the image's packages: {lines[-1][:200]})")
        return sys.executable, "the development virtualenv (more packages than the image)"
    marker.write_text(stamp)
    return str(python), "the image's packages"


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


# What Prometheus 2.42 sends (scrape.go's acceptHeader), so the exporter renders OpenMetrics.
OPENMETRICS_ACCEPT = (
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
    "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
)


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
    """Start the exporter as its own process (on ``image_python()``, from this checkout),
    wait until its ``/metrics`` text satisfies ``loaded``, scrape it ``SCRAPES`` times as
    Prometheus does (OpenMetrics, one kept-alive connection), and record the p50 and p99 of
    those scrapes (``process_metrics_p50_ms``, ``process_metrics_p99_ms``) and then its RSS
    (``exporter_rss_mib``)."""
    python, packages = image_python()
    port = free_port()
    child_env = {
        **env,
        f"{prefix}LISTEN_PORT": str(port),
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
    }
    child = subprocess.Popen(
        [python, "-m", module],
        env=child_env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _ready(url), "the exporter process did not become ready")
        with httpx.Client(headers={"Accept": OPENMETRICS_ACCEPT}, timeout=5) as client:
            wait_until(
                lambda: loaded(client.get(url + "/metrics").text),
                "the exporter's data did not arrive",
            )
            # The series that first scrape showed at 0 show their values from the next one,
            # which renders again: the timed scrapes are those between refreshes.
            client.get(url + "/metrics").raise_for_status()
            times = []
            for _ in range(SCRAPES):
                started = time.perf_counter()
                client.get(url + "/metrics").raise_for_status()
                times.append(time.perf_counter() - started)
        q = statistics.quantiles(times, n=100)
        rss = rss_mib(child.pid)
        print(
            f"the exporter as its own process (python -m {module}, {what}, {packages}): "
            f"/metrics p50 {q[49] * 1000:.2f} ms, p99 {q[98] * 1000:.2f} ms ({SCRAPES} "
            f"scrapes); RSS {rss:.1f} MiB"
        )
        figures["process_metrics_p50_ms"] = q[49] * 1000
        figures["process_metrics_p99_ms"] = q[98] * 1000
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
