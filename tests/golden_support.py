"""Golden files: what the generators write for ``tests/fixtures/config/golden.yaml``.

Covers every artifact kind the core builds. Rewrite after an intended change with
``make golden`` (``python -m tests.update_golden``) and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generators import pipeline, schema
from portfolio.config.loader import load_config

ROOT = Path(__file__).resolve().parent
CONFIG = ROOT / "fixtures" / "config" / "golden.yaml"
GOLDEN = ROOT / "golden"
KINDS = ("rules", "rule-tests", "alertmanager", "prometheus", "grafana", "compose")


def expected_outputs() -> dict[str, str]:
    portfolio = load_config(CONFIG)
    out: dict[str, str] = {}
    for kind in KINDS:
        out.update(pipeline.BUILDERS[kind](portfolio))
    out[schema.SCHEMA_PATH] = schema.schema_text()
    return dict(sorted(out.items()))


def write_golden(outputs: dict[str, str], folder: Path) -> None:
    """Replace ``folder`` with exactly ``outputs`` (paths relative to it)."""
    if folder.exists():
        shutil.rmtree(folder)
    for rel, text in outputs.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f"wrote {len(outputs)} golden files to {folder}")
