"""Prometheus' alert templates as the generated rules use them, rendered in Python.

The rule tests expect the exact annotations Prometheus renders, so the subset of Go template
syntax and of Prometheus' template functions the rules use is emulated here; anything else is
a bug in the generator and raises ``BuildError``.
"""

from __future__ import annotations

import functools
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
    parts = _compiled(template)
    if parts is not None:
        out = []
        for kind, arg, fmt in parts:
            if kind == "text":
                out.append(arg)
            elif kind == "label":
                out.append(labels[arg])
            elif kind == "value":
                out.append(FORMATS[fmt](value) if fmt else go_float(value))
            else:
                if arg not in queries:
                    raise BuildError(f"rule test: no value for query '{arg}'")
                out.append(FORMATS[fmt](queries[arg]))
        text = "".join(out)
        # A label value with template syntax in it would be expanded by the passes below.
        if "{{" not in text:
            return text
    return _render_in_passes(template, labels, value, queries)


_PART = re.compile(
    f"(?P<query>{_QUERY.pattern})|(?P<fmt>{_VALUE_FMT.pattern})|(?P<value>\\{{\\{{ \\$value \\}}\\}})"
    f"|(?P<label>{_LABEL.pattern})"
)


@functools.cache
def _compiled(template: str) -> tuple[tuple[str, str, str], ...] | None:
    """``template`` as literal text and placeholders, parsed once; None when a part is
    outside the subset (``_render_in_passes`` then says which)."""
    parts: list[tuple[str, str, str]] = []
    at = 0
    for match in _PART.finditer(template):
        parts.append(("text", template[at : match.start()], ""))
        groups = match.groups()
        if match.group("query") is not None:
            # _QUERY's groups: printf series, query series, format.
            parts.append(("query", groups[1] or groups[2], groups[3]))
        elif match.group("fmt") is not None:
            parts.append(("value", "", groups[5]))
        elif match.group("value") is not None:
            parts.append(("value", "", ""))
        else:
            parts.append(("label", groups[8], ""))
        at = match.end()
    parts.append(("text", template[at:], ""))
    if any("{{" in arg for kind, arg, _ in parts if kind == "text"):
        return None
    return tuple(p for p in parts if p != ("text", "", ""))


def _render_in_passes(
    template: str, labels: dict[str, str], value: float, queries: dict[str, float]
) -> str:
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
