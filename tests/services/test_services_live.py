"""The products' own services, end to end with the real Prometheus and node_exporter.

Two services on loopback (``tests/services/apps.py``: one instrumented with prometheus-client,
one with the OpenTelemetry SDK and its Prometheus exporter) and Debian's node_exporter are
scraped by the real Prometheus with the generated ``prometheus.yml`` and rule files, from a
``portfolio.yaml`` that names them under ``products.shop.services``. Each service gets the
same traffic twice (``BURST``: 70 fast 200s, 20 slow 200s, 10 500s): once before Prometheus
starts and once after its first scrape, so every series' first sample is exactly half of its
last and Prometheus' rate() extrapolates all of a target's series by the same factor, which
cancels in every ratio and quantile. The service row's queries then return values computed
here by hand, and the error burst fires ServiceErrorRateHigh (and the slow requests
ServiceLatencyHigh).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generators import dashboards
from generators import rules as rules_stage
from generators.dashboards.variables import interpolate
from generators.output.render import to_yaml
from generators.stack import prometheus
from portfolio import conventions
from portfolio import services as svc
from portfolio.config.loader import parse_config
from portfolio.config.model import Portfolio
from tests.dashboards.promdata import queries_of
from tests.services import apps
from tests.support import binaries

pytestmark = pytest.mark.integration

CONFIG = """\
version: 1
portfolio:
  name: Live
  team: ops
  grafana_url: http://grafana.example:3000
  runbook_url: https://runbooks.example/{{product}}/{{alert}}
stack:
  scrape_interval: 1s
alerting:
  for: {{error_rate: 2s, latency: 2s}}
teams:
  ops:
    name: Operations
    slack: {{channel: "#ops-alerts"}}
products:
  shop:
    name: Shop
    team: ops
    thresholds: {{uptime: 99.5, error_rate: 5, response_time_ms: 500}}
    health_endpoints:
      - {{name: web, url: "http://127.0.0.1:9/health"}}
    slos:
      availability: {{source: services}}
    services:
      - name: api
        convention: prometheus
        targets: ["{prometheus}"]
        node_exporter: ["{node}"]
      - name: renderer
        convention: opentelemetry
        targets: ["{opentelemetry}"]
      - name: legacy
        convention: prometheus
        targets: ["{status}"]
"""
ERROR_RATIO = 10 / 100  # 10 of every 100 requests answer 500
# Cumulative counts per bucket bound of one burst (the client libraries' default bounds):
# 70 requests of 0.02 s are in (0.01, 0.025], 10 of 0.3 s in (0.25, 0.5], 20 of 0.6 s in
# (0.5, 0.75]. histogram_quantile interpolates linearly inside the bucket the rank falls in:
P50 = 0.01 + (0.025 - 0.01) * (50 - 0) / 70  # rank 50 of 100 in (0.01, 0.025]: 0.020714...
P95 = 0.5 + (0.75 - 0.5) * (95 - 80) / 20  # rank 95 in (0.5, 0.75], 80 below: 0.6875
P99 = 0.5 + (0.75 - 0.5) * (99 - 80) / 20  # 0.7375
THRESHOLD_ERROR = 0.05
THRESHOLD_LATENCY = 0.5
SERVICES = {"api": "prometheus", "renderer": "opentelemetry", "legacy": "prometheus"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    workdir = tmp_path_factory.mktemp("services-live")
    with (
        apps.serve("prometheus") as api,
        apps.serve("opentelemetry") as renderer,
        apps.serve("prometheus-status") as legacy,
        binaries.node_exporter(workdir) as node,
        httpx.Client(timeout=10) as client,
    ):
        node_address = node.url.removeprefix("http://")
        portfolio = parse_config(
            CONFIG.format(
                prometheus=api.address,
                opentelemetry=renderer.address,
                status=legacy.address,
                node=node_address,
            )
        )
        for service in (api, renderer, legacy):  # the first half, before any scrape
            apps.send_burst(client, service.url)
        for rel, text in rules_stage.build(portfolio).items():
            (workdir / rel).parent.mkdir(parents=True, exist_ok=True)
            (workdir / rel).write_text(text)
        config = workdir / prometheus.FILE
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(to_yaml(prometheus.config(portfolio), portfolio.source))
        with binaries.prometheus(config, workdir) as prom:
            binaries.wait_for(
                lambda: len(binaries.query(prom, 'up{job=~"app-.*|node"} == 1')) == 4,
                what="a first scrape of both services and node_exporter",
            )
            for service in (api, renderer, legacy):  # the second half
                apps.send_burst(client, service.url)

            def settled() -> bool:
                got = binaries.query(prom, svc.R_ERROR_RATIO)
                return len(got) == 3 and all(
                    math.isclose(float(r["value"][1]), ERROR_RATIO, rel_tol=1e-9)  # type: ignore[index]
                    for r in got
                )

            binaries.wait_for(settled, timeout=60, what="the second burst in the recordings")
            yield {"prometheus": prom, "portfolio": portfolio, "node": node_address}


def _values(prom: binaries.Server, expr: str) -> dict[tuple[str, ...], float]:
    out: dict[tuple[str, ...], float] = {}
    for result in binaries.query(prom, expr):
        metric: dict[str, str] = result["metric"]  # type: ignore[assignment]
        value = float(result["value"][1])  # type: ignore[index]
        key = (metric.get("service", ""), metric.get("quantile", ""), metric.get("instance", ""))
        out[key] = value
    return out


def _service_row(portfolio: Portfolio) -> dict[str, list[str]]:
    """Panel title -> the queries of the product dashboard's Services row, variables set as
    Grafana sets them for product shop, environment production."""
    documents = dashboards.documents(portfolio)
    product = next(
        d for d in documents.values() if d["uid"] == conventions.DASHBOARD_UIDS["product"]
    )
    titles = {
        "Requests",
        "5xx ratio vs threshold",
        "Request duration p50 / p95 / p99",
        "5xx ratio / threshold",
        "p95 duration / threshold",
        "Host CPU busy",
        "Host memory used",
    }
    out: dict[str, list[str]] = {}
    for where, expr, *_ in queries_of(product):
        title = where.split("panel '", 1)[1].split("'", 1)[0] if "panel '" in where else ""
        if title in titles:
            out.setdefault(title, []).append(
                interpolate(expr, {"product": "shop", "environment": "production"})
            )
    assert set(out) == titles, sorted(out)
    return out


def test_the_5xx_ratio_panel_shows_10_percent_per_service_and_the_threshold(
    live: dict[str, Any],
) -> None:
    prom = live["prometheus"]
    ratio, threshold = _service_row(live["portfolio"])["5xx ratio vs threshold"]
    # 10 failed of 100 requests, in both halves: 10 / 100 = 0.1 for either convention, and
    # for the service naming its status label `status` (copied into `code` at scrape time).
    got = _values(prom, ratio)
    assert set(got) == {("api", "", ""), ("renderer", "", ""), ("legacy", "", "")}
    for value in got.values():
        assert value == pytest.approx(0.1, rel=1e-9)
    assert list(_values(prom, threshold).values()) == [THRESHOLD_ERROR]


def test_the_latency_panel_shows_the_hand_computed_quantiles(live: dict[str, Any]) -> None:
    prom = live["prometheus"]
    p50, p95, p99, threshold = _service_row(live["portfolio"])["Request duration p50 / p95 / p99"]
    for expr, expected in ((p50, P50), (p95, P95), (p99, P99)):
        got = _values(prom, expr)
        assert set(got) == {("api", "", ""), ("renderer", "", ""), ("legacy", "", "")}, expr
        for value in got.values():
            assert value == pytest.approx(expected, rel=1e-9), expr
    assert list(_values(prom, threshold).values()) == [THRESHOLD_LATENCY]


def test_the_stats_divide_by_the_thresholds(live: dict[str, Any]) -> None:
    prom = live["prometheus"]
    row = _service_row(live["portfolio"])
    (errors,) = row["5xx ratio / threshold"]
    (latency,) = row["p95 duration / threshold"]
    for value in _values(prom, errors).values():
        assert value == pytest.approx(0.1 / 0.05, rel=1e-9)  # 2.0: twice the threshold
    for value in _values(prom, latency).values():
        assert value == pytest.approx(0.6875 / 0.5, rel=1e-9)  # 1.375


def test_the_request_rate_panel_counts_the_second_burst(live: dict[str, Any]) -> None:
    """rate() over 5m sees the second burst's 100 requests between the target's first and
    last samples and extrapolates them as Prometheus 2.x does (promql/functions.go
    extrapolatedRate): to the window's start by the distance to it, or half the average
    sample spacing when that is more than 1.1 spacings away (the series are younger than the
    window), never further than the counter would take to reach 0 (first / increase = 1,
    the sampled interval); to its end the same way. Computed here from the sample timestamps
    of the evaluation the recorded value comes from."""
    prom = live["prometheus"]
    (expr,) = _service_row(live["portfolio"])["Requests"]
    for service, convention in SERVICES.items():
        (at,) = _values(prom, f'timestamp({svc.R_REQUESTS}{{service="{service}"}})').values()
        # The samples of one of the service's request counters (all share their scrapes).
        requests = svc.CONVENTIONS[convention].requests
        window = binaries.query(prom, f'{requests}{{service="{service}"}}[5m]', at=at)
        stamps = [float(t) for t, _ in window[0]["values"]]  # type: ignore[attr-defined]
        sampled = stamps[-1] - stamps[0]
        spacing = sampled / (len(stamps) - 1)
        to_start = min(stamps[0] - (at - 300), sampled)
        to_end = at - stamps[-1]
        start = to_start if to_start < 1.1 * spacing else spacing / 2
        end = to_end if to_end < 1.1 * spacing else spacing / 2
        expected = 100 * (sampled + start + end) / sampled / 300
        got = {k: v for k, v in binaries_at(prom, expr, at).items() if k[0] == service}
        # Timestamps travel as milliseconds in decimal text: agree to a millionth.
        assert list(got.values()) == [pytest.approx(expected, rel=1e-6)], (service, stamps, at)


def binaries_at(prom: binaries.Server, expr: str, at: float) -> dict[tuple[str, ...], float]:
    out: dict[tuple[str, ...], float] = {}
    for result in binaries.query(prom, expr, at=at):
        metric: dict[str, str] = result["metric"]  # type: ignore[assignment]
        out[(metric.get("service", ""),)] = float(result["value"][1])  # type: ignore[index]
    return out


def test_node_exporter_saturation_is_on_the_row_with_the_service_labels(
    live: dict[str, Any],
) -> None:
    prom = live["prometheus"]
    row = _service_row(live["portfolio"])
    (cpu,) = row["Host CPU busy"]
    (memory,) = row["Host memory used"]
    cpu_values = binaries.wait_for(
        lambda: binaries.query(prom, cpu), timeout=30, what="two CPU samples for rate()"
    )
    assert len(cpu_values) == 1
    labels = cpu_values[0]["metric"]
    assert labels == {
        "__name__": svc.R_CPU_BUSY,
        "product": "shop",
        "environment": "production",
        "team": "ops",
        "service": "api",
        "instance": live["node"],
    }
    assert 0 <= float(cpu_values[0]["value"][1]) <= 1
    (used,) = _values(prom, memory).values()
    # MemTotal never changes: node_exporter reports /proc/meminfo's kB times 1024.
    total_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    (total,) = _values(prom, 'node_memory_MemTotal_bytes{job="node"}').values()
    assert total == total_kb * 1024
    assert 0 < used < 1


def test_the_error_burst_fires_the_error_rate_alerts_and_slow_requests_the_latency_alert(
    live: dict[str, Any],
) -> None:
    prom = live["prometheus"]

    def firing() -> set[tuple[str, str, str]] | None:
        body = httpx.get(f"{prom.url}/api/v1/alerts", timeout=10).json()
        found = {
            (a["labels"]["alertname"], a["labels"]["severity"], a["labels"]["service"])
            for a in body["data"]["alerts"]
            if a["state"] == "firing" and a["labels"]["alertname"].startswith("Service")
        }
        return found if len(found) == 9 else None

    found = binaries.wait_for(firing, timeout=60, what="the services' alerts to fire")
    # 10% > 5% pages, and 10% > 0.8 * 5% warns; p95 0.6875 s > 0.5 s warns, per service.
    assert found == {
        (name, severity, service)
        for service in SERVICES
        for name, severity in (
            (svc.ALERT_ERROR_RATE_HIGH, "critical"),
            (svc.ALERT_ERROR_RATE_HIGH, "warning"),
            (svc.ALERT_LATENCY_HIGH, "warning"),
        )
    }


def test_the_availability_slo_reads_the_services_5xx_ratio(live: dict[str, Any]) -> None:
    """Each of the three services answered 10 of its 100 requests with 5xx, so the summed
    SLI over 5m is 30 / 300 = 0.1 whatever each target's extrapolation factor f_i:
    sum(10 f_i) / sum(100 f_i) = 0.1."""
    prom = live["prometheus"]
    (sli,) = binaries.wait_for(
        lambda: binaries.query(prom, 'slo:sli_error:ratio_rate5m{source="services"}'),
        timeout=30,
        what="the services SLI",
    )
    assert sli["metric"] == {
        "__name__": "slo:sli_error:ratio_rate5m",
        "product": "shop",
        "environment": "production",
        "slo": "availability",
        "source": "services",
    }
    assert float(sli["value"][1]) == pytest.approx(0.1, rel=1e-9)
