"""A copy of what the package is built from, so tests never build inside the repository."""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "constraints.txt"
FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
INSTALL_TIMEOUT = 400  # seconds per pip step; a cold pip cache downloads every dependency once
TEST_TIMEOUT = 1200  # seconds for a test that builds and installs (pytest-timeout)


def packages() -> list[str]:
    """The top-level packages pyproject.toml ships (``portfolio*`` -> ``portfolio``)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    return [pattern.rstrip("*") for pattern in patterns]


def copy_source(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in FILES:
        shutil.copy(ROOT / name, target / name)
    for package in packages():
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return target


def pip_env(**extra: str) -> dict[str, str]:
    """This environment without our virtualenv, so a child's pip and Python are its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


PYTHON = sys.executable
