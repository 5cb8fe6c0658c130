"""Building blocks of ``promtool test rules`` documents: series, values, expected alerts."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from typing import Any

from generators.errors import BuildError
from generators.rule_tests.templates import go_float, render
from generators.rules.memo import per_portfolio
from generators.rules.units import Alert, alert_document
from portfolio import durations
from portfolio.config.model import Portfolio


@functools.lru_cache(maxsize=4096)
def timestamp(seconds: float) -> str:
    """``durations.render``, remembered: the tests of every product evaluate at the same few
    hundred times."""
    return durations.render(seconds)


def series_notation(name: str, labels: dict[str, str]) -> str:
    inner = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    return f"{name}{{{inner}}}"


def expanding(*runs: tuple[float, int]) -> str:
    """``(value, count)`` runs -> promtool's expanding notation (``1x3 0x9``)."""
    parts = []
    for value, count in runs:
        if count <= 0:
            continue
        text = go_float(value)
        parts.append(text if count == 1 else f"{text}x{count - 1}")
    return " ".join(parts)


def counter(start: float, step: float, count: int) -> str:
    return f"{go_float(start)}+{go_float(step)}x{count - 1}"


def expected_alert(
    portfolio: Portfolio,
    alert: Alert,
    labels: dict[str, str],
    value: float,
    queries: dict[str, float],
) -> dict[str, Any]:
    doc = _alert_document(alert, portfolio)
    all_labels = {**labels, **doc["labels"]}
    return {
        "exp_labels": dict(sorted(all_labels.items())),
        "exp_annotations": {
            k: render(v, all_labels, value, queries) for k, v in doc["annotations"].items()
        },
    }


@per_portfolio
def _alert_documents(portfolio: Portfolio) -> dict[int, tuple[Alert, dict[str, Any]]]:
    """Each alert's rule document by the alert's identity (an ``Alert`` holds a mapping, so
    it has no hash), filled as the tests ask: every product's tests expect the same alerts."""
    return {}


def _alert_document(alert: Alert, portfolio: Portfolio) -> dict[str, Any]:
    documents = _alert_documents(portfolio)
    entry = documents.get(id(alert))
    if entry is None or entry[0] is not alert:  # the entry holds the alert: no id is reused
        entry = documents[id(alert)] = (alert, alert_document(alert, portfolio))
    return entry[1]


def alert_case(name: str, at: float, expected: list[dict[str, Any]]) -> dict[str, Any]:
    return {"eval_time": timestamp(at), "alertname": name, "exp_alerts": expected}


def increase(values: list[float], at: int, window: float, step: float) -> float:
    """``increase(x[window])`` at sample ``at`` of a counter sampled every ``step`` from 0,
    as Prometheus computes it (``extrapolatedRate``): the change over the samples in the
    window, extrapolated towards the window's edges (no further than half a step past the
    samples, nor below zero). ``window`` must not be a multiple of ``step``: both 2.x and 3.x
    then hold the same samples."""
    first = max(0, at - math.floor(window / step))
    samples = values[first : at + 1]
    if len(samples) < 2:
        raise ValueError("increase() needs two samples in the window")
    result = samples[-1] - samples[0]
    sampled = (len(samples) - 1) * step
    to_start = first * step - (at * step - window)
    if result > 0 and samples[0] >= 0:
        to_start = min(to_start, sampled * samples[0] / result)
    average = sampled / (len(samples) - 1)
    span = sampled + (to_start if to_start < average * 1.1 else average / 2)
    return result * span / sampled


LOOKBACK = 300.0  # Prometheus' default lookback delta, which 3.x also made left-open
_RANGE = re.compile(r"\[(\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*)(:[^\]]*)?\]")


def require_off_grid(step: float, expressions: Iterable[str], what: str) -> None:
    """Raise unless no range in ``expressions`` (nor the lookback) is a multiple of ``step``:
    then no sample on the ``step`` grid sits on a range's left edge at any evaluation, and
    Prometheus 2.x and 3.x give the tests the same samples (docs/compatibility.md)."""
    for expr in expressions:
        for length, subquery in _RANGE.findall(expr):
            if subquery:
                raise BuildError(f"{what}: subquery in {expr!r}: its steps sit on range edges")
            seconds = durations.seconds(length)
            if round(seconds * 1000) % round(step * 1000) == 0:
                raise BuildError(
                    f"{what}: the window {length} is a multiple of the tests' {step:g}s step, "
                    "so a sample would sit on its left edge (Prometheus 3.x drops it)"
                )
    if round(LOOKBACK * 1000) % round(step * 1000) == 0:
        raise BuildError(f"{what}: the lookback delta is a multiple of the {step:g}s step")
