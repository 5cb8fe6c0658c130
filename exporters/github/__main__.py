"""``python -m exporters.github``: serve metrics, check the config, or backfill history.

Exit codes: 0 ok, 2 bad input (settings or portfolio.yaml; every problem is listed).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence

from exporters.github.settings import PREFIX, GitHubSettings
from exporters.toolkit.errors import SettingsError
from exporters.toolkit.runner import EXIT_BAD_INPUT, EXIT_OK, log_settings, serve, setup_logging
from exporters.toolkit.settings import help_lines, load_settings
from portfolio.config.loader import load_config
from portfolio.errors import ConfigError

log = logging.getLogger("exporters.github")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m exporters.github",
        description="GitHub exporter: DORA four keys and GitHub Actions build metrics.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="environment:\n  " + "\n  ".join(help_lines(GitHubSettings, PREFIX)),
    )
    parser.add_argument(
        "--check-config", action="store_true", help="validate settings and portfolio.yaml, exit"
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="poll GitHub and serve /metrics (the default)")
    backfill = sub.add_parser(
        "backfill", help="write past history as OpenMetrics for promtool tsdb create-blocks-from"
    )
    backfill.add_argument("--out", required=True, help="file to write ('-' for stdout)")
    backfill.add_argument("--step", default="1h", help="sample spacing (default 1h)")
    backfill.add_argument("--job", default="github-exporter", help="job label of the series")
    backfill.add_argument("--instance", default=None, help="instance label (default: config)")
    return parser


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    args = _parser().parse_args(argv)
    env = os.environ if env is None else env
    setup_logging(env.get(PREFIX + "LOG_LEVEL", "INFO"))
    try:
        loaded = load_settings(GitHubSettings, env, PREFIX)
    except SettingsError as exc:
        log.error("%s", exc)
        return EXIT_BAD_INPUT
    settings: GitHubSettings = loaded.settings
    log_settings(loaded)
    try:
        portfolio = load_config(settings.config)
    except ConfigError as exc:
        log.error("%s", exc)
        return EXIT_BAD_INPUT
    watched = [(p.id, r) for p in portfolio.products for r in p.github_repos]
    log.info("watching %d repositories of %d products", len(watched), len({p for p, _ in watched}))
    if args.check_config:
        for line in loaded.describe():
            print(line)
        print(f"config ok: {len(watched)} repositories")
        return EXIT_OK
    from exporters.github.app import build

    if args.command == "backfill":
        from exporters.github.backfill import run_backfill

        return run_backfill(settings, portfolio, args)
    exporter = build(settings, portfolio)
    return serve(exporter.server, exporter.loop)


if __name__ == "__main__":
    sys.exit(main())
