"""A semantic diff of two dashboards: what a reviewer needs before a publish.

Panels are matched by title (ids are layout); per panel the queries (by refId) and the
threshold steps are compared; anything else that differs is reported once per panel or for the
dashboard, by key. ``changes(live, ours)`` is empty when Grafana already has our dashboard.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

# Keys Grafana owns (numbering, optimistic locking), never compared.
VOLATILE = ("id", "version")


def comparable(dashboard: Mapping[str, Any]) -> dict[str, Any]:
    """The dashboard without the keys Grafana sets on save."""
    return {key: value for key, value in dashboard.items() if key not in VOLATILE}


def _panels(dashboard: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for panel in dashboard.get("panels", []):
        for each in (panel, *panel.get("panels", [])):
            title = each.get("title", "")
            key = f"row '{title}'" if each.get("type") == "row" else f"panel '{title}'"
            found.setdefault(key, each)
    return found


def _queries(panel: Mapping[str, Any]) -> dict[str, str]:
    return {str(t.get("refId")): str(t.get("expr", "")) for t in panel.get("targets", [])}


def _thresholds(panel: Mapping[str, Any]) -> list[Any]:
    config = panel.get("fieldConfig", {})
    steps = [config.get("defaults", {}).get("thresholds", {}).get("steps", [])]
    for override in config.get("overrides", []):
        steps += [p.get("value") for p in override.get("properties", []) if p["id"] == "thresholds"]
    return steps


def _panel_changes(name: str, live: Mapping[str, Any], ours: Mapping[str, Any]) -> Iterator[str]:
    before, after = _queries(live), _queries(ours)
    for ref in sorted(before.keys() | after.keys()):
        if ref not in before:
            yield f"{name}: query {ref} added: {after[ref]}"
        elif ref not in after:
            yield f"{name}: query {ref} removed: {before[ref]}"
        elif before[ref] != after[ref]:
            yield f"{name}: query {ref} changed: {before[ref]} -> {after[ref]}"
    if _thresholds(live) != _thresholds(ours):
        yield f"{name}: thresholds changed"
    ignored = {"targets", "fieldConfig", "id"}
    other = sorted(
        key
        for key in live.keys() | ours.keys()
        if key not in ignored and live.get(key) != ours.get(key)
    )
    if live.get("fieldConfig") != ours.get("fieldConfig") and _thresholds(live) == _thresholds(
        ours
    ):
        other.append("fieldConfig")
    if other:
        yield f"{name}: {', '.join(sorted(other))} changed"


def changes(live: Mapping[str, Any] | None, ours: Mapping[str, Any]) -> list[str]:
    """What publishing ``ours`` changes in Grafana's ``live`` dashboard (``None``: new)."""
    if live is None:
        return [f"new dashboard ({len(_panels(ours))} panels and rows)"]
    if comparable(live) == comparable(ours):
        return []
    found: list[str] = []
    before, after = _panels(live), _panels(ours)
    found += [f"{name} added" for name in after if name not in before]
    found += [f"{name} removed" for name in before if name not in after]
    for name in after:
        if name in before:
            found += _panel_changes(name, before[name], after[name])
    top = sorted(
        key
        for key in comparable(live).keys() | comparable(ours).keys()
        if key != "panels" and live.get(key) != ours.get(key)
    )
    if top:
        found.append(f"dashboard: {', '.join(top)} changed")
    return found or ["panel order changed"]
