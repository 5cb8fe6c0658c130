"""The generated stack config runs in the real Prometheus, Alertmanager and blackbox_exporter.

- Prometheus loads prometheus.yml and every rule file; every rule evaluates healthy.
- Alertmanager loads alertmanager.yml; `amtool config routes test` routes each team and
  severity to the intended receiver.
- End to end on loopback under ``make stack``: a health endpoint fails, the real
  blackbox_exporter probes it, Prometheus fires ProductDown and EndpointDown, Alertmanager
  notifies Slack and the incident bridge (a recorder here; token read from its file) about
  the outage and inhibits the endpoint warning.
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import httpx
import pytest
import yaml

from generators import pipeline
from generators.alerting.alertmanager import channels_for
from portfolio import conventions
from portfolio.config.loader import load_config, parse_config
from tests.support import binaries, stackrun
from tests.support.loopback import Recorded, serve

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "config"


def materialise(outputs: dict[str, str], root: Path, fast: bool = True) -> None:
    for rel, text in outputs.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if fast and rel == "stack/prometheus/prometheus.yml":
            # Evaluate every second instead of every 30 s so the test needs no long waits.
            text = text.replace("evaluation_interval: 30s", "evaluation_interval: 1s")
        path.write_text(text)


def test_prometheus_loads_the_generated_config_and_every_rule_is_healthy(tmp_path: Path) -> None:
    portfolio = load_config(ROOT / "portfolio.yaml")
    materialise(pipeline.build_all(portfolio), tmp_path)
    config = tmp_path / "stack" / "prometheus" / "prometheus.yml"
    with binaries.prometheus(config, tmp_path) as prom:

        def evaluated() -> list[dict[str, object]] | None:
            groups = httpx.get(f"{prom.url}/api/v1/rules", timeout=10).json()["data"]["groups"]
            rules = [r for g in groups for r in g["rules"]]
            done = all(not r["lastEvaluation"].startswith("0001") for r in rules)
            return groups if rules and done else None

        groups = binaries.wait_for(evaluated, timeout=60, what="a first evaluation of every rule")
        names = {g["name"] for g in groups}
        expected = {
            conventions.GROUP_RECORDING,
            conventions.GROUP_ALERTS,
            conventions.GROUP_MONITORING,
        }
        expected |= {f"{conventions.GROUP_THRESHOLDS}-{p.id}" for p in portfolio.products}
        assert expected <= names
        unhealthy = [
            (r["name"], r.get("lastError"))
            for g in groups
            for r in g["rules"]
            if r["health"] != "ok"
        ]
        assert unhealthy == []

        endpoints = [(p, e) for p in portfolio.products for e in p.endpoints]

        def discovered() -> dict[str, list[dict[str, object]]] | None:
            data = httpx.get(f"{prom.url}/api/v1/targets", timeout=10).json()["data"]
            active = data["activeTargets"]
            probes = [t for t in active if t["labels"]["job"] == conventions.JOB_BLACKBOX]
            return data if len(probes) == len(endpoints) else None

        targets = binaries.wait_for(discovered, timeout=60, what="every probe target")
        probes = [
            t for t in targets["activeTargets"] if t["labels"]["job"] == conventions.JOB_BLACKBOX
        ]
        by_instance = {t["labels"]["instance"]: t for t in probes}
        for product, endpoint in endpoints:
            target = by_instance[endpoint.url]
            assert target["labels"][conventions.PRODUCT] == product.id
            assert target["labels"][conventions.TEAM] == product.team
            assert target["labels"][conventions.ENVIRONMENT] == endpoint.environment
            assert target["labels"][conventions.ENDPOINT] == endpoint.name
            assert f"module={endpoint.module}" in target["scrapeUrl"]
        jobs = {t["labels"]["job"] for t in targets["activeTargets"]}
        assert {conventions.exporter_job(s) for s in portfolio.sources_in_use()} <= jobs

        # The threshold series are live, one per product, carrying its team.
        uptime = binaries.query(prom, conventions.T_UPTIME)
        got = {r["metric"]["product"]: float(r["value"][1]) for r in uptime}  # type: ignore[index]
        assert got == {p.id: p.thresholds.uptime_ratio for p in portfolio.products}


def amtool_routes(config: Path, *labels: str) -> str:
    proc = subprocess.run(
        [
            binaries.require("amtool"),
            "config",
            "routes",
            "test",
            f"--config.file={config}",
            *labels,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout.strip()


def test_alertmanager_accepts_the_config_and_routes_every_team_and_severity(tmp_path: Path) -> None:
    portfolio = load_config(ROOT / "portfolio.yaml")
    materialise(pipeline.build_all(portfolio), tmp_path)
    config = tmp_path / "stack" / "alertmanager" / "alertmanager.yml"
    check = subprocess.run(
        [binaries.require("amtool"), "check-config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    for team in portfolio.teams:
        for severity in conventions.SEVERITIES:
            routed = amtool_routes(config, f"team={team.id}", f"severity={severity}", "product=x")
            assert routed == conventions.receiver(team.id, severity), (team.id, severity)
    # Alerts with no known team reach the team that owns the monitoring.
    assert amtool_routes(config, "team=nobody", "severity=critical") == conventions.receiver(
        portfolio.owner_team, conventions.WARNING
    )
    with binaries.alertmanager(config, tmp_path) as am:
        status = httpx.get(f"{am.url}/api/v2/status", timeout=10).json()
        assert "platform-critical" in status["config"]["original"]
        # No secret is inlined: receivers only name files.
        assert "hooks.slack.com" not in status["config"]["original"]


def test_every_team_gets_its_channels_per_severity() -> None:
    portfolio = load_config(ROOT / "portfolio.yaml")
    growth = portfolio.team("growth")  # Slack and email, no PagerDuty
    platform = portfolio.team("platform")
    assert channels_for(platform, conventions.CRITICAL) == ("pagerduty", "slack")
    assert channels_for(growth, conventions.CRITICAL) == ("slack",)
    assert channels_for(platform, conventions.WARNING) == ("slack",)
    assert channels_for(platform, conventions.INFO) == ("email",)


E2E_CONFIG = """
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
  repo: example/incidents
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
"""


def test_an_outage_pages_slack_and_the_incident_bridge_and_inhibits_the_warning(
    tmp_path: Path,
) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    with serve() as health, serve() as receivers:
        ports = {name: binaries.free_port() for name in ("prometheus", "alertmanager", "blackbox")}
        (secrets / "slack-ops.url").write_text(f"{receivers.url}/slack\n")
        (secrets / "incident-bridge.token").write_text("s3cret-token\n")
        config = tmp_path / "e2e.yaml"
        config.write_text(
            E2E_CONFIG.format(
                bridge=receivers.url,
                secrets=secrets,
                am_port=ports["alertmanager"],
                bb_port=ports["blackbox"],
                health=health.url,
            )
        )
        outputs = pipeline.build_all(parse_config(config.read_text(), "e2e.yaml"))
        assert "s3cret" not in "".join(outputs.values())
        healthy = 'probe_success{product="shop",endpoint="web"} == 1'
        with stackrun.make_stack(
            config,
            tmp_path / "stack",
            ports,
            {"PATH": os.environ.get("PATH", "")},
            ready=lambda urls: bool(stackrun.query(urls["prometheus"], healthy)),
        ) as urls:
            am_url = urls["alertmanager"]
            health.status = 500

            def bridged(alertname: str) -> list[Recorded]:
                return [
                    r
                    for r in receivers.received("/alerts")
                    if r.json()["commonLabels"].get("alertname") == alertname
                ]

            binaries.wait_for(
                lambda: bridged("ProductDown"), 90, what="the incident bridge notification"
            )
            binaries.wait_for(
                lambda: any("ProductDown" in r.body.decode() for r in receivers.received("/slack")),
                60,
                what="the Slack page",
            )

            def endpoint_alert() -> list[dict[str, object]]:
                alerts = httpx.get(f"{am_url}/api/v2/alerts", timeout=10).json()
                return [a for a in alerts if a["labels"]["alertname"] == "EndpointDown"]

            (endpoint_down,) = binaries.wait_for(
                endpoint_alert, 60, what="EndpointDown in Alertmanager"
            )
            assert endpoint_down["status"]["inhibitedBy"], "the warning was not inhibited"  # type: ignore[index]

            bridge = bridged("ProductDown")[0]
            assert bridge.headers["Authorization"] == "Bearer s3cret-token"
            payload = bridge.json()
            assert payload["receiver"] == "ops-critical"
            assert payload["commonLabels"]["alertname"] == "ProductDown"
            assert payload["commonLabels"]["team"] == "ops"
            annotations = payload["alerts"][0]["annotations"]
            assert annotations["runbook_url"] == "https://runbooks.example/shop/ProductDown"
            assert annotations["dashboard_url"].endswith("/d/portfolio-product?var-product=shop")
            slack_bodies = [r.body.decode() for r in receivers.received("/slack")]
            assert not any("EndpointDown" in body for body in slack_bodies)

            # On a fresh Prometheus every SLO window is short, so the outage also burns the
            # availability budget fast enough to page (here before ProductDown's `for:` ends);
            # once ProductDown fires, it inhibits that second page.
            def budget_page() -> list[dict[str, object]]:
                alerts = httpx.get(f"{am_url}/api/v2/alerts", timeout=10).json()
                return [
                    a
                    for a in alerts
                    if a["labels"]["alertname"] == "AvailabilityBudgetBurn"
                    and a["labels"]["severity"] == "critical"
                ]

            binaries.wait_for(
                lambda: [a for a in budget_page() if a["status"]["inhibitedBy"]],  # type: ignore[index]
                60,
                what="the SLO burn page inhibited by ProductDown",
            )
            assert any('"channel":"#ops"' in body.replace(" ", "") for body in slack_bodies)


@pytest.mark.integration
def test_tcp_and_http_endpoints_are_probed_with_targets_blackbox_can_dial(
    tmp_path: Path,
) -> None:
    """``tcp_connect`` dials ``host:port``, not a URL: the generated target is what the real
    blackbox_exporter accepts, so the probe succeeds against a listening socket."""
    binaries.require("prometheus-blackbox-exporter")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        text = (
            (FIXTURES / "valid-minimal.yaml")
            .read_text()
            .replace(
                '- {name: web, url: "https://shop.example/health"}',
                f'- {{name: game, url: "https://127.0.0.1:{port}/", module: tcp_connect}}',
            )
        )
        portfolio = parse_config(text, "tcp.yaml")
        (endpoint,) = portfolio.products[0].endpoints
        assert endpoint.target == f"127.0.0.1:{port}"
        outputs = pipeline.build_all(portfolio)
        config = tmp_path / "blackbox.yml"
        config.write_text(outputs["stack/blackbox/blackbox.yml"])
        prometheus_yml = yaml.safe_load(outputs["stack/prometheus/prometheus.yml"])
        (job,) = [j for j in prometheus_yml["scrape_configs"] if j["job_name"] == "blackbox"]
        assert job["static_configs"][0]["targets"] == [endpoint.target]
        with binaries.blackbox_exporter(config, tmp_path) as blackbox:
            response = httpx.get(
                f"{blackbox.url}/probe",
                params={"module": "tcp_connect", "target": endpoint.target},
                timeout=10,
            )
        assert "probe_success 1" in response.text, response.text
