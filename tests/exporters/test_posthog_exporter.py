"""The PostHog exporter against a fake query API on loopback: the hand-computed values of
``posthog_events`` (adoption ratios, a three-step funnel, an experiment's rates, lift and
PostHog's verdict passed through, a flag-only test with SciPy's Fisher test, cohort sizes and
engagement), the golden exposition, the query budget, and the fault matrix (401, 400, 429 with
a long or short Retry-After, PostHog's own throttle, 5xx, malformed JSON, a timeout), each
keeping the last good values."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry

from exporters.posthog.__main__ import SPEC
from exporters.posthog.app import SERVED, build
from exporters.posthog.budget import plan
from exporters.posthog.settings import PREFIX, PosthogSettings
from exporters.toolkit.app import run_exporter
from exporters.toolkit.errors import CancelledError
from exporters.toolkit.kit import Runtime
from exporters.toolkit.pacing import Pacer
from exporters.toolkit.settings import load_settings
from fakes.posthog import Event, FakePosthog
from portfolio.config.loader import load_config
from portfolio.sources import posthog
from tests.exporters import posthog_events as fixture
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

PORTFOLIO = Path(__file__).parent / "fixtures" / "posthog-portfolio.yaml"
EXAMPLE = Path(__file__).parents[2] / "portfolio.yaml"
NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z
KEY = "phx_posthog-test-key-0123456789"
MakeRuntime = Callable[..., Runtime]


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def fake(clock: Clock) -> Iterator[FakePosthog]:
    with FakePosthog(KEY, clock=clock) as api:
        api.projects.update(fixture.projects(NOW))
        yield api


def env(fake: FakePosthog, **extra: str) -> dict[str, str]:
    return {
        "POSTHOG_CONFIG": str(PORTFOLIO),
        "POSTHOG_API_URL": fake.url,
        "POSTHOG_API_KEY": KEY,
        "POSTHOG_LISTEN_HOST": "127.0.0.1",
        "POSTHOG_LISTEN_PORT": "0",
        **extra,
    }


@pytest.fixture
def make(fake: FakePosthog, clock: Clock) -> Iterator[MakeRuntime]:
    made: list[Runtime] = []

    def make_runtime(**extra: str) -> Runtime:
        settings = load_settings(PosthogSettings, env(fake, **extra), PREFIX).settings
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


def published(runtime: Runtime) -> Samples:
    return {k: v for k, v in samples(runtime).items() if k[0] in SERVED}


def test_feature_adoption_is_users_over_active_users(make: MakeRuntime) -> None:
    runtime = make()
    assert runtime.refresh_all()
    p = {"product": "platform"}
    # 7d: active = p1..p8 (login 1 day ago) = 8; the funnel events are by p1..p8 too.
    #   deploy: p1 x3 + p2 x1 = 4 events, 2 users, 2 / 8 = 0.25
    #   docs: p1..p4 once = 4 events, 4 users, 4 / 8 = 0.5
    # 30d: p9, p10 logged in 20 days ago: active 10; p3 deployed twice 10 days ago:
    #   deploy 4 + 2 = 6 events, 3 users, 3 / 10 = 0.3; docs 4, 4, 4 / 10 = 0.4
    expected = {
        ("7d", "deploy"): (4, 2, 0.25),
        ("7d", "docs"): (4, 4, 0.5),
        ("30d", "deploy"): (6, 3, 0.3),
        ("30d", "docs"): (4, 4, 0.4),
    }
    assert value(runtime, "posthog_active_users", **p, period="7d") == 8
    assert value(runtime, "posthog_active_users", **p, period="30d") == 10
    for (period, feature), (events, users, ratio) in expected.items():
        labels = {**p, "feature": feature, "period": period}
        assert value(runtime, "posthog_feature_events", **labels) == events
        assert value(runtime, "posthog_feature_users", **labels) == users
        assert value(runtime, "posthog_feature_adoption_ratio", **labels) == pytest.approx(ratio)
    # labs has no features: only its active users (f1..f20 evaluated the flag 2 days ago)
    assert value(runtime, "posthog_active_users", product="labs", period="7d") == 20
    assert value(runtime, "posthog_active_users", product="labs", period="30d") == 20


def test_a_three_step_funnel_converts_and_drops_off_as_computed_by_hand(
    make: MakeRuntime,
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    # visit: p1..p8 = 8. sign_up within 1 day, after the visit: p1..p6 = 6 (p7 signed up two
    # days later). activate after sign_up: p1..p3 = 3 (p4's came before its sign-up).
    # conversion from previous: 1, 6/8 = 0.75, 3/6 = 0.5; from start: 1, 0.75, 3/8 = 0.375;
    # drop-off users: 0, 8 - 6 = 2, 6 - 3 = 3; overall 3 / 8 = 0.375.
    # median time: sign_up 600*i for i = 1..6 -> (1800 + 2400) / 2 = 2100 s;
    # activate 3600*i for i = 1..3 -> 7200 s.
    rows = {
        "visit": (8, 1.0, 1.0, 0, None),
        "sign_up": (6, 0.75, 0.75, 2, 2100.0),
        "activate": (3, 0.5, 0.375, 3, 7200.0),
    }
    for step, (users, previous, start, dropped, median) in rows.items():
        labels = {"product": "platform", "funnel": "signup", "step": step}
        assert value(runtime, "posthog_funnel_step_users", **labels) == users
        assert value(runtime, "posthog_funnel_step_conversion_ratio", **labels) == previous
        assert value(runtime, "posthog_funnel_step_conversion_from_start_ratio", **labels) == start
        assert value(runtime, "posthog_funnel_step_dropoff_users", **labels) == dropped
        assert value(runtime, "posthog_funnel_step_median_conversion_seconds", **labels) == median
    overall = value(runtime, "posthog_funnel_conversion_ratio", product="platform", funnel="signup")
    assert overall == 0.375


def test_an_experiment_passes_posthogs_verdict_through_with_rates_and_lift(
    make: MakeRuntime, fake: FakePosthog
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    e = {"product": "platform", "experiment": "checkout"}
    control, test = {**e, "variant": "control"}, {**e, "variant": "test"}
    # control 100 / 1000 = 0.1; test 130 / 1000 = 0.13; lift (0.13 - 0.1) / 0.1 = 0.3
    assert value(runtime, "posthog_experiment_variant_exposures", **control) == 1000
    assert value(runtime, "posthog_experiment_variant_conversions", **test) == 130
    assert value(runtime, "posthog_experiment_variant_conversion_ratio", **control) == 0.1
    assert value(runtime, "posthog_experiment_variant_conversion_ratio", **test) == 0.13
    assert value(runtime, "posthog_experiment_variant_lift_ratio", **control) == 0
    assert value(runtime, "posthog_experiment_variant_lift_ratio", **test) == pytest.approx(0.3)
    # PostHog's own figures, unchanged
    assert value(runtime, "posthog_experiment_win_probability", **test) == 0.9712
    assert value(runtime, "posthog_experiment_lift_interval_lower_ratio", **test) == 0.0512
    assert value(runtime, "posthog_experiment_lift_interval_upper_ratio", **test) == 0.5671
    assert value(runtime, "posthog_experiment_significant", **e) == 1
    assert value(runtime, "posthog_experiment_win_probability", **control) is None
    sent = [q for q in fake.queries if q["kind"] == "ExperimentQuery"]
    assert sent[0]["experiment_id"] == 42
    assert sent[0]["metric"]["series"] == [
        {"kind": "EventsNode", "event": "order_placed", "math": "total"}
    ]


def test_a_flag_only_test_gets_fishers_exact_test_and_the_relative_risk_interval(
    make: MakeRuntime,
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    e = {"product": "labs", "experiment": "new_nav"}
    control, test = {**e, "variant": "control"}, {**e, "variant": "test"}
    # exposures 10 and 10 (f1..f10, f11..f20); conversions 2 and 8: rates 0.2 and 0.8;
    # lift (0.8 - 0.2) / 0.2 = 3
    assert value(runtime, "posthog_experiment_variant_exposures", **control) == 10
    assert value(runtime, "posthog_experiment_variant_conversions", **test) == 8
    assert value(runtime, "posthog_experiment_variant_conversion_ratio", **test) == 0.8
    assert value(runtime, "posthog_experiment_variant_lift_ratio", **test) == pytest.approx(3.0)
    # Fisher exact on [[8, 2], [2, 8]]: P(k) = C(10, k) C(10, 10 - k) / C(20, 10), C(20, 10) =
    # 184756; as or more extreme on both sides: 2 x (C(10,8)^2 + C(10,9)^2 + 1) / 184756 =
    # 2 x (2025 + 100 + 1) / 184756 = 0.0230 < 0.05: significant.
    assert pytest.approx(0.02301414) == 2 * (45**2 + 10**2 + 1) / 184756
    assert value(runtime, "posthog_experiment_significant", **e) == 1
    # Relative risk 0.8 / 0.2 = 4, Katz: se = sqrt(1/8 - 1/10 + 1/2 - 1/10) = sqrt(0.425);
    # interval exp(ln 4 -+ 1.959964 se) - 1 = [0.11466, 13.3540]
    se = math.sqrt(0.425)
    low, high = (4 * math.exp(-1.959964 * se) - 1, 4 * math.exp(1.959964 * se) - 1)
    lower = value(runtime, "posthog_experiment_lift_interval_lower_ratio", **test)
    upper = value(runtime, "posthog_experiment_lift_interval_upper_ratio", **test)
    assert lower == pytest.approx(low, rel=1e-5)
    assert upper == pytest.approx(high, rel=1e-5)
    assert low == pytest.approx(0.11466, abs=1e-4) and high == pytest.approx(13.354, abs=1e-3)
    # no chance to win: that is PostHog's Bayesian figure, never made up
    assert value(runtime, "posthog_experiment_win_probability", **test) is None


def test_cohort_sizes_and_engagement(make: MakeRuntime) -> None:
    runtime = make()
    assert runtime.refresh_all()
    # power = f11..f20 (10): each evaluated the flag (10 events), f11..f18 clicked (8): 18
    # events, 10 active -> active ratio 10 / 10 = 1, events per person 18 / 10 = 1.8.
    # dormant = d1..d5 (5) without events: 0 / 5 = 0 and 0.
    c = {"product": "labs"}
    assert value(runtime, "posthog_cohort_size", **c, cohort="power") == 10
    assert value(runtime, "posthog_cohort_size", **c, cohort="dormant") == 5
    assert value(runtime, "posthog_cohort_active_ratio", **c, cohort="power", period="7d") == 1
    assert (
        value(runtime, "posthog_cohort_events_per_person", **c, cohort="power", period="7d") == 1.8
    )
    assert value(runtime, "posthog_cohort_active_ratio", **c, cohort="dormant", period="7d") == 0


def test_the_exposition_matches_the_golden_file(make: MakeRuntime) -> None:
    runtime = make()
    runtime.server.start()
    try:
        assert runtime.refresh_all()
        check_golden("posthog.prom", httpx.get(runtime.server.url + "/metrics").text)
    finally:
        runtime.server.stop()


def test_a_full_refresh_costs_what_the_budget_says_with_structured_queries_only(
    make: MakeRuntime, fake: FakePosthog
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    # platform: features 1 TrendsQuery per period (2: both features and active users are
    # series of one query), funnel 1, experiment 1; labs: features 2 (active users only),
    # experiment 1 (FunnelsQuery by flag), cohorts 2 TrendsQuery + 1 cohort list GET.
    assert sorted(fake.kinds()) == sorted(
        ["TrendsQuery"] * 4
        + ["FunnelsQuery", "ExperimentQuery", "FunnelsQuery"]
        + ["TrendsQuery"] * 2
    )
    assert "HogQLQuery" not in fake.kinds()
    assert fake.sent("POST") == 9 and fake.sent("GET") == 1
    settings = load_settings(PosthogSettings, env(fake), PREFIX).settings
    sources = [s for p in load_config(PORTFOLIO).products if (s := posthog.SOURCE.of(p))]
    schedule = plan(settings, sources)
    assert schedule.queries == {"features": 4, "funnels": 1, "experiments": 2, "cohorts": 2}
    assert schedule.per_refresh == fake.sent("POST")
    # per hour: features 4 x 4 + funnels 1 + experiments 2 + cohorts 2 / 6 = 19.33
    assert schedule.per_hour == pytest.approx(4 * 4 + 1 + 2 + 2 / 6)
    # series of the features query: active users (dau, all events) then (total, dau) per
    # feature, shown as one bold number per series
    first = next(q for q in fake.queries if q["kind"] == "TrendsQuery" and len(q["series"]) > 2)
    assert first["trendsFilter"] == {"display": "BoldNumber"}
    assert [(s["event"], s["math"]) for s in first["series"]] == [
        (None, "dau"),
        ("deployed", "total"),
        ("deployed", "dau"),
        ("docs_viewed", "total"),
        ("docs_viewed", "dau"),
    ]


def test_the_example_portfolio_fits_the_budget() -> None:
    settings = load_settings(PosthogSettings, {"POSTHOG_API_KEY": KEY}, PREFIX).settings
    sources = [s for p in load_config(EXAMPLE).products if (s := posthog.SOURCE.of(p))]
    schedule = plan(settings, sources)
    # driftguard: 2 periods, 3 funnels, 1 experiment, 4 cohorts (2 periods);
    # memeMixer: 2 periods, 1 funnel, 1 experiment; overlayStudio: 2 periods.
    assert schedule.queries == {"features": 6, "funnels": 4, "experiments": 2, "cohorts": 2}
    assert schedule.per_refresh == 14
    # 6 x 4 + 4 + 2 + 2 / 6 = 30.33 queries per hour, of 1,200 allowed
    assert schedule.per_hour == pytest.approx(30 + 1 / 3)
    assert schedule.stretch == 1


def test_many_funnels_stretch_the_intervals_to_the_budget() -> None:
    settings = load_settings(PosthogSettings, {"POSTHOG_API_KEY": KEY}, PREFIX).settings
    source = posthog.PosthogSource(
        1,
        funnels=tuple(
            posthog.Funnel(f"f{i}", (posthog.Step("a", "a"), posthog.Step("b", "b")), "1d", "7d")
            for i in range(1000)
        ),
    )
    schedule = plan(settings, [source])
    # features 2 x 4 = 8 + funnels 1000 = 1008 per hour > 900: stretched 1008 / 900 = 1.12
    assert schedule.stretch == pytest.approx(1008 / 900)
    assert schedule.per_hour == pytest.approx(900)


class _Sleeper(threading.Event):
    """A stop event whose waits advance the injected clock instead of sleeping."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.slept: list[float] = []

    def wait(self, timeout: float | None = None) -> bool:
        assert timeout is not None
        self.slept.append(timeout)
        self.clock.t += timeout
        return self.is_set()


def test_the_pacer_keeps_queries_under_the_burst_limit_and_stops_on_sigterm() -> None:
    clock = Clock(0.0)
    stop = _Sleeper(clock)
    pacer = Pacer(3, 60.0, monotonic=clock, cancel=stop)
    for _ in range(3):
        pacer.wait("trends")  # t = 0: three calls fit the window
    clock.t = 10.0
    pacer.wait("trends")  # the 4th waits until the 1st (t=0) leaves the window: 60 - 10
    assert stop.slept == [50.0] and clock.t == 60.0
    stop.set()
    with pytest.raises(CancelledError):
        for _ in range(3):
            pacer.wait("trends")


def test_the_exporter_paces_every_query(
    make: MakeRuntime, fake: FakePosthog, monkeypatch: pytest.MonkeyPatch
) -> None:
    paced: list[tuple[int, str]] = []

    def wait(self: Pacer, endpoint: str) -> None:
        paced.append((self.limit, endpoint))

    monkeypatch.setattr(Pacer, "wait", wait)
    runtime = make(POSTHOG_QUERY_BURST="3")
    assert runtime.refresh_all()
    # every query POST waited for the pacer first (the cohort list GET is not a query)
    assert len(paced) == fake.sent("POST") == 9
    assert {limit for limit, _ in paced} == {3}


def test_registering_and_scraping_never_call_upstream(make: MakeRuntime, fake: FakePosthog) -> None:
    assert_serving_asks_upstream_nothing(make(), fake.requests)


@pytest.mark.parametrize(
    ("fault", "reason", "status_class"),
    [
        pytest.param("bad_key", "status", "4xx", id="401 invalid key"),
        pytest.param("bad_query", "status", "4xx", id="400 refused query"),
        pytest.param("retry_after", "rate_limited", "4xx", id="429 with a long Retry-After"),
        pytest.param("throttle", "rate_limited", "4xx", id="429 of PostHog's hourly throttle"),
        pytest.param("server_error", "status", "5xx", id="5xx after retries"),
        pytest.param("malformed", "malformed", "2xx", id="malformed JSON"),
        pytest.param("timeout", "timeout", "error", id="timeout"),
    ],
)
def test_a_failing_upstream_keeps_the_last_good_values(
    make: MakeRuntime,
    fake: FakePosthog,
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
    fake.projects[10001].events.append(Event("p9", "deployed", NOW + 60))
    clock.t = NOW + 900
    if fault == "bad_key":
        fake.api_key = "phx_another-key-0000"
    elif fault == "bad_query":
        fake.fail("status", count=50, status=400)
    elif fault == "retry_after":
        fake.rate_limit(retry_after="3600", count=50)
    elif fault == "throttle":
        hour = int(clock.t // 3600)
        fake.used[("clickhouse_sustained", hour)] = 1200
    else:
        inject_transport_fault(fake, runtime, fault)
    before = len(fake.requests)
    with caplog.at_level(logging.WARNING, logger="exporters.toolkit.refresh"):
        assert runtime.loop.run_once("features") is False
    assert published(runtime) == good, "the last good values stay, no gauge is zeroed"
    line = assert_refresh_failed(
        runtime,
        caplog,
        exporter="posthog",
        source="features",
        reason=reason,
        status_class=status_class,
        secrets=(KEY, "another-key"),
    )
    assert value(runtime, "posthog_up", source="funnels") == 1
    assert value(runtime, "posthog_data_age_seconds", source="features") == 900
    if fault == "bad_key":
        assert "HTTP 401: Personal API key found in request Authorization header is invalid" in line
    if fault in ("retry_after", "throttle"):
        refused = sum(1 for _, _, status in fake.requests[before:] if status == 429)
        assert refused == 1, "a rate limit ends the refresh: nothing else is asked"
        retry_at = runtime.loop._postpone["features"]
        # at least the seconds PostHog named: 3600, or the rest of the hour + 1
        assert retry_at >= clock.t + (3600 if fault == "retry_after" else 3600 - 900 + 1)
    # upstream recovers: the next refresh picks the new event up (deploy 7d: 3 users)
    fake.api_key, fake.limited, fake.faults, fake.used = KEY, None, [], {}
    heal_transport(runtime)
    assert runtime.loop.run_once("features") is True
    assert value(runtime, "posthog_up", source="features") == 1
    labels = {"product": "platform", "feature": "deploy", "period": "7d"}
    assert value(runtime, "posthog_feature_users", **labels) == 3


def test_a_short_retry_after_is_waited_out(make: MakeRuntime, fake: FakePosthog) -> None:
    runtime = make()
    fake.rate_limit(retry_after="1")
    assert runtime.loop.run_once("funnels") is True
    labels = {"product": "platform", "funnel": "signup", "step": "visit"}
    assert value(runtime, "posthog_funnel_step_users", **labels) == 8


def test_one_failing_item_keeps_its_values_and_the_others_refresh(
    make: MakeRuntime, fake: FakePosthog
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    fake.projects[10002].events.append(Event("f3", "nav_clicked", NOW - 60))
    checkout = fake.projects[10001].experiments.pop(42)  # PostHog: 400 Experiment not found
    assert runtime.loop.run_once("experiments") is False
    assert (
        value(runtime, "posthog_experiment_significant", product="platform", experiment="checkout")
        == 1
    )
    control = {"product": "labs", "experiment": "new_nav", "variant": "control"}
    assert value(runtime, "posthog_experiment_variant_conversions", **control) == 3
    fake.projects[10001].experiments[42] = checkout
    assert runtime.loop.run_once("experiments") is True


def test_a_budget_that_runs_out_part_way_does_not_starve_the_same_items(
    make: MakeRuntime, fake: FakePosthog
) -> None:
    runtime = make()
    # experiments walk labs/new_nav, then platform/checkout. The budget runs out after one
    # query twice in a row: the first walk gets new_nav and stops at checkout; the second
    # starts at checkout, so both have values after two refreshes.
    for _ in range(2):
        fake.rate_limit(retry_after="3600", after=1)
        assert runtime.loop.run_once("experiments") is False
    asked = [q.get("experiment_id", "flag") for q in fake.queries]
    assert asked == ["flag", 42]
    for product, experiment in (("labs", "new_nav"), ("platform", "checkout")):
        labels = {"product": product, "experiment": experiment}
        assert value(runtime, "posthog_experiment_significant", **labels) == 1


def test_the_key_comes_from_a_file_and_never_shows(
    fake: FakePosthog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = tmp_path / "posthog.key"
    key_file.write_text(KEY + "\n")
    variables = {**env(fake), "POSTHOG_API_KEY_FILE": str(key_file)}
    del variables["POSTHOG_API_KEY"]
    assert run_exporter(SPEC, ["--check-config"], variables) == 0
    out = capsys.readouterr().out
    assert "POSTHOG_API_KEY=*** (file from POSTHOG_API_KEY_FILE)" in out
    assert KEY not in out
    assert out.splitlines()[-1] == (
        "config ok: 2 projects, 2 features, 1 funnels, 2 experiments, 2 cohorts; "
        "9 queries per full refresh, at most 19 queries/hour of 900 planned"
    )


def test_the_key_is_sent_only_to_the_configured_origin(
    make: MakeRuntime, fake: FakePosthog
) -> None:
    runtime = make()
    fake.page_size = 1  # the cohort list is paginated by absolute next URLs
    assert runtime.loop.run_once("cohorts") is True
    assert fake.sent("GET") == 2
    # a next page on another origin is refused before anything is sent there
    fake.page_size = 100
    original = fake.answer

    def foreign(*args: object) -> tuple[int, dict[str, str], object]:
        status, headers, body = original(*args)  # type: ignore[arg-type]
        if isinstance(body, dict) and "next" in body:
            body["next"] = "https://evil.example/api/projects/10002/cohorts/?offset=1"
        return status, headers, body

    fake.answer = foreign  # type: ignore[method-assign,assignment]
    assert runtime.loop.run_once("cohorts") is False
    assert value(runtime, "posthog_refresh_failures_total", source="cohorts", reason="origin") == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            {"POSTHOG_QUERY_BUDGET": "5000"}, "between 1 and 1200", id="budget above limit"
        ),
        pytest.param({"POSTHOG_QUERY_BURST": "500"}, "between 1 and 240", id="burst above limit"),
        pytest.param({"POSTHOG_FUNNELS_INTERVAL": "0s"}, "must be positive", id="zero interval"),
        pytest.param({"POSTHOG_API_URL": "ftp://x"}, "http(s) URL", id="not http"),
        pytest.param({"POSTHOG_API_KEY": ""}, "POSTHOG_API_KEY", id="no key"),
    ],
)
def test_bad_settings_exit_2_naming_the_problem(
    fake: FakePosthog, caplog: pytest.LogCaptureFixture, extra: dict[str, str], message: str
) -> None:
    variables = {**env(fake), **extra}
    if variables["POSTHOG_API_KEY"] == "":
        del variables["POSTHOG_API_KEY"]
    assert run_exporter(SPEC, ["--check-config"], variables) == 2
    assert message in caplog.text
