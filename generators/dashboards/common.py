"""Selectors, variables and snippets the dashboards share. Names come from ``conventions``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generators.dashboards import style
from generators.dashboards.style import Query, Size
from portfolio import conventions

RATE = "$__rate_interval"
PRODUCT_VAR = "$product"
TEAM_VAR = "$team"
ENVIRONMENT_VAR = "$environment"


def team_variable() -> Any:
    return style.query_variable(
        "team",
        "Team",
        f"label_values({conventions.T_INFO}, {conventions.TEAM})",
        multi=True,
        include_all=True,
    )


def product_variable(
    *, multi: bool = True, source_metric: str | None = None, by_team: bool = True
) -> Any:
    """Products of the selected teams; with ``source_metric``, only products that have data
    from that source (e.g. ``plausible_visitors{job="plausible-exporter"}``)."""
    if source_metric:
        query = f"label_values({source_metric}, {conventions.PRODUCT})"
    elif not by_team:
        query = f"label_values({conventions.T_INFO}, {conventions.PRODUCT})"
    else:
        query = f'label_values({conventions.T_INFO}{{{conventions.TEAM}=~"$team"}}, {conventions.PRODUCT})'
    return style.query_variable("product", "Product", query, multi=multi, include_all=multi)


def environment_variable(product_matcher: str = PRODUCT_VAR) -> Any:
    operator = "=~" if product_matcher.startswith("$") else "="
    return style.query_variable(
        "environment",
        "Environment",
        f'label_values(probe_success{{job="{conventions.JOB_BLACKBOX}",{conventions.PRODUCT}{operator}"{product_matcher}"}},'
        f" {conventions.ENVIRONMENT})",
        multi=True,
        include_all=True,
    )


def product_link() -> dict[str, Any]:
    """Field link from any per-product value to the product detail dashboard."""
    return style.data_link(
        "Product detail: ${__field.labels.product}",
        style.dashboard_url("product", product="${__field.labels.product}"),
    )


def aggregate(how: str, labels: Sequence[str], series: str, *, instant: bool = False) -> Query:
    """``how by (labels) (series)``, each result named by its values of ``labels`` in order
    (legend ``{{product}} {{step}}``); ``instant`` for stats and bar gauges."""
    return Query(
        f"{how} by ({', '.join(labels)}) ({series})",
        " ".join(f"{{{{{label}}}}}" for label in labels),
        instant=instant,
    )


def share_of_threshold(
    title: str,
    description: str,
    value: str,
    threshold: str,
    *,
    legend: str,
    size: Size,
    thresholds: Sequence[Mapping[str, Any]],
) -> Any:
    """A stat of ``value`` over the product's own ``threshold`` series (joined on the product):
    100% is at the threshold."""
    return style.stat(
        title,
        description,
        [
            Query(
                f"{value}\n/ on({conventions.PRODUCT}) group_left()\n{threshold}",
                legend,
                instant=True,
            )
        ],
        unit="percentunit",
        size=size,
        thresholds=thresholds,
    )
