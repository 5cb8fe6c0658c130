"""Scrape jobs of the products' own services and of their hosts' node_exporters, and the
node_exporter the stack runs itself (Compose service; ``make stack`` runs Debian's
``prometheus-node-exporter``) when a service names a host of the stack.

One job per convention (``app-prometheus``, ``app-opentelemetry``: the rules select by it) and
one for the hosts (``node``); every target carries the product, environment, team and service
labels, so the rules never need a join to know whose a series is.
"""

from __future__ import annotations

from typing import Any

from portfolio import conventions
from portfolio import services as svc
from portfolio.config.model import Portfolio, Product
from portfolio.config.services import Service

# Prometheus-client middlewares that name the status label ``status``: copy it into ``code``
# where ``code`` is missing, so one selector reads both (their other labels stay as they are).
STATUS_TO_CODE: dict[str, Any] = {
    "source_labels": ["__name__", "code", "status"],
    "regex": "http_request(s_total|_duration_seconds_(bucket|sum|count));;(.+)",
    "target_label": "code",
    "replacement": "$3",
}
IMAGE = "prom/node-exporter:v1.10.2"  # pinned upstream release; bump deliberately
HEALTHCHECK_TIMING: dict[str, str | int] = {
    "interval": "30s",
    "timeout": "5s",
    "retries": 3,
    "start_period": "30s",
}
RESTART = "unless-stopped"


def _labels(product: Product, service: Service) -> dict[str, str]:
    return {
        conventions.PRODUCT: product.id,
        conventions.ENVIRONMENT: service.environment,
        conventions.TEAM: product.team,
        svc.SERVICE: service.name,
    }


def scrape_jobs(portfolio: Portfolio) -> list[dict[str, Any]]:
    """The jobs to append to ``prometheus.yml``'s ``scrape_configs``; none without services."""
    jobs: list[dict[str, Any]] = []
    for convention in svc.CONVENTIONS.values():
        # Targets with another path, scheme or interval need a job of their own.
        shapes: dict[tuple[str, str, str | None], list[dict[str, Any]]] = {}
        for product in portfolio.products:
            for service in product.services:
                if service.convention.name != convention.name:
                    continue
                shape = (service.metrics_path, service.scheme, service.scrape_interval)
                shapes.setdefault(shape, []).append(
                    {"targets": list(service.targets), "labels": _labels(product, service)}
                )
        for n, ((path, scheme, interval), targets) in enumerate(shapes.items()):
            job: dict[str, Any] = {
                "job_name": convention.job if n == 0 else f"{convention.job}-{n + 1}",
                "metrics_path": path,
                "scheme": scheme,
            }
            if interval:
                job["scrape_interval"] = interval
            job["static_configs"] = targets
            if n:  # the rules select by job: the extra jobs join the first one's name
                job["relabel_configs"] = [{"target_label": "job", "replacement": convention.job}]
            if convention.name == "prometheus":
                job["metric_relabel_configs"] = [STATUS_TO_CODE]
            jobs.append(job)
    hosts = [
        {
            "targets": [
                portfolio.stack.addresses[svc.NODE_COMPONENT] if h.stack_run else h.address
                for h in service.hosts
            ],
            "labels": _labels(product, service),
        }
        for product in portfolio.products
        for service in product.services
        if service.hosts
    ]
    if hosts:
        jobs.append({"job_name": svc.NODE_JOB, "static_configs": hosts})
    return jobs


def node_exporter_service(port: int) -> dict[str, Any]:
    """The Compose service of the stack's node_exporter. It reads the host's /proc and /sys
    (mounted read-only) and runs in the host's PID namespace, as node_exporter's README
    says to run it in a container."""
    return {
        "image": IMAGE,
        "command": [
            "--path.rootfs=/host",
            f"--web.listen-address=:{port}",
        ],
        "pid": "host",
        "volumes": ["/:/host:ro,rslave"],
        "ports": [f"127.0.0.1:{port}:{port}"],  # loopback only, like every service
        "healthcheck": {
            "test": ["CMD", "wget", "-q", "--spider", f"http://127.0.0.1:{port}/"],
            **HEALTHCHECK_TIMING,
        },
        "restart": RESTART,
    }
