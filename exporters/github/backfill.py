"""``python -m exporters.github backfill``: past history as OpenMetrics for
``promtool tsdb create-blocks-from openmetrics``.

The live exporter counts only what happens while it runs (re-exposing history as new events
would inflate deployment frequency, and samples with past timestamps are dropped by
Prometheus). This command reads the whole history window once, with jobs of past runs, and
writes every counter, histogram and windowed DORA gauge as it would have been sampled every
``--step``, ending at the last whole step before now, with the ``job``/``instance`` labels of
the live scrape job so dashboards see one continuous series.
"""

from __future__ import annotations

import argparse
import bisect
import logging
import math
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from exporters.github import ledger
from exporters.github.app import build
from exporters.github.settings import GitHubSettings
from exporters.github.state import EVENT_METRICS, GITHUB, GitHubState
from exporters.toolkit.families import bucket_index
from exporters.toolkit.runner import EXIT_BAD_INPUT, EXIT_OK
from exporters.toolkit.settings import parse_seconds
from portfolio import conventions
from portfolio.config.model import Portfolio

log = logging.getLogger(__name__)
EXIT_UPSTREAM = 1


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def number(value: float) -> str:
    """A sample value written losslessly: ``repr`` is the shortest text that reads back as
    the same float (``:g`` kept six digits); infinities and NaN in OpenMetrics' spelling."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(value)


def _labels(pairs: Sequence[tuple[str, str]]) -> str:
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in pairs) + "}"


def all_facts(state: GitHubState) -> list[ledger.Fact]:
    facts: list[ledger.Fact] = []
    for product, ledgers in state.products().items():
        facts += ledger.dora_facts(product, ledgers, state.rules)
        for repo_ledger in ledgers:
            facts += ledger.run_facts(product, repo_ledger)
    return facts


def render(
    state: GitHubState, start: float, end: float, step: float, extra: Sequence[tuple[str, str]]
) -> Iterator[str]:
    """OpenMetrics lines: counters/histograms cumulative from ``start``, gauges per step."""
    steps = [start + i * step for i in range(int((end - start) // step) + 1)]
    by_series: dict[tuple[str, tuple[str, ...]], list[ledger.Fact]] = {}
    for fact in all_facts(state):
        if start < fact.time <= end:
            by_series.setdefault((fact.metric, fact.labels), []).append(fact)
    for metric in sorted(
        m.name for m in EVENT_METRICS if m.name != "github_webhook_deliveries_total"
    ):
        entry = GITHUB[metric]
        base = metric.removesuffix("_total")
        series = sorted((k[1], v) for k, v in by_series.items() if k[0] == metric)
        if not series:
            continue
        yield f"# HELP {base} {entry.help}"
        yield f"# TYPE {base} {entry.type}"
        for labels, facts in series:
            pairs = [*zip(entry.labels, labels, strict=True), *extra]
            facts.sort(key=lambda f: f.time)
            times = [f.time for f in facts]
            if entry.type == "counter":
                for t in steps:
                    yield f"{metric}{_labels(pairs)} {bisect.bisect_right(times, t)} {t:.0f}"
                continue
            bounds = [*entry.buckets, math.inf]
            # Cumulative state per step; each histogram series is written as its own lines.
            rows: list[tuple[float, list[int], float, int]] = []
            counts = [0] * len(bounds)
            total, n, i = 0.0, 0, 0
            for t in steps:
                while i < len(facts) and facts[i].time <= t:
                    value = facts[i].value or 0.0
                    counts[bucket_index(entry.buckets, value)] += 1
                    total += value
                    n += 1
                    i += 1
                rows.append((t, list(counts), total, n))
            for b, bound in enumerate(bounds):
                le = "+Inf" if math.isinf(bound) else repr(float(bound))
                for t, cs, _, _ in rows:
                    yield f"{metric}_bucket{_labels([*pairs, ('le', le)])} {sum(cs[: b + 1])} {t:.0f}"
            for t, _, _, count in rows:
                yield f"{metric}_count{_labels(pairs)} {count} {t:.0f}"
            for t, _, s, _ in rows:
                yield f"{metric}_sum{_labels(pairs)} {number(s)} {t:.0f}"
    yield from _gauges(state, steps, extra)
    yield from _build_gauges(state, steps, extra)
    yield "# EOF"


def _gauges(
    state: GitHubState, steps: list[float], extra: Sequence[tuple[str, str]]
) -> Iterator[str]:
    names = {
        "deployments": "github_dora_deployments",
        "per_day": "github_dora_deployment_frequency_per_day",
        "lead_time": "github_dora_lead_time_seconds",
        "lead_time_p90": "github_dora_lead_time_p90_seconds",
        "change_failure_ratio": "github_dora_change_failure_ratio",
        "recovery_time": "github_dora_failed_deployment_recovery_seconds",
        "rework_ratio": "github_dora_deployment_rework_ratio",
    }
    values = {
        product: [ledger.window_values(ledgers, state.rules, t, state.window) for t in steps]
        for product, ledgers in state.products().items()
    }
    names_and_deprecated = [
        *names.items(),
        ("recovery_time", "github_dora_time_to_restore_seconds"),
    ]
    for attr, metric in names_and_deprecated:
        yield f"# HELP {metric} {GITHUB[metric].help}"
        yield "# TYPE " + metric + " gauge"
        for product, ledgers in state.products().items():
            labels = _labels(
                [
                    ("product", product),
                    ("environment", ledgers[0].environment),
                    ("window", state.window_label),
                    *extra,
                ]
            )
            for t, v in zip(steps, values[product], strict=True):
                value = getattr(v, attr)
                if value is not None:
                    yield f"{metric}{labels} {number(value)} {t:.0f}"


def _build_gauges(
    state: GitHubState, steps: list[float], extra: Sequence[tuple[str, str]]
) -> Iterator[str]:
    """The windowed build gauges at every step, as the live exporter computes them."""
    rows: dict[str, list[str]] = {
        name: []
        for name in (
            "github_workflow_window_runs",
            "github_workflow_window_success_ratio",
            "github_workflow_window_duration_seconds",
            "github_workflow_window_queue_seconds",
        )
    }
    window = state.builds_window_label
    for product, ledgers in state.products().items():
        for t in steps:
            stamp = f"{t:.0f}"
            for workflow, v in ledger.workflow_windows(ledgers, t, state.builds_window).items():
                base = [("product", product), ("workflow", workflow)]
                for conclusion, n in v.runs.items():
                    labels = _labels(
                        [*base, ("conclusion", conclusion), ("window", window), *extra]
                    )
                    rows["github_workflow_window_runs"].append(f"{labels} {n} {stamp}")
                if v.success_ratio is not None:
                    labels = _labels([*base, ("window", window), *extra])
                    rows["github_workflow_window_success_ratio"].append(
                        f"{labels} {number(v.success_ratio)} {stamp}"
                    )
                for name, by_q in (
                    ("github_workflow_window_duration_seconds", v.durations),
                    ("github_workflow_window_queue_seconds", v.queues),
                ):
                    for q, value in by_q.items():
                        labels = _labels(
                            [*base, ("quantile", f"{q:g}"), ("window", window), *extra]
                        )
                        rows[name].append(f"{labels} {number(value)} {stamp}")
    for name, lines in rows.items():
        yield f"# HELP {name} {GITHUB[name].help}"
        yield f"# TYPE {name} gauge"
        # OpenMetrics wants each series' samples together and in time order
        for line in sorted(lines, key=lambda x: (x.rsplit(" ", 2)[0], float(x.rsplit(" ", 1)[1]))):
            yield name + line


def write(
    state: GitHubState, out: TextIO, now: float, step: float, job: str, instance: str
) -> float:
    """Write the backfill; returns its end time (the last whole step at or before ``now``)."""
    end = math.floor(now / step) * step
    start = end - math.ceil(state.history / step) * step
    for line in render(state, start, end, step, [("instance", instance), ("job", job)]):
        out.write(line + "\n")
    return end


def run_backfill(settings: GitHubSettings, portfolio: Portfolio, args: argparse.Namespace) -> int:
    try:
        step = float(parse_seconds(args.step))
    except ValueError as exc:
        log.error("--step: %s", exc)
        return EXIT_BAD_INPUT
    if step <= 0:
        log.error("--step must be positive")
        return EXIT_BAD_INPUT
    exporter = build(settings, portfolio, history_jobs=True, count_from=-math.inf)
    try:
        if not exporter.refresh_all():
            log.error("could not read the whole history from GitHub; nothing written")
            return EXIT_UPSTREAM
        instance = args.instance or portfolio.stack.addresses["github_exporter"]
        job = args.job or conventions.exporter_job("github")
        if args.out == "-":
            end = write(exporter.state, sys.stdout, exporter.state.clock(), step, job, instance)
        else:
            tmp = args.out + ".tmp"
            with open(tmp, "w", encoding="utf-8") as handle:
                end = write(exporter.state, handle, exporter.state.clock(), step, job, instance)

            os.replace(tmp, args.out)  # atomic: never a half-written backfill file
        log.info(
            "backfill written up to %.0f; load it with: promtool tsdb create-blocks-from "
            "openmetrics %s <prometheus data dir>",
            end,
            args.out,
        )
    finally:
        exporter.close()
    return EXIT_OK
