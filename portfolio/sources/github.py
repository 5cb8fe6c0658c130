"""GitHub: DORA four keys from deployments and incidents, and GitHub Actions builds."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from portfolio import conventions
from portfolio.fields import Identifier, Repo, Strict
from portfolio.metric import Metric, self_metrics
from portfolio.sources.descriptor import DataSource, SourceContext


class GithubSourceSpec(Strict):
    repos: list[Repo] = Field(min_length=1)
    production_environment: Identifier | None = None


@dataclass(frozen=True)
class GithubSource:
    repos: tuple[str, ...]
    production_environment: str  # the deployment environment that counts as production


def _settings(section: GithubSourceSpec, context: SourceContext) -> GithubSource:
    return GithubSource(
        repos=tuple(section.repos),
        production_environment=section.production_environment or context.production_environment,
    )


PRODUCT, ENVIRONMENT = conventions.PRODUCT, conventions.ENVIRONMENT
# DORA bucket boundaries in seconds: 1h, 1d, 1w, 30d are the level bounds of the default
# config, so the share of changes under each level's bound is a ratio of two buckets.
DORA_DURATION_BUCKETS = (
    300.0,
    900.0,
    1800.0,
    3600.0,
    14400.0,
    43200.0,
    86400.0,
    259200.0,
    604800.0,
    1209600.0,
    2592000.0,
    7776000.0,
)
BUILD_DURATION_BUCKETS = (30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1200.0, 1800.0, 3600.0, 7200.0)
QUEUE_BUCKETS = (1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
# The default of GITHUB_BUILDS_WINDOW (the github_workflow_window_* gauges), and the window of
# the builds recordings that give runs pushed by `python -m exporters.ci_report` the same
# over-the-window figures (generators/rules/dashboards.py).
BUILDS_WINDOW_DAYS = 7

# GitHub exporter. Counters and histograms count events the exporter saw happen while it ran
# (history goes to the windowed gauges and to `python -m exporters.github backfill`); the
# windowed gauges are recomputed from upstream history on every refresh, so dashboards have
# values from the first scrape. The Actions job label is `job_name`: a `job` label would clash
# with Prometheus' own target label and be renamed `exported_job`. The four workflow counters and
# histograms are also pushed by `python -m exporters.ci_report` (builds outside GitHub Actions,
# through a Pushgateway, cumulative per group), so changing their labels changes that too.
WINDOW = "window"  # label of the windowed gauges
RECOVERY_SOURCE = "source"  # where a recovery time came from (exporters/github/ledger.py)
METRICS: tuple[Metric, ...] = (
    *self_metrics("github"),
    Metric(
        "github_deployments_total",
        "counter",
        "Production deployments that reached a final status, by status (success, failure, error).",
        (PRODUCT, ENVIRONMENT, "status"),
        "",
        "github",
    ),
    Metric(
        "github_deployment_lead_time_seconds",
        "histogram",
        "Lead time for changes: first commit of a change to its successful deployment.",
        (PRODUCT, ENVIRONMENT),
        "seconds",
        "github",
        DORA_DURATION_BUCKETS,
    ),
    Metric(
        "github_change_failures_total",
        "counter",
        "Deployments followed by a failure (failed status, rollback or incident).",
        (PRODUCT, ENVIRONMENT),
        "",
        "github",
    ),
    Metric(
        "github_deployment_reworks_total",
        "counter",
        "Rework deployments: unplanned production deployments made because of an incident "
        "(a rollback, one made while an incident was open, or a fix forward soon after a failed "
        "deployment).",
        (PRODUCT, ENVIRONMENT),
        "",
        "github",
    ),
    Metric(
        "github_failed_deployment_recovery_seconds",
        "histogram",
        "Failed deployment recovery time, one per failure episode: first failure signal to last "
        "recovery signal, by source (deployment, incident, deployment_and_incident).",
        (PRODUCT, ENVIRONMENT, RECOVERY_SOURCE),
        "seconds",
        "github",
        DORA_DURATION_BUCKETS,
    ),
    Metric(
        "github_time_to_restore_seconds",
        "histogram",
        "Deprecated (removed in the next release): github_failed_deployment_recovery_seconds "
        "summed over source.",
        (PRODUCT, ENVIRONMENT),
        "seconds",
        "github",
        DORA_DURATION_BUCKETS,
    ),
    Metric(
        "github_lead_time_unmeasured_deployments",
        "gauge",
        "Successful deployments in the history left out of lead time because no earlier "
        "successful deployment of their repository is known (their change is unknown).",
        (PRODUCT, ENVIRONMENT),
        "",
        "github",
    ),
    Metric(
        "github_incidents_open",
        "gauge",
        "Open incident issues (issues with the configured incident label; in a repository "
        "several products list, those labelled product:<id>).",
        (PRODUCT,),
        "",
        "github",
    ),
    Metric(
        "github_dora_deployments",
        "gauge",
        "Successful production deployments in the window, from upstream history.",
        (PRODUCT, ENVIRONMENT, WINDOW),
        "",
        "github",
    ),
    Metric(
        "github_dora_deployment_frequency_per_day",
        "gauge",
        "Successful production deployments per day over the window.",
        (PRODUCT, ENVIRONMENT, WINDOW),
        "",
        "github",
    ),
    Metric(
        "github_dora_lead_time_seconds",
        "gauge",
        "Median lead time for changes of the deployments in the window.",
        (PRODUCT, ENVIRONMENT, WINDOW),
        "seconds",
        "github",
    ),
    Metric(
        "github_dora_lead_time_p90_seconds",
        "gauge",
        "90th percentile lead time for changes of the deployments in the window (linear "
        "interpolation between ranks).",
        (PRODUCT, ENVIRONMENT, WINDOW),
        "seconds",
        "github",
    ),
    Metric(
        "github_dora_change_failure_ratio",
        "gauge",
        "Change failure rate of the deployments in the window.",
        (PRODUCT, ENVIRONMENT, WINDOW),
        "ratio",
        "github",
    ),
    Metric(
        "github_dora_failed_deployment_recovery_seconds",
        "gauge",
        "Median failed deployment recovery time of the failure episodes that recovered in the "
        "window (one value per episode, every source).",
        (PRODUCT, ENVIRONMENT, WINDOW),
        "seconds",
        "github",
    ),
    Metric(
        "github_dora_deployment_rework_ratio",
        "gauge",
        "Deployment rework rate: share of the finished production deployments in the window "
        "that were rework.",
        (PRODUCT, ENVIRONMENT, WINDOW),
        "ratio",
        "github",
    ),
    Metric(
        "github_dora_time_to_restore_seconds",
        "gauge",
        "Deprecated (removed in the next release): github_dora_failed_deployment_recovery_seconds.",
        (PRODUCT, ENVIRONMENT, WINDOW),
        "seconds",
        "github",
    ),
    Metric(
        "github_workflow_runs_total",
        "counter",
        "Completed workflow runs, by conclusion and branch class (default, other).",
        (PRODUCT, "workflow", "conclusion", "branch_class"),
        "",
        "github",
    ),
    Metric(
        "github_workflow_run_duration_seconds",
        "histogram",
        "Duration of completed workflow runs (run start to last job completed).",
        (PRODUCT, "workflow", "conclusion"),
        "seconds",
        "github",
        BUILD_DURATION_BUCKETS,
    ),
    Metric(
        "github_workflow_run_queue_seconds",
        "histogram",
        "Time a run waited before its first job started.",
        (PRODUCT, "workflow"),
        "seconds",
        "github",
        QUEUE_BUCKETS,
    ),
    Metric(
        "github_workflow_job_duration_seconds",
        "histogram",
        "Duration of completed jobs, by job name.",
        (PRODUCT, "workflow", "job_name", "conclusion"),
        "seconds",
        "github",
        BUILD_DURATION_BUCKETS,
    ),
    Metric(
        "github_workflow_runs_in_progress",
        "gauge",
        "Workflow runs queued or in progress.",
        (PRODUCT, "workflow", "status"),
        "",
        "github",
    ),
    Metric(
        "github_workflow_window_runs",
        "gauge",
        "Completed workflow runs that finished in the window, by conclusion, from upstream "
        "history (a re-run counts once, as its latest attempt).",
        (PRODUCT, "workflow", "conclusion", WINDOW),
        "",
        "github",
    ),
    Metric(
        "github_workflow_window_success_ratio",
        "gauge",
        "Share of the workflow's runs finished in the window (cancelled ones excluded) that "
        "succeeded.",
        (PRODUCT, "workflow", WINDOW),
        "ratio",
        "github",
    ),
    Metric(
        "github_workflow_window_duration_seconds",
        "gauge",
        "Run duration (run start to last update) of the runs finished in the window, at each "
        "quantile (0.5, 0.95; linear interpolation between ranks).",
        (PRODUCT, "workflow", "quantile", WINDOW),
        "seconds",
        "github",
    ),
    Metric(
        "github_workflow_window_queue_seconds",
        "gauge",
        "Queue time (run start to first job start) of the runs finished in the window whose jobs "
        "were read, at each quantile (0.5, 0.95).",
        (PRODUCT, "workflow", "quantile", WINDOW),
        "seconds",
        "github",
    ),
    Metric(
        "github_webhook_deliveries_total",
        "counter",
        "Webhook deliveries received, by event and result (applied, duplicate, ignored, invalid, rejected).",
        ("event", "result"),
        "",
        "github",
    ),
)

SOURCE: DataSource[GithubSource] = DataSource(
    name="github",
    title="GitHub",
    section=GithubSourceSpec,
    settings=_settings,
    env_prefix="GITHUB_",
    secrets=("token",),
    default_port=9101,
    metrics=METRICS,
    exporter="exporters.github",
    docs="docs/exporters/github.md",
)
