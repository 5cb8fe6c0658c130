"""The errors both halves share.

``PortfolioError`` is the base of every error raised on purpose by this project's packages
(``generators.errors.GeneratorError`` derives from it). ``ConfigError`` carries every problem
found in ``portfolio.yaml``; every command maps it to exit code 2 with its message.
"""

from __future__ import annotations

from dataclasses import dataclass


class PortfolioError(Exception):
    """Base class of every error the project raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the config, located by file line and YAML path."""

    line: int
    path: str
    message: str

    def render(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ConfigError(PortfolioError):
    """The config is invalid. Carries every problem found, not only the first."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = sorted(set(problems))
        lines = [p.render(filename) for p in self.problems]
        count = len(self.problems)
        header = f"{filename}: {count} problem{'s' if count != 1 else ''} found"
        super().__init__("\n".join([header, *lines]))
