"""Dashboards without binaries: structure Grafana needs, golden files, determinism, the house
style's validation, O(1) files in products, and a product added appearing everywhere.

Golden files: ``tests/dashboards/golden/`` from ``tests/fixtures/config/golden.yaml``; rewrite
after an intended change with ``make golden`` (or ``python -m tests.dashboards.update_golden``).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generators import dashboards, pipeline
from generators.checks import lint_index, promql_lint, structure
from generators.dashboards import style
from generators.dashboards.style import Query
from generators.errors import BuildError
from portfolio import conventions
from portfolio.config.model import Portfolio
from tests.dashboards.scaled import scaled_portfolio

EXPECTED = list(conventions.DASHBOARD_UIDS)
CURRENT_TYPES = {
    "timeseries",
    "stat",
    "gauge",
    "bargauge",
    "heatmap",
    "table",
    "state-timeline",
    "text",
    "row",
}


@pytest.fixture(scope="module")
def docs(example_portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    return dashboards.documents(example_portfolio)


def test_make_generate_writes_the_eight_dashboards(example_portfolio: Portfolio) -> None:
    outputs = pipeline.build_all(example_portfolio)
    written = sorted(rel for rel in outputs if rel.startswith("dashboards/"))
    assert written == sorted(dashboards.path(key) for key in EXPECTED)


def test_every_dashboard_passes_the_structural_checks(example_portfolio: Portfolio) -> None:
    assert structure.problems_all(example_portfolio) == []


def test_every_panel_query_passes_the_catalog_lint(example_portfolio: Portfolio) -> None:
    recorded = lint_index.recorded_metrics(example_portfolio)
    findings = promql_lint.lint_all(dashboards.expressions(example_portfolio), recorded)
    assert [str(finding) for finding in findings] == []


def test_only_current_panel_types_are_used(docs: dict[str, dict[str, Any]]) -> None:
    used = {panel["type"] for doc in docs.values() for panel in style.panels_of(doc)}
    assert used <= CURRENT_TYPES, used - CURRENT_TYPES


def test_dashboards_use_a_current_schema_version_and_30s_refresh(
    docs: dict[str, dict[str, Any]],
) -> None:
    for doc in docs.values():
        assert doc["schemaVersion"] == style.SCHEMA_VERSION
        assert doc["refresh"] == "30s"
        assert doc["editable"] is False
        assert {conventions.DASHBOARD_TAG, "generated"} <= set(doc["tags"])


def test_uids_are_the_reserved_ones_that_alerts_link_to(docs: dict[str, dict[str, Any]]) -> None:
    assert sorted(doc["uid"] for doc in docs.values()) == sorted(
        conventions.DASHBOARD_UIDS[key] for key in EXPECTED
    )
    alert_links = yaml.safe_load(
        pipeline.build_all(_portfolio_from_docs())["alert_rules/portfolio.rules.yml"].split(
            "\n", 1
        )[1]
    )
    urls = {
        rule["annotations"]["dashboard_url"].split("/d/")[1].split("?")[0]
        for group in alert_links["groups"]
        for rule in group["rules"]
        if "alert" in rule
    }
    assert urls <= set(conventions.DASHBOARD_UIDS.values())


def _portfolio_from_docs() -> Portfolio:
    from portfolio.config.loader import load_config
    from tests.conftest import EXAMPLE

    return load_config(EXAMPLE)


def test_overview_links_to_product_and_product_to_its_alerts(
    docs: dict[str, dict[str, Any]],
) -> None:
    text = {path: json.dumps(doc) for path, doc in docs.items()}
    overview = text[dashboards.path("overview")]
    product = text[dashboards.path("product")]
    assert f"/d/{conventions.DASHBOARD_UIDS['product']}?" in overview
    assert "var-product=${__field.labels.product}" in overview
    assert f"/d/{conventions.DASHBOARD_UIDS['slo']}" in product


def test_every_panel_has_a_description_a_unit_and_thresholds(
    docs: dict[str, dict[str, Any]],
) -> None:
    for doc in docs.values():
        for panel in style.panels_of(doc):
            if panel["type"] in ("row", "text"):
                continue
            defaults = panel["fieldConfig"]["defaults"]
            assert panel["description"], panel["title"]
            assert defaults["unit"] in style.UNITS, panel["title"]
            assert defaults["thresholds"]["steps"][0]["value"] is None, panel["title"]


def test_output_is_deterministic(example_portfolio: Portfolio) -> None:
    first = dashboards.build(example_portfolio)
    second = dashboards.build(example_portfolio)
    assert first == second


def test_number_of_files_does_not_grow_with_products() -> None:
    small = dashboards.documents(scaled_portfolio(10))
    large = dashboards.documents(scaled_portfolio(200))
    assert sorted(small) == sorted(large)


def test_a_product_added_to_the_config_appears_on_every_relevant_dashboard(
    example_portfolio: Portfolio,
) -> None:
    """Dashboards select products by variable, so a new product needs no edit: its thresholds
    and info series come from its own rule file, which the product variable queries."""
    new = dataclasses.replace(example_portfolio.products[0], id="newProduct", name="New")
    bigger = dataclasses.replace(example_portfolio, products=(*example_portfolio.products, new))
    assert dashboards.documents(bigger) == dashboards.documents(example_portfolio)
    outputs = pipeline.build_all(bigger)
    assert "newProduct" in outputs["alert_rules/products/newProduct.rules.yml"]
    assert conventions.T_INFO in outputs["alert_rules/products/newProduct.rules.yml"]


# -- house style validates when a panel is built ------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: style.stat("Up", "desc", [], unit="none"), "panel 'Up': has no query"),
        (
            lambda: style.stat("Up", " ", [Query("up")], unit="none"),
            "panel 'Up': needs a description",
        ),
        (
            lambda: style.stat("Up", "d", [Query("up")], unit="percent_typo"),
            "unknown unit 'percent_typo'",
        ),
        (lambda: style.timeseries("T", "d", [Query(" ")], unit="s"), "panel 'T': empty query"),
        (lambda: style.steps(("green", 1.0)), "must start with a base step"),
        (lambda: style.steps(("green", None), ("red", 2.0), ("orange", 1.0)), "must increase"),
    ],
    ids=[
        "a panel without a query fails",
        "a panel without a description fails",
        "an unknown unit fails",
        "an empty query fails",
        "thresholds without a base step fail",
        "decreasing thresholds fail",
    ],
)
def test_house_style_rejects_bad_panels_where_they_are_built(build: Any, message: str) -> None:
    with pytest.raises(BuildError, match=message):
        build()


def test_layout_never_overlaps_and_wraps_at_24_columns() -> None:
    panels = [
        style.stat(f"S{i}", "d", [Query("up")], unit="none", size=style.Size(7, 3))
        for i in range(9)
    ]
    spec = style.DashboardSpec("overview", "T", "d", [style.Row("r", panels)])
    doc = style.render(spec)
    assert structure.check_model(doc, conventions.DASHBOARD_UIDS["overview"]) == []
    assert max(panel["gridPos"]["x"] + panel["gridPos"]["w"] for panel in doc["panels"]) <= 24


def test_structural_check_reports_overlaps_and_unknown_variables() -> None:
    panel = style.stat("A", "d", [Query('up{job="$nope"}')], unit="none")
    doc = style.render(style.DashboardSpec("overview", "T", "d", [style.Row("r", [panel])]))
    doc["panels"].append({**doc["panels"][1], "id": 99, "title": "B"})
    problems = structure.problems_of(doc, conventions.DASHBOARD_UIDS["overview"])
    assert any("overlaps panel 'A'" in problem for problem in problems)
    assert any("undefined variables ['nope']" in problem for problem in problems)


def test_linter_rules_flag_fixed_rate_windows_and_missing_job() -> None:
    panel = style.timeseries("R", "d", [Query("rate(github_workflow_runs_total[5m])")], unit="ops")
    doc = style.render(style.DashboardSpec("overview", "T", "d", [style.Row("r", [panel])]))
    problems = structure.check_linter_rules(doc)
    assert any("should use $__rate_interval" in problem for problem in problems)
    assert any("has no job matcher" in problem for problem in problems)


def test_grafana_provisioning_would_load_every_file(
    repo_root: Path, example_portfolio: Portfolio
) -> None:
    """What Grafana's file provider does: the provider points at the folder the compose file
    mounts dashboards/ to, and every *.json there parses to a dashboard with a unique uid and
    title (Grafana refuses duplicates in one folder)."""
    provider = yaml.safe_load(
        (repo_root / "stack/grafana/provisioning/dashboards/portfolio.yml").read_text()
    )["providers"][0]
    assert provider["type"] == "file"
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards/portfolio"
    files = sorted((repo_root / "dashboards").glob("*.json"))
    assert len(files) == len(EXPECTED)
    loaded = [json.loads(file.read_text()) for file in files]
    assert (
        len({doc["uid"] for doc in loaded}) == len({doc["title"] for doc in loaded}) == len(files)
    )
    for file, doc in zip(files, loaded, strict=True):
        assert file.stem == doc["uid"]
        assert doc["id"] is None  # provisioning assigns ids
        assert len(doc["uid"]) <= 40  # Grafana's uid limit
        assert structure.problems_of(doc, doc["uid"]) == []
