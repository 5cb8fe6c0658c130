"""The monitoring mixin (``mixin/``) rendered with the jsonnet binding.

With the defaults it equals what the rules and dashboards stages write; an override of
``_config`` reaches every rule and dashboard query it names. The mixin is rendered from the
files the pipeline builds, written to a temporary folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import _jsonnet
import pytest
import yaml

from generators import dashboards, mixin, pipeline, rules
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio
from tests.golden_support import CONFIG as GOLDEN_CONFIG

RENDER = """
local m = (import 'mixin.libsonnet') + {_config+:: {CONFIG}};
{alerts: m.prometheusAlerts, rules: m.prometheusRules, dashboards: m.grafanaDashboards}
"""


def _written(portfolio: Portfolio, root: Path) -> Path:
    for rel, text in mixin.build(portfolio).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root / mixin.DIRECTORY


def render(folder: Path, config: str = "") -> dict[str, Any]:
    """The mixin's alerts, rules and dashboards with ``config`` (Jsonnet fields) added to its
    ``_config``."""
    snippet = RENDER.replace("CONFIG", config)
    text = _jsonnet.evaluate_snippet("render", snippet, jpathdir=str(folder))
    rendered: dict[str, Any] = json.loads(text)
    return rendered


def rule_groups(portfolio: Portfolio) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for text in rules.build(portfolio).values():
        groups += yaml.safe_load(text)["groups"]
    return groups


def _alerting(group: dict[str, Any]) -> bool:
    return any("alert" in rule for rule in group["rules"])


def _replaced(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {key: _replaced(item, old, new) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, old, new) for item in value]
    return value


@pytest.fixture(scope="module", params=["example", "golden"])
def portfolio(request: pytest.FixtureRequest, example_portfolio: Portfolio) -> Portfolio:
    return example_portfolio if request.param == "example" else load_config(GOLDEN_CONFIG)


@pytest.fixture(scope="module")
def folder(portfolio: Portfolio, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _written(portfolio, tmp_path_factory.mktemp("mixin"))


@pytest.fixture(scope="module")
def defaults(folder: Path) -> dict[str, Any]:
    return render(folder)


def test_the_pipeline_writes_the_mixin(example_portfolio: Portfolio) -> None:
    written = sorted(
        rel for rel in pipeline.build_all(example_portfolio) if rel.startswith("mixin/")
    )
    assert written == sorted(f"mixin/{part}.libsonnet" for part in (*mixin.PARTS, "mixin"))


def test_with_the_defaults_the_alerts_are_the_generated_alerting_groups(
    portfolio: Portfolio, defaults: dict[str, Any]
) -> None:
    expected = [group for group in rule_groups(portfolio) if _alerting(group)]
    assert defaults["alerts"] == {"groups": expected}


def test_with_the_defaults_the_rules_are_the_generated_recording_groups(
    portfolio: Portfolio, defaults: dict[str, Any]
) -> None:
    expected = [group for group in rule_groups(portfolio) if not _alerting(group)]
    assert defaults["rules"] == {"groups": expected}


def test_with_the_defaults_the_dashboards_are_the_generated_dashboards(
    portfolio: Portfolio, defaults: dict[str, Any]
) -> None:
    expected = {Path(path).name: doc for path, doc in dashboards.documents(portfolio).items()}
    assert defaults["dashboards"] == expected


def test_a_changed_selector_reaches_every_rule_and_dashboard_query(
    portfolio: Portfolio, folder: Path, defaults: dict[str, Any]
) -> None:
    old, new = 'job="blackbox"', 'job="probes",cluster="eu1"'
    changed = render(folder, f"blackboxSelector: {json.dumps(new)}")
    assert changed == _replaced(defaults, old, new)
    uses = [r for g in changed["alerts"]["groups"] + changed["rules"]["groups"] for r in g["rules"]]
    assert (
        sum(new in rule["expr"] for rule in uses)
        == sum(old in rule["expr"] for g in rule_groups(portfolio) for rule in g["rules"])
        > 0
    )


def test_every_selector_is_a_knob(folder: Path, defaults: dict[str, Any]) -> None:
    keys = {mixin.selector_key(job): job for job in mixin.jobs()}
    fields = ", ".join(f'{key}: super.{key} + ",env=\\"prod\\""' for key in keys)
    changed = render(folder, fields)
    expected = defaults
    for job in keys.values():
        expected = _replaced(expected, f'job="{job}"', f'job="{job}",env="prod"')
    assert changed == expected


def test_a_changed_threshold_changes_only_that_products_threshold_series(
    portfolio: Portfolio, folder: Path, defaults: dict[str, Any]
) -> None:
    product = portfolio.products[0].id
    changed = render(folder, f"thresholds+: {{{json.dumps(product)}+: {{uptime: 0.9995}}}}")
    before, after = _uptime_thresholds(defaults), _uptime_thresholds(changed)
    assert after == {**before, product: "vector(0.9995)"} != before


def _uptime_thresholds(rendered: dict[str, Any]) -> dict[str, str]:
    return {
        rule["labels"]["product"]: rule["expr"]
        for group in rendered["rules"]["groups"]
        for rule in group["rules"]
        if rule.get("record") == "product:threshold_uptime:ratio"
    }


def test_a_changed_for_and_refresh_reach_the_alert_and_every_dashboard(folder: Path) -> None:
    changed = render(folder, "alertFor+: {ProductDown: '7m'}, dashboardRefresh: '1m'")
    alerts = {r["alert"]: r for g in changed["alerts"]["groups"] for r in g["rules"]}
    assert alerts["ProductDown"]["for"] == "7m"
    assert alerts["EndpointDown"]["for"] != "7m"
    assert {board["refresh"] for board in changed["dashboards"].values()} == {"1m"}
