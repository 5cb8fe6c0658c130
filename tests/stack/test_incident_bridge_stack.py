"""The incident bridge as a process of the stack: Compose, Kubernetes, prometheus.yml and
``make stack`` run it when ``incidents.url`` names a host of the stack, from the same
descriptor (``portfolio.catalog.incident_bridge.PROCESS``), and Alertmanager's webhook follows
wherever it is moved. Its settings are the bridge's real settings class."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from exporters.incident_bridge.settings import PREFIX, BridgeSettings
from exporters.toolkit.settings import help_lines
from generators.alerting import alertmanager
from generators.kubernetes import manifests
from generators.output.render import to_yaml
from generators.rules import products
from generators.stack import compose, prometheus
from portfolio import conventions
from portfolio.catalog import incident_bridge
from portfolio.config.loader import parse_config
from portfolio.config.model import Portfolio
from stack_runner import supervisor

CONFIG = """
version: 1
portfolio:
  name: T
  team: ops
  grafana_url: http://localhost:3000
  runbook_url: https://runbooks.example/{{product}}/{{alert}}
incidents:
  url: {url}
  repo: example/incidents
{kubernetes}
teams:
  ops:
    name: Ops
    slack: {{channel: "#ops"}}
products:
  shop:
    name: Shop
    team: ops
    health_endpoints:
      - {{name: web, url: "https://shop.example/health"}}
"""
KUBERNETES = "kubernetes: {namespace: monitoring, labels: {release: kube-prometheus}}"


def portfolio(url: str, kubernetes: str = "") -> Portfolio:
    return parse_config(CONFIG.format(url=url, kubernetes=kubernetes), "bridge.yaml")


def webhook_urls(model: Portfolio) -> set[str]:
    config = alertmanager.build(model)
    return {hook["url"] for r in config["receivers"] for hook in r.get("webhook_configs", [])}


def scrape_targets(model: Portfolio) -> dict[str, list[str]]:
    return {
        job["job_name"]: [t for c in job["static_configs"] for t in c["targets"]]
        for job in prometheus.config(model)["scrape_configs"]
        if "static_configs" in job and job["job_name"] != conventions.JOB_BLACKBOX
    }


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://incident-bridge:9099/alerts", "incident-bridge:9099"),
        ("http://bridge/alerts", "bridge:80"),
        ("http://localhost:19099/alerts", "127.0.0.1:19099"),
        ("http://127.0.0.1:19099/alerts", "127.0.0.1:19099"),
        ("https://bridge.example.com/alerts", None),  # a domain: someone else runs it
        ("http://10.1.2.3:9099/alerts", None),  # another machine
    ],
)
def test_the_stack_runs_the_bridge_only_when_the_url_names_a_host_of_the_stack(
    url: str, address: str | None
) -> None:
    model = portfolio(url)
    assert model.incidents is not None and model.incidents.stack_address == address
    assert model.stack.addresses.get(incident_bridge.COMPONENT) == address
    assert webhook_urls(model) == {url}  # where it was not moved, as written
    services = compose.build(model)["services"]
    jobs = scrape_targets(model)
    if address is None:
        assert incident_bridge.SERVICE not in services
        assert conventions.JOB_INCIDENT_BRIDGE not in jobs
    else:
        assert jobs[conventions.JOB_INCIDENT_BRIDGE] == [address]


def test_the_compose_service_runs_the_bridge_with_its_real_settings() -> None:
    model = portfolio("http://incident-bridge:9099/alerts")
    document: dict[str, Any] = yaml.safe_load(to_yaml(compose.build(model), model.source))
    service = document["services"]["incident-bridge"]
    assert service["command"] == ["exporters.incident_bridge"]
    assert service["image"] == compose.EXPORTER_IMAGE
    assert service["user"] == compose.SERVICE_USERS["exporter"]
    variables = {line.split(":")[0].split(" ")[0] for line in help_lines(BridgeSettings, PREFIX)}
    for name in service["environment"]:
        assert name.removesuffix("_FILE") in variables, name
    assert service["environment"][f"{PREFIX}LISTEN_PORT"] == "9099"
    assert "127.0.0.1:9099:9099" in service["ports"]
    assert incident_bridge.PROCESS.env_prefix == PREFIX
    assert set(incident_bridge.PROCESS.secrets) == {
        f.name for f in BridgeSettings.__dataclass_fields__.values() if f.metadata.get("secret")
    }
    # The bearer token is the very file Alertmanager sends from: the credentials_file under
    # stack.secrets_dir is secrets/alertmanager/<name> on the host.
    token_secret = service["environment"][f"{PREFIX}TOKEN_FILE"].removeprefix("/run/secrets/")
    assert document["secrets"][token_secret] == {
        "file": "./secrets/alertmanager/incident-bridge.token"
    }
    assert model.incidents is not None
    assert model.incidents.credentials_file == f"{model.stack.secrets_dir}/incident-bridge.token"
    github_secret = service["environment"][f"{PREFIX}GITHUB_TOKEN_FILE"].removeprefix(
        "/run/secrets/"
    )
    assert document["secrets"][github_secret] == {"file": "./secrets/incident-bridge.github-token"}


def test_stack_component_down_covers_the_bridge_when_the_stack_runs_it() -> None:
    def component_expr(model: Portfolio) -> str:
        (alert,) = [
            a
            for a in products.monitoring_alerts(model)
            if a.name == conventions.ALERT_STACK_COMPONENT_DOWN
        ]
        return alert.expr

    assert conventions.JOB_INCIDENT_BRIDGE in component_expr(
        portfolio("http://incident-bridge:9099/alerts")
    )
    assert conventions.JOB_INCIDENT_BRIDGE not in component_expr(
        portfolio("https://bridge.example.com/alerts")
    )


def test_kubernetes_runs_the_bridge_with_the_receivers_token_and_its_own_github_token() -> None:
    model = portfolio("http://incident-bridge:9099/alerts", KUBERNETES)
    resources = manifests.exporters(model)
    (deployment,) = [
        r
        for r in resources
        if r["kind"] == "Deployment" and r["metadata"]["name"] == "incident-bridge"
    ]
    (service,) = [
        r
        for r in resources
        if r["kind"] == "Service" and r["metadata"]["name"] == "incident-bridge"
    ]
    # The Service answers where incidents.url points: http://incident-bridge:9099.
    assert service["spec"]["ports"][0]["port"] == 9099
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["args"] == ["exporters.incident_bridge"]
    env = {e["name"]: e["value"] for e in container["env"]}
    mount = next(m["mountPath"] for m in container["volumeMounts"] if m["name"] == "secrets")
    assert env[f"{PREFIX}TOKEN_FILE"] == f"{mount}/token"
    assert env[f"{PREFIX}GITHUB_TOKEN_FILE"] == f"{mount}/github_token"
    (volume,) = [v for v in pod["volumes"] if v["name"] == "secrets"]
    projected = [s["secret"] for s in volume["projected"]["sources"]]
    # The token is the receivers' key that the AlertmanagerConfig's webhook sends.
    receivers = manifests.alertmanager_configs(model)
    webhook_keys = {
        hook["httpConfig"]["authorization"]["credentials"]["key"]
        for config in receivers
        for receiver in config["spec"]["receivers"]
        for hook in receiver.get("webhookConfigs", [])
    }
    assert projected[0] == {
        "name": manifests.ALERTMANAGER_SECRET,
        "items": [{"key": next(iter(webhook_keys)), "path": "token"}],
    }
    assert webhook_keys == {"incident-bridge.token"}
    assert projected[1] == {
        "name": "incident-bridge-secrets",
        "items": [{"key": "github_token", "path": "github_token"}],
    }
    monitors = manifests.service_monitors(model)
    assert "incident-bridge" in {m["metadata"]["name"] for m in monitors}


def test_make_stack_moves_the_bridge_to_loopback_and_alertmanager_follows(tmp_path: Path) -> None:
    model = portfolio("http://incident-bridge:9099/alerts")
    local = supervisor.localhost(model, {incident_bridge.COMPONENT: 19099}, None)
    assert local.stack.addresses[incident_bridge.COMPONENT] == "127.0.0.1:19099"
    assert webhook_urls(local) == {"http://127.0.0.1:19099/alerts"}
    assert scrape_targets(local)[conventions.JOB_INCIDENT_BRIDGE] == ["127.0.0.1:19099"]
    assert supervisor.compose_job(incident_bridge.COMPONENT) == conventions.JOB_INCIDENT_BRIDGE


def test_make_stack_starts_the_bridge_only_with_its_github_token(tmp_path: Path) -> None:
    model = portfolio("http://incident-bridge:9099/alerts")
    assert model.incidents is not None
    assert supervisor.missing_secrets(incident_bridge.PROCESS, {}) == [
        f"{PREFIX}TOKEN",
        f"{PREFIX}GITHUB_TOKEN",
    ]
    # The bearer token defaults to Alertmanager's credentials_file when that file exists.
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "incident-bridge.token").write_text("t0ken\n")
    local = parse_config(
        CONFIG.format(url="http://incident-bridge:9099/alerts", kubernetes="")
        + f"stack: {{secrets_dir: {secrets}}}\n",
        "bridge.yaml",
    )
    env = supervisor.bridge_env(local, {f"{PREFIX}GITHUB_TOKEN_FILE": "/run/gh"})
    assert env[f"{PREFIX}TOKEN_FILE"] == str(secrets / "incident-bridge.token")
    assert supervisor.missing_secrets(incident_bridge.PROCESS, env) == []
    # An explicit token wins; without the file nothing is made up.
    given = {f"{PREFIX}TOKEN": "other"}
    assert f"{PREFIX}TOKEN_FILE" not in supervisor.bridge_env(local, given)
    assert f"{PREFIX}TOKEN_FILE" not in supervisor.bridge_env(model, {})
    child = supervisor.exporter_env(
        incident_bridge.PROCESS, Path("p.yaml"), 19099, {**env, "GITHUB_TOKEN": "exporter's"}
    )
    assert "GITHUB_TOKEN" not in child  # another process's secret never reaches it
    assert child[f"{PREFIX}LISTEN_PORT"] == "19099"
    assert child[f"{PREFIX}LISTEN_HOST"] == "127.0.0.1"


def test_pages_go_to_the_configured_pagerduty_endpoint_on_one_machine_and_in_kubernetes() -> None:
    eu = "https://events.eu.pagerduty.com/v2/enqueue"
    text = CONFIG.format(url="http://incident-bridge:9099/alerts", kubernetes=KUBERNETES)
    text = text.replace(
        "teams:\n  ops:\n    name: Ops\n",
        f"alerting: {{pagerduty_url: '{eu}'}}\nteams:\n  ops:\n    name: Ops\n    pagerduty: {{service: ops}}\n",
    )
    model = parse_config(text, "eu.yaml")
    assert alertmanager.build(model)["global"]["pagerduty_url"] == eu
    configs = manifests.alertmanager_configs(model)
    urls = {
        pagerduty["url"]
        for config in configs
        for receiver in config["spec"]["receivers"]
        for pagerduty in receiver.get("pagerdutyConfigs", [])
    }
    assert urls == {eu}
    assert (
        "pagerduty_url"
        not in alertmanager.build(portfolio("http://incident-bridge:9099/alerts"))["global"]
    )
