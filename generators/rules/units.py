"""The units every rule file is made of: an alerting rule and a recording rule, checked when
built, and their YAML documents (with the final policy pass: runbook and dashboard links)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generators.errors import BuildError
from portfolio import conventions
from portfolio.config.model import Portfolio

SEVERITY_SET = frozenset(conventions.SEVERITIES)


@dataclass(frozen=True)
class Alert:
    """An alerting rule. Checked when built: unknown severity or missing summary fails here."""

    name: str
    expr: str
    severity: str
    kind: str
    summary: str
    description: str
    for_: str = field(default="0s", kw_only=True)
    # Has a product label, so it gets the product's runbook and dashboard links.
    product_scoped: bool = field(default=True, kw_only=True)
    extra_labels: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), kw_only=True
    )
    dashboard: str = field(default="product", kw_only=True)  # key of conventions.DASHBOARD_UIDS

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_SET:
            raise BuildError(f"alert '{self.name}': unknown severity '{self.severity}'")
        if not self.expr.strip() or not self.summary or not self.description:
            raise BuildError(f"alert '{self.name}': needs an expression, summary and description")


@dataclass(frozen=True)
class Recording:
    record: str
    expr: str
    labels: tuple[str, ...]  # labels the recorded series carries (for the lint)
    static_labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def threshold_query(series: str, fmt: str) -> str:
    """Template snippet printing a product's threshold, read live from its threshold series."""
    return (
        f'{{{{ with printf "{series}{{product=%q}}" $labels.product | query }}}}'
        f"{{{{ . | first | value | {fmt} }}}}{{{{ end }}}}"
    )


def error_rate_alerts(
    portfolio: Portfolio, name: str, ratio: str, join: str, subject: str, measured: str
) -> tuple[Alert, Alert]:
    """The critical and warning pair of an error-ratio alert: ``ratio`` (a recorded 5xx ratio)
    over the product's error threshold pages, over ``approaching`` times it warns. ``join`` is
    the ``on(product) group_left(...)`` to the threshold series, ``subject`` whose error rate
    it is (for the summary), ``measured`` what failed (the description's first words)."""
    a = portfolio.alerting
    desc = (
        f"{{{{ $value | humanizePercentage }}}} of {measured}; threshold "
        f"{threshold_query(conventions.T_ERROR, 'humanizePercentage')}"
    )
    return (
        Alert(
            name=name,
            expr=f"{ratio}\n> {join}\n{conventions.T_ERROR}",
            severity=conventions.CRITICAL,
            kind=conventions.KIND_ERROR_RATE,
            summary=f"{subject} error rate is above its threshold",
            description=f"{desc}.",
            for_=a.for_["error_rate"],
        ),
        Alert(
            name=name,
            expr=f"{ratio}\n> {join}\n({a.approaching:g} * {conventions.T_ERROR})",
            severity=conventions.WARNING,
            kind=conventions.KIND_ERROR_RATE,
            summary=f"{subject} error rate is approaching its threshold",
            description=f"{desc}; warning at {a.approaching:.0%} of it.",
            for_=a.for_["error_rate"],
        ),
    )


def latency_alert(
    portfolio: Portfolio, name: str, p95: str, join: str, subject: str, measured: str
) -> Alert:
    """The warning that ``p95`` (a recorded p95 duration) is over the product's response-time
    threshold; ``join``, ``subject`` and ``measured`` as for ``error_rate_alerts``."""
    return Alert(
        name=name,
        expr=f"{p95}\n> {join}\n{conventions.T_LATENCY}",
        severity=conventions.WARNING,
        kind=conventions.KIND_LATENCY,
        summary=f"{subject} responds slowly",
        description=f"p95 {measured} is {{{{ $value | humanizeDuration }}}}, above the threshold "
        f"of {threshold_query(conventions.T_LATENCY, 'humanizeDuration')}.",
        for_=portfolio.alerting.for_["latency"],
    )


def alert_document(alert: Alert, portfolio: Portfolio) -> dict[str, Any]:
    labels = {
        conventions.SEVERITY: alert.severity,
        conventions.KIND: alert.kind,
        **alert.extra_labels,
    }
    annotations = {"summary": alert.summary, "description": alert.description}
    # The final policy pass: every alert links its runbook and a dashboard.
    runbook = portfolio.runbook("{{ $labels.product }}", alert.name)
    if alert.product_scoped:
        annotations["runbook_url"] = runbook
        annotations["dashboard_url"] = (
            f"{portfolio.grafana_url}/d/{conventions.DASHBOARD_UIDS[alert.dashboard]}"
            "?var-product={{ $labels.product }}"
        )
    else:
        annotations["runbook_url"] = portfolio.runbook("monitoring", alert.name)
        annotations["dashboard_url"] = (
            f"{portfolio.grafana_url}/d/{conventions.DASHBOARD_UIDS['monitoring']}"
        )
    out: dict[str, Any] = {"alert": alert.name, "expr": alert.expr}
    if alert.for_ not in ("0s", ""):
        out["for"] = alert.for_
    out["labels"] = labels
    out["annotations"] = annotations
    return out


def recording_document(rule: Recording) -> dict[str, Any]:
    out: dict[str, Any] = {"record": rule.record, "expr": rule.expr}
    if rule.static_labels:
        out["labels"] = dict(rule.static_labels)
    return out
