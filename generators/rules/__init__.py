"""Stage ``rules``: every Prometheus rule file.

- ``products``: the shared recording rules and alerts, and each product's threshold series;
- ``slo``: SLI recordings, error budgets and burn-rate alerts;
- ``dashboards``: the recording rules the dashboards read (DORA levels, build rates);
- ``dora``: suspected change failures (a deployment followed by a failure signal);
- ``units``: the alert and recording-rule units they are all made of.

``build`` writes them; ``recorded_metrics`` and ``expressions`` feed the PromQL lint.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from generators.artifacts import ArtifactKind, Command, Expression, Outputs
from generators.output.render import to_yaml
from generators.rules import dashboards, dora, products, services, slo
from generators.rules.units import Recording
from portfolio import conventions
from portfolio import services as svc
from portfolio.catalog import Metric
from portfolio.config.model import Portfolio


def documents(portfolio: Portfolio) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each rule file's path and document, in file order (the mixin reads them too)."""
    yield conventions.SHARED_RULES_FILE, products.shared_rule_file(portfolio)
    if portfolio.slos():
        yield conventions.SLO_RULES_FILE, slo.rule_file(portfolio)
    for product in portfolio.products:
        document = products.product_rule_file(product, slo.metadata_recordings(product))
        yield conventions.product_rules_file(product.id), document
    yield conventions.DASHBOARD_RULES_FILE, dashboards.rule_file(portfolio)
    if dora.in_use(portfolio):
        yield dora.RULES_FILE, dora.rule_file(portfolio)
    if services.in_use(portfolio):
        yield svc.RULES_FILE, services.rule_file(portfolio)


def build(portfolio: Portfolio) -> Outputs:
    return {path: to_yaml(document, portfolio.source) for path, document in documents(portfolio)}


def recorded_metrics(portfolio: Portfolio) -> dict[str, Metric]:
    """Series the generated rules record, as catalog entries for the PromQL lint."""
    first = portfolio.products[:1]
    every: list[Recording] = [
        *products.recordings(portfolio),
        *(r for p in first for r in products.threshold_recordings(p)),
        *slo.recordings(portfolio),
        *services.recordings(portfolio),
    ]
    out: dict[str, Metric] = {}
    for rule in every:
        labels = (
            tuple(dict.fromkeys((*out[rule.record].labels, *rule.labels)))
            if rule.record in out
            else rule.labels
        )
        out[rule.record] = Metric(
            rule.record, "gauge", f"Recorded: {rule.expr}", labels, "", "rules"
        )
    return {**out, **dashboards.recorded_metrics(portfolio), **dora.recorded_metrics(portfolio)}


def expressions(portfolio: Portfolio) -> list[Expression]:
    """``(where, expr)`` for every generated rule, for the lint."""
    shared = conventions.SHARED_RULES_FILE
    slo_file = conventions.SLO_RULES_FILE
    exprs = [(f"{shared}: record {r.record}", r.expr) for r in products.recordings(portfolio)]
    exprs += [
        (f"{shared}: alert {a.name} ({a.severity})", a.expr) for a in products.all_alerts(portfolio)
    ]
    exprs += [(f"{slo_file}: record {r.record}", r.expr) for r in slo.recordings(portfolio)]
    exprs += [(f"{slo_file}: alert {a.name}", a.expr) for a in slo.alerts(portfolio)]
    exprs += [
        (f"{svc.RULES_FILE}: record {r.record}", r.expr) for r in services.recordings(portfolio)
    ]
    exprs += [(f"{svc.RULES_FILE}: alert {a.name}", a.expr) for a in services.alerts(portfolio)]
    return exprs + dashboards.expressions(portfolio) + dora.expressions(portfolio)


def tool_checks(root: Path) -> Sequence[Command]:
    files = sorted(glob.glob(f"{conventions.RULES_DIR}/*.rules.yml", root_dir=root))
    files += sorted(glob.glob(f"{conventions.PRODUCT_RULES_DIR}/*.rules.yml", root_dir=root))
    return [["promtool", "check", "rules", "--lint-fatal", *files]]


ARTIFACT = ArtifactKind(
    name="rules",
    summary="Prometheus recording and alerting rules (alert_rules/*.rules.yml)",
    build=build,
    expressions=expressions,
    recorded=recorded_metrics,
    tool_checks=tool_checks,
)
