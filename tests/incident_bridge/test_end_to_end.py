"""End to end on loopback, under ``make stack`` (``tests/incident_bridge/stack.py``): health
endpoints fail, the real blackbox_exporter probes them, the real Prometheus (the generated
rules, SLO pages on) fires ProductDown and the availability budget page, and the real
Alertmanager 0.25 (the generated config, unchanged) delivers to every channel: PagerDuty (a
fake Events API v2 at ``alerting.pagerduty_url``), Slack (a fake incoming webhook), email (a
real SMTP server, aiosmtpd) and GitHub (the incident bridge, started by the supervisor, on a
fake GitHub API). The endpoints recover and every channel gets its resolve.

A slow endpoint (no failure) fires only ProductLatencyHigh, a warning: Slack, no page, no mail,
no issue. A deployment (the GitHub exporter, started by the supervisor, counts it) fires
ProductDeployed, an info alert: email only.

Detection latency (fault to each channel's first delivery) is printed against the floor the
config implies for ProductDown: ``for`` + probe/scrape interval + evaluation interval +
``group_wait``. The budget page has no ``for:`` and may come first. ``make bench
BENCH=detection_latency`` reports the same figures.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.incident_bridge.stack import (
    FLOOR,
    FOR,
    GROUP_WAIT,
    INTERVAL,
    PD_KEY,
    SHOP_REPO,
    Stack,
    first,
    running_stack,
)
from tests.incident_bridge.stack import GH_TOKEN as GH_TOKEN
from tests.incident_bridge.stack import INCIDENTS_REPO as REPO
from tests.support import binaries

pytestmark = pytest.mark.integration


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """The generated stack under ``make stack`` on loopback, every channel faked or real."""
    with running_stack(tmp_path) as running:
        yield running


def test_an_outage_reaches_pagerduty_slack_email_and_one_github_issue_per_product(
    stack: Stack,
) -> None:
    shop, blog, slack, pagerduty, smtp, gh = (
        stack.shop,
        stack.blog,
        stack.slack,
        stack.pagerduty,
        stack.smtp,
        stack.gh,
    )
    # The first create's answer is lost: Alertmanager's own retry delivers it.
    gh.add_write_fault("POST", rf"/repos/{REPO}/issues$", "lost", count=1)
    fault = time.monotonic()
    shop.status = blog.status = 500

    def pages(action: str) -> list[dict[str, Any]]:
        return [e.body for e in pagerduty.received() if e.body["event_action"] == action]

    def product_down_page() -> list[dict[str, Any]]:
        return [e for e in pages("trigger") if "shop (production) is down" in str(e)]

    def slack_says(words: str) -> list[float]:
        return [m.at for m in slack.received() if words in str(m.body)]

    def mails(to: str, words: str) -> list[float]:
        return [m.at for m in smtp.received() if to in m.recipients and words in m.subject]

    def creates() -> list[float]:
        return [s.at for s in gh.writes() if s.path.endswith(f"/{REPO}/issues")]

    def delivered() -> bool:
        return bool(
            product_down_page()
            and slack_says("[FIRING:1] ProductDown shop")
            and mails("web@e2e.example", "ProductDown")
            and len(gh.issues_of(REPO)) == 2
            and stack.bridge_metric('incident_bridge_notifications_total{result="applied"}') >= 2
        )

    binaries.wait_for(delivered, 90, 0.05, "ProductDown on every channel")
    floor = FLOOR
    firsts = {
        "pagerduty (any page)": first([e.at for e in pagerduty.received()]),
        "pagerduty ProductDown": first(
            [e.at for e in pagerduty.received() if e.body in product_down_page()]
        ),
        "slack ProductDown": first(slack_says("ProductDown shop")),
        "email ProductDown (web)": first(mails("web@e2e.example", "ProductDown")),
        "github (first write)": first(creates()),
    }
    print(
        f"\nfloor {floor:.0f}s = for {FOR:.0f}s + scrape {INTERVAL:.0f}s + "
        f"evaluation {INTERVAL:.0f}s + group_wait {GROUP_WAIT:.0f}s"
    )
    for channel, at in firsts.items():
        assert at is not None, channel
        latency = at - fault
        print(f"  {channel}: {latency:.2f}s, ratio {latency / floor:.2f}")
    for channel in ("pagerduty ProductDown", "slack ProductDown"):
        latency = (firsts[channel] or 0.0) - fault
        assert FOR <= latency <= floor + 30, channel

    (page,) = product_down_page()
    assert page["routing_key"] == PD_KEY
    assert page["payload"]["severity"] == "critical"
    assert page["payload"]["custom_details"]["product"] == "shop"
    assert slack.received()[0].body["channel"] == "#ops"
    assert not mails("ops@e2e.example", ""), "ops has PagerDuty and Slack"
    assert not pagerduty.refused

    # One issue per product, whichever of its critical alerts came first.
    by_product = {
        next(x["name"] for x in i["labels"] if x["name"].startswith("product:")): i
        for i in gh.issues_of(REPO)
    }
    assert sorted(by_product) == ["product:blog", "product:shop"]
    assert all(i["state"] == "open" for i in by_product.values())
    shop_issue = by_product["product:shop"]
    joined = gh.comments_of(REPO, shop_issue["number"])
    print(
        f"  shop's issue: {shop_issue['title']!r}, "
        f"{len(shop_issue['body'].split('fingerprints=')[1].split()[0].split(','))} "
        f"alert(s) joined, comments {[c.split(chr(10))[0] for c in joined]}"
    )

    recovered = time.monotonic()
    shop.status = blog.status = 200

    def resolved() -> bool:
        triggered = {e["dedup_key"] for e in pages("trigger")}
        return bool(
            triggered <= {e["dedup_key"] for e in pages("resolve")}
            and slack_says("[RESOLVED] ProductDown shop")
            and mails("web@e2e.example", "[RESOLVED] ProductDown")
            and [i["state"] for i in gh.issues_of(REPO)] == ["closed", "closed"]
        )

    binaries.wait_for(resolved, 120, 0.05, "the resolves on every channel")
    print(f"  resolve latency {time.monotonic() - recovered:.2f}s (all channels)")
    # The resolve has the page's dedup key: PagerDuty closes the same incident.
    assert page["dedup_key"] in {e["dedup_key"] for e in pages("resolve")}
    assert len(creates()) == 2  # the retry found its issue by the marker
    for issue in gh.issues_of(REPO):
        comments = gh.comments_of(REPO, issue["number"])
        assert len([c for c in comments if c.startswith("Resolved at")]) == 1
        assert len(set(comments)) == len(comments)  # nothing written twice
    metrics = httpx.get(stack.urls["incident_bridge"] + "/metrics", timeout=10).text
    assert 'incident_bridge_notifications_total{result="failed"} 1.0' in metrics
    assert 'incident_bridge_notifications_total{result="unauthorized"} 0.0' in metrics
    assert {s.authorization for s in gh.seen} == {f"Bearer {GH_TOKEN}"}
    # Only the bridge's 502 (the lost create) failed; no other channel ever did.
    failed = [x for x in stack.log("alertmanager").splitlines() if "failed" in x.lower()]
    assert not [x for x in failed if "webhook" not in x], failed


def test_a_slow_endpoint_is_a_warning_on_slack_only(stack: Stack) -> None:
    slow = time.monotonic()
    stack.shop.delay = 0.3  # twice the 150 ms threshold, within the 500 ms probe timeout

    def warned() -> list[float]:
        return [
            m.at
            for m in stack.slack.received()
            if "[FIRING:1] ProductLatencyHigh shop" in str(m.body)
        ]

    binaries.wait_for(warned, 60, 0.05, "ProductLatencyHigh on Slack")
    print(f"\nlatency warning after {min(warned()) - slow:.2f}s (for 2s + p95 over the probes)")
    (message,) = [m.body for m in stack.slack.received() if "ProductLatencyHigh" in str(m.body)]
    assert message["channel"] == "#ops" and "responds slowly" in str(message)
    # The routing, not the timing, keeps it off the other channels: its one receiver is Slack.
    alerts = httpx.get(f"{stack.urls['alertmanager']}/api/v2/alerts", timeout=10).json()
    active = {a["labels"]["alertname"]: a for a in alerts if a["status"]["state"] == "active"}
    assert sorted(active) == ["ProductLatencyHigh"], sorted(active)
    assert [r["name"] for r in active["ProductLatencyHigh"]["receivers"]] == ["ops-warning"]
    assert stack.pagerduty.received() == []
    assert stack.smtp.received() == []
    assert stack.gh.writes() == [] and stack.gh.issues_of(REPO) == []
    assert stack.bridge_metric('incident_bridge_notifications_total{result="applied"}') == 0


def test_a_deployment_is_an_info_alert_by_email_only(stack: Stack) -> None:
    gh = stack.gh
    # The exporter has read the (empty) history: its deployment counters exist at 0.
    binaries.wait_for(
        lambda: stack.query('github_deployments_total{product="shop",status="success"} == 0'),
        30,
        0.2,
        "the GitHub exporter's deployment counters at 0",
    )
    deployed = time.time()
    gh.add_commit(SHOP_REPO, "a" * 40, deployed - 600, "feature")
    deployment = gh.add_deployment(SHOP_REPO, 4242, "a" * 40, "production", deployed)
    gh.add_status(SHOP_REPO, deployment["id"], "success", deployed + 1)
    started = time.monotonic()

    def mailed() -> list[float]:
        return [
            m.at
            for m in stack.smtp.received()
            if "ops@e2e.example" in m.recipients and "ProductDeployed" in m.subject
        ]

    binaries.wait_for(mailed, 60, 0.1, "ProductDeployed by email")
    print(f"\ndeployment mailed {min(mailed()) - started:.2f}s after its success status")
    (mail,) = [m for m in stack.smtp.received() if "ProductDeployed" in m.subject]
    assert "[FIRING:1] ProductDeployed" in mail.subject
    alerts = httpx.get(f"{stack.urls['alertmanager']}/api/v2/alerts", timeout=10).json()
    (alert,) = [a for a in alerts if a["labels"]["alertname"] == "ProductDeployed"]
    assert alert["labels"]["severity"] == "info"
    assert alert["labels"]["product"] == "shop" and alert["labels"]["environment"] == "production"
    # The info route's one receiver is email: no page, no Slack message, no issue.
    assert [r["name"] for r in alert["receivers"]] == ["ops-info"]
    assert stack.pagerduty.received() == []
    assert stack.slack.received() == []
    assert stack.gh.writes() == []
    assert [m.recipients for m in stack.smtp.received()] == [["ops@e2e.example"]]
