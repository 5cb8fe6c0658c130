"""The DORA definitions of the GitHub exporter (exporters/github/ledger.py), hand-computed.

Part 1 reads the fixture history (tests/exporters/history.py) through the in-process exporter
and checks each definition on its records; part 2 builds small ledgers for the cases the
history does not hold. Times in the history are minutes before NOW; a deployment's final status
lands 10 min after it was created.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from exporters.github import ledger
from exporters.github.app import Exporter
from exporters.github.settings import GitHubSettings
from exporters.toolkit.settings import load_settings
from portfolio.config.loader import load_config
from tests.exporters import history
from tests.exporters.conftest import NOW, MakeExporter
from tests.exporters.test_github_exporter import samples, value

MIN = 60.0
DAY = 86400.0


def ago(minutes: float) -> float:
    return NOW - minutes * MIN


def refreshed(make_exporter: MakeExporter, env: dict[str, str] | None = None) -> Exporter:
    exporter = make_exporter(env)
    assert exporter.refresh_all()
    return exporter


def product(exporter: Exporter, name: str) -> list[ledger.RepoLedger]:
    return exporter.state.products()[name]


# -- 1. change failure attribution ------------------------------------------------------------


def test_an_incident_is_attributed_to_the_newest_deployment_created_before_it(
    make_exporter: MakeExporter,
) -> None:
    """alpha: #3 opened at 19887, 13 min after failed 104 was created (19900) and 3 min after
    it failed (19890): the newest deployment created before it is 104, not the last success
    103 (status 27890) the old rule picked. #1 opened 5000: newest created before is 107
    (5900; 108 is created at 2900, after it). beta: #7 opened 18000 -> 203 (created 19000, the
    rollback); #8 opened 100 -> 302 (created 9000; beta-web's 204 is staging, not a deployment
    of the product's production environment)."""
    exporter = refreshed(make_exporter)
    alpha = ledger.attributions(product(exporter, "alpha"))
    assert {k: [i.number for _, i in v] for k, v in alpha.items()} == {
        "acme/alpha-api:104": [3],
        "acme/alpha-api:107": [1],
    }
    beta = ledger.attributions(product(exporter, "beta"))
    assert {k: [i.number for _, i in v] for k, v in beta.items()} == {
        "acme/beta-web:203": [7],
        "acme/beta-worker:302": [8],
    }


def test_a_deployment_is_a_change_failure_at_most_once(make_exporter: MakeExporter) -> None:
    """alpha: 104 failed (status 19890 min ago) and #3 (opened 19887) is attributed to it: one
    failure, known at its first signal, the status (19890 > 19887 min ago); 107 by #1 (5000).
    2 of 10 finished = 0.2 (the old rule also blamed 103 for #3: 3 of 10 = 0.3).
    beta: 202 rolled back by 203 (203's status at 18990), 203 by #7, 301 errored (23990),
    302 by #8: 4 of 5 = 0.8."""
    exporter = refreshed(make_exporter)
    alpha = ledger.change_failures(product(exporter, "alpha"), exporter.state.rules)
    assert alpha == {
        "acme/alpha-api:104": (ago(19890), "failed"),
        "acme/alpha-api:107": (ago(5000), "incident"),
    }
    beta = ledger.change_failures(product(exporter, "beta"), exporter.state.rules)
    assert beta == {
        "acme/beta-web:202": (ago(18990), "rollback"),
        "acme/beta-web:203": (ago(18000), "incident"),
        "acme/beta-worker:301": (ago(23990), "failed"),
        "acme/beta-worker:302": (ago(100), "incident"),
    }
    window = {"window": "30d"}
    assert value(
        exporter,
        "github_dora_change_failure_ratio",
        product="alpha",
        environment="production",
        **window,
    ) == pytest.approx(2 / 10)
    assert value(
        exporter, "github_dora_change_failure_ratio", product="beta", environment="prod", **window
    ) == pytest.approx(4 / 5)


# -- 2. one recovery time per failure episode ---------------------------------------------------


def test_one_recovery_time_per_failure_episode_with_its_source(
    make_exporter: MakeExporter,
) -> None:
    """alpha: episode 104 + #3: first failure signal 104's status at 19890, last recovery
    signal max(105 success at 19860, #3 closed at 19850) = 19850 -> 40 min, source
    deployment_and_incident (the old rule pooled 30 min for 104 -> 105 and 37 min for #3).
    Episode 107 <- #1: 5000 -> 4940 = 60 min, source incident. Median (40 + 60) / 2 = 50 min.
    beta: 203 <- #7: 18000 -> 16560 = 1440 min, incident; beta-worker 301 errored at 23990 ->
    302 success at 8990 = 15000 min, deployment; 302 <- #8 is still open: no value yet.
    Median (1440 + 15000) / 2 = 8220 min."""
    exporter = refreshed(make_exporter)
    got = {
        name: [(e.key, e.source, e.seconds) for e in ledger.episodes(product(exporter, name))]
        for name in ("alpha", "beta")
    }
    assert got == {
        "alpha": [
            ("acme/alpha-api:104", "deployment_and_incident", 40 * MIN),
            ("acme/alpha-api:107", "incident", 60 * MIN),
        ],
        "beta": [
            ("acme/beta-worker:301", "deployment", 15000 * MIN),
            ("acme/beta-web:203", "incident", 1440 * MIN),
            ("acme/beta-worker:302", "incident", None),
        ],
    }
    alpha = {"product": "alpha", "environment": "production", "window": "30d"}
    beta = {"product": "beta", "environment": "prod", "window": "30d"}
    for name in (
        "github_dora_failed_deployment_recovery_seconds",
        "github_dora_time_to_restore_seconds",  # deprecated: the same value
    ):
        assert value(exporter, name, **alpha) == 50 * MIN
        assert value(exporter, name, **beta) == 8220 * MIN


def test_a_failed_streak_is_one_episode_and_an_incident_after_a_failure_joins_it() -> None:
    """repo r: D1 ok (created 0, status 10), D2 failure (100 -> 110), D3 failure (120 -> 130),
    incident #1 opened 113 (13 min after D2 was created) closed 200, D4 ok (150 -> 160).
    #1 is D2's (newest created before 113: D2 at 100; D3 is created at 120, after it).
    Change failures: D2 (failed 110), D3 (failed 130): D1 is not blamed: 2 of 4.
    One episode D2..D3 + #1: first signal 110, last recovery max(160, 200) = 200 -> 90 min."""
    r = ledger.RepoLedger("o/r", "p", "production")
    for did, created, outcome in ((1, 0, "success"), (2, 100, "failure"), (3, 120, "failure")):
        r.deployments[did] = ledger.Deployment(
            did, f"s{did}", "deploy", created * MIN, outcome, (created + 10) * MIN
        )
    r.deployments[4] = ledger.Deployment(4, "s4", "deploy", 150 * MIN, "success", 160 * MIN)
    r.incidents[1] = ledger.Incident(1, 113 * MIN, 200 * MIN)
    failures = ledger.change_failures([r], ledger.Rules())
    assert failures == {"o/r:2": (110 * MIN, "failed"), "o/r:3": (130 * MIN, "failed")}
    assert ledger.episodes([r]) == [
        ledger.Episode("o/r:2", "deployment_and_incident", 110 * MIN, 200 * MIN)
    ]
    values = ledger.window_values([r], ledger.Rules(), now=300 * MIN, window=DAY)
    assert values.change_failure_ratio == 2 / 4
    assert values.recovery_time == 90 * MIN
    # The published events: one recovery per episode, under the new name and the deprecated one.
    facts = [f for f in ledger.dora_facts("p", [r], ledger.Rules()) if f.value is not None]
    assert [(f.metric, f.labels, f.value) for f in facts if "lead" not in f.key] == [
        (ledger.RECOVERY, ("p", "production", "deployment_and_incident"), 90 * MIN),
        (ledger.RECOVERY_DEPRECATED, ("p", "production"), 90 * MIN),
    ]


def test_an_incident_before_every_deployment_is_no_change_failure_but_an_episode() -> None:
    """#1 opened at 5 min, closed at 30; the only deployment is created at 10: no deployment to
    blame, so no change failure; the outage still took 30 - 5 = 25 min to recover (an episode of
    its own, source incident)."""
    r = ledger.RepoLedger("o/r", "p", "production")
    r.deployments[1] = ledger.Deployment(1, "s1", "deploy", 10 * MIN, "success", 20 * MIN)
    r.incidents[1] = ledger.Incident(1, 5 * MIN, 30 * MIN)
    assert ledger.attributions([r]) == {}
    assert ledger.change_failures([r], ledger.Rules()) == {}
    assert ledger.episodes([r]) == [ledger.Episode("incident:o/r#1", "incident", 5 * MIN, 30 * MIN)]
    assert ledger.episodes([r])[0].seconds == 25 * MIN


# -- 3. lead time at the edge of the history ---------------------------------------------------


def test_the_oldest_deployment_of_each_repository_has_no_lead_time(
    make_exporter: MakeExporter, caplog: pytest.LogCaptureFixture
) -> None:
    """alpha: 101 is the oldest in the history, left out; measured: 102 a2 34000 -> 33890 = 110,
    103 110, 105 a5 20000 -> 19860 = 140, 106 107 108 109 110 110 each: 8 values, median 110
    min = 6600 s. beta: 201 (oldest of beta-web) and 302 (first success of beta-worker) left
    out; 203 redeploys w1 (no new commit); 202 w2 30000 -> 19990 = 10010 min = 600600 s, the
    median of one (the old rule also measured 201 and 302 from their head commits: 2010 min
    each, median 2010 min = 120600 s). Unmeasured: alpha 1, beta 2."""
    with caplog.at_level(logging.DEBUG, logger="exporters.github.sync"):
        exporter = refreshed(make_exporter)
    alpha = {"product": "alpha", "environment": "production"}
    beta = {"product": "beta", "environment": "prod"}
    assert value(exporter, "github_dora_lead_time_seconds", **alpha, window="30d") == 110 * MIN
    assert value(exporter, "github_dora_lead_time_seconds", **beta, window="30d") == 10010 * MIN
    assert value(exporter, "github_lead_time_unmeasured_deployments", **alpha) == 1
    assert value(exporter, "github_lead_time_unmeasured_deployments", **beta) == 2
    leads = {
        name: sorted(
            (d.id, ledger.lead_time(d))
            for lgr in product(exporter, name)
            for d in lgr.deployments.values()
            if d.outcome == "success"
        )
        for name in ("alpha", "beta")
    }
    assert leads == {
        "alpha": [
            (101, None),
            (102, 110 * MIN),
            (103, 110 * MIN),
            (105, 140 * MIN),
            (106, 110 * MIN),
            (107, 110 * MIN),
            (108, 110 * MIN),
            (109, 110 * MIN),
            (110, 110 * MIN),
        ],
        "beta": [(201, None), (202, 10010 * MIN), (203, None), (302, None)],
    }
    said = [r.getMessage() for r in caplog.records if "no known predecessor" in r.getMessage()]
    assert sorted(said) == [
        "acme/alpha-api: deployment 101 has no known predecessor (older than the history); "
        "its lead time is not measured",
        "acme/beta-web: deployment 201 has no known predecessor (older than the history); "
        "its lead time is not measured",
        "acme/beta-worker: deployment 302 has no known predecessor (older than the history); "
        "its lead time is not measured",
    ]


def test_with_history_equal_to_the_window_the_oldest_windowed_deployment_is_not_measured(
    make_exporter: MakeExporter,
) -> None:
    """GITHUB_WINDOW = GITHUB_HISTORY = 20d = 28800 min: alpha's history starts at 103
    (created 27900; 102 at 33900 is older). 103's predecessor is unknown: left out instead of
    measured from its head commit. Measured: 105 140, 106..110 110 each: median 110 min;
    unmeasured 1; 6 lead times in the window (the old rule counted 7)."""
    exporter = refreshed(make_exporter, {"GITHUB_WINDOW": "20d", "GITHUB_HISTORY": "20d"})
    alpha = product(exporter, "alpha")
    assert sorted(d.id for d in alpha[0].deployments.values()) == [
        103,
        104,
        105,
        106,
        107,
        108,
        109,
        110,
    ]
    leads = [lt for d in alpha[0].deployments.values() if (lt := ledger.lead_time(d)) is not None]
    assert sorted(leads) == [110 * MIN] * 5 + [140 * MIN]
    labels = {"product": "alpha", "environment": "production"}
    assert value(exporter, "github_lead_time_unmeasured_deployments", **labels) == 1
    assert value(exporter, "github_dora_lead_time_seconds", **labels, window="20d") == 110 * MIN


def test_the_default_history_exceeds_the_window_by_a_week() -> None:
    """Unset GITHUB_HISTORY: window + 7 d (30 d -> 37 d = 3196800 s; 90 d -> 97 d)."""
    default = load_settings(GitHubSettings, {}, "GITHUB_").settings
    assert default.history_seconds == 37 * DAY == 3196800
    longer = load_settings(GitHubSettings, {"GITHUB_WINDOW": "90d"}, "GITHUB_").settings
    assert longer.history_seconds == 97 * DAY
    given = load_settings(GitHubSettings, {"GITHUB_HISTORY": "30d"}, "GITHUB_").settings
    assert given.history_seconds == 30 * DAY


# -- 4. windowed build gauges from the history -------------------------------------------------


def test_quantiles_interpolate_linearly_between_ranks() -> None:
    """[185, 340, 400, 610]: p50 at position 0.5 * 3 = 1.5 -> (340 + 400) / 2 = 370; p95 at
    2.85 -> 400 + 0.85 * (610 - 400) = 578.5; one value is every quantile."""
    assert ledger.quantile([610, 185, 400, 340], 0.5) == 370
    assert ledger.quantile([610, 185, 400, 340], 0.95) == pytest.approx(578.5)
    assert ledger.quantile([910], 0.95) == 910


def test_the_first_refresh_reads_the_builds_window_and_starts_every_workflows_counters_at_0(
    make_exporter: MakeExporter,
) -> None:
    """The history's workflows (alpha CI and Deploy, beta Build) have their counter series at 0
    from the first refresh (history is not counted), with the labels the history has; the
    windowed gauges hold the history: alpha CI 2 successes (1001 and the re-run 1007), 1
    failure, 1 cancelled (in-progress 1005 and queued 1006 are in no window value)."""
    exporter = refreshed(make_exporter)
    runs = {
        (labels["workflow"], labels["conclusion"], labels["branch_class"]): v
        for (name, labels_set), v in samples(exporter).items()
        if name == "github_workflow_runs_total"
        for labels in [dict(labels_set)]
    }
    assert runs == {
        ("CI", "success", "default"): 0,
        ("CI", "failure", "other"): 0,
        ("CI", "cancelled", "default"): 0,
        ("Deploy", "success", "default"): 0,
        ("Build", "success", "default"): 0,
    }
    queues = {
        dict(labels_set)["workflow"]
        for (name, labels_set), _ in samples(exporter).items()
        if name == "github_workflow_run_queue_seconds_count"
    }
    assert queues == {"CI", "Deploy", "Build"}
    window = {"product": "alpha", "workflow": "CI", "window": "7d"}
    got = {
        c: value(exporter, "github_workflow_window_runs", **window, conclusion=c)
        for c in ("success", "failure", "cancelled")
    }
    assert got == {"success": 2, "failure": 1, "cancelled": 1}
    assert value(exporter, "github_workflow_window_success_ratio", **window) == pytest.approx(2 / 3)


# -- 5. deployment rework rate -----------------------------------------------------------------


def test_rework_deployments_are_rollbacks_deployments_during_an_incident_and_fix_forwards(
    make_exporter: MakeExporter,
) -> None:
    """alpha: 105 (created 19870) was made while #3 was open (opened 19887, closed 19850), and
    20 min after 104 failed (19890; within the 4 h rework window): rework, for the incident.
    No other alpha deployment was created during an incident (#1 5000 -> 4940 has none) or
    within 4 h of a failure: 1 of 10 = 0.1.
    beta: 203 is a rollback (task deploy:rollback): rework. 302 (created 9000) follows beta-
    worker's failed 301 by 23990 - 9000 = 14990 min, past 4 h, and no incident was open then
    (#7 closed at 16560, #8 opened at 100): 1 of 5 = 0.2."""
    exporter = refreshed(make_exporter)
    rules = exporter.state.rules
    assert ledger.reworks(product(exporter, "alpha"), rules) == {
        "acme/alpha-api:105": (ago(19860), "incident")
    }
    assert ledger.reworks(product(exporter, "beta"), rules) == {
        "acme/beta-web:203": (ago(18990), "rollback")
    }
    alpha = {"product": "alpha", "environment": "production", "window": "30d"}
    beta = {"product": "beta", "environment": "prod", "window": "30d"}
    assert value(exporter, "github_dora_deployment_rework_ratio", **alpha) == 1 / 10
    assert value(exporter, "github_dora_deployment_rework_ratio", **beta) == 1 / 5


def test_a_fix_forward_inside_the_rework_window_is_rework_and_one_after_it_is_not() -> None:
    """repo r, rework window 4 h: D1 fails (created 0, status 10 min); D2 created 130 min
    (120 min after the failure, inside 240) is rework; D3 created 600 min is not (590 > 240,
    and no incident). Rework rate 1 of 3."""
    r = ledger.RepoLedger("o/r", "p", "production")
    r.deployments[1] = ledger.Deployment(1, "s1", "deploy", 0, "failure", 10 * MIN)
    r.deployments[2] = ledger.Deployment(2, "s2", "deploy", 130 * MIN, "success", 140 * MIN)
    r.deployments[3] = ledger.Deployment(3, "s3", "deploy", 600 * MIN, "success", 610 * MIN)
    rules = ledger.Rules(rework_window=240 * MIN)
    assert ledger.reworks([r], rules) == {"o/r:2": (140 * MIN, "failed_deployment")}
    values = ledger.window_values([r], rules, now=700 * MIN, window=DAY)
    assert values.rework_ratio == 1 / 3


# -- 5. the benchmark set ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dora", "expected"),
    [
        # the 2023 levels: CFR 5 / 10 / 15 %, recovery 1 h / 1 d / 1 w (= 604800 s)
        ("benchmark: 2023-levels", ((0.05, 0.10, 0.15), (3600, 86400, 604800))),
        # the 2024 clusters: CFR 5 / 20 / 20 %, recovery 1 h / 1 d / 1 d (medium takes high's)
        ("benchmark: 2024-clusters", ((0.05, 0.20, 0.20), (3600, 86400, 86400))),
        # custom: what levels say; the deprecated time_to_restore key is still read
        (
            "levels: {change_failure_rate: {elite: 1, high: 2, medium: 3}, "
            "time_to_restore: {elite: 10m, high: 1h, medium: 2h}}",
            ((0.01, 0.02, 0.03), (600, 3600, 7200)),
        ),
    ],
    ids=["2023-levels", "2024-clusters", "custom"],
)
def test_the_benchmark_set_gives_the_level_bounds(
    tmp_path: Path,
    dora: str,
    expected: tuple[tuple[float, float, float], tuple[float, float, float]],
) -> None:
    text = history.PORTFOLIO.read_text()
    start = text.index("  levels:\n")
    end = text.index("teams:")
    config = tmp_path / "portfolio.yaml"
    config.write_text(text[:start] + f"  {dora}\n" + text[end:])
    levels = load_config(config).dora.levels
    order = ("elite", "high", "medium")
    assert tuple(levels.change_failure_ratio[k] for k in order) == expected[0]
    assert tuple(levels.recovery_seconds[k] for k in order) == expected[1]
    assert levels.time_to_restore_seconds == levels.recovery_seconds  # deprecated alias
