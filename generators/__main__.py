"""Command line: ``python -m generators {generate,check,schema}``.

Exit codes: 0 success, 1 a check failed (stale artifacts, promtool/amtool), 2 bad input.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from generators import pipeline, schema
from generators.checks import runner as checks
from generators.errors import GeneratorError
from generators.output.writer import write_all
from portfolio.config.loader import load_config
from portfolio.errors import ConfigError

log = logging.getLogger("generators")
ProgressBar = Callable[[str, int | None], AbstractContextManager[Callable[[str], None]]]


Progress = Callable[[str], None] | None


def _generate(args: argparse.Namespace, progress: Progress) -> int:
    portfolio = load_config(args.config)
    outputs = pipeline.build_all(portfolio, progress)
    report = write_all(outputs, Path(args.out))
    log.info(
        "%d files: %d written, %d unchanged, %d removed",
        len(outputs),
        len(report.written),
        len(report.unchanged),
        len(report.removed),
    )
    for rel in report.written:
        log.info("wrote %s", rel)
    for rel in report.removed:
        log.info("removed %s", rel)
    return 0


def _check(args: argparse.Namespace, progress: Progress) -> int:
    return checks.run(
        Path(args.config), Path(args.out), skip_tools=args.skip_tools, progress=progress
    )


def _schema(args: argparse.Namespace, _progress: Progress) -> int:
    sys.stdout.write(schema.schema_text())
    return 0


def main(argv: list[str] | None = None, progress_bar: ProgressBar | None = None) -> int:
    """``progress_bar(description, total)``: a context giving a per-step callback (the
    command line's progress bar); generate steps once per artifact kind, check once per
    check and tool run."""
    parser = argparse.ArgumentParser(prog="python -m generators", description=__doc__)
    parser.add_argument("--config", default="portfolio.yaml", help="the portfolio config")
    parser.add_argument("--out", default=".", help="root folder of the generated files")
    parser.add_argument("-q", "--quiet", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("generate", help="write every artifact from the config")
    check = sub.add_parser("check", help="validate config and committed artifacts")
    check.add_argument("--skip-tools", action="store_true", help="skip promtool and amtool")
    sub.add_parser("schema", help="print the config's JSON Schema")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    handlers = {"generate": _generate, "check": _check, "schema": _schema}
    totals = {"generate": len(pipeline.KINDS), "check": None}
    try:
        if progress_bar is None or args.command not in totals:
            return handlers[args.command](args, None)
        with progress_bar(args.command, totals[args.command]) as advance:
            return handlers[args.command](args, advance)
    except ConfigError as exc:
        log.error("%s", exc)
        return 2
    except GeneratorError as exc:
        log.error("error: %s", exc)
        return 2


if __name__ == "__main__":
    sys.exit(main())
