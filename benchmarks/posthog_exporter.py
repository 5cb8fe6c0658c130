"""PostHog exporter: query requests per full refresh and per hour against the budget
(POSTHOG_QUERY_BUDGET 900 of PostHog's 1,200 structured queries per hour) for the example
portfolio and for 1, 10 and 25 products shaped like the Fawkes seed (5 features, 3 funnels of
4 steps, 2 experiments, 4 cohorts, 2 periods: 9 queries each), the refresh time of each source
against the fake query API, ``/metrics`` latency with 25 products, and the RSS of the exporter
process itself (``python -m exporters.posthog`` run as a child process, SciPy loaded). For 50,
100 and 200 products it prints the plan: queries per refresh and hour, the stretch, and the
least time the burst pacing (POSTHOG_QUERY_BURST per minute) gives a full refresh.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from prometheus_client import CollectorRegistry

from benchmarks._exporters import process_rss, scrape_latency
from exporters.posthog.app import build
from exporters.posthog.budget import SOURCES, plan
from exporters.posthog.settings import PREFIX, QUERY_LIMIT_PER_HOUR, PosthogSettings
from exporters.toolkit.settings import load_settings
from fakes.posthog import Event, FakePosthog, Project
from portfolio.config.loader import load_config
from portfolio.sources import posthog

KEY = "phx_posthog-bench-key-0123456789"
PRODUCTS = (1, 10, 25)  # 25 x 9 = 225 queries: within one minute's burst of 240, unpaced
PLANNED = (50, 100, 200)  # planned only: their refresh is paced over several minutes
PERSONS = 30
DAY = 86400.0
EXAMPLE = Path(__file__).resolve().parents[1] / "portfolio.yaml"


def _section(i: int) -> str:
    features = "".join(f"          - {{name: f{k}, event: feature_{k}}}\n" for k in range(5))
    funnels = "".join(
        f"          - name: funnel{n}\n            window: 7d\n            steps:\n"
        + "".join(f"              - {{name: s{k}, event: funnel{n}_step{k}}}\n" for k in range(4))
        for n in range(3)
    )
    cohorts = "".join(f"          - {{name: c{c}, id: {c + 1}}}\n" for c in range(4))
    return (
        f"      posthog:\n        project_id: {i + 1}\n        periods: [7d, 30d]\n"
        f"        features:\n{features}        funnels:\n{funnels}"
        "        experiments:\n          - {name: by_id, id: 1, event: funnel0_step3}\n"
        "          - {name: by_flag, flag: flag-x, event: funnel1_step3}\n"
        f"        cohorts:\n{cohorts}"
    )


def _portfolio(path: Path, products: int) -> Path:
    rows = "\n".join(
        f"  p{i:03d}:\n    name: Product {i}\n    team: platform\n    health_endpoints:\n"
        f"      - {{name: web, url: 'https://p{i}.example/health'}}\n"
        f"    sources:\n{_section(i)}"
        for i in range(products)
    )
    path.write_text(
        "version: 1\nportfolio: {name: Bench, team: platform, grafana_url: 'http://g', "
        "runbook_url: 'https://r/{product}/{alert}'}\nteams:\n  platform:\n    name: Platform\n"
        f"    slack: {{channel: '#p'}}\nproducts:\n{rows}\n"
    )
    return path


def _project(now: float) -> Project:
    events = []
    for p in range(PERSONS):
        person = f"u{p}"
        variant = "control" if p % 2 else "test"
        flag = {"$feature_flag": "flag-x", "$feature_flag_response": variant}
        events.append(Event(person, "$feature_flag_called", now - 3 * DAY, flag))
        for k in range(5):
            if p % (k + 2) == 0:
                events.append(Event(person, f"feature_{k}", now - (p % 20) * DAY))
        for n in range(3):
            for k in range(4 - p % 3):
                events.append(Event(person, f"funnel{n}_step{k}", now - 2 * DAY + 600 * k))
    experiment = {
        "baseline": {"key": "control", "number_of_samples": 500, "sum": 50, "sum_squares": 50},
        "variant_results": [
            {
                "key": "test",
                "method": "bayesian",
                "number_of_samples": 500,
                "sum": 61,
                "sum_squares": 61,
                "chance_to_win": 0.86,
                "credible_interval": [-0.08, 0.52],
                "significant": False,
            }
        ],
    }
    cohorts = {
        c + 1: (f"Cohort {c}", {f"u{p}" for p in range(PERSONS) if p % 4 == c}) for c in range(4)
    }
    return Project(events=events, cohorts=cohorts, experiments={1: experiment})


def _env(fake: FakePosthog, config: Path) -> dict[str, str]:
    return {
        "POSTHOG_CONFIG": str(config),
        "POSTHOG_API_URL": fake.url,
        "POSTHOG_API_KEY": KEY,
        "POSTHOG_LISTEN_HOST": "127.0.0.1",
        "POSTHOG_LISTEN_PORT": "0",
        "POSTHOG_QUERY_BURST": "240",  # the benchmark's 225 queries go unpaced
    }


def _example_budget(figures: dict[str, float]) -> None:
    settings = load_settings(PosthogSettings, {"POSTHOG_API_KEY": KEY}, PREFIX).settings
    sources = [s for p in load_config(EXAMPLE).products if (s := posthog.SOURCE.of(p))]
    schedule = plan(settings, sources)
    print(
        f"example portfolio ({len(sources)} projects): {schedule.queries} = "
        f"{schedule.per_refresh} queries per full refresh, {schedule.per_hour:.1f} per hour "
        f"(budget {settings.query_budget}, PostHog's limit {QUERY_LIMIT_PER_HOUR})"
    )
    figures["example_queries_per_refresh"] = schedule.per_refresh
    figures["example_queries_per_hour"] = schedule.per_hour


def _planned(tmp: Path, figures: dict[str, float]) -> None:
    settings = load_settings(PosthogSettings, {"POSTHOG_API_KEY": KEY}, PREFIX).settings
    for products in PLANNED:
        config = _portfolio(tmp / f"planned-{products}.yaml", products)
        sources = [s for p in load_config(config).products if (s := posthog.SOURCE.of(p))]
        schedule = plan(settings, sources)
        paced = schedule.per_refresh / settings.query_burst
        print(
            f"{products:3d} products (planned): {schedule.per_refresh} queries per full "
            f"refresh, {schedule.per_hour:.0f} per hour of {settings.query_budget} (intervals "
            f"x{schedule.stretch:.2f}); paced at {settings.query_burst}/minute a full refresh "
            f"takes at least {paced:.1f} min"
        )
        figures[f"planned_queries_per_refresh_{products}"] = schedule.per_refresh
        figures[f"planned_stretch_{products}"] = schedule.stretch
        figures[f"planned_paced_minutes_{products}"] = paced


def _refresh(products: int, tmp: Path, figures: dict[str, float]) -> None:
    now = time.time()
    with FakePosthog(KEY, clock=lambda: now) as fake:
        fake.projects.update({i + 1: _project(now) for i in range(products)})
        config = _portfolio(tmp / f"portfolio-{products}.yaml", products)
        settings = load_settings(PosthogSettings, _env(fake, config), PREFIX).settings
        runtime = build(settings, load_config(config), registry=CollectorRegistry())
        try:
            times = {}
            for name in SOURCES:
                started = time.perf_counter()
                assert runtime.loop.run_once(name), name
                times[name] = time.perf_counter() - started
            sources = [s for p in load_config(config).products if (s := posthog.SOURCE.of(p))]
            schedule = plan(settings, sources)
            queries = len(fake.queries)
            assert queries == schedule.per_refresh, (queries, schedule.per_refresh)
            refresh = sum(times.values())
            print(
                f"{products:3d} products: {queries} queries per full refresh "
                f"({', '.join(f'{n} {schedule.queries[n]}' for n in SOURCES)}), "
                f"{schedule.per_hour:.0f} per hour of {settings.query_budget}"
                f"{f' (intervals x{schedule.stretch:.2f})' if schedule.stretch > 1 else ''}; "
                f"refresh {refresh * 1000:.0f} ms ("
                + ", ".join(f"{n} {t * 1000:.0f} ms" for n, t in times.items())
                + ")"
            )
            figures[f"queries_per_refresh_{products}"] = queries
            figures[f"queries_per_hour_{products}"] = schedule.per_hour
            figures[f"stretch_{products}"] = schedule.stretch
            figures[f"refresh_ms_{products}"] = refresh * 1000
            if products == max(PRODUCTS):
                scrape_latency(runtime, f"{products} products", figures)
        finally:
            runtime.close()


def _process_rss(tmp: Path, figures: dict[str, float]) -> None:
    """The exporter as its own process (what Compose runs) serving 10 products, once the
    experiments (SciPy for the flag-only tests) are refreshed."""
    products = 10
    now = time.time()
    with FakePosthog(KEY) as fake:
        fake.projects.update({i + 1: _project(now) for i in range(products)})
        env = _env(fake, _portfolio(tmp / "portfolio-process.yaml", products))
        process_rss(
            "exporters.posthog",
            PREFIX,
            env,
            f"{products} products, SciPy loaded by the flag-only tests",
            figures,
            loaded=lambda text: "posthog_experiment_significant{" in text,
        )


def main() -> dict[str, float]:
    figures: dict[str, float] = {}
    _example_budget(figures)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for products in PRODUCTS:
            _refresh(products, tmp, figures)
        _planned(tmp, figures)
        _process_rss(tmp, figures)
    return figures


if __name__ == "__main__":
    main()
