"""The generators' error hierarchy.

``GeneratorError`` is the base; the CLI maps every subclass to exit code 2 with its message.
"""

from __future__ import annotations

from dataclasses import dataclass


class GeneratorError(Exception):
    """Base class of every error the generators raise on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the config, located by file line and YAML path."""

    line: int
    path: str
    message: str

    def render(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ConfigError(GeneratorError):
    """The config is invalid. Carries every problem found, not only the first."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = sorted(set(problems))
        lines = [p.render(filename) for p in self.problems]
        count = len(self.problems)
        header = f"{filename}: {count} problem{'s' if count != 1 else ''} found"
        super().__init__("\n".join([header, *lines]))


class BuildError(GeneratorError):
    """An artifact could not be built from a valid model (a bug or an impossible combination).

    The message names the product and artifact, e.g. ``product 'reports': alert 'uptime': ...``.
    """


class LintError(GeneratorError):
    """A generated PromQL expression is malformed or references an unknown metric or label."""


class WriteError(GeneratorError):
    """Output could not be written; nothing was changed."""
