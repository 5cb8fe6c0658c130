"""``python -m exporters.github``: serve metrics, check the config, or backfill history.

Exit codes: 0 ok, 1 backfill could not read GitHub, 2 bad input (settings or portfolio.yaml;
every problem is listed). The command line is the toolkit's (``run_exporter``); this module
only describes the exporter.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping, Sequence

from exporters.github.settings import PREFIX, GitHubSettings
from exporters.github.state import watches
from exporters.toolkit.app import Command, ExporterSpec, Serving, run_exporter
from portfolio.config.model import Portfolio

log = logging.getLogger("exporters.github")


def _watched(portfolio: Portfolio) -> list[tuple[str, str]]:
    return [(watch.product, watch.repo) for watch in watches(portfolio)]


def _on_config(settings: GitHubSettings, portfolio: Portfolio) -> None:
    watched = _watched(portfolio)
    log.info("watching %d repositories of %d products", len(watched), len({p for p, _ in watched}))


def _summary(settings: GitHubSettings, portfolio: Portfolio) -> str:
    return f"{len(_watched(portfolio))} repositories"


def _build(settings: GitHubSettings, portfolio: Portfolio) -> Serving:
    from exporters.github.app import build  # not needed by --check-config

    return build(settings, portfolio)


def _backfill_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="file to write ('-' for stdout)")
    parser.add_argument("--step", default="1h", help="sample spacing (default 1h)")
    parser.add_argument("--job", default="github-exporter", help="job label of the series")
    parser.add_argument("--instance", default=None, help="instance label (default: config)")


def _backfill(settings: GitHubSettings, portfolio: Portfolio, args: argparse.Namespace) -> int:
    from exporters.github.backfill import run_backfill

    return run_backfill(settings, portfolio, args)


SPEC: ExporterSpec[GitHubSettings] = ExporterSpec(
    name="github",
    settings=GitHubSettings,
    prefix=PREFIX,
    description="GitHub exporter: DORA four keys and GitHub Actions build metrics.",
    build=_build,
    summary=_summary,
    on_config=_on_config,
    serve_help="poll GitHub and serve /metrics (the default)",
    commands=(
        Command(
            name="backfill",
            help="write past history as OpenMetrics for promtool tsdb create-blocks-from",
            run=_backfill,
            arguments=_backfill_arguments,
        ),
    ),
)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    return run_exporter(SPEC, argv, env)


if __name__ == "__main__":
    sys.exit(main())
