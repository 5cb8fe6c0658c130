"""The dashboards benchmark's fixture plan: what each selector reaches, which series the
panels need, how far back and at which resolution (``benchmarks/_dashdata.py``)."""

from __future__ import annotations

from benchmarks import _dashdata
from benchmarks._dashdata import Need, Plan, Read
from generators import dashboards
from portfolio.config.model import Portfolio


def test_an_instant_selector_reaches_back_the_lookback_only() -> None:
    # one sample per step whatever the resolution, found within the 300 s lookback
    assert _dashdata.reads('max by (product) (github_up{job="github-exporter"})') == [
        Read("github_up", 300.0, dense=False)
    ]


def test_a_range_selector_is_dense_and_reaches_its_range_plus_its_offset() -> None:
    # [5m] offset 1h: 300 + 3600 = 3900 s back, no lookback on a range
    assert _dashdata.reads("rate(x_total[5m] offset 1h)") == [
        Read("x_total", 3900.0, dense=True, range=300.0)
    ]


def test_a_subquery_reads_its_inner_selector_once_per_subquery_step() -> None:
    # [7d:1h]: 7 * 86400 = 604800 s, plus the inner instant selector's 300 s lookback
    assert _dashdata.reads("sum_over_time(product:x:increase1h[7d:1h])") == [
        Read("product:x:increase1h", 605100.0, dense=False)
    ]


def test_both_sides_of_a_binary_expression_and_every_call_argument_are_read() -> None:
    reads = _dashdata.reads("histogram_quantile(0.9, sum by (le) (rate(a_bucket[1h]))) / b")
    assert reads == [Read("a_bucket", 3600.0, dense=True, range=3600.0), Read("b", 300.0, False)]


def test_times_are_coarse_then_at_the_scrape_interval_over_the_fine_span() -> None:
    plan = Plan(span=86400, scrape=30)
    times = plan.times(Need(any=3600, fine=600), end=36000)
    # coarse 32400, 32700 .. 35100 (every 300 s up to end - 600): 10 samples;
    # fine 35400, 35430 .. 36000 (every 30 s, the end included): 21 samples
    assert times == [*range(32400, 35400, 300), *range(35400, 36001, 30)]
    assert len(times) == 10 + 21


def test_times_never_start_before_the_data() -> None:
    plan = Plan(span=3600, scrape=30)
    assert plan.times(Need(any=7200), end=36000)[0] == 36000 - 3600


def test_the_plan_reads_a_builds_recording_at_30s_under_a_range_and_coarse_under_a_subquery(
    example_portfolio: Portfolio,
) -> None:
    documents = dashboards.documents(example_portfolio).values()
    plan = _dashdata.plan(example_portfolio, documents, span=30 * 86400, points=1000)
    # 'Run duration' (heatmap): avg_over_time(recording[$__interval]) in a range query over
    # the builds dashboard's 24 h at 100 points, step max(86400 / 100, 5m) = 864 s: every
    # sample in each 864 s range counts, so at 30 s, 86400 + 864 = 87264 s back
    runs = plan.needs["workflow_le:github_workflow_run_duration_seconds_bucket:rate15m"]
    assert (runs.any, runs.fine) == (87264.0, 87264.0)
    # 'Job duration breakdown (p95)': an instant query of avg_over_time(recording[$__range:15m])
    # or the recording itself: instant selectors only (one sample per subquery step), the
    # subquery's 86400 s plus the 300 s lookback back, and coarse is enough
    jobs = plan.needs["workflow_job_name_le:github_workflow_job_duration_seconds_bucket:rate15m"]
    assert (jobs.any, jobs.fine) == (86700.0, 0.0)
    # the recording reads the raw histogram with rate(...[15m]): 86700 + 900 = 87600 s back;
    # a 15-minute range holds at least two coarse (300 s) samples, so coarse is enough
    raw = plan.needs["github_workflow_job_duration_seconds"]
    assert (raw.any, raw.fine) == (87600.0, 0.0)
    assert plan.undercounted == []


def test_families_no_panel_reads_are_left_out(example_portfolio: Portfolio) -> None:
    documents = dashboards.documents(example_portfolio).values()
    plan = _dashdata.plan(example_portfolio, documents, span=30 * 86400, points=1000)
    # the webhook delivery counter is the exporter's own, on no dashboard and in no recording
    assert "github_webhook_deliveries_total" not in plan.needs
    # only alerts read the 1-hour SLO burn ratio
    assert "slo:sli_error:ratio_rate1h" not in plan.needs
