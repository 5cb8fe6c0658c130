"""Structural checks of rendered dashboards: what Grafana's dashboard model and provisioning
need, plus the rules of Grafana's dashboard-linter that apply to us.

Each check returns problems as strings naming the dashboard and panel; ``make check`` and the
tests run them all. Deviations from the linter, with the reason (as its ``.lint`` file would):

- ``target-job-rule`` applies to scraped metrics only: recorded series (``level:metric:op``)
  carry no ``job`` label, the recording rule already selected the job.
- ``template-job-rule`` / ``template-instance-rule`` / ``target-instance-rule`` apply to the
  monitoring-health dashboard only: the other dashboards are about products, selected by
  ``product``/``team`` variables, and one exporter instance serves every product.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import promql_parser

from generators.dashboards import style
from generators.dashboards.variables import substitute_for_lint, variables_in
from portfolio import catalog, conventions
from portfolio.config.model import Portfolio

PANEL_TYPES = frozenset(
    {"row", "timeseries", "stat", "gauge", "bargauge", "heatmap", "table", "state-timeline", "text"}
)
BUILTIN_VARIABLES = frozenset(
    {
        "__interval",
        "__interval_ms",
        "__rate_interval",
        "__range",
        "__range_s",
        "__range_ms",
        "__dashboard",
    }
)
MIN_SCHEMA_VERSION = 36
RATE_FUNCTIONS = frozenset({"rate", "irate"})
LINKED_PREFIX = "/d/"


def _panels(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(style.panels_of(doc))


def check_model(doc: Mapping[str, Any], uid: str) -> list[str]:
    """What Grafana's dashboard model needs: ids, grid, types, schema, uid, refresh."""
    title = doc.get("title", "?")
    problems = []
    if doc.get("uid") != uid:
        problems.append(f"{title}: uid {doc.get('uid')!r}, expected {uid!r}")
    if int(doc.get("schemaVersion", 0)) < MIN_SCHEMA_VERSION:
        problems.append(f"{title}: schemaVersion {doc.get('schemaVersion')} is an old schema")
    if doc.get("refresh") != style.REFRESH:
        problems.append(f"{title}: refresh {doc.get('refresh')!r}, expected {style.REFRESH}")
    if conventions.DASHBOARD_TAG not in doc.get("tags", []):
        problems.append(f"{title}: missing tag {conventions.DASHBOARD_TAG!r}")
    ids = [p.get("id") for p in _panels(doc)]
    if None in ids or len(set(ids)) != len(ids):
        problems.append(f"{title}: panel ids are missing or not unique: {ids}")
    cells: dict[tuple[int, int], str] = {}
    for panel in _panels(doc):
        name = f"{title}: panel '{panel.get('title')}'"
        if panel.get("type") not in PANEL_TYPES:
            problems.append(f"{name}: type {panel.get('type')!r} is not a current panel type")
        pos = panel.get("gridPos") or {}
        x, y, w, h = (pos.get(k) for k in ("x", "y", "w", "h"))
        if not all(isinstance(v, int) for v in (x, y, w, h)):
            problems.append(f"{name}: gridPos {pos} is incomplete")
            continue
        assert isinstance(x, int) and isinstance(y, int) and isinstance(w, int)
        assert isinstance(h, int)
        if x < 0 or y < 0 or w < 1 or h < 1 or x + w > style.GRID_WIDTH:
            problems.append(f"{name}: gridPos {pos} is outside the 24-column grid")
        for cx in range(x, x + w):
            for cy in range(y, y + h):
                other = cells.setdefault((cx, cy), str(panel.get("title")))
                if other != panel.get("title"):
                    problems.append(f"{name}: overlaps panel '{other}' at x={cx}, y={cy}")
                    break
            else:
                continue
            break
    return problems


def _datasource_ok(ds: object) -> bool:
    return isinstance(ds, Mapping) and ds.get("uid") in ("${datasource}", "$datasource")


def check_queries(doc: Mapping[str, Any]) -> list[str]:
    """Every panel has a query, on the templated datasource; variables used are defined."""
    title = doc["title"]
    problems = []
    templates = doc.get("templating", {}).get("list", [])
    defined = {t["name"] for t in templates} | BUILTIN_VARIABLES
    ds_vars = [t for t in templates if t.get("type") == "datasource"]
    if [(t["name"], t.get("label"), t.get("query")) for t in ds_vars] != [
        (style.DATASOURCE_VAR, "Data source", "prometheus")
    ]:
        problems.append(f"{title}: needs one datasource variable 'datasource' (Data source)")
    for t in templates:
        if t.get("type") == "query":
            if t.get("refresh") != 2:
                problems.append(f"{title}: variable {t['name']} must refresh on time change")
            if not _datasource_ok(t.get("datasource")):
                problems.append(f"{title}: variable {t['name']} does not use ${{datasource}}")
            query = t["query"]["query"] if isinstance(t["query"], Mapping) else t["query"]
            missing = variables_in(query) - defined
            if missing:
                problems.append(f"{title}: variable {t['name']} uses undefined {sorted(missing)}")
    for panel in _panels(doc):
        name = f"{title}: panel '{panel.get('title')}'"
        if panel["type"] in ("row", "text"):
            continue
        if not panel.get("description"):
            problems.append(f"{name}: has no description")
        if not panel.get("fieldConfig", {}).get("defaults", {}).get("unit"):
            problems.append(f"{name}: has no unit")
        if not _datasource_ok(panel.get("datasource")):
            problems.append(f"{name}: datasource is not ${{datasource}}")
        targets = panel.get("targets") or []
        if not targets or not all(t.get("expr", "").strip() for t in targets):
            problems.append(f"{name}: has no query")
        for target in targets:
            if not _datasource_ok(target.get("datasource")):
                problems.append(
                    f"{name} ({target.get('refId')}): datasource is not ${{datasource}}"
                )
            missing = variables_in(target.get("expr", "")) - defined
            if missing:
                problems.append(f"{name}: query uses undefined variables {sorted(missing)}")
    for annotation in doc["annotations"]["list"]:
        if "expr" in annotation:
            missing = variables_in(annotation["expr"]) - defined
            if missing:
                problems.append(f"{title}: annotation uses undefined variables {sorted(missing)}")
    return problems


def _walk_calls(expr: str) -> list[tuple[str, list[object]]]:
    found: list[tuple[str, list[object]]] = []

    def visit(node: object) -> None:
        if isinstance(node, promql_parser.Call):
            found.append((node.func.name, list(node.args)))

    promql_parser.walk(promql_parser.parse(expr), pre_visit=visit)
    return found


def check_linter_rules(doc: Mapping[str, Any]) -> list[str]:
    """dashboard-linter: rate intervals, job matchers, uneditable (see the module docstring)."""
    title = doc["title"]
    problems = []
    if doc.get("editable") is not False:
        problems.append(f"{title}: provisioned dashboards must not be editable")
    for panel in _panels(doc):
        for target in panel.get("targets", []):
            where = f"{title}: panel '{panel['title']}' ({target['refId']})"
            expr = target["expr"]
            raw = expr.replace(
                "$__rate_interval", "59m59s"
            )  # a marker duration, as the linter does
            try:
                calls = _walk_calls(substitute_for_lint(raw))
            except ValueError as exc:
                problems.append(f"{where}: does not parse: {exc}")
                continue
            for name, args in calls:
                if name in RATE_FUNCTIONS:
                    for arg in args:
                        if (
                            isinstance(arg, promql_parser.MatrixSelector)
                            and arg.range.total_seconds() != 3599
                        ):
                            problems.append(f"{where}: {name}() should use $__rate_interval")
            for metric, labels, has_job in _selectors(substitute_for_lint(expr)):
                hit = catalog.lookup(metric or "")
                if hit and hit[0].source != "rules" and not has_job:
                    problems.append(f"{where}: {metric} has no job matcher")
                del labels
    return problems


def _selectors(expr: str) -> list[tuple[str | None, list[str], bool]]:
    out: list[tuple[str | None, list[str], bool]] = []

    def visit(node: object) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            labels = [m.name for m in node.matchers.matchers]
            out.append((node.name, labels, "job" in labels))

    promql_parser.walk(promql_parser.parse(expr), pre_visit=visit)
    return out


def check_links(doc: Mapping[str, Any]) -> list[str]:
    """Links to ``/d/<uid>`` point at one of our dashboards."""
    title = doc["title"]
    uids = set(conventions.DASHBOARD_UIDS.values())
    urls = [link.get("url", "") for link in doc.get("links", [])]
    for panel in _panels(doc):
        urls += [link.get("url", "") for link in panel.get("links", [])]
        defaults = panel.get("fieldConfig", {}).get("defaults", {})
        urls += [link.get("url", "") for link in defaults.get("links", [])]
        for override in panel.get("fieldConfig", {}).get("overrides", []):
            for prop in override.get("properties", []):
                if prop.get("id") == "links":
                    urls += [link.get("url", "") for link in prop["value"]]
    problems = []
    for url in urls:
        if url.startswith(LINKED_PREFIX):
            uid = url[len(LINKED_PREFIX) :].split("?")[0]
            if uid not in uids:
                problems.append(f"{title}: link to unknown dashboard {url}")
    return problems


def problems_of(doc: Mapping[str, Any], uid: str) -> list[str]:
    return [
        *check_model(doc, uid),
        *check_queries(doc),
        *check_linter_rules(doc),
        *check_links(doc),
    ]


def problems_all(portfolio: Portfolio) -> list[str]:
    from generators import dashboards

    out: list[str] = []
    for key, doc in _built(dashboards.documents(portfolio)):
        out += problems_of(doc, conventions.DASHBOARD_UIDS[key])
    return out


def _built(docs: Mapping[str, Mapping[str, Any]]) -> Iterable[tuple[str, Mapping[str, Any]]]:
    by_uid = {uid: key for key, uid in conventions.DASHBOARD_UIDS.items()}
    for doc in docs.values():
        yield by_uid.get(doc["uid"], "?"), doc
