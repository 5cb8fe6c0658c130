"""The GitHub exporter in-process against the fake GitHub API: golden exposition, counting
rules (history is not re-counted, a series shows 0 first), conditional refreshes, faults."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from exporters.github.app import Exporter
from fakes.github import FakeGitHub, iso
from tests.exporters.conftest import NOW, Clock, MakeExporter

GOLDEN = Path(__file__).parent / "golden"
MIN = 60.0


def samples(exporter: Exporter) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    text = generate_latest(exporter.registry).decode()
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for fam in text_string_to_metric_families(text)
        for s in fam.samples
    }


def value(exporter: Exporter, name: str, **labels: str) -> float | None:
    return samples(exporter).get((name, frozenset(labels.items())))


def scrape(exporter: Exporter) -> str:
    """What Prometheus gets: the exposition, counted as a served scrape."""
    text = generate_latest(exporter.registry).decode()
    exporter.server.scrapes.served()
    return text


def add_live_events(gh: FakeGitHub, clock: Clock) -> None:
    """After start: alpha ships a13 (first commit 20 min before success), beta-worker fails,
    CI run 1005 completes, a first run of a new workflow (Nightly) completes. ``clock`` moves
    to NOW + 5 min."""
    gh.add_commit("acme/alpha-api", "a13", NOW - 15 * MIN)
    gh.add_deployment("acme/alpha-api", 111, "a13", "production", NOW + 1 * MIN)
    gh.add_status("acme/alpha-api", 111, "success", NOW + 5 * MIN)
    gh.add_deployment("acme/beta-worker", 303, "k2", "prod", NOW + 2 * MIN)
    gh.add_status("acme/beta-worker", 303, "failure", NOW + 4 * MIN)
    gh.add_run(
        "acme/alpha-api", 1005, "CI", "main", NOW - 10 * MIN, "completed", "success", NOW + 3 * MIN
    )
    gh.add_job("acme/alpha-api", 1005, 5008, "build", NOW - 9 * MIN, NOW - 4 * MIN, "success")
    gh.add_job("acme/alpha-api", 1005, 5009, "test", NOW - 9 * MIN, NOW + 3 * MIN, "success")
    gh.add_run(
        "acme/alpha-api",
        1008,
        "Nightly",
        "main",
        NOW + 1 * MIN,
        "completed",
        "success",
        NOW + 4 * MIN,
    )
    clock.t = NOW + 5 * MIN


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert text == path.read_text(), f"{name} differs; rerun with UPDATE_GOLDEN=1 if intended"


def test_exposition_after_history_and_live_events_matches_golden(
    make_exporter: MakeExporter, gh: FakeGitHub, clock: Clock
) -> None:
    exporter = make_exporter()
    assert exporter.refresh_all()
    check_golden("github_initial.prom", scrape(exporter))
    add_live_events(gh, clock)
    assert exporter.refresh_all()
    scrape(exporter)  # new series (CI success/default runs) show 0 once
    check_golden("github_after_live_events.prom", scrape(exporter))


def test_history_is_not_counted_but_live_events_are_counted_once(
    make_exporter: MakeExporter, gh: FakeGitHub, clock: Clock
) -> None:
    exporter = make_exporter()
    exporter.refresh_all()
    scrape(exporter)
    ok = {"product": "alpha", "environment": "production", "status": "success"}
    assert value(exporter, "github_deployments_total", **ok) == 0  # 9 in history, none live
    add_live_events(gh, clock)
    for _ in range(3):  # refreshes re-read the same records: counted once
        exporter.refresh_all()
        scrape(exporter)
    assert value(exporter, "github_deployments_total", **ok) == 1
    # lead time of 111: a13 authored NOW-15m, success NOW+5m -> 20 min = 1200 s
    lead = {"product": "alpha", "environment": "production"}
    assert value(exporter, "github_deployment_lead_time_seconds_sum", **lead) == 1200
    assert value(exporter, "github_deployment_lead_time_seconds_bucket", **lead, le="900.0") == 0
    assert value(exporter, "github_deployment_lead_time_seconds_bucket", **lead, le="1800.0") == 1
    beta = {"product": "beta", "environment": "prod"}
    assert value(exporter, "github_deployments_total", **beta, status="failure") == 1
    assert value(exporter, "github_change_failures_total", **beta) == 1
    run = {"product": "alpha", "workflow": "CI", "conclusion": "success", "branch_class": "default"}
    assert value(exporter, "github_workflow_runs_total", **run) == 1
    # run 1005: started NOW-10m, updated NOW+3m -> 780 s; queue: first job NOW-9m -> 60 s
    dur = {"product": "alpha", "workflow": "CI", "conclusion": "success"}
    assert value(exporter, "github_workflow_run_duration_seconds_sum", **dur) == 780
    assert (
        value(exporter, "github_workflow_run_queue_seconds_sum", product="alpha", workflow="CI")
        == 60
    )
    assert (
        value(
            exporter,
            "github_workflow_runs_in_progress",
            product="alpha",
            workflow="CI",
            status="in_progress",
        )
        is None
    )


def test_a_new_series_is_exposed_at_zero_before_its_first_value(
    make_exporter: MakeExporter, gh: FakeGitHub, clock: Clock
) -> None:
    exporter = make_exporter()
    exporter.refresh_all()
    scrape(exporter)
    add_live_events(gh, clock)
    exporter.refresh_all()
    # Nightly was never seen before: its series shows 0 for one scrape, then its first run.
    run = {"product": "alpha", "workflow": "Nightly", "conclusion": "success"}
    assert value(exporter, "github_workflow_runs_total", **run, branch_class="default") == 0
    scrape(exporter)
    assert value(exporter, "github_workflow_runs_total", **run, branch_class="default") == 1
    # CI's series exist from the history (at 0, history is not counted): run 1005 counts at once.
    ci = {"product": "alpha", "workflow": "CI", "conclusion": "success", "branch_class": "default"}
    assert value(exporter, "github_workflow_runs_total", **ci) == 1


def test_second_refresh_of_unchanged_data_is_all_conditional_and_free(
    make_exporter: MakeExporter, gh: FakeGitHub
) -> None:
    exporter = make_exporter()
    exporter.refresh_all()
    exporter.refresh_all()  # active runs move from per-run reads to the cached first page
    before, points = len(gh.log), gh.points_used()
    assert exporter.refresh_all()
    requests = gh.log[before:]
    assert requests, "a refresh must still ask upstream"
    assert {status for _, status in requests} == {304}, requests
    assert gh.points_used() == points


def test_refresh_after_one_new_deployment_fetches_only_what_is_new(
    make_exporter: MakeExporter, gh: FakeGitHub, clock: Clock
) -> None:
    exporter = make_exporter()
    exporter.refresh_all()
    exporter.refresh_all()
    gh.add_commit("acme/alpha-api", "a13", NOW - 15 * MIN)
    gh.add_deployment("acme/alpha-api", 111, "a13", "production", NOW + 1 * MIN)
    gh.add_status("acme/alpha-api", 111, "success", NOW + 5 * MIN)
    clock.t = NOW + 5 * MIN
    before = len(gh.log)
    exporter.loop.run_once("dora")
    full = [path for path, status in gh.log[before:] if status == 200]
    assert sorted(p.split("?")[0] for p in full) == [
        "/repos/acme/alpha-api/compare/a12...a13",
        "/repos/acme/alpha-api/deployments",
        "/repos/acme/alpha-api/deployments/111/statuses",
    ]


def test_restart_counts_from_zero_and_does_not_recount_history(
    make_exporter: MakeExporter, gh: FakeGitHub, clock: Clock
) -> None:
    first = make_exporter()
    first.refresh_all()
    add_live_events(gh, clock)
    first.refresh_all()
    clock.t = NOW + 10 * MIN
    second = make_exporter()  # a restart: count_from is the new start
    second.refresh_all()
    scrape(second)
    ok = {"product": "alpha", "environment": "production", "status": "success"}
    assert value(second, "github_deployments_total", **ok) == 0
    # ... while the windowed gauges, from upstream history, include everything at once
    assert (
        value(
            second,
            "github_dora_deployments",
            product="alpha",
            environment="production",
            window="30d",
        )
        == 10
    )


@pytest.mark.parametrize(
    ("kind", "options", "reason"),
    [
        pytest.param("status", {"status": 502}, "status", id="5xx-on-every-retry"),
        pytest.param(
            "rate_limit_429",
            {"retry_after": 3600},
            "rate_limited",
            id="429-with-a-long-retry-after",
        ),
        pytest.param(
            "secondary_403", {"retry_after": 3600}, "rate_limited", id="403-secondary-limit"
        ),
        pytest.param("primary_403", {}, "rate_limited", id="403-primary-limit-exhausted"),
        pytest.param("timeout", {"delay": 1.5}, "timeout", id="timeout"),
        pytest.param("malformed", {}, "malformed", id="malformed-json"),
        pytest.param("truncated", {}, "transport", id="truncated-page"),
    ],
)
def test_upstream_failure_keeps_last_good_values_and_is_reported(
    make_exporter: MakeExporter,
    gh: FakeGitHub,
    clock: Clock,
    kind: str,
    options: dict[str, float],
    reason: str,
) -> None:
    import httpx

    from tests.exporters.conftest import FAST_RETRIES

    transport = httpx.HTTPTransport()
    exporter = make_exporter(policy=FAST_RETRIES)
    if kind == "timeout":
        exporter.client.client.timeout = httpx.Timeout(0.5)
    assert exporter.refresh_all()
    good = samples(exporter)
    del transport
    # New data upstream that the failing refresh must not half-apply.
    gh.add_commit("acme/alpha-api", "a13", NOW - 15 * MIN)
    gh.add_deployment("acme/alpha-api", 111, "a13", "production", NOW + 1 * MIN)
    gh.add_status("acme/alpha-api", 111, "success", NOW + 5 * MIN)
    clock.t = NOW + 600
    gh.add_fault(r"/repos/acme/alpha-api/deployments\?", kind, count=5, **options)
    assert exporter.loop.run_once("dora") is False
    after = samples(exporter)
    dora = {
        k: v
        for k, v in good.items()
        if k[0].startswith(("github_dora", "github_deployments", "github_incidents"))
    }
    assert {k: after[k] for k in dora} == dora, "last good values must stay"
    assert value(exporter, "github_up", source="dora") == 0
    assert value(exporter, "github_up", source="actions") == 1
    assert value(exporter, "github_refresh_failures_total", source="dora", reason=reason) == 1
    assert value(exporter, "github_data_age_seconds", source="dora") == 600
    klass = {"status": "5xx", "timeout": "error", "truncated": "error"}.get(kind)
    if klass is None:
        klass = "4xx" if kind in ("rate_limit_429", "secondary_403", "primary_403") else "2xx"
    assert (
        value(
            exporter, "github_upstream_requests_total", endpoint="deployments", status_class=klass
        )
        or 0
    ) >= 1
    # the other repositories were refreshed regardless
    assert gh.log[-1][1] in (200, 304)
    # and once upstream recovers, the next refresh picks the new deployment up
    gh.faults.clear()
    assert exporter.loop.run_once("dora") is True
    assert value(exporter, "github_up", source="dora") == 1
    assert (
        value(
            exporter,
            "github_dora_deployments",
            product="alpha",
            environment="production",
            window="30d",
        )
        == 10
    )


def test_retry_after_within_the_limit_is_slept_and_the_refresh_succeeds(
    make_exporter: MakeExporter, gh: FakeGitHub
) -> None:
    exporter = make_exporter()
    gh.add_fault(r"/repos/acme/alpha-api/deployments\?", "secondary_403", count=1, retry_after=1)
    assert exporter.loop.run_once("dora") is True
    assert (
        value(
            exporter, "github_upstream_requests_total", endpoint="deployments", status_class="4xx"
        )
        == 1
    )


def test_served_exposition_is_cached_per_snapshot_and_identical_to_the_registry(
    make_exporter: MakeExporter, gh: FakeGitHub, clock: Clock
) -> None:
    import httpx
    from prometheus_client.openmetrics.exposition import CONTENT_TYPE_LATEST as OM
    from prometheus_client.openmetrics.exposition import generate_latest as om_latest

    exporter = make_exporter()
    exporter.refresh_all()
    exposition = exporter.server.exposition
    exporter.server.start()
    try:
        with httpx.Client(base_url=exporter.server.url, timeout=10) as http:

            def served(openmetrics: bool = False) -> str:
                # What one registry with the same collectors renders right now: the cache
                # must never change a byte, in either format.
                expected = (om_latest if openmetrics else generate_latest)(exporter.registry)
                headers = {"Accept": OM} if openmetrics else {}
                body = http.get("/metrics", headers=headers).content
                assert body == expected
                return body.decode()

            served()  # new series at 0
            served()  # their values: rendered again
            renders = exposition.renders
            for _ in range(3):
                served()
            assert exposition.renders == renders, "a scrape between refreshes re-rendered"
            clock.t = NOW + 90  # no refresh, but the self-metrics move with the clock
            assert 'github_data_age_seconds{source="dora"} 90.0' in served()
            assert exposition.renders == renders
            served(openmetrics=True)
            served(openmetrics=True)
            assert exposition.renders == renders + 1  # once per format
            add_live_events(gh, clock)
            exporter.refresh_all()
            run = 'github_workflow_runs_total{branch_class="default",conclusion="success",'
            run += 'product="alpha",workflow="Nightly"}'
            assert f"{run} 0.0" in served()  # a new series: 0 for one scrape
            assert f"{run} 1.0" in served()  # then its value
            renders = exposition.renders
            served()
            assert exposition.renders == renders
    finally:
        exporter.server.stop()


@pytest.mark.parametrize(
    ("start", "lead_seconds"),
    [
        # change a12...a14 = [a13 authored NOW-60m, a14 (merge of PR #50 at NOW-8m)];
        # deployed successfully at NOW+5m
        pytest.param("first_commit", 65 * MIN, id="first-commit-of-the-change"),
        pytest.param("pr_merged", 13 * MIN, id="first-pr-merge-in-the-change"),
    ],
)
def test_lead_time_starts_at_the_configured_event_and_falls_back_to_the_first_commit(
    make_exporter: MakeExporter, gh: FakeGitHub, clock: Clock, start: str, lead_seconds: float
) -> None:
    exporter = make_exporter({"GITHUB_LEAD_TIME_START": start})
    exporter.refresh_all()
    scrape(exporter)
    repo = "acme/alpha-api"
    gh.add_commit(repo, "a13", NOW - 60 * MIN)
    gh.add_commit(repo, "a14", NOW - 8 * MIN)
    gh.add_pull(repo, 50, "a14", NOW - 8 * MIN)
    gh.add_deployment(repo, 111, "a14", "production", NOW + 1 * MIN)
    gh.add_status(repo, 111, "success", NOW + 5 * MIN)
    clock.t = NOW + 5 * MIN
    exporter.refresh_all()
    scrape(exporter)
    lead = {"product": "alpha", "environment": "production"}
    assert value(exporter, "github_deployment_lead_time_seconds_count", **lead) == 1
    assert value(exporter, "github_deployment_lead_time_seconds_sum", **lead) == lead_seconds
    # a change without a merged pull request (a direct push) starts at its first commit either way
    gh.add_commit(repo, "a15", NOW + 6 * MIN)
    gh.add_deployment(repo, 112, "a15", "production", NOW + 8 * MIN)
    gh.add_status(repo, 112, "success", NOW + 10 * MIN)
    clock.t = NOW + 10 * MIN
    exporter.refresh_all()
    scrape(exporter)
    assert value(exporter, "github_deployment_lead_time_seconds_count", **lead) == 2
    assert value(exporter, "github_deployment_lead_time_seconds_sum", **lead) == lead_seconds + 240


def test_a_rerun_of_a_run_no_longer_on_the_first_page_is_counted_as_a_new_attempt(
    make_exporter: MakeExporter, gh: FakeGitHub, clock: Clock
) -> None:
    repo = "acme/alpha-api"
    # Release run 1500 failed 10 hours ago; 110 newer runs push it to the second list page.
    gh.add_run(
        repo, 1500, "Release", "main", NOW - 600 * MIN, "completed", "failure", NOW - 590 * MIN
    )
    gh.add_job(repo, 1500, 7000, "publish", NOW - 599 * MIN, NOW - 590 * MIN, "failure")
    for i in range(110):
        created = NOW - 500 * MIN + i * MIN
        gh.add_run(repo, 1600 + i, "Lint", "main", created, "completed", "success", created + 30)
    exporter = make_exporter()
    exporter.refresh_all()
    clock.t = NOW + 1 * MIN
    exporter.refresh_all()  # everything on the first page is known now
    scrape(exporter)
    release = {"product": "alpha", "workflow": "Release", "branch_class": "default"}
    assert value(exporter, "github_workflow_runs_total", **release, conclusion="failure") == 0
    # Someone re-runs it: same run id (and created_at), attempt 2, which succeeds.
    rerun = gh.add_run(
        repo,
        1500,
        "Release",
        "main",
        NOW - 600 * MIN,
        "completed",
        "success",
        NOW + 6 * MIN,
        attempt=2,
    )
    rerun["run_started_at"] = iso(NOW + 2 * MIN)
    gh.add_job(repo, 1500, 7001, "publish", NOW + 2 * MIN, NOW + 6 * MIN, "success", attempt=2)
    clock.t = NOW + 7 * MIN
    exporter.refresh_all()
    scrape(exporter)
    exporter.refresh_all()
    scrape(exporter)
    assert value(exporter, "github_workflow_runs_total", **release, conclusion="success") == 1
    assert value(exporter, "github_workflow_runs_total", **release, conclusion="failure") == 0
    ok = {"product": "alpha", "workflow": "Release", "conclusion": "success"}
    assert value(exporter, "github_workflow_run_duration_seconds_sum", **ok) == 240
    job = {**ok, "job_name": "publish"}
    assert value(exporter, "github_workflow_job_duration_seconds_count", **job) == 1
