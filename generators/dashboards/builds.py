"""4. CI / build pipelines (GitHub Actions): runs by conclusion, success rate, duration
heatmap, job duration breakdown, queue time, runs in progress.

Over-the-window panels read the exporter's windowed gauges (``github_workflow_window_*``,
recomputed from GitHub's history on every refresh, so they have values from the first scrape
and cost one sample per series per step); rates per interval read the counters and histograms.
A workflow the gauges do not have (one reported through the Pushgateway by
``python -m exporters.ci_report``) gets its window figures from the builds-window recordings of
the counters and histograms instead (``R_WINDOW_*``, which record only the workflows the gauges
do not have): each (product, workflow) is read from one source, the gauges when they have it, so
a workflow reported both ways is not counted twice.
"""

from __future__ import annotations

from generators.dashboards import style
from generators.dashboards.common import product_variable, team_variable
from generators.dashboards.style import Query, Size
from generators.rules.dashboards import (
    BUILDS_WINDOW,
    R_JOB_DURATION_RATE,
    R_RUN_DURATION_RATE,
    R_RUNS_RATE,
    R_WINDOW_QUEUE,
    R_WINDOW_RUN_DURATION,
    R_WINDOW_RUNS,
)
from generators.selectors import exporter_metric, recorded
from portfolio import catalog
from portfolio.config.model import Portfolio

SELECTED_PRODUCT_WORKFLOW = {"product": "$product", "workflow": "$workflow"}
JOB_DURATION = "github_workflow_job_duration_seconds"


def _job_label() -> str | None:
    """The Actions job's label (``job`` would clash with the scrape job, so it is renamed)."""
    labels = catalog.BY_NAME[JOB_DURATION].labels
    return next((label for label in labels if label.startswith("job") and label != "job"), None)


def build(portfolio: Portfolio) -> style.DashboardSpec:
    if "github" not in portfolio.sources_in_use():
        return style.DashboardSpec(
            key="builds",
            title=f"{portfolio.name} / CI and builds",
            description="No product has a GitHub source yet.",
            rows=[
                style.Row("Builds", [style.text("No data", "Add `sources.github` to a product.")])
            ],
            tags=["builds"],
        )

    def gauge(metric: str, **matchers: str) -> str:
        return exporter_metric(
            "github", f"github_workflow_window_{metric}", **SELECTED_PRODUCT_WORKFLOW, **matchers
        )

    def pushed(record: str, **matchers: str) -> str:
        """A builds-window recording: it holds only the workflows the exporter's gauges do
        not have, so a workflow reported both ways is read from one source."""
        return recorded(record, **SELECTED_PRODUCT_WORKFLOW, **matchers)

    def runs(**matchers: str) -> str:
        """Runs finished in the builds window, by product, workflow and conclusion."""
        return f"({gauge('runs', **matchers)} or {pushed(R_WINDOW_RUNS, **matchers)})"

    def pushed_success_ratio(by: str) -> str:
        """Successes over runs not cancelled of the recorded workflows, ``by`` labels (one
        without a success is 0). Only the recording: a range panel reading the gauges' runs
        again would read every workflow's three times."""
        attempted = f"sum by ({by}) ({pushed(R_WINDOW_RUNS, conclusion='!cancelled')})"
        successes = f"sum by ({by}) ({pushed(R_WINDOW_RUNS, conclusion='success')})"
        return f"({successes} or 0 * {attempted})\n/ {attempted}"

    def quantile(metric: str, record: str, q: float) -> str:
        """The exporter's exact quantile gauge, or the quantile of the pushed histogram over
        the builds window (interpolated within its bucket; no runs: NaN, which ``>= 0`` drops)."""
        estimate = f"histogram_quantile({q}, {pushed(record)}) >= 0"
        return f'{gauge(metric, quantile=str(q))} or label_replace({estimate}, "quantile", "{q}", "", "")'

    job_label = _job_label()
    by_job = f"workflow, {job_label}" if job_label else "workflow"
    job_legend = f"{{{{workflow}}}} / {{{{{job_label}}}}}" if job_label else "{{workflow}}"
    job_rates = recorded(R_JOB_DURATION_RATE, workflow="$workflow")
    # The recorded 15m rates read at every quarter hour tile the range: their mean is the
    # range's rate, from 96 samples a day per series instead of 2,880 (every evaluation). The
    # tiles end at the last quarter hour: a job without runs in them (no tile read yet, or
    # only zeros: the CI reporter's `start` pushes a stage's histogram at 0) is NaN there,
    # which ``>= 0`` drops, and is shown from its last 15m rate instead (one sample a series).
    job_p95 = (
        f"histogram_quantile(0.95, sum by (le, {by_job}) "
        f"(avg_over_time({job_rates}[$__range:15m]))) >= 0\n"
        f"or histogram_quantile(0.95, sum by (le, {by_job}) ({job_rates}))"
    )
    success_steps = style.steps((style.RED, None), (style.ORANGE, 0.8), (style.GREEN, 0.95))
    runs_row = style.Row(
        "Runs",
        [
            style.gauge(
                "Success rate",
                "Share of the workflow runs finished in the exporter's builds window "
                "(GITHUB_BUILDS_WINDOW, from GitHub's history; cancelled runs excluded) that "
                "succeeded. Workflows reported through the Pushgateway (CI reporter) count "
                f"their runs of the last {BUILDS_WINDOW}.",
                [
                    Query(
                        f"sum({runs(conclusion='success')}) / sum({runs(conclusion='!cancelled')})",
                        "success",
                        instant=True,
                    )
                ],
                unit="percentunit",
                thresholds=success_steps,
                size=Size(6, 8),
            ),
            style.stat(
                "Runs in progress",
                "Workflow runs queued or in progress now, by status (GitHub exporter).",
                [
                    Query(
                        "sum by (status) "
                        f"({exporter_metric('github', 'github_workflow_runs_in_progress', **SELECTED_PRODUCT_WORKFLOW)})",
                        "{{status}}",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(6, 8),
                color_mode="value",
                thresholds=style.steps((style.BLUE, None), (style.ORANGE, 10)),
                text_mode="value_and_name",
            ),
            style.timeseries(
                "Runs by conclusion",
                "Completed workflow runs per hour by conclusion (averaged over the interval), "
                "for the selected workflows across all products (recorded from the GitHub "
                "exporter's counter, summed over products: runs finished while it runs, and "
                "backfilled history).",
                [
                    Query(
                        "sum by (conclusion) (avg_over_time("
                        f"{recorded(R_RUNS_RATE, workflow='$workflow')}[$__interval]) * 3600)",
                        "{{conclusion}}",
                    )
                ],
                unit="none",
                size=Size(12, 8),
                bars=True,
                stack=True,
                min_interval="5m",
            ),
            style.timeseries(
                "Success rate per workflow",
                "Share of each workflow's runs finished in the builds window that succeeded "
                "(cancelled excluded), as the exporter recomputed it at each point in time; for "
                f"a workflow reported through the Pushgateway, over the last {BUILDS_WINDOW}.",
                [
                    Query(
                        f"max by (product, workflow) ({gauge('success_ratio')})\nor "
                        f"({pushed_success_ratio('product, workflow')})",
                        "{{product}} {{workflow}}",
                    )
                ],
                unit="percentunit",
                size=Size(12, 8),
                thresholds=success_steps,
                threshold_style="line",
                max_=1,
            ),
            style.bar_gauge(
                "Runs per workflow",
                "Completed runs per product and workflow in the exporter's builds window "
                "(from GitHub's history), or, for a workflow reported through the Pushgateway, "
                f"in the last {BUILDS_WINDOW}.",
                [
                    Query(
                        f"sum by (product, workflow) ({runs()})",
                        "{{product}} {{workflow}}",
                        instant=True,
                    )
                ],
                unit="none",
                size=Size(12, 8),
                thresholds=style.steps((style.BLUE, None)),
            ),
        ],
    )
    durations_row = style.Row(
        "Durations",
        [
            style.heatmap(
                "Run duration",
                "Distribution of completed runs' durations over time: runs per hour in each "
                "duration bucket (averaged over the interval), for the selected workflows "
                "across all products (recorded "
                "from the GitHub exporter's histogram, summed over products so a load reads "
                "one series per bucket and workflow).",
                Query(
                    f"sum by (le) (avg_over_time({recorded(R_RUN_DURATION_RATE, workflow='$workflow')}"
                    "[$__interval]) * 3600)",
                    "{{le}}",
                    heatmap=True,
                ),
                unit="s",
                min_interval="5m",
            ),
            style.timeseries(
                "Run duration p50 / p95",
                "Median and 95th percentile duration of each workflow's runs finished in the "
                "builds window (exact, from the runs; the exporter's windowed gauge). For a "
                f"workflow reported through the Pushgateway: over the last {BUILDS_WINDOW}, "
                "estimated from the duration histogram (interpolated within a bucket).",
                [
                    Query(
                        f"max by (product, workflow) ({quantile('duration_seconds', R_WINDOW_RUN_DURATION, q)})",
                        f"p{int(q * 100)} {{{{product}}}} {{{{workflow}}}}",
                    )
                    for q in (0.5, 0.95)
                ],
                unit="s",
                min_interval="10m",  # two series per workflow
            ),
            style.bar_gauge(
                "Job duration breakdown (p95)",
                "95th percentile duration of each job (stage) of the selected workflows over "
                "the time range, across all products, estimated from the GitHub exporter's "
                "histogram of job durations (interpolated within a bucket). The range is read "
                "in whole quarter hours (UTC) up to the last one, so a run that finished since "
                "counts from the next quarter hour on; a job without runs in those quarter "
                "hours (new, or run only since) shows its last 15 minutes instead.",
                [Query(job_p95, job_legend, instant=True)],
                unit="s",
                size=Size(12, 8),
                thresholds=style.steps((style.GREEN, None), (style.ORANGE, 600), (style.RED, 1800)),
            ),
            style.timeseries(
                "Queue time p50 / p95",
                "Median and 95th percentile time each workflow's runs finished in the builds "
                "window waited before their first job started (the exporter's windowed gauge; "
                "runs whose jobs it read). For a workflow reported through the Pushgateway: "
                f"over the last {BUILDS_WINDOW}, estimated from the queue histogram.",
                [
                    Query(
                        f"max by (product, workflow) ({quantile('queue_seconds', R_WINDOW_QUEUE, q)})",
                        f"p{int(q * 100)} {{{{product}}}} {{{{workflow}}}}",
                    )
                    for q in (0.5, 0.95)
                ],
                unit="s",
                min_interval="10m",  # two series per workflow
                thresholds=style.steps((style.GREEN, None), (style.ORANGE, 300)),
                threshold_style="line",
            ),
        ],
    )
    return style.DashboardSpec(
        key="builds",
        title=f"{portfolio.name} / CI and builds",
        description="GitHub Actions health per product and workflow: outcomes, durations, "
        "queue time, runs in progress.",
        rows=[runs_row, durations_row],
        variables=[
            team_variable(),
            product_variable(),
            style.query_variable(
                "workflow",
                "Workflow",
                "label_values("
                f'{exporter_metric("github", "github_workflow_runs_total")[:-1]},product=~"$product"}}, workflow)',
            ),
        ],
        tags=["builds"],
        time=("now-24h", "now"),
    )
