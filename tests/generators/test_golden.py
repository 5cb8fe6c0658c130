"""The generated artifacts equal the reviewed golden files, byte for byte."""

from __future__ import annotations

import pytest

from tests.golden_support import GOLDEN, expected_outputs

OUTPUTS = expected_outputs()


def test_golden_files_are_exactly_the_outputs() -> None:
    on_disk = sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*") if p.is_file())
    assert on_disk == sorted(OUTPUTS), "run `make golden` and review the diff"


@pytest.mark.parametrize("rel", sorted(OUTPUTS))
def test_output_matches_golden(rel: str) -> None:
    golden = GOLDEN / rel
    assert golden.exists(), f"{rel}: no golden file (run `make golden`)"
    assert OUTPUTS[rel] == golden.read_text(), f"{rel} differs from its golden file (`make golden`)"
