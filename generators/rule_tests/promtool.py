"""Building blocks of ``promtool test rules`` documents: series, values, expected alerts."""

from __future__ import annotations

from typing import Any

from generators.rule_tests.templates import go_float, render
from generators.rules.units import Alert, alert_document
from portfolio import durations
from portfolio.config.model import Portfolio


def timestamp(seconds: float) -> str:
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
    doc = alert_document(alert, portfolio)
    all_labels = {**labels, **doc["labels"]}
    return {
        "exp_labels": dict(sorted(all_labels.items())),
        "exp_annotations": {
            k: render(v, all_labels, value, queries) for k, v in doc["annotations"].items()
        },
    }


def alert_case(name: str, at: float, expected: list[dict[str, Any]]) -> dict[str, Any]:
    return {"eval_time": timestamp(at), "alertname": name, "exp_alerts": expected}
