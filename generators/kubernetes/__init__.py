"""Stage ``kubernetes``: the stack as Prometheus Operator and Kubernetes resources.

Written to ``kubernetes/`` only when ``portfolio.yaml`` has a ``kubernetes:`` section; apply
it with ``kubectl apply -k kubernetes/`` next to kube-prometheus (see ``manifests``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generators import dashboards, rules
from generators.artifacts import ArtifactKind, Outputs
from generators.kubernetes import manifests
from generators.output.render import from_yaml, to_yaml, to_yaml_stream
from portfolio import conventions
from portfolio.config.model import Portfolio

DIRECTORY = "kubernetes"


def _rule_documents(portfolio: Portfolio) -> Mapping[str, Any]:
    """The rule files as documents (the rules stage's own output, read back)."""
    return {
        path: from_yaml(text)
        for path, text in sorted(rules.build(portfolio).items())
        if path.startswith(f"{conventions.RULES_DIR}/")
    }


def resources(portfolio: Portfolio) -> dict[str, list[dict[str, Any]]]:
    """``{file name: resources}`` of the manifests."""
    files = {
        "rules.yaml": manifests.prometheus_rules(portfolio, _rule_documents(portfolio)),
        "service-monitors.yaml": manifests.service_monitors(portfolio),
        "probes.yaml": manifests.probes(portfolio),
        "blackbox-config.yaml": [manifests.blackbox_config(portfolio)],
        "alertmanager-configs.yaml": manifests.alertmanager_configs(portfolio),
        "dashboards.yaml": manifests.dashboard_configmaps(
            portfolio, dashboards.documents(portfolio)
        ),
        "exporters.yaml": manifests.exporters(portfolio),
        "scrape-configs.yaml": manifests.scrape_configs(portfolio),  # the products' services
    }
    return {name: items for name, items in files.items() if items}


def build(portfolio: Portfolio) -> Outputs:
    if portfolio.kubernetes is None:
        return {}
    files = resources(portfolio)
    out = {
        f"{DIRECTORY}/{name}": to_yaml_stream(items, portfolio.source)
        for name, items in files.items()
    }
    kustomization = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": portfolio.kubernetes.namespace,
        "resources": sorted(files),
    }
    out[f"{DIRECTORY}/kustomization.yaml"] = to_yaml(kustomization, portfolio.source)
    return out


ARTIFACT = ArtifactKind(
    name="kubernetes",
    summary="Prometheus Operator and Kubernetes manifests (kubernetes/, with a kubernetes: section)",
    build=build,
)
