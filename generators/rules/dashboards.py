"""Recording rules the dashboards need, in their own group and file.

Heavy or config-derived queries are recorded once instead of being computed per dashboard
load: the hourly and daily deployment counts, the builds rates and the builds over the window
(for runs pushed through the Pushgateway), and the DORA performance levels, whose bounds come
from the benchmark set in the config (``dora.benchmark``, ``dora.levels``).
"""

from __future__ import annotations

from typing import Any

from generators.rules.units import Recording
from generators.selectors import exporter_metric, production_regex
from portfolio import conventions
from portfolio.catalog import Metric
from portfolio.config.model import Portfolio
from portfolio.sources import github

# DORA key -> (exporter gauge, comparison that meets a level's bound, bounds attribute)
DORA_KEYS: tuple[tuple[str, str, str, str], ...] = (
    (
        "deployment_frequency",
        "github_dora_deployment_frequency_per_day",
        ">=",
        "deployments_per_day",
    ),
    ("lead_time", "github_dora_lead_time_seconds", "<", "lead_time_seconds"),
    ("change_failure", "github_dora_change_failure_ratio", "<=", "change_failure_ratio"),
    (
        "failed_deployment_recovery",
        "github_dora_failed_deployment_recovery_seconds",
        "<",
        "recovery_seconds",
    ),
)
# Deprecated recorded level (removed in the next release): the same value under its old key.
DEPRECATED_LEVEL_KEYS = {"time_to_restore": "failed_deployment_recovery"}
LEVEL_ORDER = ("medium", "high", "elite")
# Builds, aggregated over products (the per-interval panels would read every raw bucket
# sample of every product otherwise): run and job duration bucket rates per workflow (and job).
R_RUN_DURATION_RATE = "workflow_le:github_workflow_run_duration_seconds_bucket:rate15m"
R_JOB_DURATION_RATE = "workflow_job_name_le:github_workflow_job_duration_seconds_bucket:rate15m"
R_RUNS_RATE = "workflow_conclusion:github_workflow_runs:rate15m"
# Builds over the builds window, per product and workflow, from the run counter and the run
# duration and queue histograms, for the workflows the exporter's window gauges do not have:
# the runs `python -m exporters.ci_report` pushes through the Pushgateway reach the window
# panels through these (the gauges know only GitHub's history). The window is the default
# GITHUB_BUILDS_WINDOW.
BUILDS_WINDOW = f"{github.BUILDS_WINDOW_DAYS}d"
R_WINDOW_RUNS = f"product_workflow_conclusion:github_workflow_runs:increase{BUILDS_WINDOW}"
R_WINDOW_RUN_DURATION = (
    f"product_workflow_le:github_workflow_run_duration_seconds_bucket:increase{BUILDS_WINDOW}"
)
R_WINDOW_QUEUE = (
    f"product_workflow_le:github_workflow_run_queue_seconds_bucket:increase{BUILDS_WINDOW}"
)
# Successful production deployments per product and day (the hourly recording sampled hourly
# over a day): the per-day panel reads one sample per product and step instead of 24.
R_DEPLOYMENTS_1D = "product:github_deployments_success:increase1d"


def window_increase(series: str, window: str = BUILDS_WINDOW) -> str:
    """How much each counter series of ``series`` grew over ``window``, from two samples per
    series (now and ``window`` ago) where ``increase()`` would read every sample in the window
    on every evaluation. A series younger than the window counts whole; after a counter reset
    (a Pushgateway restarted without its persistence file, an exporter restart) the value since
    the reset counts, a lower bound until the window has passed the reset."""
    return f"(({series} - {series} offset {window}) >= 0 or {series})"


def dora_value(portfolio: Portfolio, metric: str, **matchers: str) -> str:
    """A product's production value of a DORA gauge."""
    env = production_regex(portfolio)
    return f"max by ({conventions.PRODUCT}) ({exporter_metric('github', metric, **matchers, environment=env)})"


def dora_level_expr(portfolio: Portfolio, key: str) -> str:
    """0 (Low) to 3 (Elite): how many of the config's level bounds the product meets."""
    _, metric, op, attr_name = next(k for k in DORA_KEYS if k[0] == key)
    bounds = getattr(portfolio.dora.levels, attr_name)
    value = dora_value(portfolio, metric)
    return "\n+ ".join(f"({value} {op} bool {bounds[level]:.12g})" for level in LEVEL_ORDER)


def dora_level_record(key: str) -> str:
    return conventions.R_DORA_LEVEL.format(key=key)


def recordings(portfolio: Portfolio) -> tuple[Recording, ...]:
    if "github" not in portfolio.sources_in_use():
        return ()
    env = production_regex(portfolio)
    rules = [
        Recording(
            conventions.R_DEPLOYMENTS_1H,
            f"sum by ({conventions.PRODUCT}) (increase("
            f"{exporter_metric('github', 'github_deployments_total', environment=env, status='success')}[1h]))",
            (conventions.PRODUCT,),
        )
    ]
    rules.append(
        Recording(
            R_DEPLOYMENTS_1D,
            f"sum_over_time({conventions.R_DEPLOYMENTS_1H}[1d:1h])",
            (conventions.PRODUCT,),
        )
    )
    for record, metric, labels in (
        (R_RUNS_RATE, "github_workflow_runs_total", ("workflow", "conclusion")),
        (R_RUN_DURATION_RATE, "github_workflow_run_duration_seconds_bucket", ("workflow", "le")),
        (
            R_JOB_DURATION_RATE,
            "github_workflow_job_duration_seconds_bucket",
            ("workflow", "job_name", "le"),
        ),
    ):
        rules.append(
            Recording(
                record,
                f"sum by ({', '.join(labels)}) (rate({exporter_metric('github', metric)}[15m]))",
                labels,
            )
        )
    # Builds over the window, only for the workflows the exporter's window gauges do not have
    # (a workflow is read from one source, so one reported both ways is not counted twice, and
    # at scale, where every workflow runs on GitHub Actions, these record nothing).
    product = conventions.PRODUCT
    known = exporter_metric("github", "github_workflow_window_runs")
    for record, metric, labels, keep in (
        # runs by conclusion; a conclusion without runs in the window is no series (as the
        # exporter's github_workflow_window_runs)
        (R_WINDOW_RUNS, "github_workflow_runs_total", (product, "workflow", "conclusion"), " > 0"),
        (
            R_WINDOW_RUN_DURATION,
            "github_workflow_run_duration_seconds_bucket",
            (product, "workflow", "le"),
            "",
        ),
        (
            R_WINDOW_QUEUE,
            "github_workflow_run_queue_seconds_bucket",
            (product, "workflow", "le"),
            "",
        ),
    ):
        grew = window_increase(exporter_metric("github", metric))
        rules.append(
            Recording(
                record,
                f"(sum by ({', '.join(labels)}) ({grew}){keep})\n"
                f"unless on ({product}, workflow) {known}",
                labels,
            )
        )
    rules += [
        Recording(dora_level_record(key), dora_level_expr(portfolio, key), (conventions.PRODUCT,))
        for key, *_ in DORA_KEYS
    ]
    rules += [
        Recording(dora_level_record(old), dora_level_expr(portfolio, new), (conventions.PRODUCT,))
        for old, new in DEPRECATED_LEVEL_KEYS.items()
    ]
    # The overall level is the worst of the four; computed from the raw gauges rather than
    # from the rules above so it does not lag them (and backfills in one pass).
    union = "\nor\n".join(
        f'label_replace(\n{dora_level_expr(portfolio, key)},\n"key", "{key}", "", "")'
        for key, *_ in DORA_KEYS
    )
    rules.append(
        Recording(
            conventions.R_DORA_LEVEL_OVERALL,
            f"min by ({conventions.PRODUCT}) (\n{union}\n)",
            (conventions.PRODUCT,),
        )
    )
    return tuple(rules)


def rule_file(portfolio: Portfolio) -> dict[str, Any]:
    """``alert_rules/dashboards.rules.yml``."""
    rules = []
    for r in recordings(portfolio):
        rules.append({"record": r.record, "expr": r.expr})
    return {"groups": [{"name": conventions.GROUP_DASHBOARDS, "rules": rules}]}


def recorded_metrics(portfolio: Portfolio) -> dict[str, Metric]:
    return {
        r.record: Metric(r.record, "gauge", f"Recorded: {r.expr}", r.labels, "", "rules")
        for r in recordings(portfolio)
    }


def expressions(portfolio: Portfolio) -> list[tuple[str, str]]:
    return [
        (f"{conventions.DASHBOARD_RULES_FILE}: record {r.record}", r.expr)
        for r in recordings(portfolio)
    ]
