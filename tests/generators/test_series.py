"""The series counter's synthetic inputs (the counts themselves come from the real Prometheus:
``python -m generators.checks.series``, quoted in docs/scaling.md)."""

from __future__ import annotations

from pathlib import Path

from generators.checks import series
from portfolio import catalog, conventions
from portfolio.config.loader import load_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = load_config(ROOT / "portfolio.yaml")


def test_scaled_products_carry_their_own_slos_and_sources() -> None:
    scaled = series.scaled(EXAMPLE, 12)
    assert [p.id for p in scaled.products][:2] == ["p0000", "p0001"]
    assert all(slo.product == p.id for p in scaled.products for slo in p.slos)
    assert len(scaled.slos()) == sum(len(p.slos) for p in scaled.products)
    assert scaled.products[len(EXAMPLE.products)].sources == EXAMPLE.products[0].sources


def test_the_exposition_has_every_catalog_metric_of_the_source_for_each_product() -> None:
    text = series.exposition(EXAMPLE, "github")
    users = [p for p in EXAMPLE.products if "github" in p.sources]
    for metric in catalog.exporter_metrics("github"):
        name = metric.series_names()[0]
        lines = [line for line in text.splitlines() if line.startswith((name + "{", name + " "))]
        assert lines, name
        if conventions.PRODUCT in metric.labels:
            products = {p.id for p in users}
            assert {p for p in products if f'product="{p}"' in "".join(lines)} == products
