"""``python -m reporting``: the portfolio report of a period from a Prometheus.

  PROMETHEUS_URL=http://prometheus:9090 python -m reporting --out build/report

Writes ``report.md`` (GitHub job-summary ready), ``report.json``, ``report.csv`` and
``charts/<product>.png`` for the period ending ``--end`` (default: now) of length
``--period`` (default 7d), compared with the period before. Prometheus' URL comes from
``--url`` or ``PROMETHEUS_URL``; a bearer token from ``PROMETHEUS_TOKEN`` or
``PROMETHEUS_TOKEN_FILE``, or basic auth from ``PROMETHEUS_USERNAME`` and
``PROMETHEUS_PASSWORD`` / ``PROMETHEUS_PASSWORD_FILE``. Credentials are never logged.

Exit codes: 0 written; 1 Prometheus could not be reached, refused the credentials or failed a
query (nothing written); 2 bad input (config, URL, credential settings, period).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from portfolio import durations
from portfolio.config.loader import load_config
from portfolio.errors import ConfigError
from reporting import charts, figures, prometheus, recommend, render
from reporting.errors import InputError, PrometheusError
from reporting.options import arguments

log = logging.getLogger("reporting")
EXIT_OK, EXIT_PROMETHEUS, EXIT_INPUT = 0, 1, 2


def parse_time(value: str) -> float:
    """Unix seconds or an ISO 8601 time (UTC unless it names a zone)."""
    try:
        return float(value)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"--end: {value!r} is neither unix seconds nor an ISO 8601 time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _write(out: Path, files: Mapping[str, bytes]) -> None:
    """Each file written to a temporary name and renamed, after every figure was read."""
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)


def build(args: argparse.Namespace, environ: Mapping[str, str], now: float) -> dict[str, bytes]:
    if not durations.is_valid(args.period) or durations.seconds(args.period) <= 0:
        raise InputError(f"--period: {args.period!r} is not a duration such as 7d or 24h")
    end = now if args.end is None else parse_time(args.end)
    period = figures.Period(end - durations.seconds(args.period), end)
    try:
        portfolio = load_config(Path(args.config))
    except ConfigError as exc:  # named as given, as check-config names it
        raise InputError(str(ConfigError(str(args.config), exc.problems))) from None
    with prometheus.connect(args.url, environ) as client:
        found = figures.collect(portfolio, client, period)
    found = replace(found, recommendations=recommend.recommend(found, portfolio))
    pngs = {} if args.no_charts else charts.charts(found)
    links = {pid: f"{args.charts_url.rstrip('/')}/{pid}.png" for pid in pngs}
    files = {
        "report.md": render.markdown(found, portfolio, links).encode(),
        "report.json": render.as_json(found).encode(),
        "report.csv": render.as_csv(found).encode(),
    }
    files.update({f"charts/{pid}.png": png for pid, png in pngs.items()})
    return files


def run(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    now: float | None = None,
) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reporting",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    arguments(parser)
    return execute(parser.parse_args(argv), environ, now)


def execute(
    args: argparse.Namespace, environ: Mapping[str, str] | None = None, now: float | None = None
) -> int:
    env = os.environ if environ is None else environ
    try:
        files = build(args, env, time.time() if now is None else now)
    except InputError as exc:
        log.error("error: %s", exc)
        return EXIT_INPUT
    except PrometheusError as exc:
        log.error("error: %s", exc)
        return EXIT_PROMETHEUS
    out = Path(args.out)
    _write(out, files)
    log.info("wrote %s (%s)", out / "report.md", ", ".join(sorted(files)))
    return EXIT_OK


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return run()


if __name__ == "__main__":
    sys.exit(main())
