"""Stage ``mixin``: the generated alerts, recording rules and dashboards as a monitoring mixin.

``mixin/mixin.libsonnet`` follows the monitoring-mixins conventions: hidden fields
``_config``, ``prometheusAlerts`` and ``prometheusRules`` (``{groups: [...]}``) and
``grafanaDashboards`` (``{"<uid>.json": dashboard}``), one file each, combined with ``+``, so a
user imports it and overrides ``_config``::

    (import 'mixin/mixin.libsonnet') + { _config+:: { blackboxSelector: 'job="probes"' } }

The content is what the rules and dashboards stages write (the mixin reads their documents, so
rendered with the defaults it equals them); the knobs of ``_config`` are the scrape jobs'
selectors (every rule and dashboard query), each product's thresholds (the
``product:threshold_*`` series), each alert's ``for`` and the dashboards' refresh and time zone.
"""

from __future__ import annotations

import functools
import re
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from generators import dashboards, rules
from generators.artifacts import ArtifactKind, Command, Outputs
from generators.mixin.jsonnet import Code, field, render, string, template
from generators.output.render import header
from portfolio import conventions
from portfolio.config.model import Portfolio, Product
from portfolio.sources import SOURCES

DIRECTORY = "mixin"
MIXIN_FILE = f"{DIRECTORY}/mixin.libsonnet"
PARTS = ("config", "alerts", "rules", "dashboards")  # mixin.libsonnet adds them in this order

# Threshold series -> (``_config.thresholds.<product>`` key, attribute of the model's thresholds)
THRESHOLDS: Mapping[str, tuple[str, str]] = {
    conventions.T_UPTIME: ("uptime", "uptime_ratio"),
    conventions.T_ERROR: ("errorRate", "error_ratio"),
    conventions.T_LATENCY: ("responseTimeSeconds", "response_time_seconds"),
}


def jobs() -> tuple[str, ...]:
    """Every scrape job a rule or dashboard may select."""
    fixed = (
        conventions.JOB_BLACKBOX,
        conventions.JOB_BLACKBOX_EXPORTER,
        conventions.JOB_PROMETHEUS,
        conventions.JOB_ALERTMANAGER,
        conventions.JOB_PUSHGATEWAY,
    )
    return (*fixed, *(conventions.exporter_job(source.name) for source in SOURCES))


def selector_key(job: str) -> str:
    """``github-exporter`` -> ``githubExporterSelector``."""
    first, *rest = re.split(r"[^A-Za-z0-9]+", job)
    return first + "".join(word.capitalize() for word in rest) + "Selector"


@functools.cache
def _selectors() -> Mapping[str, str]:
    """``job="<job>"`` -> its ``_config`` key (fixed by the sources: built once)."""
    return {f'job="{job}"': selector_key(job) for job in jobs()}


def _threshold_value(product: Product, attribute: str) -> float:
    value: float = getattr(product.thresholds, attribute)
    return value


def _templated(value: Any, selectors: Mapping[str, str]) -> Any:
    """Every string of ``value`` with the selectors read from ``_config``."""
    if isinstance(value, str):
        return template(value, selectors)
    if isinstance(value, Mapping):
        return {key: _templated(item, selectors) for key, item in value.items()}
    if isinstance(value, list):
        return [_templated(item, selectors) for item in value]
    return value


def _config_ref(*path: str) -> str:
    """``$._config.alertFor.ProductDown`` (indexed with a string where a part is no name)."""
    return "$._config" + "".join(
        f".{part}" if field(part) == part else f"[{string(part)}]" for part in path
    )


def _rule(rule: Mapping[str, Any], products: Mapping[str, Product]) -> Any:
    templated = _templated(rule, _selectors())
    if "alert" in rule and "for" in rule:
        templated["for"] = Code(_config_ref("alertFor", rule["alert"]))
    product = rule.get("labels", {}).get(conventions.PRODUCT)
    if rule.get("record") in THRESHOLDS and product in products:
        key, _ = THRESHOLDS[rule["record"]]
        templated["expr"] = Code(
            f'"vector(%g)" % {_config_ref("thresholds", product, key)}'  # the rules' own :g
        )
    return templated


def rule_groups(portfolio: Portfolio) -> list[dict[str, Any]]:
    """Every group of every rule file the rules stage writes, in its order (its documents,
    not its text read back: the same data without writing and parsing it again)."""
    groups: list[dict[str, Any]] = []
    for _, document in rules.documents(portfolio):
        groups += document["groups"]
    return groups


def _is_alerting(group: Mapping[str, Any]) -> bool:
    return any("alert" in rule for rule in group["rules"])


def _groups_file(field_name: str, groups: Iterable[Mapping[str, Any]], portfolio: Portfolio) -> str:
    products = {product.id: product for product in portfolio.products}
    templated = [
        {**group, "rules": [_rule(rule, products) for rule in group["rules"]]} for group in groups
    ]
    return _file(portfolio, {Code(f"{field_name}+::"): {Code("groups+:"): templated}})


def _dashboards_file(portfolio: Portfolio) -> str:
    boards: dict[Any, Any] = {}
    for path, document in dashboards.documents(portfolio).items():
        templated = _templated(document, _selectors())
        templated["refresh"] = Code("$._config.dashboardRefresh")
        templated["timezone"] = Code("$._config.dashboardTimezone")
        boards[Path(path).name] = dict(sorted(templated.items()))
    return _file(portfolio, {Code("grafanaDashboards+::"): boards})


def _alert_for(groups: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {
        rule["alert"]: rule["for"]
        for group in groups
        for rule in group["rules"]
        if "alert" in rule and "for" in rule
    }


def _config_file(portfolio: Portfolio, groups: Sequence[Mapping[str, Any]]) -> str:
    selectors = {key: literal for literal, key in _selectors().items()}
    thresholds = {
        product.id: {
            key: _threshold_value(product, attribute) for key, attribute in THRESHOLDS.values()
        }
        for product in portfolio.products
    }
    dashboard = next(iter(dashboards.documents(portfolio).values()))
    knobs: list[tuple[str, Mapping[str, Any]]] = [
        (
            "Label selector of each scrape job, in every rule and dashboard query of its metrics.",
            selectors,
        ),
        (
            "Each product's thresholds (portfolio.yaml products.<id>.thresholds), recorded as "
            "the product:threshold_* series the alerts and dashboards compare with.",
            {"thresholds": thresholds},
        ),
        (
            "How long each alert's condition must hold before it fires.",
            {"alertFor": _alert_for(groups)},
        ),
        ("Auto-refresh interval of every dashboard.", {"dashboardRefresh": dashboard["refresh"]}),
        ("Time zone of every dashboard.", {"dashboardTimezone": dashboard["timezone"]}),
    ]
    lines = []
    for comment, fields in knobs:
        lines += [f"    // {line}" for line in textwrap.wrap(comment, 90)]
        lines += [f"    {field(key)}: {render(value, 2)}," for key, value in fields.items()]
    body = "{\n  _config+:: {\n" + "\n".join(lines) + "\n  },\n}"
    return f"// {header(portfolio.source)}\n{body}\n"


def _file(portfolio: Portfolio, fields: Mapping[Code, Any]) -> str:
    return f"// {header(portfolio.source)}\n{render(fields)}\n"


def _mixin_file(portfolio: Portfolio) -> str:
    imports = "\n+ ".join(f"(import {string(f'{part}.libsonnet')})" for part in PARTS)
    usage = (
        "// A monitoring mixin: override _config, e.g.\n"
        "//   (import 'mixin.libsonnet') + { _config+:: { blackboxSelector: 'job=\"probes\"' } }\n"
    )
    return f"// {header(portfolio.source)}\n{usage}{imports}\n"


def build(portfolio: Portfolio) -> Outputs:
    groups = rule_groups(portfolio)
    alerting = [group for group in groups if _is_alerting(group)]
    recording = [group for group in groups if not _is_alerting(group)]
    return {
        f"{DIRECTORY}/config.libsonnet": _config_file(portfolio, groups),
        f"{DIRECTORY}/alerts.libsonnet": _groups_file("prometheusAlerts", alerting, portfolio),
        f"{DIRECTORY}/rules.libsonnet": _groups_file("prometheusRules", recording, portfolio),
        f"{DIRECTORY}/dashboards.libsonnet": _dashboards_file(portfolio),
        MIXIN_FILE: _mixin_file(portfolio),
    }


def tool_checks(root: Path) -> Sequence[Command]:
    """The mixin evaluates (the jsonnet binding); that it equals the rules and dashboards is
    tested in ``tests/mixin/test_mixin.py``."""
    script = (
        "import _jsonnet; _jsonnet.evaluate_snippet('check', "
        "\"local m = import 'mixin.libsonnet'; "
        '[m.prometheusAlerts, m.prometheusRules, m.grafanaDashboards]", '
        f"jpathdir={DIRECTORY!r})"
    )
    return [[sys.executable, "-c", script]] if (root / MIXIN_FILE).exists() else []


ARTIFACT = ArtifactKind(
    name="mixin",
    summary="the alerts, recording rules and dashboards as a Jsonnet monitoring mixin (mixin/)",
    build=build,
    tool_checks=tool_checks,
)
