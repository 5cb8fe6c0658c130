"""Golden files: what the generators write for ``tests/fixtures/config/golden.yaml``.

Covers every artifact kind the core builds. Rewrite after an intended change with
``make golden`` (``python -m tests.update_golden``) and review the diff.
"""

from __future__ import annotations

from pathlib import Path

from generators import pipeline, schema
from generators.config.loader import load_config

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
