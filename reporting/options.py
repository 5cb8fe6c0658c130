"""The report's command-line options, apart from the report so that building the
``portfolio-obs`` parser (``check-config``, a pre-commit hook) imports neither httpx nor
matplotlib."""

from __future__ import annotations

import argparse

DEFAULT_PERIOD = "7d"


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="portfolio.yaml", help="the portfolio config")
    parser.add_argument("--url", help="Prometheus' base URL (default: $PROMETHEUS_URL)")
    parser.add_argument("--out", default="build/report", help="folder of the report's files")
    parser.add_argument("--end", help="end of the period: unix seconds or ISO 8601 (default: now)")
    parser.add_argument("--period", default=DEFAULT_PERIOD, help="length of the period (7d)")
    parser.add_argument(
        "--charts-url",
        default="charts",
        help="where the Markdown links the charts (default: charts, beside report.md)",
    )
    parser.add_argument("--no-charts", action="store_true", help="skip the PNG charts")
