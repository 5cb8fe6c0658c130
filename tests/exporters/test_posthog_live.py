"""The product-analytics dashboard over the real PostHog exporter: the exporter reads the fake
PostHog query API (``fakes/posthog.py``) with the events of ``posthog_events.py``, the real
Prometheus scrapes it every second, and every panel query, run as Grafana runs it (variables
resolved by their own queries; the funnel and experiment rows once per value, as Grafana
repeats them), returns the values computed by hand in ``test_posthog_exporter.py``."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from exporters.posthog.app import build
from exporters.posthog.settings import PREFIX, PosthogSettings
from exporters.toolkit.settings import load_settings
from fakes.posthog import FakePosthog
from portfolio import conventions
from portfolio.config.loader import load_config
from tests.exporters import posthog_events as fixture
from tests.support import binaries

pytestmark = pytest.mark.integration

PORTFOLIO = Path(__file__).parent / "fixtures" / "posthog-portfolio.yaml"
KEY = "phx_posthog-live-test-key"
PERIOD = "30d"  # the period variable's first value ("30d" < "7d"), as Grafana selects it
SCRAPES = 3
Key = frozenset[tuple[str, str]]


def k(**labels: str) -> Key:
    return frozenset(labels.items())


def steps(**values: float) -> dict[Key, float]:
    return {k(product="platform", step=step): v for step, v in values.items()}


# Panel title (and query ref) -> what it returns, from the hand-computed figures of
# test_posthog_exporter.py over the 30d period.
USAGE: dict[str, dict[Key, float]] = {
    "Active users": {k(product="platform"): 10, k(product="labs"): 20},
    "Feature adoption": {
        k(product="platform", feature="deploy"): 0.3,
        k(product="platform", feature="docs"): 0.4,
    },
    "Feature events": {
        k(product="platform", feature="deploy"): 6,
        k(product="platform", feature="docs"): 4,
    },
    "Feature users over time": {
        k(product="platform", feature="deploy"): 3,
        k(product="platform", feature="docs"): 4,
    },
    "Segment sizes": {
        k(product="labs", cohort="power"): 10,
        k(product="labs", cohort="dormant"): 5,
    },
    "Segment engagement: share active": {
        k(product="labs", cohort="power"): 1,
        k(product="labs", cohort="dormant"): 0,
    },
    "Segment engagement: events per person": {
        k(product="labs", cohort="power"): 1.8,
        k(product="labs", cohort="dormant"): 0,
    },
}
FUNNELS: dict[str, dict[str, dict[Key, float]]] = {
    "signup": {
        "Users per step": steps(visit=8, sign_up=6, activate=3),
        "Step conversion": steps(visit=1, sign_up=0.75, activate=0.5),
        "Conversion from step 1": steps(visit=1, sign_up=0.75, activate=0.375),
        "Drop-off per step": steps(visit=0, sign_up=2, activate=3),
        "Median time to convert": steps(sign_up=2100, activate=7200),
        "Funnel conversion": {k(product="platform"): 0.375},
    }
}


def _variants(
    product: str, rows: dict[str, tuple[float | None, ...]]
) -> dict[str, dict[Key, float]]:
    """Column ref -> values: exposures, conversions, rate, lift, chance, interval low, high."""
    out: dict[str, dict[Key, float]] = {ref: {} for ref in "ABCDEFG"}
    for variant, values in rows.items():
        for ref, got in zip("ABCDEFG", values, strict=True):
            if got is not None:
                out[ref][k(product=product, variant=variant)] = got
    return out


EXPERIMENTS: dict[str, dict[str, dict[Key, float]]] = {
    "checkout": {
        **{
            f"Results per variant ({ref})": table
            for ref, table in _variants(
                "platform",
                {
                    "control": (1000, 100, 0.1, 0, None, None, None),
                    "test": (1000, 130, 0.13, 0.3, 0.9712, 0.0512, 0.5671),
                },
            ).items()
        },
        "Significant (A)": {k(product="platform"): 1},
    },
    "new_nav": {
        **{
            f"Results per variant ({ref})": table
            for ref, table in _variants(
                "labs",
                {
                    "control": (10, 2, 0.2, 0, None, None, None),
                    "test": (10, 8, 0.8, 3.0, None, 0.1146653, 13.354085),
                },
            ).items()
        },
        "Significant (A)": {k(product="labs"): 1},
    },
}


@pytest.fixture(scope="module")
def scraped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[binaries.Server]:
    workdir = tmp_path_factory.mktemp("posthog-live")
    now = time.time()
    with FakePosthog(KEY) as fake:
        fake.projects.update(fixture.projects(now))
        env = {
            "POSTHOG_CONFIG": str(PORTFOLIO),
            "POSTHOG_API_URL": fake.url,
            "POSTHOG_API_KEY": KEY,
            "POSTHOG_LISTEN_HOST": "127.0.0.1",
            "POSTHOG_LISTEN_PORT": "0",
        }
        settings = load_settings(PosthogSettings, env, PREFIX).settings
        runtime = build(settings, load_config(PORTFOLIO), registry=CollectorRegistry())
        assert runtime.refresh_all()  # once, in this thread: what Prometheus scrapes is fixed
        runtime.server.start()
        try:
            with binaries.scraping(
                conventions.exporter_job("posthog"),
                runtime.server.url.removeprefix("http://"),
                workdir,
                f"min(count_over_time(posthog_active_users[1m])) >= {SCRAPES}",
                f"{SCRAPES} scrapes of the PostHog exporter",
            ) as server:
                yield server
        finally:
            runtime.server.stop()
            runtime.close()


def _values(server: binaries.Server, query: str, instant: bool, end: float) -> dict[Key, float]:
    return binaries.panel_values(server, query, instant, end)


def test_every_product_analytics_panel_shows_the_hand_computed_values(
    scraped: binaries.Server,
) -> None:
    # Imported here: the exporter tests also run without the generators (integration tests
    # are deselected there, but the module is still collected).
    from generators import dashboards
    from generators.dashboards.variables import builtins, interpolate
    from tests.dashboards import promdata

    portfolio = load_config(PORTFOLIO)
    by_uid: dict[str, dict[str, Any]] = {
        doc["uid"]: doc for doc in dashboards.documents(portfolio).values()
    }
    document = by_uid[conventions.DASHBOARD_UIDS["product_analytics"]]
    end = time.time()
    values = promdata.resolve_variables(document, scraped, int(end) - 60, int(end))
    assert values["period"] == PERIOD and values["product"] == "(labs|platform)"
    assert values["funnel"] == "signup" and values["experiment"] == "(checkout|new_nav)"
    checked: list[str] = []
    for where, expr, instant, *_ in promdata.queries_of(document):
        panel = where.split("panel '", 1)[1].split("'", 1)[0]
        ref = where.rsplit("(", 1)[1].rstrip(")")
        cases: list[tuple[dict[str, str], dict[Key, float]]]
        if "$funnel" in expr:
            cases = [({**values, "funnel": f}, FUNNELS[f][panel]) for f in FUNNELS]
        elif "$experiment" in expr:
            cases = [
                ({**values, "experiment": e}, EXPERIMENTS[e][f"{panel} ({ref})"])
                for e in EXPERIMENTS
            ]
        else:
            cases = [(values, USAGE[panel])]
        for chosen, expected in cases:
            query = interpolate(expr, {**chosen, **builtins(3600, 15, 1)})
            got = _values(scraped, query, instant, end)
            assert got == pytest.approx(expected), f"{where}\n    {query}"
            checked.append(where)
    # 7 usage and segment panels, 6 funnel panels for 1 funnel, 8 experiment queries (7
    # columns and the verdict) for each of 2 experiments
    assert len(checked) == 7 + 6 + 8 * 2
