"""A portfolio of N products derived from the example, for scaling tests and benchmarks."""

from __future__ import annotations

import dataclasses

from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio
from tests.conftest import EXAMPLE


def scaled_portfolio(product_count: int) -> Portfolio:
    base = load_config(EXAMPLE)
    templates = base.products
    products = tuple(
        dataclasses.replace(
            templates[i % len(templates)], id=f"product{i:04d}", name=f"Product {i}"
        )
        for i in range(product_count)
    )
    return dataclasses.replace(base, products=products)
