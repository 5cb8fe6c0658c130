"""Suspected change failures: a change failure signal that needs no incident issue.

A production deployment followed, within ``dora.suspected_failure_window``, by the start of one
of the product's failure signals is a *suspected change failure*. The signals are alerts the
rules already define, read from Prometheus' ``ALERTS`` series (so their thresholds, which are
series, and their ``for:`` hold as they do for paging): ``ProductDown``, the availability
burn-rate page (``AvailabilityBudgetBurn``, critical) and the 5xx ratio above the product's
threshold (``ProductErrorRateHigh``, critical). A product with none of them still gets every
rule: its signal is 0.

How one deployment is flagged once (docs/exporters/github.md, "Suspected change failures"):

1. ``product:dora_change_failure_signal:max`` is 1 while a signal fires for the product's
   production environment, else 0 (every product with a production deployment counter).
2. ``product:dora_suspected_change_failure:deployment`` is present while a failure *starts*
   (the signal is 1 now and was 0 within the last 5m) and a production deployment was seen
   within the window before it, and none within the last 5m (so its value cannot move while
   the start is read). Its value is the product's deployment counter: the number of the
   newest deployment, the one the failure is attributed to (as an incident is attributed to
   the newest deployment before it). The failure signal is read 5m late (``offset``): the
   GitHub exporter sees a deployment up to one refresh (5m) after it finished, so a failure
   that starts up to 5m before the counter moves may be the deployment's; one that started
   earlier came before it and never counts.
3. The suspected failures of the DORA window are the distinct values (deployments) the series
   took (``changes() + 1``): two failures after one deployment flag it once.
4. The rate divides them by the production deployments of the window (every final status, as
   the ticket-based change failure rate does).
"""

from __future__ import annotations

from typing import Any

from generators.rules import products
from generators.rules import slo as slo_rules
from generators.rules.units import Alert, Recording, recording_document
from generators.selectors import exporter_metric, production_regex
from portfolio import conventions
from portfolio.catalog import Metric
from portfolio.config.model import Portfolio

RULES_FILE = f"{conventions.RULES_DIR}/dora.rules.yml"
GROUP = "portfolio-dora-suspected-failures"
R_SIGNAL = "product:dora_change_failure_signal:max"
R_SUSPECTED = "product:dora_suspected_change_failure:deployment"
R_SUSPECTED_COUNT = "product:dora_suspected_change_failures:count30d"
R_DEPLOYMENTS = "product:github_deployments:increase30d"
R_SUSPECTED_RATIO = "product:dora_suspected_change_failure:ratio30d"
# The GitHub exporter's default refresh (GITHUB_DORA_INTERVAL, 300 s): how long after it
# finished a deployment may reach the counter; the failure signal is read this late.
DEPLOYMENT_LAG = "5m"
# A failure starts when its signal is 1 and was 0 within this window (two evaluations at
# least at any accepted evaluation interval; the shared rules' 5m window).
ONSET_WINDOW = "5m"
# The window of the exporter's DORA gauges (GITHUB_WINDOW default) and the dashboard's.
DORA_WINDOW = "30d"
SIGNAL_NAMES = (
    conventions.ALERT_PRODUCT_DOWN,
    conventions.slo_alert("availability"),
    conventions.ALERT_PRODUCT_ERROR_RATE_HIGH,
)


def in_use(portfolio: Portfolio) -> bool:
    return "github" in portfolio.sources_in_use()


def signal_alerts(portfolio: Portfolio) -> tuple[Alert, ...]:
    """The critical alerts of the portfolio that are change failure signals (ProductDown
    always; the error-rate page with Cloudflare; the burn-rate page with an availability SLO)."""
    every = (*products.product_alerts(portfolio), *slo_rules.alerts(portfolio))
    return tuple(a for a in every if a.name in SIGNAL_NAMES and a.severity == conventions.CRITICAL)


def deployments(portfolio: Portfolio) -> str:
    """Every production deployment that reached a final status (success, failure, error)."""
    return exporter_metric(
        "github", "github_deployments_total", environment=production_regex(portfolio)
    )


def signal_expr(portfolio: Portfolio) -> str:
    p, env = conventions.PRODUCT, conventions.ENVIRONMENT
    names = "|".join(sorted({a.name for a in signal_alerts(portfolio)}))
    alerts = f'ALERTS{{alertstate="firing",{conventions.SEVERITY}="{conventions.CRITICAL}",alertname=~"{names}"'
    deployed = deployments(portfolio)
    # Alerts with an environment count in the product's production environment (the one
    # its deployments go to); alerts without one (Cloudflare's) count for the product.
    return (
        f"max by ({p}) (\n"
        f"    {alerts}}}\n    and on({p}, {env}) {deployed}\n"
        f"  or\n"
        f'    {alerts},{env}=""}}\n    and on({p}) {deployed}\n'
        f")\nor on({p})\n0 * group by ({p}) ({deployed})"
    )


def suspected_expr(portfolio: Portfolio) -> str:
    p = conventions.PRODUCT
    deployed = deployments(portfolio)
    window = portfolio.dora.suspected_failure_window
    return (
        f"sum by ({p}) ({deployed})\n"
        f"and on({p}) ({R_SIGNAL} offset {DEPLOYMENT_LAG} == 1)\n"
        f"and on({p}) (min_over_time({R_SIGNAL}[{ONSET_WINDOW}] offset {DEPLOYMENT_LAG}) == 0)\n"
        f"and on({p}) (sum by ({p}) (increase({deployed}[{window}])) > 0)\n"
        f"and on({p}) (sum by ({p}) (increase({deployed}[{ONSET_WINDOW}])) == 0)"
    )


def recordings(portfolio: Portfolio) -> tuple[Recording, ...]:
    if not in_use(portfolio):
        return ()
    p = conventions.PRODUCT
    deployed = deployments(portfolio)
    labels = (p,)
    return (
        Recording(R_SIGNAL, signal_expr(portfolio), labels),
        Recording(R_SUSPECTED, suspected_expr(portfolio), labels),
        Recording(
            R_SUSPECTED_COUNT,
            f"changes({R_SUSPECTED}[{DORA_WINDOW}]) + 1\nor on({p})\n"
            f"0 * group by ({p}) ({deployed})",
            labels,
        ),
        # Rounded: increase() extrapolates a little past the samples; deployments are whole.
        Recording(
            R_DEPLOYMENTS,
            f"round(sum by ({p}) (increase({deployed}[{DORA_WINDOW}])))",
            labels,
        ),
        Recording(
            R_SUSPECTED_RATIO,
            f"{R_SUSPECTED_COUNT}\n/ on({p})\n({R_DEPLOYMENTS} > 0)",
            labels,
        ),
    )


def rule_file(portfolio: Portfolio) -> dict[str, Any]:
    """``alert_rules/dora.rules.yml`` (in the order the rules read each other)."""
    return {
        "groups": [{"name": GROUP, "rules": [recording_document(r) for r in recordings(portfolio)]}]
    }


def recorded_metrics(portfolio: Portfolio) -> dict[str, Metric]:
    return {
        r.record: Metric(r.record, "gauge", f"Recorded: {r.expr}", r.labels, "", "rules")
        for r in recordings(portfolio)
    }


def expressions(portfolio: Portfolio) -> list[tuple[str, str]]:
    return [(f"{RULES_FILE}: record {r.record}", r.expr) for r in recordings(portfolio)]
