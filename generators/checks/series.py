"""How many series a portfolio costs, counted by the real Prometheus: ``python -m
generators.checks.series`` (figures quoted in docs/scaling.md).

For the example portfolio and for 100 and 1,000 products (the example's products repeated),
it starts on 127.0.0.1 the real blackbox_exporter probing a loopback health endpoint per
configured endpoint, one loopback ``/metrics`` per exporter in use serving every catalog
metric of that source for every product that has it, and the real Prometheus with the
generated ``prometheus.yml`` and rule files. Once the head stops growing it reads what
Prometheus holds: series per scrape job, recorded series, alert series, per product and per
SLO, head series, resident and heap memory. Nothing is estimated except the cardinality of
the labels an exporter fills from upstream (``LABEL_VALUES``: how many workflows, top pages,
funnels... a product has), which the output states.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import itertools
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import MappingProxyType

import httpx

from generators import pipeline
from generators.stack import prometheus as prometheus_config
from portfolio import catalog, conventions, durations
from portfolio.config.loader import load_config
from portfolio.config.model import Endpoint, Portfolio, Probe
from portfolio.metric import Metric

HOST = "127.0.0.1"
SIZES = (100, 1000)
# Scrape, probe and evaluation interval of the measurement, and the scrape timeout: long
# enough for the first scrape of 1,000 products' GitHub series (it creates every series).
INTERVAL = "15s"
START_TIMEOUT = 60.0
SETTLE_TIMEOUT = 300.0
HTTP_TIMEOUT = httpx.Timeout(60.0)
# Values per product of the labels an exporter fills from upstream (product, environment,
# endpoint and team come from the config). Top-N labels are at their configured N.
LABEL_VALUES: Mapping[str, int] = MappingProxyType(
    {
        "status_class": 3,  # 2xx 4xx 5xx
        "status": 2,
        "result": 3,
        "workflow": 3,  # GitHub Actions workflows per repository
        "conclusion": 3,
        "branch_class": 2,
        "job_name": 4,
        "step": 4,  # funnel steps
        "page": 10,  # Plausible top pages
        "source": 10,  # Plausible top sources
        "feature": 5,  # PostHog feature flags
        "funnel": 2,
        "experiment": 2,
        "variant": 2,
        "cohort": 3,
        "period": 2,
        "window": 1,
        "healthcheck": 1,
        "reason": 2,
        "event": 2,
        "action": 2,
        "operation": 2,
    }
)
SUMMARY_QUANTILES = ("0.5", "0.95", "0.99")


@dataclass(frozen=True)
class Measurement:
    products: int
    endpoints: int
    slos: int
    head_series: int
    by_job: Mapping[str, int]  # scraped series per job
    recorded: int  # series of recording rules (names with ':')
    alert_series: int  # ALERTS and ALERTS_FOR_STATE
    product_series: int  # every series with a product label
    slo_series: int  # every series with an slo label
    samples_per_second: float  # at the portfolio's configured intervals
    resident_bytes: int
    heap_bytes: int

    def row(self) -> str:
        per_product = self.product_series / self.products
        per_slo = self.slo_series / self.slos if self.slos else 0.0
        return (
            f"| {self.products:,} | {self.endpoints:,} | {self.slos:,} | "
            f"{sum(self.by_job.values()):,} | {self.recorded:,} | {self.head_series:,} | "
            f"{per_product:,.0f} | {per_slo:,.1f} | {self.samples_per_second:,.0f} | "
            f"{self.resident_bytes / 2**20:,.0f} | {self.heap_bytes / self.head_series:,.0f} |"
        )


HEADER = (
    "| products | endpoints | SLOs | scraped series | recorded series | head series | "
    "series per product | series per SLO | samples/s | RSS MiB | heap bytes/series |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def scaled(base: Portfolio, count: int) -> Portfolio:
    """``count`` products, the example's products repeated under new ids (sources, SLOs and
    endpoints as in the example)."""
    products = []
    for i in range(count):
        template = base.products[i % len(base.products)]
        pid = f"p{i:04d}"
        products.append(
            dataclasses.replace(
                template,
                id=pid,
                name=f"Product {i}",
                slos=tuple(dataclasses.replace(slo, product=pid) for slo in template.slos),
            )
        )
    return dataclasses.replace(
        base, products=tuple(products), all_slos=tuple(s for p in products for s in p.slos)
    )


def _loopback(portfolio: Portfolio, ports: Mapping[str, int], health: str) -> Portfolio:
    """Every address on 127.0.0.1, every endpoint a path of the loopback health server."""
    addresses = {name: f"{HOST}:{ports[name]}" for name in portfolio.stack.addresses}
    stack = dataclasses.replace(
        portfolio.stack, addresses=MappingProxyType(addresses), scrape_interval=INTERVAL
    )
    timeout = durations.render(durations.seconds(INTERVAL) / 2)
    products = tuple(
        dataclasses.replace(
            product,
            endpoints=tuple(
                Endpoint(
                    e.name,
                    f"{health}/{product.id}/{e.environment}/{e.name}",
                    e.environment,
                    e.module if e.module != "icmp" else "tcp_connect",
                )
                for e in product.endpoints
            ),
        )
        for product in portfolio.products
    )
    return dataclasses.replace(
        portfolio,
        stack=stack,
        products=products,
        probe=Probe(portfolio.probe.module, INTERVAL, timeout),
    )


def _values(label: str) -> list[str]:
    if label == "quantile":
        return list(SUMMARY_QUANTILES)
    return [f"{label}{i}" for i in range(LABEL_VALUES.get(label, 1))]


def _label_text(labels: Mapping[str, str]) -> str:
    inner = ",".join(f'{k}="{v}"' for k, v in labels.items())
    return f"{{{inner}}}" if inner else ""


def _samples(metric: Metric, labels: dict[str, str]) -> Iterator[str]:
    if metric.type == "histogram":
        for bound in [*(f"{b:g}" for b in metric.buckets or (1.0,)), "+Inf"]:
            yield f"{metric.name}_bucket{_label_text({**labels, 'le': bound})} 1"
        yield f"{metric.name}_sum{_label_text(labels)} 1"
        yield f"{metric.name}_count{_label_text(labels)} 1"
    elif metric.type == "summary":
        for quantile in SUMMARY_QUANTILES:
            yield f"{metric.name}{_label_text({**labels, 'quantile': quantile})} 1"
        yield f"{metric.name}_sum{_label_text(labels)} 1"
        yield f"{metric.name}_count{_label_text(labels)} 1"
    else:
        yield f"{metric.name}{_label_text(labels)} 1"


def exposition(portfolio: Portfolio, source: str) -> str:
    """What the exporter of ``source`` would serve: every catalog metric of the source, per
    product that has it (per environment where the metric has one), upstream-filled labels
    at ``LABEL_VALUES`` values each; self-metrics once."""
    lines = []
    for metric in catalog.exporter_metrics(source):
        kind = "unknown" if metric.type == "info" else metric.type
        lines.append(f"# TYPE {metric.name.removesuffix('_total')} {kind}")
        rest = [
            label
            for label in metric.labels
            if label not in (conventions.PRODUCT, conventions.ENVIRONMENT, conventions.TEAM)
        ]
        rest = [label for label in rest if label != "quantile"]
        if conventions.PRODUCT not in metric.labels:
            bases: list[dict[str, str]] = [{}]
        else:
            bases = [
                {
                    conventions.PRODUCT: product.id,
                    **(
                        {conventions.ENVIRONMENT: environment}
                        if conventions.ENVIRONMENT in metric.labels
                        else {}
                    ),
                    **(
                        {conventions.TEAM: product.team}
                        if conventions.TEAM in metric.labels
                        else {}
                    ),
                }
                for product in portfolio.products
                if source in product.sources
                for environment in (
                    product.environments
                    if conventions.ENVIRONMENT in metric.labels
                    else product.environments[:1]
                )
            ]
        for base in bases:
            for combo in itertools.product(*(_values(label) for label in rest)):
                lines.extend(_samples(metric, {**base, **dict(zip(rest, combo, strict=True))}))
    return "\n".join(lines) + "\n"


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        return  # a scrape Prometheus gave up on; the scrape's own series say so


def _serve(body: bytes) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = _QuietServer((HOST, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _process(args: Sequence[str], url: str, ready: str, log: Path) -> Iterator[None]:
    with log.open("wb") as handle:
        popen = subprocess.Popen(list(args), stdout=handle, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if popen.poll() is not None:
                raise RuntimeError(f"{args[0]} exited:\n{log.read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + ready, timeout=2.0).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{args[0]} not ready:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield
    finally:
        popen.terminate()
        try:
            popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait()


def _scalar(url: str, expr: str) -> float:
    body = httpx.get(f"{url}/api/v1/query", params={"query": expr}, timeout=HTTP_TIMEOUT).json()
    result = body["data"]["result"]
    return float(result[0]["value"][1]) if result else 0.0


def _vector(url: str, expr: str, label: str) -> dict[str, int]:
    body = httpx.get(f"{url}/api/v1/query", params={"query": expr}, timeout=HTTP_TIMEOUT).json()
    return {r["metric"].get(label, ""): int(float(r["value"][1])) for r in body["data"]["result"]}


def _binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(
            f"{name} not found (apt-get install prometheus prometheus-blackbox-exporter)"
        )
    return path


def measure(portfolio: Portfolio) -> Measurement:
    """Run the real Prometheus over ``portfolio`` on loopback and count what it holds."""
    prometheus, blackbox = _binary("prometheus"), _binary("prometheus-blackbox-exporter")
    health = _serve(b'{"status": "ok"}')
    health_url = f"http://{HOST}:{health.server_address[1]}"
    ports = {name: _free_port() for name in portfolio.stack.addresses}
    local = _loopback(portfolio, ports, health_url)
    exporters = [_serve(exposition(local, source).encode()) for source in local.sources_in_use()]
    ports.update(
        {
            f"{source}_exporter": int(server.server_address[1])
            for source, server in zip(local.sources_in_use(), exporters, strict=True)
        }
    )
    local = _loopback(portfolio, ports, health_url)
    try:
        with tempfile.TemporaryDirectory(prefix="series-") as tmp:
            root = Path(tmp)
            for rel, text in pipeline.build_all(local).items():
                if rel.startswith(("stack/", "alert_rules/")) and not rel.endswith(".test.yml"):
                    if rel == prometheus_config.FILE:
                        text = text.replace(
                            "  evaluation_interval:",
                            f"  scrape_timeout: {INTERVAL}\n  evaluation_interval:",
                        )
                    (root / rel).parent.mkdir(parents=True, exist_ok=True)
                    (root / rel).write_text(text)
            prom_url = f"http://{HOST}:{ports['prometheus']}"
            bb_url = f"http://{HOST}:{ports['blackbox']}"
            with (
                _process(
                    [
                        blackbox,
                        f"--config.file={root / 'stack/blackbox/blackbox.yml'}",
                        f"--web.listen-address={HOST}:{ports['blackbox']}",
                    ],
                    bb_url,
                    "/-/healthy",
                    root / "blackbox.log",
                ),
                _process(
                    [
                        prometheus,
                        f"--config.file={root / prometheus_config.FILE}",
                        f"--storage.tsdb.path={root / 'data'}",
                        f"--web.listen-address={HOST}:{ports['prometheus']}",
                    ],
                    prom_url,
                    "/-/ready",
                    root / "prometheus.log",
                ),
            ):
                head = _settle(prom_url)
                return _read(prom_url, portfolio, head)
    finally:
        for server in [health, *exporters]:
            server.shutdown()
            server.server_close()


def _settle(url: str) -> int:
    """Wait until the head has held the same number of series for three intervals (every
    rule evaluated, every alert pending or firing)."""
    step = durations.seconds(INTERVAL)
    deadline = time.monotonic() + SETTLE_TIMEOUT
    time.sleep(4 * step)
    history: list[int] = []
    while time.monotonic() < deadline:
        history.append(int(_scalar(url, "prometheus_tsdb_head_series")))
        if len(history) >= 4 and len(set(history[-4:])) == 1:
            return history[-1]
        time.sleep(step)
    raise RuntimeError(f"head series still changing after {SETTLE_TIMEOUT:.0f}s: {history}")


def _read(url: str, portfolio: Portfolio, head: int) -> Measurement:
    scraped = 'count by (job) ({__name__!~".+:.+", __name__!~"ALERTS.*", job!=""})'
    by_job = _vector(url, scraped, "job")
    recorded = int(_scalar(url, 'count({__name__=~".+:.+"})'))
    alerts = int(_scalar(url, 'count({__name__=~"ALERTS|ALERTS_FOR_STATE"})'))
    stack = portfolio.stack
    probe_series = by_job.get(conventions.JOB_BLACKBOX, 0)
    other_scraped = sum(by_job.values()) - probe_series
    rate = (
        probe_series / durations.seconds(portfolio.probe.interval)
        + other_scraped / durations.seconds(stack.scrape_interval)
        + (recorded + alerts) / durations.seconds(stack.scrape_interval)
    )
    return Measurement(
        products=len(portfolio.products),
        endpoints=sum(len(p.endpoints) for p in portfolio.products),
        slos=len(portfolio.slos()),
        head_series=head,
        by_job=MappingProxyType(dict(sorted(by_job.items()))),
        recorded=recorded,
        alert_series=alerts,
        product_series=int(_scalar(url, 'count({product!=""})')),
        slo_series=int(_scalar(url, 'count({slo!=""})')),
        samples_per_second=rate,
        resident_bytes=int(_scalar(url, 'process_resident_memory_bytes{job="prometheus"}')),
        heap_bytes=int(_scalar(url, 'go_memstats_heap_inuse_bytes{job="prometheus"}')),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generators.checks.series", description=__doc__)
    parser.add_argument("--config", default="portfolio.yaml")
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="product counts besides the config's"
    )
    args = parser.parse_args(argv)
    base = load_config(args.config)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(HEADER)
    results = [measure(base)] + [measure(scaled(base, n)) for n in sizes]
    for result in results:
        print(result.row())
    print()
    print("scraped series per job:")
    for result in results:
        jobs = ", ".join(f"{job} {count:,}" for job, count in result.by_job.items())
        print(f"- {result.products:,} products: {jobs}; alert series {result.alert_series:,}")
    print(
        "\nassumed values per product of upstream-filled labels: "
        + ", ".join(f"{k} {v}" for k, v in LABEL_VALUES.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
