"""The Cloudflare exporter scraped by the real Prometheus with the generated rules: the exporter
reads the fake Cloudflare API (``fakes.cloudflare``) serving the fixture traffic of
``cloudflare_traffic``; the availability SLO's burn alert fires and ProductErrorRateHigh is
pending on that data, and the overview and product dashboards' Cloudflare panels, run as
Grafana runs them, return the values computed by hand from that traffic.

Time runs 60 times faster for the fake and the exporter (one settled minute per real second),
so counters grow by a whole minute of traffic per refresh; ratios do not depend on the time
scale, and rates are checked as shares of the total. ``for:`` durations are real time:
ProductErrorRateHigh's 5 minutes are proven by ``test_cloudflare_rules`` with promtool. (These tests import the generators, so they live here, not in tests/exporters.)
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry

from exporters.cloudflare.app import build
from exporters.cloudflare.settings import PREFIX, CloudflareSettings
from exporters.toolkit.kit import Runtime
from exporters.toolkit.settings import load_settings
from fakes.cloudflare import FakeCloudflare
from generators import dashboards, rules
from generators.dashboards.variables import builtins, interpolate
from portfolio import conventions
from portfolio.config.loader import load_config
from tests.exporters import cloudflare_traffic as fixture
from tests.support import binaries

pytestmark = pytest.mark.integration

PORTFOLIO = Path(__file__).parents[1] / "exporters" / "fixtures" / "cloudflare-portfolio.yaml"
SPEED = 60.0  # fake seconds per real second


class FastClock:
    """Fake time from ``start``, running ``SPEED`` times faster than real time."""

    def __init__(self, start: float) -> None:
        self.start, self.real = start, time.time()

    def __call__(self) -> float:
        return self.start + (time.time() - self.real) * SPEED


@pytest.fixture(scope="module")
def scraped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[binaries.Server]:
    workdir = tmp_path_factory.mktemp("cloudflare-live")
    clock = FastClock(math.floor(time.time() / 60) * 60)
    portfolio = load_config(PORTFOLIO)
    for rel, text in rules.build(portfolio).items():
        if rel.endswith(".yml"):
            (workdir / rel).parent.mkdir(parents=True, exist_ok=True)
            (workdir / rel).write_text(text)
    rule_files = sorted(str(p) for p in (workdir / "alert_rules").rglob("*.yml"))
    with FakeCloudflare(fixture.TOKEN, clock=clock) as fake:
        # Traffic from two hours before the start (the special minute long before it) on.
        fixture.load(fake, clock.start - 7200, before=30, after=120 + 400)
        env = {
            "CLOUDFLARE_CONFIG": str(PORTFOLIO),
            "CLOUDFLARE_API_URL": fake.url,
            "CLOUDFLARE_API_TOKEN": fixture.TOKEN,
            "CLOUDFLARE_LISTEN_HOST": "127.0.0.1",
            "CLOUDFLARE_LISTEN_PORT": "0",
        }
        settings = load_settings(CloudflareSettings, env, PREFIX).settings
        runtime = build(settings, portfolio, registry=CollectorRegistry(), clock=clock)
        assert runtime.refresh_all()
        stop = threading.Event()

        def refresh(runtime: Runtime = runtime) -> None:
            while not stop.wait(1.0):  # one fake minute settles per real second
                runtime.loop.run_once("traffic")

        thread = threading.Thread(target=refresh, daemon=True)
        thread.start()
        runtime.server.start()
        try:
            with binaries.scraping(
                conventions.exporter_job("cloudflare"),
                runtime.server.url.removeprefix("http://"),
                workdir,
                'count(ALERTS{alertname="AvailabilityBudgetBurn",alertstate="firing"})'
                ' + count(ALERTS{alertname="ProductErrorRateHigh"}) >= 1 + 4',
                "the SLO page and the error-rate alerts on the exporter's data",
                rule_files=rule_files,
                timeout=90,
            ) as server:
                yield server
        finally:
            stop.set()
            thread.join(5)
            runtime.server.stop()
            runtime.close()


def _instant(server: binaries.Server, query: str) -> dict[tuple[tuple[str, str], ...], float]:
    body = httpx.get(f"{server.url}/api/v1/query", params={"query": query}, timeout=30).json()
    assert body["status"] == "success", (query, body)
    return {
        tuple(sorted(r["metric"].items())): float(r["value"][1]) for r in body["data"]["result"]
    }


def _by(values: dict[tuple[tuple[str, str], ...], float], label: str) -> dict[str, float]:
    return {dict(k).get(label, ""): v for k, v in values.items()}


def test_the_rules_fire_on_the_data_the_fake_serves(scraped: binaries.Server) -> None:
    alerts = _instant(scraped, "ALERTS")
    states = {
        (dict(k)["alertname"], dict(k)["product"], dict(k)["severity"], dict(k)["alertstate"])
        for k in alerts
        if dict(k).get("product")
    }
    # alpha: 2 of 100 requests a minute are 5xx = 2%; its budget is 1 - 99.9% = 0.1%, so it
    # burns 0.02 / 0.001 = 20 times too fast (> 14.4 over 1h and 5m): the page fires at once.
    assert ("AvailabilityBudgetBurn", "alpha", "critical", "firing") in states
    # 2% > alpha's 1% threshold, and 2 / 50 = 4% > beta's 2%: pending for their 5 minutes.
    for product in ("alpha", "beta"):
        assert ("ProductErrorRateHigh", product, "critical", "pending") in states
        assert ("ProductErrorRateHigh", product, "warning", "pending") in states
    ratio = _by(_instant(scraped, conventions.R_ERROR_RATIO), "product")
    assert ratio == pytest.approx({"alpha": 2 / 100, "beta": 2 / 50})


def _document(uid: str) -> dict[str, Any]:
    portfolio = load_config(PORTFOLIO)
    for doc in dashboards.documents(portfolio).values():
        if doc["uid"] == uid:
            return doc
    raise AssertionError(uid)


def _cloudflare_targets(document: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for panel in dashboards.style.panels_of(document):
        for target in panel.get("targets", []):
            expr = target["expr"]
            if "cloudflare" in expr:
                yield panel["title"], target["refId"], expr


VARIABLES = {
    "product": "alpha",
    "team": "platform",
    "environment": "production",
    "datasource": "prometheus",
    **builtins(3600, 15, 1),
}


def test_the_overview_cloudflare_columns_show_the_hand_computed_values(
    scraped: binaries.Server,
) -> None:
    document = _document(conventions.DASHBOARD_UIDS["overview"])
    values = {**VARIABLES, "product": "alpha|beta|gamma"}
    expected = {
        # 5xx share: alpha 2 / 100, beta 2 / 50
        ("Products", "G"): {"alpha": 0.02, "beta": 0.04},
        # over the thresholds: 0.02 / 0.01 and 0.04 / 0.02
        ("Products", "H"): {"alpha": 2.0, "beta": 2.0},
        # alpha's origin-api check is unhealthy (min of 1, 0, 0); beta (free) has none
        ("Products", "I"): {"alpha": 0.0},
        ("5xx error rate vs threshold", "A"): {"alpha": 0.02, "beta": 0.04},
        ("5xx error rate vs threshold", "B"): {"alpha": 0.01, "beta": 0.02, "gamma": 0.01},
    }
    seen = set()
    for title, ref, expr in _cloudflare_targets(document):
        got = _by(_instant(scraped, interpolate(expr, values)), "product")
        assert got == pytest.approx(expected[(title, ref)]), (title, ref, expr)
        seen.add((title, ref))
    assert seen == set(expected) - {("5xx error rate vs threshold", "B")}


def test_the_product_cloudflare_panels_show_the_hand_computed_values(
    scraped: binaries.Server,
) -> None:
    document = _document(conventions.DASHBOARD_UIDS["product"])
    checked = 0
    for title, ref, expr in _cloudflare_targets(document):
        got = _instant(scraped, interpolate(expr, VARIABLES))
        if title == "Cloudflare health checks":
            assert _by(got, "healthcheck") == {"origin-web": 1, "origin-api": 0, "legacy": 0}
        elif "edge_ttfb" in expr:
            # the last settled 5 minutes, plain traffic: ranks 250, 475, 495 of 500
            assert _by(got, "quantile") == {"0.5": 0.02, "0.95": 0.12, "0.99": 0.9}
        elif "origin_response" in expr:
            assert _by(got, "quantile") == {"0.5": 0.0, "0.95": 0.1, "0.99": 0.85}
        elif title == "Requests by status class":
            # one minute of traffic per real second: shares 95, 3 and 2 of 100
            by_class = _by(got, "status_class")
            total = sum(by_class.values())
            shares = {k: v / total for k, v in by_class.items() if v}
            assert shares == pytest.approx({"2xx": 0.95, "4xx": 0.03, "5xx": 0.02})
        elif title == "4xx / 5xx rate":
            (value,) = got.values()
            assert value == pytest.approx({"A": 0.03, "B": 0.02}[ref]), ref
        elif title == "5xx rate / threshold":
            (value,) = got.values()
            assert value == pytest.approx(0.02 / 0.01)
        else:
            raise AssertionError(f"no expectation for {title} ({ref}): {expr}")
        checked += 1
    assert checked == 7  # health checks, edge TTFB, origin, by class, 4xx, 5xx, 5xx / threshold
