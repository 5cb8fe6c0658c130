"""The folder picture stays true: the import contracts in pyproject.toml hold.

``[tool.importlinter]`` states the layers (the shared package imports neither half, the
exporters never import the generators, the generator stages above their plumbing, no cycles
between siblings); ``lint-imports`` (import-linter) checks them on the real import graph.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_the_import_contracts_hold() -> None:
    proc = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout or " broken" not in proc.stdout, proc.stdout


def test_every_package_is_under_a_contract() -> None:
    """A new top-level package of ours must be added to the contracts' root packages."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    roots = set(config["tool"]["importlinter"]["root_packages"])
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in ("tests", "benchmarks")
    }
    assert packages == roots
