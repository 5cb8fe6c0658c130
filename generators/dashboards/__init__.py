"""Dashboards as code: eight Grafana dashboards from the portfolio, built with grafanalib.

One module per dashboard (``build(portfolio) -> DashboardSpec``), registered in ``DASHBOARDS``;
``style`` holds the house-style panel constructors and the final policy pass. Dashboards are
templated by product and team, so the number of files does not grow with the portfolio.

Use ``build`` for the documents, ``rule_file`` for the recording rules they need,
``expressions`` / ``recorded_metrics`` for the PromQL lint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from generators.dashboards import analytics, builds, dora, monitoring, overview, product, slo, style
from generators.errors import BuildError
from generators.rules import dashboards as recording
from portfolio import conventions
from portfolio.catalog import Metric
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


def build(portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    """``{dashboards/<uid>.json: document}`` for every dashboard."""
    return {path(key): style.render(spec) for key, spec in specs(portfolio).items()}


def rule_file(portfolio: Portfolio) -> dict[str, Any]:
    return recording.rule_file(portfolio)


def recorded_metrics(portfolio: Portfolio) -> dict[str, Metric]:
    return recording.recorded_metrics(portfolio)


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


def expressions(portfolio: Portfolio) -> list[tuple[str, str]]:
    """Every query of every dashboard plus the dashboards' recording rules, for the lint.
    Grafana's variables are substituted with values that parse (``$__rate_interval`` -> 5m)."""
    from generators.dashboards.variables import substitute_for_lint

    found = recording.expressions(portfolio)
    for document in build(portfolio).values():
        found += [(where, substitute_for_lint(expr)) for where, expr in panel_queries(document)]
    return found
