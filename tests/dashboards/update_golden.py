"""Rewrite tests/dashboards/golden (part of ``make golden``)."""

from __future__ import annotations

import shutil

from tests.dashboards.golden import GOLDEN, golden_outputs


def main() -> None:
    outputs = golden_outputs()
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for rel, text in outputs.items():
        path = GOLDEN / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f"wrote {len(outputs)} dashboard golden files to {GOLDEN}")


if __name__ == "__main__":
    main()
