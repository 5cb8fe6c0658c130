"""The Cloudflare exporter against a fake Cloudflare API on loopback: the hand-computed values
of ``cloudflare_traffic`` (status classes, 4xx/5xx ratios, bytes, cache, threats, quantiles
passed through), settled minutes counted exactly once (a partial minute settles on the next
refresh, a failed refresh's window is read later), a free-plan zone, health checks, the golden
exposition, the query budget, and the fault matrix, each keeping the last good values."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry

from exporters.cloudflare.__main__ import SPEC
from exporters.cloudflare.api import Capabilities, CloudflareAPI, iso
from exporters.cloudflare.app import SERVED, build, failure_label
from exporters.cloudflare.budget import plan
from exporters.cloudflare.settings import PREFIX, CloudflareSettings
from exporters.toolkit.app import run_exporter
from exporters.toolkit.kit import Runtime
from exporters.toolkit.settings import load_settings
from fakes.cloudflare import FakeCloudflare, Zone
from portfolio.config.loader import load_config
from tests.exporters import cloudflare_traffic as fixture
from tests.exporters.conftest import FAST_RETRIES, Clock
from tests.exporters.refreshes import (
    TRANSPORT_FAULTS,
    Samples,
    assert_refresh_failed,
    assert_serving_asks_upstream_nothing,
    heal_transport,
    inject_transport_fault,
    samples,
    value,
)
from tests.exporters.test_github_exporter import check_golden

PORTFOLIO = Path(__file__).parent / "fixtures" / "cloudflare-portfolio.yaml"
NOW, TOKEN = fixture.NOW, fixture.TOKEN
QUANTILE_FIELDS = [
    f"quantiles_{name}P{p}"
    for name in ("edgeTimeToFirstByteMs", "originResponseDurationMs")
    for p in ("50", "95", "99")
]


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def fake(clock: Clock) -> Iterator[FakeCloudflare]:
    with FakeCloudflare(TOKEN, clock=clock) as cloudflare:
        fixture.load(cloudflare, NOW)
        yield cloudflare


def env(fake: FakeCloudflare, **extra: str) -> dict[str, str]:
    return {
        "CLOUDFLARE_CONFIG": str(PORTFOLIO),
        "CLOUDFLARE_API_URL": fake.url,
        "CLOUDFLARE_API_TOKEN": TOKEN,
        "CLOUDFLARE_LISTEN_HOST": "127.0.0.1",
        "CLOUDFLARE_LISTEN_PORT": "0",
        **extra,
    }


MakeRuntime = Callable[..., Runtime]


@pytest.fixture
def make(fake: FakeCloudflare, clock: Clock) -> Iterator[MakeRuntime]:
    made: list[Runtime] = []

    def make_runtime(**extra: str) -> Runtime:
        settings = load_settings(CloudflareSettings, env(fake, **extra), PREFIX).settings
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
    """The Cloudflare values (not the self-metrics)."""
    names = {f"{n}_total" if n.endswith("_total") else n for n in SERVED}
    return {k: v for k, v in samples(runtime).items() if k[0] in names}


def requests(runtime: Runtime, product: str) -> dict[str, float]:
    return {
        dict(labels)["status_class"]: v
        for (name, labels), v in samples(runtime).items()
        if name == "cloudflare_requests_total" and dict(labels)["product"] == product
    }


def traffic(runtime: Runtime) -> bool:
    return runtime.loop.run_once("traffic")


def test_the_first_refresh_starts_the_counters_at_zero_and_publishes_the_quantiles(
    make: MakeRuntime,
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    # Counting starts at the exporter's start (NOW): nothing has settled since.
    assert requests(runtime, "alpha") == {"1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0}
    assert value(runtime, "cloudflare_settled_until_timestamp_seconds", product="alpha") == NOW
    # Quantiles of the settled window [NOW-600, NOW-300): 5 plain minutes, 500 requests.
    # Edge TTFB by weight: 20 ms x 450, 60 x 15 (465), 120 x 25 (490), 900 x 10 (500):
    # p50 = rank 250 -> 20 ms; p95 = rank 475 -> 120 ms; p99 = rank 495 -> 900 ms.
    # Origin: 0 x 450, 40 x 15, 100 x 25, 850 x 10 -> 0, 100, 850 ms.
    edge = {
        q: value(runtime, "cloudflare_edge_ttfb_seconds", product="alpha", quantile=q)
        for q in ("0.5", "0.95", "0.99")
    }
    assert edge == {"0.5": 0.02, "0.95": 0.12, "0.99": 0.9}
    origin = {
        q: value(
            runtime, "cloudflare_origin_response_duration_seconds", product="alpha", quantile=q
        )
        for q in ("0.5", "0.95", "0.99")
    }
    assert origin == {"0.5": 0.0, "0.95": 0.1, "0.99": 0.85}
    assert value(runtime, "cloudflare_window_requests", product="alpha") == 5 * 100


def test_settled_minutes_are_the_hand_computed_counts(make: MakeRuntime, clock: Clock) -> None:
    runtime = make()
    assert traffic(runtime)
    clock.t = NOW + 480  # settled until NOW + 180: minutes NOW, NOW+60 (special), NOW+120
    assert traffic(runtime)
    # alpha, 3 minutes: 2xx 3 x 95; 4xx 3 x 3; 5xx 3 x 2 + the special minute's 10 502s
    assert requests(runtime, "alpha") == {"1xx": 0, "2xx": 285, "3xx": 0, "4xx": 9, "5xx": 16}
    total = 285 + 9 + 16
    assert 16 / total == pytest.approx(0.0516, abs=1e-4)  # the 5xx ratio a rule computes
    assert 9 / total == pytest.approx(0.0290, abs=1e-4)  # the 4xx ratio
    assert value(runtime, "cloudflare_bandwidth_bytes_total", product="alpha") == (
        3 * fixture.ALPHA_BYTES + 10 * 100
    )
    cache = {
        dict(labels)["cache_status"]: v
        for (name, labels), v in samples(runtime).items()
        if name == "cloudflare_cache_requests_total" and dict(labels)["product"] == "alpha"
    }
    assert cache == {"hit": 3 * 90, "miss": 3 * 5, "dynamic": 3 * 5 + 10}
    assert value(runtime, "cloudflare_threats_total", product="alpha") == 3 * (3 + 1)
    # beta (free plan), 3 minutes: 2xx 3 x 40, 3xx 3 x 8, 5xx 3 x 2; 41,800 bytes a minute
    assert requests(runtime, "beta") == {"1xx": 0, "2xx": 120, "3xx": 24, "4xx": 0, "5xx": 6}
    assert value(runtime, "cloudflare_bandwidth_bytes_total", product="beta") == 3 * 41_800
    assert value(runtime, "cloudflare_threats_total", product="beta") == 3 * 1
    assert value(runtime, "cloudflare_settled_until_timestamp_seconds", product="alpha") == (
        NOW + 180
    )
    # Quantiles of [NOW-120, NOW+180): 5 minutes, 500 + the 10 special requests = 510.
    # Edge TTFB weights 20 x 450, 60 x 15 (465), 120 x 25 (490), 900 x 10 (500), 1500 x 10:
    # p50 rank 255 -> 20 ms; p95 rank ceil(484.5) = 485 -> 120 ms; p99 rank ceil(504.9) = 505
    # -> 1500 ms: Cloudflare's own percentile of the window, not a mean of per-minute ones
    # (which would be (900 x 4 + 1500) / 5 = 1020 ms).
    assert value(runtime, "cloudflare_edge_ttfb_seconds", product="alpha", quantile="0.99") == 1.5
    assert value(runtime, "cloudflare_edge_ttfb_seconds", product="alpha", quantile="0.95") == 0.12
    assert value(runtime, "cloudflare_window_requests", product="alpha") == 510


def test_a_partial_recent_minute_is_counted_once_when_it_has_settled(
    make: MakeRuntime, fake: FakeCloudflare, clock: Clock
) -> None:
    runtime = make()
    assert traffic(runtime)
    clock.t = NOW + 400  # the special minute [NOW+60, NOW+120) ended 280 s ago: partial
    api = CloudflareAPI(runtime.client)
    direct = len(fake.graphql) + 1  # the test's own two queries are left out below
    caps = Capabilities(*(api.capabilities([fixture.ALPHA_ID])[fixture.ALPHA_ID].__dict__.values()))
    partial = api.traffic(
        [fixture.ALPHA_ID],
        caps,
        since=NOW + 60,
        until=NOW + 120,
        quantile_since=NOW + 60,
        threats=False,
    )
    # half of each group has arrived: 45 + 2 + 1 + 1 + 5 (of the 10 502s)
    assert partial[fixture.ALPHA_ID].status == {200: 45 + 2, 404: 1, 503: 1, 502: 5}
    assert traffic(runtime)  # settled until NOW+60: only the minute NOW, none of the partial one
    assert requests(runtime, "alpha")["5xx"] == 2
    clock.t = NOW + 460  # now the special minute has settled
    assert traffic(runtime)
    assert requests(runtime, "alpha")["5xx"] == 2 + 2 + 10  # counted whole, once
    clock.t = NOW + 470  # a refresh within the same minute reads nothing new
    assert traffic(runtime)
    assert requests(runtime, "alpha")["5xx"] == 14
    windows = [
        (q["variables"]["since"], q["variables"]["until"])
        for i, q in enumerate(fake.graphql)
        if "CloudflareTraffic" in q["query"]
        and q["variables"]["zones"] == [fixture.ALPHA_ID]
        and i != direct
    ]
    assert windows == [
        (iso(NOW - 300), iso(NOW - 300)),  # the first refresh: nothing settled since NOW
        (iso(NOW), iso(NOW + 60)),
        (iso(NOW + 60), iso(NOW + 120)),
        (iso(NOW + 120), iso(NOW + 120)),
    ]


def test_a_failed_refresh_is_recovered_later_without_gaps_or_double_counts(
    make: MakeRuntime, fake: FakeCloudflare, clock: Clock
) -> None:
    runtime = make()
    assert traffic(runtime)
    clock.t = NOW + 420  # settled until NOW+120
    fake.fail("status", count=50, status=503)
    assert not traffic(runtime)
    assert requests(runtime, "alpha")["2xx"] == 0, "nothing counted from a failed refresh"
    assert value(runtime, "cloudflare_up", source="traffic") == 0
    fake.faults.clear()
    clock.t = NOW + 540  # settled until NOW+240: the failed window and the next minute
    assert traffic(runtime)
    # minutes NOW .. NOW+180, each once: 2xx 4 x 95, 5xx 4 x 2 + 10
    assert requests(runtime, "alpha") == {"1xx": 0, "2xx": 380, "3xx": 0, "4xx": 12, "5xx": 18}
    assert value(runtime, "cloudflare_up", source="traffic") == 1


def test_a_free_plan_zone_is_not_asked_what_it_may_not_read_and_says_so_once(
    make: MakeRuntime, fake: FakeCloudflare, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = make()
    with caplog.at_level(logging.INFO, logger="exporters.cloudflare"):
        assert runtime.refresh_all()
        clock.t = NOW + 3600 + 60  # the settings node is read again after an hour
        assert runtime.refresh_all()
    unavailable = {
        (dict(labels)["dataset"], dict(labels)["field"])
        for (name, labels), v in samples(runtime).items()
        if name == "cloudflare_unavailable" and dict(labels)["product"] == "beta" and v == 1
    }
    assert unavailable == {
        *(("httpRequestsAdaptiveGroups", f) for f in QUANTILE_FIELDS),
        ("healthchecks", ""),
    }
    assert not [
        k
        for k in samples(runtime)
        if k[0] == "cloudflare_unavailable" and ("product", "alpha") in k[1]
    ]
    assert value(runtime, "cloudflare_edge_ttfb_seconds", product="beta", quantile="0.5") is None
    lines = [
        r.getMessage()
        for r in caplog.records
        if "beta" in r.getMessage() and r.levelno == logging.WARNING
    ]
    assert len(lines) == 2, lines  # one for the quantile fields, one for health checks
    assert (
        "quantiles_edgeTimeToFirstByteMsP50" in lines[0]
        or "quantiles_edgeTimeToFirstByteMsP50" in lines[1]
    )
    asked = [
        q["query"]
        for q in fake.graphql
        if "CloudflareTraffic" in q["query"] and q["variables"]["zones"] == [fixture.BETA_ID]
    ]
    assert asked and not any("quantiles" in q for q in asked)
    assert value(runtime, "cloudflare_up", source="traffic") == 1


def test_health_checks_are_a_state_set_with_bounded_reasons(make: MakeRuntime) -> None:
    runtime = make()
    assert runtime.loop.run_once("healthchecks")
    status = {
        (dict(labels)["healthcheck"], dict(labels)["status"]): v
        for (name, labels), v in samples(runtime).items()
        if name == "cloudflare_healthcheck_status"
    }
    assert {k for k, v in status.items() if v == 1} == {
        ("origin-web", "healthy"),
        ("origin-api", "unhealthy"),
        ("legacy", "suspended"),
    }
    assert len(status) == 3 * 4  # every check has all four states
    assert (
        value(runtime, "cloudflare_healthcheck_healthy", product="alpha", healthcheck="origin-web")
        == 1
    )
    assert (
        value(runtime, "cloudflare_healthcheck_healthy", product="alpha", healthcheck="origin-api")
        == 0
    )
    assert (
        value(
            runtime,
            "cloudflare_healthcheck_failure",
            product="alpha",
            healthcheck="origin-api",
            reason="response_code",
        )
        == 1
    )
    assert (
        value(
            runtime,
            "cloudflare_healthcheck_failure",
            product="alpha",
            healthcheck="legacy",
            reason="none",
        )
        == 1
    )


@pytest.mark.parametrize(
    ("text", "label"),
    [
        pytest.param("", "none", id="healthy: none"),
        pytest.param("TCP Timeout", "timeout", id="timeout"),
        pytest.param("Response code mismatch error", "response_code", id="response code"),
        pytest.param("Response body mismatch error", "response_body", id="body"),
        pytest.param("TLS untrusted certificate error", "tls", id="tls"),
        pytest.param("DNS Unknown Host", "dns", id="dns"),
        pytest.param("Connection Established Error", "connection", id="connection"),
        pytest.param("No Response", "other", id="anything else: other"),
    ],
)
def test_failure_reasons_map_to_a_closed_set(text: str, label: str) -> None:
    assert failure_label(text) == label


def test_the_exposition_matches_the_golden_file(make: MakeRuntime, clock: Clock) -> None:
    runtime = make()
    runtime.server.start()
    try:
        assert runtime.refresh_all()
        clock.t = NOW + 480
        assert runtime.refresh_all()
        check_golden("cloudflare.prom", httpx.get(runtime.server.url + "/metrics").text)
    finally:
        runtime.server.stop()


def test_a_refresh_costs_what_the_budget_says(
    make: MakeRuntime, fake: FakeCloudflare, clock: Clock
) -> None:
    runtime = make()
    assert runtime.refresh_all()
    first = [q["cost"] for q in fake.graphql]
    # settings: one request for both zones (2 queries); traffic: alpha's query (grouped,
    # quantiles, threats: 3 nodes) and beta's (no quantiles on its plan: 2), apart because
    # they ask different fields. REST: one zone name, two health-check lists.
    assert first == [2, 3, 2]
    assert fake.sent("/zones") == 1
    assert fake.sent(f"/zones/{fixture.ALPHA_ID}/healthchecks") == 1
    clock.t = NOW + 60
    assert runtime.refresh_all()
    assert [q["cost"] for q in fake.graphql][3:] == [3, 2], "no settings read, no name lookup"
    assert fake.sent("/zones") == 1
    settings = load_settings(CloudflareSettings, env(fake), PREFIX).settings
    assert plan(settings, 2).queries_per_refresh == 6 >= 3 + 2


@pytest.mark.parametrize(
    ("zones", "queries", "requests", "interval", "per_window"),
    [
        # per refresh N x 3 queries; every 60 s: 5 refreshes per 5 minutes; settings N per hour
        pytest.param(1, 3, 1, 60.0, 3 * 5 + 1 / 12, id="1 zone"),
        pytest.param(10, 30, 1, 60.0, 30 * 5 + 10 / 12, id="10 zones"),
        # 300 x 5 = 1500 > 240: the interval stretches so that 300 x 300 / I + 100 / 12 = 240
        pytest.param(100, 300, 10, 300 * 300 / (240 - 100 / 12), 240.0, id="100 zones"),
    ],
)
def test_the_default_schedule_fits_the_query_budget(
    zones: int, queries: int, requests: int, interval: float, per_window: float
) -> None:
    settings = load_settings(CloudflareSettings, {"CLOUDFLARE_API_TOKEN": TOKEN}, PREFIX).settings
    schedule = plan(settings, zones)
    assert schedule.queries_per_refresh == queries
    assert schedule.requests_per_refresh == requests
    assert schedule.interval == pytest.approx(interval)
    assert schedule.per_window == pytest.approx(per_window)
    assert schedule.per_window <= 240 < 300


def test_zone_names_are_resolved_once_and_ids_used_as_given(
    make: MakeRuntime, fake: FakeCloudflare, clock: Clock
) -> None:
    runtime = make()
    for step in range(3):
        clock.t = NOW + 60 * step
        assert runtime.refresh_all()
    assert [p for m, p, _ in fake.requests if p.startswith("/zones?")] == [
        "/zones?name=alpha.example"
    ]
    zones = {tuple(q["variables"]["zones"]) for q in fake.graphql}
    assert zones == {(fixture.ALPHA_ID, fixture.BETA_ID), (fixture.ALPHA_ID,), (fixture.BETA_ID,)}


def test_registering_and_scraping_never_call_upstream(
    make: MakeRuntime, fake: FakeCloudflare
) -> None:
    assert_serving_asks_upstream_nothing(make(), fake.requests)


@pytest.mark.parametrize(
    ("fault", "reason", "status_class"),
    [
        pytest.param("server_error", "status", "5xx", id="5xx after retries"),
        pytest.param("retry_after", "rate_limited", "4xx", id="429 with a long Retry-After"),
        pytest.param("budget", "rate_limited", "2xx", id="rate limit inside a 200"),
        pytest.param("authz", "graphql", "2xx", id="GraphQL errors with data null"),
        pytest.param("bad_token", "graphql", "2xx", id="expired token"),
        pytest.param("malformed", "malformed", "2xx", id="malformed JSON"),
        pytest.param("timeout", "timeout", "error", id="timeout"),
    ],
)
def test_a_failing_upstream_keeps_the_last_good_values(
    make: MakeRuntime,
    fake: FakeCloudflare,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
    fault: str,
    reason: str,
    status_class: str,
) -> None:
    runtime = make()
    assert traffic(runtime)
    clock.t = NOW + 420
    assert traffic(runtime)  # minutes NOW, NOW+60 counted
    good = published(runtime)
    assert requests(runtime, "alpha")["5xx"] == 2 + 12
    clock.t = NOW + 600
    if fault in TRANSPORT_FAULTS:
        inject_transport_fault(fake, runtime, fault)
    elif fault == "retry_after":
        fake.fail("retry_after", count=50, retry_after="3600")
    elif fault == "budget":
        fake.fail(
            "graphql", count=50, message="rate limiter budget depleted, try again after 5 minutes"
        )
    elif fault == "authz":
        fake.fail("graphql", count=50, message="not authorized for that account", code="authz")
    else:
        fake.token = "another-token"
    with caplog.at_level(logging.WARNING, logger="exporters.toolkit.refresh"):
        assert traffic(runtime) is False
    assert published(runtime) == good, "the last good values stay, never zeros"
    line = assert_refresh_failed(
        runtime,
        caplog,
        exporter="cloudflare",
        source="traffic",
        reason=reason,
        status_class=status_class,
        secrets=(TOKEN, "another-token"),
    )
    assert value(runtime, "cloudflare_data_age_seconds", source="traffic") == 180
    if fault in ("authz", "bad_token"):
        assert "not authorized for that account" in line
    if fault in ("retry_after", "budget"):
        # settings + 2 batches, 2 batches, then only the refused first batch of this refresh
        assert sum(1 for _, p, _ in fake.requests if p == "/graphql") == (1 + 2) + 2 + 1, (
            "a rate limit ends the refresh: the second batch is not sent"
        )
    # upstream recovers: the missed window is counted once, with the minutes since
    fake.token, fake.faults = TOKEN, []
    heal_transport(runtime)
    clock.t = NOW + 660  # settled until NOW+360: minutes NOW+120 .. NOW+300 are new
    assert traffic(runtime) is True
    assert requests(runtime, "alpha")["5xx"] == 14 + 4 * 2
    assert value(runtime, "cloudflare_up", source="traffic") == 1


def test_a_short_retry_after_is_waited_out(make: MakeRuntime, fake: FakeCloudflare) -> None:
    runtime = make()
    fake.fail("retry_after", count=1, retry_after="1", path="/graphql")
    assert traffic(runtime) is True


def test_minutes_past_the_retention_are_skipped_and_counted(
    make: MakeRuntime, fake: FakeCloudflare, clock: Clock
) -> None:
    runtime = make()
    assert traffic(runtime)
    fake.fail("status", count=10_000, status=503)
    clock.t = NOW + 86_400 + 600  # a day later: beta (free) reads 1 day back
    assert not traffic(runtime)
    fake.faults.clear()
    clock.t += 60
    fixture.load(fake, NOW + 86_400, before=1500, after=20)
    assert traffic(runtime)
    # beta's oldest readable minute is floor(now - 86400) + 60 = NOW + 720: the 12 minutes
    # NOW .. NOW+660 had left the retention; then NOW+720 .. NOW+360+86400 are counted
    assert value(runtime, "cloudflare_skipped_minutes_total", product="beta") == 12
    assert value(runtime, "cloudflare_skipped_minutes_total", product="alpha") == 0


def test_the_token_comes_from_a_file_and_never_shows(
    fake: FakeCloudflare, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n")
    variables = env(fake)
    del variables["CLOUDFLARE_API_TOKEN"]
    variables["CLOUDFLARE_API_TOKEN_FILE"] = str(secret)
    assert run_exporter(SPEC, ["--check-config"], variables) == 0
    out = capsys.readouterr()
    assert "2 zones" in out.out and "GraphQL queries" in out.out
    assert TOKEN not in out.out + out.err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param({"CLOUDFLARE_API_TOKEN": ""}, "CLOUDFLARE_API_TOKEN", id="missing token"),
        pytest.param({"CLOUDFLARE_ZONES_PER_QUERY": "11"}, "between 1 and 10", id="11 zones"),
        pytest.param({"CLOUDFLARE_QUERY_BUDGET": "301"}, "between 1 and 300", id="budget"),
        pytest.param({"CLOUDFLARE_QUANTILE_WINDOW": "90s"}, "whole number of minutes", id="window"),
        pytest.param({"CLOUDFLARE_SETTLE_DELAY": "30s"}, "at least 1m", id="settle delay"),
    ],
)
def test_bad_settings_exit_2_naming_the_problem(
    fake: FakeCloudflare, caplog: pytest.LogCaptureFixture, extra: dict[str, str], message: str
) -> None:
    variables = {**env(fake), **extra}
    if variables.get("CLOUDFLARE_API_TOKEN") == "":
        del variables["CLOUDFLARE_API_TOKEN"]
    assert run_exporter(SPEC, ["--check-config"], variables) == 2
    assert message in caplog.text


def test_an_expired_token_fails_the_health_checks_instead_of_hiding_them(
    make: MakeRuntime, fake: FakeCloudflare, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = make()
    assert runtime.loop.run_once("healthchecks")
    good = published(runtime)
    fake.token = "revoked-token"  # REST: 403 with code 10000 "Authentication error"
    with caplog.at_level(logging.WARNING, logger="exporters.toolkit.refresh"):
        assert runtime.loop.run_once("healthchecks") is False
    assert value(runtime, "cloudflare_up", source="healthchecks") == 0
    assert published(runtime) == good, "alpha's checks keep their last good states"
    (line,) = [
        r.getMessage() for r in caplog.records if "refresh of healthchecks" in r.getMessage()
    ]
    assert "10000 Authentication error" in line and TOKEN not in line


def test_a_zone_name_no_zone_has_is_a_clear_failure_of_that_product(
    make: MakeRuntime, fake: FakeCloudflare, caplog: pytest.LogCaptureFixture
) -> None:
    fake.zones[fixture.ALPHA_ID].name = "renamed.example"
    runtime = make()
    with caplog.at_level(logging.WARNING, logger="exporters.toolkit.refresh"):
        assert traffic(runtime) is False
    assert value(runtime, "cloudflare_refresh_failures_total", source="traffic", reason="zone") == 1
    assert "no zone named 'alpha.example' readable with this token" in caplog.text
    assert requests(runtime, "beta") == {"1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.integers(min_value=1, max_value=400), st.booleans()), min_size=1, max_size=8
    )
)
def test_every_settled_minute_is_counted_exactly_once_whatever_fails(
    make: MakeRuntime, fake: FakeCloudflare, clock: Clock, steps: list[tuple[int, bool]]
) -> None:
    # Refreshes at arbitrary times, some failing: in the end the counter holds exactly the
    # minutes from the start to the last successful refresh's settled end, each once.
    clock.t = NOW
    fake.faults.clear()
    fake.used.clear()  # a fresh quota window per example (the fake outlives them)
    runtime = make()
    assert traffic(runtime)
    settled_end = NOW - 300
    for seconds, fails in steps:
        clock.t += seconds
        if fails:
            fake.fail("status", count=50, status=503, path="/graphql")
        ok = traffic(runtime)
        fake.faults.clear()
        assert ok is not fails
        if ok:
            settled_end = max(settled_end, (clock.t - 300) // 60 * 60)
    minutes = max(0, int(settled_end - NOW) // 60)
    special = 1 if minutes >= 2 else 0  # the minute NOW+60 has 10 more 5xx
    assert requests(runtime, "alpha")["2xx"] == 95 * minutes
    assert requests(runtime, "alpha")["5xx"] == 2 * minutes + 10 * special
    assert requests(runtime, "beta")["2xx"] == 40 * minutes


def test_a_zone_the_token_cannot_read_fails_alone_and_its_batch_is_asked_again(
    fake: FakeCloudflare, clock: Clock, tmp_path: Path
) -> None:
    # Two pro zones in one batch; then the second leaves the token's account: Cloudflare
    # answers data null with the zone's index in the error's path ["viewer", "zones", "1"].
    delta = "d0" * 16
    fake.add_zone(
        Zone(delta, "delta.example", "pro", minutes=dict(fake.zones[fixture.ALPHA_ID].minutes))
    )
    config = tmp_path / "portfolio.yaml"
    config.write_text(
        PORTFOLIO.read_text()
        .replace(f"cloudflare: {{zone: {fixture.BETA_ID}}}", f"cloudflare: {{zone: {delta}}}")
        .replace("cloudflare: {zone: alpha.example}", f"cloudflare: {{zone: {fixture.ALPHA_ID}}}")
    )
    variables = {**env(fake), "CLOUDFLARE_CONFIG": str(config), "CLOUDFLARE_THREATS": "false"}
    loaded = load_settings(CloudflareSettings, variables, PREFIX).settings
    runtime = build(
        loaded, load_config(config), registry=CollectorRegistry(), clock=clock,
        monotonic=lambda: 0.0, policy=FAST_RETRIES,
    )  # fmt: skip
    try:
        assert traffic(runtime)
        del fake.zones[delta]
        clock.t = NOW + 420  # settled until NOW+120
        assert traffic(runtime) is False  # beta (zone delta) failed ...
        assert requests(runtime, "alpha")["2xx"] == 2 * 95  # ... alpha was counted
        assert requests(runtime, "beta")["2xx"] == 0  # beta keeps its last values
        traffic_asked = [q["variables"]["zones"] for q in fake.graphql if "Traffic" in q["query"]]
        assert traffic_asked == [[fixture.ALPHA_ID, delta], [fixture.ALPHA_ID]]
        clock.t = NOW + 3600 + 480  # the settings nodes are due again: the same for them
        assert traffic(runtime) is False
        settings_answered = [
            q["variables"]["zones"] for q in fake.graphql if "Settings" in q["query"]
        ]
        assert settings_answered == [[fixture.ALPHA_ID, delta], [fixture.ALPHA_ID]]
        assert requests(runtime, "alpha")["2xx"] == (3600 + 480 - 300) // 60 * 95
    finally:
        runtime.close()
