"""The registry's entry type: one ``ArtifactKind`` per stage of the pipeline.

Each stage package (``generators/<stage>/``) declares its kind once, as ``ARTIFACT``, and
``generators.pipeline.KINDS`` lists them. The pipeline builds every kind; ``make check``
lints the PromQL each kind declares against the catalog plus what the kinds record and runs
each kind's tool checks on the written files; the golden tests compare every kind's files.
A new kind that is not in ``KINDS`` is not generated at all, so it cannot escape a test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from portfolio.catalog import Metric
from portfolio.config.model import Portfolio

Outputs = dict[str, str]  # path relative to the output root -> file text
Expression = tuple[str, str]  # (where it is, e.g. "dashboard: panel 'x' (A)", PromQL)
Command = list[str]


def _no_expressions(portfolio: Portfolio) -> Sequence[Expression]:
    return ()


def _no_recordings(portfolio: Portfolio) -> Mapping[str, Metric]:
    return {}


def NO_COMMANDS(root: Path) -> Sequence[Command]:
    """The default: the kind has no external validator."""
    return ()


@dataclass(frozen=True, kw_only=True)
class ArtifactKind:
    """One kind of generated artifact and what checks it."""

    name: str
    summary: str  # what it writes, for ``make help``-style listings and the docs
    build: Callable[[Portfolio], Outputs]  # pure: model in, files out
    # PromQL the artifact carries, linted against the catalog and every kind's recordings.
    expressions: Callable[[Portfolio], Sequence[Expression]] = _no_expressions
    # Series the artifact's recording rules create (they may be queried by any kind).
    recorded: Callable[[Portfolio], Mapping[str, Metric]] = _no_recordings
    # External validators of the written files (promtool, amtool), run from the output root.
    tool_checks: Callable[[Path], Sequence[Command]] = NO_COMMANDS
