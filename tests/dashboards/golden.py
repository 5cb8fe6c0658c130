"""Golden dashboards: what ``dashboards.build`` writes for ``tests/fixtures/config/golden.yaml``.

Rewrite after an intended change with ``make golden`` or
``.venv/bin/python -m tests.dashboards.update_golden``, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

from generators import dashboards
from generators.output.render import to_yaml
from generators.pipeline import to_json_outputs
from portfolio import conventions
from portfolio.config.loader import load_config

HERE = Path(__file__).resolve().parent
CONFIG = HERE.parent / "fixtures" / "config" / "golden.yaml"
GOLDEN = HERE / "golden"


def golden_outputs() -> dict[str, str]:
    portfolio = load_config(CONFIG)
    out = to_json_outputs(dashboards.build(portfolio))
    out[conventions.DASHBOARD_RULES_FILE] = to_yaml(
        dashboards.rule_file(portfolio), portfolio.source
    )
    return dict(sorted(out.items()))
