"""``make stack``: the local variant of the stack, and the real binaries running it.

Unit: the localhost model moves every address to 127.0.0.1 and keeps everything else, so the
rule files are byte-identical to the committed ones; exporters start only with their secrets.
Integration (real Prometheus, Alertmanager, blackbox_exporter and the GitHub exporter against
a fake GitHub API, all on 127.0.0.1): ``--check`` reports the stack healthy and exits 0; the
interactive mode prints its URLs, says why an exporter without a token is skipped, and stops
every process on SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from fakes.github import FakeGitHub
from portfolio import conventions
from portfolio.config.model import Portfolio
from stack_runner import supervisor as localstack
from tests.support import binaries
from tests.support.loopback import serve

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 55  # seconds: each integration test must finish in under a minute

CONFIG = """
version: 1
portfolio:
  name: Local
  team: ops
  grafana_url: http://127.0.0.1:3000
  runbook_url: https://runbooks.example/{{product}}/{{alert}}
teams:
  ops:
    name: Operations
    slack: {{channel: "#ops"}}
products:
  shop:
    name: Shop
    team: ops
    sources:
      github: {{repos: [example/shop]}}
    health_endpoints:
      - {{name: web, url: "{health}/health"}}
"""


# --- unit ---------------------------------------------------------------------------------


def test_the_local_model_moves_every_address_to_loopback_and_keeps_the_rest(
    example_portfolio: Portfolio,
) -> None:
    ports = {"prometheus": 19090, "github_exporter": 19101}
    local = localstack.localhost(example_portfolio, ports, None)
    addresses = dict(local.stack.addresses)
    assert addresses["prometheus"] == "127.0.0.1:19090"
    assert addresses["github_exporter"] == "127.0.0.1:19101"
    assert addresses["alertmanager"] == "127.0.0.1:9093"  # the configured port
    assert all(a.startswith("127.0.0.1:") for a in addresses.values())
    assert local.products == example_portfolio.products
    assert local.stack.scrape_interval == example_portfolio.stack.scrape_interval
    assert example_portfolio.stack.addresses["prometheus"] == "prometheus:9090"  # unchanged


def test_the_local_stack_uses_the_committed_rule_files_unchanged(
    example_portfolio: Portfolio,
) -> None:
    local = localstack.localhost(example_portfolio, {"prometheus": 19090}, None)
    files = localstack.outputs(local)
    rules = {p: t for p, t in files.items() if p.startswith("alert_rules/")}
    assert rules
    for path, text in rules.items():
        assert (ROOT / path).read_text() == text, path
    assert not any(p.startswith(("dashboards/", "alert_rules/tests/")) for p in files)
    prometheus = yaml.safe_load(files["stack/prometheus/prometheus.yml"])
    committed = yaml.safe_load((ROOT / "stack/prometheus/prometheus.yml").read_text())
    assert prometheus["rule_files"] == committed["rule_files"]
    targets = {
        t
        for job in prometheus["scrape_configs"]
        for sc in job["static_configs"]
        for t in sc["targets"]
        if job["job_name"] != conventions.JOB_BLACKBOX
        # The products' own services are scraped where they run, not moved to this machine.
        and not job["job_name"].startswith("app-")
    }
    assert targets and all(t.startswith("127.0.0.1:") for t in targets)
    assert "127.0.0.1:19090" in targets


def test_an_interval_speeds_up_scrapes_evaluations_and_probes(
    example_portfolio: Portfolio,
) -> None:
    local = localstack.localhost(example_portfolio, {}, "1s")
    prometheus = yaml.safe_load(localstack.outputs(local)["stack/prometheus/prometheus.yml"])
    assert prometheus["global"] == {"scrape_interval": "1s", "evaluation_interval": "1s"}
    probe_job = next(
        j for j in prometheus["scrape_configs"] if j["job_name"] == conventions.JOB_BLACKBOX
    )
    assert probe_job["scrape_interval"] == "1s"
    assert local.probe.timeout == "500ms"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, ["GITHUB_TOKEN"]),
        ({"GITHUB_TOKEN": ""}, ["GITHUB_TOKEN"]),
        ({"GITHUB_TOKEN": "t"}, []),
        ({"GITHUB_TOKEN_FILE": "/run/secrets/github_token"}, []),
    ],
    ids=["nothing set", "empty token", "token set", "token file set"],
)
def test_the_github_exporter_starts_only_with_a_token(
    env: dict[str, str], missing: list[str]
) -> None:
    assert localstack.missing_secrets("github", env) == missing


SHELL = {
    "PATH": "/usr/bin",
    "HOME": "/home/ci",
    "GITHUB_TOKEN": "gh-secret",
    "GITHUB_WEBHOOK_SECRET": "hook-secret",
    "PLAUSIBLE_API_KEY": "pl-secret",
    "AWS_SECRET_ACCESS_KEY": "aws-secret",
    "HTTPS_PROXY": "http://proxy.internal:3128",
}


def test_the_stack_servers_get_no_secret_from_the_shell() -> None:
    assert localstack.base_env(SHELL) == {"PATH": "/usr/bin", "HOME": "/home/ci"}


def test_an_exporter_gets_only_its_own_settings_and_what_reaches_its_api(tmp_path: Path) -> None:
    env = localstack.exporter_env("github", tmp_path / "p.yaml", 19101, SHELL)
    assert env["GITHUB_TOKEN"] == "gh-secret"
    assert env["GITHUB_WEBHOOK_SECRET"] == "hook-secret"
    assert env["GITHUB_LISTEN_PORT"] == "19101"
    assert env["HTTPS_PROXY"] == "http://proxy.internal:3128"
    assert "PLAUSIBLE_API_KEY" not in env
    assert "AWS_SECRET_ACCESS_KEY" not in env


def _children_environments(parent: int) -> dict[str, str]:
    """``{command: environment text}`` of the running children of ``parent`` (Linux /proc)."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                command = (stat.parent / "cmdline").read_bytes().split(b"\0")[0].decode()
                out[command] = (stat.parent / "environ").read_bytes().decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
    return out


def test_a_taken_port_is_an_error_that_names_the_component(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = tmp_path / "portfolio.yaml"
        config.write_text(CONFIG.format(health="http://127.0.0.1:1"))
        proc = run_localstack(
            [
                "--config",
                str(config),
                "--out",
                str(tmp_path / "out"),
                "--free-ports",
                "--port",
                f"prometheus={port}",
            ],
            env={},
        )
    assert proc.returncode == 2
    if "not found: apt-get install" not in proc.stderr:
        assert f"port {port} (prometheus) is in use" in proc.stderr


def test_a_bad_port_option_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "portfolio.yaml"
    config.write_text(CONFIG.format(health="http://127.0.0.1:1"))
    proc = run_localstack(
        ["--config", str(config), "--out", str(tmp_path), "--port", "grafana=3000"], env={}
    )
    assert proc.returncode == 2
    assert "expected NAME=PORT" in proc.stderr or "not found" in proc.stderr


# --- integration --------------------------------------------------------------------------


def child_env(extra: dict[str, str]) -> dict[str, str]:
    """A clean environment: no proxies, no token from the developer's shell."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    return {**keep, **extra}


def run_localstack(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stack_runner", *args],
        cwd=ROOT,
        env=child_env(env),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )


def require_binaries() -> None:
    for binary in ("prometheus", "prometheus-alertmanager", "prometheus-blackbox-exporter"):
        binaries.require(binary)


def refused(url: str) -> bool:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, int(port))) != 0


@pytest.mark.integration
@pytest.mark.timeout(60)
def test_check_mode_runs_the_whole_stack_and_reports_it_healthy(tmp_path: Path) -> None:
    require_binaries()
    with serve() as health, FakeGitHub() as gh:
        gh.repo("example/shop")
        config = tmp_path / "portfolio.yaml"
        config.write_text(CONFIG.format(health=health.url))
        started = time.monotonic()
        proc = run_localstack(
            [
                "--config",
                str(config),
                "--out",
                str(tmp_path / "out"),
                "--free-ports",
                "--check",
                "--timeout",
                "40",
            ],
            env={"GITHUB_TOKEN": "test-token", "GITHUB_API_URL": gh.url},
        )
        output = proc.stdout + proc.stderr
        assert proc.returncode == 0, output
        assert time.monotonic() - started < RUN_TIMEOUT
        assert "stack ok:" in output
        assert "jobs alertmanager, blackbox-exporter, github-exporter, prometheus, blackbox" in (
            output
        )
        assert "probe shop/web: up" in output
        assert "grafana" in output and "no Debian package" in output
        assert health.received("/health"), "blackbox never probed the health endpoint"
        assert any(path.startswith("/repos/example/shop") for path, _ in gh.log)
    urls = [
        line.split()[-1]
        for line in output.splitlines()
        if line.split()[-1:] and line.split()[-1].startswith("http://127.0.0.1:")
    ]
    assert len(urls) == 4
    assert all(refused(u) for u in urls), "a server outlived the runner"
    written = tmp_path / "out" / "stack" / "prometheus" / "prometheus.yml"
    assert "127.0.0.1" in written.read_text()


@pytest.mark.integration
@pytest.mark.timeout(60)
def test_the_stack_runs_until_sigterm_and_skips_the_exporter_without_a_token(
    tmp_path: Path,
) -> None:
    require_binaries()
    with serve() as health:
        config = tmp_path / "portfolio.yaml"
        config.write_text(CONFIG.format(health=health.url))
        with subprocess.Popen(
            [
                sys.executable,
                "-m",
                "stack_runner",
                "--config",
                str(config),
                "--out",
                str(tmp_path / "out"),
                "--free-ports",
            ],
            cwd=ROOT,
            env=child_env({"GITHUB_WEBHOOK_SECRET": "hook-secret", "OTHER_TOKEN": "other"}),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        ) as proc:
            lines: queue.Queue[str] = queue.Queue()
            reader = threading.Thread(
                target=lambda: [lines.put(line) for line in proc.stderr or []], daemon=True
            )
            reader.start()
            seen: list[str] = []
            try:
                deadline = time.monotonic() + 40
                while not any("Ctrl-C stops the stack" in line for line in seen):
                    assert time.monotonic() < deadline, "".join(seen)
                    assert proc.poll() is None, "".join(seen)
                    with contextlib.suppress(queue.Empty):
                        seen.append(lines.get(timeout=1))
                text = "".join(seen)
                assert "github exporter: not started: set GITHUB_TOKEN/GITHUB_TOKEN_FILE" in text
                urls = {
                    line.split()[0]: line.split()[1]
                    for line in seen
                    if len(line.split()) == 2 and line.split()[1].startswith("http://127.0.0.1:")
                }
                assert set(urls) == {"prometheus", "alertmanager", "blackbox"}
                assert not any(refused(u) for u in urls.values())
                children = _children_environments(proc.pid)
                assert len(children) == 3, children.keys()
                for command, environment in children.items():
                    assert "hook-secret" not in environment, command
                    assert "OTHER_TOKEN" not in environment, command
                proc.send_signal(signal.SIGTERM)
                assert proc.wait(timeout=20) == 0
            finally:
                if proc.poll() is None:  # a failed assertion: SIGTERM so the servers stop too
                    proc.terminate()
                    try:
                        proc.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
            reader.join(timeout=5)
        assert all(refused(u) for u in urls.values()), "a server outlived the runner"
