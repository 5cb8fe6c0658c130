"""Cloudflare exporter: GraphQL queries and requests per refresh for 1, 10 and 100 zones
against the query budget (240 planned of Cloudflare's 300 per 5 minutes), the refresh time
against the fake Cloudflare API, ``/metrics`` latency with 100 zones, and the RSS of the
exporter process itself (``python -m exporters.cloudflare`` run as a child process).
"""

from __future__ import annotations

import math
import tempfile
import time
from pathlib import Path

from prometheus_client import CollectorRegistry

from benchmarks._exporters import process_rss, scrape_latency
from exporters.cloudflare.app import build
from exporters.cloudflare.budget import plan
from exporters.cloudflare.settings import GRAPHQL_QUOTA, PREFIX, CloudflareSettings
from exporters.toolkit.settings import load_settings
from fakes.cloudflare import FakeCloudflare, Zone
from portfolio.config.loader import load_config
from tests.exporters.cloudflare_traffic import ALPHA_MINUTE, HEALTHCHECKS

TOKEN = "cloudflare-bench-token-0123456789"
ZONES = (1, 10, 100)
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
                scrape_latency(runtime, f"{zones} zones", figures)
        finally:
            runtime.close()


def _process_rss(tmp: Path, figures: dict[str, float]) -> None:
    """The exporter as its own process (what Compose runs) serving 100 zones."""
    zones = max(ZONES)
    with FakeCloudflare(TOKEN) as fake:
        _fill(fake, zones, math.floor(time.time() / 60) * 60.0)
        env = _env(fake, _portfolio(tmp / "portfolio-process.yaml", zones))
        process_rss("exporters.cloudflare", "CLOUDFLARE_", env, f"{zones} zones", figures)


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
