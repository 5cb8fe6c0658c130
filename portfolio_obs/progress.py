"""Progress bars for long commands (``generate`` on a large portfolio, ``check``, the
benchmarks), drawn with rich on a terminal only.

When to show one: standard error is a terminal, ``CI`` is unset (every CI service sets it) and
``TERM`` is not ``dumb``; ``PORTFOLIO_OBS_PROGRESS=0`` turns it off and ``=1`` forces it (for a
terminal the test cannot detect). Anywhere else a command writes exactly what it wrote
before: no escape sequences in piped output or CI logs. The bar is transient (erased when the
work ends), so what stays on the screen is the command's own log.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

ENV = "PORTFOLIO_OBS_PROGRESS"
Advance = Callable[[str], None]  # called once per finished unit, with what comes next


def enabled(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """True when a progress bar belongs on ``stream`` (default: standard error)."""
    stream = sys.stderr if stream is None else stream
    environ = os.environ if environ is None else environ
    forced = environ.get(ENV)
    if forced in {"0", "1"}:
        return forced == "1"
    if environ.get("CI") or environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def _ignore(_label: str) -> None:
    return None


@contextmanager
def bar(
    description: str,
    total: int | None,
    *,
    stream: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> Iterator[Advance]:
    """``with bar("generate", len(kinds)) as advance: ... advance("dashboards")``: one step
    per call, the label says what is being done now. A no-op when ``enabled`` is false."""
    stream = sys.stderr if stream is None else stream
    if not enabled(stream, environ):
        yield _ignore
        return
    console = Console(file=stream, force_terminal=True)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[label]}"),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(description, total=total, label="")

        def advance(label: str) -> None:
            progress.update(task, advance=1, label=label)

        yield advance
