"""Model in, every artifact out: ``{relative path: file text}``. Pure: no I/O.

Each artifact kind is one builder in ``BUILDERS``; adding a kind means adding one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generators import dashboards
from generators.alerting import alertmanager
from generators.output.render import to_json, to_yaml
from generators.rule_tests import products as rule_tests
from generators.rule_tests import slo as slo_tests
from generators.rules import products as rules
from generators.rules import slo
from generators.stack import compose
from generators.stack import prometheus as stack
from portfolio import conventions
from portfolio.config.model import Portfolio

Outputs = dict[str, str]
Builder = Callable[[Portfolio], Outputs]


def _rules(p: Portfolio) -> Outputs:
    out = {"alert_rules/portfolio.rules.yml": to_yaml(rules.shared_rule_file(p), p.source)}
    if p.slos():
        out[slo.RULES_FILE] = to_yaml(slo.rule_file(p), p.source)
    for product in p.products:
        out[f"alert_rules/products/{product.id}.rules.yml"] = to_yaml(
            rules.product_rule_file(product, slo.metadata_recordings(product)), p.source
        )
    return out


def _rule_tests(p: Portfolio) -> Outputs:
    documents = {**rule_tests.build(p), **slo_tests.build(p)}
    return {f"alert_rules/tests/{name}": to_yaml(doc, p.source) for name, doc in documents.items()}


def _alertmanager(p: Portfolio) -> Outputs:
    return {"stack/alertmanager/alertmanager.yml": to_yaml(alertmanager.build(p), p.source)}


def _prometheus(p: Portfolio) -> Outputs:
    return {
        "stack/prometheus/prometheus.yml": to_yaml(stack.prometheus(p), p.source),
        "stack/blackbox/blackbox.yml": to_yaml(stack.blackbox(p), p.source),
    }


def _grafana(p: Portfolio) -> Outputs:
    base = "stack/grafana/provisioning"
    return {
        f"{base}/datasources/portfolio.yml": to_yaml(stack.grafana_datasources(p), p.source),
        f"{base}/dashboards/portfolio.yml": to_yaml(stack.grafana_dashboard_provider(p), p.source),
    }


def _dashboards(p: Portfolio) -> Outputs:
    out = to_json_outputs(dashboards.build(p))
    out[conventions.DASHBOARD_RULES_FILE] = to_yaml(dashboards.rule_file(p), p.source)
    return out


BUILDERS: Mapping[str, Builder] = {
    "rules": _rules,
    "rule-tests": _rule_tests,
    "alertmanager": _alertmanager,
    "prometheus": _prometheus,
    "grafana": _grafana,
    "dashboards": _dashboards,
    "compose": lambda p: {compose.COMPOSE_FILE: to_yaml(compose.build(p), p.source)},
}


def build_all(portfolio: Portfolio) -> Outputs:
    """Every generated file, keyed by path relative to the output root, in sorted order."""
    out: Outputs = {}
    for builder in BUILDERS.values():
        out.update(builder(portfolio))
    return dict(sorted(out.items()))


def to_json_outputs(documents: Mapping[str, object]) -> Outputs:
    """Helper for builders whose artifacts are JSON (dashboards)."""
    return {path: to_json(doc) for path, doc in documents.items()}
