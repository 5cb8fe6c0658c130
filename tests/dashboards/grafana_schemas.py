"""Grafana's own JSON Schemas (``tests/dashboards/grafana_schema/``) applied to our dashboards.

Use ``problems(document)`` for every way a dashboard differs from what Grafana's published
schemas accept: the dashboard envelope strictly (every panel checked as a row or a panel by
its ``type``), then per panel its ``options`` and ``fieldConfig.defaults.custom`` against the
panel plugin's schema and each target against the Prometheus query schema.

``KNOWN_SCHEMA_BUGS`` excuses the few places where the published schemas disagree with what
Grafana itself reads and saves; each entry says why. Nothing else is excused.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).parent / "grafana_schema"
# panel type -> schema file (without .jsonschema.json)
PANEL_SCHEMAS: Mapping[str, str] = {
    "timeseries": "timeseries",
    "stat": "stat",
    "gauge": "gauge",
    "bargauge": "bargauge",
    "heatmap": "heatmap",
    "table": "table",
    "state-timeline": "statetimeline",
    "text": "text",
}


@dataclass(frozen=True)
class KnownSchemaBug:
    """A published-schema error we excuse: where (a regex over the instance path joined by
    ``/``), which JSON Schema keyword fails, and why Grafana disagrees with its schema."""

    path: str
    keyword: str
    why: str

    # Only when a oneOf below the error matched several variants (not when it matched none).
    ambiguous_only: bool = False

    def excuses(self, error: ValidationError) -> bool:
        if error.validator != self.keyword or re.fullmatch(self.path, _where(error)) is None:
            return False
        return not self.ambiguous_only or any(
            cause.validator == "oneOf" and "is valid under each of" in cause.message
            for cause in error.context or ()
        )


KNOWN_SCHEMA_BUGS: tuple[KnownSchemaBug, ...] = (
    KnownSchemaBug(
        path=r"panels/\d+/fieldConfig/overrides/\d+/properties/\d+/value",
        keyword="type",
        why="DynamicConfigValue.value is `_` (any value) in Grafana's CUE; the JSON Schema "
        "export makes it an object, yet an override's unit or decimals is a string or number",
    ),
    KnownSchemaBug(
        path=r"panels/\d+/fieldConfig/overrides/\d+/matcher/options",
        keyword="type",
        why="MatcherConfig.options is `_` in Grafana's CUE; the byName and byRegexp matchers "
        "take a string",
    ),
    KnownSchemaBug(
        path=r"templating/list/\d+/query",
        keyword="oneOf",
        why="a Prometheus query variable's query is an object of strings ({query, refId}), "
        "as Grafana saves it; the schema wants an object of objects",
    ),
    KnownSchemaBug(
        path=r"panels/\d+/fieldConfig/defaults/custom/cellOptions",
        keyword="anyOf",
        why="the table's cell option variants are told apart by their `type` in Grafana's CUE; "
        "the export gives each variant every type, so any cell option matches several",
        ambiguous_only=True,
    ),
    KnownSchemaBug(
        path=r"panels/\d+/(fieldConfig/defaults/)?links/\d+",
        keyword="required",
        why="panel and field links are data links ({title, url, targetBlank}), which Grafana "
        "saves without the dashboard-link fields (type, icon, tags, ...) the schema requires",
    ),
)


def _where(error: ValidationError) -> str:
    return "/".join(str(part) for part in error.absolute_path)


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.jsonschema.json").read_text())
    return loaded


@cache
def dashboard_validator() -> Draft7Validator:
    """The dashboard schema with ``panels`` items chosen by type (row or panel), so an error
    names the field instead of "is not valid under any of the given schemas"."""
    schema = copy.deepcopy(_load("dashboard"))
    panels = schema["definitions"]["Dashboard"]["properties"]["panels"]
    panels["items"] = {
        "if": {"properties": {"type": {"const": "row"}}, "required": ["type"]},
        "then": {"$ref": "#/definitions/RowPanel"},
        "else": {"$ref": "#/definitions/Panel"},
    }
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


@cache
def definition_validator(name: str, definition: str) -> Draft7Validator | None:
    schema = _load(name)
    if definition not in schema["definitions"]:
        return None
    return Draft7Validator({"$ref": f"#/definitions/{definition}", **schema})


def _panel_errors(index: int, panel: Mapping[str, Any]) -> Iterator[ValidationError]:
    kind = panel.get("type")
    name = PANEL_SCHEMAS.get(str(kind))
    if name is None:
        yield ValidationError(f"no schema for panel type {kind!r}", path=["panels", index])
        return
    parts: list[tuple[str, Any, list[str | int]]] = [
        ("Options", panel.get("options", {}), ["options"])
    ]
    defaults = panel.get("fieldConfig", {}).get("defaults", {})
    if definition_validator(name, "FieldConfig") is not None:
        parts.append(
            ("FieldConfig", defaults.get("custom", {}), ["fieldConfig", "defaults", "custom"])
        )
    elif "custom" in defaults:
        yield ValidationError(
            f"{kind} has no custom field config", path=["panels", index, "fieldConfig", "defaults"]
        )
    for target_index, target in enumerate(panel.get("targets", [])):
        parts.append(("prometheus", target, ["targets", target_index]))
    for definition, instance, prefix in parts:
        validator = (
            definition_validator("prometheus", "Dataquery")
            if definition == "prometheus"
            else definition_validator(name, definition)
        )
        assert validator is not None
        for error in validator.iter_errors(instance):
            error.path.extendleft(reversed(["panels", index, *prefix]))
            yield error


def errors(document: Mapping[str, Any]) -> Iterator[ValidationError]:
    """Every error of the dashboard envelope and of its panels' plugin options, unfiltered."""
    yield from dashboard_validator().iter_errors(document)
    for index, panel in enumerate(document.get("panels", [])):
        if panel.get("type") != "row":
            yield from _panel_errors(index, panel)


def problems(document: Mapping[str, Any]) -> list[str]:
    """Every schema error of a rendered dashboard not excused by ``KNOWN_SCHEMA_BUGS``, as
    "path: message" with the panel's type and title."""
    found = []
    for error in errors(document):
        if any(bug.excuses(error) for bug in KNOWN_SCHEMA_BUGS):
            continue
        path = list(error.absolute_path)
        label = ""
        if len(path) >= 2 and path[0] == "panels" and isinstance(path[1], int):
            panel = document["panels"][path[1]]
            label = f" ({panel.get('type')} '{panel.get('title', '')}')"
        found.append(f"{_where(error) or '(root)'}{label}: {error.message}")
    return found
