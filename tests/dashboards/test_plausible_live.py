"""The web-analytics dashboard over the real Plausible exporter: the exporter reads the fake
Plausible API (``fakes/plausible.py``) with the fixture traffic of
``tests/exporters/plausible_traffic.py``, the real Prometheus scrapes it every second, and
every panel query, run as Grafana runs it (variables resolved by their own queries), returns
the values computed by hand from that traffic."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from exporters.plausible.app import build
from exporters.plausible.settings import PREFIX, PlausibleSettings
from exporters.toolkit.settings import load_settings
from fakes.plausible import FakePlausible
from generators import dashboards
from generators.dashboards.variables import builtins, interpolate
from portfolio import conventions
from portfolio.config.loader import load_config
from tests.dashboards import promdata
from tests.exporters import plausible_traffic as fixture
from tests.support import binaries

pytestmark = pytest.mark.integration

PORTFOLIO = Path(__file__).parents[1] / "exporters" / "fixtures" / "plausible-portfolio.yaml"
KEY = "plausible-live-test-key"
PERIOD = "24h"  # the period variable's first value (24h < 7d), as Grafana selects it
SCRAPES = 3  # samples each series needs before the queries run


def expected_for(expr: str) -> dict[str, float]:
    """What a panel query returns, by its one label value, from the hand-computed tables."""
    products = ("alpha", "beta")
    if "plausible_realtime_visitors" in expr:
        return {p: float(fixture.REALTIME[p]) for p in products}
    for name, table in (
        ("plausible_page_visitors", fixture.PAGES),
        ("plausible_source_visitors", fixture.SOURCES),
    ):
        if name in expr:  # summed over both products, "other" left out
            total: dict[str, float] = {}
            for product in products:
                for value, visitors in table[(product, PERIOD)].items():
                    if value != "other":
                        total[value] = total.get(value, 0.0) + visitors
            return total
    for metric in fixture.EXPECTED[("alpha", PERIOD)]:
        if f"{metric}{{" in expr:
            return {p: float(fixture.EXPECTED[(p, PERIOD)][metric]) for p in products}
    raise AssertionError(f"no expectation for {expr}")


@pytest.fixture(scope="module")
def scraped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[binaries.Server]:
    workdir = tmp_path_factory.mktemp("plausible-live")
    now = time.time()
    with FakePlausible(KEY) as fake:
        fake.traffic.update(fixture.traffic(now))
        env = {
            "PLAUSIBLE_CONFIG": str(PORTFOLIO),
            "PLAUSIBLE_API_URL": fake.url,
            "PLAUSIBLE_API_KEY": KEY,
            "PLAUSIBLE_LISTEN_HOST": "127.0.0.1",
            "PLAUSIBLE_LISTEN_PORT": "0",
            "PLAUSIBLE_PERIODS": "24h:15m,7d:1h",
            "PLAUSIBLE_TOP_PAGES": "2",
            "PLAUSIBLE_TOP_SOURCES": "2",
        }
        settings = load_settings(PlausibleSettings, env, PREFIX).settings
        runtime = build(settings, load_config(PORTFOLIO), registry=CollectorRegistry())
        assert runtime.refresh_all()  # once, in this thread: what Prometheus scrapes is fixed
        runtime.server.start()
        try:
            with binaries.scraping(
                conventions.exporter_job("plausible"),
                runtime.server.url.removeprefix("http://"),
                workdir,
                f"min(count_over_time(plausible_visitors[1m])) >= {SCRAPES}",
                f"{SCRAPES} scrapes of the Plausible exporter",
            ) as server:
                yield server
        finally:
            runtime.server.stop()
            runtime.close()


def _values(server: binaries.Server, query: str, instant: bool, end: float) -> dict[str, float]:
    out = {}
    for labels, value in binaries.panel_values(server, query, instant, end).items():
        ((_, label),) = labels  # each panel query keeps one label
        out[label] = value
    return out


def test_every_web_analytics_panel_shows_the_hand_computed_values(
    scraped: binaries.Server,
) -> None:
    portfolio = load_config(PORTFOLIO)
    by_uid: dict[str, dict[str, Any]] = {
        doc["uid"]: doc for doc in dashboards.documents(portfolio).values()
    }
    document = by_uid[conventions.DASHBOARD_UIDS["web"]]
    end = time.time()
    values = promdata.resolve_variables(document, scraped, int(end) - 60, int(end))
    assert values["period"] == PERIOD and values["product"] == "(alpha|beta)"
    checked = 0
    for where, expr, instant, *_ in promdata.queries_of(document):
        query = interpolate(expr, {**values, **builtins(3600, 15, 1)})
        got = _values(scraped, query, instant, end)
        assert got == pytest.approx(expected_for(expr)), f"{where}\n    {query}"
        checked += 1
    assert checked == 14  # 7 stats, 5 trend queries, top pages, top sources
