"""Dashboards: generation cost against portfolio size, and query cost per dashboard load.

1. Time and size of the eight dashboards (plus their rule file) for 10, 100 and 1,000
   products: the files are templated, so their number and size stay constant and the time
   should too (ratio 1000/10 near 1).
2. Query cost of loading each dashboard over its default time range, on backfilled data for
   the example portfolio (``BENCH_DASHBOARD_DAYS``, default 30, one sample every
   ``BENCH_DASHBOARD_STEP`` seconds, default 300): Prometheus' ``stats=all`` samples summed
   over every panel query, the heaviest panel, and wall time. Samples of raw series scale
   linearly with the scrape resolution (a 30 s scrape is 10x the 300 s default). Recording
   rules are backfilled for the last ``BENCH_DASHBOARD_RULE_HOURS`` (default 48): over 30
   days the SLO rules' 30-day windows alone take longer than the raw data, so panels reading
   recorded series over 7 or 30 days count only that part. Samples are summed per panel
   (all its queries); the ten heaviest panels are listed against a budget of 100,000 per
   panel (``BENCH_DASHBOARD_ALL_PANELS=1`` lists every panel). Run for the example portfolio
   and for 100 products (``BENCH_DASHBOARD_PRODUCTS``, default ``example,100``).

Needs prometheus and promtool for part 2 (skipped with a note when missing).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from generators import dashboards, rules
from portfolio import conventions
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio
from tests.conftest import EXAMPLE
from tests.dashboards import promdata
from tests.dashboards.scaled import scaled_portfolio

SIZES = (10, 100, 1000)
REPEAT = 3
PANEL_BUDGET = 100_000  # samples (stats=all) one panel may touch per dashboard load
_RANGE = re.compile(r"now-(\d+)([mhd])")
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400}


def _generation() -> None:
    print(f"{'products':>9} {'files':>6} {'bytes':>9} {'seconds':>8}")
    times = {}
    for product_count in SIZES:
        portfolio = scaled_portfolio(product_count)
        best = float("inf")
        for _ in range(REPEAT):
            started = time.perf_counter()
            out = dashboards.build(portfolio)
            rules.dashboards.rule_file(portfolio)
            best = min(best, time.perf_counter() - started)
        times[product_count] = best
        size = sum(len(text.encode()) for text in out.values())
        print(f"{product_count:>9} {len(out):>6} {size:>9} {best:>8.3f}")
    print(f"time ratio 1000/10 products: {times[1000] / times[10]:.2f} (1.00 = O(1))")


def _range_seconds(doc: dict[str, object]) -> int:
    match = _RANGE.fullmatch(str(doc["time"]["from"]))  # type: ignore[index]
    assert match, doc["time"]
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def _panel(where: str) -> str:
    """``Title: panel 'x' (A)`` -> ``Title: panel 'x'`` (a panel's queries summed)."""
    return where.rsplit(" (", 1)[0] if where.endswith(")") else where


def _query_cost() -> dict[str, float]:
    if not (shutil.which("prometheus") and shutil.which("promtool")):
        print("query cost: skipped (apt-get install prometheus)")
        return {}
    days = float(os.environ.get("BENCH_DASHBOARD_DAYS", "30"))
    step = int(os.environ.get("BENCH_DASHBOARD_STEP", "300"))
    rule_hours = float(os.environ.get("BENCH_DASHBOARD_RULE_HOURS", "48"))
    sizes = os.environ.get("BENCH_DASHBOARD_PRODUCTS", "example,100").split(",")
    figures: dict[str, float] = {}
    for size in sizes:
        portfolio = load_config(EXAMPLE) if size == "example" else scaled_portfolio(int(size))
        figures |= _query_cost_of(portfolio, size, days, step, rule_hours)
    return figures


def _query_cost_of(
    portfolio: Portfolio, size: str, days: float, step: int, rule_hours: float
) -> dict[str, float]:
    label = "example portfolio" if size == "example" else f"{size} products"
    figures: dict[str, float] = {}
    panels: dict[str, int] = {}
    workdir = Path(tempfile.mkdtemp(prefix="bench-dashboards-"))
    try:
        started = time.perf_counter()
        with promdata.backfilled_prometheus(
            portfolio,
            workdir,
            hours=days * 24,
            step=step,
            scrape_seconds=step,
            rule_hours=rule_hours,
        ) as backfilled:
            print(
                f"\nbackfilled {backfilled.series} series, {days:g} days, one sample per {step}s, "
                f"recording rules for the last {rule_hours:g}h, in "
                f"{time.perf_counter() - started:.0f}s ({label})"
            )
            print(
                f"{'dashboard':<20} {'range':>6} {'queries':>7} {'samples':>11} {'seconds':>8}  heaviest panel"
            )
            by_uid = {uid: key for key, uid in conventions.DASHBOARD_UIDS.items()}
            for doc in dashboards.documents(portfolio).values():
                span = min(_range_seconds(doc), backfilled.end - backfilled.start)
                query_started = time.perf_counter()
                results = promdata.run_panel_queries(
                    doc, backfilled, range_seconds=span, points=1000
                )
                elapsed = time.perf_counter() - query_started
                total = sum(result.samples for result in results)
                per_panel: dict[str, int] = {}
                for result in results:
                    per_panel[_panel(result.where)] = (
                        per_panel.get(_panel(result.where), 0) + result.samples
                    )
                panels |= per_panel
                worst = max(per_panel, key=lambda where: per_panel[where])
                errors = [result for result in results if result.error or not result.series]
                key = by_uid[doc["uid"]]
                print(
                    f"{key:<20} {doc['time']['from'][4:]:>6} {len(results):>7} "
                    f"{total:>11,} {elapsed:>8.2f}  {worst.split(': ', 1)[1]} "
                    f"({per_panel[worst]:,})"
                    + (f"  [{len(errors)} empty/failed]" if errors else "")
                )
                figures[f"{size}.{key}.samples"] = total
                figures[f"{size}.{key}.max_panel_samples"] = per_panel[worst]
                figures[f"{size}.{key}.empty_or_failed"] = len(errors)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    over = [where for where, samples in panels.items() if samples > PANEL_BUDGET]
    print(
        f"\nten heaviest panels ({label}; budget {PANEL_BUDGET:,} samples per panel, "
        f"{len(over)} over):"
    )
    for where in sorted(panels, key=lambda where: -panels[where])[:10]:
        print(f"  {panels[where]:>11,}  {where}")
    if os.environ.get("BENCH_DASHBOARD_ALL_PANELS"):
        print(f"every panel ({label}):")
        for where in sorted(panels):
            print(f"  {panels[where]:>11,}  {where}")
    figures[f"{size}.panels_over_budget"] = len(over)
    figures[f"{size}.max_panel_samples"] = max(panels.values(), default=0)
    return figures


def main() -> dict[str, float]:
    _generation()
    return _query_cost()


if __name__ == "__main__":
    main()
