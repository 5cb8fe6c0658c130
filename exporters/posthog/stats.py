"""Significance of a test PostHog gave only counts for (a flag-only test, or a PostHog version
whose experiment results carry no statistics), computed with SciPy (pinned), never by hand.

Per variant against control, from the 2x2 table (converted, not converted) x (variant,
control):

- ``significant``: Fisher's exact test, two-sided, ``p < ALPHA`` for any variant
  (``scipy.stats.fisher_exact``; exact, so it holds for small counts too);
- the 95% interval of the relative lift: the relative risk's confidence interval (Katz's log
  method, ``scipy.stats.contingency.relative_risk``) minus 1, so it reads like PostHog's
  credible interval of the lift.

There is no chance to win: that is a Bayesian figure only PostHog reports.
"""

from __future__ import annotations

import math
from dataclasses import replace

from exporters.posthog.api import ExperimentResult

ALPHA = 0.05
CONFIDENCE = 0.95


def complete(result: ExperimentResult) -> ExperimentResult:
    """``result`` with the interval and verdict of every variant PostHog left without them."""
    if result.significant is not None or len(result.variants) < 2:
        return result
    from scipy import stats  # type: ignore[import-untyped]  # imported only when needed: large
    from scipy.stats import contingency  # type: ignore[import-untyped]

    control, *others = result.variants
    filled = [control]
    verdicts = []
    for variant in others:
        if control.exposures <= 0 or variant.exposures <= 0:
            filled.append(variant)
            continue
        table = [
            [variant.conversions, variant.exposures - variant.conversions],
            [control.conversions, control.exposures - control.conversions],
        ]
        pvalue = float(stats.fisher_exact(table).pvalue)
        verdicts.append(pvalue < ALPHA)
        interval = variant.interval
        if control.conversions > 0 and variant.conversions > 0:
            ratio = contingency.relative_risk(
                int(variant.conversions),
                int(variant.exposures),
                int(control.conversions),
                int(control.exposures),
            ).confidence_interval(confidence_level=CONFIDENCE)
            low, high = float(ratio.low) - 1.0, float(ratio.high) - 1.0
            if math.isfinite(low) and math.isfinite(high):
                interval = (low, high)
        filled.append(replace(variant, interval=interval, significant=pvalue < ALPHA))
    return ExperimentResult(tuple(filled), any(verdicts) if verdicts else None)
