"""``python -m exporters.plausible``: serve metrics or check the config.

Exit codes: 0 ok, 2 bad input (settings or portfolio.yaml; every problem is listed). The
command line is the toolkit's (``run_exporter``); this module only describes the exporter.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence

from exporters.plausible.budget import plan
from exporters.plausible.settings import PREFIX, PlausibleSettings
from exporters.toolkit.app import ExporterSpec, Serving, run_exporter
from portfolio.config.model import Portfolio
from portfolio.sources import plausible

log = logging.getLogger("exporters.plausible")


def _sites(portfolio: Portfolio) -> int:
    return sum(1 for product in portfolio.products if plausible.SOURCE.of(product) is not None)


def _on_config(settings: PlausibleSettings, portfolio: Portfolio) -> None:
    schedule = plan(settings, _sites(portfolio))
    windows = ", ".join(
        f"{p.label} every {schedule.intervals[p.source]:.0f}s" for p in settings.windows
    )
    log.info("watching %d sites: %s; %s", _sites(portfolio), windows, schedule.describe())
    if schedule.stretch > 1:
        log.warning(
            "the configured intervals would spend more than PLAUSIBLE_REQUEST_BUDGET=%d "
            "requests/hour; every interval is %.2f times longer",
            settings.request_budget,
            schedule.stretch,
        )


def _summary(settings: PlausibleSettings, portfolio: Portfolio) -> str:
    schedule = plan(settings, _sites(portfolio))
    return f"{_sites(portfolio)} sites, {len(settings.windows)} windows; {schedule.describe()}"


def _build(settings: PlausibleSettings, portfolio: Portfolio) -> Serving:
    from exporters.plausible.app import build  # not needed by --check-config

    return build(settings, portfolio)


SPEC: ExporterSpec[PlausibleSettings] = ExporterSpec(
    name="plausible",
    settings=PlausibleSettings,
    prefix=PREFIX,
    description="Plausible exporter: visitors, pageviews, bounce rate, visit duration, top "
    "pages and sources over rolling windows, and current visitors.",
    build=_build,
    summary=_summary,
    on_config=_on_config,
    serve_help="poll Plausible and serve /metrics (the default)",
)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    return run_exporter(SPEC, argv, env)


if __name__ == "__main__":
    sys.exit(main())
