"""Rules of the products' own services (``products.<id>.services``): ``services.rules.yml``.

Recording rules turn each convention's names (``portfolio.services``) into one shape, per
product, environment, team and service: request rate, 5xx rate and ratio, the duration
histogram's bucket rates and its p50/p95/p99, and the hosts' CPU and memory use from
node_exporter. The alerts compare the app-side figures with the product's own thresholds
(``product:threshold_error:ratio``, ``product:threshold_response_time:seconds``, written once
per product by ``generators.rules.products``), as the Cloudflare error alerts do.
"""

from __future__ import annotations

from typing import Any

from generators.rules.units import (
    Alert,
    Recording,
    alert_document,
    error_rate_alerts,
    latency_alert,
    recording_document,
)
from generators.selectors import selector
from portfolio import conventions
from portfolio import services as svc
from portfolio.config.model import Portfolio
from portfolio.services import Convention

WINDOW = "5m"
LABELS = svc.TARGET_LABELS
BY = svc.SERVICE_LEVEL
NODE_LABELS = (*LABELS, "instance")


def conventions_in_use(portfolio: Portfolio) -> tuple[Convention, ...]:
    """The conventions some service speaks, in ``portfolio.services`` order."""
    used = {s.convention.name for p in portfolio.products for s in p.services}
    return tuple(c for c in svc.CONVENTIONS.values() if c.name in used)


def in_use(portfolio: Portfolio) -> bool:
    return any(p.services for p in portfolio.products)


def has_hosts(portfolio: Portfolio) -> bool:
    return any(s.hosts for p in portfolio.products for s in p.services)


def _either(parts: list[str]) -> str:
    """One expression per convention; their series differ by job, so ``or`` only joins them."""
    return "\nor\n".join(parts)


def recordings(portfolio: Portfolio) -> tuple[Recording, ...]:
    used = conventions_in_use(portfolio)
    if not used:
        return ()
    requests = [f"sum by ({BY}) (rate({selector(c.requests, c.job)}[{WINDOW}]))" for c in used]
    errors = [
        f'sum by ({BY}) (rate({c.requests}{{job="{c.job}",{c.status_label}=~"{svc.SERVER_ERROR}"}}'
        f"[{WINDOW}]))"
        for c in used
    ]
    buckets = [f"sum by ({BY}, le) (rate({selector(c.buckets, c.job)}[{WINDOW}]))" for c in used]
    pet = f"{conventions.PRODUCT}, {conventions.ENVIRONMENT}, {conventions.TEAM}"
    rules = [
        Recording(svc.R_REQUESTS, _either(requests), LABELS),
        # No 5xx yet is a rate of 0, not no data: the ratio exists from the first request.
        Recording(svc.R_ERRORS, _either([*errors, f"0 * {svc.R_REQUESTS}"]), LABELS),
        Recording(svc.R_ERROR_RATIO, f"{svc.R_ERRORS}\n/\n{svc.R_REQUESTS}", LABELS),
        Recording(
            svc.R_PRODUCT_ERROR_RATIO,
            f"sum by ({pet}) ({svc.R_ERRORS})\n/\nsum by ({pet}) ({svc.R_REQUESTS})",
            (conventions.PRODUCT, conventions.ENVIRONMENT, conventions.TEAM),
        ),
        Recording(svc.R_BUCKETS, _either(buckets), (*LABELS, "le")),
        *(
            Recording(svc.r_quantile(q), f"histogram_quantile({q:g}, {svc.R_BUCKETS})", LABELS)
            for q in svc.QUANTILES
        ),
    ]
    if has_hosts(portfolio):
        node = ", ".join(NODE_LABELS)
        idle = selector("node_cpu_seconds_total", svc.NODE_JOB, mode="idle")
        available = selector("node_memory_MemAvailable_bytes", svc.NODE_JOB)
        total = selector("node_memory_MemTotal_bytes", svc.NODE_JOB)
        rules += [
            Recording(svc.R_CPU_BUSY, f"1 - avg by ({node}) (rate({idle}[{WINDOW}]))", NODE_LABELS),
            Recording(svc.R_MEMORY_USED, f"1 - {available} / {total}", NODE_LABELS),
        ]
    return tuple(rules)


def sli_error_ratio(window: str) -> str:
    """The availability SLI from the services' own requests (``slos.availability.source:
    services``): the share answered with 5xx over ``window``, per product and environment,
    every convention summed, for SLOs that read it (their objective series)."""
    pe = f"{conventions.PRODUCT}, {conventions.ENVIRONMENT}"

    def rates(server_errors: bool) -> str:
        parts = [
            f'rate({c.requests}{{job="{c.job}"'
            + (f',{c.status_label}=~"{svc.SERVER_ERROR}"' if server_errors else "")
            + f"}}[{window}])"
            for c in svc.CONVENTIONS.values()
        ]
        return f"sum by ({pe}) ({' or '.join(parts)})"

    return (
        f"(\n  {rates(True)}\n  or 0 * {rates(False)}\n)\n/\n{rates(False)}\n"
        f"and on({pe})\n"
        f'{conventions.SLO_OBJECTIVE}{{{conventions.SLO}="availability",source="services"}}'
    )


WHERE = "{{ $labels.service }} of {{ $labels.product }} ({{ $labels.environment }})"


def alerts(portfolio: Portfolio) -> tuple[Alert, ...]:
    used = conventions_in_use(portfolio)
    if not used:
        return ()
    a = portfolio.alerting
    f = a.for_
    on_product = f"on({conventions.PRODUCT}) group_left()"
    jobs = "|".join(c.job for c in used)
    return (
        *error_rate_alerts(
            portfolio,
            svc.ALERT_ERROR_RATE_HIGH,
            svc.R_ERROR_RATIO,
            on_product,
            WHERE,
            f"the service's requests failed with 5xx over {WINDOW}",
        ),
        latency_alert(
            portfolio,
            svc.ALERT_LATENCY_HIGH,
            svc.r_quantile(0.95),
            on_product,
            WHERE,
            "duration of the service's requests",
        ),
        Alert(
            name=svc.ALERT_TARGET_DOWN,
            expr=f'up{{job=~"{jobs}"}} == 0',
            severity=conventions.WARNING,
            kind=conventions.KIND_AVAILABILITY,
            summary=f"{WHERE} metrics cannot be scraped",
            description="Prometheus has failed to scrape {{ $labels.instance }} for more than "
            f"{f['endpoint']}: the instance is down or its metrics endpoint is.",
            for_=f["endpoint"],
        ),
    )


def rule_file(portfolio: Portfolio) -> dict[str, Any]:
    """``alert_rules/services.rules.yml``."""
    return {
        "groups": [
            {
                "name": svc.GROUP_RECORDING,
                "rules": [recording_document(r) for r in recordings(portfolio)],
            },
            {
                "name": svc.GROUP_ALERTS,
                "rules": [alert_document(x, portfolio) for x in alerts(portfolio)],
            },
        ]
    }
