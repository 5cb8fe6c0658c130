"""What a product's ``services`` turn into: scrape jobs, the stack's node_exporter, rules and
their promtool tests, from config alone."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from generators import rules as rules_stage
from generators.output.render import to_yaml
from generators.rule_tests import services as rule_tests
from generators.rules import services as rules
from generators.stack import compose, prometheus
from portfolio import services as svc
from portfolio.config.loader import parse_config
from portfolio.config.model import Portfolio
from stack_runner import supervisor
from tests.support import binaries

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = (ROOT / "tests" / "fixtures" / "config" / "valid-minimal.yaml").read_text()
SERVICES = """\
    environments: [production, staging]
    services:
      - name: api
        convention: prometheus
        targets: ["api-1.internal:8000", "api-2.internal:8000"]
        node_exporter: ["node-exporter:9100", "api-2.internal:9100"]
      - name: api
        environment: staging
        convention: prometheus
        metrics_path: /internal/metrics
        targets: ["api-staging.internal:8000"]
      - name: worker
        convention: opentelemetry
        scheme: https
        targets: ["worker.internal:9464"]
"""


def _portfolio(services: str = SERVICES) -> Portfolio:
    return parse_config(MINIMAL + services)


def _jobs(portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    return {job["job_name"]: job for job in prometheus.config(portfolio)["scrape_configs"]}


def test_a_job_per_convention_and_shape_with_the_target_labels() -> None:
    jobs = _jobs(_portfolio())
    first, second = jobs["app-prometheus"], jobs["app-prometheus-2"]
    assert first["static_configs"] == [
        {
            "targets": ["api-1.internal:8000", "api-2.internal:8000"],
            "labels": {
                "product": "shop",
                "environment": "production",
                "team": "ops",
                "service": "api",
            },
        }
    ]
    assert (first["metrics_path"], first["scheme"]) == ("/metrics", "http")
    # Another metrics path needs its own job; it keeps the name the rules select by.
    assert second["metrics_path"] == "/internal/metrics"
    assert second["relabel_configs"] == [{"target_label": "job", "replacement": "app-prometheus"}]
    assert second["static_configs"][0]["labels"]["environment"] == "staging"
    assert jobs["app-opentelemetry"]["scheme"] == "https"
    assert "metric_relabel_configs" not in jobs["app-opentelemetry"]


def test_the_prometheus_jobs_copy_a_status_label_into_code() -> None:
    relabel = _jobs(_portfolio())["app-prometheus"]["metric_relabel_configs"]
    assert relabel == [
        {
            "source_labels": ["__name__", "code", "status"],
            "regex": "http_request(s_total|_duration_seconds_(bucket|sum|count));;(.+)",
            "target_label": "code",
            "replacement": "$3",
        }
    ]


def test_the_node_job_scrapes_the_hosts_and_the_stack_node_exporter_where_make_stack_moves_it() -> (
    None
):
    portfolio = _portfolio()
    assert portfolio.stack.addresses[svc.NODE_COMPONENT] == "node-exporter:9100"
    node = _jobs(portfolio)["node"]
    assert node["static_configs"][0]["targets"] == ["node-exporter:9100", "api-2.internal:9100"]
    moved = dict(portfolio.stack.addresses, node_exporter="127.0.0.1:19100")
    local = dataclasses.replace(
        portfolio, stack=dataclasses.replace(portfolio.stack, addresses=MappingProxyType(moved))
    )
    assert _jobs(local)["node"]["static_configs"][0]["targets"] == [
        "127.0.0.1:19100",
        "api-2.internal:9100",
    ]
    assert supervisor.BINARIES[svc.NODE_COMPONENT].package == "prometheus-node-exporter"
    assert supervisor.compose_job(svc.NODE_COMPONENT) == "node"


def test_compose_runs_the_stack_node_exporter_hardened_and_pinned() -> None:
    document = compose.build(_portfolio())
    service = document["services"]["node-exporter"]
    assert service["image"] == "prom/node-exporter:v1.10.2"
    assert service["command"] == ["--path.rootfs=/host", "--web.listen-address=:9100"]
    assert service["ports"] == ["127.0.0.1:9100:9100"]
    assert (service["user"], service["read_only"], service["cap_drop"]) == (
        "65534:65534",
        True,
        ["ALL"],
    )


def test_without_services_nothing_changes() -> None:
    portfolio = parse_config(MINIMAL)
    assert not [j for j in _jobs(portfolio) if j.startswith("app-") or j == "node"]
    assert svc.NODE_COMPONENT not in portfolio.stack.addresses
    assert svc.RULES_FILE not in rules_stage.build(portfolio)
    assert rule_tests.build(portfolio) == {}


def test_every_services_alert_and_severity_has_a_firing_test() -> None:
    portfolio = _portfolio()
    (document,) = rule_tests.build(portfolio).values()
    tested = {
        (case["alertname"], alert["exp_labels"]["severity"], alert["exp_labels"]["service"])
        for group in document["tests"]
        for case in group["alert_rule_test"]
        for alert in case["exp_alerts"]
    }
    declared = {(a.name, a.severity) for a in rules.alerts(portfolio)}
    for service in ("api", "worker"):
        assert {(n, s) for n, s, x in tested if x == service} == declared


@pytest.mark.integration
@pytest.mark.parametrize(
    ("old", "new", "fails"),
    [
        ("vector(0.01)", "vector(0.02)", "error burst 1.50% over 1.00% pages"),
        ("vector(0.5)", "vector(2)", "p95 of 0.975s over 0.5s warns"),
    ],
    ids=["a raised error-rate threshold", "a raised response-time threshold"],
)
def test_the_services_rule_tests_fail_when_a_threshold_changes(
    old: str, new: str, fails: str, tmp_path: Path
) -> None:
    promtool = binaries.require("promtool")
    portfolio = _portfolio()
    outputs = dict(rules_stage.build(portfolio))
    for name, document in rule_tests.build(portfolio).items():
        outputs[f"alert_rules/tests/{name}"] = to_yaml(document, portfolio.source)
    for rel, text in outputs.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    tests = tmp_path / "alert_rules" / "tests"
    passed = subprocess.run([promtool, "test", "rules", "shop.services.test.yml"], cwd=tests)
    assert passed.returncode == 0
    thresholds = tmp_path / "alert_rules" / "products" / "shop.rules.yml"
    text = thresholds.read_text()
    assert old in text
    thresholds.write_text(text.replace(old, new))
    failed = subprocess.run(
        [promtool, "test", "rules", "shop.services.test.yml"],
        cwd=tests,
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1
    assert fails in failed.stdout + failed.stderr


def test_the_recordings_keep_only_bounded_labels() -> None:
    """Recordings aggregate to product, environment, team and service (plus le for the
    buckets and instance for the hosts): the services' route, method and status labels never
    reach a recorded series, whatever the services expose."""
    allowed = {*svc.TARGET_LABELS, "le", "instance"}
    recordings = rules.recordings(_portfolio())
    assert {r.record for r in recordings} >= {svc.R_REQUESTS, svc.R_ERROR_RATIO, svc.R_CPU_BUSY}
    for rule in recordings:
        assert set(rule.labels) <= allowed, rule.record
        for group in re.findall(r"by \(([^)]*)\)", rule.expr):
            assert {label.strip() for label in group.split(",")} <= allowed, rule.expr
        if "rate(http" in rule.expr:  # raw service series are always aggregated
            assert rule.expr.count("rate(http") == rule.expr.count("sum by ("), rule.expr
