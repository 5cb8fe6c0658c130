"""Shared fixtures. Binaries and helpers live in ``tests.support``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

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


# Property tests draw the same examples on every run (no example database, no random seed):
# `make test` and CI must not fail at random, and a failure found once is reproduced by
# everyone. `make fuzz` (HYPOTHESIS_PROFILE=fuzz) explores: random seeds, many more examples,
# failures kept in .hypothesis/ to replay.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("fuzz", derandomize=False, max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))
