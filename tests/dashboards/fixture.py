"""A time-series fixture covering every catalog metric for a portfolio, as OpenMetrics text.

Series are derived from the catalog and the portfolio (probe targets per endpoint, exporter
metrics per product with that source, self-metrics per exporter), with the scrape labels
``job``/``instance`` Prometheus would add. Values are deterministic and plausible: probes
mostly succeed, counters grow, histograms fill their buckets, DORA gauges spread products over
the performance levels. ``promtool tsdb create-blocks-from openmetrics`` backfills the file.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from portfolio import catalog, conventions, sources
from portfolio.catalog import Metric
from portfolio.catalog import services as services_catalog
from portfolio.config.model import Portfolio

# Values of labels that are not product, environment, endpoint or team.
LABEL_VALUES: dict[str, tuple[str, ...]] = {
    "status": ("success", "failure"),
    "status_class": ("2xx", "4xx", "5xx"),
    "window": ("30d",),
    "workflow": ("ci", "deploy"),
    "conclusion": ("success", "failure"),
    "branch_class": ("default",),
    "job_name": ("build", "test"),
    "period": ("day", "30d"),
    "page": ("/", "/pricing"),
    "source": ("Google", "Direct"),
    "feature": ("editor", "export"),
    "funnel": ("onboarding",),
    "step": ("1 sign up", "2 first project"),
    "experiment": ("new-onboarding",),
    "variant": ("control", "test"),
    "cohort": ("power users", "new users"),
    "quantile": ("0.5", "0.95", "0.99"),
    "reason": ("timeout",),
    "healthcheck": ("origin",),
    "phase": ("resolve", "connect", "tls", "processing", "transfer"),
    "interval": ("30s",),
    "rule_group": (conventions.GROUP_RECORDING, conventions.GROUP_ALERTS),
    "alertmanager": ("http://alertmanager:9093/api/v2/alerts",),
    "integration": ("slack", "pagerduty", "email"),
    "state": ("active", "suppressed"),
    # The products' own services (portfolio.catalog.services) and their hosts.
    "code": ("200", "500"),
    "http_response_status_code": ("200", "500"),
    "mode": ("idle", "user"),
}
SELF_SOURCE_VALUES = ("main",)  # ``source`` label of exporter self-metrics (a refresh loop)
DEFAULT_VALUE = ("x",)
ALERT_LABELS = (
    "alertname",
    "alertstate",
    conventions.SEVERITY,
    conventions.KIND,
    conventions.PRODUCT,
    conventions.ENVIRONMENT,
    conventions.TEAM,
)


@dataclass(frozen=True)
class Series:
    family: Metric
    sample: str  # sample name (``x_total``, ``x_bucket``...)
    labels: tuple[tuple[str, str], ...]
    seed: int


def _job(metric: Metric) -> str | None:
    if metric.source == "rules":
        return None
    if metric.source == "prometheus":
        return conventions.JOB_PROMETHEUS
    if metric.source == "alertmanager":
        return conventions.JOB_ALERTMANAGER
    if metric.source == "blackbox":
        return conventions.JOB_BLACKBOX
    return conventions.exporter_job(metric.source)


def _scrape_targets(portfolio: Portfolio) -> list[tuple[str, str]]:
    """(job, instance) of every target, probes included."""
    targets = [
        (conventions.JOB_PROMETHEUS, "localhost:9090"),
        (conventions.JOB_ALERTMANAGER, "alertmanager:9093"),
        (conventions.JOB_BLACKBOX_EXPORTER, "blackbox:9115"),
    ]
    targets += [
        (conventions.JOB_BLACKBOX, endpoint.url)
        for product in portfolio.products
        for endpoint in product.endpoints
    ]
    targets += [
        (conventions.exporter_job(source), f"{source}-exporter:9100")
        for source in portfolio.sources_in_use()
    ]
    return targets


def _label_sets(metric: Metric, portfolio: Portfolio) -> Iterator[dict[str, str]]:
    if metric.name in ("up", "scrape_duration_seconds"):
        for job, instance in _scrape_targets(portfolio):
            yield {"job": job, "instance": instance}
        return
    if metric.name == "ALERTS":
        for i, product in enumerate(portfolio.products):
            severity = conventions.CRITICAL if i == 0 else conventions.WARNING
            yield {
                "alertname": "ProductLatencyHigh",
                "alertstate": "firing",
                conventions.SEVERITY: severity,
                conventions.KIND: conventions.KIND_LATENCY,
                conventions.PRODUCT: product.id,
                conventions.ENVIRONMENT: product.environments[0],
                conventions.TEAM: product.team,
            }
        return
    metric_job = _job(metric)
    instances = dict(_scrape_targets(portfolio))  # the same instance as the job's ``up`` series
    base = (
        {"job": metric_job, "instance": instances.get(metric_job, f"{metric_job}:9100")}
        if metric_job
        else {}
    )
    if metric.source == "blackbox":
        for product in portfolio.products:
            for endpoint in product.endpoints:
                labels = {
                    **base,
                    "instance": endpoint.url,
                    conventions.PRODUCT: product.id,
                    conventions.ENVIRONMENT: endpoint.environment,
                    conventions.ENDPOINT: endpoint.name,
                    conventions.TEAM: product.team,
                }
                yield from _expand(
                    labels, [label for label in metric.labels if label not in labels]
                )
        return
    if metric.source in (services_catalog.SOURCE, services_catalog.NODE):
        yield from _service_label_sets(metric, portfolio)
        return
    if conventions.PRODUCT in metric.labels:
        for product in portfolio.products:
            if metric.source not in product.sources:
                continue
            labels = {**base, conventions.PRODUCT: product.id}
            rest = [label for label in metric.labels if label not in labels]
            if conventions.ENVIRONMENT in rest:
                rest.remove(conventions.ENVIRONMENT)
                for environment in product.environments:
                    yield from _expand({**labels, conventions.ENVIRONMENT: environment}, rest)
            else:
                yield from _expand(labels, rest)
        return
    if metric.source in sources.NAMES and metric.source not in portfolio.sources_in_use():
        return
    yield from _expand(base, list(metric.labels))


def _service_label_sets(metric: Metric, portfolio: Portfolio) -> Iterator[dict[str, str]]:
    """A service's series under its convention's job and its targets' labels; node_exporter
    series per host, under the ``node`` job (``generators/stack/services.py``)."""
    for product in portfolio.products:
        for service in product.services:
            convention = service.convention
            if metric.source == services_catalog.NODE:
                job = services_catalog.NODE_SCRAPE_JOB
                instances = [host.address for host in service.hosts]
            elif metric.name in (convention.requests, convention.duration):
                job, instances = convention.job, list(service.targets)
            else:
                continue
            for instance in instances:
                labels = {
                    "job": job,
                    "instance": instance,
                    conventions.PRODUCT: product.id,
                    conventions.ENVIRONMENT: service.environment,
                    conventions.TEAM: product.team,
                    "service": service.name,
                }
                yield from _expand(labels, [x for x in metric.labels if x not in labels])


def _expand(labels: dict[str, str], rest: list[str]) -> Iterator[dict[str, str]]:
    pools: list[tuple[str, ...]] = []
    for name in rest:
        if name == "source" and "source" not in LABEL_VALUES:
            pools.append(SELF_SOURCE_VALUES)
        elif name == "source" and labels.get("job", "").startswith("plausible"):
            pools.append(LABEL_VALUES["source"])
        elif name == "source":
            pools.append(SELF_SOURCE_VALUES)
        else:
            pools.append(LABEL_VALUES.get(name, DEFAULT_VALUE))
    for combo in itertools.product(*pools):
        yield {**labels, **dict(zip(rest, combo, strict=True))}


def _gauge_value(
    metric: Metric, labels: dict[str, str], i: int, timestamp: float, seed: int
) -> float:
    name = metric.name
    wobble = ((i * 7 + seed) % 11) / 10.0  # 0 .. 1, deterministic
    if name in ("probe_success", "up") or name.endswith("_up"):
        return 0.0 if (i + seed) % 97 == 5 else 1.0
    if name == "ALERTS" or name.endswith("_successful") or name.endswith("_significant"):
        return 1.0
    if name == "probe_http_status_code":
        return 200.0
    if name == "probe_ssl_earliest_cert_expiry":
        return timestamp + (10 + seed % 60) * 86400
    if name == "probe_http_ssl":
        return 1.0
    if name.endswith("_reset_timestamp_seconds"):
        return timestamp + 1800
    if name.endswith("_timestamp_seconds"):
        return timestamp - 60 - 10 * wobble
    if name == "github_dora_deployment_frequency_per_day":
        return (0.02, 0.1, 0.5, 2.0)[seed % 4]
    if name == "github_dora_lead_time_seconds":
        return (3600.0, 200000.0, 900000.0, 4000000.0)[seed % 4]
    if name == "github_dora_change_failure_ratio":
        return (0.02, 0.08, 0.12, 0.2)[seed % 4]
    if name == "github_dora_time_to_restore_seconds":
        return (1800.0, 40000.0, 300000.0, 900000.0)[seed % 4]
    if metric.unit == "ratio":
        return round(0.2 + 0.5 * wobble, 3)
    if metric.unit == "seconds":
        return round(0.05 + 0.9 * wobble, 3)
    if name.endswith("_remaining"):
        return 4000 - (i % 100) * 10.0
    return float(100 + seed % 50 + int(20 * wobble))


def series_of(portfolio: Portfolio) -> list[tuple[Metric, list[dict[str, str]]]]:
    out = []
    for metric in catalog.ALL:
        label_sets = list(_label_sets(metric, portfolio))
        if label_sets:
            out.append((metric, label_sets))
    return out


def _fmt_labels(labels: dict[str, str]) -> str:
    inner = ",".join(f'{name}="{value}"' for name, value in sorted(labels.items()))
    return f"{{{inner}}}" if inner else ""


def write_openmetrics(portfolio: Portfolio, path: Path, start: int, end: int, step: int) -> int:
    """Write samples every ``step`` seconds in [start, end]; return the number of series."""
    count = 0
    times = list(range(start, end + 1, step))
    with path.open("w", encoding="utf-8") as out:
        for metric, label_sets in series_of(portfolio):
            count += write_family(out, metric, label_sets, times)
        out.write("# EOF\n")
    return count


def write_family(
    out: TextIO, metric: Metric, label_sets: list[dict[str, str]], times: list[int]
) -> int:
    """One family's samples at ``times`` (any spacing: the dashboards benchmark writes a
    coarse grid then the scrape interval); return the number of series."""
    family = metric.name.removesuffix("_total") if metric.type == "counter" else metric.name
    kind = "gauge" if metric.type == "info" else metric.type
    out.write(f"# TYPE {family} {kind}\n")
    return sum(
        _write_series(out, metric, family, labels, seed, times)
        for seed, labels in enumerate(label_sets)
    )


def _write_series(
    out: TextIO,
    metric: Metric,
    family: str,
    labels: dict[str, str],
    seed: int,
    times: list[int],
) -> int:
    if metric.type == "counter":
        lines = []
        total = 0.0
        every = 40 if "deployments" in metric.name or "change_failures" in metric.name else 1
        for i, timestamp in enumerate(times):
            if i % every == (seed % every):
                total += 1 + (i + seed) % 3
            lines.append(f"{family}_total{_fmt_labels(labels)} {total:g} {timestamp}\n")
        out.writelines(lines)
        return 1
    if metric.type == "histogram":
        bounds = [*metric.buckets, float("inf")] if metric.buckets else [1.0, float("inf")]
        buckets = [0] * len(bounds)
        total = 0.0
        rows: dict[str, list[str]] = {}
        for i, timestamp in enumerate(times):
            bucket = (i * 5 + seed) % (len(bounds) - 1)
            for j in range(bucket, len(bounds)):
                buckets[j] += 1
            total += bounds[bucket] * 0.8
            for j, bound in enumerate(bounds):
                le_text = "+Inf" if bound == float("inf") else f"{bound:g}"
                key = f"{family}_bucket{_fmt_labels({**labels, 'le': le_text})}"
                rows.setdefault(key, []).append(f"{key} {buckets[j]} {timestamp}\n")
            for suffix, value in (("_count", i + 1.0), ("_sum", total)):
                key = f"{family}{suffix}{_fmt_labels(labels)}"
                rows.setdefault(key, []).append(f"{key} {value:g} {timestamp}\n")
        for lines in rows.values():
            out.writelines(lines)
        return len(rows)
    if metric.type == "summary":
        rows = {}
        for i, timestamp in enumerate(times):
            for quantile in LABEL_VALUES["quantile"]:
                key = f"{family}{_fmt_labels({**labels, 'quantile': quantile})}"
                rows.setdefault(key, []).append(f"{key} {30 + float(quantile):g} {timestamp}\n")
            for suffix, value in (("_count", i + 1.0), ("_sum", 30.0 * (i + 1))):
                key = f"{family}{suffix}{_fmt_labels(labels)}"
                rows.setdefault(key, []).append(f"{key} {value:g} {timestamp}\n")
        for lines in rows.values():
            out.writelines(lines)
        return len(rows)
    for i, timestamp in enumerate(times):
        value = _gauge_value(metric, labels, i, timestamp, seed)
        out.write(f"{family}{_fmt_labels(labels)} {value:g} {timestamp}\n")
    return 1
