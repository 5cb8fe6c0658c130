"""Start the real Prometheus, Alertmanager and blackbox_exporter on 127.0.0.1 for a test.

Each server gets a free port and its own temporary data directory, is waited on until it
answers, and is stopped (SIGTERM, then SIGKILL) when the context exits. Tests that need a
binary which is not installed are skipped with the package to install.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from stack_runner.ports import free_port

PACKAGES = {
    "prometheus": "prometheus",
    "promtool": "prometheus",
    "prometheus-alertmanager": "prometheus-alertmanager",
    "amtool": "prometheus-alertmanager",
    "prometheus-blackbox-exporter": "prometheus-blackbox-exporter",
    "prometheus-pushgateway": "prometheus-pushgateway",
    "prometheus-node-exporter": "prometheus-node-exporter",
}
START_TIMEOUT = 30.0  # seconds a server may take to answer its readiness endpoint


def require(binary: str) -> str:
    """Path of ``binary``; skips the test when it is missing."""
    path = shutil.which(binary)
    if path is None:
        pytest.skip(f"{binary} not installed (apt-get install {PACKAGES.get(binary, binary)})")
    return path


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def logs(self) -> str:
        return self.log.read_text(errors="replace")


def promtool(*args: str, cwd: Path, timeout: float = 600.0) -> None:
    """Run ``promtool args`` in ``cwd``; a failure raises with its output."""
    proc = subprocess.run(
        [require("promtool"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"promtool {' '.join(args[:4])} failed:\n{proc.stdout}\n{proc.stderr}")


def _wait_ready(server: Server, path: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited early:\n{server.logs()}")
        try:
            response = httpx.get(server.url + path, timeout=2.0)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            last = str(exc)
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} not ready after {START_TIMEOUT}s ({last}):\n{server.logs()}")


@contextlib.contextmanager
def run_server(
    name: str, args: list[str], workdir: Path, port: int, ready: str
) -> Iterator[Server]:
    log = workdir / f"{name}.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(args, cwd=workdir, stdout=handle, stderr=subprocess.STDOUT)
    server = Server(name, f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_ready(server, ready)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def prometheus(
    config: Path,
    workdir: Path,
    extra_args: list[str] | None = None,
    data_dir: Path | None = None,
    port: int | None = None,
) -> Iterator[Server]:
    """Real Prometheus with ``config``; the lifecycle API is on so tests can reload it."""
    binary = require("prometheus")
    port = port or free_port()
    data = data_dir or (workdir / "prometheus-data")
    data.mkdir(parents=True, exist_ok=True)
    args = [
        binary,
        f"--config.file={config}",
        f"--storage.tsdb.path={data}",
        f"--web.listen-address=127.0.0.1:{port}",
        "--web.enable-lifecycle",
        "--storage.tsdb.retention.time=400d",
        *(extra_args or []),
    ]
    with run_server("prometheus", args, workdir, port, "/-/ready") as server:
        yield server


@contextlib.contextmanager
def alertmanager(config: Path, workdir: Path, port: int | None = None) -> Iterator[Server]:
    """Real Alertmanager (Debian's ``prometheus-alertmanager``), clustering off."""
    binary = require("prometheus-alertmanager")
    port = port or free_port()
    data = workdir / "alertmanager-data"
    data.mkdir(parents=True, exist_ok=True)
    args = [
        binary,
        f"--config.file={config}",
        f"--storage.path={data}",
        f"--web.listen-address=127.0.0.1:{port}",
        "--cluster.listen-address=",
    ]
    with run_server("alertmanager", args, workdir, port, "/-/ready") as server:
        yield server


@contextlib.contextmanager
def blackbox_exporter(config: Path, workdir: Path, port: int | None = None) -> Iterator[Server]:
    binary = require("prometheus-blackbox-exporter")
    port = port or free_port()
    args = [binary, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}"]
    with run_server("blackbox", args, workdir, port, "/-/healthy") as server:
        yield server


@contextlib.contextmanager
def scraping(
    job: str,
    target: str,
    workdir: Path,
    ready: str,
    what: str,
    rule_files: list[str] | None = None,
    timeout: float = 60.0,
) -> Iterator[Server]:
    """Real Prometheus scraping ``target`` (host:port) as ``job`` every second, evaluating
    ``rule_files`` every second; yielded once the query ``ready`` returns a sample."""
    config = workdir / "prometheus.yml"
    document: dict[str, object] = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "scrape_configs": [{"job_name": job, "static_configs": [{"targets": [target]}]}],
    }
    if rule_files:
        document["rule_files"] = rule_files
    config.write_text(yaml.safe_dump(document))
    with prometheus(config, workdir) as server:
        wait_for(lambda: query(server, ready), timeout=timeout, what=what)
        yield server


def panel_values(
    server: Server, expr: str, instant: bool, end: float
) -> dict[frozenset[tuple[str, str]], float]:
    """What a panel shows at ``end``: an instant query's samples, or the last point of each
    series of a 30 s range query at a 5 s step, keyed by the series' labels."""
    if instant:
        params = {"query": expr, "time": f"{end:.3f}"}
        url = f"{server.url}/api/v1/query"
    else:
        params = {"query": expr, "start": f"{end - 30:.3f}", "end": f"{end:.3f}", "step": "5"}
        url = f"{server.url}/api/v1/query_range"
    body = httpx.get(url, params=params, timeout=30).json()
    assert body["status"] == "success", (expr, body)
    out = {}
    for series in body["data"]["result"]:
        sample = series["value"] if instant else series["values"][-1]
        out[frozenset(series["metric"].items())] = float(sample[1])
    return out


def query(server: Server, expr: str, at: float | None = None) -> list[dict[str, object]]:
    """Instant query; returns the result vector (raises on an API error)."""
    params: dict[str, str] = {"query": expr}
    if at is not None:
        params["time"] = f"{at:.3f}"
    response = httpx.get(f"{server.url}/api/v1/query", params=params, timeout=30.0)
    body = response.json()
    if body.get("status") != "success":
        raise AssertionError(f"query {expr!r} failed: {body}")
    return list(body["data"]["result"])


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.5, what: str = "condition"):  # type: ignore[no-untyped-def]
    """Poll ``predicate`` until it returns a truthy value; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


@contextlib.contextmanager
def pushgateway(workdir: Path, port: int | None = None) -> Iterator[Server]:
    """Real Pushgateway (Debian's ``prometheus-pushgateway``) persisting to ``workdir``."""
    binary = require("prometheus-pushgateway")
    port = port or free_port()
    args = [
        binary,
        f"--web.listen-address=127.0.0.1:{port}",
        f"--persistence.file={workdir / 'pushgateway.data'}",
    ]
    with run_server("pushgateway", args, workdir, port, "/-/ready") as server:
        yield server


@contextlib.contextmanager
def node_exporter(workdir: Path, port: int | None = None) -> Iterator[Server]:
    """Real node_exporter (Debian's ``prometheus-node-exporter``) on loopback."""
    binary = require("prometheus-node-exporter")
    port = port or free_port()
    args = [binary, f"--web.listen-address=127.0.0.1:{port}"]
    with run_server("node_exporter", args, workdir, port, "/metrics") as server:
        yield server
