"""Lint of every PromQL expression the generators emit (rules now, dashboard panels too).

An expression fails when it does not parse, selects a metric that is neither in the catalog
nor recorded by a generated rule, or matches on a label that metric does not have.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import promql_parser

from portfolio import catalog
from portfolio.catalog import Metric


@dataclass(frozen=True)
class LintFinding:
    where: str  # e.g. "alert_rules/portfolio.rules.yml: alert ProductDown"
    expr: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}\n    {self.expr}"


def selectors(expr: str) -> list[tuple[str | None, list[str]]]:
    """Parse ``expr`` and return each selector's metric name and matched label names.

    Raises ``ValueError`` when the expression does not parse.
    """
    tree = promql_parser.parse(expr)
    found: list[tuple[str | None, list[str]]] = []

    def visit(node: object) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            name = node.name
            labels = []
            for m in node.matchers.matchers:
                if m.name == "__name__" and str(m.op) == "MatchOp.Equal":
                    name = m.value
                elif m.name != "__name__":
                    labels.append(m.name)
            found.append((name, labels))

    promql_parser.walk(tree, pre_visit=visit)
    return found


def lint_expr(
    expr: str, where: str, recorded: Mapping[str, Metric] | None = None
) -> list[LintFinding]:
    """Check one expression against the catalog plus ``recorded`` series."""
    try:
        found = selectors(expr)
    except ValueError as exc:
        return [LintFinding(where, expr, f"does not parse: {exc}")]
    findings = []
    for name, labels in found:
        if name is None:
            findings.append(LintFinding(where, expr, "selector without a metric name"))
            continue
        hit = catalog.lookup(name, recorded)
        if hit is None:
            findings.append(
                LintFinding(where, expr, f"unknown metric '{name}' (not in the metric catalog)")
            )
            continue
        metric, series = hit
        allowed = metric.labels_for(series)
        for label in labels:
            if label not in allowed:
                findings.append(
                    LintFinding(
                        where,
                        expr,
                        f"metric '{name}' has no label '{label}' "
                        f"(labels: {', '.join(sorted(allowed)) or 'none'})",
                    )
                )
    return findings


def lint_all(
    exprs: Iterable[tuple[str, str]], recorded: Mapping[str, Metric] | None = None
) -> list[LintFinding]:
    """Lint ``(where, expr)`` pairs; return every finding."""
    return [f for where, expr in exprs for f in lint_expr(expr, where, recorded)]
