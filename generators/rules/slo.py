"""SLO recording rules and multi-window multi-burn-rate alerts (Google SRE workbook).

Shared expressions serve every SLO through labels (``product``, ``slo``); each product's
rule file carries only its SLO metadata as series (objective, period, latency threshold).
So the rule count grows with the number of SLI *sources* and periods in use, not with the
number of SLOs.

SLIs:
- availability from probes: the share of failed blackbox probes of the SLO's environment.
- availability from Cloudflare: the share of 5xx responses.
- latency from probes: the share of probes that failed or took longer than the threshold.

Recorded per SLO: the SLI error ratio over every alert window and over the period, the
error budget, the budget remaining in the period, and the current and period burn rates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from generators.rules.memo import per_portfolio
from generators.rules.services import sli_error_ratio as services_sli
from generators.rules.units import Alert, Recording, alert_document, recording_document
from portfolio import conventions, durations
from portfolio.config.model import BurnWindow, Portfolio, Product, Slo

SLO_IDENTITY = f"{conventions.PRODUCT}, {conventions.SLO}"  # the labels that identify an SLO
SLI_LABELS = (conventions.PRODUCT, conventions.ENVIRONMENT, conventions.SLO, "source")
META_LABELS = (
    conventions.PRODUCT,
    conventions.SLO,
    conventions.TEAM,
    "source",
    conventions.ENVIRONMENT,
)


@dataclass(frozen=True)
class SliKind:
    """An SLI computed one way (slo name + source); one recording rule per window."""

    slo: str
    source: str

    def error_ratio(self, window: str) -> str:
        if (self.slo, self.source) == ("availability", "probes"):
            return (
                f"1 - avg by ({conventions.PRODUCT}, {conventions.ENVIRONMENT}) "
                f'(avg_over_time(probe_success{{job="{conventions.JOB_BLACKBOX}"}}[{window}]))\n'
                f"and on({conventions.PRODUCT}, {conventions.ENVIRONMENT})\n"
                f'{conventions.SLO_OBJECTIVE}{{{conventions.SLO}="availability",source="probes"}}'
            )
        if (self.slo, self.source) == ("availability", "cloudflare"):
            cf = f'cloudflare_requests_total{{job="{conventions.exporter_job("cloudflare")}"'
            return (
                f'sum by ({conventions.PRODUCT}) (rate({cf},status_class="5xx"}}[{window}]))\n'
                f"/\nsum by ({conventions.PRODUCT}) (rate({cf}}}[{window}]))\n"
                f"and on({conventions.PRODUCT})\n"
                f'{conventions.SLO_OBJECTIVE}{{{conventions.SLO}="availability",source="cloudflare"}}'
            )
        if (self.slo, self.source) == ("availability", "services"):
            return services_sli(window)
        if (self.slo, self.source) == ("latency", "probes"):
            return (
                f"1 - avg by ({conventions.PRODUCT}, {conventions.ENVIRONMENT}) "
                f"(avg_over_time({conventions.R_SLO_LATENCY_GOOD}[{window}]))"
            )
        raise ValueError(f"no SLI for {self.slo} from {self.source}")  # validated in semantic


@per_portfolio
def windows(portfolio: Portfolio) -> tuple[str, ...]:
    """Every window an alert reads, plus 5m for the current burn rate; shortest first."""
    used = {"5m"} | {w.long for w in portfolio.alerting.burn_windows}
    used |= {w.short for w in portfolio.alerting.burn_windows}
    return tuple(sorted(used, key=durations.seconds))


@per_portfolio
def kinds(portfolio: Portfolio) -> tuple[SliKind, ...]:
    return tuple(sorted({SliKind(s.name, s.source) for s in portfolio.slos()}, key=str))


@per_portfolio
def periods(portfolio: Portfolio) -> tuple[str, ...]:
    return tuple(sorted({s.period for s in portfolio.slos()}, key=durations.seconds))


def sli_recordings(portfolio: Portfolio) -> tuple[Recording, ...]:
    rules: list[Recording] = []
    if any(k.slo == "latency" for k in kinds(portfolio)):
        rules.append(
            Recording(
                conventions.R_SLO_LATENCY_GOOD,
                f'(\n  probe_duration_seconds{{job="{conventions.JOB_BLACKBOX}"}}\n'
                f"  <= bool on({conventions.PRODUCT}, {conventions.ENVIRONMENT}) group_left()\n"
                f"  {conventions.SLO_LATENCY_THRESHOLD}\n)\n"
                f'* probe_success{{job="{conventions.JOB_BLACKBOX}"}}',
                (
                    "job",
                    "instance",
                    conventions.PRODUCT,
                    conventions.ENVIRONMENT,
                    conventions.ENDPOINT,
                    conventions.TEAM,
                ),
            )
        )
    for kind in kinds(portfolio):
        for window in windows(portfolio):
            rules.append(
                Recording(
                    conventions.slo_error_ratio(window),
                    kind.error_ratio(window),
                    SLI_LABELS,
                    # Both labels keep each kind's rules apart (promtool's duplicate lint).
                    MappingProxyType({conventions.SLO: kind.slo, "source": kind.source}),
                )
            )
    return tuple(rules)


def _over_budget(series: str, label: str = conventions.TEAM) -> str:
    return f"{series}\n/ on({SLO_IDENTITY}) group_left({label})\n{conventions.SLO_ERROR_BUDGET}"


def budget_recordings(portfolio: Portfolio) -> tuple[Recording, ...]:
    rules = [
        Recording(
            conventions.SLO_ERROR_PERIOD,
            f"avg_over_time({conventions.slo_error_ratio('5m')}[{period}])\n"
            f"and on({SLO_IDENTITY})\n({conventions.SLO_PERIOD_DAYS} == {durations.seconds(period) / 86400:g})",
            (*SLI_LABELS, "period"),
            MappingProxyType({"period": period}),
        )
        for period in periods(portfolio)
    ]
    rules += [
        Recording(conventions.SLO_ERROR_BUDGET, f"1 - {conventions.SLO_OBJECTIVE}", META_LABELS),
        Recording(
            conventions.SLO_BUDGET_REMAINING,
            f"1 - (\n{_over_budget(conventions.SLO_ERROR_PERIOD)}\n)",
            (*SLI_LABELS, conventions.TEAM),
        ),
        Recording(
            conventions.SLO_CURRENT_BURN,
            _over_budget(conventions.slo_error_ratio("5m")),
            (*SLI_LABELS, conventions.TEAM),
        ),
        Recording(
            conventions.SLO_PERIOD_BURN,
            _over_budget(conventions.SLO_ERROR_PERIOD),
            (*SLI_LABELS, conventions.TEAM),
        ),
    ]
    return tuple(rules)


def metadata_recordings(product: Product) -> tuple[Recording, ...]:
    """Per product: each SLO's objective, period and latency threshold as series."""
    rules: list[Recording] = []
    for slo in product.slos:
        labels = MappingProxyType(
            {
                conventions.PRODUCT: product.id,
                conventions.SLO: slo.name,
                conventions.TEAM: slo.owner,
                "source": slo.source,
                conventions.ENVIRONMENT: slo.environment,
            }
        )
        rules.append(
            Recording(
                conventions.SLO_OBJECTIVE, f"vector({slo.target_ratio:g})", META_LABELS, labels
            )
        )
        rules.append(
            Recording(
                conventions.SLO_PERIOD_DAYS,
                f"vector({slo.period_seconds / 86400:g})",
                META_LABELS,
                labels,
            )
        )
        if slo.threshold_seconds is not None:
            rules.append(
                Recording(
                    conventions.SLO_LATENCY_THRESHOLD,
                    f"vector({slo.threshold_seconds:g})",
                    META_LABELS,
                    labels,
                )
            )
    return tuple(rules)


alert_name = conventions.slo_alert


def _burn(slo_name: str, window: str, factor: float, *, with_team: bool) -> str:
    join = f"group_left({conventions.TEAM})" if with_team else "group_left()"
    series = f'{conventions.slo_error_ratio(window)}{{{conventions.SLO}="{slo_name}"}}'
    return f"{series} / on({SLO_IDENTITY}) {join} {conventions.SLO_ERROR_BUDGET} > {factor:g}"


def burn_expression(portfolio: Portfolio, slo_name: str, severity: str) -> str:
    """``or`` of every window pair of ``severity``, per SLO period in use."""
    pairs = [pair for pair in portfolio.alerting.burn_windows if pair.severity == severity]
    per_period = []
    for period in periods(portfolio):
        seconds = durations.seconds(period)
        conditions = [
            f"(\n  {_burn(slo_name, pair.long, pair.factor(seconds), with_team=True)}\n  and on({SLO_IDENTITY})\n"
            f"  {_burn(slo_name, pair.short, pair.factor(seconds), with_team=False)}\n)"
            for pair in pairs
        ]
        body = f"\nor on({SLO_IDENTITY})\n".join(conditions)
        per_period.append(
            f"(\n{body}\n)\nand on({SLO_IDENTITY}) ({conventions.SLO_PERIOD_DAYS} == {seconds / 86400:g})"
        )
    if len(per_period) == 1:
        return per_period[0]
    return f"\nor on({SLO_IDENTITY})\n".join(f"(\n{p}\n)" for p in per_period)


def _pairs_text(portfolio: Portfolio, severity: str) -> str:
    parts = []
    for period in periods(portfolio):
        seconds = durations.seconds(period)
        pairs = ", ".join(
            f"{w.factor(seconds):g}x over {w.long} and {w.short}"
            for w in portfolio.alerting.burn_windows
            if w.severity == severity
        )
        parts.append(f"{pairs} ({period} period)")
    return "; ".join(parts)


@per_portfolio
def alerts(portfolio: Portfolio) -> tuple[Alert, ...]:
    """A page (critical) and a ticket (warning) alert per SLO name in use."""
    objective = (
        f'{{{{ with printf "{conventions.SLO_OBJECTIVE}{{product=%q,slo=%q}}" $labels.product '
        "$labels.slo | query }}{{ . | first | value | humanizePercentage }}{{ end }}"
    )
    described = (
        "The {{ $labels.slo }} SLO of {{ $labels.product }} (objective "
        f"{objective}) is burning its error budget "
        '{{ $value | printf "%.1f" }} times faster than the period allows'
    )
    names = sorted({s.name for s in portfolio.slos()})
    out = []
    for name in names:
        for severity, verb in ((conventions.CRITICAL, "pages"), (conventions.WARNING, "tickets")):
            out.append(
                Alert(
                    name=alert_name(name),
                    expr=burn_expression(portfolio, name, severity),
                    severity=severity,
                    kind=conventions.KIND_SLO,
                    summary="{{ $labels.product }} is burning its {{ $labels.slo }} error budget"
                    + (" fast" if severity == conventions.CRITICAL else ""),
                    description=f"{described}; {verb} at {_pairs_text(portfolio, severity)}.",
                    dashboard="slo",
                )
            )
    return tuple(out)


def rule_file(portfolio: Portfolio) -> dict[str, Any]:
    """``alert_rules/slo.rules.yml``."""
    return {
        "groups": [
            {
                "name": conventions.GROUP_SLO_SLI,
                "rules": [recording_document(r) for r in sli_recordings(portfolio)],
            },
            {
                "name": conventions.GROUP_SLO_BUDGET,
                "rules": [recording_document(r) for r in budget_recordings(portfolio)],
            },
            {
                "name": conventions.GROUP_SLO_ALERTS,
                "rules": [alert_document(a, portfolio) for a in alerts(portfolio)],
            },
        ]
    }


def recordings(portfolio: Portfolio) -> Iterable[Recording]:
    """Every SLO recording (first product's metadata stands for all), for the lint."""
    yield from sli_recordings(portfolio)
    yield from budget_recordings(portfolio)
    for product in portfolio.products:
        if product.slos:
            yield from metadata_recordings(product)
            break


def slo_of(portfolio: Portfolio, product: str, name: str) -> Slo:
    return next(s for s in portfolio.slos() if s.product == product and s.name == name)


def factor_of(window: BurnWindow, slo: Slo) -> float:
    return window.factor(slo.period_seconds)
