"""``python -m exporters.cloudflare``: serve metrics or check the config.

Exit codes: 0 ok, 2 bad input (settings or portfolio.yaml; every problem is listed). The
command line is the toolkit's (``run_exporter``); this module only describes the exporter.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence

from exporters.cloudflare.budget import plan
from exporters.cloudflare.settings import PREFIX, CloudflareSettings
from exporters.toolkit.app import ExporterSpec, Serving, run_exporter
from portfolio.config.model import Portfolio
from portfolio.sources import cloudflare

log = logging.getLogger("exporters.cloudflare")


def _zones(portfolio: Portfolio) -> int:
    return sum(1 for product in portfolio.products if cloudflare.SOURCE.of(product) is not None)


def _on_config(settings: CloudflareSettings, portfolio: Portfolio) -> None:
    schedule = plan(settings, _zones(portfolio))
    log.info("watching %d zones; %s", _zones(portfolio), schedule.describe())
    if schedule.stretch > 1:
        log.warning(
            "CLOUDFLARE_INTERVAL=%ss would spend more than CLOUDFLARE_QUERY_BUDGET=%d queries "
            "per 5 minutes; traffic is refreshed every %.0fs instead",
            settings.interval,
            settings.query_budget,
            schedule.interval,
        )


def _summary(settings: CloudflareSettings, portfolio: Portfolio) -> str:
    return f"{_zones(portfolio)} zones; {plan(settings, _zones(portfolio)).describe()}"


def _build(settings: CloudflareSettings, portfolio: Portfolio) -> Serving:
    from exporters.cloudflare.app import build  # not needed by --check-config

    return build(settings, portfolio)


SPEC: ExporterSpec[CloudflareSettings] = ExporterSpec(
    name="cloudflare",
    settings=CloudflareSettings,
    prefix=PREFIX,
    description="Cloudflare exporter: requests by status class, cache status, bandwidth and "
    "threats of settled minutes, edge TTFB and origin response-time percentiles, and health "
    "checks, per product's zone.",
    build=_build,
    summary=_summary,
    on_config=_on_config,
    serve_help="poll Cloudflare and serve /metrics (the default)",
)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    return run_exporter(SPEC, argv, env)


if __name__ == "__main__":
    sys.exit(main())
