"""``python -m exporters.ci_report``: bad input, an unreachable gateway, reading a group back,
and the real Pushgateway scraped by the real Prometheus answering the CI / builds dashboard's
own queries, its rate panels and its over-the-window panels, with the values of the reported
runs."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

from exporters import ci_report
from exporters.toolkit.settings import Secret
from tests.exporters import history
from tests.support import binaries

ROOT = Path(__file__).resolve().parents[2]
BUILDS = ROOT / "dashboards" / "portfolio-builds.json"


def test_bad_input_exits_2_listing_every_problem(caplog: pytest.LogCaptureFixture) -> None:
    code = ci_report.main(
        [
            "finish",
            "--gateway=http://127.0.0.1:9",
            "--product=nope",
            "--workflow=CI",
            f"--config={history.PORTFOLIO}",
            "--conclusion=exploded",
            "--stage=build=-3",
        ]
    )
    assert code == 2
    text = caplog.text
    assert "'nope' is not a product of" in text
    assert "conclusion 'exploded' is not one of success, failure" in text
    assert "--stage 'build=-3': expected NAME=SECONDS[:CONCLUSION]" in text
    assert "--duration or --started-at is required" in text


def test_an_unreachable_gateway_exits_1(caplog: pytest.LogCaptureFixture) -> None:
    port = binaries.free_port()  # nothing listens there
    args = ["finish", f"--gateway=http://127.0.0.1:{port}", "--product=alpha", "--workflow=CI"]
    assert ci_report.main([*args, "--conclusion=success", "--duration=60"]) == 1
    assert "cannot read" in caplog.text


def test_settings_come_from_the_environment_and_files_and_flags_win(tmp_path: Path) -> None:
    password = tmp_path / "password"
    password.write_text("hunter2\n")
    env = {
        "PUSHGATEWAY_URL": "http://gateway.example:9091",
        "CI_REPORT_GATEWAY_USERNAME": "ci",
        "CI_REPORT_GATEWAY_PASSWORD_FILE": str(password),
        "CI_REPORT_TIMEOUT": "30s",
    }
    problems: list[str] = []
    settings = ci_report._settings(env, problems)
    assert problems == []
    assert settings.gateway == "http://gateway.example:9091"
    assert settings.gateway_password == Secret("hunter2")
    assert settings.timeout == 30
    assert "hunter2" not in repr(settings)


def test_bad_settings_exit_2_with_the_command_line_problems(
    caplog: pytest.LogCaptureFixture,
) -> None:
    env = {"CI_REPORT_TIMEOUT": "soon", "CI_REPORT_GATEWAY_USERNAME": "ci"}
    args = ["finish", "--product=alpha", "--workflow=CI", "--conclusion=exploded"]
    assert ci_report.main([*args, "--duration=1"], env=env) == 2
    text = caplog.text
    assert "CI_REPORT_TIMEOUT: expected a duration like 30s, 5m, 1h or 7d, got 'soon'" in text
    assert "--gateway (or PUSHGATEWAY_URL) is required" in text
    assert "conclusion 'exploded' is not one of" in text


def test_the_group_is_read_back_with_the_gateways_basic_auth() -> None:
    seen: list[str | None] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization"))
        return httpx.Response(200, text="")

    target = ci_report.Target(
        "http://gateway.example:9091", "alpha", "CI", auth=("ci", Secret("hunter2"))
    )
    with httpx.Client(transport=httpx.MockTransport(handle)) as client:
        group = ci_report.read_group(target, ci_report.RUN_METRICS, target.grouping(), client)
    assert group.counters == {}
    assert seen == ["Basic " + base64.b64encode(b"ci:hunter2").decode()]
    assert "hunter2" not in repr(target)


def test_other_ci_spellings_map_to_github_conclusions() -> None:
    assert ci_report.conclusion_of("FAILED") == "failure"  # GitLab
    assert ci_report.conclusion_of("ABORTED") == "cancelled"  # Jenkins
    assert ci_report.stage_of("unit tests=12.5:canceled") == ci_report.Stage(
        "unit tests", 12.5, "cancelled"
    )
    assert ci_report.time_of("2027-01-15T08:00:00Z") == 1_800_000_000.0


def test_reading_a_group_back_takes_only_that_group() -> None:
    text = """# HELP github_workflow_runs_total Completed workflow runs.
# TYPE github_workflow_runs_total counter
github_workflow_runs_total{branch_class="default",conclusion="success",instance="",job="github-exporter",product="alpha",workflow="CI"} 4
github_workflow_runs_total{branch_class="default",conclusion="success",instance="runner-2",job="github-exporter",product="alpha",workflow="CI"} 9
github_workflow_runs_total{branch_class="default",conclusion="success",instance="",job="github-exporter",product="beta",workflow="CI"} 7
# HELP github_workflow_run_queue_seconds Queue.
# TYPE github_workflow_run_queue_seconds histogram
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="1",product="alpha",workflow="CI"} 0
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="5",product="alpha",workflow="CI"} 1
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="10",product="alpha",workflow="CI"} 1
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="30",product="alpha",workflow="CI"} 3
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="60",product="alpha",workflow="CI"} 3
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="120",product="alpha",workflow="CI"} 3
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="300",product="alpha",workflow="CI"} 3
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="600",product="alpha",workflow="CI"} 3
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="1800",product="alpha",workflow="CI"} 3
github_workflow_run_queue_seconds_bucket{instance="",job="github-exporter",le="+Inf",product="alpha",workflow="CI"} 4
github_workflow_run_queue_seconds_sum{instance="",job="github-exporter",product="alpha",workflow="CI"} 4000
github_workflow_run_queue_seconds_count{instance="",job="github-exporter",product="alpha",workflow="CI"} 4
"""
    group = ci_report.parse_group(
        text, ci_report.RUN_METRICS, {"product": "alpha", "workflow": "CI"}
    )
    runs = ("github_workflow_runs_total", ("alpha", "CI", "success", "default"))
    assert group.counters == {runs: 4.0}
    queue = group.histograms[("github_workflow_run_queue_seconds", ("alpha", "CI"))]
    assert queue.counts == [0, 1, 0, 2, 0, 0, 0, 0, 0, 1]
    assert queue.total == 4000


def _prometheus_config(tmp_path: Path, gateway: str) -> Path:
    path = tmp_path / "prometheus.yml"
    path.write_text(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        f"rule_files: ['{ROOT / 'alert_rules' / 'dashboards.rules.yml'}']\n"
        "scrape_configs:\n- job_name: pushgateway\n  honor_labels: true\n"
        f"  static_configs:\n  - targets: ['{gateway}']\n"
    )
    return path


def _values(result: list[dict[str, Any]], label: str | None) -> dict[str, float]:
    return {(r["metric"].get(label, "") if label else ""): float(r["value"][1]) for r in result}


# What the builds dashboard shows of runs reported through the Pushgateway:
#   run 1 success 300 s (queued 20 s): build 120 s, test 170 s
#   run 2 failure 600 s (queued 60 s): build 100 s, test 480 s failed
# The rate panels read recordings of the pushed counters and histograms (dashboards.rules.yml),
# summed over products: each reported conclusion, duration bucket and job appears there.
RECORDED: dict[str, tuple[str, set[str]]] = {
    # panel (refId): (label, the values it must show, each above 0)
    "Runs by conclusion (A)": ("conclusion", {"success", "failure"}),
    "Run duration (A)": ("le", {"300", "+Inf"}),
    "Job duration breakdown (p95) (A)": ("job_name", {"build", "test"}),
}
# The over-the-window panels read the builds-window recordings of the same counters and
# histograms (no GitHub exporter runs here, so no window gauge hides them):
#   runs: success 1, failure 1 -> Runs per workflow alpha/Release 2
#   success rate: 1 success / 2 runs not cancelled = 0.5 (both panels)
#   duration buckets (30, 60, 120, 300, 600, ...): 300 s in le=300, 600 s in le=600, so the
#     cumulative counts are le<=120: 0, le=300: 1, le=600: 2. histogram_quantile:
#     p50 rank 0.5 * 2 = 1 -> bucket le=300: 120 + (300 - 120) * (1 - 0) / 1 = 300 s
#     p95 rank 0.95 * 2 = 1.9 -> bucket le=600: 300 + (600 - 300) * (1.9 - 1) / 1 = 570 s
#     (the exporter's exact gauge would say 450 and 585: the pushed figure is a bucket estimate)
#   queue buckets (1, 5, 10, 30, 60, ...): 20 s in le=30, 60 s in le=60:
#     p50 rank 1 -> bucket le=30: 10 + (30 - 10) * 1 / 1 = 30 s
#     p95 rank 1.9 -> bucket le=60: 30 + (60 - 30) * (1.9 - 1) / 1 = 57 s
RELEASE = ("alpha", "Release")
WINDOW: dict[str, dict[tuple[str, str] | str, float]] = {
    "Success rate (A)": {"": 1 / 2},
    "Success rate per workflow (A)": {RELEASE: 1 / 2},
    "Runs per workflow (A)": {RELEASE: 2},
    "Run duration p50 / p95 (A)": {RELEASE: 120 + (300 - 120) * 1 / 1},
    "Run duration p50 / p95 (B)": {RELEASE: 300 + (600 - 300) * (1.9 - 1) / 1},
    "Queue time p50 / p95 (A)": {RELEASE: 10 + (30 - 10) * 1 / 1},
    "Queue time p50 / p95 (B)": {RELEASE: 30 + (60 - 30) * (1.9 - 1) / 1},
}
# Pushed runs are reported when they end: nothing is "in progress" through the gateway.
NOT_REPORTED = {"Runs in progress (A)"}


def _by_workflow(result: list[dict[str, Any]]) -> dict[tuple[str, str] | str, float]:
    return {
        (r["metric"]["product"], r["metric"]["workflow"]) if "workflow" in r["metric"] else "": (
            float(r["value"][1])
        )
        for r in result
    }


@pytest.mark.integration
def test_reported_runs_answer_the_builds_dashboard_queries_through_the_pushgateway(
    tmp_path: Path,
) -> None:
    # The dashboard's own queries come from the generators; the reporter never imports them.
    from generators.dashboards.variables import builtins, interpolate
    from tests.dashboards.promdata import queries_of

    with binaries.pushgateway(tmp_path) as gateway:
        config = _prometheus_config(tmp_path, gateway.url.removeprefix("http://"))
        # the recordings the rate panels read, as generated for the example portfolio
        with binaries.prometheus(config, tmp_path) as prom:
            common = [f"--gateway={gateway.url}", "--product=alpha", "--workflow=Release"]
            assert ci_report.main(["start", *common, "--stage=build", "--stage=test"]) == 0
            runs = 'github_workflow_runs_total{job="github-exporter"}'
            binaries.wait_for(
                lambda: len(binaries.query(prom, runs)) == 3, timeout=20, what="zero series"
            )
            finish = ["finish", *common, "--branch=main"]
            assert (
                ci_report.main(
                    [
                        *finish,
                        "--conclusion=success",
                        "--duration=300",
                        "--queue-seconds=20",
                        "--stage=build=120",
                        "--stage=test=170",
                    ]
                )
                == 0
            )
            assert (
                ci_report.main(
                    [
                        *finish,
                        "--conclusion=failed",
                        "--started-at=1800000060",
                        "--finished-at=1800000660",
                        "--queued-at=1800000000",
                        "--stage=build=100",
                        "--stage=test=480:failed",
                    ]
                )
                == 0
            )
            jobs = 'sum(github_workflow_job_duration_seconds_count{job="github-exporter"})'
            binaries.wait_for(
                lambda: (
                    _values(binaries.query(prom, f"sum({runs})"), None) == {"": 2}
                    and _values(binaries.query(prom, jobs), None) == {"": 4}
                ),
                timeout=20,
                what="the reported runs scraped",
            )
            document = json.loads(BUILDS.read_text())
            values = {"team": ".*", "product": "alpha", "workflow": "Release"}
            values |= builtins(300, 15, 1)  # a 5-minute dashboard: 15 s steps, 1 s scrapes
            panels = {
                where.split("panel '", 1)[1].replace("' (", " ("): interpolate(expr, values)
                for where, expr, *_ in queries_of(document)
            }
            assert set(panels) == {*RECORDED, *WINDOW, *NOT_REPORTED}, (
                "a panel is not accounted for"
            )
            for panel, (label, shown) in RECORDED.items():

                def recorded(panel: str = panel, label: str = label) -> dict[str, float]:
                    return _values(binaries.query(prom, panels[panel]), label)

                got = binaries.wait_for(
                    lambda recorded=recorded, shown=shown: (
                        (  # type: ignore[misc]
                            (found := recorded())
                            and shown <= {k for k, v in found.items() if v > 0}
                        )
                        and found
                    ),
                    timeout=30,
                    what=f"the reported runs in {panel}",
                )
                assert shown <= set(got), (panel, got)
            for panel, expected in WINDOW.items():
                got_window = binaries.wait_for(
                    lambda panel=panel, expected=expected: (
                        (found := _by_workflow(binaries.query(prom, panels[panel])))
                        and set(found) == set(expected)
                        and found
                    ),
                    timeout=30,
                    what=f"the reported runs in {panel}",
                )
                assert got_window == pytest.approx(expected), panel
            for panel in NOT_REPORTED:
                assert binaries.query(prom, panels[panel]) == [], panel
            # the dashboard's workflow variable offers the reported workflow
            series = binaries.query(
                prom, 'count by (workflow) (github_workflow_runs_total{job="github-exporter"})'
            )
            assert _values(series, "workflow") == {"Release": 3}
            # The GitHub exporter also knows alpha/Release (5 successes in its window gauge,
            # served here through a group of its own): each (product, workflow) is read from
            # one source, the gauges, so the window panels show 5 runs, not 5 + 2 = 7; the
            # success rate is 5 / 5 = 1 (the gauges' runs, and their success ratio 1, not the
            # pushed 1 / 2), and the duration and queue panels show nothing (the exporter has
            # no duration gauge for it here, and the pushed estimate is hidden).
            registry = CollectorRegistry()
            window_runs = Gauge(
                "github_workflow_window_runs",
                "Completed workflow runs that finished in the window.",
                ["product", "workflow", "conclusion", "window"],
                registry=registry,
            )
            window_runs.labels("alpha", "Release", "success", "7d").set(5)
            Gauge(
                "github_workflow_window_success_ratio",
                "Share of the workflow's runs finished in the window that succeeded.",
                ["product", "workflow", "window"],
                registry=registry,
            ).labels("alpha", "Release", "7d").set(1)
            push_to_gateway(
                gateway.url,
                job="github-exporter",
                registry=registry,
                grouping_key={"instance": "github-exporter:9101"},
            )
            both: dict[str, dict[tuple[str, str] | str, float]] = {
                "Runs per workflow (A)": {RELEASE: 5},
                "Success rate per workflow (A)": {RELEASE: 5 / 5},
                "Success rate (A)": {"": 5 / 5},
                "Run duration p50 / p95 (A)": {},
                "Queue time p50 / p95 (B)": {},
            }
            for panel, want in both.items():
                binaries.wait_for(
                    lambda panel=panel, want=want: (
                        _by_workflow(binaries.query(prom, panels[panel])) == want
                    ),
                    timeout=30,
                    what=f"one source per workflow in {panel}",
                )
