"""Every panel query of every dashboard, run against a real Prometheus over backfilled data.

The fixture covers every catalog metric for the example portfolio (OpenMetrics backfilled by
promtool); every generated recording rule is backfilled from it with ``promtool tsdb
create-blocks-from rules``. Variables are resolved by running their own queries, like Grafana
does on load; ``$__rate_interval`` and friends are computed as Grafana computes them. A query
that fails or returns nothing fails the test naming the dashboard and the panel.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generators import dashboards
from portfolio import conventions
from portfolio.config.model import Portfolio
from portfolio.sources import NAMES as SOURCE_NAMES
from tests.dashboards import promdata

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def backfilled(
    example_portfolio: Portfolio, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[promdata.Backfilled]:
    workdir: Path = tmp_path_factory.mktemp("dashboards-prometheus")
    with promdata.backfilled_prometheus(example_portfolio, workdir) as backfilled:
        yield backfilled


@pytest.fixture(scope="module")
def documents(example_portfolio: Portfolio) -> dict[str, dict[str, Any]]:
    by_uid = {uid: key for key, uid in conventions.DASHBOARD_UIDS.items()}
    return {by_uid[doc["uid"]]: doc for doc in dashboards.documents(example_portfolio).values()}


def test_the_fixture_covers_every_catalog_metric_the_portfolio_uses(
    backfilled: promdata.Backfilled, example_portfolio: Portfolio
) -> None:
    from portfolio import catalog
    from tests.support.binaries import query

    sources = set(example_portfolio.sources_in_use())
    for metric in catalog.ALL:
        if metric.source in SOURCE_NAMES and metric.source not in sources:
            continue
        series = metric.series_names()[0]
        found = query(backfilled.server, f"count({series})", at=backfilled.end)
        assert found, f"{series} is missing from the fixture"


@pytest.mark.parametrize("key", list(conventions.DASHBOARD_UIDS))
def test_every_panel_query_returns_data(
    key: str, documents: dict[str, dict[str, Any]], backfilled: promdata.Backfilled
) -> None:
    if key not in documents:
        pytest.fail(f"dashboard {key} is not built")
    results = promdata.run_panel_queries(documents[key], backfilled)
    failed = [
        f"{result.where}: {result.error}\n    {result.expr}" for result in results if result.error
    ]
    empty = [
        f"{result.where}: no data\n    {result.expr}"
        for result in results
        if not result.error and not result.series
    ]
    assert not failed, "queries failed:\n" + "\n".join(failed)
    assert not empty, "queries returned nothing:\n" + "\n".join(empty)
    assert results, f"{key}: no queries"
