"""The report against the real Prometheus over the backfilled history of tests/reporting/data.py.

Every figure of report.json is asserted against a value worked out by hand from the history's
tables (the arithmetic is in each test); report.md is golden (tests/reporting/golden/, rewrite
with ``UPDATE_GOLDEN=1``); a period with no data says so; an unreachable Prometheus is exit 1
with a clear message and nothing written.

Counting rules the arithmetic relies on (data.py's docstring says why no sample sits on a
range's edge): the SLI is recorded every 300 s, so a 7-day range holds 2,016 evaluations, each
of 5 probe samples per endpoint, and the history's 15 days hold 4,320 (30-day ranges read them
all); probes are 1,440 a day per endpoint.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generators.rules import dora as dora_rules
from reporting import figures
from reporting.__main__ import run
from stack_runner.ports import free_port
from tests.reporting import data
from tests.support import binaries

pytestmark = pytest.mark.integration
GOLDEN = Path(__file__).parent / "golden"
H, D = 3600, 86400
TOKEN = "report-test-token-0123456789"


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[binaries.Server]:
    workdir = tmp_path_factory.mktemp("report")
    tsdb, config = data.backfill(workdir)
    with binaries.prometheus(config, workdir, data_dir=tsdb) as server:
        yield server


def report(server: binaries.Server, out: Path, *extra: str, **env: str) -> int:
    args = ["--config", str(data.PORTFOLIO), "--url", server.url, "--out", str(out), *extra]
    return run(args, environ=env)


@pytest.fixture(scope="module")
def written(
    prometheus: binaries.Server, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("out")
    handler = _Capture()
    root = logging.getLogger()
    # httpx and httpcore log every request at DEBUG; other commands run in this process (the
    # stack runner, the CI reporter, the demo) may have quietened httpx's own logger.
    loggers = [root, logging.getLogger("httpx"), logging.getLogger("httpcore")]
    levels = [logger.level for logger in loggers]
    root.addHandler(handler)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    try:
        code = report(prometheus, out, "--end", str(data.END), PROMETHEUS_TOKEN=TOKEN)
    finally:
        root.removeHandler(handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
    assert code == 0
    return out, handler.text


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.text = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.text += record.getMessage() + "\n"


@pytest.fixture(scope="module")
def doc(written: tuple[Path, str]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((written[0] / "report.json").read_text())
    return loaded


def product(doc: dict[str, Any], pid: str) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in doc["products"] if p["id"] == pid)
    return found


def dora(doc: dict[str, Any], pid: str) -> dict[str, dict[str, Any]]:
    return {m["key"]: m for m in product(doc, pid)["dora"]["metrics"]}


def test_the_period_is_the_last_seven_days_and_the_seven_before(doc: dict[str, Any]) -> None:
    assert doc["period"] == {
        "start": data.END - 7 * D,
        "end": data.END,
        "start_iso": "2026-06-08T00:02:30Z",
        "end_iso": "2026-06-15T00:02:30Z",
    }
    assert (doc["previous"]["start"], doc["previous"]["end"]) == (
        data.END - 14 * D,
        data.END - 7 * D,
    )
    assert doc["benchmark"] == "2023-levels"
    assert doc["has_data"] is True


def test_dora_counts_of_alpha(doc: dict[str, Any]) -> None:
    """This period: 9 successful and 1 failed deployment, 2 change failures, 1 rework; lead
    times 3 x 2 h and 6 x 36 h; recoveries 30 min and 3 h. The period before: 4 successful
    deployments of 2 h lead time, nothing failed."""
    counts = product(doc, "alpha")["dora"]["counts"]
    assert (counts["deployments"], counts["finished"]) == (9, 9 + 1)
    assert (counts["change_failures"], counts["reworks"]) == (2, 1)
    lead = dict(counts["lead_buckets"])
    assert (lead[3600.0], lead[14400.0], lead[86400.0], lead[259200.0]) == (0, 3, 3, 3 + 6)
    recovery = dict(counts["recovery_buckets"])
    assert (recovery[900.0], recovery[1800.0], recovery[14400.0]) == (0, 1, 2)
    before = product(doc, "alpha")["dora"]["previous_counts"]
    assert (before["deployments"], before["finished"], before["change_failures"]) == (4, 4, 0)


def test_dora_metrics_and_levels_of_alpha(doc: dict[str, Any]) -> None:
    """2023 levels (Elite 3 .. Low 0):
    frequency 9 / 7 = 1.286/day >= 1: Elite; before 4 / 7 = 0.571 >= 1/7: High.
    lead time median, rank 0.5 * 9 = 4.5 in the (1 d, 3 d] bucket holding ranks 4..9:
    86400 + (259200 - 86400) * (4.5 - 3) / (9 - 3) = 129600 s (36 h) < 1 w: High;
    before rank 2 of 4 in (1 h, 4 h]: 3600 + 10800 * 2 / 4 = 9000 s < 1 d: Elite.
    change failure rate 2 / 10 = 20% > 15%: Low; before 0 / 4: Elite.
    recovery median rank 1 of 2 in (15 min, 30 min]: 900 + 900 * 1 / 1 = 1800 s < 1 h: Elite;
    before no recovery: no value. Rework 1 / 10; before 0 / 4.
    Overall: the worst key, Low; before High (recovery had no value)."""
    got = dora(doc, "alpha")
    assert got["deployment_frequency"]["value"] == pytest.approx(9 / 7)
    assert got["deployment_frequency"]["previous"] == pytest.approx(4 / 7)
    assert (
        got["deployment_frequency"]["level"],
        got["deployment_frequency"]["previous_level"],
    ) == (3, 2)
    assert got["lead_time"]["value"] == 86400 + (259200 - 86400) * (4.5 - 3) / (9 - 3)
    assert got["lead_time"]["previous"] == 3600 + 10800 * 2 / 4
    assert (got["lead_time"]["level"], got["lead_time"]["previous_level"]) == (2, 3)
    assert got["change_failure_rate"]["value"] == 2 / 10
    assert got["change_failure_rate"]["previous"] == 0 / 4
    assert (got["change_failure_rate"]["level"], got["change_failure_rate"]["previous_level"]) == (
        0,
        3,
    )
    recovery = got["failed_deployment_recovery_time"]
    assert (recovery["value"], recovery["previous"]) == (900 + 900 * 1 / 1, None)
    assert (recovery["level"], recovery["previous_level"]) == (3, None)
    assert got["deployment_rework_rate"]["value"] == 1 / 10
    assert got["deployment_rework_rate"]["previous"] == 0 / 4
    assert product(doc, "alpha")["dora"]["level"] == 0


def test_the_suspected_change_failure_rate_where_it_is_recorded(doc: dict[str, Any]) -> None:
    """alpha: one deployment (number 12) followed by a failure, of 10 finished: 1 / 10; the
    period before 0 of 4. beta: none of 2; before its exporter started the rules recorded
    nothing for it: no value. The names are the generated rules' own."""
    assert (figures.R_SUSPECTED_SIGNAL, figures.R_SUSPECTED) == (
        dora_rules.R_SIGNAL,
        dora_rules.R_SUSPECTED,
    )
    alpha = dora(doc, "alpha")["suspected_change_failure_rate"]
    assert (alpha["value"], alpha["previous"], alpha["level"]) == (1 / 10, 0 / 4, None)
    assert product(doc, "alpha")["dora"]["counts"]["suspected_failures"] == 1
    beta = dora(doc, "beta")["suspected_change_failure_rate"]
    assert (beta["value"], beta["previous"]) == (0 / 2, None)


def test_dora_of_beta_whose_exporter_started_in_this_period(doc: dict[str, Any]) -> None:
    """2 successful deployments of 10 d lead time; no series before this period, so the
    previous figures are absent, not zero. Frequency 2 / 7 = 0.286: High; lead time rank 1 of
    2 in (1 w, 2 w]: 604800 + 604800 * 1 / 2 = 907200 s (10.5 d) < 30 d: Medium; change
    failure rate 0 / 2: Elite; no recovery. Overall Medium."""
    got = dora(doc, "beta")
    assert got["deployment_frequency"]["value"] == pytest.approx(2 / 7)
    assert got["lead_time"]["value"] == 604800 + 604800 * 1 / 2
    assert got["change_failure_rate"]["value"] == 0 / 2
    assert got["failed_deployment_recovery_time"]["value"] is None
    levels = [got[k]["level"] for k in ("deployment_frequency", "lead_time", "change_failure_rate")]
    assert levels == [2, 1, 3]
    assert all(m["previous"] is None and m["previous_level"] is None for m in got.values())
    assert product(doc, "beta")["dora"]["previous_counts"] is None
    assert product(doc, "beta")["dora"]["level"] == 1


def test_daily_deployments(doc: dict[str, Any]) -> None:
    """Days end at END - k d. alpha: one a day from END - 13 d + 6 h (the days k = 12..9),
    then every 16 h from END - 7 d + 6 h, i.e. 6, 22, 38, 54, 70, 86, 102, 118 and 134 h into
    this period: the days k = 6..0 get 2 (6, 22), 1 (38), 2 (54, 70), 1 (86), 2 (102, 118),
    1 (134), 0. Days without data (beta's, before its exporter started) are left out."""
    alpha = {
        round((data.END - t) / D): n for t, n in product(doc, "alpha")["dora"]["daily_deployments"]
    }
    assert [alpha[k] for k in (12, 11, 10, 9)] == [1, 1, 1, 1]
    assert [alpha[k] for k in (6, 5, 4, 3, 2, 1, 0)] == [2, 1, 2, 1, 2, 1, 0]
    beta = {
        round((data.END - t) / D): n for t, n in product(doc, "beta")["dora"]["daily_deployments"]
    }
    assert sorted(beta) == [0, 1, 2, 3, 4, 5, 6]  # the exporter ran from END - 7 d + 1 h
    assert (beta[4], beta[1]) == (1, 1)  # END - 5 d and END - 2 d
    assert sum(beta.values()) == 2


def test_slo_attainment_budget_and_burn(doc: dict[str, Any]) -> None:
    """alpha (99.5%, budget 0.005), two endpoints: 120 failed probes this period, 24 before.
    attainment 1 - 120 / (2 endpoints x 5 samples x 2016 evaluations); before 1 - 24 / 20160;
    budget left over 30 d (all 4320 evaluations): 1 - (144 / 43200) / 0.005 = 1/3; the last day
    had no failure: burn 0.
    beta (99%, budget 0.01), one endpoint: 144 failed probes in the last two days, 72 in the
    last day. attainment 1 - 144 / 10080; before 1; left 1 - (144 / 21600) / 0.01 = 1/3;
    burn (72 / (5 x 288)) / 0.01 = 5; the third left runs out in 1/3 x 30 d / 5 = 2 days."""
    (alpha,) = product(doc, "alpha")["slos"]
    assert alpha["attainment"] == pytest.approx(1 - 120 / (2 * 5 * 2016))
    assert alpha["previous_attainment"] == pytest.approx(1 - 24 / (2 * 5 * 2016))
    assert alpha["budget_left"] == pytest.approx(1 - (144 / (2 * 5 * 4320)) / 0.005)
    assert alpha["burn_rate_1d"] == 0
    assert alpha["days_to_exhaustion"] is None
    assert (alpha["target"], alpha["period"], alpha["owner"]) == (0.995, "30d", "web")
    (beta,) = product(doc, "beta")["slos"]
    assert beta["attainment"] == pytest.approx(1 - 144 / (5 * 2016))
    assert beta["previous_attainment"] == 1
    assert beta["budget_left"] == pytest.approx(1 - (144 / (5 * 4320)) / 0.01)
    assert beta["burn_rate_1d"] == pytest.approx((72 / (5 * 288)) / 0.01)
    assert beta["days_to_exhaustion"] == pytest.approx((1 / 3) * 30 / 5)


def test_probe_availability_against_the_uptime_threshold(doc: dict[str, Any]) -> None:
    """Per endpoint: 10080 probes a week. alpha api 1 - 120 / 10080 (before 1 - 24 / 10080),
    alpha web 1, beta api 1 - 144 / 10080 (before 1)."""
    probes = {p["endpoint"]: p for p in product(doc, "alpha")["probes"]}
    assert probes["api"]["availability"] == pytest.approx(1 - 120 / 10080)
    assert probes["api"]["previous"] == pytest.approx(1 - 24 / 10080)
    assert (probes["web"]["availability"], probes["web"]["previous"]) == (1, 1)
    assert probes["api"]["threshold"] == 0.995
    (beta,) = product(doc, "beta")["probes"]
    assert (beta["availability"], beta["previous"], beta["threshold"]) == (
        pytest.approx(1 - 144 / 10080),
        1,
        0.99,
    )


def test_daily_availability(doc: dict[str, Any]) -> None:
    """1440 probes a day per endpoint: alpha's outage day (ending END - 1 d) 1 - 120 / 2880,
    its short outage's day (ending END - 9 d) 1 - 24 / 2880; beta's last two days
    1 - 72 / 1440; every other day 1."""
    alpha = {round((data.END - t) / D): v for t, v in product(doc, "alpha")["daily_availability"]}
    assert len(alpha) == 14
    assert alpha[1] == pytest.approx(1 - 120 / 2880)
    assert alpha[9] == pytest.approx(1 - 24 / 2880)
    assert {k: v for k, v in alpha.items() if k not in (1, 9)} == dict.fromkeys(
        (0, *range(2, 9), *range(10, 14)), 1
    )
    beta = {round((data.END - t) / D): v for t, v in product(doc, "beta")["daily_availability"]}
    assert (beta[0], beta[1]) == (pytest.approx(1 - 72 / 1440), pytest.approx(1 - 72 / 1440))
    assert all(beta[k] == 1 for k in range(2, 14))


def test_incidents_and_the_alerts_that_fired_most(doc: dict[str, Any]) -> None:
    """Evaluations every 30 s: an episode lasts from its first firing sample to its last plus
    one interval. ProductDown (critical): 240 samples = 7200 s, the incident; EndpointDown
    (warning): 230 samples = 6900 s; ProductLatencyHigh (warning) 6 episodes of 20 samples =
    6 x 600 s, 2 in the period before. Most firings first, then most firing time."""
    (incident,) = product(doc, "alpha")["incidents"]
    first = data.OUTAGE + 135 + 120 + 10 - 30
    assert (incident["alertname"], incident["start"], incident["end"]) == (
        "ProductDown",
        first,
        first + 239 * 30 + 30,
    )
    assert product(doc, "beta")["incidents"] == []
    top = [
        (a["alertname"], a["product"], a["firings"], a["firing_seconds"], a["previous_firings"])
        for a in doc["alerts"]
    ]
    assert top == [
        ("ProductLatencyHigh", "beta", 6, 6 * 20 * 30, 2),
        ("ProductDown", "alpha", 1, 240 * 30, 0),
        ("EndpointDown", "alpha", 1, 230 * 30, 0),
    ]


def test_recommendations_are_keyed_to_the_figures(doc: dict[str, Any]) -> None:
    """alpha's weakest key is change failure rate (Low): Medium allows 15% of 10 = 1.5, so 1
    failure. beta's is lead time (Medium; frequency is High): High needs under a week and both
    changes took 10 days. beta's budget runs out in 2 days at a 5x burn, before the next report
    in 7. ProductLatencyHigh fired 6 >= 5 times and no latency alert of beta paged."""
    assert doc["recommendations"] == [
        {
            "product": "alpha",
            "kind": "dora:change_failure_rate",
            "text": "change failure rate 20% (2 of 10 deployments): Medium needs at most 15%, "
            "at most 1 failed of 10",
        },
        {
            "product": "beta",
            "kind": "dora:lead_time",
            "text": "lead time 10.5 d (median): High needs under one week; 2 of 2 changes "
            "waited over one week from first commit to production",
        },
        {
            "product": "beta",
            "kind": "slo:availability",
            "text": "availability SLO (99% over 30d): at the last day's burn rate (5x) the "
            "33.3% of budget left runs out in 2 d, before the next report (7 d)",
        },
        {
            "product": "beta",
            "kind": "noise:ProductLatencyHigh",
            "text": "ProductLatencyHigh (warning) fired 6 times (1 h in all) and no latency "
            "alert paged: a noise candidate (raise its threshold or for:, or make it info)",
        },
    ]


def test_the_markdown_matches_golden(written: tuple[Path, str]) -> None:
    text = (written[0] / "report.md").read_text()
    path = GOLDEN / "report.md"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert text == path.read_text(), "report.md differs; rerun with UPDATE_GOLDEN=1 if intended"


def test_the_csv_carries_the_json_figures(written: tuple[Path, str], doc: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO((written[0] / "report.csv").read_text())))

    def value(**match: str) -> str:
        (row,) = [r for r in rows if all(r[k] == v for k, v in match.items())]
        return row["value"]

    lead = dora(doc, "alpha")["lead_time"]["value"]
    assert float(value(product="alpha", metric="lead_time", period="current")) == lead
    assert value(product="beta", metric="lead_time", period="previous") == ""  # no data
    (beta_slo,) = product(doc, "beta")["slos"]
    assert float(value(product="beta", metric="budget_left")) == beta_slo["budget_left"]
    assert value(product="beta", section="alert", metric="firings", period="current") == "6"


def test_charts_are_linked_and_byte_stable(
    prometheus: binaries.Server, written: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = written
    markdown = (out / "report.md").read_text()
    for pid in ("alpha", "beta"):
        png = (out / "charts" / f"{pid}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert f"](charts/{pid}.png)" in markdown
    assert report(prometheus, tmp_path, "--end", str(data.END)) == 0
    for pid in ("alpha", "beta"):
        assert (tmp_path / "charts" / f"{pid}.png").read_bytes() == (
            out / "charts" / f"{pid}.png"
        ).read_bytes()


def test_the_token_is_never_written_or_logged(written: tuple[Path, str]) -> None:
    out, logged = written
    assert "wrote" in logged and "HTTP Request: GET" in logged
    assert TOKEN not in logged
    for path in out.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


def test_a_period_without_data_says_so(prometheus: binaries.Server, tmp_path: Path) -> None:
    """Sixty days before the history: every figure is absent (null), none is zero, and the
    Markdown says there is no data instead of printing tables of zeros."""
    assert report(prometheus, tmp_path, "--end", str(data.END - 60 * D), "--no-charts") == 0
    doc = json.loads((tmp_path / "report.json").read_text())
    assert doc["has_data"] is False
    assert doc["alerts"] == []
    for p in doc["products"]:
        assert p["dora"]["counts"] is None and p["dora"]["previous_counts"] is None
        assert all(m["value"] is None and m["level"] is None for m in p["dora"]["metrics"])
        assert all(s["attainment"] is None and s["budget_left"] is None for s in p["slos"])
        assert all(pr["availability"] is None for pr in p["probes"])
        assert all(v is None for _, v in p["daily_availability"])
    markdown = (tmp_path / "report.md").read_text()
    assert "**Prometheus holds no data for this period** (nor for the one before)" in markdown
    assert "| 0" not in markdown and "0%" not in markdown
    assert not (tmp_path / "charts").exists()


def test_an_unreachable_prometheus_is_exit_1_and_writes_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()  # nothing listens there
    out = tmp_path / "out"
    code = run(
        ["--config", str(data.PORTFOLIO), "--url", f"http://127.0.0.1:{port}", "--out", str(out)],
        environ={"PROMETHEUS_TOKEN": TOKEN},
    )
    assert code == 1
    assert f"error: cannot reach Prometheus at http://127.0.0.1:{port}: ConnectError" in caplog.text
    assert TOKEN not in caplog.text
    assert not out.exists()
