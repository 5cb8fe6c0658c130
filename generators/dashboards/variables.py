"""Substitute Grafana's variables in a panel query, as Grafana does before sending it.

``interpolate`` follows Grafana's rules for the Prometheus datasource: ``$__rate_interval`` is
``max($__interval + scrape interval, 4 * scrape interval)``, a multi-value variable becomes a
regex alternation (or its ``allValue`` for "All"), ``$__range`` is the dashboard's time range.
Used by the lint (with placeholder values) and by the tests that run every query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]")
LINT_VALUES = {
    "__rate_interval": "5m",
    "__interval": "1m",
    "__range": "6h",
    "__range_s": "21600",
}


def seconds_to_duration(seconds: float) -> str:
    return f"{int(seconds)}s"


def builtins(range_seconds: float, step_seconds: float, scrape_seconds: float) -> dict[str, str]:
    """Grafana's built-in interval variables for a query over ``range_seconds``."""
    rate = max(step_seconds + scrape_seconds, 4 * scrape_seconds)
    return {
        "__interval": seconds_to_duration(step_seconds),
        "__interval_ms": str(int(step_seconds * 1000)),
        "__rate_interval": seconds_to_duration(rate),
        "__range": seconds_to_duration(range_seconds),
        "__range_s": str(int(range_seconds)),
        "__range_ms": str(int(range_seconds * 1000)),
    }


def interpolate(expr: str, values: Mapping[str, str]) -> str:
    """Replace ``$name``, ``${name}`` and ``[[name]]``; unknown variables raise ``KeyError``."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2) or match.group(3)
        if name not in values:
            raise KeyError(name)
        return values[name]

    return _VARIABLE.sub(replace, expr)


def variables_in(expr: str) -> set[str]:
    return {
        match.group(1) or match.group(2) or match.group(3) for match in _VARIABLE.finditer(expr)
    }


def substitute_for_lint(expr: str) -> str:
    """Placeholders that keep the query parseable: intervals -> durations, others -> ``.*``."""
    values = {name: LINT_VALUES.get(name, ".*") for name in variables_in(expr)}
    return interpolate(expr, values)
