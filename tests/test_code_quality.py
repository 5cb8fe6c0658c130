"""The repository's own code passes ruff and mypy --strict (as `make lint typecheck` run them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_finds_nothing() -> None:
    proc = run(
        "ruff",
        "check",
        "portfolio",
        "generators",
        "exporters",
        "fakes",
        "stack_runner",
        "publisher",
        "reporting",
        "portfolio_obs",
        "tests",
        "benchmarks",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_finds_nothing() -> None:
    proc = run("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr
