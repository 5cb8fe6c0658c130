"""Stage ``rule tests``: ``promtool test rules`` files proving what every alert does.

- ``products``: per product and alert kind, and the monitoring alerts;
- ``slo``: burn-rate scenarios per SLO, from a step model of Prometheus' window semantics;
- ``dora``: which deployments the suspected change failure rules flag, per product;
- ``promtool``: the building blocks of the documents; ``templates``: the alert-template
  emulation that renders the annotations the tests expect.
"""

from __future__ import annotations

import glob
import itertools
from collections.abc import Sequence
from pathlib import Path

from generators.artifacts import ArtifactKind, Command, Outputs
from generators.output.render import to_yaml
from generators.rule_tests import dora, products, services, slo
from portfolio import conventions
from portfolio.config.model import Portfolio


def build(portfolio: Portfolio) -> Outputs:
    """Each document is written as soon as it is built: holding every product's documents
    until the end made the garbage collector walk millions of live objects (a fifth of the
    stage's time at a thousand products)."""
    documents = itertools.chain(
        products.documents(portfolio),
        slo.documents(portfolio),
        services.documents(portfolio),
        dora.documents(portfolio),
    )
    return {
        f"{conventions.RULE_TESTS_DIR}/{name}": to_yaml(document, portfolio.source)
        for name, document in documents
    }


def tool_checks(root: Path) -> Sequence[Command]:
    """One ``promtool test rules`` per file, so they can run side by side."""
    tests = sorted(glob.glob(f"{conventions.RULE_TESTS_DIR}/*.test.yml", root_dir=root))
    return [["promtool", "test", "rules", test] for test in tests]


ARTIFACT = ArtifactKind(
    name="rule-tests",
    summary="promtool unit tests of every alert (alert_rules/tests/)",
    build=build,
    tool_checks=tool_checks,
)
