"""``prometheus.yml``: scrape jobs for the stack, the exporters and the blackbox probes.

Paths inside these files are relative to the repository layout (``stack/prometheus`` ->
``../../alert_rules``) so the same files work under ``make stack`` and in the compose file,
which mounts the repository's folders at the same relative places.
"""

from __future__ import annotations

from typing import Any

from portfolio import conventions, durations
from portfolio.config.model import Portfolio

FILE = "stack/prometheus/prometheus.yml"
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


def _static_job(name: str, address: str, interval: str | None = None) -> dict[str, Any]:
    job: dict[str, Any] = {"job_name": name}
    if interval:
        job["scrape_interval"] = interval
    job["static_configs"] = [{"targets": [address]}]
    return job


def config(portfolio: Portfolio) -> dict[str, Any]:
    """The ``prometheus.yml`` document."""
    addr = portfolio.stack.addresses
    probe = portfolio.probe
    # Probes must finish before Prometheus gives up on the scrape, which may not outlast the
    # interval: a second of slack above the probe timeout, capped at the interval.
    probe_scrape_timeout = durations.render(
        min(durations.seconds(probe.timeout) + 1, durations.seconds(probe.interval))
    )
    jobs: list[dict[str, Any]] = [
        _static_job(conventions.JOB_PROMETHEUS, addr["prometheus"]),
        _static_job(conventions.JOB_ALERTMANAGER, addr["alertmanager"]),
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
    if portfolio.stack.pushgateway:
        # CI jobs push under the GitHub exporter's job and labels; keep them as pushed.
        jobs.append(
            {
                "job_name": conventions.JOB_PUSHGATEWAY,
                "honor_labels": True,
                "static_configs": [{"targets": [addr["pushgateway"]]}],
            }
        )
    interval = portfolio.stack.scrape_interval
    return {
        "global": {
            "scrape_interval": interval,
            "evaluation_interval": interval,
        },
        "rule_files": list(RULES_GLOBS),
        "alerting": {"alertmanagers": [{"static_configs": [{"targets": [addr["alertmanager"]]}]}]},
        "scrape_configs": jobs,
    }
