"""The DORA dashboard's suspected change failure panels return the hand-computed rate from the
real Prometheus.

A day of production deployment counters and ``ALERTS`` (``ProductDown`` firing, as Prometheus
writes it) for two products is backfilled with promtool; the generated suspected change failure
rules (``alert_rules/dora.rules.yml``) are then backfilled over it with
``promtool tsdb create-blocks-from rules``, one rule a pass in the order they read each other
(the rule backfiller reads only what is stored, not the rules of the same pass), and the panels'
queries run at the end of the data as Grafana would, with both products selected.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml

from generators import dashboards
from generators.dashboards.variables import builtins, interpolate
from generators.rules import dora
from portfolio import conventions
from portfolio.config.loader import load_config
from portfolio.sources import github
from tests.exporters import history
from tests.support import binaries

pytestmark = pytest.mark.integration
STEP = 60  # seconds between samples and rule evaluations
HOUR = 3600
ALL = {"product": "(alpha|beta)", "team": ".*"}
# Deployments (seconds after the start) and ProductDown (start, end) of each product. The
# window is the config's default, 1h.
DEPLOYED = {
    "alpha": [2 * HOUR, 6 * HOUR, 10 * HOUR, 14 * HOUR],
    "beta": [3 * HOUR, 9 * HOUR],
}
DOWN = {
    # 20 minutes after alpha's 2nd deployment: inside its 1h window, flagged.
    # 20 minutes before alpha's 3rd, still down 10 minutes after it: before it, not flagged.
    # 2 hours after alpha's 4th: after its window, not flagged.
    "alpha": [
        (6 * HOUR + 1200, 6 * HOUR + 2400),
        (10 * HOUR - 1200, 10 * HOUR + 600),
        (16 * HOUR, 16 * HOUR + 600),
    ],
    "beta": [],
}
TICKETS = {"alpha": 0.5, "beta": 0.0}  # the exporter's ticket-based change failure ratio
SPAN = 20 * HOUR


def _run(args: list[str]) -> None:
    subprocess.run(args, capture_output=True, text=True, timeout=300, check=True)


def _openmetrics(start: int, teams: dict[str, str], envs: dict[str, str]) -> str:
    lines = ["# TYPE github_deployments counter"]
    job = f'job="{conventions.exporter_job("github")}",instance="github-exporter:9101"'
    for product, times in DEPLOYED.items():
        labels = f'{job},product="{product}",environment="{envs[product]}",status="success"'
        for t in range(0, SPAN + 1, STEP):
            count = sum(1 for d in times if d <= t)
            lines.append(f"github_deployments_total{{{labels}}} {count} {start + t}")
    lines.append("# TYPE github_dora_change_failure_ratio gauge")
    for product, ratio in TICKETS.items():
        labels = f'{job},product="{product}",environment="{envs[product]}",window="30d"'
        for t in range(0, SPAN + 1, STEP):
            lines.append(f"github_dora_change_failure_ratio{{{labels}}} {ratio} {start + t}")
    lines.append("# TYPE ALERTS gauge")
    for product, spans in DOWN.items():
        labels = (
            f'alertname="ProductDown",alertstate="firing",severity="critical",'
            f'kind="availability",product="{product}",environment="{envs[product]}",'
            f'team="{teams[product]}"'
        )
        for begin, end in spans:
            for t in range(begin, end, STEP):
                lines.append(f"ALERTS{{{labels}}} 1 {start + t}")
    lines.append("# EOF")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def prom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    binaries.require("promtool")
    binaries.require("prometheus")
    portfolio = load_config(history.PORTFOLIO)
    workdir = tmp_path_factory.mktemp("dora-suspected")
    start = (int(time.time()) // 86400 - 3) * 86400  # three days ago, at midnight
    end = start + SPAN
    data = workdir / "data"
    source = workdir / "input.om"
    teams = {p.id: p.team for p in portfolio.products}
    # Each product's GitHub production environment (beta deploys to "prod").
    envs = {
        p.id: s.production_environment for p in portfolio.products if (s := github.SOURCE.of(p))
    }
    source.write_text(_openmetrics(start, teams, envs))
    _run(["promtool", "tsdb", "create-blocks-from", "openmetrics", str(source), str(data)])
    config = workdir / "prometheus.yml"
    config.write_text(yaml.safe_dump({"global": {"evaluation_interval": f"{STEP}s"}}))
    for rule in dora.recordings(portfolio):  # one pass per rule: each reads the one before
        rules = workdir / "pass.rules.yml"
        rules.write_text(
            yaml.safe_dump(
                {
                    "groups": [
                        {"name": "pass", "rules": [{"record": rule.record, "expr": rule.expr}]}
                    ]
                }
            )
        )
        out = workdir / "pass-blocks"
        shutil.rmtree(out, ignore_errors=True)
        with binaries.prometheus(config, workdir, data_dir=data) as server:
            _run(
                [
                    "promtool",
                    "tsdb",
                    "create-blocks-from",
                    "rules",
                    f"--url={server.url}",
                    f"--start={start}",
                    f"--end={end}",
                    f"--eval-interval={STEP}s",
                    f"--output-dir={out}",
                    str(rules),
                ]
            )
        for block in out.iterdir():
            block.rename(data / block.name)
    with binaries.prometheus(config, workdir, data_dir=data) as server:
        yield server.url, end


def panel_results(prom: tuple[str, int], title: str) -> list[list[dict[str, Any]]]:
    url, end = prom
    portfolio = load_config(history.PORTFOLIO)
    docs = [d for d in dashboards.documents(portfolio).values() if d["uid"] == "portfolio-dora"]
    panels = [p for p in dashboards.style.panels_of(docs[0]) if p["title"] == title]
    assert len(panels) == 1, title
    values = {**ALL, **builtins(30 * 86400, STEP, STEP)}
    out = []
    for target in panels[0]["targets"]:
        expr = interpolate(target["expr"], values)
        body = httpx.get(
            f"{url}/api/v1/query", params={"query": expr, "time": str(end)}, timeout=30
        ).json()
        assert body["status"] == "success", (expr, body)
        out.append(body["data"]["result"])
    return out


def _by_product(result: list[dict[str, Any]]) -> dict[str, float]:
    return {r["metric"]["product"]: float(r["value"][1]) for r in result}


def test_suspected_rate_beside_the_ticket_based_one(prom: tuple[str, int]) -> None:
    """alpha: of its 4 deployments only the 2nd is followed within 1h by a ProductDown that
    started after it (20 min after); the one that started 20 min before the 3rd (more than the
    5m lag) and the one 2h after the 4th do not count: 1 / 4 = 0.25. beta: 2 deployments, no
    failure: 0 / 2 = 0. The ticket-based rates are the exporter's gauges: 0.5 and 0."""
    tickets, suspected = panel_results(prom, "Change failure rate: tickets and monitoring")
    assert _by_product(tickets) == {"alpha": 0.5, "beta": 0.0}
    assert _by_product(suspected) == {"alpha": 1 / 4, "beta": 0 / 2}


def test_trend_panel_reads_the_same_rate(prom: tuple[str, int]) -> None:
    suspected, tickets = panel_results(
        prom, "Suspected change failure rate beside change failure rate"
    )
    assert _by_product(suspected) == {"alpha": 0.25, "beta": 0.0}
    assert _by_product(tickets) == {"alpha": 0.5, "beta": 0.0}


def test_portfolio_stat_averages_the_products(prom: tuple[str, int]) -> None:
    """(0.25 + 0) / 2 = 0.125."""
    (result,) = panel_results(prom, "Portfolio suspected change failure rate")
    assert len(result) == 1 and float(result[0]["value"][1]) == 0.125
