"""``make stack``: the generated stack, run from the Debian packages on 127.0.0.1.

Use it to try the config on this machine without Docker; ``docker compose up`` runs the same
stack in containers (with Grafana, which has no Debian package). The localhost variant of the
model (every ``stack.addresses`` entry on 127.0.0.1, ports as configured, free or chosen) goes
through the same builders and the writer into a git-ignored folder (``build/stack``). Then
Prometheus, Alertmanager, blackbox_exporter and the exporters in use start; the URLs are
printed; Ctrl-C or SIGTERM stops everything. ``--check`` starts everything, waits until every
rule has evaluated healthy and every scrape target is up, stops and exits 0, or 1 saying what
was missing.

It sits above the pipeline: it calls the generators and the writer, and no generator stage
imports it. What it writes and which addresses it uses are decided by the pure functions at
the top; the rest supervises processes.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, MappingProxyType

import httpx

from generators import pipeline
from generators.output.writer import write_all
from generators.stack import compose, prometheus
from portfolio import conventions, durations, sources
from portfolio import services as svc
from portfolio.catalog import incident_bridge
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio, Probe, replica_of
from portfolio.errors import PortfolioError
from portfolio.sources.descriptor import StackProcess
from stack_runner.ports import HOST, free_port, port_is_free

log = logging.getLogger("stack_runner.supervisor")

REPO_ROOT = Path(__file__).resolve().parents[1]  # where ``python -m exporters.<x>`` imports from
DEFAULT_OUT = "build/stack"
CHECK_INTERVAL = "1s"  # --check evaluates and scrapes every second so it needs no long waits
START_TIMEOUT = 30.0  # seconds a process may take to answer its readiness endpoint
STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
HTTP_TIMEOUT = httpx.Timeout(5.0)
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class LocalStackError(PortfolioError):
    """The local stack cannot start: a binary is missing or a port is taken (exit code 2)."""


class ProcessFailed(LocalStackError):
    """A server exited or never became ready (exit code 1)."""


class Interrupted(LocalStackError):
    """SIGINT or SIGTERM arrived while the stack was starting."""


@dataclass(frozen=True)
class Binary:
    """A Debian-packaged server of the stack."""

    executable: str
    package: str
    ready: str  # readiness path


BINARIES: Mapping[str, Binary] = MappingProxyType(
    {
        "prometheus": Binary("prometheus", "prometheus", "/-/ready"),
        "alertmanager": Binary("prometheus-alertmanager", "prometheus-alertmanager", "/-/ready"),
        "blackbox": Binary(
            "prometheus-blackbox-exporter", "prometheus-blackbox-exporter", "/-/healthy"
        ),
        "pushgateway": Binary("prometheus-pushgateway", "prometheus-pushgateway", "/-/ready"),
        # When a service names a host of the stack for its node_exporter (config.services).
        svc.NODE_COMPONENT: Binary(
            "prometheus-node-exporter", "prometheus-node-exporter", "/metrics"
        ),
    }
)
EXPORTER_READY = "/healthz"


# --- pure: what to run and where -------------------------------------------------------------


def localhost(portfolio: Portfolio, ports: Mapping[str, int], interval: str | None) -> Portfolio:
    """The model with every address on 127.0.0.1 (``ports[component]``, else the configured
    port) and, given ``interval``, scrapes, rule evaluations and probes that often."""
    addresses = {
        name: f"{HOST}:{ports.get(name, compose.split_address(address)[1])}"
        for name, address in portfolio.stack.addresses.items()
    }
    stack = dataclasses.replace(portfolio.stack, addresses=MappingProxyType(addresses))
    local = dataclasses.replace(portfolio, stack=stack)
    if interval is None:
        return local
    every = durations.seconds(interval)
    probe = Probe(
        module=portfolio.probe.module,
        interval=interval,
        timeout=durations.render(min(durations.seconds(portfolio.probe.timeout), every / 2)),
    )
    return dataclasses.replace(
        local, probe=probe, stack=dataclasses.replace(stack, scrape_interval=interval)
    )


def outputs(local: Portfolio) -> dict[str, str]:
    """The files the local servers read: stack config and every rule file, at their
    repository paths, so ``prometheus.yml``'s relative ``rule_files`` resolve."""
    return {
        path: text
        for path, text in pipeline.build_all(local).items()
        if path.startswith(("stack/prometheus/", "stack/alertmanager/", "stack/blackbox/"))
        or (path.startswith("alert_rules/") and path.endswith(".rules.yml"))
    }


def cluster_args(local: Portfolio, peer: str, cluster_ports: Mapping[str, int]) -> list[str]:
    """Alertmanager's gossip flags on 127.0.0.1: each peer listens on its own cluster port and
    advertises it (on loopback Alertmanager finds no private address to advertise), and
    joins every other peer. Off for a single Alertmanager."""
    if not local.stack.clustered:
        return ["--cluster.listen-address="]
    own = f"{HOST}:{cluster_ports[peer]}"
    return [
        f"--cluster.listen-address={own}",
        f"--cluster.advertise-address={own}",
        *(
            f"--cluster.peer={HOST}:{cluster_ports[other]}"
            for other in local.stack.alertmanager_peers
            if other != peer
        ),
    ]


def missing_secrets(process: str | StackProcess, env: Mapping[str, str]) -> list[str]:
    """Secret settings of an exporter (its source name) or another Python process of the
    stack that ``env`` gives neither directly nor as ``*_FILE``."""
    spec = sources.EXPORTERS[process] if isinstance(process, str) else process
    names = spec.secret_variables()
    return [n for n in names if not env.get(n) and not env.get(f"{n}_FILE")]


def bridge_env(local: Portfolio, env: Mapping[str, str]) -> dict[str, str]:
    """``env`` with the incident bridge's bearer token defaulting to the file Alertmanager
    sends it from (``incidents.credentials_file``), when that file exists: one secret, read
    by both, so they cannot disagree."""
    variable = f"{incident_bridge.PROCESS.env_prefix}TOKEN"
    out = dict(env)
    given = env.get(variable) or env.get(f"{variable}_FILE")
    if not given and local.incidents is not None:
        credentials = Path(local.incidents.credentials_file)
        if credentials.is_file():
            out[f"{variable}_FILE"] = str(credentials)
    return out


# What every process may inherit: where programs and the home folder are, locale, time zone.
BASE_ENVIRONMENT = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR")
# What an exporter also needs to reach its SaaS API from this machine, and to import itself.
EXPORTER_ENVIRONMENT = (
    "PYTHONPATH",
    "VIRTUAL_ENV",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "HTTPS_PROXY",
    "https_proxy",
    "NO_PROXY",
    "no_proxy",
)


def base_env(env: Mapping[str, str]) -> dict[str, str]:
    """The environment of Prometheus, Alertmanager, blackbox_exporter and the Pushgateway:
    no token or secret of any exporter (they read their own secrets from files)."""
    return {name: env[name] for name in BASE_ENVIRONMENT if name in env}


def exporter_env(
    process: str | StackProcess, config: Path, port: int, env: Mapping[str, str]
) -> dict[str, str]:
    """An exporter's (or the incident bridge's) environment: the base, its own ``<PREFIX>*``
    settings (never another process's), and where it listens and finds the config."""
    spec = sources.EXPORTERS[process] if isinstance(process, str) else process
    prefix = spec.env_prefix
    own = {name: value for name, value in env.items() if name.startswith(prefix)}
    passed = {name: env[name] for name in EXPORTER_ENVIRONMENT if name in env}
    return {
        **base_env(env),
        **passed,
        **own,
        f"{prefix}CONFIG": str(config),
        f"{prefix}LISTEN_HOST": HOST,
        f"{prefix}LISTEN_PORT": str(port),
    }


# --- processes ----------------------------------------------------------------------------


@dataclass
class Process:
    name: str  # stack.addresses component
    url: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 20) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def _http() -> httpx.Client:
    # Loopback only: never through a proxy from the environment.
    return httpx.Client(timeout=HTTP_TIMEOUT, trust_env=False)


class LocalStack:
    """Starts the servers in order, stops them in reverse; a context manager."""

    def __init__(self, out: Path, stopping: threading.Event) -> None:
        self.out = out
        self.stopping = stopping
        self.processes: list[Process] = []

    def __enter__(self) -> LocalStack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(
        self, name: str, args: Sequence[str], port: int, ready: str, env: Mapping[str, str]
    ) -> Process:
        logs = self.out / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        log_path = logs / f"{name}.log"
        with log_path.open("wb") as handle:
            # A session of its own: Ctrl-C reaches this runner, which stops them in order.
            popen = subprocess.Popen(
                list(args),
                cwd=REPO_ROOT,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, f"http://{HOST}:{port}", popen, log_path)
        self.processes.append(process)
        self._wait_ready(process, ready)
        return process

    def _wait_ready(self, process: Process, path: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        last = "no answer"
        with _http() as client:
            while time.monotonic() < deadline:
                if self.stopping.is_set():
                    raise Interrupted(f"stopped while {process.name} was starting")
                if process.popen.poll() is not None:
                    raise ProcessFailed(
                        f"{process.name} exited with {process.popen.returncode}:\n{process.tail()}"
                    )
                try:
                    response = client.get(process.url + path)
                    if response.status_code == 200:
                        return
                    last = f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    last = str(exc) or type(exc).__name__
                time.sleep(0.1)
        raise ProcessFailed(
            f"{process.name} not ready after {START_TIMEOUT:.0f}s ({last}); log: {process.log}"
        )

    def died(self) -> Process | None:
        return next((p for p in self.processes if p.popen.poll() is not None), None)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.popen.poll() is None:
                process.popen.terminate()
        for process in reversed(self.processes):
            try:
                process.popen.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop in %.0fs: killing it", process.name, STOP_TIMEOUT)
                process.popen.kill()
                process.popen.wait()
        self.processes.clear()


def _executable(binary: Binary) -> str:
    path = shutil.which(binary.executable)
    if path is None:
        raise LocalStackError(f"{binary.executable} not found: apt-get install {binary.package}")
    return path


def _server_args(
    name: str, executable: str, out: Path, port: int, cluster: Sequence[str] = ()
) -> list[str]:
    """Command line of a server; ``name`` is its ``stack.addresses`` key (a replica's too)."""
    listen = f"--web.listen-address={HOST}:{port}"
    data = out / "data" / name
    data.mkdir(parents=True, exist_ok=True)
    kind = replica_of(name)
    config = {
        "prometheus": [f"--config.file={out / prometheus.replica_file(name)}"],
        "alertmanager": [f"--config.file={out / 'stack/alertmanager/alertmanager.yml'}"],
        "blackbox": [f"--config.file={out / 'stack/blackbox/blackbox.yml'}"],
        "pushgateway": [],  # configured by flags only
        svc.NODE_COMPONENT: [],
    }[kind]
    extra = {
        "prometheus": [f"--storage.tsdb.path={data}", "--web.enable-lifecycle"],
        "alertmanager": [f"--storage.path={data}", *(cluster or ["--cluster.listen-address="])],
        "blackbox": [],
        "pushgateway": [f"--persistence.file={data / 'metrics'}"],
        svc.NODE_COMPONENT: [],
    }[kind]
    return [executable, *config, listen, *extra]


# --- checks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Health:
    ok: bool
    problems: tuple[str, ...]
    summary: str


def stack_health(prometheus: str, jobs: Sequence[str], alertmanager: str) -> Health:
    """Every rule evaluated and healthy; every target of ``jobs`` up; Alertmanager known."""
    problems: list[str] = []
    with _http() as client:
        groups = client.get(f"{prometheus}/api/v1/rules").json()["data"]["groups"]
        rules = [r for g in groups for r in g["rules"]]
        for rule in rules:
            if rule.get("lastEvaluation", "0001").startswith("0001"):
                problems.append(f"rule {rule['name']}: not evaluated yet")
            elif rule["health"] != "ok":
                problems.append(f"rule {rule['name']}: {rule['health']} {rule.get('lastError')}")
        if not rules:
            problems.append("no rules loaded")
        targets = client.get(f"{prometheus}/api/v1/targets").json()["data"]["activeTargets"]
        for job in jobs:
            mine = [t for t in targets if t["labels"].get("job") == job]
            if not mine:
                problems.append(f"job {job}: no target")
            for target in mine:
                if target["health"] != "up":
                    error = target.get("lastError") or target["health"]
                    problems.append(f"job {job}: {target['scrapeUrl']} {error}")
        managers = client.get(f"{prometheus}/api/v1/alertmanagers").json()["data"]
        if not any(m["url"].startswith(alertmanager) for m in managers["activeAlertmanagers"]):
            problems.append(f"Prometheus does not know Alertmanager at {alertmanager}")
    summary = f"{len(rules)} rules healthy, targets up in jobs {', '.join(jobs)}"
    return Health(not problems, tuple(problems), summary)


def probe_results(prometheus: str) -> list[str]:
    """One line per health endpoint: what its last probe said (informational)."""
    try:
        with _http() as client:
            response = client.get(f"{prometheus}/api/v1/query", params={"query": "probe_success"})
            body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        return [f"results unavailable: {exc}"]
    return sorted(
        f"{r['metric'].get(conventions.PRODUCT)}/{r['metric'].get(conventions.ENDPOINT)}: "
        f"{'up' if r['value'][1] == '1' else 'DOWN'} ({r['metric'].get('instance')})"
        for r in body["data"]["result"]
    )


def wait_healthy(check: Callable[[], Health], timeout: float, stopping: threading.Event) -> Health:
    deadline = time.monotonic() + timeout
    health = Health(False, ("not checked",), "")
    while not stopping.is_set():
        try:
            health = check()
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            health = Health(False, (f"Prometheus API: {exc}",), "")
        if health.ok or time.monotonic() > deadline:
            return health
        stopping.wait(0.5)
    return health


# --- command line -------------------------------------------------------------------------


def _ports(portfolio: Portfolio, names: Sequence[str], args: argparse.Namespace) -> dict[str, int]:
    chosen: dict[str, int] = {}
    for item in args.port:
        name, _, value = item.partition("=")
        if name not in portfolio.stack.addresses or not value.isdigit():
            known = ", ".join(portfolio.stack.addresses)
            raise LocalStackError(f"--port {item!r}: expected NAME=PORT with NAME one of {known}")
        chosen[name] = int(value)
    ports: dict[str, int] = {}
    for name in names:
        if name in chosen:
            ports[name] = chosen[name]
        elif args.free_ports:
            ports[name] = free_port()
        else:
            ports[name] = compose.split_address(portfolio.stack.addresses[name])[1]
        if not port_is_free(ports[name]):
            raise LocalStackError(
                f"port {ports[name]} ({name}) is in use on {HOST}: "
                f"pass --free-ports or --port {name}=PORT"
            )
    return ports


def _exporters(portfolio: Portfolio, env: Mapping[str, str]) -> list[str]:
    """Sources whose exporter starts; says why the others do not."""
    started = []
    for source in portfolio.sources_in_use():
        if source not in sources.EXPORTERS:
            log.info("%s exporter: not started (not written yet)", source)
            continue
        missing = missing_secrets(source, env)
        if missing:
            names = " or ".join(f"{m}/{m}_FILE" for m in missing)
            log.info("%s exporter: not started: set %s to start it", source, names)
            continue
        started.append(source)
    return started


def _bridge(portfolio: Portfolio, env: Mapping[str, str]) -> list[StackProcess]:
    """The incident bridge, when the stack runs it (``incidents.url`` names a host of the
    stack) and its secrets are there; says why not otherwise."""
    if incident_bridge.COMPONENT not in portfolio.stack.addresses:
        return []
    missing = missing_secrets(incident_bridge.PROCESS, bridge_env(portfolio, env))
    if missing:
        names = " or ".join(f"{m}/{m}_FILE" for m in missing)
        log.info("incident bridge: not started: set %s to start it", names)
        return []
    return [incident_bridge.PROCESS]


ProgressBar = Callable[[str, int | None], AbstractContextManager[Callable[[str], None]]]


@contextlib.contextmanager
def _no_bar(_description: str, _total: int | None) -> Iterator[Callable[[str], None]]:
    yield lambda _label: None


def run(
    args: argparse.Namespace,
    env: Mapping[str, str],
    stopping: threading.Event,
    progress_bar: ProgressBar = _no_bar,
    on_ready: Callable[[Mapping[str, str]], None] | None = None,
    adjust: Callable[[Portfolio], Portfolio] | None = None,
) -> int:
    """``progress_bar``: the command line's progress bar (a step per started process, then
    with ``--check`` one while it waits for health); none by default. ``on_ready`` is called
    with component -> URL once every process has started (the demo prints its guide);
    ``adjust`` changes the loaded model before anything is written (the demo points the
    services' scrape targets at its fakes)."""
    config = Path(args.config).resolve()
    portfolio = load_config(config)
    if adjust is not None:
        portfolio = adjust(portfolio)
    out = Path(args.out).resolve()
    started = _exporters(portfolio, env)
    env = bridge_env(portfolio, env)
    python: dict[str, StackProcess] = {
        **{sources.EXPORTERS[s].component: sources.EXPORTERS[s] for s in started},
        **{p.component: p for p in _bridge(portfolio, env)},
    }
    gateway = ["pushgateway"] if portfolio.stack.pushgateway else []
    peers = list(portfolio.stack.alertmanager_peers)
    node = [c for c in (svc.NODE_COMPONENT,) if c in portfolio.stack.addresses]
    names = [*peers, "blackbox", *gateway, *python, *node]
    names += portfolio.stack.prometheus_replicas
    executables = {
        name: _executable(BINARIES[replica_of(name)])
        for name in names
        if replica_of(name) in BINARIES
    }
    ports = _ports(portfolio, names, args)
    if args.free_ports:
        # Exporters that do not start are still scraped: give them a port no default uses.
        skipped = [f"{s}_exporter" for s in portfolio.sources_in_use() if s not in started]
        if incident_bridge.COMPONENT in portfolio.stack.addresses and not python.get(
            incident_bridge.COMPONENT
        ):
            skipped.append(incident_bridge.COMPONENT)
        ports.update({name: free_port() for name in skipped})
    interval = args.interval or (CHECK_INTERVAL if args.check else None)
    local = localhost(portfolio, ports, interval)
    cluster_ports = {peer: free_port() for peer in peers} if local.stack.clustered else {}
    write_all(outputs(local), out)
    log.info("config for 127.0.0.1 written to %s", out)
    url = {name: f"http://{HOST}:{ports[name]}" for name in names}
    with LocalStack(out, stopping) as running:
        # The bar lasts while processes start (each waits until it is ready), not while
        # the stack runs.
        with progress_bar("stack: starting", len(names)) as advance:
            for name in names:
                advance(name)
                if replica_of(name) in BINARIES:
                    cluster = cluster_args(local, name, cluster_ports) if name in peers else []
                    argv = _server_args(name, executables[name], out, ports[name], cluster)
                    ready = BINARIES[replica_of(name)].ready
                    running.start(name, argv, ports[name], ready, base_env(env))
                else:
                    argv = [sys.executable, "-m", str(python[name].exporter)]
                    child_env = exporter_env(python[name], config, ports[name], env)
                    running.start(name, argv, ports[name], EXPORTER_READY, child_env)
        for name in names:
            log.info("%-18s %s", name, url[name])
        log.info("%-18s not started: no Debian package; `docker compose up` runs it", "grafana")
        log.info(
            "logs in %s; Alertmanager reads secrets from %s",
            out / "logs",
            portfolio.stack.secrets_dir,
        )
        if on_ready is not None:
            on_ready(url)
        # The node job also scrapes the services' own hosts, which need not be reachable from
        # here; the stack's node_exporter has answered its readiness check.
        checked = [n for n in names if n != svc.NODE_COMPONENT]
        jobs = [*dict.fromkeys(compose_job(n) for n in checked), conventions.JOB_BLACKBOX]
        if args.check:
            with progress_bar("stack --check: waiting until every target is up", None):
                health = wait_healthy(
                    lambda: stack_health(url["prometheus"], jobs, url["alertmanager"]),
                    args.timeout,
                    stopping,
                )
            if stopping.is_set():
                log.info("stopped before the stack was healthy")
                return EXIT_FAILED
            for line in probe_results(url["prometheus"]):
                log.info("probe %s", line)
            if health.ok:
                log.info("stack ok: %s", health.summary)
                return EXIT_OK
            log.error(
                "stack not healthy after %.0fs:\n  %s", args.timeout, "\n  ".join(health.problems)
            )
            return EXIT_FAILED
        log.info("running; Ctrl-C stops the stack")
        while not stopping.wait(1.0):
            dead = running.died()
            if dead is not None:
                log.error("%s exited with %s:\n%s", dead.name, dead.popen.returncode, dead.tail())
                return EXIT_FAILED
        log.info("stopping")
    return EXIT_OK


def compose_job(component: str) -> str:
    """The Prometheus job that scrapes a ``stack.addresses`` component."""
    fixed = {
        "prometheus": conventions.JOB_PROMETHEUS,
        "alertmanager": conventions.JOB_ALERTMANAGER,
        "blackbox": conventions.JOB_BLACKBOX_EXPORTER,
        "pushgateway": conventions.JOB_PUSHGATEWAY,
        incident_bridge.COMPONENT: conventions.JOB_INCIDENT_BRIDGE,
        svc.NODE_COMPONENT: svc.NODE_JOB,
    }
    kind = replica_of(component)
    return fixed.get(kind) or conventions.exporter_job(component.removesuffix("_exporter"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m stack_runner",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--config", default="portfolio.yaml", help="the portfolio config")
    parser.add_argument(
        "--out", default=DEFAULT_OUT, help=f"config and data (default {DEFAULT_OUT})"
    )
    parser.add_argument("--free-ports", action="store_true", help="pick free ports")
    parser.add_argument(
        "--port",
        action="append",
        default=[],
        metavar="NAME=PORT",
        help="port of one component (prometheus, alertmanager, blackbox, github_exporter...)",
    )
    parser.add_argument(
        "--interval",
        default=None,
        help=f"scrape, evaluation and probe interval (default: the config's; {CHECK_INTERVAL} with --check)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="start, wait until rules are healthy and targets up, stop; exit 0 or 1",
    )
    parser.add_argument("--timeout", type=float, default=45.0, help="seconds --check waits")
    return parser


def main(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    progress_bar: ProgressBar = _no_bar,
) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.interval is not None and (
        not durations.is_valid(args.interval) or durations.seconds(args.interval) <= 0
    ):
        log.error("--interval %r: expected a duration like 1s or 15s", args.interval)
        return EXIT_BAD_INPUT
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        return run(args, os.environ if env is None else env, stopping, progress_bar)
    except Interrupted as exc:
        log.info("%s", exc)
        return EXIT_FAILED if args.check else EXIT_OK
    except ProcessFailed as exc:
        log.error("error: %s", exc)
        return EXIT_FAILED
    except LocalStackError as exc:
        log.error("error: %s", exc)
        return EXIT_BAD_INPUT
    except PortfolioError as exc:
        log.error("%s", exc)
        return EXIT_BAD_INPUT
