"""``make demo`` fills the dashboards: the demo (fake upstreams with their moving history, the
stack from the Debian packages on free loopback ports, every exporter pointed at its fake) is
started as ``portfolio-obs demo`` starts it, and every panel query of every generated
dashboard of the example portfolio is run against its Prometheus as a dashboard load with the
dashboard's default time range would run it, until each returns data.

A few queries cannot have data after minutes of a fresh stack, whatever the upstream serves;
``MAY_STAY_EMPTY`` lists each with the reason, and the test proves every entry names a query
that exists. Every other query must return a series within ``FILL_TIMEOUT``.
"""

from __future__ import annotations

import argparse
import os
import re
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from generators import dashboards
from portfolio import demo as wiring
from portfolio import durations
from portfolio.config.loader import load_config
from portfolio_obs import demo
from stack_runner import supervisor
from tests.dashboards import promdata
from tests.support import binaries

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "portfolio.yaml"
START_TIMEOUT = 90.0  # seconds until every process of the stack answers
# Seconds after start until every panel query has data: most have it within a minute; the
# last are those that need events seen while the exporters run (a deployment in the last 2
# minutes, a run's jobs) and an outage for the failure panels. Headroom for a loaded CI host.
FILL_TIMEOUT = 300.0
POLL = 10.0

# Query (dashboard: panel (refId), the example portfolio's name left off) -> why it may have no
# data after minutes of a new demo.
HOUR_ALIGNED = (
    "a 1h-step subquery ([1d:1h], [7d:1h]) evaluates at whole UTC hours: it has a value once "
    "the stack has run across an hour boundary, up to an hour after start"
)
NO_RATE_LIMIT_HEADERS = (
    "{vendor} sends no remaining-requests or reset headers (its fake follows the documented "
    "API), so the exporter never publishes this gauge; GitHub's query (A) of the panel fills"
)
MAY_STAY_EMPTY: Mapping[str, str] = {
    "Portfolio overview: panel 'Products' (K)": HOUR_ALIGNED,
    "Portfolio overview: panel 'Deployments this week' (A)": HOUR_ALIGNED,
    "DORA: panel 'Successful production deployments per day' (A)": HOUR_ALIGNED,
    **{
        f"Monitoring health: panel '{panel}' ({ref})": NO_RATE_LIMIT_HEADERS.format(vendor=vendor)
        for panel in ("Rate limit resets in", "Upstream rate limit remaining")
        for ref, vendor in (("B", "Cloudflare"), ("C", "Plausible"), ("D", "PostHog"))
    },
    "Product detail: panel 'TLS certificate expiry' (A)": (
        "the example's health endpoints are HTTPS hosts on the internet, which this "
        "loopback-only demo cannot reach: no certificate is seen"
    ),
    "Product detail: panel 'Probes per endpoint' (D)": (
        "the certificate column: no certificate is seen (as 'TLS certificate expiry')"
    ),
}


@dataclass
class Demo:
    urls: dict[str, str]
    started: float
    interval: float
    fakes: Any
    guide: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    for binary in (
        "prometheus",
        "prometheus-alertmanager",
        "prometheus-blackbox-exporter",
        "prometheus-pushgateway",
        "prometheus-node-exporter",
    ):
        binaries.require(binary)
    out = tmp_path_factory.mktemp("demo")
    args = argparse.Namespace(
        config=str(CONFIG),
        out=str(out),
        seed=wiring.DEFAULT_SEED,
        interval=wiring.DEFAULT_INTERVAL,
    )
    # No token of the developer's shell reaches the demo: only what the demo sets.
    env = {k: v for k, v in os.environ.items() if k in supervisor.BASE_ENVIRONMENT}
    env["PYTHONPATH"] = str(ROOT)
    started = time.time()
    ready: dict[str, str] = {}
    result: list[int | BaseException] = []
    stopping = threading.Event()
    with demo.upstreams(args.config, args.seed, started) as up:
        for name, value in up.env.items():
            if "TOKEN" in name or "KEY" in name:
                assert value.startswith(("demo-only-", "phx_demo-only-")), name
            if name.endswith("API_URL"):
                assert value.startswith("http://127.0.0.1:"), name
        guide: list[str] = []

        def on_ready(urls: Mapping[str, str]) -> None:
            guide.append(demo.guide(urls, up.fakes))
            ready.update(urls)

        def run() -> None:
            try:
                parsed = supervisor._parser().parse_args(demo.stack_arguments(args))
                result.append(
                    supervisor.run(
                        parsed, {**env, **up.env}, stopping, on_ready=on_ready, adjust=up.adjust
                    )
                )
            except BaseException as exc:  # reported below, not lost in the thread
                result.append(exc)

        runner = threading.Thread(target=run, name="demo")
        runner.start()
        try:
            binaries.wait_for(
                lambda: ready or result, START_TIMEOUT, 0.5, "the demo's stack to start"
            )
            assert not result, f"the demo ended early: {result[0]!r}"
            yield Demo(ready, started, durations.seconds(args.interval), up.fakes, guide)
        finally:
            stopping.set()
            runner.join(timeout=supervisor.STOP_TIMEOUT * 8)


def _range(document: Mapping[str, Any]) -> int:
    """Seconds of the dashboard's default time range (``now-6h``)."""
    match = re.fullmatch(r"now-(\w+)", document["time"]["from"])
    assert match, document["time"]
    return int(durations.seconds(match.group(1)))


def _short(where: str, portfolio_name: str) -> str:
    return where.removeprefix(f"{portfolio_name} / ")


def _empty_queries(
    demo_run: Demo, documents: Mapping[str, Mapping[str, Any]], name: str
) -> tuple[dict[str, str], int]:
    """Query -> why it has no data now (error or no series), and how many queries ran."""
    now = int(time.time())
    server = binaries.Server("prometheus", demo_run.urls["prometheus"], None, Path())  # type: ignore[arg-type]
    empty: dict[str, str] = {}
    total = 0
    for document in documents.values():
        span = _range(document)
        backfilled = promdata.Backfilled(server, now - span, now, demo_run.interval, 0)
        try:
            results = promdata.run_panel_queries(document, backfilled)
        except AssertionError as exc:  # a variable has no values yet
            empty[f"{document['title']}: variables"] = str(exc)
            continue
        for result in results:
            total += 1
            if result.error or not result.series:
                empty[_short(result.where, name)] = result.error or f"no data: {result.expr}"
    return empty, total


def test_every_dashboard_query_has_data_within_minutes(running: Demo) -> None:
    portfolio = load_config(CONFIG)
    documents = dashboards.documents(portfolio)
    known = set()
    for document in documents.values():
        for where, *_ in promdata.queries_of(document):
            known.add(_short(where, portfolio.name))
    stale = sorted(set(MAY_STAY_EMPTY) - known)
    assert not stale, f"allowlisted queries that no dashboard has: {stale}"
    deadline = running.started + FILL_TIMEOUT
    first_empty: dict[str, float] = {}  # query -> when it was last seen without data
    while True:
        empty, total = _empty_queries(running, documents, portfolio.name)
        now = time.time() - running.started
        first_empty.update({k: now for k in empty if k not in MAY_STAY_EMPTY})
        missing = {k: v for k, v in empty.items() if k not in MAY_STAY_EMPTY}
        if not missing or time.time() > deadline:
            break
        time.sleep(POLL)
    filled = time.time() - running.started
    slowest = sorted(first_empty.items(), key=lambda kv: -kv[1])[:8]
    print(
        f"\n{total} panel queries; all but the {len(MAY_STAY_EMPTY)} allowlisted had data "
        f"{filled:.0f} s after the demo started; allowlisted still empty: "
        f"{len([k for k in empty if k in MAY_STAY_EMPTY])}; last seen empty:\n"
        + "\n".join(f"  {at:.0f} s  {k}" for k, at in slowest)
    )
    listed = "\n".join(f"  {k}: {v[:300]}" for k, v in sorted(missing.items()))
    assert not missing, f"queries without data after {filled:.0f} s:\n{listed}"


def test_the_guide_names_the_prometheus_ui_and_queries_that_have_data(running: Demo) -> None:
    (text,) = running.guide
    prometheus = running.urls["prometheus"]
    assert f"{prometheus}/graph" in text and f"{prometheus}/targets" in text
    for _, query in demo.GUIDE_QUERIES:
        assert query in text

    def answered() -> bool:
        for _, query in demo.GUIDE_QUERIES:
            body = httpx.get(
                f"{prometheus}/api/v1/query", params={"query": query}, timeout=10
            ).json()
            if body["status"] != "success" or not body["data"]["result"]:
                return False
        return True

    binaries.wait_for(answered, FILL_TIMEOUT, POLL, "every query of the guide to have data")


def test_the_exporters_read_only_the_fakes_with_demo_tokens(running: Demo) -> None:
    """Every upstream request of the demo went to a fake on loopback, and each fake saw its
    demo token (a request with another is refused and logged as 401/403)."""
    fakes = running.fakes
    assert fakes.github.seen, "the GitHub exporter never asked the fake"
    token = wiring.DEMO_TOKENS["github"]
    assert {s.authorization for s in fakes.github.seen} == {f"Bearer {token}"}
    for fake in (fakes.plausible, fakes.cloudflare, fakes.posthog):
        binaries.wait_for(lambda fake=fake: fake.requests, 60, 0.5, f"{type(fake).__name__} asked")
        refused = [r for r in fake.requests if r[2] in (401, 403)]
        assert not refused, refused


def test_the_compose_command_starts_the_demo_profile_without_the_services_needing_accounts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from portfolio_obs.cli import main

    assert main(["demo", "--compose", "--config", str(CONFIG)]) == 0
    command = capsys.readouterr().out.split()
    assert command[:7] == ["docker", "compose", "--profile", "demo", "up", "-d", "--build"]
    # The example's services: those without a secret, the fakes, and the -demo twins.
    assert command[7:] == [
        "alertmanager",
        "blackbox",
        "cloudflare-exporter-demo",
        "fakes",
        "github-exporter-demo",
        "grafana-demo",
        "incident-bridge-demo",
        "node-exporter",
        "plausible-exporter-demo",
        "posthog-exporter-demo",
        "prometheus",
        "pushgateway",
    ]
