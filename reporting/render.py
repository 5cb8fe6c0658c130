"""The report as Markdown (a GitHub Actions job summary or an issue body), JSON and CSV.

All three come from the same ``Figures``; JSON and CSV carry the raw numbers (ratios, seconds,
unix times), the Markdown the readable ones. Output is deterministic for the same figures.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from portfolio.config.model import Portfolio
from reporting import text
from reporting.figures import DORA_KEYS, LEVEL_NAMES, REWORK, SUSPECTED, Figures, ProductReport

DORA_TITLES = {
    "deployment_frequency": "Deployment frequency",
    "lead_time": "Lead time for changes (median)",
    "change_failure_rate": "Change failure rate",
    "failed_deployment_recovery_time": "Failed deployment recovery time (median)",
    REWORK: "Deployment rework rate",
    SUSPECTED: "Suspected change failure rate (from alerts)",
}
TOP_ALERTS = 10


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def _table(header: tuple[str, ...], rows: Sequence[Sequence[object]]) -> list[str]:
    return [_row(*header), _row(*("---" for _ in header)), *(_row(*r) for r in rows)]


def _dora_cells(key: str, value: float | None, before: float | None) -> tuple[str, str, str]:
    if key == "deployment_frequency":
        return text.per_day(value), text.per_day(before), text.change_rate(value, before)
    if key in ("lead_time", "failed_deployment_recovery_time"):
        return text.duration(value), text.duration(before), text.change_duration(value, before)
    return text.percent(value, 1), text.percent(before, 1), text.change_ratio(value, before)


def _level_cell(level: int | None, before: int | None) -> str:
    if level is None:
        return "-"
    if before is None or before == level:
        return LEVEL_NAMES[level]
    return f"{LEVEL_NAMES[level]} (was {LEVEL_NAMES[before]})"


def has_data(figures: Figures) -> bool:
    for p in figures.products:
        if p.dora is not None and (p.dora.counts is not None or p.dora.previous_counts is not None):
            return True
        if any(s.attainment is not None or s.previous_attainment is not None for s in p.slos):
            return True
        if any(pr.availability is not None or pr.previous is not None for pr in p.probes):
            return True
    return bool(figures.alerts)


def _product(p: ProductReport, figures: Figures, charts: Mapping[str, str]) -> list[str]:
    out = [f"### {p.name} (`{p.id}`)", ""]
    if p.id in charts:
        out += [f"![{p.name}: daily trends]({charts[p.id]})", ""]
    if p.dora is None:
        out += ["DORA: the product has no GitHub source.", ""]
    elif p.dora.counts is None:
        out += [f"DORA ({p.dora.environment}): no data in this period.", ""]
    else:
        c = p.dora.counts
        out.append(
            f"DORA ({p.dora.environment}): overall {text.level(p.dora.level)}; "
            f"{round(c.deployments)} successful of {round(c.finished)} finished deployments, "
            f"{round(c.change_failures)} change failures."
        )
        out.append("")
        rows: list[tuple[object, ...]] = []
        for m in p.dora.metrics:
            now, before, change = _dora_cells(m.key, m.value, m.previous)
            level = _level_cell(m.level, m.previous_level) if m.key in DORA_KEYS else "-"
            rows.append((DORA_TITLES[m.key], now, before, change, level))
        out += _table(("Metric", "This period", "Previous", "Change", "Level"), rows)
        out.append("")
    if p.slos:
        slo_rows = [
            (
                f"{s.slo} ({s.source}, {s.environment})",
                text.percent(s.target, 3),
                text.percent(s.attainment, 3),
                text.percent(s.previous_attainment, 3),
                text.percent(s.budget_left, 1),
                text.burn(s.burn_rate_1d),
            )
            for s in p.slos
        ]
        out += _table(
            (
                "SLO",
                "Target",
                "Attainment",
                "Previous",
                "Budget left (SLO period)",
                "Burn rate (1d)",
            ),
            slo_rows,
        )
        out.append("")
    if p.probes:
        probe_rows = [
            (
                f"{pr.endpoint} ({pr.environment})",
                text.percent(pr.availability, 3),
                text.percent(pr.previous, 3),
                text.percent(pr.threshold, 3),
                "-"
                if pr.availability is None
                else "met"
                if pr.availability >= pr.threshold
                else "**below**",
            )
            for pr in p.probes
        ]
        out += _table(("Probe", "Availability", "Previous", "Uptime threshold", ""), probe_rows)
        out.append("")
    if p.incidents:
        out.append(
            f"Incidents (critical alerts): {len(p.incidents)}, "
            f"{text.duration(sum(e.duration for e in p.incidents))} in all."
        )
        out.append("")
        incident_rows = [
            (e.alertname, e.environment or "-", text.when(e.start), text.duration(e.duration))
            for e in p.incidents
        ]
        out += _table(("Alert", "Environment", "Started", "Duration"), incident_rows)
    else:
        out.append("Incidents (critical alerts): none in this period.")
    out.append("")
    if p.alerts:
        alert_rows = [
            (
                a.alertname,
                a.severity,
                a.firings,
                text.duration(a.firing_seconds),
                a.previous_firings,
            )
            for a in p.alerts[:TOP_ALERTS]
        ]
        out += _table(("Alert", "Severity", "Firings", "Firing time", "Previous"), alert_rows)
        out.append("")
    return out


def markdown(figures: Figures, portfolio: Portfolio, charts: Mapping[str, str]) -> str:
    period, previous = figures.period, figures.previous
    out = [
        f"# Portfolio report: {figures.portfolio}",
        "",
        f"{text.when(period.start)} to {text.when(period.end)} ({text.number(period.days, 1)} days), "
        f"compared with {text.when(previous.start)} to {text.when(previous.end)}. "
        f"DORA levels: {figures.benchmark}.",
        "",
    ]
    if not has_data(figures):
        out += [
            "**Prometheus holds no data for this period** (nor for the one before): "
            "no figures to report.",
            "",
        ]
        return "\n".join(out)
    rows: list[tuple[object, ...]] = []
    for p in figures.products:
        availability = next((s for s in p.slos if s.slo == "availability"), None)
        rows.append(
            (
                p.name,
                p.team,
                "-" if p.dora is None else text.level(p.dora.level),
                "-" if availability is None else text.percent(availability.attainment, 3),
                "-" if availability is None else text.percent(availability.budget_left, 1),
                len(p.incidents),
                sum(a.firings for a in p.alerts),
            )
        )
    out += ["## Summary", ""]
    out += _table(
        (
            "Product",
            "Team",
            "DORA level",
            "Availability",
            "Budget left",
            "Incidents",
            "Alert firings",
        ),
        rows,
    )
    out.append("")
    out += ["## Recommendations", ""]
    if figures.recommendations:
        out += [f"- **{r['product']}**: {r['text']}" for r in figures.recommendations]
    else:
        out.append("None: no DORA key below Elite, no SLO budget at risk, no noisy alert.")
    out.append("")
    for team in portfolio.teams:
        products = [p for p in figures.products if p.team == team.id]
        if not products:
            continue
        incidents = sum(len(p.incidents) for p in products)
        firings = sum(a.firings for p in products for a in p.alerts)
        out += [
            f"## Team {team.name} (`{team.id}`)",
            "",
            f"{len(products)} product{'s' if len(products) != 1 else ''}, {incidents} "
            f"incident{'s' if incidents != 1 else ''}, {firings} alert firing{'s' if firings != 1 else ''}.",
            "",
        ]
        for p in products:
            out += _product(p, figures, charts)
    out += ["## Alerts that fired most", ""]
    if figures.alerts:
        top = [
            (
                a.alertname,
                a.product,
                a.severity,
                a.firings,
                text.duration(a.firing_seconds),
                a.previous_firings,
            )
            for a in figures.alerts[:TOP_ALERTS]
        ]
        out += _table(("Alert", "Product", "Severity", "Firings", "Firing time", "Previous"), top)
    else:
        out.append("No alert fired in this period.")
    out.append("")
    return "\n".join(out)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return None
    return value


def document(figures: Figures) -> dict[str, Any]:
    doc: dict[str, Any] = _plain(asdict(figures))
    doc["period"].update(
        start_iso=text.iso(figures.period.start), end_iso=text.iso(figures.period.end)
    )
    doc["previous"].update(
        start_iso=text.iso(figures.previous.start), end_iso=text.iso(figures.previous.end)
    )
    doc["has_data"] = has_data(figures)
    for product, raw in zip(figures.products, doc["products"], strict=True):
        if product.dora is not None:
            raw["dora"]["level"] = product.dora.level
    return doc


def as_json(figures: Figures) -> str:
    return json.dumps(document(figures), indent=2, sort_keys=True) + "\n"


CSV_HEADER = ("product", "team", "section", "metric", "subject", "period", "value", "unit")


def rows(figures: Figures) -> Iterator[tuple[object, ...]]:
    for p in figures.products:
        base = (p.id, p.team)
        if p.dora is not None:
            for m in p.dora.metrics:
                unit = (
                    "per_day"
                    if m.key == "deployment_frequency"
                    else (
                        "seconds"
                        if m.key in ("lead_time", "failed_deployment_recovery_time")
                        else "ratio"
                    )
                )
                yield (*base, "dora", m.key, p.dora.environment, "current", m.value, unit)
                yield (*base, "dora", m.key, p.dora.environment, "previous", m.previous, unit)
                if m.key in DORA_KEYS:
                    yield (
                        *base,
                        "dora",
                        f"{m.key}_level",
                        p.dora.environment,
                        "current",
                        m.level,
                        "level",
                    )
                    yield (
                        *base,
                        "dora",
                        f"{m.key}_level",
                        p.dora.environment,
                        "previous",
                        m.previous_level,
                        "level",
                    )
            for t, count in p.dora.daily_deployments:
                yield (
                    *base,
                    "trend",
                    "deployments",
                    p.dora.environment,
                    text.iso(t),
                    count,
                    "count",
                )
        for s in p.slos:
            subject = f"{s.slo}/{s.source}/{s.environment}"
            yield (*base, "slo", "attainment", subject, "current", s.attainment, "ratio")
            yield (*base, "slo", "attainment", subject, "previous", s.previous_attainment, "ratio")
            yield (*base, "slo", "budget_left", subject, "current", s.budget_left, "ratio")
            yield (*base, "slo", "burn_rate_1d", subject, "current", s.burn_rate_1d, "ratio")
            yield (
                *base,
                "slo",
                "days_to_exhaustion",
                subject,
                "current",
                s.days_to_exhaustion,
                "days",
            )
        for pr in p.probes:
            subject = f"{pr.endpoint}/{pr.environment}"
            yield (*base, "probe", "availability", subject, "current", pr.availability, "ratio")
            yield (*base, "probe", "availability", subject, "previous", pr.previous, "ratio")
            yield (*base, "probe", "uptime_threshold", subject, "current", pr.threshold, "ratio")
        for e in p.incidents:
            yield (
                *base,
                "incident",
                e.alertname,
                e.environment,
                text.iso(e.start),
                e.duration,
                "seconds",
            )
        for a in p.alerts:
            subject = f"{a.alertname}/{a.severity}"
            yield (*base, "alert", "firings", subject, "current", a.firings, "count")
            yield (*base, "alert", "firings", subject, "previous", a.previous_firings, "count")
            yield (*base, "alert", "firing_time", subject, "current", a.firing_seconds, "seconds")
        for t, value in p.daily_availability:
            yield (*base, "trend", "availability", p.trend_environment, text.iso(t), value, "ratio")


def as_csv(figures: Figures) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows(figures):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()
