"""DORA and build numbers, computed by hand from the fixture history (tests/exporters/history.py),
equal what the real Prometheus computes from the real exporter process.

Part 1 scrapes ``python -m exporters.github`` (against the fake GitHub API) with Prometheus
and queries the windowed DORA gauges and the level expressions a dashboard uses; then a live
deployment arrives by webhook *and* by polling and must count once. Part 2 loads the
``backfill`` output with ``promtool tsdb create-blocks-from openmetrics`` and checks the
counters and histograms over 30 days, including levels from the DORA-aligned buckets.

Hand computation (minutes before now; a status lands 10 min after its deployment):

alpha (acme/alpha-api, environment production)
  successes: 101 102 103 105 106 107 108 109 110 = 9; failure: 104; finished = 10
  deployment frequency = 9 / 30 days = 0.3 per day                         -> High (>= 1/7, < 1)
  lead times, first commit of the change -> success:
    101: oldest in the history, predecessor unknown -> not measured (was 110, from its head)
    102: a2 34000 -> 33890 = 110    103: a4 28000 -> 27890 = 110
    105: a5 20000 -> 19860 = 140 (a5, a6 since 103)
    106: a7 12000 -> 11890 = 110    107: a8 6000 -> 5890 = 110    108: a9 3000 -> 2890 = 110
    109: a11 1000 -> 890 = 110      110: a12 500 -> 390 = 110
    median of 7 x 110 and 140 = 110 min = 6600 s                            -> Elite (< 1 d)
  incidents go to the newest deployment created before them: #3 (opened 19887, 13 min after
    104 was created at 19900) -> 104; #1 (opened 5000) -> 107 (created 5900)
  change failures: 104 (failed, and #3) + 107 (#1) = 2 of 10 = 0.2          -> Low (> 15 %)
    (the old rule blamed #3 on the last success, 103: 3 of 10)
  recovery, one per episode: 104 + #3: 104 failed 19890 -> last of (105 ok 19860, #3 closed
    19850) = 40 min, source deployment_and_incident; 107 <- #1: 5000 -> 4940 = 60 min, incident
    median = 50 min = 3000 s                                                -> Elite (< 1 h)
    (old: 30 min for 104 -> 105, 37 min for #3 and 60 for #1 pooled: median 37 min)

beta (acme/beta-web + acme/beta-worker, environment prod; 204 is staging and ignored)
  successes: 201 202 203 302 = 4; error: 301; finished = 5
  deployment frequency = 4 / 30 = 0.1333 per day                           -> Medium (>= 1/30)
  lead times: 201: oldest of beta-web -> not measured (was 2010)
    202: w2 30000 -> 19990 = 10010 (w2, w3 since w1)
    203: rollback to w1, no new commit -> none
    302: no earlier success in beta-worker -> not measured (was 2010, its head commit)
    median of 10010 = 10010 min = 600600 s (old: 2010 min)                  -> High (< 1 w)
  change failures: 202 (rolled back by 203), 203 (incident #7 opened 18000, newest created
    before it 203 at 19000), 301 (error), 302 (incident #8 opened 100, newest created before it
    302 at 9000) = 4 of 5 = 0.8                                             -> Low
  recovery: 203 <- #7: 18000 -> 16560 = 1440 min, incident; beta-worker 301 error 23990 -> 302
    success 8990 = 15000 min, deployment; 302 <- #8 still open: no value (PR #9 is no incident)
    median = (1440 + 15000) / 2 = 8220 min = 493200 s                       -> Medium (< 1 w)
  open incidents: #8 = 1
  unmeasured lead times: alpha 1 (101), beta 2 (201, 302)

deployment rework rate (a rollback, created while an incident was open, or within 4 h of a
failed deployment of its repository):
  alpha: 105 (created 19870 while #3 was open, 20 min after 104 failed) = 1 of 10 = 0.1
  beta: 203 (rollback) = 1 of 5 = 0.2 (302 comes 14990 min after 301 failed, no incident open)

Actions (run duration = updated - run start; queue = first job start - run start; skipped
jobs are not durations):
  alpha CI     1001 main      success   610 s, queue 60;  jobs build 300 ok, test 540 ok
  alpha CI     1002 feature/x failure   340 s, queue 30;  jobs build 300 ok, test 200 failed
  alpha Deploy 1003 main      success   910 s, queue 5;   job deploy 900 ok
  alpha CI     1004 main      cancelled 185 s, queue 120; job build 60 cancelled (test skipped)
  beta  Build  2001 main      success  1215 s, queue 10;  job compile 1200 ok
  alpha CI     1007 main      re-run: attempt 2 started +3600 s, success 400 s later, queue 20;
               job build 380 ok (only the latest attempt is listed: one run)
  in progress: alpha CI 1005 in_progress, 1006 queued (not in any window value)

Windowed build gauges (GITHUB_BUILDS_WINDOW 7d; quantiles interpolate linearly between ranks,
position q * (n - 1) of the sorted values):
  alpha CI: runs success 2 (1001, 1007), failure 1, cancelled 1; success ratio 2 / (4 - 1)
    = 0.667; durations [185, 340, 400, 610]: p50 = (340 + 400) / 2 = 370,
    p95 at 2.85: 400 + 0.85 * (610 - 400) = 578.5; queue (jobs known) [20, 30, 60, 120]:
    p50 = (30 + 60) / 2 = 45, p95 = 60 + 0.85 * (120 - 60) = 111
  alpha Deploy: success 1, ratio 1, duration 910, queue 5; beta Build: success 1, ratio 1,
    duration 1215, queue 10
  Live, jobs of runs finished before the start are not read, so the queue gauges are empty
  until new runs finish; the backfill reads them.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from exporters.github.webhook import signature
from fakes.github import FakeGitHub
from portfolio.config.loader import load_config
from tests.exporters import history
from tests.support.binaries import Server, free_port, prometheus, query, require, wait_for

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
MIN = 60.0
SECRET = "test-webhook-secret"

EXPECTED_GAUGES = {
    # metric: {product: value}
    "github_dora_deployments": {"alpha": 9, "beta": 4},
    "github_dora_deployment_frequency_per_day": {"alpha": 9 / 30, "beta": 4 / 30},
    "github_dora_lead_time_seconds": {"alpha": 110 * MIN, "beta": 10010 * MIN},
    # alpha [110 x 7, 140]: position 0.9 * 7 = 6.3 -> 110 + 0.3 * (140 - 110) = 119 min
    "github_dora_lead_time_p90_seconds": {"alpha": 119 * MIN, "beta": 10010 * MIN},
    "github_dora_change_failure_ratio": {"alpha": 2 / 10, "beta": 4 / 5},
    "github_dora_failed_deployment_recovery_seconds": {"alpha": 50 * MIN, "beta": 8220 * MIN},
    "github_dora_time_to_restore_seconds": {"alpha": 50 * MIN, "beta": 8220 * MIN},  # deprecated
    "github_dora_deployment_rework_ratio": {"alpha": 1 / 10, "beta": 1 / 5},
}
# Levels: 3 Elite, 2 High, 1 Medium, 0 Low.
EXPECTED_LEVELS = {
    "deployment_frequency": {"alpha": 2, "beta": 1},
    "lead_time": {"alpha": 3, "beta": 2},
    "change_failure": {"alpha": 0, "beta": 0},
    "time_to_restore": {"alpha": 3, "beta": 1},
}
LEVEL_KEYS = {  # key -> (gauge, comparison meeting a bound, bounds attribute)
    "deployment_frequency": (
        "github_dora_deployment_frequency_per_day",
        ">=",
        "deployments_per_day",
    ),
    "lead_time": ("github_dora_lead_time_seconds", "<", "lead_time_seconds"),
    "change_failure": ("github_dora_change_failure_ratio", "<=", "change_failure_ratio"),
    "time_to_restore": ("github_dora_time_to_restore_seconds", "<", "time_to_restore_seconds"),
}


EXPECTED_BUILDS = {  # (metric, product, workflow, conclusion or quantile) -> value
    ("github_workflow_window_runs", "alpha", "CI", "success"): 2,
    ("github_workflow_window_runs", "alpha", "CI", "failure"): 1,
    ("github_workflow_window_runs", "alpha", "CI", "cancelled"): 1,
    ("github_workflow_window_runs", "alpha", "Deploy", "success"): 1,
    ("github_workflow_window_runs", "beta", "Build", "success"): 1,
    ("github_workflow_window_success_ratio", "alpha", "CI", ""): 2 / 3,
    ("github_workflow_window_success_ratio", "alpha", "Deploy", ""): 1,
    ("github_workflow_window_success_ratio", "beta", "Build", ""): 1,
    ("github_workflow_window_duration_seconds", "alpha", "CI", "0.5"): (340 + 400) / 2,
    ("github_workflow_window_duration_seconds", "alpha", "CI", "0.95"): 400 + 0.85 * 210,
    ("github_workflow_window_duration_seconds", "alpha", "Deploy", "0.5"): 910,
    ("github_workflow_window_duration_seconds", "alpha", "Deploy", "0.95"): 910,
    ("github_workflow_window_duration_seconds", "beta", "Build", "0.5"): 1215,
    ("github_workflow_window_duration_seconds", "beta", "Build", "0.95"): 1215,
}
EXPECTED_QUEUES = {
    ("github_workflow_window_queue_seconds", "alpha", "CI", "0.5"): (30 + 60) / 2,
    ("github_workflow_window_queue_seconds", "alpha", "CI", "0.95"): 60 + 0.85 * 60,
    ("github_workflow_window_queue_seconds", "alpha", "Deploy", "0.5"): 5,
    ("github_workflow_window_queue_seconds", "alpha", "Deploy", "0.95"): 5,
    ("github_workflow_window_queue_seconds", "beta", "Build", "0.5"): 10,
    ("github_workflow_window_queue_seconds", "beta", "Build", "0.95"): 10,
}


def builds(prom: Server, at: float | None = None) -> dict[tuple[str, str, str, str], float]:
    """The windowed build gauges Prometheus holds, keyed like EXPECTED_BUILDS."""
    got = {}
    for name in {k[0] for k in {**EXPECTED_BUILDS, **EXPECTED_QUEUES}}:
        for r in query(prom, f'{name}{{job="github-exporter",window="7d"}}', at=at):
            m = r["metric"]  # type: ignore[index]
            key = (name, m["product"], m["workflow"], m.get("conclusion", m.get("quantile", "")))
            got[key] = float(r["value"][1])  # type: ignore[index]
    return got


def level_expr(key: str) -> str:
    """0-3: how many of the portfolio's level bounds the product's gauge meets."""
    metric, op, attr = LEVEL_KEYS[key]
    bounds = getattr(load_config(history.PORTFOLIO).dora.levels, attr)
    value = f'max by (product) ({metric}{{job="github-exporter"}})'
    return " + ".join(f"({value} {op} bool {bounds[lvl]:g})" for lvl in ("medium", "high", "elite"))


def by_product(result: list[dict[str, object]]) -> dict[str, float]:
    return {r["metric"]["product"]: float(r["value"][1]) for r in result}  # type: ignore[index]


def exporter_env(gh: FakeGitHub, port: int) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
        "PYTHONPATH": str(ROOT),
        "GITHUB_API_URL": gh.url,
        "GITHUB_CONFIG": str(history.PORTFOLIO),
        "GITHUB_LISTEN_HOST": "127.0.0.1",
        "GITHUB_LISTEN_PORT": str(port),
        "GITHUB_DORA_INTERVAL": "2s",
        "GITHUB_ACTIONS_INTERVAL": "2s",
        "GITHUB_WEBHOOK_SECRET": SECRET,
        "GITHUB_TOKEN": "not-a-real-token",
    }


def scrape_config(tmp_path: Path, target: str | None) -> Path:
    jobs = (
        f"scrape_configs:\n- job_name: github-exporter\n  scrape_interval: 1s\n"
        f"  static_configs:\n  - targets: ['{target}']\n"
        if target
        else ""
    )
    path = tmp_path / "prometheus.yml"
    path.write_text(f"global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n{jobs}")
    return path


def test_prometheus_scraping_the_exporter_sees_the_hand_computed_dora_values(
    tmp_path: Path,
) -> None:
    require("prometheus")
    with FakeGitHub() as gh:
        now = time.time()
        ago = history.load(gh, now)
        port = free_port()
        log = (tmp_path / "exporter.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "exporters.github"],
            env=exporter_env(gh, port),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for(lambda: _ok(url + "/readyz"), timeout=30, what="exporter ready")
            with prometheus(scrape_config(tmp_path, f"127.0.0.1:{port}"), tmp_path) as prom:
                wait_for(
                    lambda: len(query(prom, "github_dora_deployments")) == 2,
                    timeout=30,
                    what="first scrape",
                )
                # 1. windowed gauges: values from the first scrape
                for metric, expected in EXPECTED_GAUGES.items():
                    got = by_product(query(prom, f'{metric}{{job="github-exporter",window="30d"}}'))
                    assert got == pytest.approx(expected), metric
                assert by_product(query(prom, "github_incidents_open")) == {"alpha": 0, "beta": 1}
                # 2. the level each product lands in, computed in PromQL from the config bounds
                for key, expected in EXPECTED_LEVELS.items():
                    assert by_product(query(prom, level_expr(key))) == expected, key
                # 3. build state: the windowed gauges from the first scrape (no queue times:
                # the jobs of runs finished before the start are not read)
                assert builds(prom) == pytest.approx(EXPECTED_BUILDS)
                running = query(
                    prom, 'github_workflow_runs_in_progress{product="alpha",workflow="CI"}'
                )
                assert {r["metric"]["status"]: float(r["value"][1]) for r in running} == {  # type: ignore[index]
                    "in_progress": 1,
                    "queued": 1,
                }
                # 4. a live deployment reported by webhook and by polling counts once
                ok = 'github_deployments_total{product="alpha",status="success"}'
                wait_for(lambda: len(query(prom, ok)) == 1, timeout=20, what="counter series")
                assert float(query(prom, ok)[0]["value"][1]) == 0  # history is not re-counted
                _deploy_live(gh, url, ago)
                wait_for(
                    lambda: float(query(prom, ok)[0]["value"][1]) == 1,
                    timeout=20,
                    what="deployment counted",
                )
                time.sleep(5)  # several poll refreshes and scrapes later, still exactly one
                assert float(query(prom, ok)[0]["value"][1]) == 1
                assert float(query(prom, f"max_over_time({ok}[1m])")[0]["value"][1]) == 1
                lead = 'github_deployment_lead_time_seconds_sum{product="alpha"}'
                assert float(query(prom, lead)[0]["value"][1]) == 20 * MIN  # a13 at -15m -> +5m
                ups = by_source(query(prom, "github_up"))
                assert ups == {"dora": 1, "actions": 1}
                free = 'sum(github_upstream_requests_total{status_class="304"})'
                assert float(query(prom, free)[0]["value"][1]) > 0
        finally:
            proc.terminate()
            assert proc.wait(timeout=15) == 0, "SIGTERM must stop the exporter cleanly"
            log.close()


def by_source(result: list[dict[str, object]]) -> dict[str, float]:
    return {r["metric"]["source"]: float(r["value"][1]) for r in result}  # type: ignore[index]


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _deploy_live(gh: FakeGitHub, url: str, ago: object) -> None:
    now = time.time()
    gh.add_commit("acme/alpha-api", "a13", now - 15 * MIN)
    deployment = gh.add_deployment("acme/alpha-api", 111, "a13", "production", now - 1)
    status = gh.add_status("acme/alpha-api", 111, "success", now + 5 * MIN)
    body = json.dumps(
        {
            "action": "created",
            "deployment_status": status,
            "deployment": deployment,
            "repository": {"full_name": "acme/alpha-api", "default_branch": "main"},
            "sender": {"login": "deploy-bot"},
        }
    ).encode()
    headers = {
        "X-GitHub-Event": "deployment_status",
        "X-GitHub-Delivery": str(uuid.uuid4()),
        "X-Hub-Signature-256": signature(SECRET, body),
        "Content-Type": "application/json",
    }
    for _ in range(2):  # GitHub redelivers: the second one is a duplicate
        assert (
            httpx.post(url + "/webhook", content=body, headers=headers, timeout=10).status_code
            == 200
        )


def test_backfilled_history_gives_the_hand_computed_counters_histograms_and_levels(
    tmp_path: Path,
) -> None:
    require("promtool")
    require("prometheus")
    with FakeGitHub() as gh:
        history.load(gh, time.time())
        out = tmp_path / "history.om"
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "exporters.github",
                "backfill",
                "--out",
                str(out),
                "--step",
                "1h",
            ],
            env=exporter_env(gh, free_port()),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
    end = max(
        int(line.rsplit(" ", 1)[1])
        for line in out.read_text().splitlines()
        if not line.startswith("#")
    )
    data = tmp_path / "data"
    subprocess.run(
        [
            "promtool",
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "--max-block-duration=24h",
            str(out),
            str(data),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with prometheus(scrape_config(tmp_path, None), tmp_path, data_dir=data) as prom:

        def q(expr: str) -> dict[str, float]:
            return by_product(query(prom, f"sum by (product) ({expr})", at=end))

        inc = lambda m: f'increase({m}{{job="github-exporter"}}[30d])'  # noqa: E731
        # deployments and change failure rate from counters
        assert q(inc("github_deployments_total").replace("}[", ',status="success"}[')) == {
            "alpha": 9,
            "beta": 4,
        }
        assert q(inc("github_deployments_total")) == {"alpha": 10, "beta": 5}
        assert q(inc("github_change_failures_total")) == {"alpha": 2, "beta": 4}
        assert q(inc("github_deployment_reworks_total")) == {"alpha": 1, "beta": 1}

        # lead time: share of changes under each level bound, from the DORA-aligned buckets
        def share(metric: str, le: float) -> dict[str, float]:
            b = q(inc(f"{metric}_bucket").replace("}[", f',le="{le!r}"}}['))
            c = q(inc(f"{metric}_count"))
            return {p: b[p] / c[p] for p in c}

        assert share("github_deployment_lead_time_seconds", 86400.0) == {"alpha": 1.0, "beta": 0.0}
        assert share("github_deployment_lead_time_seconds", 604800.0) == {"alpha": 1.0, "beta": 1.0}
        assert q(inc("github_deployment_lead_time_seconds_sum")) == pytest.approx(
            {"alpha": (7 * 110 + 140) * MIN, "beta": 10010 * MIN}
        )
        # recovery: alpha 40 and 60 min (both < 1 h); beta 1440 min (< 1 w), 15000 min (> 1 w)
        for name in ("github_failed_deployment_recovery_seconds", "github_time_to_restore_seconds"):
            assert share(name, 3600.0) == {"alpha": 1.0, "beta": 0.0}, name
            assert share(name, 604800.0) == {"alpha": 1.0, "beta": 0.5}, name
        recovery = query(
            prom,
            f"sum by (product, source) ({inc('github_failed_deployment_recovery_seconds_sum')})",
            at=end,
        )
        assert {
            (r["metric"]["product"], r["metric"]["source"]): float(r["value"][1])  # type: ignore[index]
            for r in recovery
        } == {
            ("alpha", "deployment_and_incident"): 40 * MIN,
            ("alpha", "incident"): 60 * MIN,
            ("beta", "incident"): 1440 * MIN,
            ("beta", "deployment"): 15000 * MIN,
        }
        # the windowed gauges were backfilled too
        assert q('github_dora_change_failure_ratio{window="30d"}') == pytest.approx(
            {"alpha": 0.2, "beta": 0.8}
        )
        # builds
        runs = query(prom, inc("github_workflow_runs_total"), at=end)
        got = {
            tuple(
                r["metric"][k] for k in ("product", "workflow", "conclusion", "branch_class")
            ): float(r["value"][1])  # type: ignore[index]
            for r in runs
        }
        assert got == {
            ("alpha", "CI", "success", "default"): 2,  # 1001 and the re-run 1007
            ("alpha", "CI", "failure", "other"): 1,
            ("alpha", "Deploy", "success", "default"): 1,
            ("alpha", "CI", "cancelled", "default"): 1,
            ("beta", "Build", "success", "default"): 1,
        }
        dur = query(
            prom,
            f"sum by (workflow, conclusion) ({inc('github_workflow_run_duration_seconds_sum')})",
            at=end,
        )
        assert {
            (r["metric"]["workflow"], r["metric"]["conclusion"]): float(r["value"][1]) for r in dur
        } == {  # type: ignore[index]
            ("CI", "success"): 610 + 400,
            ("CI", "failure"): 340,
            ("CI", "cancelled"): 185,
            ("Deploy", "success"): 910,
            ("Build", "success"): 1215,
        }
        assert q(inc("github_workflow_run_queue_seconds_sum")) == {
            "alpha": 60 + 30 + 5 + 120 + 20,
            "beta": 10,
        }
        assert q(inc("github_workflow_run_queue_seconds_bucket").replace("}[", ',le="60.0"}[')) == {
            "alpha": 4,  # 60, 30, 5, 20 (not 120)
            "beta": 1,
        }
        jobs = query(
            prom,
            f"sum by (job_name, conclusion) ({inc('github_workflow_job_duration_seconds_sum')})",
            at=end,
        )
        assert {
            (r["metric"]["job_name"], r["metric"]["conclusion"]): float(r["value"][1]) for r in jobs
        } == {  # type: ignore[index]
            ("build", "success"): 600 + 380,
            ("test", "success"): 540,
            ("test", "failure"): 200,
            ("build", "cancelled"): 60,
            ("deploy", "success"): 900,
            ("compile", "success"): 1200,
        }
        # the windowed build gauges were backfilled, queue times included (jobs read)
        assert builds(prom, end) == pytest.approx({**EXPECTED_BUILDS, **EXPECTED_QUEUES})
        p50 = by_product(
            query(
                prom,
                "histogram_quantile(0.5, sum by (product, le) ("
                + inc("github_deployment_lead_time_seconds_bucket")
                + "))",
                at=end,
            )
        )
        assert not math.isnan(p50["alpha"]) and p50["alpha"] <= 86400  # Elite band
