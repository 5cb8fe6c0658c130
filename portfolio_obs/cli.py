"""The ``portfolio-obs`` command line: one registry of subcommands, each an entry point.

Exit codes: 0 ok, 1 a check failed (or, for ``stack``, ``exporter``, ``ci-report`` and
``publish``, what that command documents), 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from portfolio import __version__
from portfolio_obs import commands

PROG = "portfolio-obs"
EXIT_CODES = (
    "Exit codes: 0 ok, 1 a check failed, 2 bad input (every problem with its file line and YAML "
    "path, nothing written); stack, exporter, ci-report, incident-bridge, publish and report "
    "exit as their --help says."
)


@dataclass(frozen=True)
class Command:
    """One subcommand. ``arguments`` declares its flags; without it the command is a
    pass-through: everything after its name goes unparsed to an entry point that has its own
    ``--help`` (the stack runner, an exporter, the CI reporter, the publisher)."""

    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    description: str | None = None
    same_as: str | None = None  # the module command a pass-through equals, for its --help

    @property
    def passthrough(self) -> bool:
        return self.arguments is None


COMMANDS: Mapping[str, Command] = MappingProxyType(
    {
        "init": Command(
            "write a commented starter portfolio.yaml from a few answers",
            commands.init,
            commands.init_arguments,
            commands.INIT_DESCRIPTION,
        ),
        "generate": Command(
            "write every artifact from the config (exit 2: bad config, nothing written)",
            commands.generate,
            commands.generate_arguments,
        ),
        "check": Command(
            "fail (exit 1) if the artifacts are stale or promtool/amtool reject them",
            commands.check,
            commands.check_arguments,
        ),
        "check-config": Command(
            "load each config (schema and semantic rules) and report every problem; fast",
            commands.check_config,
            commands.check_config_arguments,
        ),
        "schema": Command(
            "print the JSON Schema of portfolio.yaml",
            commands.schema,
            commands.no_arguments,
        ),
        "stack": Command(
            "run the generated stack from the Debian packages",
            commands.stack,
            same_as="python -m stack_runner",
        ),
        "exporter": Command(
            f"run an exporter: {', '.join(commands.EXPORTERS)} (`exporter NAME --help`)",
            commands.exporter,
        ),
        "ci-report": Command(
            "report a CI run to a Pushgateway",
            commands.ci_report,
            same_as="python -m exporters.ci_report",
        ),
        "incident-bridge": Command(
            "run the bridge that opens a GitHub issue per critical alert",
            commands.incident_bridge,
            same_as="python -m exporters.incident_bridge",
        ),
        "publish": Command(
            "upload the generated dashboards to Grafana",
            commands.publish,
            same_as="python -m publisher",
        ),
        "demo": Command(
            "run the stack against fake upstreams with a moving history: no account, no token",
            commands.demo,
            commands.demo_arguments,
            commands.DEMO_DESCRIPTION,
        ),
        "report": Command(
            "write the period's report from a Prometheus: Markdown, charts, JSON, CSV",
            commands.report,
            commands.report_arguments,
            commands.REPORT_DESCRIPTION,
        ),
    }
)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog=PROG,
        description="Portfolio observability as code: portfolio.yaml -> dashboards, alert "
        "rules, Alertmanager/Prometheus config, compose, Kubernetes, a mixin.",
        epilog=f"`{PROG} COMMAND --help` describes each command. {EXIT_CODES}",
    )
    top.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        if command.arguments is None:
            # Listed for --help only: main() hands these their arguments before parsing.
            sub.add_parser(name, help=command.help, add_help=False)
            continue
        one = sub.add_parser(
            name,
            help=command.help,
            description=command.description or command.help,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.arguments(one)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS and COMMANDS[args[0]].passthrough:
        command = COMMANDS[args[0]]
        if command.same_as and {"-h", "--help"} & set(args[1:]):
            # The entry point's help names its module; say that this command is the same.
            print(f"{PROG} {args[0]} is `{command.same_as}`:\n", flush=True)
        return command.run(argparse.Namespace(command=args[0], args=args[1:]))
    namespace = parser().parse_args(args)
    return COMMANDS[namespace.command].run(namespace)
