"""Cloudflare exporter: GraphQL queries and requests per refresh for 1, 10 and 100 zones
against the query budget (240 planned of Cloudflare's 300 per 5 minutes), the refresh time
against the fake Cloudflare API, ``/metrics`` latency with 100 zones, and the RSS of the
exporter process itself (``python -m exporters.cloudflare`` run as a child process).
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from prometheus_client import CollectorRegistry

from exporters.cloudflare.app import build
from exporters.cloudflare.budget import plan
from exporters.cloudflare.settings import GRAPHQL_QUOTA, PREFIX, CloudflareSettings
from exporters.toolkit.kit import Runtime
from exporters.toolkit.settings import load_settings
from portfolio.config.loader import load_config
from tests.exporters.cloudflare_traffic import ALPHA_MINUTE, HEALTHCHECKS
from tests.exporters.fake_cloudflare import FakeCloudflare, Zone

TOKEN = "cloudflare-bench-token-0123456789"
ZONES = (1, 10, 100)
SCRAPES = 300
MINUTES = 30  # traffic minutes per zone around the start


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def _zone_id(i: int) -> str:
    return f"{i:032x}"


def _portfolio(path: Path, zones: int) -> Path:
    products = "\n".join(
        f"  p{i:03d}:\n    name: Product {i}\n    team: platform\n    health_endpoints:\n"
        f"      - {{name: web, url: 'https://p{i}.example/health'}}\n"
        f"    sources:\n      cloudflare: {{zone: '{_zone_id(i)}'}}"
        for i in range(zones)
    )
    path.write_text(
        "version: 1\nportfolio: {name: Bench, team: platform, grafana_url: 'http://g', "
        "runbook_url: 'https://r/{product}/{alert}'}\nteams:\n  platform:\n    name: Platform\n"
        f"    slack: {{channel: '#p'}}\nproducts:\n{products}\n"
    )
    return path


def _fill(fake: FakeCloudflare, zones: int, start: float) -> None:
    fake.quota = 10**9  # measure the cost, do not refuse it
    for i in range(zones):
        zone = fake.add_zone(Zone(_zone_id(i), f"p{i}.example", "pro", healthchecks=HEALTHCHECKS))
        for k in range(-MINUTES, MINUTES):
            minute = int(start) + 60 * k
            zone.minutes[minute] = list(ALPHA_MINUTE)
            zone.firewall[minute] = {"block": 3}


def _env(fake: FakeCloudflare, config: Path) -> dict[str, str]:
    return {
        "CLOUDFLARE_CONFIG": str(config),
        "CLOUDFLARE_API_URL": fake.url,
        "CLOUDFLARE_API_TOKEN": TOKEN,
        "CLOUDFLARE_LISTEN_HOST": "127.0.0.1",
        "CLOUDFLARE_LISTEN_PORT": "0",
    }


def _queries_per_refresh(zones: int, tmp: Path, figures: dict[str, float]) -> None:
    now = math.floor(time.time() / 60) * 60.0
    clock = Clock(now)
    with FakeCloudflare(TOKEN, clock=clock) as fake:
        _fill(fake, zones, now)
        config = _portfolio(tmp / f"portfolio-{zones}.yaml", zones)
        settings = load_settings(CloudflareSettings, _env(fake, config), PREFIX).settings
        runtime = build(settings, load_config(config), registry=CollectorRegistry(), clock=clock)
        try:
            started = time.perf_counter()
            assert runtime.loop.run_once("traffic")  # settings nodes + the first window
            first = time.perf_counter() - started
            first_cost, first_requests = fake.queries_used(), len(fake.graphql)
            clock.t += 60
            started = time.perf_counter()
            assert runtime.loop.run_once("traffic")  # a steady refresh: one new minute
            steady = time.perf_counter() - started
            queries = fake.queries_used() - first_cost
            requests = len(fake.graphql) - first_requests
            started = time.perf_counter()
            assert runtime.loop.run_once("healthchecks")
            health = time.perf_counter() - started
            schedule = plan(settings, zones)
            print(
                f"{zones:3d} zones: {queries} queries in {requests} requests per refresh "
                f"(plan {schedule.queries_per_refresh} in {schedule.requests_per_refresh}); "
                f"first refresh {first_cost} queries with the settings nodes; every "
                f"{schedule.interval:.0f}s that is {schedule.per_window:.1f} queries per 5 min "
                f"(budget {settings.query_budget}, Cloudflare's limit {GRAPHQL_QUOTA}); "
                f"refresh {steady * 1000:.1f} ms (first {first * 1000:.1f} ms), health checks "
                f"{health * 1000:.1f} ms for {zones} REST requests"
            )
            assert queries == schedule.queries_per_refresh
            assert schedule.per_window <= settings.query_budget
            figures[f"queries_per_refresh_{zones}"] = queries
            figures[f"requests_per_refresh_{zones}"] = requests
            figures[f"queries_per_5min_{zones}"] = schedule.per_window
            figures[f"interval_seconds_{zones}"] = schedule.interval
            figures[f"refresh_ms_{zones}"] = steady * 1000
            if zones == max(ZONES):
                _scrapes(runtime, zones, figures)
        finally:
            runtime.close()


def _scrapes(runtime: Runtime, zones: int, figures: dict[str, float]) -> None:
    server = runtime.server
    server.start()
    try:
        with httpx.Client() as client:
            url = server.url + "/metrics"
            size = len(client.get(url).content)
            times = []
            for _ in range(SCRAPES):
                t = time.perf_counter()
                client.get(url).raise_for_status()
                times.append(time.perf_counter() - t)
        q = statistics.quantiles(times, n=100)
        print(
            f"/metrics with {zones} zones: p50 {q[49] * 1000:.2f} ms, p99 {q[98] * 1000:.2f} ms, "
            f"{size / 1024:.0f} KiB ({SCRAPES} scrapes)"
        )
        figures["metrics_p50_ms"] = q[49] * 1000
        figures["metrics_p99_ms"] = q[98] * 1000
    finally:
        server.stop()


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _process_rss(tmp: Path, figures: dict[str, float]) -> None:
    """The exporter as its own process (what Compose runs) serving 100 zones."""
    zones = max(ZONES)
    with FakeCloudflare(TOKEN) as fake:
        _fill(fake, zones, math.floor(time.time() / 60) * 60.0)
        env = {
            **_env(fake, _portfolio(tmp / "portfolio-process.yaml", zones)),
            "CLOUDFLARE_LISTEN_PORT": str(_free_port()),
            "PATH": os.environ.get("PATH", ""),
        }
        child = subprocess.Popen(
            [sys.executable, "-m", "exporters.cloudflare"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{env['CLOUDFLARE_LISTEN_PORT']}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            else:
                raise RuntimeError("the exporter process did not become ready")
            for _ in range(50):
                httpx.get(url + "/metrics", timeout=5).raise_for_status()
            rss = _rss_kib(child.pid) / 1024
            print(
                f"RSS of the exporter process (python -m exporters.cloudflare, {zones} zones): "
                f"{rss:.1f} MiB"
            )
            figures["exporter_rss_mib"] = rss
        finally:
            child.terminate()
            child.wait(10)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for zones in ZONES:
            _queries_per_refresh(zones, tmp, figures)
        _process_rss(tmp, figures)
    return figures


if __name__ == "__main__":
    main()
