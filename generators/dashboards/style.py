"""House style: our panel constructors on top of grafanalib, and the final policy pass.

grafanalib (core) is the mechanism; this module is the only place that decides how our panels
look: current panel types only (no Angular graph/singlestat/old table), the datasource as a
``${datasource}`` variable, a unit and a description on every panel, thresholds as steps,
30 s refresh, a current ``schemaVersion``. Builders in this package call these constructors and
never touch JSON; ``render`` serialises through grafanalib's ``DashboardEncoder`` and then drops
the keys grafanalib still emits for old Grafana versions (and its nulls), so the document is what
Grafana itself saves and is valid under Grafana's published JSON Schemas (checked in
``tests/dashboards/test_grafana_schema.py``). The constructors fill in the plugin options
Grafana saves with their defaults (legend, tooltip, sizing) that grafanalib leaves out.

Validation happens where a panel is built: a panel without a query, a description or a unit
raises ``BuildError`` naming the panel.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import attr
from grafanalib import core as grafana
from grafanalib._gen import DashboardEncoder

from generators.errors import BuildError
from portfolio import conventions

SCHEMA_VERSION = 42  # what Grafana 12 writes; grafanalib's default (12) triggers migration
REFRESH = "30s"
DEFAULT_TIME = ("now-6h", "now")
GRID_WIDTH = 24
DATASOURCE_VAR = "datasource"
DATASOURCE = {"type": "prometheus", "uid": f"${{{DATASOURCE_VAR}}}"}

# Units Grafana knows that our panels use; a typo fails when the panel is built.
UNITS = frozenset(
    {
        "none",
        "short",
        "percentunit",
        "s",
        "ms",
        "dtdurations",
        "d",
        "reqps",
        "ops",
        "bytes",
        "Bps",
        "dateTimeAsIso",
        "dateTimeFromNow",
    }
)

GREEN, YELLOW, ORANGE, RED, BLUE, GREY = "green", "yellow", "orange", "red", "blue", "text"
Steps = Sequence[tuple[str, float | None]]  # (colour, lower bound); the first bound is None

# Panel keys grafanalib emits that current Grafana no longer reads (or only with a null).
_LEGACY_PANEL_KEYS = (
    "cacheTimeout",
    "height",
    "span",
    "minSpan",
    "error",
    "editable",
    "thresholds",
)
_NULL_PANEL_KEYS = (
    "interval",
    "timeFrom",
    "timeShift",
    "repeat",
    "repeatDirection",
    "maxPerRow",
)
_LEGACY_BY_TYPE: Mapping[str, tuple[str, ...]] = {
    "table": ("color", "columns", "fontSize", "mappings"),
    "heatmap": (
        "cards",
        "color",
        "dataFormat",
        "heatmap",
        "hideZeroBuckets",
        "highlightCards",
        "legend",
        "reverseYBuckets",
        "tooltip",
        "xAxis",
        "xBucketNumber",
        "xBucketSize",
        "yAxis",
        "yBucketBound",
        "yBucketNumber",
        "yBucketSize",
    ),
}
_LEGACY_DEFAULTS_BY_TYPE: Mapping[str, tuple[str, ...]] = {
    "gauge": ("calcs", "limit", "override", "values", "title", "links"),
}
_LEGACY_DASHBOARD_KEYS = ("__inputs", "gnetId", "hideControls", "rows", "sharedCrosshair", "style")
_LEGACY_TEMPLATE_KEYS = ("useTags", "tagsQuery", "tagValuesQuery", "auto", "auto_min", "auto_count")
# Template keys grafanalib emits as null, which Grafana's schema types as strings or objects.
_NULL_TEMPLATE_KEYS = ("allValue", "datasource", "regex")
# Keys grafanalib puts on every panel that a row (RowPanel in Grafana's schema) does not have.
_NOT_ROW_KEYS = ("hideTimeOverride", "maxDataPoints", "transparent", "repeatDirection")
# Panel types whose plugin has no custom field config (grafanalib emits ``custom: {}``).
_NO_CUSTOM_FIELD_CONFIG = ("stat", "gauge", "bargauge")


def steps(*pairs: tuple[str, float | None]) -> list[dict[str, Any]]:
    """Threshold steps ``[(colour, None), (colour, bound), ...]`` in Grafana's field format."""
    if not pairs or pairs[0][1] is not None:
        raise BuildError("threshold steps must start with a base step (colour, None)")
    bounds = [bound for _, bound in pairs[1:] if bound is not None]
    if bounds != sorted(bounds) or len(bounds) != len(pairs) - 1:
        raise BuildError(f"threshold steps must increase: {pairs}")
    return [{"color": colour, "value": value} for colour, value in pairs]


def ratio_of_threshold_steps(approaching: float) -> list[dict[str, Any]]:
    """Colour a "share of the product's own threshold" value: warn at ``approaching``, red at 1."""
    return steps((GREEN, None), (ORANGE, approaching), (RED, 1.0))


def value_mappings(names: Mapping[float, tuple[str, str]]) -> list[dict[str, Any]]:
    """``{value: (text, colour)}`` as one Grafana value mapping."""
    return [
        {
            "type": "value",
            "options": {
                f"{value:g}": {"text": text, "color": colour, "index": i}
                for i, (value, (text, colour)) in enumerate(sorted(names.items()))
            },
        }
    ]


UP_DOWN = value_mappings({0: ("DOWN", RED), 1: ("UP", GREEN)})
YES_NO = value_mappings({0: ("no", GREY), 1: ("yes", GREEN)})
# Green at 1, red below: how an up/down or a yes/no value that should be 1 is coloured.
RED_UNLESS_ONE = steps((RED, None), (GREEN, 1))
DORA_LEVELS = value_mappings(
    {
        float(i): (name, colour)
        for i, (name, colour) in enumerate(
            zip(conventions.DORA_LEVEL_NAMES, (RED, ORANGE, YELLOW, GREEN), strict=True)
        )
    }
)
DORA_LEVEL_STEPS = steps((RED, None), (ORANGE, 1), (YELLOW, 2), (GREEN, 3))


@dataclass(frozen=True)
class Query:
    """One PromQL query of a panel. ``instant`` for stats/tables, ``table`` for table format,
    ``heatmap`` for heatmap format (the flags are keyword-only)."""

    expr: str
    legend: str = ""
    _: KW_ONLY
    instant: bool = False
    table: bool = False
    heatmap: bool = False


@dataclass(frozen=True)
class _PromTarget:
    """A grafanalib ``Target`` serialised as Grafana 10+ saves Prometheus targets
    (``range``/``instant``, code editor, no Graphite-era keys)."""

    target: Any
    range: bool

    def to_json_data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.target.to_json_data()
        for legacy in ("query", "target", "metric", "step", "intervalFactor"):
            data.pop(legacy, None)
        data["range"] = self.range
        data["editorMode"] = "code"
        return data


def _targets(queries: Sequence[Query]) -> list[Any]:
    targets = []
    for i, query in enumerate(queries):
        result_format = "table" if query.table else "heatmap" if query.heatmap else "time_series"
        targets.append(
            _PromTarget(
                grafana.Target(
                    expr=query.expr,
                    legendFormat=query.legend or "__auto",
                    refId=chr(ord("A") + i),
                    instant=query.instant,
                    format=result_format,
                    datasource=dict(DATASOURCE),
                ),
                range=not query.instant,
            )
        )
    return targets


@dataclass(frozen=True)
class Size:
    width: int
    height: int


def _check(title: str, description: str, queries: Sequence[Query], unit: str) -> None:
    if not title:
        raise BuildError("a panel needs a title")
    if not description.strip():
        raise BuildError(f"panel '{title}': needs a description (what it shows, where from)")
    if not queries:
        raise BuildError(f"panel '{title}': has no query")
    if unit not in UNITS:
        raise BuildError(f"panel '{title}': unknown unit '{unit}'")
    for query in queries:
        if not query.expr.strip():
            raise BuildError(f"panel '{title}': empty query")


def _common(
    title: str,
    description: str,
    queries: Sequence[Query],
    size: Size,
    links: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    return {
        "title": title,
        "description": description,
        "dataSource": dict(DATASOURCE),
        "targets": _targets(queries),
        "gridPos": grafana.GridPos(h=size.height, w=size.width, x=0, y=0),
        "links": [dict(link) for link in links],
    }


def data_link(title: str, url: str) -> dict[str, Any]:
    """A panel/field link; ``url`` may use ``${__field.labels.product}`` and ``${__url_time_range}``."""
    return {"title": title, "url": url, "targetBlank": False}


def dashboard_url(key: str, **params: str) -> str:
    variables = "&".join(f"var-{name}={value}" for name, value in params.items())
    return f"/d/{conventions.DASHBOARD_UIDS[key]}?${{__url_time_range}}" + (
        f"&{variables}" if variables else ""
    )


def _field_defaults(
    unit: str,
    thresholds: Sequence[Mapping[str, Any]] | None,
    *,
    mappings: Sequence[Mapping[str, Any]] = (),
    decimals: int | None = None,
    min_: float | None = None,
    max_: float | None = None,
    color: str = "thresholds",
    field_links: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "unit": unit,
        "color": {"mode": color},
        "mappings": [dict(mapping) for mapping in mappings],
        "thresholds": {
            "mode": "absolute",
            "steps": [dict(step) for step in (thresholds or steps((GREEN, None)))],
        },
    }
    if decimals is not None:
        defaults["decimals"] = decimals
    if min_ is not None:
        defaults["min"] = min_
    if max_ is not None:
        defaults["max"] = max_
    if field_links:
        defaults["links"] = [dict(link) for link in field_links]
    return defaults


def threshold_series_override(pattern: str = "^threshold.*") -> dict[str, Any]:
    """Draw series whose name matches ``pattern`` (a product's threshold) as dashed red lines."""
    return {
        "matcher": {"id": "byRegexp", "options": pattern},
        "properties": [
            {"id": "color", "value": {"mode": "fixed", "fixedColor": RED}},
            {"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [10, 10]}},
            {"id": "custom.fillOpacity", "value": 0},
        ],
    }


def timeseries(
    title: str,
    description: str,
    queries: Sequence[Query],
    *,
    unit: str,
    size: Size = Size(12, 8),
    thresholds: Sequence[Mapping[str, Any]] | None = None,
    threshold_style: str = "off",
    overrides: Sequence[Mapping[str, Any]] = (),
    stack: bool = False,
    bars: bool = False,
    min_: float | None = None,
    max_: float | None = None,
    min_interval: str | None = None,
    mappings: Sequence[Mapping[str, Any]] = (),
    links: Sequence[Mapping[str, Any]] = (),
) -> Any:
    """Time series (Grafana 8+). Threshold series are drawn dashed by ``threshold_series_override``."""
    _check(title, description, queries, unit)
    return grafana.TimeSeries(
        **_common(title, description, queries, size, links),
        interval=min_interval,
        unit=unit,
        drawStyle="bars" if bars else "line",
        fillOpacity=80 if bars else 10,
        stacking={"mode": "normal", "group": "A"} if stack else {"mode": "none", "group": "A"},
        thresholdsStyleMode=threshold_style,
        overrides=[dict(override) for override in overrides],
        tooltipMode="multi",
        tooltipSort="desc",
        legendDisplayMode="table" if len(queries) > 1 else "list",
        legendCalcs=["lastNotNull", "max"],
        extraJson={
            "fieldConfig": {
                "defaults": _field_defaults(
                    unit, thresholds, mappings=mappings, min_=min_, max_=max_
                )
                | {"color": {"mode": "palette-classic"}}
            },
            "options": {"legend": {"showLegend": True}},
        },
    )


def stat(
    title: str,
    description: str,
    queries: Sequence[Query],
    *,
    unit: str,
    size: Size = Size(4, 4),
    thresholds: Sequence[Mapping[str, Any]] | None = None,
    mappings: Sequence[Mapping[str, Any]] = (),
    decimals: int | None = None,
    color_mode: str = "background",
    graph: bool = False,
    calc: str = "lastNotNull",
    text_mode: str = "auto",
    field_links: Sequence[Mapping[str, Any]] = (),
    links: Sequence[Mapping[str, Any]] = (),
) -> Any:
    """One number per series, coloured by ``thresholds`` (or the colour of its mapping)."""
    _check(title, description, queries, unit)
    return grafana.Stat(
        **_common(title, description, queries, size, links),
        colorMode=color_mode,
        graphMode="area" if graph else "none",
        reduceCalc=calc,
        textMode=text_mode,
        format=unit,
        decimals=decimals,
        extraJson={
            "fieldConfig": {
                "defaults": _field_defaults(
                    unit, thresholds, mappings=mappings, decimals=decimals, field_links=field_links
                )
            },
            "options": {
                "wideLayout": True,
                "showPercentChange": False,
                "percentChangeColorMode": "standard",
                "text": {},
            },
        },
    )


def gauge(
    title: str,
    description: str,
    queries: Sequence[Query],
    *,
    unit: str,
    thresholds: Sequence[Mapping[str, Any]],
    min_: float = 0,
    max_: float = 1,
    size: Size = Size(6, 6),
    decimals: int | None = None,
) -> Any:
    """A gauge with its threshold markers (e.g. build success rate)."""
    _check(title, description, queries, unit)
    return grafana.GaugePanel(
        **_common(title, description, queries, size, ()),
        format=unit,
        extraJson={
            "fieldConfig": {
                "defaults": _field_defaults(
                    unit, thresholds, decimals=decimals, min_=min_, max_=max_
                ),
                "overrides": [],
            },
            "options": {
                "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                "showThresholdLabels": False,
                "showThresholdMarkers": True,
                "orientation": "auto",
                "sizing": "auto",
                "minVizWidth": 75,
                "minVizHeight": 75,
            },
        },
    )


def bar_gauge(
    title: str,
    description: str,
    queries: Sequence[Query],
    *,
    unit: str,
    thresholds: Sequence[Mapping[str, Any]] | None = None,
    size: Size = Size(8, 8),
    min_: float | None = 0,
    max_: float | None = None,
    mappings: Sequence[Mapping[str, Any]] = (),
    field_links: Sequence[Mapping[str, Any]] = (),
) -> Any:
    """Horizontal bars, one per series: rankings (top pages, rate limits, funnel steps)."""
    _check(title, description, queries, unit)
    return grafana.BarGauge(
        **_common(title, description, queries, size, ()),
        displayMode="gradient",
        format=unit,
        extraJson={
            "fieldConfig": {
                "defaults": _field_defaults(
                    unit,
                    thresholds,
                    mappings=mappings,
                    min_=min_,
                    max_=max_,
                    field_links=field_links,
                ),
                "overrides": [],
            },
            "options": {
                "displayMode": "gradient",
                "orientation": "horizontal",
                "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                "showUnfilled": True,
                "valueMode": "color",
                "namePlacement": "auto",
                "sizing": "auto",
                "minVizHeight": 16,
                "minVizWidth": 8,
                "maxVizHeight": 300,
                "legend": {
                    "displayMode": "list",
                    "placement": "bottom",
                    "showLegend": False,
                    "calcs": [],
                },
            },
        },
    )


def heatmap(
    title: str,
    description: str,
    query: Query,
    *,
    unit: str,
    size: Size = Size(12, 8),
    min_interval: str | None = None,
) -> Any:
    """Heatmap of a Prometheus histogram (``sum by (le) (increase(..._bucket[...]))``)."""
    _check(title, description, [query], unit)
    return grafana.Heatmap(
        **_common(title, description, [query], size, ()),
        interval=min_interval,
        options={
            "calculate": False,
            "cellGap": 1,
            "color": {
                "mode": "scheme",
                "scheme": "Oranges",
                "scale": "exponential",
                "exponent": 0.5,
                "steps": 64,
                "fill": "dark-orange",
                "reverse": False,
            },
            "exemplars": {"color": "rgba(255,0,255,0.7)"},
            "filterValues": {"le": 1e-9},
            "legend": {"show": True},
            "rowsFrame": {"layout": "auto"},
            "showValue": "auto",
            "tooltip": {"mode": "single", "yHistogram": True, "showColorScale": False},
            "yAxis": {"axisPlacement": "left", "reverse": False, "unit": unit},
        },
        extraJson={
            "fieldConfig": {
                "defaults": _field_defaults(unit, None)
                | {
                    "custom": {
                        "hideFrom": {"legend": False, "tooltip": False, "viz": False},
                        "scaleDistribution": {"type": "linear"},
                    }
                },
                "overrides": [],
            }
        },
    )


def table(
    title: str,
    description: str,
    queries: Sequence[Query],
    *,
    unit: str = "none",
    size: Size = Size(24, 8),
    columns: Mapping[str, str] | None = None,
    hide: Iterable[str] = ("Time",),
    overrides: Sequence[Mapping[str, Any]] = (),
    thresholds: Sequence[Mapping[str, Any]] | None = None,
    mappings: Sequence[Mapping[str, Any]] = (),
    sort_by: str | None = None,
    links: Sequence[Mapping[str, Any]] = (),
) -> Any:
    """A table of instant queries merged on their labels; ``columns`` renames fields
    (``{"Value #A": "Uptime"}``), ``overrides`` set per-column units and colours."""
    _check(title, description, queries, unit)
    renames = dict(columns or {})
    exclude = {name: True for name in hide}
    return grafana.Table(
        **_common(title, description, queries, size, links),
        unit=unit,
        overrides=[dict(override) for override in overrides],
        sortBy=[grafana.TableSortByField(displayName=sort_by, desc=False)] if sort_by else [],
        transformations=[
            {"id": "merge", "options": {}},
            {
                "id": "organize",
                "options": {
                    "excludeByName": exclude,
                    "renameByName": renames,
                    "indexByName": {name: i for i, name in enumerate(renames)},
                },
            },
        ],
        extraJson={
            "fieldConfig": {
                "defaults": _field_defaults(unit, thresholds, mappings=mappings)
                | {"custom": {"align": "auto", "cellOptions": {"type": "auto"}, "inspect": False}}
            },
            "options": {
                "cellHeight": "sm",
                "frameIndex": 0,
                "footer": {"show": False, "reducer": ["sum"], "countRows": False},
            },
        },
    )


def column(name: str, unit: str, **properties: Any) -> dict[str, Any]:
    """A table column override: unit, then e.g. ``thresholds=steps(...)``, ``cell="color-background"``,
    ``mappings=...``, ``links=[...]``, ``decimals=2``."""
    props: list[dict[str, Any]] = [{"id": "unit", "value": unit}]
    if "cell" in properties:
        props.append({"id": "custom.cellOptions", "value": {"type": properties["cell"]}})
    if "thresholds" in properties:
        props.append(
            {"id": "thresholds", "value": {"mode": "absolute", "steps": properties["thresholds"]}}
        )
    if "mappings" in properties:
        props.append({"id": "mappings", "value": properties["mappings"]})
    if "links" in properties:
        props.append({"id": "links", "value": properties["links"]})
    if "decimals" in properties:
        props.append({"id": "decimals", "value": properties["decimals"]})
    return {"matcher": {"id": "byName", "options": name}, "properties": props}


def state_timeline(
    title: str,
    description: str,
    queries: Sequence[Query],
    *,
    mappings: Sequence[Mapping[str, Any]],
    thresholds: Sequence[Mapping[str, Any]] | None = None,
    unit: str = "none",
    size: Size = Size(24, 8),
) -> Any:
    """States over time (probe up/down per endpoint, DORA level per product)."""
    _check(title, description, queries, unit)
    return grafana.StateTimeline(
        **_common(title, description, queries, size, ()),
        mappings=[dict(mapping) for mapping in mappings],
        extraJson={
            "fieldConfig": {"defaults": _field_defaults(unit, thresholds, mappings=mappings)},
            "options": {
                "legend": {"showLegend": True, "calcs": []},
                "tooltip": {"sort": "none"},
            },
        },
    )


def text(title: str, content: str, *, size: Size = Size(24, 3)) -> Any:
    """Markdown; the only panel kind without a query (and without a datasource)."""
    if not content.strip():
        raise BuildError(f"panel '{title}': empty text")
    return grafana.Text(
        title=title,
        description="How to read this dashboard.",
        content=content,
        gridPos=grafana.GridPos(h=size.height, w=size.width, x=0, y=0),
    )


@dataclass(frozen=True)
class Row:
    """A titled row of panels, laid out left to right and wrapped at the grid width."""

    title: str
    panels: Sequence[Any]
    repeat: str | None = None  # repeat the row per value of this variable


def query_variable(
    name: str,
    label: str,
    query: str,
    *,
    multi: bool = True,
    include_all: bool = True,
    default: str | None = None,
) -> Any:
    """A ``label_values(...)`` variable, refreshed on time-range change (dashboard-linter)."""
    all_default = "All" if include_all and default is None else default
    return grafana.Template(
        name=name,
        label=label,
        query={"query": query, "refId": f"{name}-variable"},
        dataSource=dict(DATASOURCE),
        multi=multi,
        includeAll=include_all,
        allValue=".*" if include_all else None,
        default="$__all" if all_default == "All" else default,
        refresh=grafana.REFRESH_ON_TIME_RANGE_CHANGE,
        sort=grafana.SORT_ALPHA_ASC,
    )


def datasource_variable() -> Any:
    return grafana.Template(
        name=DATASOURCE_VAR,
        label="Data source",
        query="prometheus",
        type="datasource",
        default="prometheus",
        refresh=grafana.REFRESH_ON_DASHBOARD_LOAD,
    )


@dataclass(frozen=True)
class Annotation:
    """A Prometheus annotation query (deployments as markers on every time series)."""

    name: str
    expr: str
    title: str
    text: str
    color: str = "blue"
    step: str = "1m"
    tags: tuple[str, ...] = ()

    def to_json_data(self) -> dict[str, Any]:
        return {
            "datasource": dict(DATASOURCE),
            "enable": True,
            "expr": self.expr,
            "iconColor": self.color,
            "name": self.name,
            "step": self.step,
            "titleFormat": self.title,
            "textFormat": self.text,
            "tagKeys": ",".join(self.tags),
            "useValueForTime": False,
        }


BUILTIN_ANNOTATION = {
    "builtIn": 1,
    "datasource": {"type": "grafana", "uid": "-- Grafana --"},
    "enable": True,
    "hide": True,
    "iconColor": "rgba(0, 211, 255, 1)",
    "name": "Annotations & Alerts",
    "type": "dashboard",
}


def _layout(rows: Sequence[Row]) -> list[Any]:
    """Place rows and panels on the grid, assign ids 1..n in reading order."""
    placed: list[Any] = []
    top = 0
    next_id = 1
    for row in rows:
        header = grafana.RowPanel(
            title=row.title,
            id=next_id,
            gridPos=grafana.GridPos(h=1, w=GRID_WIDTH, x=0, y=top),
            repeat=grafana.Repeat(variable=row.repeat, direction="h")
            if row.repeat
            else grafana.Repeat(),
        )
        placed.append(header)
        next_id += 1
        top += 1
        left, line_height = 0, 0
        for panel in row.panels:
            width, height = panel.gridPos.w, panel.gridPos.h
            if width > GRID_WIDTH:
                raise BuildError(f"panel '{panel.title}': wider than the grid ({width})")
            if left + width > GRID_WIDTH:
                top += line_height
                left, line_height = 0, 0
            position = grafana.GridPos(h=height, w=width, x=left, y=top)
            placed.append(attr.evolve(panel, id=next_id, gridPos=position))
            next_id += 1
            left += width
            line_height = max(line_height, height)
        top += line_height
    return placed


@dataclass(frozen=True)
class DashboardSpec:
    """Everything a builder decides about one dashboard; ``render`` adds the house style."""

    key: str  # key of conventions.DASHBOARD_UIDS
    title: str
    description: str
    rows: Sequence[Row]
    variables: Sequence[Any] = ()
    tags: Sequence[str] = ()
    links: Sequence[Mapping[str, Any]] = ()
    annotations: Sequence[Annotation] = ()
    time: tuple[str, str] = DEFAULT_TIME
    extra: Mapping[str, Any] = field(default_factory=dict)


def dashboard_links(own_key: str) -> list[dict[str, Any]]:
    """Every dashboard links the others (a dropdown by tag) and back to the overview."""
    links = [
        grafana.DashboardLink(
            title="Portfolio dashboards",
            type="dashboards",
            tags=[conventions.DASHBOARD_TAG],
            asDropdown=True,
            includeVars=False,
            keepTime=True,
        ).to_json_data()
    ]
    if own_key != "overview":
        links.insert(
            0,
            grafana.DashboardLink(
                title="Portfolio overview",
                type="link",
                icon="dashboard",
                uri=f"/d/{conventions.DASHBOARD_UIDS['overview']}",
                keepTime=True,
                includeVars=False,
            ).to_json_data(),
        )
    return links


def link_to(key: str, title: str, *, icon: str = "dashboard", include_vars: bool = True) -> Any:
    """A dashboard link to another of our dashboards, passing the variables along."""
    return grafana.DashboardLink(
        title=title,
        type="link",
        icon=icon,
        uri=f"/d/{conventions.DASHBOARD_UIDS[key]}",
        includeVars=include_vars,
        keepTime=True,
    ).to_json_data()


def render(spec: DashboardSpec) -> dict[str, Any]:
    """The dashboard as the JSON document Grafana provisions (the final policy pass)."""
    if spec.key not in conventions.DASHBOARD_UIDS:
        raise BuildError(f"dashboard '{spec.title}': unknown key '{spec.key}'")
    try:
        panels = _layout(spec.rows)
    except BuildError as exc:
        raise BuildError(f"dashboard '{spec.title}': {exc}") from exc
    board = grafana.Dashboard(
        title=spec.title,
        description=spec.description,
        uid=conventions.DASHBOARD_UIDS[spec.key],
        tags=sorted({conventions.DASHBOARD_TAG, "generated", *spec.tags}),
        timezone="browser",
        refresh=REFRESH,
        schemaVersion=SCHEMA_VERSION,
        editable=False,
        graphTooltip=grafana.GRAPH_TOOLTIP_MODE_SHARED_CROSSHAIR,
        time=grafana.Time(*spec.time),
        timePicker=grafana.TimePicker(
            refreshIntervals=["30s", "1m", "5m", "15m", "1h"],
            timeOptions=[],
        ),
        templating=grafana.Templating(list=[datasource_variable(), *spec.variables]),
        annotations=grafana.Annotations(list=[BUILTIN_ANNOTATION, *spec.annotations]),
        links=[*dashboard_links(spec.key), *spec.links],
        panels=panels,
    )
    document: dict[str, Any] = json.loads(json.dumps(board.to_json_data(), cls=DashboardEncoder))
    return _policy(document)


def _policy(document: dict[str, Any]) -> dict[str, Any]:
    for key in _LEGACY_DASHBOARD_KEYS:
        document.pop(key, None)
    document["id"] = None
    document["version"] = 1
    document["fiscalYearStartMonth"] = 0
    document["liveNow"] = False
    document["weekStart"] = ""
    # time_options has been ignored since Grafana 5 and is removed by the schemaVersion 41
    # migration; nowDelay and hidden are grafanalib's nulls and defaults.
    for key in ("time_options", "nowDelay", "hidden"):
        document["timepicker"].pop(key, None)
    for template in document["templating"]["list"]:
        _clean_template(template)
    for panel in document["panels"]:
        _clean_panel(panel)
    return document


def _clean_template(template: dict[str, Any]) -> None:
    for key in _LEGACY_TEMPLATE_KEYS:
        template.pop(key, None)
    for key in _NULL_TEMPLATE_KEYS:
        if template.get(key) is None:
            template.pop(key, None)
    current = template["current"]
    current.pop("tags", None)  # tag filters went with the variables' tags (Grafana 8)
    if current.get("value") == "$__all":
        template["current"] = {"selected": True, "text": ["All"], "value": ["$__all"]}
    elif current.get("value") is None:
        # No default: Grafana selects the first value on load and saves no ``current``.
        template.pop("current")
    if template["type"] == "query":
        template["definition"] = template["query"]["query"]


def _clean_panel(panel: dict[str, Any]) -> None:
    kind = panel["type"]
    for key in _LEGACY_PANEL_KEYS:
        panel.pop(key, None)
    if panel.get("fieldConfig", {}).get("defaults", {}).get("decimals", 0) is None:
        panel["fieldConfig"]["defaults"].pop("decimals")
    if kind in _NO_CUSTOM_FIELD_CONFIG and not panel["fieldConfig"]["defaults"].get("custom"):
        panel["fieldConfig"]["defaults"].pop("custom", None)
    for key in _NULL_PANEL_KEYS:
        if panel.get(key) is None:
            panel.pop(key, None)
    for key in _LEGACY_BY_TYPE.get(kind, ()):
        panel.pop(key, None)
    defaults = panel.get("fieldConfig", {}).get("defaults", {})
    for key in _LEGACY_DEFAULTS_BY_TYPE.get(kind, ()):
        defaults.pop(key, None)
    if kind == "gauge":
        panel["fieldConfig"].pop("showThresholdLabels", None)
        panel["fieldConfig"].pop("showThresholdMarkers", None)
    if kind == "bargauge":
        for key in ("fieldOptions", "showThresholdLabels", "showThresholdMarkers"):
            panel["options"].pop(key, None)
    if kind in ("row", "text"):
        panel.pop("targets", None)
        panel.pop("fieldConfig", None)
        panel.pop("transformations", None)
        panel.pop("datasource", None)
        if kind == "row":
            for key in ("description", "links", *_NOT_ROW_KEYS):
                panel.pop(key, None)
    if kind == "timeseries":
        custom = panel["fieldConfig"]["defaults"]["custom"]
        for key in ("axisSoftMin", "axisSoftMax"):
            if custom.get(key) is None:
                custom.pop(key, None)
        for key in ("min", "max", "decimals"):
            if panel["fieldConfig"]["defaults"].get(key) is None:
                panel["fieldConfig"]["defaults"].pop(key, None)
    if kind == "stat" and panel["fieldConfig"]["defaults"].get("color") is None:
        panel["fieldConfig"]["defaults"]["color"] = {"mode": "thresholds"}


def panels_of(document: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    """Every panel of a rendered dashboard, rows' nested panels included."""
    for panel in document.get("panels", []):
        yield panel
        yield from panel.get("panels", [])
