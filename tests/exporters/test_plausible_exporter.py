"""The Plausible exporter against a fake Stats API on loopback: the hand-computed values of
``plausible_traffic`` over rolling windows, the golden exposition, the request budget, and the
fault matrix (401, 400, 429 with and without Retry-After, 5xx, malformed JSON, a timeout),
each keeping the last good values."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry

from exporters.plausible.__main__ import SPEC
from exporters.plausible.api import date_range
from exporters.plausible.app import SERVED, build
from exporters.plausible.budget import plan
from exporters.plausible.settings import PREFIX, PlausibleSettings
from exporters.toolkit.app import run_exporter
from exporters.toolkit.kit import Runtime
from exporters.toolkit.settings import load_settings
from fakes.plausible import FakePlausible
from portfolio.config.loader import load_config
from tests.exporters import plausible_traffic as fixture
from tests.exporters.conftest import FAST_RETRIES, Clock
from tests.exporters.refreshes import (
    Samples,
    assert_refresh_failed,
    assert_serving_asks_upstream_nothing,
    heal_transport,
    inject_transport_fault,
    samples,
    value,
)
from tests.exporters.test_github_exporter import check_golden

PORTFOLIO = Path(__file__).parent / "fixtures" / "plausible-portfolio.yaml"
NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z
KEY = "plausible-test-key-0123456789"


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def fake(clock: Clock) -> Iterator[FakePlausible]:
    with FakePlausible(KEY, clock=clock) as plausible:
        plausible.traffic.update(fixture.traffic(NOW))
        yield plausible


def env(fake: FakePlausible, **extra: str) -> dict[str, str]:
    return {
        "PLAUSIBLE_CONFIG": str(PORTFOLIO),
        "PLAUSIBLE_API_URL": fake.url,
        "PLAUSIBLE_API_KEY": KEY,
        "PLAUSIBLE_LISTEN_HOST": "127.0.0.1",
        "PLAUSIBLE_LISTEN_PORT": "0",
        "PLAUSIBLE_PERIODS": "24h:15m,7d:1h",
        "PLAUSIBLE_TOP_PAGES": "2",
        "PLAUSIBLE_TOP_SOURCES": "2",
        **extra,
    }


MakeRuntime = Callable[..., Runtime]


@pytest.fixture
def make(fake: FakePlausible, clock: Clock) -> Iterator[MakeRuntime]:
    made: list[Runtime] = []

    def make_runtime(**extra: str) -> Runtime:
        settings = load_settings(PlausibleSettings, env(fake, **extra), PREFIX).settings
        runtime = build(
            settings,
            load_config(PORTFOLIO),
            registry=CollectorRegistry(),
            clock=clock,
            monotonic=lambda: 0.0,
            policy=FAST_RETRIES,
        )
        made.append(runtime)
        return runtime

    yield make_runtime
    for runtime in made:
        runtime.close()


def exposition(runtime: Runtime) -> str:
    from prometheus_client import generate_latest

    return generate_latest(runtime.registry).decode()


def published(runtime: Runtime) -> Samples:
    """The Plausible values (not the self-metrics)."""
    return {k: v for k, v in samples(runtime).items() if k[0] in SERVED}


def test_every_value_is_the_hand_computed_one(make: MakeRuntime) -> None:
    runtime = make()
    assert runtime.refresh_all()
    for (product, period), metrics in fixture.EXPECTED.items():
        for name, expected in metrics.items():
            assert value(runtime, name, product=product, period=period) == pytest.approx(
                expected
            ), (name, product, period)
    for metric, label, table in (
        ("plausible_page_visitors", "page", fixture.PAGES),
        ("plausible_source_visitors", "source", fixture.SOURCES),
    ):
        for (product, period), rows in table.items():
            got = {
                dict(labels)[label]: v
                for (name, labels), v in samples(runtime).items()
                if name == metric
                and dict(labels)["product"] == product
                and dict(labels)["period"] == period
            }
            assert got == rows, (metric, product, period)
    for product, visitors in fixture.REALTIME.items():
        assert value(runtime, "plausible_realtime_visitors", product=product) == visitors


def test_the_exposition_matches_the_golden_file(make: MakeRuntime) -> None:
    runtime = make()
    runtime.server.start()
    try:
        assert runtime.refresh_all()
        check_golden("plausible.prom", httpx.get(runtime.server.url + "/metrics").text)
    finally:
        runtime.server.stop()


def test_windows_are_date_time_ranges_ending_now_so_they_roll(
    make: MakeRuntime, fake: FakePlausible, clock: Clock
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    ranges = {tuple(q["date_range"]) for q in fake.queries}
    assert ranges == {
        ("2027-01-14T08:00:00+00:00", "2027-01-15T08:00:00+00:00"),  # 24h
        ("2027-01-08T08:00:00+00:00", "2027-01-15T08:00:00+00:00"),  # 7d
    }
    # 17.5 hours later the 24h window starts at now-6.5h of the fixture: v9 (u9, now-7h) has
    # left it, v8 (now-6h) has not. Visitors 6 -> 5, visits 7 -> 6, pageviews 10 -> 9.
    clock.t = NOW + 17.5 * 3600
    assert runtime.loop.run_once("stats_24h")  # type: ignore[attr-defined]
    assert value(runtime, "plausible_visitors", product="alpha", period="24h") == 5
    assert value(runtime, "plausible_visits", product="alpha", period="24h") == 6
    assert value(runtime, "plausible_pageviews", product="alpha", period="24h") == 9
    assert date_range(clock.t, 86400) == ["2027-01-15T01:30:00+00:00", "2027-01-16T01:30:00+00:00"]


def test_a_refresh_costs_what_the_budget_says(make: MakeRuntime, fake: FakePlausible) -> None:
    runtime = make(PLAUSIBLE_PAGE_SIZE="1")  # two requests per top-2 list
    assert runtime.refresh_all()
    # alpha per window: aggregate 1 + pages 2 + other pages 1 + sources 2 + other sources 1 = 7;
    # beta 24h has one page and one source (short lists, nothing else to ask): 1 + 2 + 2 = 5;
    # beta 7d has two of each: 7. Realtime: one GET per site.
    assert fake.sent("POST") == 7 + 7 + 5 + 7
    assert fake.sent("GET") == 2
    settings = load_settings(PlausibleSettings, env(fake, PLAUSIBLE_PAGE_SIZE="1"), PREFIX).settings
    schedule = plan(settings, 2)
    assert schedule.requests == {"stats_24h": 14, "stats_7d": 14, "realtime": 2}
    assert fake.sent("POST") <= schedule.requests["stats_24h"] + schedule.requests["stats_7d"]


@pytest.mark.parametrize(
    ("sites", "per_hour", "stretch"),
    [
        # per site and hour: 24h every 15m 4 x 5, 7d every 1h 1 x 5, 30d every 4h 0.25 x 5,
        # realtime every 5m 12 x 1 = 38.25
        pytest.param(1, 38.25, 1.0, id="1 site"),
        pytest.param(10, 382.5, 1.0, id="10 sites"),
        pytest.param(50, 480.0, 1912.5 / 480, id="50 sites, intervals stretched"),
    ],
)
def test_the_default_schedule_fits_the_budget(sites: int, per_hour: float, stretch: float) -> None:
    settings = load_settings(PlausibleSettings, {"PLAUSIBLE_API_KEY": KEY}, PREFIX).settings
    schedule = plan(settings, sites)
    assert schedule.per_hour == pytest.approx(per_hour)
    assert schedule.stretch == pytest.approx(stretch)
    assert schedule.per_hour <= 480 < 600


def test_registering_and_scraping_never_call_upstream(
    make: MakeRuntime, fake: FakePlausible
) -> None:
    assert_serving_asks_upstream_nothing(make(), fake.requests)


@pytest.mark.parametrize(
    ("fault", "reason", "status_class"),
    [
        pytest.param("bad_key", "status", "4xx", id="401 invalid key"),
        pytest.param("bad_query", "status", "4xx", id="400 refused query"),
        pytest.param("retry_after", "rate_limited", "4xx", id="429 with a long Retry-After"),
        pytest.param("hourly_limit", "rate_limited", "4xx", id="429 documented, no Retry-After"),
        pytest.param("server_error", "status", "5xx", id="5xx after retries"),
        pytest.param("malformed", "malformed", "2xx", id="malformed JSON"),
        pytest.param("timeout", "timeout", "error", id="timeout"),
    ],
)
def test_a_failing_upstream_keeps_the_last_good_values(
    make: MakeRuntime,
    fake: FakePlausible,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
    fault: str,
    reason: str,
    status_class: str,
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    good = published(runtime)
    assert good
    fake.traffic["alpha.example"].append(fixture.visit("u99", NOW - 60, "Google", "/new"))
    clock.t = NOW + 900
    if fault == "bad_key":
        fake.api_key = "another-key"
    elif fault == "bad_query":
        fake.fail("status", count=50, status=400, error="#/metrics/3: Invalid metric")
    elif fault == "retry_after":
        fake.rate_limit(retry_after="3600", count=50)
    elif fault == "hourly_limit":
        fake.hourly_limit = 0
    else:
        inject_transport_fault(fake, runtime, fault)
    with caplog.at_level(logging.WARNING, logger="exporters.toolkit.refresh"):
        assert runtime.loop.run_once("stats_24h") is False
    assert published(runtime) == good, "the last good values stay"
    line = assert_refresh_failed(
        runtime,
        caplog,
        exporter="plausible",
        source="stats_24h",
        reason=reason,
        status_class=status_class,
        secrets=(KEY, "another-key"),
    )
    assert value(runtime, "plausible_up", source="stats_7d") == 1
    assert value(runtime, "plausible_data_age_seconds", source="stats_24h") == 900
    if fault == "bad_key":
        assert "HTTP 401: Invalid API key or site ID" in line
    if fault == "bad_query":
        assert "HTTP 400: #/metrics/3: Invalid metric" in line
    if fault in ("retry_after", "hourly_limit"):
        assert fake.requests[-1][2] == 429
        refused = sum(1 for _, _, status in fake.requests if status == 429)
        assert refused == 1, "a rate limit ends the refresh: the other sites are not asked"
    # upstream recovers: the next refresh picks the new visit up
    fake.api_key, fake.hourly_limit, fake.limited, fake.faults = KEY, 600, None, []
    heal_transport(runtime)
    assert runtime.loop.run_once("stats_24h") is True
    assert value(runtime, "plausible_up", source="stats_24h") == 1
    assert value(runtime, "plausible_visitors", product="alpha", period="24h") == 7


def test_a_short_retry_after_is_waited_out(make: MakeRuntime, fake: FakePlausible) -> None:
    runtime = make()
    fake.rate_limit(retry_after="1")
    assert runtime.loop.run_once("stats_24h") is True  # type: ignore[attr-defined]
    assert value(runtime, "plausible_visitors", product="alpha", period="24h") == 6


def test_one_failing_site_keeps_its_values_and_the_others_refresh(
    make: MakeRuntime, fake: FakePlausible, clock: Clock
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    fake.traffic["alpha.example"].append(fixture.visit("u99", NOW - 60, "Google", "/new"))
    fake.traffic["docs.beta.example"].append(fixture.visit("d9", NOW - 60, "Google", "/docs"))
    beta = fake.traffic.pop("docs.beta.example")  # the key can no longer read beta: 401
    assert runtime.loop.run_once("stats_24h") is False
    assert value(runtime, "plausible_visitors", product="alpha", period="24h") == 7
    assert value(runtime, "plausible_visitors", product="beta", period="24h") == 1
    fake.traffic["docs.beta.example"] = beta
    assert runtime.loop.run_once("stats_24h") is True
    assert value(runtime, "plausible_visitors", product="beta", period="24h") == 2


def test_a_self_hosted_plausible_under_a_path_works(clock: Clock) -> None:
    with FakePlausible(KEY, clock=clock, prefix="/plausible") as fake:
        fake.traffic.update(fixture.traffic(NOW))
        variables = env(fake, PLAUSIBLE_API_URL=fake.url + "/plausible")
        settings = load_settings(PlausibleSettings, variables, PREFIX).settings
        runtime = build(settings, load_config(PORTFOLIO), registry=CollectorRegistry(), clock=clock)
        try:
            assert runtime.refresh_all()
            assert value(runtime, "plausible_visitors", product="alpha", period="7d") == 8
        finally:
            runtime.close()


def test_the_key_comes_from_a_file_and_never_shows(
    fake: FakePlausible, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = tmp_path / "plausible.key"
    key_file.write_text(KEY + "\n")
    variables = {**env(fake), "PLAUSIBLE_API_KEY_FILE": str(key_file)}
    del variables["PLAUSIBLE_API_KEY"]
    assert run_exporter(SPEC, ["--check-config"], variables) == 0
    out = capsys.readouterr().out
    assert "PLAUSIBLE_API_KEY=*** (file from PLAUSIBLE_API_KEY_FILE)" in out
    assert KEY not in out
    # 2 sites x 5 requests: 24h 4 times an hour (40), 7d once (10); realtime 2 x 12 (24)
    assert out.splitlines()[-1] == (
        "config ok: 2 sites, 2 windows; at most 74 requests/hour of 480 planned"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param({"PLAUSIBLE_PERIODS": "1w:1h"}, "is not <window>:<interval>", id="bad window"),
        pytest.param({"PLAUSIBLE_PERIODS": "1h:2h"}, "<= the window", id="interval > window"),
        pytest.param({"PLAUSIBLE_PERIODS": "24h:5m,24h:1h"}, "listed twice", id="twice"),
        pytest.param({"PLAUSIBLE_TOP_PAGES": "500"}, "between 1 and 100", id="top too large"),
        pytest.param({"PLAUSIBLE_API_KEY": ""}, "PLAUSIBLE_API_KEY", id="no key"),
    ],
)
def test_bad_settings_exit_2_naming_the_problem(
    fake: FakePlausible,
    caplog: pytest.LogCaptureFixture,
    extra: dict[str, str],
    message: str,
) -> None:
    variables = {**env(fake), **extra}
    if variables["PLAUSIBLE_API_KEY"] == "":
        del variables["PLAUSIBLE_API_KEY"]
    assert run_exporter(SPEC, ["--check-config"], variables) == 2
    assert message in caplog.text
