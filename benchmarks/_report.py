"""Figures a benchmark records, written as JSON (``build/bench/<name>.json``) and compared.

A benchmark's ``main()`` may return ``{figure: number}``; ``python -m benchmarks`` writes it
next to what it printed. ``--compare old.json`` runs the benchmark ``old.json`` records and
prints, per figure, the old and new numbers and their ratio (``--compare old.json new.json``
compares two saved runs). Ratios across runs on a shared machine are indications; the
ratios a benchmark prints inside one run are the measurements.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

OUT = Path("build") / "bench"

Figures = Mapping[str, float]


def write(name: str, figures: Figures, folder: Path = OUT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"benchmark": name, "figures": dict(figures)}, indent=2) + "\n")
    return path


def read(path: Path) -> tuple[str, dict[str, float]]:
    data = json.loads(path.read_text())
    return str(data["benchmark"]), {str(k): float(v) for k, v in data["figures"].items()}


def comparison(old: Figures, new: Figures) -> str:
    """One line per figure both runs have: old, new, new/old."""
    width = max((len(k) for k in old.keys() | new.keys()), default=6)
    lines = [f"{'figure':<{width}} {'old':>12} {'new':>12} {'new/old':>8}"]
    for key in sorted(old.keys() & new.keys()):
        before, after = old[key], new[key]
        ratio = f"{after / before:>8.3f}" if before else f"{'-':>8}"
        lines.append(f"{key:<{width}} {before:>12.4g} {after:>12.4g} {ratio}")
    for key in sorted(old.keys() ^ new.keys()):
        lines.append(f"{key:<{width}} only in the {'old' if key in old else 'new'} run")
    return "\n".join(lines)
