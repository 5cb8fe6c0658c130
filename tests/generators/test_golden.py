"""The generated artifacts equal the reviewed golden files, byte for byte: every file of every
registered artifact kind (dashboards included) for ``tests/fixtures/config/golden.yaml``."""

from __future__ import annotations

import pytest

from tests.golden_support import GOLDEN, expected_outputs, expected_outputs_by_kind

OUTPUTS = expected_outputs()


def test_golden_files_are_exactly_the_outputs() -> None:
    on_disk = sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*") if p.is_file())
    assert on_disk == sorted(OUTPUTS), "run `make golden` and review the diff"


@pytest.mark.parametrize("rel", sorted(OUTPUTS))
def test_output_matches_golden(rel: str) -> None:
    golden = GOLDEN / rel
    assert golden.exists(), f"{rel}: no golden file (run `make golden`)"
    assert OUTPUTS[rel] == golden.read_text(), f"{rel} differs from its golden file (`make golden`)"


@pytest.mark.parametrize("kind", sorted(expected_outputs_by_kind()))
def test_every_artifact_kind_has_golden_files(kind: str) -> None:
    files = expected_outputs_by_kind()[kind]
    assert files, f"artifact kind {kind!r} writes nothing for the golden config"
    missing = [rel for rel in files if not (GOLDEN / rel).exists()]
    assert missing == [], f"{kind}: no golden file for {missing} (run `make golden`)"
