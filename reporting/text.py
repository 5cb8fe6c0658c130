"""How figures read in the report: durations, rates, shares, times, levels."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from reporting.figures import LEVEL_NAMES

NO_DATA = "no data"


def when(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def number(value: float, digits: int = 2) -> str:
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def duration(seconds: float | None) -> str:
    if seconds is None:
        return NO_DATA
    if seconds < 3600:
        return f"{number(seconds / 60, 1)} min"
    if seconds < 2 * 86400:
        return f"{number(seconds / 3600, 1)} h"
    return f"{number(seconds / 86400, 1)} d"


def bound(seconds: float) -> str:
    """A level bound as people say it: one hour, one day, one week, 30 days."""
    names = {3600.0: "one hour", 86400.0: "one day", 604800.0: "one week"}
    return names.get(seconds, duration(seconds))


def percent(ratio: float | None, digits: int = 2) -> str:
    return NO_DATA if ratio is None else f"{number(ratio * 100, digits)}%"


def per_day(value: float | None) -> str:
    return NO_DATA if value is None else f"{number(value, 2)}/day"


def level(value: int | None) -> str:
    return NO_DATA if value is None else LEVEL_NAMES[value]


def signed(value: float, digits: int = 2) -> str:
    text = number(value, digits)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def change_duration(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "-"
    delta = now - before
    sign = "-" if delta < 0 else "+" if delta > 0 else ""
    return f"{sign}{duration(abs(delta))}" if delta else "0"


def change_ratio(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "-"
    return f"{signed((now - before) * 100)} pp"


def change_rate(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "-"
    return f"{signed(now - before)}/day"


def burn(value: float | None) -> str:
    return NO_DATA if value is None else f"{number(value, 2)}x"


def days(value: float | None) -> str:
    if value is None or math.isinf(value):
        return "-"
    return f"{number(value, 1)} d"
