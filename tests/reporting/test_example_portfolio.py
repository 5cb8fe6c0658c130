"""The report of the example portfolio (portfolio.yaml) over the dashboard tests' fixture: the
three outputs are written, with a section, figures and a chart for every product the config
has (the fixture covers every catalog metric, tests/dashboards/fixture.py). The values
themselves are the subject of test_report.py; here, that the real config's every product,
team and SLO reaches the report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portfolio.config.model import Portfolio
from portfolio.sources import github
from reporting.__main__ import run
from tests.conftest import EXAMPLE
from tests.dashboards import promdata

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def written(
    example_portfolio: Portfolio, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    workdir = tmp_path_factory.mktemp("example-report")
    out = workdir / "report"
    with promdata.backfilled_prometheus(example_portfolio, workdir) as backfilled:
        args = ["--config", str(EXAMPLE), "--url", backfilled.server.url, "--out", str(out)]
        assert run([*args, "--end", str(backfilled.end)], environ={}) == 0
    yield out


def test_every_product_has_its_figures(written: Path, example_portfolio: Portfolio) -> None:
    doc: dict[str, Any] = json.loads((written / "report.json").read_text())
    products = {p["id"]: p for p in doc["products"]}
    assert list(products) == [p.id for p in example_portfolio.products]
    for product in example_portfolio.products:
        got = products[product.id]
        assert got["team"] == product.team
        if github.SOURCE.of(product) is not None:
            assert got["dora"]["counts"]["finished"] > 0, product.id
        assert [(s["slo"], s["target"]) for s in got["slos"]] == [
            (s.name, s.target_ratio) for s in product.slos
        ]
        availability = next(s for s in got["slos"] if s["slo"] == "availability")
        assert availability["attainment"] is not None, product.id
        assert {(p["environment"], p["endpoint"]) for p in got["probes"]} == {
            (e.environment, e.name) for e in product.endpoints
        }
        assert all(p["availability"] is not None for p in got["probes"]), product.id


def test_the_markdown_has_every_team_and_product_with_its_chart(
    written: Path, example_portfolio: Portfolio
) -> None:
    markdown = (written / "report.md").read_text()
    for team in example_portfolio.teams:
        if any(p.team == team.id for p in example_portfolio.products):
            assert f"\n## Team {team.name} (`{team.id}`)\n" in markdown
    for product in example_portfolio.products:
        assert f"\n### {product.name} (`{product.id}`)\n" in markdown
        assert f"](charts/{product.id}.png)" in markdown
        assert (written / "charts" / f"{product.id}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_csv_has_a_row_per_figure_of_every_product(
    written: Path, example_portfolio: Portfolio
) -> None:
    rows = list(csv.DictReader(io.StringIO((written / "report.csv").read_text())))
    for product in example_portfolio.products:
        attainment = [r for r in rows if r["product"] == product.id and r["metric"] == "attainment"]
        assert len(attainment) == 2 * len(product.slos)  # this period and the one before
