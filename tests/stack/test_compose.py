"""The generated docker-compose.yml, checked without Docker.

- It validates against the official Compose Specification JSON Schema (tests/stack/data).
- Every ``stack.addresses`` component in use has a service of that name listening on that
  port, so the generated prometheus.yml and Grafana datasources reach it.
- Prometheus finds its rule files through the mounts, Grafana its provisioning and dashboards.
- Every bind-mounted host path exists in the repository; secrets are git-ignored files.
- Images are pinned; no secret value is in the file; the exporters image is built from the
  Dockerfile with pinned requirements and a non-root user.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from exporters.cloudflare.settings import CloudflareSettings
from exporters.github.settings import GitHubSettings
from exporters.plausible.settings import PlausibleSettings
from exporters.posthog.settings import PosthogSettings
from exporters.toolkit.settings import help_lines
from generators.output.render import to_yaml
from generators.stack import compose, grafana
from portfolio import demo as demo_wiring
from portfolio import sources
from portfolio.config.loader import parse_config
from portfolio.config.model import DEFAULT_ADDRESSES, Portfolio
from portfolio.sources import NAMES as SOURCES

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).resolve().parent / "data" / "compose-spec.json"
# Settings class of each exporter with an image entry.
SETTINGS: dict[str, type[Any]] = {
    "cloudflare": CloudflareSettings,
    "github": GitHubSettings,
    "plausible": PlausibleSettings,
    "posthog": PosthogSettings,
}
SECRET_WORDS = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL", re.IGNORECASE)


def _main(services: dict[str, Any]) -> dict[str, Any]:
    """The services ``docker compose up`` starts (the demo profile's left out)."""
    return {name: service for name, service in services.items() if "profiles" not in service}


def document(portfolio: Portfolio) -> dict[str, Any]:
    text = to_yaml(compose.build(portfolio), portfolio.source)
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@pytest.fixture(scope="module")
def example(example_portfolio: Portfolio) -> dict[str, Any]:
    return document(example_portfolio)


def bind_mounts(service: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(host, container, mode) of each bind mount (short syntax, host path starting ``./``)."""
    out = []
    for volume in service.get("volumes", []):
        parts = volume.split(":")
        if parts[0].startswith("./"):
            out.append((parts[0][2:], parts[1], parts[2] if len(parts) > 2 else "rw"))
    return out


def test_the_committed_compose_file_is_what_the_generator_writes(
    example_portfolio: Portfolio,
) -> None:
    committed = (ROOT / compose.COMPOSE_FILE).read_text()
    assert committed == to_yaml(compose.build(example_portfolio), example_portfolio.source)
    assert committed.startswith("# Generated from portfolio.yaml by `make generate`. Do not edit")


def test_the_compose_file_validates_against_the_compose_specification(
    example: dict[str, Any],
) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = [
        f"{'.'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in jsonschema.Draft7Validator(schema).iter_errors(example)
    ]
    assert errors == []


def test_the_schema_rejects_what_compose_would_reject(example: dict[str, Any]) -> None:
    # The schema is strict enough to matter: an unknown service key is an error.
    schema = json.loads(SCHEMA.read_text())
    broken = json.loads(json.dumps(example))
    broken["services"]["prometheus"]["volume"] = []
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)


def test_every_address_in_use_has_a_service_of_that_name_on_that_port(
    example_portfolio: Portfolio, example: dict[str, Any]
) -> None:
    services = example["services"]
    wanted = ["prometheus", "alertmanager", "blackbox"]
    wanted += ["pushgateway"] if example_portfolio.stack.pushgateway else []
    wanted += [f"{s}_exporter" for s in example_portfolio.sources_in_use() if s in SETTINGS]
    wanted += ["incident_bridge"]  # incidents.url names the service incident-bridge
    wanted += ["node_exporter"]  # products.driftguard.services names node-exporter:9100
    assert compose.components(example_portfolio) == wanted
    for component in wanted:
        host, port = example_portfolio.stack.addresses[component].rsplit(":", 1)
        assert host in services, component
        service = services[host]
        assert f"127.0.0.1:{port}:{port}" in service["ports"]
        listens = [a for a in service.get("command", []) if a == f"--web.listen-address=:{port}"]
        env = service.get("environment", {})
        assert listens or port in env.values(), f"{host} does not listen on {port}"
    hosts = {example_portfolio.stack.addresses[c].split(":")[0] for c in wanted}
    main = {name for name, service in services.items() if "profiles" not in service}
    assert main == hosts | {"grafana"}


def test_exporters_with_a_package_are_exactly_those_with_an_image_entry() -> None:
    # When a new exporters/<source> lands, this fails until its descriptor names the module.
    packages = {s for s in SOURCES if (ROOT / "exporters" / s / "__main__.py").exists()}
    assert set(sources.EXPORTERS) == packages
    for source, spec in sources.EXPORTERS.items():
        assert spec.exporter == f"exporters.{source}"


def test_sources_without_an_exporter_get_no_service_yet(example_portfolio: Portfolio) -> None:
    in_use = set(example_portfolio.sources_in_use())
    assert {"cloudflare", "plausible", "posthog"} & in_use, "the example uses planned sources"
    services = document(example_portfolio)["services"]
    for source in in_use - set(sources.EXPORTERS):
        assert f"{source}-exporter" not in services


@pytest.mark.parametrize("source", sorted(sources.EXPORTERS))
def test_exporter_services_are_configured_through_real_settings(
    example: dict[str, Any], example_portfolio: Portfolio, source: str
) -> None:
    spec = sources.EXPORTERS[source]
    settings = SETTINGS[source]
    variables = {line.split(":")[0].split(" ")[0] for line in help_lines(settings, spec.env_prefix)}
    host, port = example_portfolio.stack.addresses[f"{source}_exporter"].rsplit(":", 1)
    service = example["services"][host]
    for name in service["environment"]:
        base = name.removesuffix("_FILE")
        assert base in variables, f"{name} is not a setting of {settings.__name__}"
    secret_fields = {
        f.name for f in settings.__dataclass_fields__.values() if f.metadata.get("secret")
    }
    assert set(spec.secrets) <= secret_fields
    # The image's default port is the default address's port.
    assert settings.__dataclass_fields__["listen_port"].default == int(
        DEFAULT_ADDRESSES[f"{source}_exporter"].rsplit(":", 1)[1]
    )
    assert service["environment"][f"{spec.env_prefix}LISTEN_PORT"] == port
    assert service["command"] == [spec.exporter]
    assert service["build"] == {"context": "."}
    config = service["environment"][f"{spec.env_prefix}CONFIG"]
    assert (example_portfolio.source, config, "ro") in bind_mounts(service)


def test_prometheus_finds_its_rule_files_through_the_mounts(example: dict[str, Any]) -> None:
    service = example["services"]["prometheus"]
    assert "--web.enable-lifecycle" in service["command"]
    config = next(a.split("=", 1)[1] for a in service["command"] if a.startswith("--config.file="))
    mounts = {container: host for host, container, _ in bind_mounts(service)}
    assert mounts[posixpath.dirname(config)] == "stack/prometheus"
    prometheus_yml = yaml.safe_load((ROOT / "stack/prometheus/prometheus.yml").read_text())
    for pattern in prometheus_yml["rule_files"]:
        in_container = posixpath.normpath(posixpath.join(posixpath.dirname(config), pattern))
        mount = next((m for m in mounts if in_container.startswith(m + "/")), None)
        assert mount is not None, f"{pattern} -> {in_container} is not mounted"
        on_host = ROOT / mounts[mount] / posixpath.relpath(in_container, mount)
        assert list(on_host.parent.glob(on_host.name)), f"{pattern} matches no file in the repo"


def test_grafana_gets_its_provisioning_and_the_dashboards_where_the_provider_looks(
    example: dict[str, Any],
) -> None:
    service = example["services"]["grafana"]
    mounts = {container: host for host, container, _ in bind_mounts(service)}
    provider = yaml.safe_load(
        (ROOT / "stack/grafana/provisioning/dashboards/portfolio.yml").read_text()
    )
    path = provider["providers"][0]["options"]["path"]
    assert path == grafana.DASHBOARDS_PATH
    assert mounts[path] == "dashboards"
    assert mounts["/etc/grafana/provisioning/datasources"] == (
        "stack/grafana/provisioning/datasources"
    )
    assert mounts["/etc/grafana/provisioning/dashboards"] == "stack/grafana/provisioning/dashboards"
    assert set(service["depends_on"]) == {"prometheus", "alertmanager"}


def test_alertmanager_reads_its_secrets_from_a_mounted_secrets_dir(
    example: dict[str, Any], example_portfolio: Portfolio
) -> None:
    mounts = bind_mounts(example["services"]["alertmanager"])
    assert ("secrets/alertmanager", example_portfolio.stack.secrets_dir, "ro") in mounts


def test_every_bind_mounted_host_path_exists_in_the_repository(example: dict[str, Any]) -> None:
    for name, service in example["services"].items():
        for host, _, mode in bind_mounts(service):
            assert (ROOT / host).exists(), f"{name}: ./{host} does not exist"
            assert mode == "ro", f"{name}: ./{host} is mounted writable"


def test_secret_files_live_in_the_git_ignored_secrets_folder(example: dict[str, Any]) -> None:
    files = [s["file"].removeprefix("./") for s in example["secrets"].values()]
    assert files and all(f.startswith("secrets/") for f in files)
    for name, service in example["services"].items():
        for secret in service.get("secrets", []):
            assert secret in example["secrets"], name
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("git not available")
    probe = [*files, "secrets/alertmanager/slack-ops.url"]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert sorted(ignored) == sorted(probe)


def test_no_secret_value_is_in_the_file(example: dict[str, Any]) -> None:
    for name, service in example["services"].items():
        for key, value in service.get("environment", {}).items():
            if compose.DEMO_PROFILE in service.get("profiles", []) and not key.endswith("_FILE"):
                # The demo's twins carry the demo-only tokens the fakes accept, nothing else.
                if SECRET_WORDS.search(key):
                    assert value in demo_wiring.DEMO_TOKENS.values(), f"{name}: {key}"
                continue
            if SECRET_WORDS.search(key):
                assert key.endswith("_FILE"), f"{name}: {key} carries a value"
                assert str(value).startswith("/run/secrets/"), f"{name}: {key}={value}"
    text = (ROOT / compose.COMPOSE_FILE).read_text()
    assert not re.search(r"gh[pousr]_[A-Za-z0-9]{20,}|hooks\.slack\.com|xox[abp]-", text)


def test_images_are_pinned_to_explicit_releases(example: dict[str, Any]) -> None:
    for name, service in example["services"].items():
        image = service["image"]
        repository, _, tag = image.rpartition(":")
        assert repository and re.fullmatch(r"v?\d+\.\d+\.\d+", tag), f"{name}: {image}"
    upstream = {s["image"].rpartition(":")[0] for s in example["services"].values()}
    assert {
        "prom/prometheus",
        "prom/alertmanager",
        "prom/blackbox-exporter",
        "grafana/grafana",
    } <= (upstream)


def test_every_service_has_a_healthcheck_and_a_restart_policy(example: dict[str, Any]) -> None:
    for name, service in example["services"].items():
        check = service["healthcheck"]
        assert check["test"][0] == "CMD", name
        assert {"interval", "timeout", "retries", "start_period"} <= set(check), name
        assert service["restart"] == "unless-stopped", name
        port = service["ports"][0].rsplit(":", 1)[1]
        assert f":{port}/" in check["test"][-1], f"{name} checks another port"


def test_every_service_runs_unprivileged_on_a_read_only_root_filesystem(
    example: dict[str, Any],
) -> None:
    with_pushgateway = document(custom("stack:\n  pushgateway: true\n", module="icmp"))
    for compose_file in (example, with_pushgateway):
        for name, service in compose_file["services"].items():
            user, _, group = str(service["user"]).partition(":")
            assert user.isdigit() and int(user) != 0, (name, service["user"])
            assert group.isdigit(), (name, service["user"])
            assert service["read_only"] is True, name
            assert service["cap_drop"] == ["ALL"], name
            assert "cap_add" not in service, name
            assert "no-new-privileges:true" in service["security_opt"], name
            assert not service.get("privileged"), name
    assert "pushgateway" in with_pushgateway["services"]


def test_what_a_service_writes_is_a_volume_or_a_tmpfs(example: dict[str, Any]) -> None:
    """With a read-only root, each process needs its data directory writable."""
    writable = {
        "prometheus": "/prometheus",
        "alertmanager": "/alertmanager",
        "grafana": "/var/lib/grafana",
    }
    for name, path in writable.items():
        volumes = example["services"][name]["volumes"]
        assert any(v.endswith(f":{path}") and not v.startswith(".") for v in volumes), name
    assert "/tmp" in example["services"]["grafana"]["tmpfs"]
    assert "/var/log/grafana" in example["services"]["grafana"]["tmpfs"]


def test_the_stack_publishes_its_ports_on_loopback_only(example: dict[str, Any]) -> None:
    for name, service in example["services"].items():
        assert all(p.startswith("127.0.0.1:") for p in service["ports"]), name


BASE = """
version: 1
portfolio:
  name: T
  team: ops
  grafana_url: http://localhost:3000
  runbook_url: https://runbooks.example/{{product}}/{{alert}}
{stack}
teams:
  ops:
    name: Ops
    slack: {{channel: "#ops"}}
products:
  shop:
    name: Shop
    team: ops
    sources:
      github: {{repos: [example/shop]}}
    health_endpoints:
      - {{name: web, url: "https://shop.example/health", module: {module}}}
"""


def custom(stack_yaml: str = "", module: str = "http_2xx") -> Portfolio:
    return parse_config(BASE.format(stack=stack_yaml, module=module), "custom.yaml")


def test_custom_service_names_and_ports_follow_the_addresses() -> None:
    portfolio = custom(
        "stack:\n  addresses:\n    prometheus: prom:19090\n    github_exporter: gh:19101\n"
    )
    services = document(portfolio)["services"]
    assert set(_main(services)) == {"prom", "alertmanager", "blackbox", "grafana", "gh"}
    assert services["gh-demo"]["networks"] == {"default": {"aliases": ["gh"]}}
    assert "--web.listen-address=:19090" in services["prom"]["command"]
    assert services["gh"]["environment"]["GITHUB_LISTEN_PORT"] == "19101"
    assert services["grafana"]["depends_on"].keys() == {"prom", "alertmanager"}
    assert services["gh"]["volumes"] == ["./custom.yaml:/portfolio/custom.yaml:ro"]


def test_addresses_that_cannot_name_a_service_keep_the_default_name() -> None:
    portfolio = custom(
        "stack:\n  addresses:\n    alertmanager: 127.0.0.1:19093\n    blackbox: localhost:19115\n"
        "    prometheus: grafana:9090\n"
    )
    services = document(portfolio)["services"]
    main = _main(services)
    assert set(main) == {"prometheus", "alertmanager", "blackbox", "grafana", "github-exporter"}
    assert "--web.listen-address=:19093" in services["alertmanager"]["command"]


def test_icmp_probes_get_unprivileged_ping_sockets_only_when_used() -> None:
    assert "sysctls" not in document(custom())["services"]["blackbox"]
    blackbox = document(custom(module="icmp"))["services"]["blackbox"]
    assert blackbox["sysctls"] == {"net.ipv4.ping_group_range": "0 2147483647"}


def test_prometheus_keeps_the_longest_slo_period() -> None:
    command = document(custom())["services"]["prometheus"]["command"]
    assert "--storage.tsdb.retention.time=5w" in command  # 35 days


def test_the_exporters_image_is_pinned_and_runs_as_a_non_root_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    instructions = [
        line.strip() for line in dockerfile.splitlines() if line.strip() and line[0] != "#"
    ]
    assert instructions[0] == "FROM python:3.11-slim"
    assert any(
        i.startswith("RUN pip install")
        and "-r requirements-exporters.txt" in i
        and "-c constraints.txt" in i
        for i in instructions
    )
    user = next(i for i in instructions if i.startswith("USER "))
    assert user.split()[1].split(":")[0] not in ("0", "root")
    assert instructions.index(user) > max(
        n for n, i in enumerate(instructions) if i.startswith(("RUN", "COPY"))
    )


def _names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[=<>!~\[ ]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def test_every_exporter_requirement_is_pinned_by_the_constraints() -> None:
    required = _names(ROOT / "requirements-exporters.txt")
    pins = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line
    }
    assert required and required <= pins
    assert required <= _names(ROOT / "requirements.txt")


def test_the_exporters_need_only_what_the_image_installs() -> None:
    # A fresh interpreter imports every exporter entry point: none of the generator-only
    # dependencies (left out of the image) may be loaded.
    entry_points = [f"{spec.exporter}.__main__" for spec in sources.EXPORTERS.values()]
    code = (
        "import importlib, json, sys\n"
        f"for name in {entry_points!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(proc.stdout))
    generator_only = {"grafanalib", "_jsonnet", "promql_parser", "jsonschema", "attr"}
    assert loaded & generator_only == set()


def test_the_build_context_leaves_out_everything_but_the_code() -> None:
    rules = [
        line
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert rules[0] == "*"
    included = {r.removeprefix("!").rstrip("/") for r in rules if r.startswith("!")}
    assert included == {
        "Dockerfile",
        "requirements-exporters.txt",
        "constraints.txt",
        "portfolio",
        "exporters",
        "fakes",
    }


def _demo(example: dict[str, Any]) -> dict[str, Any]:
    return {
        name: service
        for name, service in example["services"].items()
        if compose.DEMO_PROFILE in service.get("profiles", [])
    }


def test_the_demo_profile_twins_every_service_that_needs_an_account(
    example: dict[str, Any],
) -> None:
    """Each service reading a secret has a ``-demo`` twin in the demo profile: no secrets,
    the same command and port, answering under the real name, so the generated Prometheus
    and Grafana config reach it; the fakes serve on their ports."""
    services = example["services"]
    demo = _demo(example)
    needing = sorted(name for name, s in services.items() if s.get("secrets"))
    assert needing == sorted(
        [
            "github-exporter",
            "cloudflare-exporter",
            "plausible-exporter",
            "posthog-exporter",
            "incident-bridge",
            "grafana",
        ]
    )
    assert sorted(demo) == sorted([f"{n}{compose.DEMO_SUFFIX}" for n in needing] + ["fakes"])
    for name in needing:
        twin = demo[name + compose.DEMO_SUFFIX]
        real = services[name]
        assert "secrets" not in twin
        assert twin["networks"] == {"default": {"aliases": [name]}}
        assert twin.get("command") == real.get("command") and twin["ports"] == real["ports"]
        assert not [k for k in twin["environment"] if k.endswith("_FILE")], name
    fakes = demo[demo_wiring.FAKES_SERVICE]
    assert fakes["command"][0] == "fakes"
    # It stands for the products' own services (products.driftguard.services) by name too.
    aliases = [
        "driftguard-api-1",
        "driftguard-api-2",
        "driftguard-api-staging",
        "driftguard-scanner",
    ]
    assert fakes["networks"] == {"default": {"aliases": aliases}}
    assert fakes["ports"] == [f"127.0.0.1:{p}:{p}" for p in demo_wiring.FAKE_PORTS.values()]
    # What the demo starts: no service that needs an account, every twin and the fakes.
    started = compose.demo_command(services)
    assert not set(needing) & set(started)
    assert set(demo) <= set(started)


@pytest.mark.parametrize("source", sorted(sources.EXPORTERS))
def test_the_demo_exporters_read_their_fake_with_a_demo_token_through_real_settings(
    example: dict[str, Any], example_portfolio: Portfolio, source: str
) -> None:
    spec = sources.EXPORTERS[source]
    host = example_portfolio.stack.addresses[spec.component].rsplit(":", 1)[0]
    twin = example["services"][host + compose.DEMO_SUFFIX]
    variables = {
        line.split(":")[0].split(" ")[0] for line in help_lines(SETTINGS[source], spec.env_prefix)
    }
    environment = twin["environment"]
    assert set(environment) <= variables
    url, token = demo_wiring.SETTINGS[source]
    port = demo_wiring.FAKE_PORTS[source]
    assert environment[url] == f"http://{demo_wiring.FAKES_SERVICE}:{port}"
    assert environment[token] == demo_wiring.DEMO_TOKENS[source]
    assert twin["depends_on"] == {"fakes": {"condition": "service_healthy"}}
