"""The end-to-end stack: ``make stack`` (``stack_runner``) runs the generated config on
loopback, every SaaS channel faked or real, and the test or benchmark drives outages.

What runs: the real blackbox_exporter, Prometheus (the generated rules, SLO pages on) and
Alertmanager 0.25 (the generated config), the GitHub exporter and the incident bridge as the
supervisor starts them (``python -m ...`` with only their own settings), against a fake GitHub
API (issues for the bridge, deployments for the exporter), a fake PagerDuty Events API v2
(``alerting.pagerduty_url``), a fake Slack incoming webhook (the ``slack-<team>.url`` secret)
and a real SMTP server (aiosmtpd, ``stack.smtp``). Nothing in the generated files is changed.

Two teams, because the generated routing sends a team email only where it has no PagerDuty
and Slack for that severity: ``ops`` (PagerDuty, Slack and email: critical to PagerDuty, Slack
and the bridge, warning to Slack, info to email) runs ``shop``; ``web`` (email only: critical
and warning to email, critical also to the bridge) runs ``blog``.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from fakes.github_issues import FakeGitHubIssues
from stack_runner import supervisor
from stack_runner.ports import free_port
from tests.incident_bridge.vendors import (
    FakePagerDuty,
    FakeSlack,
    HealthEndpoint,
    SmtpServer,
    smtp_server,
)
from tests.support import binaries, stackrun

INCIDENTS_REPO = "example/incidents"
SHOP_REPO = "example/shop"
AM_TOKEN = "e2e-bridge-token-0123"
GH_TOKEN = "ghp_e2e0123456789"
PD_KEY = "e2e0pagerduty0routing0key0000001"  # an integration key is 32 characters
FOR, INTERVAL, GROUP_WAIT = 5.0, 1.0, 1.0
# ProductDown's floor: for + probe/scrape interval + evaluation interval + group_wait.
FLOOR = FOR + INTERVAL + INTERVAL + GROUP_WAIT
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
  pagerduty_url: {pagerduty}/v2/enqueue
  slo:
    page: [{{long: 1m, short: 10s, budget_percent: 0.05}}]
    ticket: [{{long: 2m, short: 20s, budget_percent: 0.05}}]
incidents:
  url: http://127.0.0.1:{bridge_port}/alerts
  repo: {repo}
stack:
  secrets_dir: {secrets}
  scrape_interval: 1s
  smtp: {{smarthost: "{smtp}", from: alerts@e2e.example, require_tls: false}}
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
    sources:
      github: {{repos: [{shop_repo}]}}
    health_endpoints:
      - {{name: web, url: "{shop}/health"}}
  blog:
    name: Blog
    team: web
    health_endpoints:
      - {{name: web, url: "{blog}/health"}}
"""


@dataclass
class Stack:
    shop: HealthEndpoint
    blog: HealthEndpoint
    slack: FakeSlack
    pagerduty: FakePagerDuty
    smtp: SmtpServer
    gh: FakeGitHubIssues
    urls: dict[str, str]  # stack.addresses component -> its URL on 127.0.0.1
    logs: Path

    def query(self, expr: str) -> list[dict[str, object]]:
        """Instant query of the stack's Prometheus."""
        return stackrun.query(self.urls["prometheus"], expr)

    def log(self, component: str) -> str:
        return (self.logs / f"{component}.log").read_text(errors="replace")

    def bridge_metric(self, series: str) -> float:
        """A sample of the bridge's own ``/metrics`` (0 when absent)."""
        text = httpx.get(self.urls["incident_bridge"] + "/metrics", timeout=10).text
        found = re.search(rf"^{re.escape(series)} (\S+)$", text, re.MULTILINE)
        return float(found.group(1)) if found else 0.0


def _environment() -> dict[str, str]:
    """What the supervisor passes on: the shell's basics, and each process its own settings."""
    keep = {k: v for k, v in os.environ.items() if k in supervisor.BASE_ENVIRONMENT}
    return {
        **keep,
        "INCIDENT_BRIDGE_GITHUB_TOKEN": GH_TOKEN,  # the bearer token: Alertmanager's file
        "GITHUB_TOKEN": GH_TOKEN,
        "GITHUB_DORA_INTERVAL": "1",
        "GITHUB_ACTIONS_INTERVAL": "60",
        "GITHUB_LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def running_stack(workdir: Path) -> Iterator[Stack]:
    """The stack of ``CONFIG`` under ``make stack`` on loopback, probes good; stopped after."""
    secrets = workdir / "secrets"
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
        gh.repo(INCIDENTS_REPO)
        gh.repo(SHOP_REPO)
        (secrets / "slack-ops.url").write_text(slack.webhook_url + "\n")
        ports = {
            name: free_port()
            for name in (
                "prometheus",
                "alertmanager",
                "blackbox",
                "github_exporter",
                "incident_bridge",
            )
        }
        config = workdir / "e2e.yaml"
        config.write_text(
            CONFIG.format(
                pagerduty=pagerduty.url,
                bridge_port=ports["incident_bridge"],
                repo=INCIDENTS_REPO,
                shop_repo=SHOP_REPO,
                secrets=secrets,
                smtp=smtp.address,
                shop=shop.url,
                blog=blog.url,
            )
        )
        env = {
            **_environment(),
            "INCIDENT_BRIDGE_API_URL": gh.url,
            "GITHUB_API_URL": gh.url,
        }
        healthy = 'count(probe_success{endpoint="web"} == 1) == 2'
        with stackrun.make_stack(
            config,
            workdir / "stack",
            ports,
            env,
            ready=lambda urls: bool(stackrun.query(urls["prometheus"], healthy)),
        ) as urls:
            yield Stack(shop, blog, slack, pagerduty, smtp, gh, urls, workdir / "stack" / "logs")


def first(times: list[float]) -> float | None:
    return min(times) if times else None


def outage_latencies(stack: Stack, timeout: float = 90.0) -> dict[str, float]:
    """Fail both endpoints, then recover them: seconds from the fault to each channel's
    first ProductDown delivery (and from the recovery to the last resolve)."""
    fault = time.monotonic()
    stack.shop.status = stack.blog.status = 500

    def arrivals() -> dict[str, float | None]:
        pages = stack.pagerduty.received()
        return {
            "pagerduty": first([e.at for e in pages if "shop (production) is down" in str(e.body)]),
            "slack": first(
                [m.at for m in stack.slack.received() if "ProductDown shop" in str(m.body)]
            ),
            "email": first([m.at for m in stack.smtp.received() if "ProductDown" in m.subject]),
            "github": first(
                [s.at for s in stack.gh.writes() if s.path.endswith(f"/{INCIDENTS_REPO}/issues")]
            ),
        }

    binaries.wait_for(lambda: all(arrivals().values()), timeout, 0.05, "ProductDown everywhere")
    out = {f"{k}_s": float(v or 0.0) - fault for k, v in arrivals().items()}
    recovered = time.monotonic()
    stack.shop.status = stack.blog.status = 200

    def closed() -> bool:
        return [i["state"] for i in stack.gh.issues_of(INCIDENTS_REPO)] == ["closed", "closed"]

    binaries.wait_for(closed, timeout, 0.05, "the incidents closed")
    out["resolve_s"] = time.monotonic() - recovered
    return out
