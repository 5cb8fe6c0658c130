"""Dashboards: generation cost against portfolio size, and query cost per dashboard load.

1. Time and size of the eight dashboards (plus their rule file) for 10, 100 and 1,000
   products: the files are templated, so their number and size stay constant and the time
   should too (ratio 1000/10 near 1).
2. Query cost of loading each dashboard over its default time range on
   ``BENCH_DASHBOARD_DAYS`` (default 30) days of data, for the example portfolio and for 100
   products (``BENCH_DASHBOARD_PRODUCTS``, default ``example,100``): per panel (all its
   queries) Prometheus' ``stats=all`` samples and its execution time (``execTotalTime``,
   best of three loads), every panel listed, then the ten heaviest against the goal of
   100,000 samples and 50 ms per panel, with their ratios. The data is what the panels read
   (``benchmarks/_dashdata.py``): raw series and recording rules only where a panel depends
   on them, at the portfolio's true 30 s interval where a range selector counts samples, one
   sample per 300 s elsewhere (an instant selector costs the same either way); the backfill's
   CPU and wall time are printed.

Needs prometheus and promtool for part 2 (skipped with a note when missing).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks import _dashdata
from generators import dashboards, rules
from portfolio import conventions
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio
from tests.conftest import EXAMPLE
from tests.dashboards import promdata
from tests.dashboards.scaled import scaled_portfolio
from tests.support import binaries

SIZES = (10, 100, 1000)
REPEAT = 3
PANEL_BUDGET = 100_000  # samples (stats=all) one panel may touch per dashboard load
PANEL_SECONDS = 0.050  # and the time Prometheus may take for them
POINTS = 1000  # a panel's width in pixels: its max data points when it sets none (ours set 100)
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
    sizes = os.environ.get("BENCH_DASHBOARD_PRODUCTS", "example,100").split(",")
    figures: dict[str, float] = {}
    for size in sizes:
        portfolio = load_config(EXAMPLE) if size == "example" else scaled_portfolio(int(size))
        figures |= _query_cost_of(portfolio, size, int(days * 86400))
    return figures


def _cpu() -> float:
    """CPU seconds of this process and its finished children (promtool, Prometheus)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class _Panel:
    samples: int = 0
    seconds: float = 0.0  # Prometheus' execution time, all its queries, best of REPEAT loads
    queries: int = 0
    failed: int = 0


def _loads(doc: dict[str, Any], backfilled: promdata.Backfilled, span: int) -> dict[str, _Panel]:
    """Per panel of ``doc``: samples and the fastest of REPEAT loads' execution times."""
    best: dict[int, promdata.QueryResult] = {}
    for _ in range(REPEAT):
        results = promdata.run_panel_queries(doc, backfilled, range_seconds=span, points=POINTS)
        for i, result in enumerate(results):
            if i not in best or result.seconds < best[i].seconds:
                best[i] = result
    panels: dict[str, _Panel] = {}
    for result in best.values():
        panel = panels.setdefault(_panel(result.where), _Panel())
        panel.samples += result.samples
        panel.seconds += result.seconds
        panel.queries += 1
        panel.failed += bool(result.error or not result.series)
    return panels


def _compactions(server: binaries.Server) -> float:
    """Compactions the server has run (its own /metrics: nothing scrapes it)."""
    for line in httpx.get(f"{server.url}/metrics", timeout=10).text.splitlines():
        if line.startswith("prometheus_tsdb_compactions_total "):
            return float(line.split()[1])
    return 0.0


def _query_cost_of(portfolio: Portfolio, size: str, span: int) -> dict[str, float]:
    label = "example portfolio" if size == "example" else f"{size} products"
    figures: dict[str, float] = {}
    panels: dict[str, _Panel] = {}
    documents = dashboards.documents(portfolio)
    the_plan = _dashdata.plan(portfolio, documents.values(), span, POINTS)
    workdir = Path(tempfile.mkdtemp(prefix="bench-dashboards-"))
    cpu, started = _cpu(), time.perf_counter()
    try:
        data = _dashdata.backfill(portfolio, the_plan, workdir)
        report = data.report
        cpu, wall = _cpu() - cpu, time.perf_counter() - started
        print(
            f"\n{label}: {span / 86400:g} days of what the panels read: "
            f"{report.raw_series:,} raw series ({report.raw_samples:,} samples), "
            f"{sum(map(len, the_plan.levels))} recording rules in "
            f"{len(the_plan.levels)} levels ({report.recorded_points:,} points); "
            f"the true {the_plan.scrape}s interval where a range selector reads, else "
            f"{_dashdata.COARSE}s"
        )
        print(
            f"backfill: cpu {cpu:.0f}s, wall {wall:.0f}s ("
            + ", ".join(f"{k} {v:.0f}s" for k, v in report.phases.items())
            + ")"
        )
        for where in the_plan.undercounted:
            print(f"  undercounted (range selector beyond the fine span): {where}")
        figures[f"{size}.backfill_cpu_s"] = cpu
        figures[f"{size}.backfill_wall_s"] = wall
        print(
            f"{'dashboard':<20} {'range':>6} {'queries':>7} {'samples':>11} {'ms':>8}  "
            "heaviest panel"
        )
        by_uid = {uid: key for key, uid in conventions.DASHBOARD_UIDS.items()}
        for doc in documents.values():
            # A fresh server per dashboard: Prometheus compacts the overlapping backfilled
            # blocks a minute after it starts, which would share the CPU with the queries.
            with data.serve() as backfilled:
                doc_span = min(_range_seconds(doc), backfilled.end - backfilled.start)
                per_panel = _loads(doc, backfilled, doc_span)
                compacted = _compactions(backfilled.server)
            panels |= per_panel
            total = sum(panel.samples for panel in per_panel.values())
            ms = 1000 * sum(panel.seconds for panel in per_panel.values())
            worst = max(per_panel, key=lambda where: per_panel[where].samples)
            failed = sum(panel.failed for panel in per_panel.values())
            key = by_uid[doc["uid"]]
            print(
                f"{key:<20} {doc['time']['from'][4:]:>6} "
                f"{sum(p.queries for p in per_panel.values()):>7} {total:>11,} {ms:>8.1f}  "
                f"{worst.split(': ', 1)[1]} ({per_panel[worst].samples:,})"
                + (f"  [{failed} empty/failed queries]" if failed else "")
                + ("  [a compaction ran meanwhile]" if compacted else "")
            )
            figures[f"{size}.{key}.samples"] = total
            figures[f"{size}.{key}.ms"] = ms
            figures[f"{size}.{key}.max_panel_samples"] = per_panel[worst].samples
            figures[f"{size}.{key}.empty_or_failed"] = failed
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nevery panel ({label}): samples, Prometheus execution ms (best of {REPEAT})")
    for where in sorted(panels):
        print(f"  {panels[where].samples:>9,} {1000 * panels[where].seconds:>7.1f}  {where}")
    over = [w for w, p in panels.items() if p.samples > PANEL_BUDGET]
    slow = [w for w, p in panels.items() if p.seconds > PANEL_SECONDS]
    print(
        f"\nten heaviest panels ({label}; goal <= {PANEL_BUDGET:,} samples and "
        f"<= {1000 * PANEL_SECONDS:g} ms per panel; {len(over)} over in samples, "
        f"{len(slow)} in time):"
    )
    print(f"  {'samples':>9} {'ratio':>6} {'ms':>7} {'ratio':>6}  panel")
    for where in sorted(panels, key=lambda where: -panels[where].samples)[:10]:
        panel = panels[where]
        print(
            f"  {panel.samples:>9,} {panel.samples / PANEL_BUDGET:>6.2f} "
            f"{1000 * panel.seconds:>7.1f} {panel.seconds / PANEL_SECONDS:>6.2f}  {where}"
        )
    slowest = max(panels, key=lambda where: panels[where].seconds)
    print(f"  slowest: {1000 * panels[slowest].seconds:.1f} ms  {slowest}")
    figures[f"{size}.panels_over_budget"] = len(over)
    figures[f"{size}.panels_over_time"] = len(slow)
    figures[f"{size}.max_panel_samples"] = max(p.samples for p in panels.values())
    figures[f"{size}.max_panel_ms"] = 1000 * panels[slowest].seconds
    return figures


def main() -> dict[str, float]:
    _generation()
    return _query_cost()


if __name__ == "__main__":
    main()
