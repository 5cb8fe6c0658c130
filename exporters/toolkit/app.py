"""``run_exporter(spec)``: the command line every exporter shares.

An exporter's ``__main__`` is ``sys.exit(run_exporter(SPEC))`` where ``SPEC`` is its
``ExporterSpec``: the settings class and prefix, a description, how to build it from
(settings, portfolio) and the ``--check-config`` summary. The runner does the rest, the same
way for every exporter:

- ``--help`` lists every setting with its default (``help_lines``);
- settings come from the environment and ``*_FILE`` (``load_settings``), portfolio.yaml from
  the ``config`` setting; every problem is logged and the exit code is 2;
- ``--check-config`` prints each setting with its source (secrets as ***) and
  ``config ok: <summary>``, exit 0;
- ``serve`` (the default) builds the exporter and serves it until SIGTERM/SIGINT;
- extra subcommands (``Command``) get the loaded settings, the portfolio and their arguments.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from exporters.toolkit.errors import SettingsError
from exporters.toolkit.refresh import RefreshLoop
from exporters.toolkit.runner import EXIT_BAD_INPUT, EXIT_OK, log_settings, serve, setup_logging
from exporters.toolkit.server import ExporterServer
from exporters.toolkit.settings import help_lines, load_settings
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio
from portfolio.errors import ConfigError


class ExporterSettings(Protocol):
    """What the runner reads from every settings class: where portfolio.yaml is."""

    @property
    def config(self) -> Path: ...


class Serving(Protocol):
    """What ``build`` returns (a ``kit.Runtime`` or an object holding one)."""

    @property
    def server(self) -> ExporterServer: ...

    @property
    def loop(self) -> RefreshLoop: ...


S = TypeVar("S", bound=ExporterSettings)


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    return None


@dataclass(frozen=True)
class Command(Generic[S]):
    """An extra subcommand (GitHub's ``backfill``): ``run`` returns the exit code."""

    name: str
    help: str
    run: Callable[[S, Portfolio, argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments


@dataclass(frozen=True)
class ExporterSpec(Generic[S]):
    """Everything the runner needs to know about one exporter."""

    name: str  # the package: ``python -m exporters.<name>``, logger ``exporters.<name>``
    settings: type[S]
    prefix: str  # of its environment variables, e.g. ``GITHUB_``
    description: str
    build: Callable[[S, Portfolio], Serving]
    summary: Callable[[S, Portfolio], str]  # --check-config prints "config ok: <summary>"
    commands: Sequence[Command[S]] = ()
    on_config: Callable[[S, Portfolio], None] | None = None  # e.g. log what will be watched
    serve_help: str = "poll upstream and serve /metrics (the default)"

    @property
    def prog(self) -> str:
        return f"python -m exporters.{self.name}"

    @property
    def logger(self) -> logging.Logger:
        return logging.getLogger(f"exporters.{self.name}")


def parser(spec: ExporterSpec[S]) -> argparse.ArgumentParser:
    """The exporter's argument parser; ``--help`` ends with every setting and its default."""
    out = argparse.ArgumentParser(
        prog=spec.prog,
        description=spec.description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="environment:\n  " + "\n  ".join(help_lines(spec.settings, spec.prefix)),
    )
    out.add_argument(
        "--check-config", action="store_true", help="validate settings and portfolio.yaml, exit"
    )
    sub = out.add_subparsers(dest="command")
    sub.add_parser("serve", help=spec.serve_help)
    for command in spec.commands:
        command.arguments(sub.add_parser(command.name, help=command.help))
    return out


def run_exporter(
    spec: ExporterSpec[S],
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    """Parse ``argv``, load settings from ``env`` (``os.environ``) and portfolio.yaml, then
    check, run a subcommand or serve. Returns the exit code: 0 ok, 2 bad input."""
    args = parser(spec).parse_args(argv)
    env = os.environ if env is None else env
    log = spec.logger
    setup_logging(env.get(spec.prefix + "LOG_LEVEL", "INFO"))
    try:
        loaded = load_settings(spec.settings, env, spec.prefix)
    except SettingsError as exc:
        log.error("%s", exc)
        return EXIT_BAD_INPUT
    settings: S = loaded.settings
    log_settings(loaded)
    try:
        portfolio = load_config(settings.config)
    except ConfigError as exc:
        log.error("%s", exc)
        return EXIT_BAD_INPUT
    if spec.on_config is not None:
        spec.on_config(settings, portfolio)
    if args.check_config:
        for line in loaded.describe():
            print(line)
        print(f"config ok: {spec.summary(settings, portfolio)}")
        return EXIT_OK
    for command in spec.commands:
        if args.command == command.name:
            return command.run(settings, portfolio, args)
    exporter = spec.build(settings, portfolio)
    return serve(exporter.server, exporter.loop)
