"""The generated rules load in the real promtool and their generated unit tests pass.

Also proves the unit tests have teeth: a rule file whose threshold is changed fails them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generators import pipeline, rule_tests
from generators.checks import runner as checks
from portfolio.config.loader import load_config
from tests.support.binaries import require

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {
    "example": ROOT / "portfolio.yaml",
    "golden": ROOT / "tests" / "fixtures" / "config" / "golden.yaml",
    "minimal": ROOT / "tests" / "fixtures" / "config" / "valid-minimal.yaml",
}


def write_outputs(config: Path, out: Path) -> dict[str, str]:
    outputs = pipeline.build_all(load_config(config))
    for rel, text in outputs.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return outputs


def promtool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [require("promtool"), *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_rules_pass_promtool_check_with_lint_fatal(name: str, tmp_path: Path) -> None:
    outputs = write_outputs(CONFIGS[name], tmp_path)
    rule_files = sorted(p for p in outputs if p.endswith(".rules.yml"))
    proc = promtool("check", "rules", "--lint-fatal", *rule_files, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_generated_rule_tests_pass(name: str, tmp_path: Path) -> None:
    outputs = write_outputs(CONFIGS[name], tmp_path)
    tests = sorted(p for p in outputs if p.endswith(".test.yml"))
    assert tests, "every config gets rule tests"
    assert any(t.endswith(".slo.test.yml") for t in tests), "SLO burn-rate tests are generated"
    require("promtool")
    assert checks.run_tools(list(rule_tests.tool_checks(tmp_path)), tmp_path) == []


def test_rule_tests_cover_every_alert_and_severity(tmp_path: Path) -> None:
    import yaml

    from generators.rules import products as rules
    from generators.rules import slo

    portfolio = load_config(CONFIGS["example"])
    outputs = pipeline.build_all(portfolio)
    tested: set[tuple[str, str]] = set()
    for rel, text in outputs.items():
        if not rel.endswith(".test.yml"):
            continue
        for group in yaml.safe_load(text)["tests"]:
            for case in group.get("alert_rule_test", []):  # some test only PromQL
                for alert in case["exp_alerts"]:
                    tested.add((case["alertname"], alert["exp_labels"]["severity"]))
    declared = {
        (a.name, a.severity) for a in (*rules.all_alerts(portfolio), *slo.alerts(portfolio))
    }
    assert declared <= tested, f"alerts without a firing test: {sorted(declared - tested)}"


def _lower_uptime(text: str) -> str:
    assert "expr: vector(0.995)" in text
    return text.replace("expr: vector(0.995)", "expr: vector(0.9)")


def _drop_latency(text: str) -> str:
    start = text.index("  - record: product:threshold_response_time:seconds")
    end = text.index("  - record: product:portfolio_product:info")
    return text[:start] + text[end:]


@pytest.mark.parametrize(
    "mutate",
    [_lower_uptime, _drop_latency],
    ids=["a lowered uptime threshold", "a removed latency threshold"],
)
def test_rule_tests_fail_when_a_threshold_series_changes(mutate, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_outputs(CONFIGS["example"], tmp_path)
    rules_file = tmp_path / "alert_rules" / "products" / "driftguard.rules.yml"
    rules_file.write_text(mutate(rules_file.read_text()))
    proc = promtool("test", "rules", "alert_rules/tests/driftguard.test.yml", cwd=tmp_path)
    assert proc.returncode != 0, "the rule tests did not notice a changed threshold"
    assert "FAILED" in proc.stdout + proc.stderr


def test_example_prometheus_config_passes_promtool(tmp_path: Path) -> None:
    write_outputs(CONFIGS["example"], tmp_path)
    proc = promtool("check", "config", "stack/prometheus/prometheus.yml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SUCCESS" in proc.stdout + proc.stderr
    shutil.rmtree(tmp_path / "alert_rules")
    missing = promtool("check", "config", "stack/prometheus/prometheus.yml", cwd=tmp_path)
    # Without rule files the globs match nothing; the config itself still loads.
    assert missing.returncode == 0
