"""A shared incidents repository: two products list ``acme/incidents`` (where the incident
bridge opens its issues, labelled ``product:<id>``); each counts only the incidents labelled
for it, and the repository's issues are listed once per refresh, not once per product.

Times are minutes before NOW; a deployment's final status lands 10 minutes after it was
created. Window 30d.

  alpha (acme/alpha-api + acme/incidents), all successful:
    11 created 3000, 12 created 2000, 13 created 1000, 14 created 600, 15 created 200
  beta (acme/beta-api + acme/incidents):
    21 created 2500 ok, 22 created 1500 ok, 23 created 800 FAILED (status 790),
    24 created 700 ok (status 690), 25 created 300 ok

  acme/incidents (shared):
    #1 [incident, product:alpha]                opened 1800, closed 1740
    #2 [incident, product:beta]                 opened  550, closed  460
    #3 [incident, product:beta]                 opened  785, closed  680
    #4 [incident] (no product label)            opened  400, closed  390
    #5 [bug, product:alpha] (not an incident)   opened  350, closed  340
    #6 [incident, product:alpha, product:beta]  opened  100, open
  acme/alpha-api (alpha's own):
    #7 [incident]                               opened  950, closed  930
    #8 [incident, product:beta]                 opened  450, closed  445
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from exporters.github import ledger
from exporters.github.app import Exporter, build
from exporters.github.settings import PREFIX, GitHubSettings
from exporters.toolkit.settings import load_settings
from fakes.github import FakeGitHub
from portfolio.config.loader import load_config
from tests.exporters.conftest import FAST_RETRIES, NOW, Clock
from tests.exporters.test_github_exporter import value
from tests.exporters.test_webhook_input import SECRET, post

MIN = 60.0
SHARED = "acme/incidents"
PORTFOLIO = """\
version: 1
portfolio:
  name: Shared incidents
  team: platform
  grafana_url: http://localhost:3000
  runbook_url: https://runbooks.example/{product}/{alert}.md
dora:
  production_environment: production
  incident_label: incident
teams:
  platform:
    name: Platform
    slack: {channel: "#platform"}
products:
  alpha:
    name: Alpha
    team: platform
    health_endpoints:
      - {name: api, url: "https://alpha.example/health"}
    sources:
      github: {repos: [acme/alpha-api, acme/incidents]}
  beta:
    name: Beta
    team: platform
    health_endpoints:
      - {name: api, url: "https://beta.example/health"}
    sources:
      github: {repos: [acme/beta-api, acme/incidents]}
"""
# (repo, id, created minutes ago, final state)
DEPLOYMENTS = [
    ("acme/alpha-api", 11, 3000, "success"),
    ("acme/alpha-api", 12, 2000, "success"),
    ("acme/alpha-api", 13, 1000, "success"),
    ("acme/alpha-api", 14, 600, "success"),
    ("acme/alpha-api", 15, 200, "success"),
    ("acme/beta-api", 21, 2500, "success"),
    ("acme/beta-api", 22, 1500, "success"),
    ("acme/beta-api", 23, 800, "failure"),
    ("acme/beta-api", 24, 700, "success"),
    ("acme/beta-api", 25, 300, "success"),
]
# (repo, number, opened minutes ago, closed minutes ago or None, labels)
ISSUES = [
    (SHARED, 1, 1800, 1740, ["incident", "product:alpha"]),
    (SHARED, 2, 550, 460, ["incident", "product:beta"]),
    (SHARED, 3, 785, 680, ["incident", "product:beta"]),
    (SHARED, 4, 400, 390, ["incident"]),
    (SHARED, 5, 350, 340, ["bug", "product:alpha"]),
    (SHARED, 6, 100, None, ["incident", "product:alpha", "product:beta"]),
    ("acme/alpha-api", 7, 950, 930, ["incident"]),
    ("acme/alpha-api", 8, 450, 445, ["incident", "product:beta"]),
]
WINDOW = {"environment": "production", "window": "30d"}


def ago(minutes: float) -> float:
    return NOW - minutes * MIN


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        fake.reset_at = int(NOW) + 3600
        commits = {"acme/alpha-api": 0, "acme/beta-api": 0}
        for repo, did, created, state in DEPLOYMENTS:
            commits[repo] += 1
            sha = f"{repo[5]}{commits[repo]}"
            fake.add_commit(repo, sha, ago(created + 60))
            fake.add_deployment(repo, did, sha, "production", ago(created))
            fake.add_status(repo, did, state, ago(created) + 10 * MIN)
        fake.repo(SHARED)  # issues only: no deployments, no runs
        for repo, number, opened, closed, labels in ISSUES:
            fake.add_issue(
                repo, number, ago(opened), None if closed is None else ago(closed), labels
            )
        yield fake


@pytest.fixture
def exporter(gh: FakeGitHub, tmp_path: Path) -> Iterator[Exporter]:
    config = tmp_path / "portfolio.yaml"
    config.write_text(PORTFOLIO)
    env = {
        "GITHUB_API_URL": gh.url,
        "GITHUB_LISTEN_HOST": "127.0.0.1",
        "GITHUB_LISTEN_PORT": "0",
        "GITHUB_WEBHOOK_SECRET": SECRET,
    }
    settings = load_settings(GitHubSettings, env, PREFIX).settings
    made = build(
        settings,
        load_config(config),
        clock=Clock(NOW),
        monotonic=lambda: 0.0,
        policy=FAST_RETRIES,
    )
    yield made
    made.close()


def incidents(exporter: Exporter, product: str) -> dict[str, list[int]]:
    return {
        lgr.repo: sorted(lgr.incidents)
        for lgr in exporter.state.products()[product]
        if lgr.incidents
    }


def test_each_product_keeps_only_the_shared_repositorys_incidents_labelled_for_it(
    exporter: Exporter,
) -> None:
    """acme/incidents: alpha keeps #1 and #6 (product:alpha), beta #2, #3 and #6; #4 names no
    product and counts for neither; #5 is not an incident. acme/alpha-api is alpha's alone: #7
    (no product label) is alpha's, #8 names only beta and is not."""
    assert exporter.refresh_all()
    assert incidents(exporter, "alpha") == {SHARED: [1, 6], "acme/alpha-api": [7]}
    assert incidents(exporter, "beta") == {SHARED: [2, 3, 6]}
    # #6 names both products: one open incident each
    assert value(exporter, "github_incidents_open", product="alpha") == 1
    assert value(exporter, "github_incidents_open", product="beta") == 1


def test_dora_values_of_two_products_sharing_an_incidents_repository(
    exporter: Exporter,
) -> None:
    """Attribution (newest deployment of the product created before the incident opened):
    alpha: #1 (1800) -> 12 (2000), #7 (950) -> 13 (1000), #6 (100) -> 15 (200). Change
    failure rate 3 / 5 = 0.6 (counting every issue of the shared repo, beta's #2 (550) and the
    unlabelled #4 (400) would also fail 14 (600): 4 / 5 = 0.8). Recovery: #1 1800 -> 1740 =
    60 min, #7 950 -> 930 = 20 min, #6 still open: median (60 + 20) / 2 = 40 min.
    beta: #3 (785) -> 23 (800, failed at 790), #2 (550) -> 24 (700), #6 (100) -> 25 (300).
    Change failure rate 3 / 5 = 0.6 (alpha's #1 (1800) would also fail 21 (2500): 4 / 5 =
    0.8). Recovery: episode 23 + #3 from the failed status (790) to the last recovery signal
    max(24 ok at 690, #3 closed at 680) = 680: 110 min, deployment_and_incident; 24 <- #2
    550 -> 460 = 90 min, incident; median (110 + 90) / 2 = 100 min (with the unlabelled #4
    (400 -> 390) joining 24's episode it would be 550 -> 390 = 160 min)."""
    assert exporter.refresh_all()
    state = exporter.state
    alpha = ledger.change_failures(state.products()["alpha"], state.rules)
    assert {k: why for k, (_, why) in alpha.items()} == {
        "acme/alpha-api:12": "incident",
        "acme/alpha-api:13": "incident",
        "acme/alpha-api:15": "incident",
    }
    beta = ledger.change_failures(state.products()["beta"], state.rules)
    assert {k: why for k, (_, why) in beta.items()} == {
        "acme/beta-api:23": "failed",
        "acme/beta-api:24": "incident",
        "acme/beta-api:25": "incident",
    }
    for product in ("alpha", "beta"):
        assert value(
            exporter, "github_dora_change_failure_ratio", product=product, **WINDOW
        ) == pytest.approx(3 / 5)
    assert value(
        exporter, "github_dora_failed_deployment_recovery_seconds", product="alpha", **WINDOW
    ) == pytest.approx((60 + 20) / 2 * MIN)
    assert value(
        exporter, "github_dora_failed_deployment_recovery_seconds", product="beta", **WINDOW
    ) == pytest.approx((110 + 90) / 2 * MIN)
    episodes = [(e.key, e.source, e.seconds) for e in ledger.episodes(state.products()["beta"])]
    assert episodes == [
        ("acme/beta-api:23", "deployment_and_incident", 110 * MIN),
        ("acme/beta-api:24", "incident", 90 * MIN),
        ("acme/beta-api:25", "incident", None),
    ]


def _issue_requests(gh: FakeGitHub, since: int) -> list[tuple[str, int]]:
    return [
        (path, status)
        for path, status in gh.log[since:]
        if path.startswith(f"/repos/{SHARED}/issues")
    ]


def test_the_shared_repository_is_listed_once_per_refresh_and_then_costs_nothing(
    exporter: Exporter, gh: FakeGitHub
) -> None:
    """Two products list acme/incidents: one refresh reads its issues once (the open ones and
    those updated since the history's start: 2 requests, not 4); the next refresh re-reads the
    same 2 pages conditionally and gets 304s."""
    exporter.syncer.refresh_dora()
    first = _issue_requests(gh, 0)
    assert [status for _, status in first] == [200, 200]
    assert [path.split("?", 1)[1].count("state=open") for path, _ in first] == [1, 0]
    mark = len(gh.log)
    exporter.syncer.refresh_dora()
    assert [status for _, status in _issue_requests(gh, mark)] == [304, 304]


def test_a_webhook_issue_in_the_shared_repository_reaches_only_its_product(
    exporter: Exporter,
) -> None:
    """#9 [incident, product:beta] opened in acme/incidents 30 min ago: beta's, not alpha's;
    relabelled product:alpha it moves to alpha; #10 without a product label reaches neither."""
    assert exporter.refresh_all()
    exporter.server.start()
    try:

        def deliver(number: int, labels: list[str]) -> None:
            payload = {
                "action": "labeled",
                "issue": {
                    "number": number,
                    "state": "open",
                    "created_at": "2027-01-15T07:30:00Z",
                    "updated_at": "2027-01-15T07:31:00Z",
                    "closed_at": None,
                    "labels": [{"name": name} for name in labels],
                },
                "repository": {"full_name": SHARED},
            }
            response = post(exporter.server.url, "issues", json.dumps(payload).encode())
            assert response.status_code in (200, 202), response.text

        deliver(9, ["incident", "product:beta"])
        assert incidents(exporter, "beta")[SHARED] == [2, 3, 6, 9]
        assert incidents(exporter, "alpha")[SHARED] == [1, 6]
        deliver(9, ["incident", "product:alpha"])
        assert incidents(exporter, "alpha")[SHARED] == [1, 6, 9]
        assert incidents(exporter, "beta")[SHARED] == [2, 3, 6]
        deliver(10, ["incident"])
        assert 10 not in incidents(exporter, "alpha")[SHARED] + incidents(exporter, "beta")[SHARED]
    finally:
        exporter.server.stop()


@pytest.mark.parametrize(
    ("labels", "shared", "counts"),
    [
        (["incident"], False, True),
        (["incident"], True, False),
        (["incident", "product:alpha"], True, True),
        (["incident", "Product:ALPHA"], True, True),
        (["incident", "product:beta"], False, False),
        (["incident", "product:beta", "product:alpha"], True, True),
    ],
    ids=[
        "an unlabelled issue of a product's own repository is its own",
        "an unlabelled issue of a shared repository is nobody's",
        "a product label names the product",
        "label names compare without case, as on GitHub",
        "a product label naming only another product excludes it",
        "an issue may name several products",
    ],
)
def test_which_product_an_incident_issue_belongs_to(
    labels: list[str], shared: bool, counts: bool
) -> None:
    assert ledger.incident_belongs("alpha", labels, shared=shared) is counts


def test_the_label_convention_is_the_incident_bridges() -> None:
    from exporters.incident_bridge.incidents import PRODUCT_LABEL

    assert PRODUCT_LABEL.format("alpha") == ledger.PRODUCT_LABEL_PREFIX + "alpha"
