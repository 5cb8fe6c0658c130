"""Shared fixtures. Binaries and helpers live in ``tests.support``."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "portfolio.yaml"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def example_portfolio() -> Portfolio:
    """The committed example portfolio, loaded once."""
    return load_config(EXAMPLE)
