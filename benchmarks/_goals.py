"""The performance goals (issue #19) against the figures a ``make bench`` run measured.

``python -m benchmarks`` prints this table after the benchmarks it ran: per goal the measured
value, the goal and value / goal (at most 1 meets it). A row whose benchmark did not run, or
did not produce the figure (no prometheus installed, say), says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    what: str
    benchmark: str
    figure: str
    limit: float | None  # at most this; None: reported, no goal
    unit: str


GOALS = (
    Goal(
        "build 1,000 products, x the libyaml+json floor",
        "generate",
        "1000.ratio_to_floor",
        1.5,
        "x",
    ),
    Goal(
        "dashboards, example: heaviest panel",
        "dashboards",
        "example.max_panel_samples",
        100_000,
        "samples",
    ),
    Goal("dashboards, example: slowest panel", "dashboards", "example.max_panel_ms", 50, "ms"),
    Goal(
        "dashboards, 100 products: heaviest panel",
        "dashboards",
        "100.max_panel_samples",
        100_000,
        "samples",
    ),
    Goal("dashboards, 100 products: slowest panel", "dashboards", "100.max_panel_ms", 50, "ms"),
    Goal(
        "GitHub exporter RSS, own process, 100 repos",
        "github_exporter",
        "exporter_rss_mib",
        60,
        "MiB",
    ),
    Goal(
        "GitHub exporter /metrics p99, own process, 100 repos",
        "github_exporter",
        "process_metrics_p99_ms",
        5,
        "ms",
    ),
    Goal("make check, 100 products, CPU", "check", "100.check.cpu_s", None, "s"),
    Goal("make check, 100 products, wall", "check", "100.check.wall_s", None, "s"),
    Goal("make check, 1,000 products, CPU (extrapolated)", "check", "1000.check.cpu_s", None, "s"),
    Goal(
        "make check, 1,000 products, wall (extrapolated)", "check", "1000.check.wall_s", None, "s"
    ),
)


def table(results: Mapping[str, Mapping[str, float]]) -> str:
    """The goal rows of the benchmarks in ``results`` (``{benchmark: figures}``)."""
    rows = [("what", "measured", "goal", "ratio")]
    for goal in GOALS:
        if goal.benchmark not in results:
            continue
        value = results[goal.benchmark].get(goal.figure)
        if value is None:
            rows.append((goal.what, "not measured", _limit(goal), "-"))
            continue
        ratio = f"{value / goal.limit:.2f}" if goal.limit else "-"
        rows.append((goal.what, f"{value:,.1f} {goal.unit}", _limit(goal), ratio))
    if len(rows) == 1:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}"
        for row in rows
    )


def _limit(goal: Goal) -> str:
    return f"<= {goal.limit:,g} {goal.unit}" if goal.limit else "(reported)"
