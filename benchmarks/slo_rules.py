"""SLO rule and series counts next to Sloth's (its getting-started example: 17 rules per SLO).

Our SLO rules are shared by every SLO of the same SLI kind, so the rule count per SLO falls as
SLOs are added; each SLO still gets its own series (one per recording rule of its kind).
Series are counted from the model: one per SLO per recording rule that produces it, plus one
per probed endpoint for the latency helper series.
"""

from __future__ import annotations

from benchmarks.generate import synthetic_config
from generators.rules import slo
from portfolio.config.loader import load_config, parse_config
from portfolio.config.model import Portfolio

SLOTH_RULES_PER_SLO = 17  # 8 SLI recordings, 7 metadata recordings, 2 alerts
SLOTH_SERIES_PER_SLO = 15  # one per recording rule


def counts(portfolio: Portfolio) -> tuple[int, int, int, int]:
    slos = portfolio.slos()
    shared = len(slo.sli_recordings(portfolio)) + len(slo.budget_recordings(portfolio))
    shared += len(slo.alerts(portfolio))
    metadata = sum(len(slo.metadata_recordings(p)) for p in portfolio.products)
    kinds = slo.kinds(portfolio)
    windows = len(slo.windows(portfolio))
    series = 0
    for objective in slos:
        series += windows  # SLI error ratio per window
        series += 1  # period ratio
        series += 4  # error budget, budget remaining, current and period burn rate
        series += 3 if objective.threshold_seconds is not None else 2  # metadata
        if objective.name == "latency":
            product = next(p for p in portfolio.products if p.id == objective.product)
            series += sum(e.environment == objective.environment for e in product.endpoints)
    assert kinds
    return len(slos), shared + metadata, series, len(kinds)


def main() -> None:
    print(f"Sloth: {SLOTH_RULES_PER_SLO} rules and {SLOTH_SERIES_PER_SLO} recorded series per SLO")
    print(
        f"{'portfolio':>22} {'SLOs':>5} {'rules':>6} {'rules/SLO':>9} {'series/SLO':>10} {'SLI kinds':>9}"
    )
    cases = [("example (5 products)", load_config("portfolio.yaml"))]
    cases += [
        (f"synthetic {n} products", parse_config(synthetic_config(n), "bench.yaml"))
        for n in (10, 100, 1000)
    ]
    for name, portfolio in cases:
        n, rules, series, kinds = counts(portfolio)
        print(f"{name:>22} {n:>5} {rules:>6} {rules / n:>9.2f} {series / n:>10.2f} {kinds:>9}")


if __name__ == "__main__":
    main()
