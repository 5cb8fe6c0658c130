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
   recorded series over 7 or 30 days count only that part.

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
from tests.conftest import EXAMPLE
from tests.dashboards import promdata
from tests.dashboards.scaled import scaled_portfolio

SIZES = (10, 100, 1000)
REPEAT = 3
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


def _query_cost() -> None:
    if not (shutil.which("prometheus") and shutil.which("promtool")):
        print("query cost: skipped (apt-get install prometheus)")
        return
    days = float(os.environ.get("BENCH_DASHBOARD_DAYS", "30"))
    step = int(os.environ.get("BENCH_DASHBOARD_STEP", "300"))
    rule_hours = float(os.environ.get("BENCH_DASHBOARD_RULE_HOURS", "48"))
    portfolio = load_config(EXAMPLE)
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
                f"{time.perf_counter() - started:.0f}s (example portfolio)"
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
                worst = max(results, key=lambda result: result.samples)
                errors = [result for result in results if result.error or not result.series]
                print(
                    f"{by_uid[doc['uid']]:<20} {doc['time']['from'][4:]:>6} {len(results):>7} "
                    f"{total:>11,} {elapsed:>8.2f}  {worst.where.split(': ', 1)[1]} "
                    f"({worst.samples:,})" + (f"  [{len(errors)} empty/failed]" if errors else "")
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    _generation()
    _query_cost()


if __name__ == "__main__":
    main()
