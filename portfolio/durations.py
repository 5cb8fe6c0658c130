"""The one duration type: Prometheus duration strings (``30s``, ``5m``, ``1h30m``, ``7d``).

Everything that reads a duration uses this grammar: the config (``portfolio.yaml``), the
exporters' settings (which also take a bare number of seconds), ``make stack --interval`` and
the builders. ``Duration`` is a ``float`` of seconds, so it compares and adds like one.
"""

from __future__ import annotations

import re

UNITS = {"y": 365 * 86400, "w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1, "ms": 0.001}
# Prometheus' grammar: units largest first, each at most once, integers only.
PATTERN = re.compile(r"^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$")
_PART = re.compile(r"(\d+)(ms|y|w|d|h|m|s)")
EXAMPLES = "30s, 5m, 1h or 7d"


def is_valid(text: str) -> bool:
    """True if ``text`` is a non-empty Prometheus duration."""
    return bool(text) and PATTERN.match(text) is not None


def seconds(duration: str) -> float:
    """``'1h30m'`` -> ``5400.0``. The string must already be a valid duration."""
    return float(sum(int(n) * UNITS[u] for n, u in _PART.findall(duration)))


def render(total: float) -> str:
    """``5400`` -> ``'1h30m'``, ``1.5`` -> ``'1s500ms'``: the shortest Prometheus duration."""
    remaining = round(total * 1000)
    if remaining <= 0:
        return "0s"
    out = ""
    for unit in ("w", "d", "h", "m", "s", "ms"):
        size = round(UNITS[unit] * 1000)
        count, remaining = divmod(remaining, size)
        if count:
            out += f"{count}{unit}"
    return out


class Duration(float):
    """A duration in seconds, parsed from a Prometheus duration string."""

    @classmethod
    def parse(cls, text: str, *, bare_seconds: bool = False) -> Duration:
        """``'5m'`` -> ``Duration(300.0)``; with ``bare_seconds``, ``'90'`` or ``'0.5'`` too.

        Raises ``ValueError`` naming the accepted forms on anything else, or a negative value.
        """
        text = text.strip()
        if bare_seconds:
            try:
                value = float(text)
            except ValueError:
                pass
            else:
                if value < 0:
                    raise ValueError(f"must not be negative, got {text!r}")
                return cls(value)
        if not is_valid(text):
            raise ValueError(f"expected a duration like {EXAMPLES}, got {text!r}")
        return cls(seconds(text))

    def render(self) -> str:
        """The shortest Prometheus duration string for this value."""
        return render(self)
