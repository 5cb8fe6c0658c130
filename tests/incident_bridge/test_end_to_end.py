"""End to end on loopback: health endpoints fail, the real blackbox_exporter probes them, the
real Prometheus (the generated rules, SLO pages on) fires ProductDown and the availability
budget page, and the real Alertmanager 0.25 (the generated config) delivers to every channel:
PagerDuty (a fake Events API v2), Slack (a fake incoming webhook), email (a real SMTP server,
aiosmtpd) and GitHub (the incident bridge on a fake GitHub API). The endpoints recover and
every channel gets its resolve.

Two teams, because the generated routing sends a team email only where it has no PagerDuty
and Slack for that severity: ``ops`` (PagerDuty, Slack and email: critical to PagerDuty, Slack
and the bridge, warning to Slack, info to email) runs ``shop``; ``web`` (email only: critical
and warning to email, critical also to the bridge) runs ``blog``.

What the test overrides in the generated files, and why: Alertmanager's PagerDuty ``url``
(the generated config leaves Alertmanager's default, PagerDuty's real
``https://events.pagerduty.com/v2/enqueue``), set in a test copy of alertmanager.yml to the
fake's. Nothing else: the Slack webhook URL comes from the ``slack-ops.url`` secret file and
the routing key from ``pagerduty-ops.key``, as in production; the SMTP relay and the bridge's
URL are the test portfolio's ``stack.smtp`` and ``incidents.url``.

A slow endpoint (no failure) fires only ProductLatencyHigh, a warning: Slack, no page, no mail,
no issue.

Detection latency (fault to each channel's first delivery) is printed against the floor the
config implies for ProductDown: ``for`` + probe/scrape interval + evaluation interval +
``group_wait``. The budget page has no ``for:`` and may come first.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from prometheus_client import CollectorRegistry

from exporters.incident_bridge.app import Bridge, build
from exporters.incident_bridge.settings import PREFIX, BridgeSettings
from exporters.toolkit.http import RetryPolicy
from exporters.toolkit.settings import load_settings
from generators import pipeline
from portfolio.config.loader import parse_config
from stack_runner.ports import free_port
from tests.exporters.fake_github_issues import FakeGitHubIssues
from tests.incident_bridge.vendors import (
    FakePagerDuty,
    FakeSlack,
    HealthEndpoint,
    SmtpServer,
    smtp_server,
)
from tests.support import binaries

pytestmark = pytest.mark.integration
REPO = "example/incidents"
AM_TOKEN = "e2e-bridge-token-0123"
GH_TOKEN = "ghp_e2e0123456789"
PD_KEY = "e2e0pagerduty0routing0key0000001"  # an integration key is 32 characters
FOR, INTERVAL, GROUP_WAIT = 5.0, 1.0, 1.0
# The SLO page windows are shortened (1m/10s) so the page fires in seconds and lets go a few
# seconds after the recovery, as the workbook's 1h/5m pair does over hours.
CONFIG = """
version: 1
portfolio:
  name: E2E
  team: ops
  grafana_url: http://127.0.0.1:3000
  runbook_url: https://runbooks.example/{{product}}/{{alert}}
defaults:
  probe: {{interval: 1s, timeout: 500ms}}
  slos: {{availability: {{target: 99}}, latency: {{enabled: false}}}}
alerting:
  uptime_window: 1m
  for: {{outage: 5s, endpoint: 5s, uptime: 1h, latency: 2s}}
  group_wait: 1s
  group_interval: 1s
  repeat_interval: {{critical: 1h, warning: 1h, info: 1h}}
  slo:
    page: [{{long: 1m, short: 10s, budget_percent: 0.05}}]
    ticket: [{{long: 2m, short: 20s, budget_percent: 0.05}}]
incidents:
  url: {bridge}/alerts
  repo: {repo}
stack:
  secrets_dir: {secrets}
  scrape_interval: 1s
  smtp: {{smarthost: "{smtp}", from: alerts@e2e.example, require_tls: false}}
  addresses:
    alertmanager: 127.0.0.1:{am_port}
    blackbox: 127.0.0.1:{bb_port}
teams:
  ops:
    name: Operations
    slack: {{channel: "#ops"}}
    pagerduty: {{service: ops-oncall}}
    email: {{to: [ops@e2e.example]}}
  web:
    name: Web
    email: {{to: [web@e2e.example]}}
products:
  shop:
    name: Shop
    team: ops
    thresholds: {{response_time_ms: 150}}
    health_endpoints:
      - {{name: web, url: "{shop}/health"}}
  blog:
    name: Blog
    team: web
    health_endpoints:
      - {{name: web, url: "{blog}/health"}}
"""


def with_pagerduty_url(generated: Path, url: str, copy: Path) -> Path:
    """A copy of the generated alertmanager.yml whose PagerDuty receivers post to ``url``."""
    config = yaml.safe_load(generated.read_text())
    for receiver in config["receivers"]:
        for pagerduty in receiver.get("pagerduty_configs", []):
            pagerduty["url"] = url
    copy.write_text(yaml.safe_dump(config, sort_keys=False))
    return copy


def first(times: list[float]) -> float | None:
    return min(times) if times else None


@dataclass
class Stack:
    shop: HealthEndpoint
    blog: HealthEndpoint
    slack: FakeSlack
    pagerduty: FakePagerDuty
    smtp: SmtpServer
    gh: FakeGitHubIssues
    bridge: Bridge
    prom: binaries.Server
    am: binaries.Server


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """The generated stack on loopback, every channel faked or real, probes good."""
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "incident-bridge.token").write_text(AM_TOKEN + "\n")
    (secrets / "pagerduty-ops.key").write_text(PD_KEY + "\n")
    with (
        HealthEndpoint() as shop,
        HealthEndpoint() as blog,
        FakeSlack() as slack,
        FakePagerDuty() as pagerduty,
        smtp_server() as smtp,
        FakeGitHubIssues(token=GH_TOKEN) as gh,
    ):
        gh.repo(REPO)
        (secrets / "slack-ops.url").write_text(slack.webhook_url + "\n")
        am_port, bb_port, bridge_port = (free_port() for _ in range(3))
        text = CONFIG.format(
            bridge=f"http://127.0.0.1:{bridge_port}",
            repo=REPO,
            secrets=secrets,
            smtp=smtp.address,
            am_port=am_port,
            bb_port=bb_port,
            shop=shop.url,
            blog=blog.url,
        )
        portfolio = parse_config(text, "e2e.yaml")
        for rel, content in pipeline.build_all(portfolio).items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
        generated = tmp_path / "stack"
        am_config = with_pagerduty_url(
            generated / "alertmanager" / "alertmanager.yml",
            f"{pagerduty.url}/v2/enqueue",
            tmp_path / "alertmanager.test.yml",
        )
        env = {
            f"{PREFIX}TOKEN_FILE": str(secrets / "incident-bridge.token"),
            f"{PREFIX}GITHUB_TOKEN": GH_TOKEN,
            f"{PREFIX}API_URL": gh.url,
            f"{PREFIX}LISTEN_HOST": "127.0.0.1",
            f"{PREFIX}LISTEN_PORT": str(bridge_port),
        }
        bridge = build(
            load_settings(BridgeSettings, env, PREFIX).settings,
            portfolio,
            registry=CollectorRegistry(),
            policy=RetryPolicy(attempts=2, wait_initial=0.1, wait_max=0.2, timeout=5),
        )
        bridge.server.start()
        try:
            with (
                binaries.blackbox_exporter(
                    generated / "blackbox" / "blackbox.yml", tmp_path, bb_port
                ),
                binaries.alertmanager(am_config, tmp_path, am_port) as am,
                binaries.prometheus(generated / "prometheus" / "prometheus.yml", tmp_path) as prom,
            ):
                healthy = 'count(probe_success{endpoint="web"} == 1) == 2'
                binaries.wait_for(lambda: binaries.query(prom, healthy), 60, what="good probes")
                yield Stack(shop, blog, slack, pagerduty, smtp, gh, bridge, prom, am)
        finally:
            bridge.server.stop()
            bridge.close()


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
    bridge, am = stack.bridge, stack.am
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
            and bridge.metrics.notifications["applied"] >= 2
        )

    binaries.wait_for(delivered, 90, 0.05, "ProductDown on every channel")
    floor = FOR + INTERVAL + INTERVAL + GROUP_WAIT
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
    metrics = httpx.get(bridge.server.url + "/metrics", timeout=10).text
    assert 'incident_bridge_notifications_total{result="failed"} 1.0' in metrics
    assert 'incident_bridge_notifications_total{result="unauthorized"} 0.0' in metrics
    assert {s.authorization for s in gh.seen} == {f"Bearer {GH_TOKEN}"}
    # Only the bridge's 502 (the lost create) failed; no other channel ever did.
    failed = [x for x in am.logs().splitlines() if "failed" in x.lower()]
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
    alerts = httpx.get(f"{stack.am.url}/api/v2/alerts", timeout=10).json()
    active = {a["labels"]["alertname"]: a for a in alerts if a["status"]["state"] == "active"}
    assert sorted(active) == ["ProductLatencyHigh"], sorted(active)
    assert [r["name"] for r in active["ProductLatencyHigh"]["receivers"]] == ["ops-warning"]
    assert stack.pagerduty.received() == []
    assert stack.smtp.received() == []
    assert stack.gh.writes() == [] and stack.gh.issues_of(REPO) == []
    assert sum(stack.bridge.metrics.notifications.values()) == 0
