"""Rewrite tests/golden from tests/fixtures/config/golden.yaml (``make golden``)."""

from __future__ import annotations

import shutil

from tests.golden_support import GOLDEN, expected_outputs


def main() -> None:
    outputs = expected_outputs()
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for rel, text in outputs.items():
        path = GOLDEN / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f"wrote {len(outputs)} golden files to {GOLDEN}")


if __name__ == "__main__":
    main()
