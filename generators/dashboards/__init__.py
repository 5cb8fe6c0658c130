"""Dashboards as code: eight Grafana dashboards from the portfolio, built with grafanalib.

One module per dashboard (``build(portfolio) -> DashboardSpec``), registered in ``DASHBOARDS``;
``style`` holds the house-style panel constructors and the final policy pass. Dashboards are
templated by product and team, so the number of files does not grow with the portfolio.

Use ``documents`` for the documents, ``build`` for their JSON files, ``expressions`` for the PromQL
lint. The recording rules the dashboards read are built by the rules stage
(``generators.rules.dashboards``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from generators.artifacts import ArtifactKind, Expression, Outputs
from generators.dashboards import analytics, builds, dora, monitoring, overview, product, slo, style
from generators.dashboards.variables import substitute_for_lint
from generators.errors import BuildError
from generators.output.render import to_json
from portfolio import conventions
from portfolio.config.model import Portfolio

Builder = Callable[[Portfolio], style.DashboardSpec]

# key (of conventions.DASHBOARD_UIDS) -> builder. Order is the order in the dashboard list.
DASHBOARDS: Mapping[str, Builder] = MappingProxyType(
    {
        "overview": overview.build,
        "product": product.build,
        "dora": dora.build,
        "builds": builds.build,
        "web": analytics.web,
        "product_analytics": analytics.product_analytics,
        "slo": slo.build,
        "monitoring": monitoring.build,
    }
)
DIRECTORY = "dashboards"


def path(key: str) -> str:
    return f"{DIRECTORY}/{conventions.DASHBOARD_UIDS[key]}.json"


def specs(portfolio: Portfolio) -> dict[str, style.DashboardSpec]:
    built = {}
    for key, builder in DASHBOARDS.items():
        try:
            built[key] = builder(portfolio)
        except BuildError as exc:
            raise BuildError(f"dashboard '{key}': {exc}") from exc
    return built


def documents(portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    """``{dashboards/<uid>.json: document}`` for every dashboard."""
    return {path(key): style.render(spec) for key, spec in specs(portfolio).items()}


def panel_queries(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """``(where, expr)`` for every query of a rendered dashboard: panels, variables and
    annotations, each named "dashboard title: panel title (refId)"."""
    title = document["title"]
    for panel in style.panels_of(document):
        for target in panel.get("targets", []):
            yield f"{title}: panel '{panel['title']}' ({target['refId']})", target["expr"]
    for annotation in document["annotations"]["list"]:
        if "expr" in annotation:
            yield f"{title}: annotation '{annotation['name']}'", annotation["expr"]


def expressions(portfolio: Portfolio) -> list[Expression]:
    """Every query of every dashboard, for the lint (their recording rules are the rules
    stage's). Grafana's variables are substituted with values that parse
    (``$__rate_interval`` -> 5m)."""
    found: list[Expression] = []
    for document in documents(portfolio).values():
        found += [(where, substitute_for_lint(expr)) for where, expr in panel_queries(document)]
    return found


def build(portfolio: Portfolio) -> Outputs:
    """The dashboards as JSON files (what the pipeline writes)."""
    return {path: to_json(document) for path, document in documents(portfolio).items()}


ARTIFACT = ArtifactKind(
    name="dashboards",
    summary="Grafana dashboards (dashboards/*.json)",
    build=build,
    expressions=expressions,
)
