"""Rewrite tests/golden from tests/fixtures/config/golden.yaml (``make golden``)."""

from __future__ import annotations

from tests.golden_support import GOLDEN, expected_outputs, write_golden

if __name__ == "__main__":
    write_golden(expected_outputs(), GOLDEN)
