"""Run every benchmark module (or those named on the command line): ``python -m benchmarks``.

Figures a module returns are written to ``build/bench/<name>.json``. ``--compare OLD`` runs
the benchmark OLD records and prints old, new and their ratio per figure; ``--compare OLD NEW``
compares two saved runs without running anything. After the benchmarks it ran, it prints the
goal table (``benchmarks/_goals.py``): measured value, goal and their ratio.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

import benchmarks
from benchmarks import _goals, _report
from portfolio_obs import progress


def _run(name: str) -> dict[str, float]:
    module = importlib.import_module(f"benchmarks.{name}")
    print(f"== {name} ==", flush=True)
    figures = module.main() or {}
    if figures:
        print(f"figures: {_report.write(name, figures)}")
    print(flush=True)
    return dict(figures)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", help="benchmark modules (default: all)")
    parser.add_argument(
        "--compare", nargs="+", type=Path, metavar="JSON", help="OLD [NEW]: figures to compare"
    )
    args = parser.parse_args(argv)
    if args.compare:
        if len(args.compare) > 2:
            parser.error("--compare takes OLD or OLD NEW")
        name, old = _report.read(args.compare[0])
        new = _report.read(args.compare[1])[1] if len(args.compare) == 2 else _run(name)
        print(
            f"== {name}: {args.compare[0]} -> {args.compare[1] if len(args.compare) == 2 else 'this run'} =="
        )
        print(_report.comparison(old, new))
        return 0
    names = args.names or sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if not m.name.startswith("_")
    )
    results: dict[str, dict[str, float]] = {}
    # A bar over the benchmarks on a terminal only; their own output prints above it.
    with progress.bar("bench", len(names)) as advance:
        for name in names:
            results[name] = _run(name)
            advance(name)
    goals = _goals.table(results)
    if goals:
        print(f"== goals (issue #19) ==\n{goals}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
