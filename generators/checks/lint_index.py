"""The lint index: every PromQL expression the artifact kinds carry, and every series their
recording rules create, read from the registry (``generators.pipeline.KINDS``)."""

from __future__ import annotations

from generators.artifacts import Expression
from generators.checks import promql_lint
from generators.pipeline import KINDS
from portfolio.catalog import Metric
from portfolio.config.model import Portfolio


def recorded_metrics(portfolio: Portfolio) -> dict[str, Metric]:
    """Series recorded by any kind's rules, as catalog entries (``source='rules'``)."""
    out: dict[str, Metric] = {}
    for kind in KINDS:
        out.update(kind.recorded(portfolio))
    return out


def expressions(portfolio: Portfolio) -> list[Expression]:
    return [expression for kind in KINDS for expression in kind.expressions(portfolio)]


def findings(portfolio: Portfolio) -> list[promql_lint.LintFinding]:
    """What is wrong with any generated expression (syntax, unknown metric or label)."""
    return promql_lint.lint_all(expressions(portfolio), recorded_metrics(portfolio))
