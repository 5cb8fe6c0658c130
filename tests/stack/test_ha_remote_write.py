"""High availability and remote write, with the real binaries on loopback.

``make stack`` runs the stack: two Prometheus replicas with the generated per-replica
``prometheus.yml`` files and two Alertmanagers gossiping with the flags it gives them; a third Prometheus started with
``--web.enable-remote-write-receiver`` stands in for the long-term store (Mimir, Thanos
Receive and VictoriaMetrics accept the same protocol), and a recorder on loopback receives a
second remote-write target to show the credentials read from files.

- Probe series and recorded series reach the store from both replicas, each with the
  ``cluster`` external label and its own ``replica``.
- The basic-auth password and the bearer token come from their files.
- When the product goes down both replicas fire ``ProductDown`` to both Alertmanagers, and
  exactly one notification reaches the incident bridge: the alerts carry no replica label, so
  they are one alert, and the peers' notification log sends it once.
"""

from __future__ import annotations

import base64
import os
import time
from pathlib import Path

import httpx
import pytest
import yaml

from generators import pipeline
from portfolio import conventions
from portfolio.config.loader import parse_config
from stack_runner.ports import free_port
from tests.support import binaries, stackrun
from tests.support.loopback import LoopbackServer, Recorded, serve

pytestmark = pytest.mark.integration

PASSWORD = "remote-write-test-password"
TOKEN = "remote-write-test-token"
CLUSTER = "loopback-1"
# Alertmanager's default --cluster.peer-timeout: the second peer waits this long for the
# first one's notification to arrive by gossip before it would send its own.
PEER_TIMEOUT = 15.0
CONFIG = """\
version: 1
portfolio:
  name: HA
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
  credentials_file: {secrets}/incident-bridge.token
stack:
  secrets_dir: {secrets}
  scrape_interval: 1s
  addresses:
    prometheus: 127.0.0.1:{prometheus}
    alertmanager: 127.0.0.1:{alertmanager}
    blackbox: 127.0.0.1:{blackbox}
  external_labels: {{cluster: {cluster}}}
  ha:
    prometheus_replicas: ["127.0.0.1:{prometheus_2}"]
    alertmanager_peers: ["127.0.0.1:{alertmanager_2}"]
  remote_write:
    - name: store
      url: http://127.0.0.1:{store}/api/v1/write
      queue: {{batch_send_deadline: 1s, max_samples_per_send: 500, capacity: 2500}}
    - name: basic
      url: {recorder}/basic
      basic_auth: {{username: prom, password_file: {secrets}/basic.password}}
      keep_metrics: [up]
    - name: bearer
      url: {recorder}/bearer
      authorization: {{credentials_file: {secrets}/bearer.token}}
      keep_metrics: [up]
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


def _peers(url: str) -> int:
    status = httpx.get(f"{url}/api/v2/status", timeout=5).json()
    cluster = status["cluster"]
    return len(cluster.get("peers") or []) if cluster["status"] == "ready" else 0


def _bridged(receivers: LoopbackServer, alertname: str) -> list[Recorded]:
    return [
        r
        for r in receivers.received("/alerts")
        if r.json()["status"] == "firing" and r.json()["commonLabels"].get("alertname") == alertname
    ]


def test_replicas_write_to_the_store_and_a_shared_alert_notifies_once(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "basic.password").write_text(PASSWORD + "\n")
    (secrets / "bearer.token").write_text(TOKEN + "\n")
    (secrets / "incident-bridge.token").write_text("bridge-token\n")
    (secrets / "slack-ops.url").write_text("http://127.0.0.1:9/slack\n")
    ports = {
        name: free_port()
        for name in ("prometheus", "prometheus_2", "alertmanager", "alertmanager_2", "blackbox")
    }
    with serve() as health, serve() as receivers, serve() as recorder:
        (secrets / "slack-ops.url").write_text(f"{receivers.url}/slack\n")
        store_dir = tmp_path / "store"
        store_dir.mkdir()
        (store_dir / "prometheus.yml").write_text("global: {}\n")
        with binaries.prometheus(
            store_dir / "prometheus.yml",
            store_dir,
            extra_args=["--web.enable-remote-write-receiver"],
        ) as store:
            text = CONFIG.format(
                **ports,
                store=store.url.rpartition(":")[2],
                bridge=receivers.url,
                recorder=recorder.url,
                health=health.url,
                secrets=secrets,
                cluster=CLUSTER,
            )
            portfolio = parse_config(text, "ha.yaml")
            assert portfolio.stack.prometheus_replicas == ("prometheus", "prometheus_2")
            outputs = pipeline.build_all(portfolio)
            assert PASSWORD not in "".join(outputs.values())
            assert TOKEN not in "".join(outputs.values())
            config = tmp_path / "ha.yaml"
            config.write_text(text)
            # make stack gives each peer its gossip flags (its own cluster port, advertised).
            with stackrun.make_stack(
                config, tmp_path / "stack", ports, {"PATH": os.environ.get("PATH", "")}
            ) as urls:
                binaries.wait_for(
                    lambda: (
                        _peers(urls["alertmanager"]) == 2 and _peers(urls["alertmanager_2"]) == 2
                    ),
                    60,
                    what="both Alertmanagers to see each other in /api/v2/status",
                )
                replicas = [urls[r] for r in portfolio.stack.prometheus_replicas]
                _check_store(store, recorder)
                _check_one_notification(replicas, urls["alertmanager"], health, receivers)


def _check_store(store: binaries.Server, recorder: LoopbackServer) -> None:
    for expr in ("probe_success", conventions.R_PROBE_SUCCESS_5M, conventions.T_UPTIME):

        def arrived(expr: str = expr) -> set[str]:
            found = binaries.query(store, f'{expr}{{product="shop",cluster="{CLUSTER}"}}')
            return {r["metric"]["replica"] for r in found}  # type: ignore[index]

        binaries.wait_for(
            lambda arrived=arrived: arrived() == {"prometheus", "prometheus_2"},  # type: ignore[misc]
            60,
            what=f"{expr} from both replicas in the store",
        )
    expected = {
        "/basic": "Basic " + base64.b64encode(f"prom:{PASSWORD}".encode()).decode(),
        "/bearer": f"Bearer {TOKEN}",
    }
    for path, authorization in expected.items():
        requests = binaries.wait_for(
            lambda path=path: recorder.received(path),  # type: ignore[misc]
            30,
            what=f"a remote write to {path}",
        )
        assert requests[0].method == "POST"
        assert requests[0].headers["Authorization"] == authorization
        assert requests[0].headers["Content-Encoding"] == "snappy"


def _check_one_notification(
    replicas: list[str],
    am: str,
    health: LoopbackServer,
    receivers: LoopbackServer,
) -> None:
    healthy = 'probe_success{product="shop",endpoint="web"} == 1'
    for replica in replicas:
        binaries.wait_for(lambda r=replica: stackrun.query(r, healthy), 60, what="a probe")  # type: ignore[misc]
    health.status = 500
    firing = 'ALERTS{alertname="ProductDown",alertstate="firing"}'
    for replica in replicas:
        binaries.wait_for(
            lambda r=replica: stackrun.query(r, firing),  # type: ignore[misc]
            60,
            what="ProductDown firing on every replica",
        )
    binaries.wait_for(lambda: _bridged(receivers, "ProductDown"), 60, what="the notification")
    # Both Alertmanagers hold the alert from both replicas as one alert, without the replica.
    alerts = httpx.get(f"{am}/api/v2/alerts", timeout=10).json()
    (down,) = [a for a in alerts if a["labels"]["alertname"] == "ProductDown"]
    assert down["labels"]["cluster"] == CLUSTER
    assert "replica" not in down["labels"]
    # The second peer sends only if the first one's notification has not reached it by
    # gossip within its peer timeout: wait past it, then count.
    time.sleep(PEER_TIMEOUT + 5)
    notifications = _bridged(receivers, "ProductDown")
    assert len(notifications) == 1, [r.json()["alerts"] for r in notifications]
    sent = yaml.safe_dump(notifications[0].json()["commonLabels"])
    assert "replica" not in sent
