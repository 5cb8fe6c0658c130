"""The builds dashboard's 'Job duration breakdown (p95)' shows the hand-computed p95 of job
durations from the real Prometheus, for a job with hours of history, a job younger than 15
minutes and a job whose histogram stood at 0 until after the last quarter hour.

The GitHub exporter's job duration histogram is written every 30 s on the 30 s grid (as the
example portfolio scrapes) and backfilled with promtool; the generated recording of its
15-minute bucket rates (``alert_rules/dashboards.rules.yml``) is backfilled from it with
``promtool tsdb create-blocks-from rules`` at the same 30 s; then the panel's generated query,
interpolated as Grafana sends it for the dashboard's default 24 h, runs as an instant query.

The panel reads the recording once per quarter hour ``[$__range:15m]``; each reading is the
rate over the quarter hour before it, so together they cover the range up to the last quarter
hour (UTC), and a job without runs in them shows its last 15 minutes instead. The figures are
``histogram_quantile`` estimates (interpolated within a bucket), as the panel says.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import yaml

from generators import dashboards
from generators.dashboards.variables import builtins, interpolate
from generators.rules.dashboards import R_JOB_DURATION_RATE
from portfolio import catalog, conventions
from portfolio.config.loader import load_config
from tests.conftest import EXAMPLE
from tests.dashboards import promdata
from tests.support import binaries

pytestmark = pytest.mark.integration

METRIC = "github_workflow_job_duration_seconds"
BOUNDS = (*catalog.BY_NAME[METRIC].buckets, float("inf"))  # 30, 60, 120, 300, 600, 900, ...
STEP = 30  # the example portfolio's scrape and evaluation interval
MIN = 60
HISTORY = 2 * 3600  # seconds of data before the quarter hour H the queries follow
PANEL = "Job duration breakdown (p95)"


@dataclass(frozen=True)
class Job:
    """One histogram series of job ``job_name`` of workflow ci in ``product`` from ``born``
    (seconds from the quarter hour H), holding the ``counted`` durations already, one more
    observation per run ``(ended, seconds)``."""

    product: str
    job_name: str
    born: int
    runs: tuple[tuple[int, float], ...]
    counted: tuple[float, ...] = ()


# H is a whole quarter hour (UTC); the queries run at H + 10 min and H + 20 min. No run ends
# within a minute of a quarter hour, so each falls in one reading whatever the rule group's
# evaluation offset (Prometheus and promtool derive it from the group's name and file).
# build: 10 runs in the two hours before H, 5 in each product; one more of 5000 s at H + 2 min.
# Its histograms hold one 20 s run from before the data (an exporter running for a while), so
# no bucket ever counts up from 0: rate() extrapolates a window's increase to the window's
# edges but not back past where the counter would have been 0, so a bucket's first run would
# weigh a few percent less than other runs in its window, by the evaluation offset (a stage's
# first runs, test and lint below, count up from 0 in every bucket alike and weigh the same).
BUILD_ALPHA = (100.0, 200.0, 250.0, 400.0, 700.0)
BUILD_BETA = (50.0, 280.0, 500.0, 1000.0, 1300.0)
JOBS = (
    Job(
        "alpha",
        "build",
        -HISTORY,
        (
            *((-HISTORY + 20 * MIN + 18 * i * MIN + 15, d) for i, d in enumerate(BUILD_ALPHA)),
            (2 * MIN + 15, 5000.0),
        ),
        counted=(20.0,),
    ),
    Job(
        "beta",
        "build",
        -HISTORY,
        tuple((-HISTORY + 29 * MIN + 18 * i * MIN + 15, d) for i, d in enumerate(BUILD_BETA)),
        counted=(20.0,),
    ),
    # test: first seen at H + 3 min (7 minutes old at H + 10 min), three runs since
    Job(
        "alpha",
        "test",
        3 * MIN,
        ((5 * MIN + 15, 40.0), (6 * MIN + 15, 90.0), (8 * MIN + 15, 110.0)),
    ),
    # lint: at 0 for the two hours (a stage reported before it ever ran), two runs after H
    Job("beta", "lint", -HISTORY, ((4 * MIN + 15, 20.0), (6 * MIN + 15, 25.0))),
)
END = 25 * MIN  # the data (raw and recorded) ends at H + 25 min

# histogram_quantile(0.95, buckets): rank = 0.95 * count; in the first bucket whose cumulative
# count c reaches it, lower + (upper - lower) * (rank - c_below) / (c - c_below).
# build at H + 10 min, the 10 runs before H summed over both products (the 5000 s run ended
# after H, so no quarter hour read yet holds it; the 20 s runs counted before the data never
# increase a bucket, so no rate holds them):
#   cumulative le=60: 1 (50), 120: 2 (100), 300: 5 (200 250 280), 600: 7 (400 500),
#   900: 8 (700), 1200: 9 (1000), 1800: 10 (1300); rank 0.95 * 10 = 9.5 -> le=1800:
#   1200 + (1800 - 1200) * (9.5 - 9) / (10 - 9) = 1500
# test at H + 10 min, no quarter hour read holds it, so its last 15 minutes (all of its life):
#   le=60: 1 (40), 120: 3 (90 110); rank 0.95 * 3 = 2.85 -> 60 + 60 * (2.85 - 1) / (3 - 1) = 115.5
# lint at H + 10 min: every quarter hour read holds 0 runs, so its last 15 minutes:
#   le=30: 2 (20 25); rank 0.95 * 2 = 1.9 -> 0 + 30 * (1.9 - 0) / 2 = 28.5
AT_10 = {
    ("ci", "build"): 1200 + (1800 - 1200) * (9.5 - 9) / (10 - 9),
    ("ci", "test"): 60 + 60 * (2.85 - 1) / (3 - 1),
    ("ci", "lint"): 0 + 30 * (1.9 - 0) / 2,
}
# at H + 20 min the quarter hour H .. H + 15 min is read too:
#   build: 11 runs, the 5000 s one in le=7200 (3600 and below hold 10); rank 0.95 * 11 = 10.45
#     -> 3600 + (7200 - 3600) * (10.45 - 10) / (11 - 10) = 5220
#   test and lint: their runs (all in that quarter hour) as before: 115.5 and 28.5
AT_20 = {
    ("ci", "build"): 3600 + (7200 - 3600) * (10.45 - 10) / (11 - 10),
    ("ci", "test"): AT_10[("ci", "test")],
    ("ci", "lint"): AT_10[("ci", "lint")],
}


def _le(bound: float) -> str:
    return "+Inf" if bound == float("inf") else f"{bound:g}"


def _openmetrics(quarter: int) -> str:
    """The jobs' histograms every STEP seconds from their birth to H + END."""
    lines = [f"# TYPE {METRIC} histogram"]
    for job in JOBS:
        labels = (
            f'job="{conventions.exporter_job("github")}",instance="github-exporter:9101",'
            f'product="{job.product}",workflow="ci",job_name="{job.job_name}",'
            'conclusion="success"'
        )
        times = range(quarter + job.born, quarter + END + 1, STEP)
        done = {
            at: [*job.counted, *(d for ended, d in job.runs if quarter + ended < at)]
            for at in times
        }
        for bound in BOUNDS:
            key = f'{METRIC}_bucket{{{labels},le="{_le(bound)}"}}'
            lines += (f"{key} {sum(d <= bound for d in done[at])} {at}" for at in times)
        lines += (f"{METRIC}_count{{{labels}}} {len(done[at])} {at}" for at in times)
        lines += (f"{METRIC}_sum{{{labels}}} {sum(done[at]):g} {at}" for at in times)
    return "\n".join([*lines, "# EOF", ""])


@pytest.fixture(scope="module")
def prom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[binaries.Server, int]]:
    """Prometheus over the raw histograms and their recording; yields it and H."""
    binaries.require("prometheus")
    workdir = tmp_path_factory.mktemp("builds-job-duration")
    # blocks only, well before the head: H at least 4 hours ago, on a whole hour
    quarter = (int(time.time()) - 4 * 3600) // 3600 * 3600
    raw = workdir / "raw.om"
    raw.write_text(_openmetrics(quarter))
    data = workdir / "data"
    binaries.promtool("tsdb", "create-blocks-from", "openmetrics", str(raw), str(data), cwd=workdir)
    config = workdir / "prometheus.yml"
    config.write_text(yaml.safe_dump({"global": {"evaluation_interval": f"{STEP}s"}}))
    portfolio = load_config(EXAMPLE)
    rules = promdata.write_recording_rules(portfolio, workdir / "rules", only={R_JOB_DURATION_RATE})
    # every 30 s over the data, at the group's own offset as Prometheus would
    promdata.backfill_rules(
        config,
        workdir,
        data,
        rules,
        start=quarter - HISTORY,
        end=quarter + END,
        step=STEP,
        recorded=workdir / "recorded",
    )
    with binaries.prometheus(config, workdir, data_dir=data) as server:
        yield server, quarter


def _panel_query() -> str:
    """The panel's query for the example portfolio, as Grafana sends it over the dashboard's
    default 24 h with every workflow selected."""
    document = dashboards.documents(load_config(EXAMPLE))["dashboards/portfolio-builds.json"]
    assert document["time"]["from"] == "now-24h"
    (query,) = [q for q in promdata.queries_of(document) if f"panel '{PANEL}'" in q.where]
    step = promdata.step_seconds(query, 86400, 1000, STEP)
    return interpolate(query.expr, {"workflow": ".*", **builtins(86400, step, STEP)})


def _shown(server: binaries.Server, at: int) -> dict[tuple[str, str], float]:
    values = binaries.panel_values(server, _panel_query(), instant=True, end=at)
    return {(dict(k)["workflow"], dict(k)["job_name"]): v for k, v in values.items()}


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(10, AT_10), (20, AT_20)],
    ids=[
        "ten minutes after a quarter hour the history up to it, young and idle jobs their last 15 minutes",
        "after the next quarter hour the run that ended since counts",
    ],
)
def test_the_panel_shows_the_p95_of_the_job_durations(
    prom: tuple[binaries.Server, int], minutes: int, expected: dict[tuple[str, str], float]
) -> None:
    server, quarter = prom
    assert _shown(server, quarter + minutes * MIN) == pytest.approx(expected)
