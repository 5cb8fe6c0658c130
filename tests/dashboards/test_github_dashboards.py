"""The DORA and CI / builds dashboards' queries return the hand-computed values of the GitHub
exporter's fixture history (tests/exporters/history.py) from the real Prometheus.

The exporter's ``backfill`` against the fake GitHub API is loaded with promtool, and each panel
query of the generated dashboards (for the exporter tests' portfolio) is run as Grafana would at
the end of the data, with every product and workflow selected. A recorded series a panel reads
(the DORA levels) is replaced by its generated recording rule's expression: the value the rule
records at that instant. The arithmetic is in
tests/exporters/test_github_correctness.py and repeated below where a panel combines values.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from fakes.github import FakeGitHub
from generators import dashboards
from generators.dashboards.variables import builtins, interpolate
from generators.rules import dashboards as dashboard_rules
from portfolio import conventions
from portfolio.config.loader import load_config
from tests.exporters import history
from tests.support import binaries

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
MIN = 60.0
STEP = 3600  # backfill and rule evaluation step
ALL = {"product": "(alpha|beta)", "workflow": ".*", "team": ".*"}


def _run(args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, check=True, **kw)


@pytest.fixture(scope="module")
def prom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[binaries.Server, int]]:
    binaries.require("promtool")
    binaries.require("prometheus")
    workdir = tmp_path_factory.mktemp("github-dashboards")
    out = workdir / "history.om"
    with FakeGitHub() as gh:
        history.load(gh, time.time())
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
            "PYTHONPATH": str(ROOT),
            "GITHUB_API_URL": gh.url,
            "GITHUB_CONFIG": str(history.PORTFOLIO),
            "GITHUB_TOKEN": "not-a-real-token",
        }
        backfill = [sys.executable, "-m", "exporters.github", "backfill"]
        _run([*backfill, "--out", str(out), "--step", f"{STEP}s"], env=env, cwd=ROOT)
    end = max(
        int(line.rsplit(" ", 1)[1])
        for line in out.read_text().splitlines()
        if not line.startswith("#")
    )
    data = workdir / "data"
    blocks = ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=24h"]
    _run(["promtool", *blocks, str(out), str(data)])
    config = workdir / "prometheus.yml"
    config.write_text(yaml.safe_dump({"global": {"evaluation_interval": f"{STEP}s"}}))
    with binaries.prometheus(config, workdir, data_dir=data) as server:
        yield server, end


def panel_results(
    prom: tuple[binaries.Server, int], key: str, title: str
) -> list[list[dict[str, Any]]]:
    """Each query of the panel ``title`` of dashboard ``key``, instant at the end of the data."""
    server, end = prom
    portfolio = load_config(history.PORTFOLIO)
    by_uid = {uid: k for k, uid in conventions.DASHBOARD_UIDS.items()}
    docs = {by_uid[d["uid"]]: d for d in dashboards.documents(portfolio).values()}
    panels = [p for p in dashboards.style.panels_of(docs[key]) if p["title"] == title]
    assert len(panels) == 1, f"{key}: no single panel {title!r}"
    values = {**ALL, **builtins(30 * 86400, STEP, STEP)}
    recordings = {r.record: r.expr for r in dashboard_rules.recordings(portfolio)}
    out = []
    for target in panels[0]["targets"]:
        expr = interpolate(target["expr"], values)
        for record, rule in sorted(recordings.items(), key=lambda kv: -len(kv[0])):
            expr = re.sub(rf"{re.escape(record)}(\{{[^}}]*\}})?", f"({rule})", expr)
        body = httpx.get(
            f"{server.url}/api/v1/query", params={"query": expr, "time": str(end)}, timeout=30
        ).json()
        assert body["status"] == "success", (expr, body)
        out.append(body["data"]["result"])
    return out


def by(result: list[dict[str, Any]], *labels: str) -> dict[Any, float]:
    def key(metric: dict[str, str]) -> Any:
        values = tuple(metric.get(label, "") for label in labels)
        return values[0] if len(values) == 1 else values

    return {key(r["metric"]): float(r["value"][1]) for r in result}


def scalar(result: list[dict[str, Any]]) -> float:
    assert len(result) == 1, result
    return float(result[0]["value"][1])


# -- DORA ----------------------------------------------------------------------------------


def test_the_per_product_table_shows_the_five_metrics_and_the_levels(
    prom: tuple[binaries.Server, int],
) -> None:
    """Levels against the exporter portfolio's bounds (the 2023 levels, recovery under the
    deprecated key time_to_restore); 3 Elite, 2 High, 1 Medium, 0 Low:
    alpha: 0.3/day High, 110 min Elite, 20 % Low, 50 min Elite; overall Low; rework 0.1.
    beta: 0.133/day Medium, 10010 min = 600600 s < 1 w High, 80 % Low, 8220 min = 493200 s
    < 1 w Medium; overall Low; rework 0.2."""
    results = panel_results(prom, "dora", "The five metrics per product")
    got = [by(r, "product") for r in results]
    assert got == [
        {"alpha": 0, "beta": 0},  # overall level: the worst key (change failure rate)
        {"alpha": 9 / 30, "beta": pytest.approx(4 / 30)},
        {"alpha": 2, "beta": 1},
        {"alpha": 110 * MIN, "beta": 10010 * MIN},
        {"alpha": 3, "beta": 2},
        {"alpha": 2 / 10, "beta": 4 / 5},
        {"alpha": 0, "beta": 0},
        {"alpha": 50 * MIN, "beta": 8220 * MIN},
        {"alpha": 3, "beta": 1},
        {"alpha": 1 / 10, "beta": 1 / 5},
    ]


def test_the_portfolio_stats_combine_the_products(prom: tuple[binaries.Server, int]) -> None:
    """Frequency summed: 9/30 + 4/30 = 13/30; the others averaged: lead (6600 + 600600) / 2
    = 303600 s; CFR (0.2 + 0.8) / 2 = 0.5; recovery (3000 + 493200) / 2 = 248100 s; rework
    (0.1 + 0.2) / 2 = 0.15. Products per level: both Low."""
    stat = lambda title: scalar(panel_results(prom, "dora", title)[0])  # noqa: E731
    assert stat("Portfolio deployment frequency") == pytest.approx(13 / 30)
    assert stat("Portfolio lead time for changes") == 303600
    assert stat("Portfolio change failure rate") == pytest.approx(0.5)
    assert stat("Portfolio failed deployment recovery time") == 248100
    assert stat("Portfolio deployment rework rate") == pytest.approx(0.15)
    levels = [scalar(r) for r in panel_results(prom, "dora", "Products per DORA level")]
    assert levels == [2, 0, 0, 0]  # Low, Medium, High, Elite


def test_lead_time_p50_and_p90(prom: tuple[binaries.Server, int]) -> None:
    """alpha [110 x 7, 140] min: p50 110, p90 at 0.9 * 7 = 6.3 -> 110 + 0.3 * 30 = 119 min;
    beta [10010]: both 10010 min."""
    p50, p90 = (by(r, "product") for r in panel_results(prom, "dora", "Lead time p50 / p90"))
    assert p50 == {"alpha": 110 * MIN, "beta": 10010 * MIN}
    assert p90 == pytest.approx({"alpha": 119 * MIN, "beta": 10010 * MIN})


# -- CI / builds -------------------------------------------------------------------------------


def test_builds_window_panels_read_the_history(prom: tuple[binaries.Server, int]) -> None:
    """Over the 7-day builds window: success rate (1001, 1007, 1003, 2001 succeeded; 1002
    failed; 1004 cancelled, left out) = 4 / 5 = 0.8; runs per workflow alpha CI 4, alpha Deploy
    1, beta Build 1; success rate per workflow alpha CI 2 / 3; duration p50 / p95 alpha CI 370 /
    578.5 s; queue p50 / p95 alpha CI 45 / 111 s (the backfill reads the jobs)."""
    assert scalar(panel_results(prom, "builds", "Success rate")[0]) == pytest.approx(0.8)
    runs = by(panel_results(prom, "builds", "Runs per workflow")[0], "product", "workflow")
    assert runs == {("alpha", "CI"): 4, ("alpha", "Deploy"): 1, ("beta", "Build"): 1}
    ratio = by(panel_results(prom, "builds", "Success rate per workflow")[0], "product", "workflow")
    assert ratio == pytest.approx(
        {("alpha", "CI"): 2 / 3, ("alpha", "Deploy"): 1, ("beta", "Build"): 1}
    )
    p50, p95 = (
        by(r, "product", "workflow")
        for r in panel_results(prom, "builds", "Run duration p50 / p95")
    )
    assert p50 == {("alpha", "CI"): 370, ("alpha", "Deploy"): 910, ("beta", "Build"): 1215}
    assert p95 == pytest.approx(
        {("alpha", "CI"): 400 + 0.85 * 210, ("alpha", "Deploy"): 910, ("beta", "Build"): 1215}
    )
    q50, q95 = (
        by(r, "product", "workflow") for r in panel_results(prom, "builds", "Queue time p50 / p95")
    )
    assert q50 == {("alpha", "CI"): 45, ("alpha", "Deploy"): 5, ("beta", "Build"): 10}
    assert q95 == pytest.approx(
        {("alpha", "CI"): 111, ("alpha", "Deploy"): 5, ("beta", "Build"): 10}
    )


def test_builds_window_recordings_leave_the_exporters_workflows_to_its_gauges(
    prom: tuple[binaries.Server, int],
) -> None:
    """The builds-window recordings (for runs pushed through the Pushgateway) evaluated on the
    exporter's backfilled counters and histograms: without the ``unless on (product,
    workflow)`` they would hold alpha CI 4 runs (1001, 1002, 1004 and the re-run 1007 finished
    in the 7 days), which the window panels would add to the gauges' 4; with it they are empty,
    since the gauges have every one of these workflows (each workflow has one source)."""
    server, end = prom
    portfolio = load_config(history.PORTFOLIO)
    window = {
        r.record: r.expr
        for r in dashboard_rules.recordings(portfolio)
        if r.record.endswith(f"increase{dashboard_rules.BUILDS_WINDOW}")
    }
    assert set(window) == {
        dashboard_rules.R_WINDOW_RUNS,
        dashboard_rules.R_WINDOW_RUN_DURATION,
        dashboard_rules.R_WINDOW_QUEUE,
    }

    def query(expr: str) -> list[dict[str, Any]]:
        body = httpx.get(
            f"{server.url}/api/v1/query", params={"query": expr, "time": str(end)}, timeout=30
        ).json()
        assert body["status"] == "success", (expr, body)
        result: list[dict[str, Any]] = body["data"]["result"]
        return result

    for expr in window.values():
        assert query(expr) == [], expr
    without_gauges = window[dashboard_rules.R_WINDOW_RUNS].split("\nunless", 1)[0]
    runs = by(query(f"sum by (product, workflow) ({without_gauges})"), "product", "workflow")
    assert runs[("alpha", "CI")] == 4
