"""Golden files: what the generators write for ``tests/fixtures/config/golden.yaml``.

One tree, ``tests/golden/``, holds every file of every artifact kind in the registry
(``generators.pipeline.KINDS``): a kind added there is golden-tested without editing this.
Rewrite after an intended change with ``make golden`` (``python -m tests.update_golden``) and
review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generators import pipeline
from portfolio.config.loader import load_config

ROOT = Path(__file__).resolve().parent
CONFIG = ROOT / "fixtures" / "config" / "golden.yaml"
GOLDEN = ROOT / "golden"


def expected_outputs_by_kind() -> dict[str, dict[str, str]]:
    """Every registered kind's files for the golden config."""
    portfolio = load_config(CONFIG)
    return {kind.name: kind.build(portfolio) for kind in pipeline.KINDS}


def expected_outputs() -> dict[str, str]:
    portfolio = load_config(CONFIG)
    return pipeline.build_all(portfolio)


def write_golden(outputs: dict[str, str], folder: Path) -> None:
    """Replace ``folder`` with exactly ``outputs`` (paths relative to it)."""
    if folder.exists():
        shutil.rmtree(folder)
    for rel, text in outputs.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f"wrote {len(outputs)} golden files to {folder}")
