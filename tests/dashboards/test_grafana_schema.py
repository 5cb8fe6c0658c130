"""Every generated dashboard against Grafana's own published JSON Schemas.

The schemas are a pinned copy (``tests/dashboards/grafana_schema/``, source and version in its
README). The dashboard envelope is checked strictly; each panel's options and custom field
config against its plugin's schema, each target against the Prometheus query schema. The few
published-schema bugs we excuse are ``grafana_schemas.KNOWN_SCHEMA_BUGS``, each still needed.
"""

from __future__ import annotations

import copy
import hashlib
import re
from typing import Any

import pytest

from generators import dashboards
from generators.dashboards import style
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio
from tests.dashboards import grafana_schemas
from tests.golden_support import CONFIG as GOLDEN_CONFIG

KEYS = list(dashboards.DASHBOARDS)


@pytest.fixture(scope="module")
def docs(example_portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    return {key: style.render(spec) for key, spec in dashboards.specs(example_portfolio).items()}


@pytest.fixture(scope="module")
def golden_docs() -> dict[str, dict[str, Any]]:
    portfolio = load_config(GOLDEN_CONFIG)
    return {key: style.render(spec) for key, spec in dashboards.specs(portfolio).items()}


@pytest.mark.parametrize("key", KEYS, ids=[f"the {key} dashboard is valid" for key in KEYS])
def test_every_dashboard_is_valid_under_grafanas_schemas(
    key: str, docs: dict[str, dict[str, Any]], golden_docs: dict[str, dict[str, Any]]
) -> None:
    assert grafana_schemas.problems(docs[key]) == []
    assert grafana_schemas.problems(golden_docs[key]) == []


def test_dashboards_use_the_schema_version_of_the_pinned_schemas(
    docs: dict[str, dict[str, Any]],
) -> None:
    published = grafana_schemas.dashboard_validator().schema["definitions"]["Dashboard"]
    assert published["properties"]["schemaVersion"]["default"] == style.SCHEMA_VERSION
    assert {doc["schemaVersion"] for doc in docs.values()} == {style.SCHEMA_VERSION}


@pytest.mark.parametrize(
    "bug", grafana_schemas.KNOWN_SCHEMA_BUGS, ids=lambda bug: f"still needed: {bug.path}"
)
def test_every_known_schema_bug_still_excuses_an_error_in_our_dashboards(
    bug: grafana_schemas.KnownSchemaBug, docs: dict[str, dict[str, Any]]
) -> None:
    excused = [
        error
        for doc in docs.values()
        for error in grafana_schemas.errors(doc)
        if bug.excuses(error)
    ]
    assert excused, f"{bug.path}: no error left to excuse; remove it from KNOWN_SCHEMA_BUGS"


def _first(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    found: dict[str, Any] = next(panel for panel in doc["panels"] if panel["type"] == kind)
    return found


def _time_options(doc: dict[str, Any]) -> None:
    doc["timepicker"]["time_options"] = ["1h", "6h"]


def _row_extra(doc: dict[str, Any]) -> None:
    _first(doc, "row")["maxDataPoints"] = 100


def _variable_tags(doc: dict[str, Any]) -> None:
    doc["templating"]["list"][0]["current"]["tags"] = []


def _stat_option(doc: dict[str, Any]) -> None:
    _first(doc, "stat")["options"]["colorMode"] = "rainbow"


def _stat_custom(doc: dict[str, Any]) -> None:
    _first(doc, "stat")["fieldConfig"]["defaults"]["custom"] = {"lineWidth": 1}


def _cell_type(doc: dict[str, Any]) -> None:
    _first(doc, "table")["fieldConfig"]["defaults"]["custom"]["cellOptions"] = {"type": "bogus"}


def _target_key(doc: dict[str, Any]) -> None:
    _first(doc, "timeseries")["targets"][0]["step"] = 60


def _override_missing_id(doc: dict[str, Any]) -> None:
    panel = _first(doc, "table")
    panel["fieldConfig"]["overrides"] = [{"matcher": {"id": "byName", "options": "x"}}]


MUTATIONS = {
    "a removed timepicker.time_options": (_time_options, r"timepicker: .*'time_options'"),
    "a grafanalib key on a row": (_row_extra, r"panels/\d+ \(row .*'maxDataPoints'"),
    "current.tags on a variable": (_variable_tags, r"templating/list/0/current: .*'tags'"),
    "an unknown stat colour mode": (_stat_option, r"options/colorMode \(stat .*'rainbow'"),
    "custom field config on a stat": (_stat_custom, r"\(stat .*no custom field config"),
    "an unknown table cell type": (_cell_type, r"cellOptions \(table .*'bogus'"),
    "a Graphite-era target key": (_target_key, r"targets/0 \(timeseries .*'step'"),
    "an override without properties": (_override_missing_id, r"'properties' is a required"),
}


@pytest.mark.parametrize(
    "mutation", list(MUTATIONS), ids=[f"the check finds {name}" for name in MUTATIONS]
)
def test_the_schema_check_finds_what_grafana_would_reject(
    mutation: str, docs: dict[str, dict[str, Any]]
) -> None:
    change, expected = MUTATIONS[mutation]
    doc = copy.deepcopy(docs["product"])  # rows, stats, tables and time series
    change(doc)
    found = grafana_schemas.problems(doc)
    assert any(re.search(expected, problem) for problem in found), found


def test_the_pinned_schemas_are_the_ones_the_readme_names() -> None:
    readme = (grafana_schemas.SCHEMA_DIR / "README.md").read_text()
    listed = dict(re.findall(r"^\| (\S+\.jsonschema\.json) \| ([0-9a-f]{64}) \|$", readme, re.M))
    files = sorted(grafana_schemas.SCHEMA_DIR.glob("*.jsonschema.json"))
    assert sorted(listed) == [path.name for path in files]
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[path.name], path.name
    assert set(grafana_schemas.PANEL_SCHEMAS.values()) | {"dashboard", "prometheus"} == {
        path.name.removesuffix(".jsonschema.json") for path in files
    }
