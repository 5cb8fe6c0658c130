"""``prometheus.yml``: scrape jobs for the stack, the exporters and the blackbox probes.

Paths inside these files are relative to the repository layout (``stack/prometheus`` ->
``../../alert_rules``) so the same files work under ``make stack`` and in the compose file,
which mounts the repository's folders at the same relative places.
"""

from __future__ import annotations

from typing import Any

from generators.stack import services
from portfolio import conventions, durations
from portfolio.config.model import INCIDENT_BRIDGE_COMPONENT, Portfolio, RemoteWrite

FILE = "stack/prometheus/prometheus.yml"
DIRECTORY = "stack/prometheus"
# Relative to this file, so the same file works under make stack and in compose.
RULES_GLOBS = (
    f"../../{conventions.RULES_DIR}/*.rules.yml",
    f"../../{conventions.PRODUCT_RULES_DIR}/*.rules.yml",
)


def _probe_targets(portfolio: Portfolio) -> list[dict[str, Any]]:
    targets = []
    for product in portfolio.products:
        for endpoint in product.endpoints:
            targets.append(
                {
                    "targets": [endpoint.target],
                    "labels": {
                        "__param_module": endpoint.module,
                        conventions.PRODUCT: product.id,
                        conventions.ENVIRONMENT: endpoint.environment,
                        conventions.ENDPOINT: endpoint.name,
                        conventions.TEAM: product.team,
                    },
                }
            )
    return targets


def _static_job(name: str, address: str) -> dict[str, Any]:
    return _static_jobs(name, [address])


def _static_jobs(name: str, addresses: list[str]) -> dict[str, Any]:
    return {"job_name": name, "static_configs": [{"targets": addresses}]}


def replica_file(replica: str) -> str:
    """The config file of a Prometheus replica (``stack.addresses`` key): the first one reads
    ``prometheus.yml``, replica ``prometheus_2`` reads ``prometheus_2.yml``."""
    return FILE if replica == "prometheus" else f"{DIRECTORY}/{replica}.yml"


def _name_regex(globs: tuple[str, ...]) -> str:
    # The globs hold only [A-Za-z0-9_:*] (checked at config time): nothing else to escape.
    return "|".join(glob.replace("*", ".*") for glob in globs)


def remote_write(target: RemoteWrite) -> dict[str, Any]:
    """One ``remote_write`` entry; every field loads in Prometheus 2.42 and 3.x."""
    out: dict[str, Any] = {"name": target.name, "url": target.url}
    if target.remote_timeout:
        out["remote_timeout"] = target.remote_timeout
    if target.basic_auth_username is not None:
        out["basic_auth"] = {
            "username": target.basic_auth_username,
            "password_file": target.password_file,
        }
    if target.authorization_type is not None:
        out["authorization"] = {
            "type": target.authorization_type,
            "credentials_file": target.credentials_file,
        }
    relabel = [
        {"source_labels": ["__name__"], "regex": _name_regex(globs), "action": action}
        for action, globs in (("keep", target.keep_metrics), ("drop", target.drop_metrics))
        if globs
    ]
    if relabel:
        out["write_relabel_configs"] = relabel
    if target.queue:
        out["queue_config"] = dict(target.queue)
    return out


def config(portfolio: Portfolio, replica: str = "prometheus") -> dict[str, Any]:
    """The ``prometheus.yml`` document of one replica (the first unless ``replica`` says)."""
    stack = portfolio.stack
    addr = stack.addresses
    probe = portfolio.probe
    # Probes must finish before Prometheus gives up on the scrape, which may not outlast the
    # interval: a second of slack above the probe timeout, capped at the interval.
    probe_scrape_timeout = durations.render(
        min(durations.seconds(probe.timeout) + 1, durations.seconds(probe.interval))
    )
    jobs: list[dict[str, Any]] = [
        _static_jobs(conventions.JOB_PROMETHEUS, [addr[r] for r in stack.prometheus_replicas]),
        _static_jobs(conventions.JOB_ALERTMANAGER, [addr[p] for p in stack.alertmanager_peers]),
        _static_job(conventions.JOB_BLACKBOX_EXPORTER, addr["blackbox"]),
        {
            "job_name": conventions.JOB_BLACKBOX,
            "metrics_path": "/probe",
            "scrape_interval": probe.interval,
            "scrape_timeout": probe_scrape_timeout,
            "static_configs": _probe_targets(portfolio),
            "relabel_configs": [
                {"source_labels": ["__address__"], "target_label": "__param_target"},
                {"source_labels": ["__param_target"], "target_label": "instance"},
                {"target_label": "__address__", "replacement": addr["blackbox"]},
            ],
        },
    ]
    jobs += [
        _static_job(conventions.exporter_job(source), addr[f"{source}_exporter"])
        for source in portfolio.sources_in_use()
    ]
    if INCIDENT_BRIDGE_COMPONENT in addr:  # a bridge the stack runs (its /metrics)
        jobs.append(_static_job(conventions.JOB_INCIDENT_BRIDGE, addr[INCIDENT_BRIDGE_COMPONENT]))
    if portfolio.stack.pushgateway:
        # CI jobs push under the GitHub exporter's job and labels; keep them as pushed.
        jobs.append(
            {
                "job_name": conventions.JOB_PUSHGATEWAY,
                "honor_labels": True,
                "static_configs": [{"targets": [addr["pushgateway"]]}],
            }
        )
    jobs += services.scrape_jobs(portfolio)  # the products' own services and their hosts
    interval = stack.scrape_interval
    settings: dict[str, Any] = {"scrape_interval": interval, "evaluation_interval": interval}
    labels = dict(stack.external_labels)
    alerting: dict[str, Any] = {}
    if stack.replicated:
        # Replicas differ only in this label; alerts drop it so that Alertmanager sees one
        # alert, not one per replica, while the long-term store deduplicates on it.
        labels[stack.replica_label] = replica
        alerting["alert_relabel_configs"] = [{"action": "labeldrop", "regex": stack.replica_label}]
    if labels:
        settings["external_labels"] = dict(sorted(labels.items()))
    # Every Prometheus sends every alert to every Alertmanager; the peers notify once.
    alerting["alertmanagers"] = [
        {"static_configs": [{"targets": [addr[p] for p in stack.alertmanager_peers]}]}
    ]
    document: dict[str, Any] = {
        "global": settings,
        "rule_files": list(RULES_GLOBS),
        "alerting": alerting,
        "scrape_configs": jobs,
    }
    if stack.remote_write:
        document["remote_write"] = [remote_write(target) for target in stack.remote_write]
    return document
