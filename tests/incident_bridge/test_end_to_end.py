"""End to end on loopback: a health endpoint fails, the real blackbox_exporter probes it, the
real Prometheus (the generated rules) fires ProductDown, the real Alertmanager 0.25 (the
generated config: a bearer token from ``credentials_file``) notifies the incident bridge, and
the bridge opens exactly one GitHub issue on the fake GitHub API; the endpoint recovers and the
same issue is closed. The first create's answer is lost on purpose, so Alertmanager's own retry
is what delivers the incident, and it still opens one issue.

Detection latency (fault to the bridge's first write to GitHub) is printed against the floor
the config implies: ``for`` + probe/scrape interval + evaluation interval + ``group_wait``.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry

from exporters.incident_bridge.app import build
from exporters.incident_bridge.settings import PREFIX, BridgeSettings
from exporters.toolkit.http import RetryPolicy
from exporters.toolkit.settings import load_settings
from generators import pipeline
from portfolio.config.loader import parse_config
from tests.exporters.fake_github_issues import FakeGitHubIssues
from tests.support import binaries
from tests.support.loopback import serve

pytestmark = pytest.mark.integration
REPO = "example/incidents"
AM_TOKEN = "e2e-bridge-token-0123"
GH_TOKEN = "ghp_e2e0123456789"
FOR, INTERVAL, GROUP_WAIT = 3.0, 1.0, 1.0
# The SLO pages are off here: on a fresh Prometheus every SLO window is as short as the data,
# so the availability burn page fires before ProductDown's `for:` ends and would be a second
# critical alert (and issue) for the same outage; the bridge keys issues by alert.
CONFIG = """
version: 1
portfolio:
  name: E2E
  team: ops
  grafana_url: http://127.0.0.1:3000
  runbook_url: https://runbooks.example/{{product}}/{{alert}}
defaults:
  probe: {{interval: 1s, timeout: 500ms}}
alerting:
  uptime_window: 1m
  for: {{outage: 3s, endpoint: 3s, uptime: 1h, latency: 1h}}
  group_wait: 1s
  group_interval: 1s
  repeat_interval: {{critical: 1h, warning: 1h, info: 1h}}
incidents:
  url: {bridge}/alerts
  repo: {repo}
stack:
  secrets_dir: {secrets}
  scrape_interval: 1s
  addresses:
    alertmanager: 127.0.0.1:{am_port}
    blackbox: 127.0.0.1:{bb_port}
teams:
  ops:
    name: Operations
    slack: {{channel: "#ops"}}
products:
  shop:
    name: Shop
    team: ops
    health_endpoints:
      - {{name: web, url: "{health}/health"}}
    slos: {{availability: {{enabled: false}}, latency: {{enabled: false}}}}
"""


def test_an_outage_opens_exactly_one_issue_through_the_real_alertmanager_and_closes_it(
    tmp_path: Path,
) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "incident-bridge.token").write_text(AM_TOKEN + "\n")
    with serve() as health, serve() as slack, FakeGitHubIssues(token=GH_TOKEN) as gh:
        gh.repo(REPO)
        (secrets / "slack-ops.url").write_text(f"{slack.url}/slack\n")
        am_port, bb_port, bridge_port = (binaries.free_port() for _ in range(3))
        text = CONFIG.format(
            bridge=f"http://127.0.0.1:{bridge_port}",
            repo=REPO,
            secrets=secrets,
            am_port=am_port,
            bb_port=bb_port,
            health=health.url,
        )
        portfolio = parse_config(text, "e2e.yaml")
        for rel, content in pipeline.build_all(portfolio).items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
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
        stack = tmp_path / "stack"
        try:
            with (
                binaries.blackbox_exporter(stack / "blackbox" / "blackbox.yml", tmp_path, bb_port),
                binaries.alertmanager(
                    stack / "alertmanager" / "alertmanager.yml", tmp_path, am_port
                ),
                binaries.prometheus(stack / "prometheus" / "prometheus.yml", tmp_path) as prom,
            ):
                healthy = 'probe_success{product="shop",endpoint="web"} == 1'
                binaries.wait_for(lambda: binaries.query(prom, healthy), 60, what="a good probe")
                gh.add_write_fault("POST", rf"/repos/{REPO}/issues$", "lost", count=1)
                fault = time.monotonic()
                health.status = 500

                def creates() -> list[float]:
                    return [s.at for s in gh.writes() if s.path.endswith(f"/{REPO}/issues")]

                binaries.wait_for(creates, 90, 0.05, "the bridge's first write to GitHub")
                latency = creates()[0] - fault

                def retried() -> bool:
                    return bridge.metrics.notifications["applied"] >= 1

                binaries.wait_for(retried, 60, 0.05, "Alertmanager's retry after the 502")
                retry = time.monotonic() - creates()[0]
                floor = FOR + INTERVAL + INTERVAL + GROUP_WAIT
                print(
                    f"\ndetection latency {latency:.2f}s (fault -> first GitHub write), floor "
                    f"{floor:.0f}s (for {FOR:.0f}s + scrape {INTERVAL:.0f}s + evaluation "
                    f"{INTERVAL:.0f}s + group_wait {GROUP_WAIT:.0f}s): ratio {latency / floor:.2f}; "
                    f"Alertmanager retried the lost create within {retry:.2f}s"
                )
                assert FOR <= latency <= floor + 30
                time.sleep(3)  # more notifications of the same outage (group_interval 1s)
                (issue,) = gh.issues_of(REPO)
                assert len(creates()) == 1  # the retry found the issue by its marker
                assert issue["state"] == "open"
                assert [label["name"] for label in issue["labels"]] == [
                    "incident",
                    "product:shop",
                    "severity:critical",
                ]
                assert "shop (production) is down" in issue["title"]
                assert "[Runbook](https://runbooks.example/shop/ProductDown)" in issue["body"]

                recovered = time.monotonic()
                health.status = 200

                def closed() -> bool:
                    return [i["state"] for i in gh.issues_of(REPO)] == ["closed"]

                binaries.wait_for(closed, 90, 0.05, "the issue closed on resolve")
                print(f"resolve latency {time.monotonic() - recovered:.2f}s (recovery -> closed)")
                time.sleep(2)
                (issue,) = gh.issues_of(REPO)
                assert issue["state"] == "closed"
                (comment,) = gh.comments_of(REPO, issue["number"])
                assert "ProductDown fired for" in comment
                metrics = httpx.get(bridge.server.url + "/metrics", timeout=10).text
                assert 'incident_bridge_notifications_total{result="failed"} 1.0' in metrics
                assert 'incident_bridge_notifications_total{result="unauthorized"} 0.0' in metrics
                assert {s.authorization for s in gh.seen} == {f"Bearer {GH_TOKEN}"}
        finally:
            bridge.server.stop()
            bridge.close()
