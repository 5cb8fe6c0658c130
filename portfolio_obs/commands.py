"""What each subcommand runs: mostly a hand-over to an existing entry point.

Entry points are imported inside the functions that call them, so ``check-config`` (a
pre-commit hook, run on every commit) loads only the config loader, not the generators,
grafanalib or the exporters.
"""

from __future__ import annotations

import argparse
import importlib
import logging
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from portfolio.sources import EXPORTERS as SOURCES_WITH_EXPORTER

log = logging.getLogger("portfolio_obs")
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

# Exporter name -> its module (``python -m <module>``), for the sources whose exporter exists.
EXPORTERS: Mapping[str, str] = MappingProxyType(
    {name: str(source.exporter) for name, source in SOURCES_WITH_EXPORTER.items()}
)

INIT_DESCRIPTION = """\
Write a commented starter portfolio.yaml from a few answers, validated before it is written.

  portfolio-obs init --name Acme --team ops:#ops-alerts \\
      --product shop:ops:https://shop.example/health \\
      --endpoint shop:api:https://api.shop.example/health

Refuses to overwrite an existing file (exit 2) unless --force. Then run `portfolio-obs
generate` beside it (it also writes the schema/portfolio.schema.json the file's first line
names, for editors)."""


REPORT_DESCRIPTION = """\
Write the portfolio report of a period (default: the last 7 days, compared with the 7 before)
from a Prometheus: report.md (GitHub job-summary ready), report.json, report.csv and
charts/<product>.png in --out.

  PROMETHEUS_URL=http://127.0.0.1:9090 portfolio-obs report --out build/report

Credentials: PROMETHEUS_TOKEN[_FILE] (bearer) or PROMETHEUS_USERNAME with
PROMETHEUS_PASSWORD[_FILE] (basic); never logged. Exit codes: 0 written, 1 Prometheus
unreachable, refusing or failing a query (nothing written), 2 bad input."""

DEMO_DESCRIPTION = """\
Run the stack from the Debian packages (as `portfolio-obs stack`) with fake GitHub, Plausible,
Cloudflare and PostHog APIs on 127.0.0.1 serving a moving history: weeks of deployments,
workflow runs, incidents, traffic, funnels and experiments, and new ones every few seconds.
No account and no token: the exporters get demo-only tokens the fakes accept. Every
dashboard's queries have data within about a minute; the guide printed at start says what to
open in the Prometheus UI. Ctrl-C stops it. Exit codes as `portfolio-obs stack`."""


def _logging(quiet: bool = False) -> None:
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s")


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """A command without flags."""


def _config_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="portfolio.yaml", help="the portfolio config")
    parser.add_argument("--out", default=".", help="root folder of the generated files")
    parser.add_argument("-q", "--quiet", action="store_true", help="log only problems")


def generate_arguments(parser: argparse.ArgumentParser) -> None:
    _config_arguments(parser)


def check_arguments(parser: argparse.ArgumentParser) -> None:
    _config_arguments(parser)
    parser.add_argument(
        "--skip-tools", action="store_true", help="skip promtool, amtool and the other tools"
    )


def _generators(args: argparse.Namespace, *command: str) -> int:
    from generators.__main__ import main
    from portfolio_obs import progress

    options = ["--config", args.config, "--out", args.out] + (["--quiet"] if args.quiet else [])
    return main([*options, *command], progress_bar=progress.bar)


def generate(args: argparse.Namespace) -> int:
    return _generators(args, "generate")


def check(args: argparse.Namespace) -> int:
    return _generators(args, "check", *(["--skip-tools"] if args.skip_tools else []))


def schema(args: argparse.Namespace) -> int:
    from generators.__main__ import main

    return main(["schema"])


def check_config_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="*", type=Path, default=[Path("portfolio.yaml")], metavar="FILE"
    )


def check_config(args: argparse.Namespace) -> int:
    """Every file loaded as the generators load it; problems name the path as given."""
    from portfolio.config.loader import load_config
    from portfolio.errors import ConfigError

    _logging()
    failed = False
    for path in args.files:
        try:
            portfolio = load_config(path)
        except ConfigError as exc:
            failed = True
            log.error("%s", ConfigError(str(path), exc.problems))
            continue
        log.info("%s: ok (%d products)", path, len(portfolio.products))
    return EXIT_BAD_INPUT if failed else EXIT_OK


def init_arguments(parser: argparse.ArgumentParser) -> None:
    from portfolio_obs.starter import arguments

    arguments(parser)


def init(args: argparse.Namespace) -> int:
    from portfolio_obs.starter import run

    _logging()
    return run(args)


def stack(args: argparse.Namespace) -> int:
    from portfolio_obs import progress
    from stack_runner.supervisor import main

    return main(args.args, progress_bar=progress.bar)


def exporter(args: argparse.Namespace) -> int:
    parser = argparse.ArgumentParser(
        prog="portfolio-obs exporter",
        description="Run an exporter; its own --help lists its commands and settings.",
    )
    parser.add_argument("name", choices=list(EXPORTERS), help="the exporter")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the exporter's arguments")
    chosen = parser.parse_args(args.args)
    module = EXPORTERS[chosen.name]
    if {"-h", "--help"} & set(chosen.args):
        print(f"portfolio-obs exporter {chosen.name} is `python -m {module}`:\n", flush=True)
    from exporters.toolkit.app import ExporterSpec, run_exporter

    # Every exporter's __main__ has the toolkit's SPEC (docs/exporters/writing-an-exporter.md).
    spec = importlib.import_module(f"{module}.__main__").SPEC
    if not isinstance(spec, ExporterSpec):
        raise TypeError(f"{module}.__main__.SPEC is not an ExporterSpec")
    return run_exporter(spec, chosen.args)


def ci_report(args: argparse.Namespace) -> int:
    from exporters.ci_report import main

    return main(args.args)


def incident_bridge(args: argparse.Namespace) -> int:
    from exporters.incident_bridge.__main__ import main

    return main(args.args)


def publish(args: argparse.Namespace) -> int:
    from publisher.__main__ import run

    _logging()
    return run(args.args)


def report_arguments(parser: argparse.ArgumentParser) -> None:
    from reporting.options import arguments

    arguments(parser)


def report(args: argparse.Namespace) -> int:
    from reporting.__main__ import execute

    _logging()
    return execute(args)


def demo_arguments(parser: argparse.ArgumentParser) -> None:
    # portfolio.demo is constants only: building --help must not import the fakes.
    from portfolio import demo

    parser.add_argument("--config", default="portfolio.yaml", help="the portfolio config")
    parser.add_argument(
        "--out", default=demo.DEFAULT_OUT, help=f"config, data and logs ({demo.DEFAULT_OUT})"
    )
    parser.add_argument(
        "--seed", type=int, default=demo.DEFAULT_SEED, help="seed of the moving history"
    )
    parser.add_argument(
        "--interval",
        default=demo.DEFAULT_INTERVAL,
        help=f"scrape, evaluation and probe interval ({demo.DEFAULT_INTERVAL})",
    )
    parser.add_argument(
        "--compose",
        action="store_true",
        help="print the `docker compose` command of the demo profile for this config and exit",
    )


def demo(args: argparse.Namespace) -> int:
    import os

    from portfolio_obs.demo import main

    return main(args, os.environ)
