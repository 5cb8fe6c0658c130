"""Prometheus' alert templates as the generated rules use them, rendered in Python.

The rule tests expect the exact annotations Prometheus renders, so the subset of Go template
syntax and of Prometheus' template functions the rules use is emulated here; anything else is
a bug in the generator and raises ``BuildError``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generators.errors import BuildError


def go_float(value: float) -> str:
    """Go's ``%v`` of a float64 (shortest representation)."""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    return text


def go_g4(value: float) -> str:
    return f"{value:.4g}"


def humanize_percentage(value: float) -> str:
    return f"{go_g4(value * 100)}%"


def humanize_duration(value: float) -> str:
    if value == 0:
        return "0s"
    if abs(value) >= 1:
        sign = "-" if value < 0 else ""
        v = abs(value)
        total = int(v)
        seconds, minutes = total % 60, (total // 60) % 60
        hours, days = (total // 3600) % 24, total // 86400
        if days:
            return f"{sign}{days}d {hours}h {minutes}m {seconds}s"
        if hours:
            return f"{sign}{hours}h {minutes}m {seconds}s"
        if minutes:
            return f"{sign}{minutes}m {seconds}s"
        return f"{sign}{go_g4(v)}s"
    prefix = ""
    for p in ("m", "u", "n", "p", "f", "a", "z", "y"):
        if abs(value) >= 1:
            break
        prefix = p
        value *= 1000
    return f"{go_g4(value)}{prefix}s"


def humanize(value: float) -> str:
    if value == 0 or 1 <= abs(value) < 1000:
        return go_g4(value)
    raise BuildError(f"humanize of {value} is not needed by any generated test")


FORMATS: dict[str, Callable[[float], str]] = {
    "humanizePercentage": humanize_percentage,
    "humanizeDuration": humanize_duration,
    "humanize": humanize,
    'printf "%.1f"': lambda v: f"{v:.1f}",
}
_LABEL = re.compile(r"\{\{ \$labels\.(\w+) \}\}")
_VALUE_FMT = re.compile(
    r"\{\{ \$value \| (humanizePercentage|humanizeDuration|humanize|printf \"%\.1f\") \}\}"
)
_QUERY = re.compile(
    r'\{\{ with (?:printf "([^"{]+)\{[a-z_]+=%q(?:,[a-z_]+=%q)*\}"(?: \$labels\.\w+)+ \| query'
    r'|query "([^"]+)") \}\}'
    r"\{\{ \. \| first \| value \| (\w+) \}\}\{\{ end \}\}"
)


def render(template: str, labels: dict[str, str], value: float, queries: dict[str, float]) -> str:
    """Render the template subset our rules use; anything else is a bug in the generator."""

    def query(match: re.Match[str]) -> str:
        series = match.group(1) or match.group(2)
        if series not in queries:
            raise BuildError(f"rule test: no value for query '{series}'")
        return FORMATS[match.group(3)](queries[series])

    out = _QUERY.sub(query, template)
    out = _VALUE_FMT.sub(lambda m: FORMATS[m.group(1)](value), out)
    out = out.replace("{{ $value }}", go_float(value))
    out = _LABEL.sub(lambda m: labels[m.group(1)], out)
    if "{{" in out:
        raise BuildError(f"rule test: cannot render template part in {out!r}")
    return out
