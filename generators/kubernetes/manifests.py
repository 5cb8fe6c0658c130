"""Kubernetes manifests for the Prometheus Operator (kube-prometheus), from the model. Pure.

The same artifacts as the single-machine stack, as the operator's resources: every rule file
as a ``PrometheusRule``, each exporter as a ``Deployment`` + ``Service`` scraped through a
``ServiceMonitor``, every health endpoint as a ``Probe`` through blackbox_exporter, each team's
routing as an ``AlertmanagerConfig`` and each dashboard as a ``ConfigMap`` for the Grafana
sidecar. Scrape jobs keep the names the rules and dashboards select on (``blackbox``,
``<source>-exporter``). Secrets are ``Secret`` key references, never values: the keys are the
file names of the single-machine stack (``slack-<team>.url``, ...), so one
``kubectl create secret generic --from-file`` of the same folder provides them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from generators.alerting import alertmanager
from generators.output.render import to_yaml
from generators.stack import blackbox
from generators.stack import services as app_services
from portfolio import __version__, conventions, durations, sources
from portfolio import services as svc
from portfolio.catalog import incident_bridge
from portfolio.config.model import Kubernetes, Portfolio, Team
from portfolio.sources.descriptor import StackProcess

OPERATOR_GROUP = "monitoring.coreos.com"
PORTFOLIO_CONFIGMAP = "portfolio-config"  # created from portfolio.yaml by the user (README)
ALERTMANAGER_SECRET = "alertmanager-receivers"
BLACKBOX_CONFIGMAP = "blackbox-config"
DASHBOARD_LABEL = {"grafana_dashboard": "1"}  # what the Grafana sidecar watches by default
EXPORTER_IMAGE = f"portfolio-observability/exporters:{__version__}"  # built from ./Dockerfile
EXPORTER_USER = 10001  # the exporters image's user (Dockerfile)
SECRETS_MOUNT = "/var/run/secrets/portfolio"
CONFIG_MOUNT = "/etc/portfolio"
# An exporter's working set is a few tens of MiB (the GitHub exporter at 100 repositories
# stays under 60 MiB); the limit leaves room for a full first refresh.
EXPORTER_RESOURCES = {
    "requests": {"cpu": "50m", "memory": "64Mi"},
    "limits": {"memory": "256Mi"},
}
PART_OF = "portfolio-observability"


def _metadata(
    kube: Kubernetes, name: str, *, labels: Mapping[str, str] | None = None
) -> dict[str, Any]:
    return {
        "name": name,
        "namespace": kube.namespace,
        "labels": {"app.kubernetes.io/part-of": PART_OF, **(labels or {})},
    }


def _operator_metadata(kube: Kubernetes, name: str) -> dict[str, Any]:
    """Operator resources also carry the labels the Prometheus/Alertmanager selectors want."""
    return _metadata(kube, name, labels=kube.labels)


_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def _resource_name(*parts: str) -> str:
    """A DNS-1123 subdomain from ids, joined by '.' (ids hold no dots, so distinct ids give
    distinct names). An id that is not already a valid label is lowered and its other
    characters become '-', plus a short hash of it, so ``A_b`` and ``a-b`` stay apart."""
    labels = []
    for part in parts:
        if _DNS_LABEL.match(part):
            labels.append(part)
            continue
        cleaned = "-".join(
            filter(None, "".join(c if c.isalnum() else "-" for c in part.lower()).split("-"))
        )
        digest = hashlib.sha256(part.encode()).hexdigest()[:6]
        labels.append(f"{cleaned}-{digest}" if cleaned else digest)
    return ".".join(labels)


# --- rules --------------------------------------------------------------------------------


def prometheus_rules(
    portfolio: Portfolio, rule_files: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """One ``PrometheusRule`` per generated rule file, with the file's groups unchanged."""
    kube = _required(portfolio)
    out = []
    for path, document in rule_files.items():
        stem = path.removeprefix(f"{conventions.RULES_DIR}/").removesuffix(".rules.yml")
        name = (
            _resource_name("portfolio-product", stem.removeprefix("products/"))
            if stem.startswith("products/")
            else _resource_name("portfolio-rules" if stem == "portfolio" else f"portfolio-{stem}")
        )
        out.append(
            {
                "apiVersion": f"{OPERATOR_GROUP}/v1",
                "kind": "PrometheusRule",
                "metadata": _operator_metadata(kube, name),
                "spec": {"groups": document["groups"]},
            }
        )
    return out


# --- scraping -----------------------------------------------------------------------------


def _exporters_in_use(portfolio: Portfolio) -> list[StackProcess]:
    """The Python processes to run: each exporter in use, and the incident bridge when the
    stack runs it (``incidents.url`` names the in-cluster Service ``incident-bridge``)."""
    out: list[StackProcess] = [
        sources.EXPORTERS[name] for name in portfolio.sources_in_use() if name in sources.EXPORTERS
    ]
    if incident_bridge.COMPONENT in portfolio.stack.addresses:
        out.append(incident_bridge.PROCESS)
    return out


def service_monitors(portfolio: Portfolio) -> list[dict[str, Any]]:
    """A ``ServiceMonitor`` per exporter; the job label is the Service name
    (``github-exporter``), as on a single machine."""
    kube = _required(portfolio)
    return [
        {
            "apiVersion": f"{OPERATOR_GROUP}/v1",
            "kind": "ServiceMonitor",
            "metadata": _operator_metadata(kube, source.service),
            "spec": {
                "selector": {"matchLabels": _selector(source)},
                "endpoints": [
                    {
                        "port": "metrics",
                        "path": "/metrics",
                        "interval": portfolio.stack.scrape_interval,
                    }
                ],
            },
        }
        for source in _exporters_in_use(portfolio)
    ]


def probes(portfolio: Portfolio) -> list[dict[str, Any]]:
    """``Probe`` resources: each health endpoint through blackbox_exporter, with the product,
    environment, endpoint and team labels the rules read, under the job name ``blackbox``."""
    kube = _required(portfolio)
    out = []
    for product in portfolio.products:
        for endpoint in product.endpoints:
            out.append(
                {
                    "apiVersion": f"{OPERATOR_GROUP}/v1",
                    "kind": "Probe",
                    "metadata": _operator_metadata(
                        kube, _resource_name(product.id, endpoint.environment, endpoint.name)
                    ),
                    "spec": {
                        "jobName": conventions.JOB_BLACKBOX,
                        "module": endpoint.module,
                        "interval": portfolio.probe.interval,
                        "scrapeTimeout": _probe_scrape_timeout(portfolio),
                        "prober": {"url": kube.blackbox_url, "path": "/probe"},
                        "targets": {
                            "staticConfig": {
                                "static": [endpoint.target],
                                "labels": {
                                    conventions.PRODUCT: product.id,
                                    conventions.ENVIRONMENT: endpoint.environment,
                                    conventions.ENDPOINT: endpoint.name,
                                    conventions.TEAM: product.team,
                                },
                            }
                        },
                    },
                }
            )
    return out


def _probe_scrape_timeout(portfolio: Portfolio) -> str:
    # Probes must finish before Prometheus gives up on the scrape (as in prometheus.yml).
    probe = portfolio.probe
    return durations.render(
        min(durations.seconds(probe.timeout) + 1, durations.seconds(probe.interval))
    )


def blackbox_config(portfolio: Portfolio) -> dict[str, Any]:
    """The probe modules for the cluster's blackbox_exporter (mount it as its config file)."""
    kube = _required(portfolio)
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": _metadata(kube, BLACKBOX_CONFIGMAP),
        "data": {"blackbox.yml": to_yaml(blackbox.config(portfolio), portfolio.source)},
    }


# --- alerting -----------------------------------------------------------------------------


def _secret_ref(path: str | None) -> dict[str, str]:
    """A file of the single-machine stack as a key of the receivers' Secret."""
    if path is None:  # semantic checks give every channel in use its secret file
        raise ValueError("a receiver channel without its secret file")
    return {"name": ALERTMANAGER_SECRET, "key": path.rsplit("/", 1)[-1]}


def _slack(team: Team) -> dict[str, Any]:
    config = alertmanager.slack_config(team)
    return {
        "apiURL": _secret_ref(team.slack_api_url_file),
        "channel": config["channel"],
        "sendResolved": True,
        "title": config["title"],
        "text": config["text"],
    }


def _pagerduty(portfolio: Portfolio, team: Team) -> dict[str, Any]:
    config = alertmanager.pagerduty_config(team)
    out = {
        "routingKey": _secret_ref(team.pagerduty_routing_key_file),
        "sendResolved": True,
        "severity": config["severity"],
        "description": config["description"],
        "details": [{"key": key, "value": str(value)} for key, value in config["details"].items()],
    }
    if portfolio.alerting.pagerduty_url is not None:  # an AlertmanagerConfig has no global
        out["url"] = portfolio.alerting.pagerduty_url
    return out


def _email(portfolio: Portfolio, team: Team) -> dict[str, Any]:
    smtp = portfolio.stack.smtp
    out: dict[str, Any] = {"to": ", ".join(team.emails), "sendResolved": True}
    if smtp is not None:
        out.update(
            {"smarthost": smtp.smarthost, "from": smtp.sender, "requireTLS": smtp.require_tls}
        )
        if smtp.auth_username:
            out["authUsername"] = smtp.auth_username
        if smtp.auth_password_file:
            out["authPassword"] = _secret_ref(smtp.auth_password_file)
    return out


def _receiver(portfolio: Portfolio, team: Team, severity: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": conventions.receiver(team.id, severity)}
    for channel in alertmanager.channels_for(team, severity):
        if channel == "slack":
            out.setdefault("slackConfigs", []).append(_slack(team))
        elif channel == "pagerduty":
            out.setdefault("pagerdutyConfigs", []).append(_pagerduty(portfolio, team))
        else:
            out.setdefault("emailConfigs", []).append(_email(portfolio, team))
    if severity == conventions.CRITICAL and portfolio.incidents is not None:
        out["webhookConfigs"] = [
            {
                "url": portfolio.incidents.url,
                "sendResolved": True,
                "httpConfig": {
                    "authorization": {
                        "type": "Bearer",
                        "credentials": _secret_ref(portfolio.incidents.credentials_file),
                    }
                },
            }
        ]
    return out


def _matcher(name: str, value: str) -> dict[str, str]:
    return {"name": name, "value": value, "matchType": "="}


def _matchers(expressions: list[str]) -> list[dict[str, str]]:
    """``['severity="critical"']`` (the file's matcher syntax) -> the resource's matchers."""
    out = []
    for expression in expressions:
        name, _, quoted = expression.partition("=")
        out.append(_matcher(name, quoted.strip('"')))
    return out


def alertmanager_configs(portfolio: Portfolio) -> list[dict[str, Any]]:
    """An ``AlertmanagerConfig`` per team: its routes by severity, receivers and inhibition.

    The operator scopes every route to the resource's namespace (a ``namespace`` matcher):
    the Prometheus that evaluates the rules must add that label, as kube-prometheus does."""
    kube = _required(portfolio)
    alerting = portfolio.alerting
    out = []
    for team in portfolio.teams:
        route = alertmanager.team_route(team, portfolio)
        out.append(
            {
                "apiVersion": f"{OPERATOR_GROUP}/v1alpha1",
                "kind": "AlertmanagerConfig",
                "metadata": _operator_metadata(kube, _resource_name("portfolio-team", team.id)),
                "spec": {
                    "route": {
                        "receiver": route["receiver"],
                        "groupBy": list(alertmanager.GROUP_BY),
                        "groupWait": alerting.group_wait,
                        "groupInterval": alerting.group_interval,
                        "repeatInterval": alerting.repeat_interval[conventions.WARNING],
                        "matchers": _matchers(route["matchers"]),
                        "routes": [
                            {
                                "receiver": child["receiver"],
                                "matchers": _matchers(child["matchers"]),
                                "repeatInterval": child["repeat_interval"],
                            }
                            for child in route["routes"]
                        ],
                    },
                    "receivers": [
                        _receiver(portfolio, team, severity) for severity in conventions.SEVERITIES
                    ],
                    "inhibitRules": [
                        {
                            "sourceMatch": _matchers(rule["source_matchers"]),
                            "targetMatch": _matchers(rule["target_matchers"]),
                            "equal": list(rule["equal"]),
                        }
                        for rule in alertmanager.inhibit_rules()
                    ],
                },
            }
        )
    return out


# --- dashboards ---------------------------------------------------------------------------


def dashboard_configmaps(
    portfolio: Portfolio, documents: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """A ``ConfigMap`` per dashboard, labelled for the Grafana sidecar."""
    kube = _required(portfolio)
    return [
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": _metadata(
                kube, _resource_name("dashboard", document["uid"]), labels=DASHBOARD_LABEL
            ),
            "data": {
                path.rsplit("/", 1)[-1]: json.dumps(document, indent=2, sort_keys=True) + "\n"
            },
        }
        for path, document in documents.items()
    ]


# --- exporters ----------------------------------------------------------------------------


def _selector(source: StackProcess) -> dict[str, str]:
    return {"app.kubernetes.io/name": source.service, "app.kubernetes.io/part-of": PART_OF}


def _secret_name(source: StackProcess) -> str:
    return f"{source.service}-secrets"


def _secrets_volume(portfolio: Portfolio, source: StackProcess) -> dict[str, Any]:
    """The process's secrets as files named after its settings. The bridge's bearer token is
    the key Alertmanager sends it from (the receivers' Secret), so the two cannot disagree;
    its GitHub token comes from its own Secret."""
    if source is not incident_bridge.PROCESS or portfolio.incidents is None:
        return {"name": "secrets", "secret": {"secretName": _secret_name(source)}}
    token = _secret_ref(portfolio.incidents.credentials_file)
    return {
        "name": "secrets",
        "projected": {
            "sources": [
                {
                    "secret": {
                        "name": token["name"],
                        "items": [{"key": token["key"], "path": "token"}],
                    }
                },
                {
                    "secret": {
                        "name": _secret_name(source),
                        "items": [{"key": "github_token", "path": "github_token"}],
                    }
                },
            ]
        },
    }


def _deployment(portfolio: Portfolio, source: StackProcess) -> dict[str, Any]:
    kube = _required(portfolio)
    prefix = source.env_prefix
    environment = [
        {"name": f"{prefix}CONFIG", "value": f"{CONFIG_MOUNT}/portfolio.yaml"},
        {"name": f"{prefix}LISTEN_PORT", "value": str(source.default_port)},
        *(
            {"name": f"{prefix}{secret.upper()}_FILE", "value": f"{SECRETS_MOUNT}/{secret}"}
            for secret in source.secrets
        ),
    ]
    probe_port = {"port": "metrics"}
    container = {
        "name": "exporter",
        "image": kube.image or EXPORTER_IMAGE,
        "args": [str(source.exporter)],
        "env": environment,
        "ports": [{"name": "metrics", "containerPort": source.default_port}],
        "readinessProbe": {"httpGet": {"path": "/readyz", **probe_port}, "periodSeconds": 10},
        "livenessProbe": {"httpGet": {"path": "/healthz", **probe_port}, "periodSeconds": 30},
        "resources": EXPORTER_RESOURCES,
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [
            {"name": "config", "mountPath": CONFIG_MOUNT, "readOnly": True},
            {"name": "secrets", "mountPath": SECRETS_MOUNT, "readOnly": True},
            {"name": "tmp", "mountPath": "/tmp"},
        ],
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": _metadata(kube, source.service, labels=_selector(source)),
        "spec": {
            # One replica: two would poll the vendor twice and count every event twice.
            "replicas": 1,
            "selector": {"matchLabels": _selector(source)},
            "template": {
                "metadata": {"labels": _selector(source)},
                "spec": {
                    "automountServiceAccountToken": False,
                    "securityContext": {
                        "runAsNonRoot": True,
                        "runAsUser": EXPORTER_USER,
                        "runAsGroup": EXPORTER_USER,
                        "seccompProfile": {"type": "RuntimeDefault"},
                    },
                    "containers": [container],
                    "volumes": [
                        {"name": "config", "configMap": {"name": PORTFOLIO_CONFIGMAP}},
                        _secrets_volume(portfolio, source),
                        {"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "16Mi"}},
                    ],
                },
            },
        },
    }


def _service(portfolio: Portfolio, source: StackProcess) -> dict[str, Any]:
    kube = _required(portfolio)
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": _metadata(kube, source.service, labels=_selector(source)),
        "spec": {
            "selector": _selector(source),
            "ports": [
                {
                    "name": "metrics",
                    "port": source.default_port,
                    "targetPort": "metrics",
                    "protocol": "TCP",
                }
            ],
        },
    }


def exporters(portfolio: Portfolio) -> list[dict[str, Any]]:
    """A ``Deployment`` and a ``Service`` per exporter in use (secrets from a ``Secret`` named
    ``<exporter>-secrets``, portfolio.yaml from the ``portfolio-config`` ConfigMap)."""
    out = []
    for source in _exporters_in_use(portfolio):
        out += [_deployment(portfolio, source), _service(portfolio, source)]
    return out


def _required(portfolio: Portfolio) -> Kubernetes:
    if portfolio.kubernetes is None:
        raise ValueError("the Kubernetes manifests need the kubernetes: section")
    return portfolio.kubernetes


def scrape_configs(portfolio: Portfolio) -> list[dict[str, Any]]:
    """``ScrapeConfig`` resources (v1alpha1) for the products' own services and their hosts'
    node_exporters: the same jobs, labels, paths and relabelling as ``prometheus.yml``
    (``generators.stack.services``), one resource per service and environment."""
    kube = _required(portfolio)
    relabel = {
        "sourceLabels": app_services.STATUS_TO_CODE["source_labels"],
        "regex": app_services.STATUS_TO_CODE["regex"],
        "targetLabel": app_services.STATUS_TO_CODE["target_label"],
        "replacement": app_services.STATUS_TO_CODE["replacement"],
        "action": "replace",
    }
    out = []
    for product in portfolio.products:
        for service in product.services:
            labels = {
                conventions.PRODUCT: product.id,
                conventions.ENVIRONMENT: service.environment,
                conventions.TEAM: product.team,
                svc.SERVICE: service.name,
            }
            name = _resource_name(product.id, service.environment, service.name)
            spec: dict[str, Any] = {
                "jobName": service.convention.job,
                "metricsPath": service.metrics_path,
                "scheme": service.scheme,
                "scrapeInterval": service.scrape_interval or portfolio.stack.scrape_interval,
                "staticConfigs": [{"targets": list(service.targets), "labels": labels}],
            }
            if service.convention.name == "prometheus":
                spec["metricRelabelings"] = [relabel]
            out.append(
                {
                    "apiVersion": f"{OPERATOR_GROUP}/v1alpha1",
                    "kind": "ScrapeConfig",
                    "metadata": _operator_metadata(kube, name),
                    "spec": spec,
                }
            )
            if service.hosts:
                out.append(
                    {
                        "apiVersion": f"{OPERATOR_GROUP}/v1alpha1",
                        "kind": "ScrapeConfig",
                        "metadata": _operator_metadata(kube, f"{name}.node"),
                        "spec": {
                            "jobName": svc.NODE_JOB,
                            "scrapeInterval": portfolio.stack.scrape_interval,
                            "staticConfigs": [
                                {"targets": [h.address for h in service.hosts], "labels": labels}
                            ],
                        },
                    }
                )
    return out
