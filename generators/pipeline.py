"""Model in, every artifact out: ``{relative path: file text}``. Pure: no I/O.

``KINDS`` is the registry of artifact kinds, one per stage; the writer, ``make check``
(``generators.checks``) and the golden tests read it. Adding a kind means adding its stage
package, with its ``ARTIFACT``, and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generators import alerting, dashboards, kubernetes, mixin, rule_tests, rules, schema, stack
from generators.artifacts import ArtifactKind, Outputs
from generators.errors import BuildError
from portfolio.config.model import Portfolio

KINDS: tuple[ArtifactKind, ...] = (
    rules.ARTIFACT,
    rule_tests.ARTIFACT,
    alerting.ARTIFACT,
    stack.ARTIFACT,
    dashboards.ARTIFACT,
    mixin.ARTIFACT,
    kubernetes.ARTIFACT,
    schema.ARTIFACT,
)
BY_NAME: Mapping[str, ArtifactKind] = {kind.name: kind for kind in KINDS}


def build_all(portfolio: Portfolio, progress: Callable[[str], None] | None = None) -> Outputs:
    """Every generated file, keyed by path relative to the output root, in sorted order.
    ``progress`` is called with each artifact kind's name once it is built."""
    out: Outputs = {}
    for kind in KINDS:
        files = kind.build(portfolio)
        if progress is not None:
            progress(kind.name)
        clash = sorted(out.keys() & files.keys())
        if clash:
            raise BuildError(f"artifact kind {kind.name!r} writes {clash[0]} again")
        out.update(files)
    return dict(sorted(out.items()))
