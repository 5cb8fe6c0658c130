"""Rewrite tests/dashboards/golden (part of ``make golden``)."""

from __future__ import annotations

from tests.dashboards.golden import GOLDEN, golden_outputs
from tests.golden_support import write_golden

if __name__ == "__main__":
    write_golden(golden_outputs(), GOLDEN)
