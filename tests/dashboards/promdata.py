"""A real Prometheus over backfilled data for a portfolio, and Grafana-like query execution.

``backfilled_prometheus`` writes the fixture (``fixture.py``) as OpenMetrics, backfills it with
``promtool tsdb create-blocks-from openmetrics``, starts Prometheus over it, backfills every
generated recording rule with ``promtool tsdb create-blocks-from rules`` against that
Prometheus, and restarts it over raw and recorded blocks. ``run_panel_queries`` then does what
Grafana does on a dashboard load: resolve the variables, interpolate, query.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import yaml

from generators import dashboards, pipeline
from generators.dashboards.variables import builtins, interpolate
from portfolio import durations
from portfolio.config.model import Portfolio
from tests.dashboards import fixture
from tests.support import binaries

BACKFILL_TIMEOUT = 600
MAX_RULE_PASSES = 5
HEADROOM = 3 * 3600  # blocks must end before the head (~2h) starts


@dataclass
class Backfilled:
    server: binaries.Server
    start: int
    end: int
    scrape_seconds: float
    series: int


def _recording_only(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(text)
    for group in doc["groups"]:
        group["rules"] = [rule for rule in group["rules"] if "record" in rule]
    doc["groups"] = [group for group in doc["groups"] if group["rules"]]
    return doc


def write_recording_rules(
    portfolio: Portfolio, directory: Path, *, only: set[str] | None = None
) -> list[Path]:
    """Every generated rule file, alerts removed (promtool backfills recordings only); with
    ``only``, just the rules recording those names."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for rel, text in pipeline.build_all(portfolio).items():
        if rel.startswith("alert_rules/") and rel.endswith(".rules.yml"):
            doc = _recording_only(text)
            if only is not None:
                for group in doc["groups"]:
                    group["rules"] = [rule for rule in group["rules"] if rule["record"] in only]
                doc["groups"] = [group for group in doc["groups"] if group["rules"]]
            if doc["groups"]:
                path = directory / rel.replace("/", "_")
                path.write_text(yaml.safe_dump(doc, sort_keys=False))
                paths.append(path)
    return paths


def _record_names(paths: list[Path]) -> set[str]:
    return {
        rule["record"]
        for path in paths
        for group in yaml.safe_load(path.read_text())["groups"]
        for rule in group["rules"]
    }


def backfill_rules(
    config: Path,
    workdir: Path,
    data: Path,
    rules: list[Path],
    *,
    start: int,
    end: int,
    step: int,
    recorded: Path,
) -> None:
    """Evaluate the recording ``rules`` every ``step`` s from ``start`` to ``end`` over the
    blocks in ``data`` (promtool's rule backfill against a Prometheus serving them, at each
    group's own offset as Prometheus would) and move the blocks it writes into ``data``."""
    with binaries.prometheus(config, workdir, data_dir=data) as server:
        binaries.promtool(
            "tsdb",
            "create-blocks-from",
            "rules",
            f"--start={start}",
            f"--end={end}",
            f"--url={server.url}",
            f"--output-dir={recorded}",
            f"--eval-interval={step}s",
            *map(str, rules),
            cwd=workdir,
            timeout=BACKFILL_TIMEOUT,
        )
    for block in recorded.iterdir():
        if block.is_dir():
            shutil.move(str(block), data / block.name)


@contextlib.contextmanager
def backfilled_prometheus(
    portfolio: Portfolio,
    workdir: Path,
    *,
    hours: float = 3,
    step: int = 30,
    scrape_seconds: float | None = None,
    rule_hours: float | None = None,
) -> Iterator[Backfilled]:
    """``scrape_seconds`` is what Grafana assumes for ``$__rate_interval`` (the datasource's
    scrape interval); it defaults to the portfolio's and must be at least ``step``.
    ``rule_hours`` limits recording-rule backfill to the last hours (all by default): rules
    with 30-day windows evaluated every step over 30 days take longer than the raw data."""
    binaries.require("prometheus")
    binaries.require("promtool")
    end = (int(time.time()) - HEADROOM) // 3600 * 3600
    start = end - int(hours * 3600)
    data = workdir / "data"
    openmetrics = workdir / "fixture.om"
    series = fixture.write_openmetrics(portfolio, openmetrics, start, end, step)
    # One pass per block over the whole file: long fixtures need long blocks.
    block_duration = f"--max-block-duration={max(2, int(hours) + 1)}h"
    binaries.promtool(
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        block_duration,
        str(openmetrics),
        str(data),
        cwd=workdir,
        timeout=BACKFILL_TIMEOUT,
    )
    openmetrics.unlink()
    config = workdir / "prometheus.yml"
    config.write_text(yaml.safe_dump({"global": {"evaluation_interval": f"{step}s"}}))
    # promtool backfills each rule from the data already there, so a rule reading another
    # rule's output (SLO period ratios, say) needs a later pass: repeat for what is missing.
    missing: set[str] | None = None
    for attempt in range(MAX_RULE_PASSES):
        rules = write_recording_rules(portfolio, workdir / f"rules-{attempt}", only=missing)
        if not rules:
            break
        backfill_rules(
            config,
            workdir,
            data,
            rules,
            start=start if rule_hours is None else max(start, end - int(rule_hours * 3600)),
            end=end,
            step=step,
            recorded=workdir / f"recorded-{attempt}",
        )
        with binaries.prometheus(config, workdir, data_dir=data) as server:
            missing = {
                name
                for name in _record_names(rules)
                if not binaries.query(server, f"count({name})", at=end)
            }
        if not missing:
            break
    scrape = scrape_seconds or durations.seconds(portfolio.stack.scrape_interval)
    with binaries.prometheus(config, workdir, data_dir=data) as server:
        yield Backfilled(server, start, end, scrape, series)


# -- Grafana-like execution -------------------------------------------------------------


@dataclass
class QueryResult:
    where: str
    expr: str
    series: int
    samples: int  # stats=all totalQueryableSamples
    error: str = ""
    seconds: float = 0.0  # stats=all timings.execTotalTime: Prometheus' own time for the query


def _label_values(server: binaries.Server, query: str, start: int, end: int) -> list[str]:
    """``label_values(selector, label)`` / ``label_values(label)`` as Grafana runs it."""
    inner = query.strip().removeprefix("label_values(").removesuffix(")")
    if "," in inner:
        selector, label = (part.strip() for part in inner.rsplit(",", 1))
        response = httpx.get(
            f"{server.url}/api/v1/series",
            params={"match[]": selector, "start": start, "end": end},
            timeout=30,
        )
        body = response.json()
        if body.get("status") != "success":
            raise AssertionError(f"variable query {query!r} failed: {body}")
        return sorted({series[label] for series in body["data"] if label in series})
    response = httpx.get(f"{server.url}/api/v1/label/{inner}/values", timeout=30)
    return sorted(response.json()["data"])


def resolve_variables(
    document: Mapping[str, Any], server: binaries.Server, start: int, end: int
) -> dict[str, str]:
    """Every template variable's value: multi-value variables select all their values (as a
    regex alternation, like Grafana), single-value ones their first value. A variable whose
    query returns nothing raises, naming it."""
    values: dict[str, str] = {}
    for template in document["templating"]["list"]:
        name = template["name"]
        if template["type"] == "datasource":
            values[name] = "prometheus"
            continue
        query = (
            template["query"]["query"] if isinstance(template["query"], dict) else template["query"]
        )
        found = _label_values(server, interpolate(query, values), start, end)
        if not found:
            raise AssertionError(f"{document['title']}: variable '{name}' has no values ({query})")
        if template.get("multi"):
            escaped = [value.replace(".", "\\\\.") for value in found]
            values[name] = "(" + "|".join(escaped) + ")" if len(found) > 1 else escaped[0]
        else:
            values[name] = found[0]
    return values


def _interval_seconds(text: str | None) -> float:
    return durations.seconds(text) if text else 0.0


class PanelQuery(NamedTuple):
    where: str
    expr: str
    instant: bool
    min_interval: float  # seconds: the panel's "Min interval" (an annotation's step)
    max_points: int | None  # the panel's "Max data points"; None: the panel's width decides


def queries_of(document: Mapping[str, Any]) -> Iterator[PanelQuery]:
    """Every panel and annotation query of ``document`` with what sets its step."""
    title = document["title"]
    for panel in dashboards.style.panels_of(document):
        for target in panel.get("targets", []):
            yield PanelQuery(
                f"{title}: panel '{panel['title']}' ({target['refId']})",
                target["expr"],
                bool(target.get("instant")),
                _interval_seconds(panel.get("interval")),
                panel.get("maxDataPoints"),
            )
    for annotation in document["annotations"]["list"]:
        if "expr" in annotation:
            yield PanelQuery(
                f"{title}: annotation '{annotation['name']}'",
                annotation["expr"],
                False,
                _interval_seconds(annotation.get("step")),
                None,
            )


def step_seconds(query: PanelQuery, span: float, width: int, scrape: float) -> float:
    """The step Grafana asks Prometheus for: the time range over the panel's max data points
    (its width in pixels when it sets none), never under its min interval nor the scrape
    interval (Grafana's query options; grafanalib writes maxDataPoints 100 on every panel)."""
    points = min(width, query.max_points or width)
    return max(span / points, scrape, query.min_interval)


def run_panel_queries(
    document: Mapping[str, Any],
    backfilled: Backfilled,
    *,
    range_seconds: int | None = None,
    points: int = 180,
) -> list[QueryResult]:
    """Run every query of ``document`` as a dashboard load over the last ``range_seconds`` of
    the data would: range queries with ``points`` steps, instant ones at the end."""
    end = backfilled.end
    span = range_seconds or (backfilled.end - backfilled.start)
    start = end - span
    values = resolve_variables(document, backfilled.server, start, end)
    results = []
    for q in queries_of(document):
        where, expr, instant = q.where, q.expr, q.instant
        step = step_seconds(q, span, points, backfilled.scrape_seconds)
        full = {**values, **builtins(span, step, backfilled.scrape_seconds)}
        query = interpolate(expr, full)
        if instant:
            params = {"query": query, "time": str(end), "stats": "all"}
            url = f"{backfilled.server.url}/api/v1/query"
        else:
            params = {
                "query": query,
                "start": str(start),
                "end": str(end),
                "step": str(int(step)),
                "stats": "all",
            }
            url = f"{backfilled.server.url}/api/v1/query_range"
        body = httpx.get(url, params=params, timeout=60).json()
        if body.get("status") != "success":
            results.append(QueryResult(where, query, 0, 0, str(body.get("error"))))
            continue
        stats = body["data"].get("stats", {})
        results.append(
            QueryResult(
                where,
                query,
                len(body["data"]["result"]),
                int(stats.get("samples", {}).get("totalQueryableSamples", 0)),
                seconds=float(stats.get("timings", {}).get("execTotalTime", 0.0)),
            )
        )
    return results
