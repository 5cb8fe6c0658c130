"""The Kubernetes output: every manifest validates against the schema its API server applies,
and says what the single-machine stack says.

- Core kinds (ConfigMap, Deployment, Service) against the Kubernetes OpenAPI schemas of the
  oldest and newest supported releases, strictly (unknown fields are errors), with the
  kubernetes-validate package.
- Operator kinds (PrometheusRule, ServiceMonitor, Probe, AlertmanagerConfig) against the
  ``openAPIV3Schema`` of the Prometheus Operator's CRDs (``data/``, see its README), made
  strict the way ``kubectl apply --validate=strict`` is: a field the schema does not declare is
  an error unless the schema preserves unknown fields.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from generators import dashboards, kubernetes, pipeline, rules
from generators.kubernetes import manifests
from portfolio import conventions
from portfolio.catalog import incident_bridge
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio
from portfolio.sources import EXPORTERS

HERE = Path(__file__).resolve().parent
CRDS = json.loads((HERE / "data" / "prometheus-operator-crds.json").read_text())
KUBERNETES_VERSIONS = ("1.28.0", "1.37.0")
CORE_KINDS = {"ConfigMap", "Deployment", "Service"}
ROOT = HERE.parent.parent


def _strict(schema: Any) -> Any:
    """Close every object schema that lists its properties (as strict field validation does)."""
    if isinstance(schema, dict):
        out = {key: _strict(value) for key, value in schema.items()}
        if (
            "properties" in out
            and "additionalProperties" not in out
            and not out.get("x-kubernetes-preserve-unknown-fields")
        ):
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


def _operator_schema(api_version: str, kind: str) -> dict[str, Any]:
    schema = _strict(CRDS[f"{api_version}/{kind}"])
    # The API server validates metadata itself; the CRD schema leaves it open.
    schema["properties"]["metadata"] = {"type": "object"}
    schema["required"] = sorted({*schema.get("required", []), "apiVersion", "kind", "spec"})
    return dict(schema)


def resources(portfolio: Portfolio) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, items in kubernetes.resources(portfolio).items():
        for item in items:
            yield f"{name}: {item['kind']} {item['metadata']['name']}", item


@pytest.fixture(scope="module")
def example() -> Portfolio:
    return load_config(ROOT / "portfolio.yaml")


@pytest.fixture(scope="module")
def example_resources(example: Portfolio) -> list[tuple[str, dict[str, Any]]]:
    return list(resources(example))


def test_the_example_writes_every_kind(example_resources: list[tuple[str, Any]]) -> None:
    kinds = {resource["kind"] for _, resource in example_resources}
    assert kinds == {
        "PrometheusRule",
        "ServiceMonitor",
        "Probe",
        "AlertmanagerConfig",
        "ConfigMap",
        "Deployment",
        "Service",
        "ScrapeConfig",  # the example's driftguard has services
    }


def test_operator_resources_match_the_crd_schemas(
    example_resources: list[tuple[str, dict[str, Any]]],
) -> None:
    problems = []
    for where, resource in example_resources:
        if resource["kind"] in CORE_KINDS:
            continue
        schema = _operator_schema(resource["apiVersion"], resource["kind"])
        validator = jsonschema.Draft202012Validator(schema)
        problems += [
            f"{where}: {'.'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator.iter_errors(resource)
        ]
    assert problems == []


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_core_resources_match_the_kubernetes_schemas(
    example_resources: list[tuple[str, dict[str, Any]]], version: str
) -> None:
    problems = []
    for where, resource in example_resources:
        if resource["kind"] not in CORE_KINDS:
            continue
        try:
            kubernetes_validate.validate(resource, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            problems.append(f"{where}: {exc.message}")
    assert problems == []


def test_the_strict_crd_check_catches_an_unknown_field(example: Portfolio) -> None:
    probe = manifests.probes(example)[0]
    broken = {**probe, "spec": {**probe["spec"], "modul": "http_2xx"}}
    validator = jsonschema.Draft202012Validator(
        _operator_schema("monitoring.coreos.com/v1", "Probe")
    )
    assert [e.message for e in validator.iter_errors(broken)] == [
        "Additional properties are not allowed ('modul' was unexpected)"
    ]


def test_names_are_unique_per_kind_and_valid(
    example_resources: list[tuple[str, dict[str, Any]]],
) -> None:
    seen = set()
    for where, resource in example_resources:
        key = (resource["kind"], resource["metadata"]["name"])
        assert key not in seen, where
        seen.add(key)
        assert len(resource["metadata"]["name"]) <= 253, where


def test_ids_that_differ_only_in_punctuation_get_distinct_names() -> None:
    assert manifests._resource_name("a_b", "web") != manifests._resource_name("a-b", "web")
    assert manifests._resource_name("a-b", "c") != manifests._resource_name("a", "b-c")


def test_every_rule_file_is_one_prometheus_rule_with_its_groups(example: Portfolio) -> None:
    files = {
        path: yaml.safe_load(text)
        for path, text in rules.build(example).items()
        if path.endswith(".rules.yml")
    }
    rule_resources = manifests.prometheus_rules(example, files)
    assert [r["spec"]["groups"] for r in rule_resources] == [d["groups"] for d in files.values()]
    for resource in rule_resources:
        assert resource["metadata"]["labels"]["release"] == "kube-prometheus-stack"


def test_probes_keep_the_job_and_labels_the_rules_select_on(example: Portfolio) -> None:
    probed = {
        (probe["spec"]["targets"]["staticConfig"]["static"][0], probe["spec"]["module"])
        for probe in manifests.probes(example)
    }
    assert probed == {
        (endpoint.target, endpoint.module) for p in example.products for endpoint in p.endpoints
    }
    for probe in manifests.probes(example):
        assert probe["spec"]["jobName"] == conventions.JOB_BLACKBOX
        labels = probe["spec"]["targets"]["staticConfig"]["labels"]
        assert set(labels) == {
            conventions.PRODUCT,
            conventions.ENVIRONMENT,
            conventions.ENDPOINT,
            conventions.TEAM,
        }
        assert probe["spec"]["prober"]["url"] == "blackbox-exporter.monitoring.svc:9115"


def test_scrape_configs_scrape_the_services_with_the_jobs_and_labels_the_rules_read(
    example: Portfolio,
) -> None:
    configs = {c["metadata"]["name"]: c["spec"] for c in manifests.scrape_configs(example)}
    assert set(configs) == {
        "driftguard.production.api",
        "driftguard.production.api.node",
        "driftguard.production.scanner",
        "driftguard.staging.api",
    }
    api = configs["driftguard.production.api"]
    assert api["jobName"] == "app-prometheus"
    assert api["staticConfigs"] == [
        {
            "targets": ["driftguard-api-1:8000", "driftguard-api-2:8000"],
            "labels": {
                "product": "driftguard",
                "environment": "production",
                "team": "platform",
                "service": "api",
            },
        }
    ]
    assert api["metricRelabelings"][0]["targetLabel"] == "code"
    assert configs["driftguard.production.scanner"]["jobName"] == "app-opentelemetry"
    assert "metricRelabelings" not in configs["driftguard.production.scanner"]
    assert configs["driftguard.production.api.node"]["jobName"] == "node"


def test_service_monitors_select_the_exporter_services_by_their_labels(
    example: Portfolio,
) -> None:
    services = {
        r["metadata"]["name"]: r for r in manifests.exporters(example) if r["kind"] == "Service"
    }
    for monitor in manifests.service_monitors(example):
        service = services[monitor["metadata"]["name"]]  # the job label is the Service name
        jobs = {conventions.exporter_job(s) for s in EXPORTERS} | {conventions.JOB_INCIDENT_BRIDGE}
        assert monitor["metadata"]["name"] in jobs
        selector = monitor["spec"]["selector"]["matchLabels"]
        assert selector.items() <= service["metadata"]["labels"].items()
        assert monitor["spec"]["endpoints"][0]["port"] == service["spec"]["ports"][0]["name"]


def test_exporters_run_unprivileged_with_probes_and_limits(example: Portfolio) -> None:
    deployments = [r for r in manifests.exporters(example) if r["kind"] == "Deployment"]
    assert deployments
    for deployment in deployments:
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] != 0
        (container,) = pod["containers"]
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["capabilities"]["drop"] == ["ALL"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert {"requests", "limits"} <= container["resources"].keys()
        env = {e["name"]: e for e in container["env"]}
        processes = [*EXPORTERS.values(), incident_bridge.PROCESS]
        source = next(s for s in processes if s.service == deployment["metadata"]["name"])
        for secret in source.secret_variables():
            assert env[f"{secret}_FILE"]["value"].startswith(manifests.SECRETS_MOUNT)
            assert secret not in env
        # Secrets arrive as files of the mounted Secret, never as environment values.
        assert all("valueFrom" not in variable for variable in env.values())


def test_receivers_reference_secret_keys_and_carry_no_secret(example: Portfolio) -> None:
    configs = manifests.alertmanager_configs(example)
    text = json.dumps(configs)
    refs = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if set(node) == {"name", "key"}:
                refs.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk([c["spec"]["receivers"] for c in configs])
    assert refs, "no secret reference"
    files = {
        Path(path).name
        for team in example.teams
        for path in (team.slack_api_url_file, team.pagerduty_routing_key_file)
        if path
    }
    assert {ref["key"] for ref in refs} >= files
    assert {ref["name"] for ref in refs} == {manifests.ALERTMANAGER_SECRET}
    assert "hooks.slack.com" not in text and "_file" not in text


def test_each_team_routes_by_severity_as_in_alertmanager_yml(example: Portfolio) -> None:
    for config, team in zip(manifests.alertmanager_configs(example), example.teams, strict=True):
        route = config["spec"]["route"]
        assert route["matchers"] == [{"name": "team", "value": team.id, "matchType": "="}]
        assert [child["receiver"] for child in route["routes"]] == [
            conventions.receiver(team.id, severity) for severity in conventions.SEVERITIES
        ]
        assert len(config["spec"]["inhibitRules"]) == 3


def test_dashboards_are_configmaps_for_the_grafana_sidecar(example: Portfolio) -> None:
    documents = dashboards.documents(example)
    maps = manifests.dashboard_configmaps(example, documents)
    assert len(maps) == len(documents)
    for configmap in maps:
        assert configmap["metadata"]["labels"]["grafana_dashboard"] == "1"
        ((name, text),) = configmap["data"].items()
        assert json.loads(text) == documents[f"dashboards/{name}"]


def test_without_a_kubernetes_section_nothing_is_written(example: Portfolio) -> None:
    plain = dataclasses.replace(example, kubernetes=None)
    assert kubernetes.build(plain) == {}
    assert not any(path.startswith("kubernetes/") for path in pipeline.build_all(plain))


def test_the_kustomization_lists_every_file(example: Portfolio) -> None:
    files = kubernetes.build(example)
    kustomization = yaml.safe_load(files["kubernetes/kustomization.yaml"])
    assert sorted(f"kubernetes/{name}" for name in kustomization["resources"]) == sorted(
        set(files) - {"kubernetes/kustomization.yaml"}
    )
    assert kustomization["namespace"] == "monitoring"


def test_the_committed_manifests_are_what_generate_writes(example: Portfolio) -> None:
    for path, text in kubernetes.build(example).items():
        assert (ROOT / path).read_text() == text, f"{path} is stale (make generate)"
