"""The PromQL lint catches syntax errors, unknown metrics and unknown labels."""

from __future__ import annotations

import pytest

from generators import rules
from generators.checks import lint_index
from generators.checks.promql_lint import lint_all, lint_expr
from portfolio import catalog, sources


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("sum(rate(probe_success[5m])", "does not parse"),
        ("rate(nginx_http_requests_total[5m])", "unknown metric 'nginx_http_requests_total'"),
        ('probe_success{sha="abc"}', "metric 'probe_success' has no label 'sha'"),
        ('github_deployment_lead_time_seconds_bucket{commit="x"}', "has no label 'commit'"),
        ('{__name__=~"probe_.*"}', "selector without a metric name"),
        ("product:made_up:ratio > 1", "unknown metric 'product:made_up:ratio'"),
    ],
    ids=[
        "a syntax error",
        "an unknown metric",
        "an unknown label",
        "an unknown histogram label",
        "a selector without a name",
        "an unrecorded series",
    ],
)
def test_lint_rejects(expr: str, message: str) -> None:
    findings = lint_expr(expr, "test")
    assert findings and message in findings[0].message


@pytest.mark.parametrize(
    "expr",
    [
        'histogram_quantile(0.95, sum by (le, product) (rate(github_workflow_run_duration_seconds_bucket{job="github-exporter"}[5m])))',
        'up{job="blackbox", instance="x"} == 0',
        'probe_success{product="a", environment="production", endpoint="web", team="t"}',
        'ALERTS{alertstate="firing", severity="critical"}',
        'prometheus_target_interval_length_seconds{quantile="0.99"}',
    ],
)
def test_lint_accepts_catalog_metrics(expr: str) -> None:
    assert lint_expr(expr, "test") == []


def test_every_generated_rule_expression_passes_the_lint(example_portfolio) -> None:  # type: ignore[no-untyped-def]
    findings = lint_all(
        rules.expressions(example_portfolio), lint_index.recorded_metrics(example_portfolio)
    )
    assert findings == []


def test_our_metric_names_follow_the_prometheus_guide() -> None:
    names = [m.name for m in catalog.ALL]
    assert len(names) == len(set(names)), "a metric is declared twice"
    ours = [m for m in catalog.ALL if m.source in sources.NAMES]
    for metric in ours:
        assert metric.name == metric.name.lower(), metric.name
        assert metric.help.strip(), metric.name
        assert (metric.type == "counter") == metric.name.endswith("_total"), metric.name
        if metric.unit == "seconds":
            assert "_seconds" in metric.name, metric.name
        for label in metric.labels:
            assert label not in {"sha", "commit", "user", "run_id", "url", "user_id"}, metric.name


def test_every_exporter_publishes_the_self_metrics() -> None:
    for source in sources.NAMES:
        names = {m.name for m in catalog.exporter_metrics(source)}
        for suffix in (
            "_up",
            "_last_success_timestamp_seconds",
            "_data_age_seconds",
            "_refresh_duration_seconds",
            "_upstream_requests_total",
            "_rate_limit_remaining",
            "_rate_limit_reset_timestamp_seconds",
        ):
            assert f"{source}{suffix}" in names
