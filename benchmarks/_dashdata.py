"""What the dashboards read over 30 days, on a real Prometheus, in minutes for 100 products.

A panel's cost (``stats=all`` samples) depends on the series it selects and, for a range
selector (``rate(x[5m])``, ``avg_over_time(r[$__interval])``), on their resolution; an
instant selector costs one sample per series per step whatever the resolution, as long as a
sample lies within the 5-minute lookback. So the fixture holds, per series, only what some
panel's cost depends on:

- **Only what is read.** Each panel query is parsed (``promql_parser``); every selector
  reaches back its dashboard's range (range queries) plus its ranges, subqueries and offsets.
  A recording rule read by a panel reaches back in turn by its own windows, down to the raw
  series. Families nothing reads (20-25% of the fixture, and every rule only alerts read) are
  left out, and each series starts where its first reader needs it: the builds histograms,
  read only by their 15-minute recordings over the builds dashboard's 24 hours, cover 24
  hours, not 30 days.
- **The true resolution where it counts.** The span a panel reads with a range selector is
  written at the portfolio's scrape interval (raw) and evaluated at its evaluation interval
  (recordings), both 30 s in the example; everything else is one sample per
  ``COARSE`` (300 s, the lookback) seconds. A recording evaluated at 30 s whose input is read
  with a range shorter than two coarse samples (``rate(x[5m])``) needs that input at 30 s
  too; an input read through a 15-minute range or an instant selector does not.
- **Recordings by query, one block per level.** ``promtool tsdb create-blocks-from rules``
  writes one block per rule per 2 hours (3,600 blocks for the 11 dashboard recordings over
  30 days, 100 s of promtool CPU for the example portfolio, and thousands of overlapping
  blocks for Prometheus to open and compact). Here each recording rule is evaluated the way
  a rule is, one ``query_range`` at its interval (one point per evaluation, the record name
  and the rule's labels set), and a level of rules (those reading only raw series and lower
  levels) is written as OpenMetrics and backfilled into one block with ``promtool tsdb
  create-blocks-from openmetrics``; Prometheus restarts over it before the next level.

What this does not measure: a panel whose range selector reaches beyond the fine span is
counted at the coarse resolution (``Plan.undercounted`` lists such queries; at the default
time ranges there are none), and recording *values* over coarse data are coarser than in
production (their sample counts are not).
"""

from __future__ import annotations

import contextlib
import math
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import httpx
import promql_parser
import yaml

from generators import pipeline
from generators.dashboards.variables import builtins, interpolate, variables_in
from portfolio import catalog, durations
from portfolio.config.model import Portfolio
from tests.dashboards import fixture, promdata
from tests.support import binaries

COARSE = 300  # seconds between samples outside the fine span; at most the lookback
LOOKBACK = 300  # Prometheus' default lookback delta (--query.lookback-delta)
MAX_POINTS = 11_000  # Prometheus' limit of points per series in one query_range
HEADROOM = 3 * 3600  # blocks must end before the head (~2h) starts
TOOL_TIMEOUT = 1800
RAW_BATCH = 8_000_000  # samples per OpenMetrics file (promtool holds a file in memory)
_LABEL_VALUES = "label_values("


@dataclass(frozen=True)
class Read:
    """A selector of ``name``: it reaches ``window`` seconds before the evaluation time;
    ``dense`` when inside a range selector (its cost depends on resolution), whose own range
    is ``range``."""

    name: str
    window: float
    dense: bool
    range: float = 0.0


def reads(expr: str) -> list[Read]:
    found: list[Read] = []

    def visit(node: Any, window: float, matrix: float | None) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            name = node.name or next(
                (m.value for m in node.matchers.matchers if m.name == "__name__"), ""
            )
            offset = node.offset.total_seconds() if node.offset else 0.0
            if matrix is None:
                found.append(Read(name, window + offset + LOOKBACK, dense=False))
            else:
                found.append(Read(name, window + offset, dense=True, range=matrix))
        elif isinstance(node, promql_parser.MatrixSelector):
            span = node.range.total_seconds()
            visit(node.vector_selector, window + span, span)
        elif isinstance(node, promql_parser.SubqueryExpr):
            offset = node.offset.total_seconds() if node.offset else 0.0
            reach = node.range.total_seconds() if node.range else 0.0
            visit(node.expr, window + reach + offset, None)
        elif isinstance(node, promql_parser.BinaryExpr):
            visit(node.lhs, window, matrix)
            visit(node.rhs, window, matrix)
        elif isinstance(node, promql_parser.Call):
            for arg in node.args:
                visit(arg, window, matrix)
        elif isinstance(node, promql_parser.AggregateExpr):
            visit(node.expr, window, matrix)
            if node.param is not None:
                visit(node.param, window, matrix)
        elif isinstance(node, promql_parser.ParenExpr | promql_parser.UnaryExpr):
            visit(node.expr, window, matrix)

    visit(promql_parser.parse(expr), 0.0, None)
    return found


@dataclass(frozen=True)
class Rule:
    record: str
    expr: str
    labels: tuple[tuple[str, str], ...]


def recording_rules(portfolio: Portfolio) -> list[Rule]:
    found = []
    for rel, text in pipeline.build_all(portfolio).items():
        if rel.startswith("alert_rules/") and rel.endswith(".rules.yml"):
            for group in yaml.safe_load(text)["groups"]:
                for rule in group["rules"]:
                    if "record" in rule:
                        labels = tuple(sorted((rule.get("labels") or {}).items()))
                        found.append(Rule(rule["record"], rule["expr"], labels))
    return found


@dataclass
class Need:
    """How far back from the end a series must exist (``any``) and how much of that at the
    true interval (``fine``, the last seconds)."""

    any: float = 0.0
    fine: float = 0.0


@dataclass
class Plan:
    span: int  # seconds of data
    scrape: int  # the true scrape and evaluation interval
    needs: dict[str, Need] = field(default_factory=dict)  # raw families and record names
    levels: list[list[Rule]] = field(default_factory=list)  # rules, inputs first
    undercounted: list[str] = field(default_factory=list)  # dense reads beyond the fine span

    def times(self, need: Need, end: int) -> list[int]:
        """Sample times: every ``COARSE`` s, then every ``scrape`` s over the fine span."""
        fine = min(self.span, math.ceil(need.fine / COARSE) * COARSE)
        first = end - min(self.span, math.ceil(need.any / COARSE) * COARSE)
        coarse = (
            list(range(first, end - fine, COARSE)) if fine else list(range(first, end + 1, COARSE))
        )
        return coarse + (list(range(end - fine, end + 1, self.scrape)) if fine else [])


def _range_seconds(document: Mapping[str, Any]) -> int:
    return int(durations.seconds(str(document["time"]["from"]).removeprefix("now-")))


def _panel_reads(
    documents: Iterable[Mapping[str, Any]], span: int, scrape: int, points: int
) -> Iterator[tuple[str, float, Read]]:
    """``(where, how far back the query's own time range reaches, read)`` of every panel,
    annotation and variable query at each dashboard's default time range."""
    for document in documents:
        seconds = min(_range_seconds(document), span)
        for q in promdata.queries_of(document):
            where, expr, instant = q.where, q.expr, q.instant
            step = promdata.step_seconds(q, seconds, points, scrape)
            values = {name: ".*" for name in variables_in(expr)}
            query = interpolate(expr, values | builtins(seconds, step, scrape))
            for read in reads(query):
                yield where, 0.0 if instant else seconds, read
        for template in document["templating"]["list"]:
            query = template.get("query")
            text = str(query.get("query", "") if isinstance(query, dict) else query or "")
            if text.startswith(_LABEL_VALUES) and "," in text:
                selector = text.removeprefix(_LABEL_VALUES).rsplit(",", 1)[0]
                selector = interpolate(selector, {name: ".*" for name in variables_in(selector)})
                for read in reads(selector):
                    yield f"{document['title']}: variable {template['name']}", seconds, read


def _family(name: str) -> str:
    hit = catalog.lookup(name)
    return hit[0].name if hit else name


def plan(
    portfolio: Portfolio, documents: Iterable[Mapping[str, Any]], span: int, points: int
) -> Plan:
    scrape = int(durations.seconds(portfolio.stack.scrape_interval))
    result = Plan(span, scrape)
    rules = recording_rules(portfolio)
    by_record: dict[str, list[Rule]] = {}
    for rule in rules:
        by_record.setdefault(rule.record, []).append(rule)
    needs: dict[str, Need] = {}

    def need(name: str) -> Need:
        return needs.setdefault(name if name in by_record else _family(name), Need())

    for where, reach, read in _panel_reads(documents, span, scrape, points):
        wanted = need(read.name)
        wanted.any = min(span, max(wanted.any, reach + read.window))
        if read.dense:
            wanted.fine = min(span, max(wanted.fine, reach + read.window))
            if reach + read.window > span:
                result.undercounted.append(where)
    # Down the rules: a recording needed back to t needs its inputs back to t + window.
    changed = True
    while changed:
        changed = False
        for record, defined in by_record.items():
            if record not in needs:
                continue
            wanted = needs[record]
            for rule in defined:
                for read in reads(rule.expr):
                    inner = need(read.name)
                    before = (inner.any, inner.fine)
                    inner.any = min(span, max(inner.any, wanted.any + read.window))
                    if wanted.fine and read.dense and read.range < 2 * COARSE:
                        inner.fine = min(span, max(inner.fine, wanted.fine + read.window))
                    changed |= (inner.any, inner.fine) != before
    result.needs = needs
    # Levels: a rule after every recording it reads.

    def level(rule: Rule, seen: frozenset[str] = frozenset()) -> int:
        inputs = {read.name for read in reads(rule.expr) if read.name in by_record} - seen
        return max(
            (
                1 + max(level(other, seen | {rule.record}) for other in by_record[name])
                for name in inputs
            ),
            default=0,
        )

    for rule in rules:
        if rule.record in needs and needs[rule.record].any:
            depth = level(rule)
            while len(result.levels) <= depth:
                result.levels.append([])
            result.levels[depth].append(rule)
    return result


# -- backfill ---------------------------------------------------------------------------


def _load_command(openmetrics: Path, data: Path, span: int) -> list[str]:
    """Backfill ``openmetrics`` in one pass (blocks as long as the data)."""
    return [
        binaries.require("promtool"),
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        f"--max-block-duration={span // 3600 + 1}h",
        str(openmetrics),
        str(data),
    ]


class _Loader:
    """Backfills OpenMetrics files in the background, one promtool at a time, so that
    Python writes the next file while promtool reads the last (two cores busy)."""

    def __init__(self, data: Path, span: int, workdir: Path) -> None:
        self.data, self.span, self.workdir = data, span, workdir
        self.running: tuple[subprocess.Popen[str], Path] | None = None

    def wait(self) -> None:
        if self.running is None:
            return
        proc, path = self.running
        self.running = None
        out, err = proc.communicate(timeout=TOOL_TIMEOUT)
        path.unlink()
        if proc.returncode != 0:
            raise RuntimeError(f"promtool backfill of {path.name} failed:\n{out}\n{err}")

    def load(self, openmetrics: Path) -> None:
        self.wait()
        command = _load_command(openmetrics, self.data, self.span)
        self.running = (
            subprocess.Popen(
                command, cwd=self.workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            ),
            openmetrics,
        )


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _write_recording(
    out: TextIO, server: binaries.Server, rule: Rule, times: list[int], scrape: int
) -> int:
    """Evaluate ``rule`` at ``times`` (runs of equal spacing) as the rule manager would and
    write its samples; return the number of points."""
    runs: list[tuple[int, int, int]] = []  # (start, end, step)
    for when in times:
        if runs and when - runs[-1][1] == runs[-1][2]:
            runs[-1] = (runs[-1][0], when, runs[-1][2])
        elif runs and runs[-1][0] == runs[-1][1]:
            runs[-1] = (runs[-1][0], when, when - runs[-1][0])
        else:
            runs.append((when, when, scrape))
    points = 0
    for start, end, step in runs:
        chunk = step * (MAX_POINTS - 1)
        for first in range(start, end + 1, chunk):
            response = httpx.get(
                f"{server.url}/api/v1/query_range",
                params={
                    "query": rule.expr,
                    "start": str(first),
                    "end": str(min(end, first + chunk - step)),
                    "step": str(step),
                },
                timeout=600,
            )
            body = response.json()
            if body.get("status") != "success":
                raise RuntimeError(f"recording {rule.record}: {body.get('error')}")
            for series in body["data"]["result"]:
                labels = {**series["metric"], **dict(rule.labels)}
                labels.pop("__name__", None)
                text = ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(labels.items()))
                key = f"{rule.record}{{{text}}}" if text else rule.record
                out.writelines(f"{key} {value} {stamp}\n" for stamp, value in series["values"])
                points += len(series["values"])
    return points


@dataclass
class Report:
    raw_series: int = 0
    raw_samples: int = 0
    recorded_points: int = 0
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase (wall)


@dataclass
class Fixture:
    """Backfilled data; ``serve()`` starts a Prometheus over it."""

    plan: Plan
    workdir: Path
    start: int
    end: int
    report: Report

    @contextlib.contextmanager
    def serve(self) -> Iterator[promdata.Backfilled]:
        config = self.workdir / "prometheus.yml"
        with binaries.prometheus(config, self.workdir, data_dir=self.workdir / "data") as server:
            yield promdata.Backfilled(
                server, self.start, self.end, self.plan.scrape, self.report.raw_series
            )


def backfill(portfolio: Portfolio, the_plan: Plan, workdir: Path) -> Fixture:
    """Write and backfill the planned raw series, then the recordings level by level."""
    report = Report()
    end = (int(time.time()) - HEADROOM) // 3600 * 3600
    data = workdir / "data"
    config = workdir / "prometheus.yml"
    config.write_text(yaml.safe_dump({"global": {"evaluation_interval": f"{the_plan.scrape}s"}}))
    result = Fixture(the_plan, workdir, end - the_plan.span, end, report)
    loader = _Loader(data, the_plan.span, workdir)
    started = time.perf_counter()
    batch, in_batch = 0, 0
    out = (workdir / "raw0.om").open("w", encoding="utf-8")
    for metric, label_sets in fixture.series_of(portfolio):
        wanted = the_plan.needs.get(metric.name)
        if wanted is None or not wanted.any:
            continue
        times = the_plan.times(wanted, end)
        # Copies of the example's products share endpoint URLs, so unlabelled-by-product
        # families (``up{job="blackbox"}``) repeat a label set: write it once.
        label_sets = list({tuple(sorted(labels.items())): labels for labels in label_sets}.values())
        series = fixture.write_family(out, metric, label_sets, times)
        report.raw_series += series
        report.raw_samples += series * len(times)
        in_batch += series * len(times)
        if in_batch >= RAW_BATCH:
            # A file per RAW_BATCH samples keeps promtool's memory to a few GB.
            out.write("# EOF\n")
            out.close()
            loader.load(Path(out.name))
            batch, in_batch = batch + 1, 0
            out = (workdir / f"raw{batch}.om").open("w", encoding="utf-8")
    out.write("# EOF\n")
    out.close()
    loader.load(Path(out.name))
    loader.wait()
    report.phases["raw series"] = time.perf_counter() - started
    for depth, rules in enumerate(the_plan.levels):
        started = time.perf_counter()
        openmetrics = workdir / f"level{depth}.om"
        with (
            result.serve() as backfilled,
            openmetrics.open("w", encoding="utf-8") as out,
        ):
            for record in dict.fromkeys(rule.record for rule in rules):
                # A family's samples together: one TYPE line, then every rule recording it.
                out.write(f"# TYPE {record} gauge\n")
                for rule in rules:
                    if rule.record == record:
                        times = the_plan.times(the_plan.needs[record], end)
                        report.recorded_points += _write_recording(
                            out, backfilled.server, rule, times, the_plan.scrape
                        )
            out.write("# EOF\n")
        loader.load(openmetrics)
        loader.wait()
        report.phases[f"recordings level {depth} ({len(rules)} rules)"] = (
            time.perf_counter() - started
        )
    return result
