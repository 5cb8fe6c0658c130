"""The generated files use no field newer than Prometheus 2.42 / Alertmanager 0.25 and nothing
Prometheus 3.x dropped (generators/checks/compat.py, docs/compatibility.md); bucket matchers
match a bound however it is spelled."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from generators import pipeline
from generators.checks import compat, lint_index
from portfolio.config.loader import load_config
from tests.support.binaries import require

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {
    "example": ROOT / "portfolio.yaml",
    "golden": ROOT / "tests" / "fixtures" / "config" / "golden.yaml",
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_generated_files_use_no_field_newer_than_the_debian_versions(name: str) -> None:
    outputs = pipeline.build_all(load_config(CONFIGS[name]))
    assert compat.problems(outputs) == []


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_every_bucket_matcher_matches_both_spellings(name: str) -> None:
    assert compat.le_problems(lint_index.expressions(load_config(CONFIGS[name]))) == []


@pytest.mark.parametrize(
    ("rel", "document", "expected"),
    [
        (
            "alert_rules/slo.rules.yml",
            {"groups": [{"name": "g", "query_offset": "1m", "rules": []}]},
            "alert_rules/slo.rules.yml: groups.0.query_offset: Prometheus accepts it from 2.53",
        ),
        (
            "alert_rules/products/api.rules.yml",
            {"groups": [{"name": "g", "labels": {"team": "x"}, "rules": []}]},
            "alert_rules/products/api.rules.yml: groups.0.labels: Prometheus accepts it from 3.0",
        ),
        (
            "alert_rules/tests/api.test.yml",
            {"fuzzy_compare": True, "tests": []},
            "alert_rules/tests/api.test.yml: fuzzy_compare: promtool accepts it from 3.5",
        ),
        (
            "stack/alertmanager/alertmanager.yml",
            {"receivers": [{"name": "bridge", "webhook_configs": [{"url_file": "/s/url"}]}]},
            "stack/alertmanager/alertmanager.yml: receivers.0.webhook_configs.0.url_file: "
            "Alertmanager accepts it from 0.26",
        ),
        (
            "stack/alertmanager/alertmanager.yml",
            {"inhibit_rules": [{"name": "page over ticket", "equal": ["product"]}]},
            "stack/alertmanager/alertmanager.yml: inhibit_rules.0.name: Alertmanager accepts it",
        ),
        (
            "stack/prometheus/prometheus.yml",
            {"global": {"rule_query_offset": "30s"}},
            "stack/prometheus/prometheus.yml: global.rule_query_offset: Prometheus accepts it "
            "from 2.53",
        ),
    ],
    ids=[
        "a rule group query_offset is newer than 2.42",
        "rule group labels are newer than 2.42",
        "promtool fuzzy_compare is newer than 2.42",
        "a webhook url_file is newer than Alertmanager 0.25",
        "a named inhibit rule is newer than Alertmanager 0.25",
        "a global rule_query_offset is newer than 2.42",
    ],
)
def test_a_newer_field_is_reported_with_its_path(
    rel: str, document: dict[str, object], expected: str
) -> None:
    (problem,) = compat.problems({rel: yaml.safe_dump(document)})
    assert problem.startswith(expected)


def test_a_flag_prometheus_3_removed_is_reported() -> None:
    compose = "command:\n- --storage.tsdb.retention=15d\n- --storage.tsdb.retention.time=5w\n"
    # Only the first flag is gone in 3.x; its .time successor is fine.
    assert compat.problems({"docker-compose.yml": compose}) == [
        "docker-compose.yml: uses the --storage.tsdb.retention= flag, which Prometheus 3.x rejects"
    ]


@pytest.mark.parametrize(
    ("bound", "forms", "matcher"),
    [
        (1.0, ("1", "1.0"), r'le=~"1|1\\.0"'),
        (30.0, ("30", "30.0"), r'le=~"30|30\\.0"'),
        (0.25, ("0.25",), 'le="0.25"'),
        (float("inf"), ("+Inf",), 'le="+Inf"'),
    ],
    ids=["1 as 1 or 1.0", "30 as 30 or 30.0", "0.25 one spelling", "+Inf one spelling"],
)
def test_le_matcher_spells_whole_bounds_both_ways(
    bound: float, forms: tuple[str, ...], matcher: str
) -> None:
    assert compat.le_forms(bound) == forms
    assert compat.le_matcher(bound) == matcher


def test_an_exact_whole_number_le_matcher_is_reported() -> None:
    problems = compat.le_problems(
        [("rule x", 'rate(h_bucket{le="1"}[5m]) + rate(h_bucket{le="0.5"}[5m])')]
    )
    assert problems == [r'rule x: le="1" matches one spelling of the bound only; use le=~"1|1\\.0"']


@pytest.mark.integration
def test_le_matcher_selects_both_spellings_in_prometheus(tmp_path: Path) -> None:
    """The real PromQL engine: buckets spelled ``le="1"`` (Go client, 2.x) and ``le="1.0"``
    (3.x normalised, Python client) are both selected; 0.5 is not. 3 + 4 = 7."""
    selector = f"sum(h_bucket{{{compat.le_matcher(1.0)}}})"
    (tmp_path / "empty.rules.yml").write_text("groups: []\n")
    (tmp_path / "le.test.yml").write_text(
        yaml.safe_dump(
            {
                "rule_files": ["empty.rules.yml"],
                "evaluation_interval": "1m",
                "tests": [
                    {
                        "interval": "1m",
                        "input_series": [
                            {"series": 'h_bucket{le="1"}', "values": "3"},
                            {"series": 'h_bucket{le="1.0",instance="b"}', "values": "4"},
                            {"series": 'h_bucket{le="0.5"}', "values": "100"},
                        ],
                        "promql_expr_test": [
                            {"expr": selector, "eval_time": "0s", "exp_samples": [{"value": 7}]}
                        ],
                    }
                ],
            }
        )
    )
    proc = subprocess.run(
        [require("promtool"), "test", "rules", "le.test.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
