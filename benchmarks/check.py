"""``make check`` time for synthetic portfolios (the ``generate`` benchmark's config).

For each size in ``BENCH_CHECK_SIZES`` (default ``100,1000``): ``portfolio-obs generate``
into a temporary folder, then ``portfolio-obs check`` over it, each a child process whose CPU
time (user + system, the promtool/amtool children included) and wall time are printed. Wall
time on a shared machine is inflated by other load; CPU time is what the work costs, and
CPU / cores is the wall time on an idle machine with the tools run side by side (the checks
run ``os.cpu_count()`` tools at once).

A size above ``BENCH_CHECK_FULL`` (default 100) is sampled instead of run: the checks that
start no tools (``check --skip-tools``) and the few tool commands other than the rule tests
run in full, then every ``k``-th ``promtool test rules`` file (about ``BENCH_CHECK_SAMPLE``
of them, default 2%) runs one at a time, and their CPU time is extrapolated to all the files:
total = no-tool checks + other tools + sampled tests' CPU x (files / sampled). The printout
says which figures are measured and which are extrapolated.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import synthetic_config
from generators.checks import runner

SIZES = tuple(int(n) for n in os.environ.get("BENCH_CHECK_SIZES", "100,1000").split(","))
FULL = int(os.environ.get("BENCH_CHECK_FULL", "100"))
SAMPLE = float(os.environ.get("BENCH_CHECK_SAMPLE", "0.02"))
CORES = os.cpu_count() or 1
ROOT = Path(__file__).resolve().parents[1]  # the CLI runs from the checkout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(cpu, wall) seconds of one command and its children; raises if it fails."""
    cpu, wall = _children_cpu(), time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    cpu, wall = _children_cpu() - cpu, time.perf_counter() - wall
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])} failed:\n{proc.stdout}{proc.stderr}")
    return cpu, wall


def _cli(command: str, config: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "portfolio_obs",
        command,
        "--config",
        str(config),
        "--out",
        str(out),
        "-q",
        *extra,
    ]


def _line(what: str, cpu: float, wall: float, how: str) -> None:
    print(
        f"  {what:<34} cpu {cpu:>8.1f} s  wall {wall:>8.1f} s  "
        f"idle-machine wall ~{cpu / CORES:>7.1f} s  ({how})"
    )


def _size(products: int, workdir: Path) -> dict[str, float]:
    config = workdir / "portfolio.yaml"
    config.write_text(synthetic_config(products))
    out = workdir / "out"
    cpu, wall = _timed(_cli("generate", config, out), ROOT)
    print(f"{products} products:")
    _line("generate", cpu, wall, "measured")
    figures = {f"{products}.generate.cpu_s": cpu, f"{products}.generate.wall_s": wall}
    if products <= FULL:
        cpu, wall = _timed(_cli("check", config, out), ROOT)
        _line("make check", cpu, wall, "measured")
        return figures | {f"{products}.check.cpu_s": cpu, f"{products}.check.wall_s": wall}
    base_cpu, base_wall = _timed(_cli("check", config, out, "--skip-tools"), ROOT)
    _line("checks without tools", base_cpu, base_wall, "measured")
    by_kind = runner.tool_commands(out)
    # The rule tests are nearly every command (one or more per product): sample those, run
    # the few others (check rules over every file, amtool, the mixin) in full.
    tests = max(by_kind.values(), key=len)
    others = [cmd for cmds in by_kind.values() if cmds is not tests for cmd in cmds]
    every = max(1, round(1 / SAMPLE))
    sampled = tests[::every]
    other_cpu = other_wall = tool_cpu = tool_wall = 0.0
    for cmd in others:
        cpu, wall = _timed(list(cmd), out)
        other_cpu, other_wall = other_cpu + cpu, other_wall + wall
    _line(f"{len(others)} other tool commands", other_cpu, other_wall, "measured")
    for cmd in sampled:
        cpu, wall = _timed(list(cmd), out)
        tool_cpu, tool_wall = tool_cpu + cpu, tool_wall + wall
    _line(f"{len(sampled)} of {len(tests)} rule test files", tool_cpu, tool_wall, "measured")
    scale = len(tests) / len(sampled)
    total_cpu = base_cpu + other_cpu + tool_cpu * scale
    total_wall = base_wall + (other_wall + tool_wall * scale) / CORES
    _line("make check", total_cpu, total_wall, f"extrapolated: rule tests x {scale:.1f}")
    return figures | {
        f"{products}.check.cpu_s": total_cpu,
        f"{products}.check.wall_s": total_wall,
        f"{products}.check.extrapolated": 1.0,
    }


def main() -> dict[str, float]:
    print(f"{CORES} cores; tools run {CORES} at a time")
    figures: dict[str, float] = {}
    for products in SIZES:
        with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
            figures |= _size(products, Path(tmp))
    return figures


if __name__ == "__main__":
    main()
