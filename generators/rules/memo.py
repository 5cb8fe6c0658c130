"""Memoise a pure function of the model for the portfolio it was last called with.

Builders ask for the same derived values (every alert, the SLO periods in use) once per
product; recomputing them walks every product again, which makes generation quadratic.
The model is frozen, so the result for one ``Portfolio`` object never changes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from portfolio.config.model import Portfolio

T = TypeVar("T")


def per_portfolio(fn: Callable[[Portfolio], T]) -> Callable[[Portfolio], T]:
    """Cache ``fn``'s result for the most recent portfolio (by identity; one entry)."""
    last: list[tuple[Portfolio, T]] = []

    @functools.wraps(fn)
    def cached(portfolio: Portfolio) -> T:
        if last and last[0][0] is portfolio:
            return last[0][1]
        result = fn(portfolio)
        last[:] = [(portfolio, result)]
        return result

    return cached
