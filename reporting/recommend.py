"""Recommendations keyed to the figures, not generic advice.

- For each product, its weakest DORA key (the lowest level; among equals, the farthest from
  the next level's bound) and what reaching that bound takes, in the period's own counts.
- An SLO whose budget is spent, or will be at the last day's burn before the next report.
- A non-paging alert that fired often while nothing of its product and kind paged: a noise
  candidate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from portfolio.config.model import LEVELS, Portfolio
from reporting import text
from reporting.figures import (
    DORA_KEYS,
    LEVEL_NAMES,
    NOISE_MIN_FIRINGS,
    Dora,
    DoraMetric,
    Figures,
    ProductReport,
    count_over,
)

NEXT_BOUND = ("medium", "high", "elite")  # the bound a level-N value must meet to move up
Recommendation = Mapping[str, str]


def _gap(key: str, value: float, bound: float) -> float:
    """How far the value is from the bound, as a factor >= 1."""
    if key == "deployment_frequency":
        return math.inf if value <= 0 else bound / value
    return math.inf if bound <= 0 else value / bound


def _bound(portfolio: Portfolio, key: str, current: int) -> float:
    bounds: Mapping[str, float] = getattr(portfolio.dora.levels, DORA_KEYS[key][0])
    return bounds[NEXT_BOUND[current]]


def _dora_text(dora: Dora, metric: DoraMetric, bound: float, days: float) -> str:
    assert metric.value is not None and metric.level is not None and dora.counts is not None
    counts = dora.counts
    target = LEVEL_NAMES[metric.level + 1]
    span = f"{text.number(days, 1)} days"
    if metric.key == "deployment_frequency":
        needed = math.ceil(bound * days - 1e-9)
        more = max(needed - round(counts.deployments), 1)
        return (
            f"deployment frequency {text.per_day(metric.value)} ({round(counts.deployments)} in "
            f"{span}): {target} needs at least {text.per_day(bound)}, {needed} in {span}; "
            f"{more} more successful deployment{'s' if more != 1 else ''} a period"
        )
    if metric.key == "lead_time":
        over, total, le = count_over(bound, counts.lead_buckets)
        return (
            f"lead time {text.duration(metric.value)} (median): {target} needs under "
            f"{text.bound(bound)}; {round(over)} of {round(total)} changes waited over "
            f"{text.bound(le)} from first commit to production"
        )
    if metric.key == "change_failure_rate":
        allowed = math.floor(bound * counts.finished + 1e-9)
        return (
            f"change failure rate {text.percent(metric.value, 1)} ({round(counts.change_failures)} "
            f"of {round(counts.finished)} deployments): {target} needs at most "
            f"{text.percent(bound, 1)}, at most {allowed} failed of {round(counts.finished)}"
        )
    over, total, le = count_over(bound, counts.recovery_buckets)
    return (
        f"failed deployment recovery time {text.duration(metric.value)} (median): {target} needs "
        f"under {text.bound(bound)}; {round(over)} of {round(total)} recoveries took over "
        f"{text.bound(le)}"
    )


def weakest_dora(
    product: ProductReport, portfolio: Portfolio, days: float
) -> Recommendation | None:
    dora = product.dora
    if dora is None or dora.counts is None:
        return None
    candidates = []
    for key in DORA_KEYS:
        metric = dora.metric(key)
        if metric.value is None or metric.level is None or metric.level >= len(LEVELS):
            continue
        bound = _bound(portfolio, key, metric.level)
        candidates.append((metric.level, -_gap(key, metric.value, bound), key, metric, bound))
    if not candidates:
        return None
    _, _, key, metric, bound = min(
        candidates, key=lambda c: (c[0], c[1], list(DORA_KEYS).index(c[2]))
    )
    return {
        "product": product.id,
        "kind": f"dora:{key}",
        "text": _dora_text(dora, metric, bound, days),
    }


def slo_budgets(product: ProductReport, days: float) -> list[Recommendation]:
    out: list[Recommendation] = []
    for slo in product.slos:
        name = f"{slo.slo} SLO ({text.percent(slo.target, 3)} over {slo.period})"
        if slo.budget_left is None:
            continue
        if slo.budget_left <= 0:
            out.append(
                {
                    "product": product.id,
                    "kind": f"slo:{slo.slo}",
                    "text": f"{name}: the error budget is spent ({text.percent(-slo.budget_left, 1)} "
                    f"over); the last day burned at {text.burn(slo.burn_rate_1d)}",
                }
            )
        elif slo.days_to_exhaustion is not None and slo.days_to_exhaustion < days:
            out.append(
                {
                    "product": product.id,
                    "kind": f"slo:{slo.slo}",
                    "text": f"{name}: at the last day's burn rate ({text.burn(slo.burn_rate_1d)}) the "
                    f"{text.percent(slo.budget_left, 1)} of budget left runs out in "
                    f"{text.days(slo.days_to_exhaustion)}, before the next report "
                    f"({text.number(days, 1)} d)",
                }
            )
    return out


def noise(product: ProductReport, figures: Figures) -> list[Recommendation]:
    paged = {(e.product, e.kind) for p in figures.products for e in p.incidents}
    return [
        {
            "product": product.id,
            "kind": f"noise:{a.alertname}",
            "text": f"{a.alertname} ({a.severity}) fired {a.firings} times "
            f"({text.duration(a.firing_seconds)} in all) and no {a.kind or 'such'} alert paged: "
            "a noise candidate (raise its threshold or for:, or make it info)",
        }
        for a in product.alerts
        if a.severity != "critical"
        and a.firings >= NOISE_MIN_FIRINGS
        and (product.id, a.kind) not in paged
    ]


def recommend(figures: Figures, portfolio: Portfolio) -> tuple[Recommendation, ...]:
    days = figures.period.days
    out: list[Recommendation] = []
    for product in figures.products:
        dora = weakest_dora(product, portfolio, days)
        if dora is not None:
            out.append(dora)
        out += slo_budgets(product, days)
        out += noise(product, figures)
    return tuple(out)
