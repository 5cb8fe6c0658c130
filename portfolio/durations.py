"""Prometheus duration strings (``30s``, ``5m``, ``1h30m``, ``7d``) to seconds and back."""

from __future__ import annotations

import re

_UNITS = {"y": 365 * 86400, "w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1, "ms": 0.001}
_PART = re.compile(r"(\d+)(ms|y|w|d|h|m|s)")


def seconds(duration: str) -> float:
    """``'1h30m'`` -> ``5400.0``. The string must already be a valid duration."""
    return float(sum(int(n) * _UNITS[u] for n, u in _PART.findall(duration)))


def render(total: float) -> str:
    """``5400`` -> ``'1h30m'``, ``1.5`` -> ``'1s500ms'``: the shortest Prometheus duration."""
    remaining = round(total * 1000)
    if remaining <= 0:
        return "0s"
    out = ""
    for unit in ("w", "d", "h", "m", "s", "ms"):
        size = round(_UNITS[unit] * 1000)
        count, remaining = divmod(remaining, size)
        if count:
            out += f"{count}{unit}"
    return out
