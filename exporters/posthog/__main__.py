"""``python -m exporters.posthog``: serve metrics or check the config.

Exit codes: 0 ok, 2 bad input (settings or portfolio.yaml; every problem is listed). The
command line is the toolkit's (``run_exporter``); this module only describes the exporter.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence

from exporters.posthog.budget import plan
from exporters.posthog.settings import PREFIX, PosthogSettings
from exporters.toolkit.app import ExporterSpec, Serving, run_exporter
from portfolio.config.model import Portfolio
from portfolio.sources import posthog

log = logging.getLogger("exporters.posthog")


def _sources(portfolio: Portfolio) -> list[posthog.PosthogSource]:
    return [s for p in portfolio.products if (s := posthog.SOURCE.of(p)) is not None]


def _summary(settings: PosthogSettings, portfolio: Portfolio) -> str:
    sources = _sources(portfolio)
    schedule = plan(settings, sources)
    counts = (
        f"{sum(len(s.features) for s in sources)} features, "
        f"{sum(len(s.funnels) for s in sources)} funnels, "
        f"{sum(len(s.experiments) for s in sources)} experiments, "
        f"{sum(len(s.cohorts) for s in sources)} cohorts"
    )
    return f"{len(sources)} projects, {counts}; {schedule.describe()}"


def _on_config(settings: PosthogSettings, portfolio: Portfolio) -> None:
    schedule = plan(settings, _sources(portfolio))
    every = ", ".join(f"{name} every {s:.0f}s" for name, s in schedule.intervals.items())
    log.info("%s; %s", _summary(settings, portfolio), every)
    if schedule.stretch > 1:
        log.warning(
            "the configured intervals would spend more than POSTHOG_QUERY_BUDGET=%d "
            "queries/hour; every interval is %.2f times longer",
            settings.query_budget,
            schedule.stretch,
        )


def _build(settings: PosthogSettings, portfolio: Portfolio) -> Serving:
    from exporters.posthog.app import build  # not needed by --check-config

    return build(settings, portfolio)


SPEC: ExporterSpec[PosthogSettings] = ExporterSpec(
    name="posthog",
    settings=PosthogSettings,
    prefix=PREFIX,
    description="PostHog exporter: active users and feature adoption per period, funnels, "
    "experiments with significance, and cohort sizes and engagement.",
    build=_build,
    summary=_summary,
    on_config=_on_config,
    serve_help="poll PostHog and serve /metrics (the default)",
)


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    return run_exporter(SPEC, argv, env)


if __name__ == "__main__":
    sys.exit(main())
