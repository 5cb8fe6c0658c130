"""The incident bridge against a fake GitHub issues API on loopback.

One GitHub issue per incident, found again by the marker in its body: Alertmanager's retries,
repeated notifications and a restart of the bridge never open a second one; a resolve closes it
with the duration, firing again soon after reopens it with a comment; every GitHub failure is a
502 that Alertmanager retries, and nothing is lost or written twice when it does. The token
Alertmanager sends is checked, bad payloads are 400s with their reason, and the GitHub token
goes only to the GitHub API's origin.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry

from exporters.github.app import build as build_github
from exporters.github.settings import PREFIX as GITHUB_PREFIX
from exporters.github.settings import GitHubSettings
from exporters.incident_bridge.__main__ import main
from exporters.incident_bridge.app import Bridge, build
from exporters.incident_bridge.settings import PREFIX, BridgeSettings
from exporters.toolkit.http import RetryPolicy
from exporters.toolkit.settings import load_settings
from fakes.github_issues import FakeGitHubIssues
from portfolio.config.loader import parse_config
from portfolio.config.model import Portfolio
from tests.support.loopback import serve

REPO = "example/incidents"
AM_TOKEN = "am-bearer-0123456789"
GH_TOKEN = "ghp_bridge0123456789"
NOW = 1_800_000_000.0
FAST = RetryPolicy(attempts=2, wait_initial=0.01, wait_max=0.02, wait_jitter=0.0, timeout=5)
PORTFOLIO = f"""
version: 1
portfolio:
  name: Example
  team: ops
  grafana_url: http://grafana.example:3000
  runbook_url: https://runbooks.example/{{product}}/{{alert}}
dora: {{incident_label: outage}}
incidents:
  url: http://incident-bridge:9099/alerts
  repo: {REPO}
teams:
  ops:
    name: Operations
    slack: {{channel: "#ops"}}
products:
  shop:
    name: Shop
    team: ops
    health_endpoints:
      - {{name: web, url: "https://shop.example/health"}}
    sources:
      github: {{repos: [{REPO}]}}
"""


class Clock:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def rfc3339(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "123Z"


def alert(
    status: str = "firing",
    starts: float = NOW - 120,
    ends: float | None = None,
    fingerprint: str = "5c3f1f0e8d2a4b61",
    severity: str = "critical",
    name: str = "ProductDown",
) -> dict[str, Any]:
    return {
        "status": status,
        "labels": {
            "alertname": name,
            "product": "shop",
            "environment": "production",
            "team": "ops",
            "severity": severity,
            "kind": "availability",
        },
        "annotations": {
            "summary": "shop (production) is down",
            "description": "Every health probe of shop (production) has failed for more than 2m.",
            "value": "0",
            "threshold": "99.9%",
            "runbook_url": "https://runbooks.example/shop/ProductDown",
            "dashboard_url": "http://grafana.example:3000/d/portfolio-product?var-product=shop",
        },
        "startsAt": rfc3339(starts),
        "endsAt": rfc3339(ends) if ends is not None else "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus:9090/graph?g0.expr=probe_success",
        "fingerprint": fingerprint,
    }


def unowned(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` without a product label (the monitoring's own alerts)."""
    labels = {k: v for k, v in item["labels"].items() if k != "product"}
    return {**item, "labels": labels}


def burn(
    status: str = "firing",
    starts: float = NOW - 110,
    ends: float | None = None,
    product: str = "shop",
) -> dict[str, Any]:
    """The availability budget page of ``product`` (production), which fires in an outage."""
    item = alert(
        status, starts, ends, fingerprint="9e1b7c44d0a3f215", name="AvailabilityBudgetBurn"
    )
    item["labels"] = {**item["labels"], "kind": "slo", "slo": "availability", "product": product}
    item["annotations"] = {"summary": f"{product} is burning its availability error budget fast"}
    if product != "shop":
        item["fingerprint"] = "7d0c2a9be43f8811"
    return item


def notification(*alerts: dict[str, Any]) -> dict[str, Any]:
    firing = any(a["status"] == "firing" for a in alerts)
    return {
        "version": "4",
        "groupKey": '{}/{team="ops"}/{severity="critical"}:{alertname="ProductDown"}',
        "truncatedAlerts": 0,
        "status": "firing" if firing else "resolved",
        "receiver": "ops-critical",
        "groupLabels": {"alertname": "ProductDown", "product": "shop"},
        "commonLabels": {"alertname": "ProductDown", "product": "shop"},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager:9093",
        "alerts": list(alerts),
    }


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def gh(clock: Clock) -> Iterator[FakeGitHubIssues]:
    with FakeGitHubIssues(token=GH_TOKEN, clock=clock) as fake:
        fake.reset_at = int(NOW) + 3600
        fake.repo(REPO)
        yield fake


@pytest.fixture
def portfolio() -> Portfolio:
    return parse_config(PORTFOLIO, "bridge.yaml")


def settings_env(gh: FakeGitHubIssues, **extra: str) -> dict[str, str]:
    return {
        f"{PREFIX}TOKEN": AM_TOKEN,
        f"{PREFIX}GITHUB_TOKEN": GH_TOKEN,
        f"{PREFIX}API_URL": gh.url,
        f"{PREFIX}LISTEN_HOST": "127.0.0.1",
        f"{PREFIX}LISTEN_PORT": "0",
        **extra,
    }


MakeBridge = Callable[..., Bridge]


@pytest.fixture
def make_bridge(gh: FakeGitHubIssues, clock: Clock, portfolio: Portfolio) -> Iterator[MakeBridge]:
    made: list[Bridge] = []

    def make(**extra: str) -> Bridge:
        settings = load_settings(BridgeSettings, settings_env(gh, **extra), PREFIX).settings
        bridge = build(settings, portfolio, registry=CollectorRegistry(), clock=clock, policy=FAST)
        bridge.server.start()
        made.append(bridge)
        return bridge

    yield make
    for bridge in made:
        bridge.server.stop()
        bridge.runtime.client.client.close()


def post(bridge: Bridge, payload: Any, token: str | None = AM_TOKEN, **kw: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    content = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return httpx.post(
        bridge.server.url + "/alerts", content=content, headers=headers, timeout=10, **kw
    )


def metric(bridge: Bridge, series: str) -> float:
    text = httpx.get(bridge.server.url + "/metrics", timeout=10).text
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{series} not exposed")


def test_a_critical_alert_opens_one_issue_with_labels_links_value_and_start(
    make_bridge: MakeBridge, gh: FakeGitHubIssues
) -> None:
    bridge = make_bridge()
    response = post(bridge, notification(alert()))
    assert response.status_code == 200, response.text
    (issue,) = gh.issues_of(REPO)
    assert issue["title"] == "ProductDown: shop (production) is down"
    assert [label["name"] for label in issue["labels"]] == [
        "outage",
        "product:shop",
        "severity:critical",
    ]
    body = issue["body"]
    assert "firing since 2027-01-15T07:58:00.000Z" in body
    assert "- Value: 0" in body and "- Threshold: 99.9%" in body
    assert "[Runbook](https://runbooks.example/shop/ProductDown)" in body
    assert "[Dashboard](http://grafana.example:3000/d/portfolio-product?var-product=shop)" in body
    assert (
        "<!-- incident-bridge fingerprints=5c3f1f0e8d2a4b61 starts=2027-01-15T07:58:00.000Z "
        "since=2027-01-15T07:58:00.000Z firing=5c3f1f0e8d2a4b61 group=shop/production -->" in body
    )
    assert metric(bridge, 'incident_bridge_alerts_total{action="opened"}') == 1


def test_retries_repeats_and_a_restart_never_open_a_second_issue_and_resolve_closes_it(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, clock: Clock
) -> None:
    first = make_bridge()
    firing = notification(alert())
    for _ in range(3):  # Alertmanager's retry, then repeat_interval's repeats
        assert post(first, firing).status_code == 200
    assert len(gh.issues_of(REPO)) == 1
    assert metric(first, 'incident_bridge_alerts_total{action="unchanged"}') == 2

    restarted = make_bridge()  # nothing in memory: the marker on GitHub finds the issue
    assert post(restarted, firing).status_code == 200
    clock.t = NOW + 180
    resolved = notification(alert("resolved", ends=NOW + 180))
    for _ in range(2):
        assert post(restarted, resolved).status_code == 200
    (issue,) = gh.issues_of(REPO)
    assert issue["state"] == "closed" and issue["state_reason"] == "completed"
    (comment,) = gh.comments_of(REPO, issue["number"])
    assert "fired for 5m " in comment and "Resolved at 2027-01-15T08:03:00.000Z" in comment
    assert "resolved=2027-01-15T08:03:00.000Z" in issue["body"]
    # A firing notification of the same episode after the close (a late retry) is stale.
    assert post(restarted, firing).status_code == 200
    assert [i["state"] for i in gh.issues_of(REPO)] == ["closed"]


def test_firing_again_soon_after_a_resolve_reopens_and_comments_later_opens_a_new_issue(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, clock: Clock
) -> None:
    bridge = make_bridge(INCIDENT_BRIDGE_REOPEN_WITHIN="1h")
    post(bridge, notification(alert()))
    clock.t = NOW + 60
    post(bridge, notification(alert("resolved", ends=NOW + 60)))
    clock.t = NOW + 600
    again = notification(alert(starts=NOW + 590))
    assert post(bridge, again).status_code == 200
    assert post(bridge, again).status_code == 200
    (issue,) = gh.issues_of(REPO)
    assert issue["state"] == "open" and issue["closed_at"] is None
    comments = gh.comments_of(REPO, issue["number"])
    assert len(comments) == 2 and "fired again at 2027-01-15T08:09:50.000Z" in comments[1]
    clock.t = NOW + 700
    post(bridge, notification(alert("resolved", starts=NOW + 590, ends=NOW + 700)))
    assert gh.issues_of(REPO)[0]["state"] == "closed"
    assert "fired for 1m50s" in gh.comments_of(REPO, issue["number"])[2]

    clock.t = NOW + 700 + 7200  # closed two hours ago: a new incident
    post(bridge, notification(alert(starts=clock.t - 5)))
    assert [i["state"] for i in gh.issues_of(REPO)] == ["closed", "open"]


def test_the_critical_alerts_of_one_outage_are_one_issue_closed_when_all_resolve(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, clock: Clock
) -> None:
    bridge = make_bridge()
    # The budget page crosses 14.4x before ProductDown's `for:` ends: it comes first.
    assert post(bridge, notification(burn())).text == "opened=1\n"
    assert post(bridge, notification(alert())).text == "joined=1\n"
    (issue,) = gh.issues_of(REPO)
    assert (
        issue["title"]
        == "AvailabilityBudgetBurn: shop is burning its availability error budget fast"
    )
    assert "fingerprints=9e1b7c44d0a3f215,5c3f1f0e8d2a4b61 " in issue["body"]
    assert (
        "since=2027-01-15T07:58:00.000Z firing=9e1b7c44d0a3f215,5c3f1f0e8d2a4b61 " in issue["body"]
    )
    (joined,) = gh.comments_of(REPO, issue["number"])
    assert joined.startswith(
        "also firing: ProductDown since 2027-01-15T07:58:00.000Z (shop (production) is down)."
    )

    clock.t = NOW + 60
    resolved = notification(alert("resolved", ends=NOW + 60))
    assert post(bridge, resolved).text == "resolved=1\n"
    assert post(bridge, resolved).text == "unchanged=1\n"
    (issue,) = gh.issues_of(REPO)
    assert issue["state"] == "open" and "firing=9e1b7c44d0a3f215 " in issue["body"]

    clock.t = NOW + 90
    assert post(bridge, notification(burn("resolved", ends=NOW + 90))).text == "closed=1\n"
    (issue,) = gh.issues_of(REPO)
    assert issue["state"] == "closed" and "resolved=2027-01-15T08:01:30.000Z" in issue["body"]
    assert "firing=" not in issue["body"]
    comments = gh.comments_of(REPO, issue["number"])
    assert len(comments) == 2
    # From the first start (ProductDown, 07:58:00) to the last resolve (08:01:30).
    assert comments[1].startswith(
        "Resolved at 2027-01-15T08:01:30.000Z: the incident's 2 alerts fired for 3m30s "
        "(since 2027-01-15T07:58:00.000Z)."
    )
    assert metric(bridge, 'incident_bridge_alerts_total{action="joined"}') == 1
    assert metric(bridge, 'incident_bridge_alerts_total{action="resolved"}') == 1


def test_outages_of_different_products_or_environments_are_separate_issues(
    make_bridge: MakeBridge, gh: FakeGitHubIssues
) -> None:
    bridge = make_bridge()
    staging = alert(fingerprint="51a9e0")
    staging["labels"] = {**staging["labels"], "environment": "staging"}
    response = post(bridge, notification(alert(), burn(product="blog"), staging))
    assert response.text == "opened=3\n"
    groups = sorted(i["body"].rsplit("group=", 1)[1].split()[0] for i in gh.issues_of(REPO))
    assert groups == ["blog/production", "shop/production", "shop/staging"]


def test_retries_and_a_restart_while_joined_keep_one_issue_and_comment_once(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, clock: Clock
) -> None:
    first = make_bridge()
    assert post(first, notification(alert())).status_code == 200
    # The join's comment is written but its answer lost; then its marker update fails.
    gh.add_write_fault("POST", r"/comments$", "lost", count=1)
    assert post(first, notification(burn())).status_code == 502
    gh.add_write_fault("PATCH", r"/issues/\d+$", "status", count=5, status=503)
    assert post(first, notification(burn())).status_code == 502
    gh.write_faults.clear()
    restarted = make_bridge()  # nothing in memory: the marker on GitHub finds the incident
    both = notification(alert(), burn())
    for bridge in (restarted, restarted, first):
        assert post(bridge, both).status_code == 200
    (issue,) = gh.issues_of(REPO)
    assert len(gh.comments_of(REPO, issue["number"])) == 1
    assert "fingerprints=5c3f1f0e8d2a4b61,9e1b7c44d0a3f215 " in issue["body"]

    clock.t = NOW + 300
    ends = notification(alert("resolved", ends=NOW + 240), burn("resolved", ends=NOW + 300))
    gh.add_write_fault("PATCH", r"/issues/\d+$", "lost", count=2)
    assert post(restarted, ends).status_code == 502
    again = make_bridge()
    for bridge in (again, first, again):
        assert post(bridge, ends).status_code == 200
    (issue,) = gh.issues_of(REPO)
    assert issue["state"] == "closed"
    comments = gh.comments_of(REPO, issue["number"])
    assert [c.split(":")[0] for c in comments] == ["also firing", "Resolved at 2027-01-15T08"]
    assert "fired for 7m" in comments[1]
    # A late retry of the firing notification after the close changes nothing.
    assert post(again, both).text == "unchanged=2\n"
    assert [i["state"] for i in gh.issues_of(REPO)] == ["closed"]


def test_an_alert_of_a_closed_incident_firing_again_reopens_it_for_itself(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, clock: Clock
) -> None:
    bridge = make_bridge(INCIDENT_BRIDGE_REOPEN_WITHIN="1h")
    post(bridge, notification(alert(), burn()))
    clock.t = NOW + 60
    post(bridge, notification(alert("resolved", ends=NOW), burn("resolved", ends=NOW + 60)))
    clock.t = NOW + 600
    assert post(bridge, notification(alert(starts=NOW + 590))).text == "reopened=1\n"
    (issue,) = gh.issues_of(REPO)
    assert issue["state"] == "open"
    assert "since=2027-01-15T08:09:50.000Z firing=5c3f1f0e8d2a4b61 " in issue["body"]
    clock.t = NOW + 660
    post(bridge, notification(alert("resolved", starts=NOW + 590, ends=NOW + 650)))
    assert gh.issues_of(REPO)[0]["state"] == "closed"
    assert "fired for 1m " in gh.comments_of(REPO, issue["number"])[-1]


def test_concurrent_deliveries_of_one_alert_open_one_issue(
    make_bridge: MakeBridge, gh: FakeGitHubIssues
) -> None:
    bridge = make_bridge()
    answers: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: answers.append(post(bridge, notification(alert())).status_code)
        )
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * 6
    assert len(gh.issues_of(REPO)) == 1


def test_only_critical_alerts_open_issues_and_alerts_without_a_product_get_their_own(
    make_bridge: MakeBridge, gh: FakeGitHubIssues
) -> None:
    bridge = make_bridge()
    payload = notification(
        unowned(alert(fingerprint="aa01", name="StackComponentDown")),
        unowned(alert(fingerprint="bb02", name="PrometheusRuleFailures")),
        alert(fingerprint="cc03", severity="warning"),
    )
    response = post(bridge, payload)
    assert response.status_code == 200 and response.text == "ignored=1, opened=2\n"
    assert len(gh.issues_of(REPO)) == 2
    assert all("group=" not in issue["body"] for issue in gh.issues_of(REPO))


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({}, "no Authorization header"),
        ({"Authorization": "Bearer wrong-token-000000"}, "a wrong token"),
        ({"Authorization": f"Basic {AM_TOKEN}"}, "another scheme"),
        ({"Authorization": f"Bearer {AM_TOKEN}x"}, "a longer token"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_notification_without_the_bearer_token_is_refused_unread(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, headers: dict[str, str], why: str
) -> None:
    bridge = make_bridge()
    body = json.dumps(notification(alert())).encode()
    response = httpx.post(bridge.server.url + "/alerts", content=body, headers=headers, timeout=10)
    assert response.status_code == 401, why
    assert gh.issues_of(REPO) == [] and gh.writes() == []
    assert metric(bridge, 'incident_bridge_notifications_total{result="unauthorized"}') == 1


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"{not json", "the body is not JSON"),
        ({**notification(alert()), "version": "3"}, "version: expected '4', got '3'"),
        (
            notification({**alert(), "fingerprint": None}),
            "alerts[0].fingerprint: expected a string",
        ),
        (notification({**alert(), "startsAt": "yesterday"}), "alerts[0].startsAt: invalid time"),
        (notification({**alert(), "status": "pending"}), "alerts[0].status: expected firing or"),
        (notification({**alert(), "labels": ["a"]}), "alerts[0].labels: expected an object"),
        (
            notification({**alert(status="resolved")}),
            "alerts[0].endsAt: a resolved alert must have an end",
        ),
    ],
    ids=[
        "not JSON",
        "another version",
        "no fingerprint",
        "bad time",
        "bad status",
        "bad labels",
        "resolved without end",
    ],
)
def test_a_bad_payload_is_a_400_with_its_reason(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, payload: Any, reason: str
) -> None:
    bridge = make_bridge()
    response = post(bridge, payload)
    assert response.status_code == 400
    assert reason in response.text
    assert gh.writes() == []
    assert metric(bridge, 'incident_bridge_notifications_total{result="invalid"}') == 1


def test_a_body_over_the_limit_is_a_413_counted_as_rejected(make_bridge: MakeBridge) -> None:
    bridge = make_bridge(INCIDENT_BRIDGE_MAX_BODY="2048")
    many = notification(*[alert(fingerprint=f"{i:04x}") for i in range(20)])
    assert post(bridge, many).status_code == 413
    assert metric(bridge, 'incident_bridge_notifications_total{result="rejected"}') == 1


def test_github_failures_are_502s_and_the_retry_applies_them_once(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, clock: Clock
) -> None:
    bridge = make_bridge()
    firing = notification(alert())
    gh.add_write_fault("POST", r"/issues$", "status", count=1, status=500)
    response = post(bridge, firing)
    assert response.status_code == 502 and "create" in response.text
    assert gh.issues_of(REPO) == []
    assert (
        metric(bridge, 'incident_bridge_github_failures_total{operation="create",reason="status"}')
        == 1
    )

    # The issue is created but the answer is lost: the retry finds it by its marker.
    gh.add_write_fault("POST", r"/issues$", "lost", count=1)
    assert post(bridge, firing).status_code == 502
    assert len(gh.issues_of(REPO)) == 1
    restarted = make_bridge()
    assert post(restarted, firing).status_code == 200
    assert len(gh.issues_of(REPO)) == 1

    # A resolve that GitHub refuses is never dropped: 502 until it is applied, then once.
    clock.t = NOW + 60
    resolved = notification(alert("resolved", ends=NOW + 60))
    gh.add_write_fault("PATCH", r"/issues/\d+$", "status", count=5, status=503)
    assert post(restarted, resolved).status_code == 502
    assert post(restarted, resolved).status_code == 502
    assert gh.issues_of(REPO)[0]["state"] == "open"
    gh.write_faults.clear()
    assert post(restarted, resolved).status_code == 200
    (issue,) = gh.issues_of(REPO)
    assert issue["state"] == "closed"
    assert len(gh.comments_of(REPO, issue["number"])) == 1  # commented once, in the first try
    assert metric(restarted, 'incident_bridge_notifications_total{result="failed"}') == 2


def test_a_lost_comment_answer_is_not_commented_twice(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, clock: Clock
) -> None:
    bridge = make_bridge()
    post(bridge, notification(alert()))
    clock.t = NOW + 30
    resolved = notification(alert("resolved", ends=NOW + 30))
    gh.add_write_fault("POST", r"/comments$", "lost", count=1)
    assert post(bridge, resolved).status_code == 502
    assert post(bridge, resolved).status_code == 200
    (issue,) = gh.issues_of(REPO)
    assert issue["state"] == "closed"
    assert len(gh.comments_of(REPO, issue["number"])) == 1


def test_a_secondary_rate_limit_is_a_502_counted_as_rate_limited(
    make_bridge: MakeBridge, gh: FakeGitHubIssues
) -> None:
    bridge = make_bridge()
    gh.add_write_fault("POST", r"/issues$", "secondary_403", count=5)
    assert post(bridge, notification(alert())).status_code == 502
    assert (
        metric(
            bridge,
            'incident_bridge_github_failures_total{operation="create",reason="rate_limited"}',
        )
        == 1
    )


def test_the_github_token_goes_only_to_the_api_origin(
    make_bridge: MakeBridge, gh: FakeGitHubIssues
) -> None:
    with serve() as elsewhere:
        gh.redirects[r"/issues\?"] = f"{elsewhere.url}/repos/{REPO}/issues"
        bridge = make_bridge()
        response = post(bridge, notification(alert()))
        assert response.status_code == 502 and "another origin" in response.text
        assert elsewhere.received() == []
    assert {s.authorization for s in gh.seen} == {f"Bearer {GH_TOKEN}"}
    assert (
        metric(bridge, 'incident_bridge_github_failures_total{operation="find",reason="origin"}')
        == 1
    )


def test_healthz_readyz_and_metrics(make_bridge: MakeBridge, gh: FakeGitHubIssues) -> None:
    bridge = make_bridge()
    url = bridge.server.url
    assert httpx.get(url + "/healthz").status_code == 200
    assert httpx.get(url + "/readyz").status_code == 503  # the repository not checked yet
    post(bridge, notification(alert()))
    assert bridge.refresh_all()
    assert httpx.get(url + "/readyz").status_code == 200
    assert metric(bridge, "incident_bridge_incidents_open") == 1
    assert metric(bridge, 'incident_bridge_up{source="github"}') == 1
    assert metric(bridge, 'incident_bridge_alerts_total{action="failed"}') == 0
    gh.issues_disabled.add(REPO)
    assert not bridge.refresh_all()
    assert metric(bridge, 'incident_bridge_up{source="github"}') == 0


def test_the_issues_it_opens_and_closes_are_the_incidents_the_github_exporter_counts(
    make_bridge: MakeBridge, gh: FakeGitHubIssues, clock: Clock, portfolio: Portfolio
) -> None:
    bridge = make_bridge()
    env = {f"{GITHUB_PREFIX}API_URL": gh.url, f"{GITHUB_PREFIX}TOKEN": GH_TOKEN}
    github = build_github(
        load_settings(GitHubSettings, env, GITHUB_PREFIX).settings,
        portfolio,
        registry=CollectorRegistry(),
        clock=clock,
        monotonic=lambda: 0.0,
        policy=FAST,
        count_from=NOW - 1,
    )
    try:
        post(bridge, notification(alert(starts=NOW - 120)))
        assert github.refresh_all()
        open_ = [s for s in github.state.collect() if s.name == "github_incidents_open"]
        assert [x.value for x in open_[0].samples] == [1.0]
        clock.t = NOW + 480
        post(bridge, notification(alert("resolved", starts=NOW - 120, ends=NOW + 480)))
        assert github.refresh_all()
        families = {f.name: f for f in github.state.collect()}
        assert [x.value for x in families["github_incidents_open"].samples] == [0.0]
        restore = families["github_dora_time_to_restore_seconds"]
        # Opened at the first notification (NOW), closed at the resolve: 8 minutes.
        assert [x.value for x in restore.samples] == [480.0]
    finally:
        github.close()


def test_check_config_exits_0_and_2_without_a_repository(
    gh: FakeGitHubIssues, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "portfolio.yaml"
    config.write_text(PORTFOLIO)
    env = {**settings_env(gh), f"{PREFIX}CONFIG": str(config)}
    assert main(["--check-config"], env) == 0
    out = capsys.readouterr().out
    assert f"config ok: issues in {REPO}, label 'outage'" in out
    assert AM_TOKEN not in out and GH_TOKEN not in out
    config.write_text(PORTFOLIO.split("incidents:")[0] + "teams:" + PORTFOLIO.split("teams:")[1])
    assert main(["--check-config"], env) == 2
    assert main(["--check-config"], {**env, f"{PREFIX}REPO": "other/incidents"}) == 0
    assert main(["--check-config"], {k: v for k, v in env.items() if "GITHUB" not in k}) == 2
