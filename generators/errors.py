"""The generators' error hierarchy.

``GeneratorError`` is the base; the CLI maps every subclass (and the shared
``portfolio.errors.ConfigError``) to exit code 2 with its message.
"""

from __future__ import annotations

from portfolio.errors import PortfolioError


class GeneratorError(PortfolioError):
    """Base class of every error the generators raise on purpose."""


class BuildError(GeneratorError):
    """An artifact could not be built from a valid model (a bug or an impossible combination).

    The message names the product and artifact, e.g. ``product 'reports': alert 'uptime': ...``.
    """


class LintError(GeneratorError):
    """A generated PromQL expression is malformed or references an unknown metric or label."""


class WriteError(GeneratorError):
    """Output could not be written; nothing was changed."""
