"""Long commands draw a progress bar on a terminal and nothing else anywhere else: piped
output and CI logs carry no escape sequences (portfolio_obs/progress.py)."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio_obs import progress

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "tests" / "fixtures" / "config" / "golden.yaml"
ESC = b"\x1b["


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "environ", "expected"),
    [
        (True, {"TERM": "xterm"}, True),
        (False, {"TERM": "xterm"}, False),
        (True, {"TERM": "xterm", "CI": "true"}, False),
        (True, {"TERM": "dumb"}, False),
        (True, {"TERM": "xterm", progress.ENV: "0"}, False),
        (False, {"CI": "true", progress.ENV: "1"}, True),
    ],
    ids=[
        "a terminal shows progress",
        "a pipe shows none",
        "CI shows none even on a terminal",
        "a dumb terminal shows none",
        "PORTFOLIO_OBS_PROGRESS=0 turns it off",
        "PORTFOLIO_OBS_PROGRESS=1 forces it",
    ],
)
def test_progress_is_shown_only_on_an_interactive_terminal(
    tty: bool, environ: dict[str, str], expected: bool
) -> None:
    stream = _Tty() if tty else io.StringIO()
    assert progress.enabled(stream, environ) is expected


def test_a_disabled_bar_writes_nothing() -> None:
    stream = io.StringIO()
    with progress.bar("generate", 3, stream=stream, environ={}) as advance:
        for label in ("rules", "dashboards", "stack"):
            advance(label)
    assert stream.getvalue() == ""


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CI", progress.ENV}}
    return {**env, "TERM": "xterm-256color", "COLUMNS": "120", **extra}


def _run_on_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, bytes]:
    """``args`` with stdout and stderr on a pseudo-terminal: its exit code and every byte."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=slave, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=120), out


def _generate(out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "portfolio_obs",
        "generate",
        "--config",
        str(CONFIG),
        "--out",
        str(out),
    ]


@pytest.mark.integration
def test_generate_on_a_terminal_draws_a_bar_per_artifact_kind(tmp_path: Path) -> None:
    from generators import pipeline

    code, out = _run_on_terminal(_generate(tmp_path / "out"), _environment(), ROOT)
    assert code == 0, out.decode(errors="replace")
    assert ESC in out
    # One step per artifact kind: the bar counts to the number of kinds.
    total = len(pipeline.KINDS)
    assert f"{total}/{total}".encode() in out
    assert b"generate" in out
    assert b"files:" in out  # the command's own log still reaches the terminal


@pytest.mark.integration
def test_generate_in_ci_on_a_terminal_writes_no_escape_sequences(tmp_path: Path) -> None:
    code, out = _run_on_terminal(_generate(tmp_path / "out"), _environment(CI="true"), ROOT)
    assert code == 0, out.decode(errors="replace")
    assert ESC not in out
    assert b"files:" in out


def test_piped_generate_writes_exactly_its_log(tmp_path: Path) -> None:
    proc = subprocess.run(
        _generate(tmp_path / "out"),
        capture_output=True,
        env=_environment(),
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert ESC not in proc.stdout + proc.stderr
    assert b"\r" not in proc.stdout + proc.stderr
    lines = proc.stderr.decode().splitlines()
    assert lines[0].endswith("unchanged, 0 removed")
    assert all(line.startswith(("wrote ", "removed ")) for line in lines[1:])


@pytest.mark.integration
@pytest.mark.timeout(90)
def test_stack_check_on_a_terminal_shows_progress_and_piped_shows_none(tmp_path: Path) -> None:
    """``stack --check`` (the real Debian servers): a bar while processes start and while it
    waits for health on a terminal; the same run through a pipe has no escape bytes."""
    from fakes.github import FakeGitHub
    from tests.stack.test_localstack import CONFIG, child_env, require_binaries
    from tests.support.loopback import serve

    require_binaries()
    with serve() as health, FakeGitHub() as gh:
        gh.repo("example/shop")
        config = tmp_path / "portfolio.yaml"
        config.write_text(CONFIG.format(health=health.url))
        env = child_env({"GITHUB_TOKEN": "test-token", "GITHUB_API_URL": gh.url})

        def command(out: str) -> list[str]:
            return [
                sys.executable,
                "-m",
                "portfolio_obs",
                "stack",
                "--config",
                str(config),
                "--out",
                str(tmp_path / out),
                "--free-ports",
                "--check",
                "--timeout",
                "40",
            ]

        env_tty = {k: v for k, v in env.items() if k not in {"CI", progress.ENV}}
        env_tty.update(TERM="xterm-256color", COLUMNS="120")
        code, out = _run_on_terminal(command("tty"), env_tty, ROOT)
        assert code == 0, out.decode(errors="replace")
        assert ESC in out
        assert b"stack: starting" in out
        assert b"stack --check" in out
        assert b"stack ok:" in out
        piped = subprocess.run(
            command("pipe"), capture_output=True, env=env_tty, cwd=ROOT, timeout=80, check=False
        )
        assert piped.returncode == 0, piped.stderr.decode()
        assert ESC not in piped.stdout + piped.stderr
        assert b"stack ok:" in piped.stderr + piped.stdout
