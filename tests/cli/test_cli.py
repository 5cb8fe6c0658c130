"""``portfolio-obs``: every subcommand has help, reaches its entry point and keeps the exit codes."""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import portfolio
from portfolio.sources import EXPORTERS
from portfolio_obs import cli, commands

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "portfolio.yaml"
INVALID = ROOT / "tests/fixtures/config/invalid-owner-team-not-defined.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Exit code (argparse's SystemExit included) and stdout."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().out


def test_version_is_the_packages(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"portfolio-obs {portfolio.__version__}\n")


def test_the_console_script_is_the_cli() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"] == {"portfolio-obs": "portfolio_obs.cli:main"}


def test_the_subcommands_are_the_documented_ones() -> None:
    assert list(cli.COMMANDS) == [
        "init",
        "generate",
        "check",
        "check-config",
        "schema",
        "stack",
        "exporter",
        "ci-report",
        "incident-bridge",
        "publish",
        "demo",
        "report",
    ]


def test_top_level_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--help")
    assert code == 0
    for name in cli.COMMANDS:
        assert f"\n    {name}" in out, name


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_each_subcommand_has_help(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out = run(capsys, name, "--help")
    assert code == 0
    assert "usage:" in out


def test_each_exporter_that_exists_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert dict(commands.EXPORTERS) == {n: s.exporter for n, s in EXPORTERS.items()}
    for name in commands.EXPORTERS:
        code, out = run(capsys, "exporter", name, "--help")
        assert code == 0
        assert f"is `python -m {commands.EXPORTERS[name]}`" in out
        assert "--check-config" in out


def test_no_subcommand_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "")[0] == 2
    assert run(capsys)[0] == 2
    assert run(capsys, "exporter", "no-such-exporter")[0] == 2


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the example portfolio in a folder of its own."""
    shutil.copy(EXAMPLE, tmp_path / "portfolio.yaml")
    return tmp_path


def test_generate_then_check_in_another_folder(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    config = str(workdir / "portfolio.yaml")
    assert run(capsys, "generate", "-q", "--config", config, "--out", str(workdir))[0] == 0
    assert (workdir / "alert_rules/portfolio.rules.yml").is_file()
    assert (workdir / "dashboards/portfolio-overview.json").is_file()
    assert (workdir / "schema/portfolio.schema.json").is_file()
    check = ("check", "-q", "--skip-tools", "--config", config, "--out", str(workdir))
    assert run(capsys, *check)[0] == 0
    rules = workdir / "alert_rules/portfolio.rules.yml"
    rules.write_text(rules.read_text() + "# edited by hand\n")
    assert run(capsys, *check)[0] == 1


def test_generate_a_bad_config_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copy(INVALID, tmp_path / "portfolio.yaml")
    argv = ("generate", "--config", str(tmp_path / "portfolio.yaml"), "--out", str(tmp_path))
    with caplog.at_level(logging.ERROR):
        assert run(capsys, *argv)[0] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.yaml"]
    assert "portfolio.yaml:6: portfolio.team: team 'platform' is not defined" in caplog.text


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "schema")
    assert code == 0
    assert out == (ROOT / "schema/portfolio.schema.json").read_text()


def test_check_config_reports_path_and_line(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        assert run(capsys, "check-config", str(EXAMPLE))[0] == 0
        assert run(capsys, "check-config", str(EXAMPLE), str(INVALID))[0] == 2
    assert f"{INVALID}:6: portfolio.team: team 'platform' is not defined" in caplog.text
    assert f"{EXAMPLE}: ok" in caplog.text


def test_check_config_imports_only_the_config_loader() -> None:
    """The pre-commit hook runs on every commit: no generators, exporters or their libraries."""
    script = (
        "import sys\n"
        "from portfolio_obs.cli import main\n"
        f"assert main(['check-config', {str(EXAMPLE)!r}]) == 0\n"
        "heavy = ('generators', 'exporters', 'stack_runner', 'publisher', 'grafanalib',\n"
        "         'grafana_client', 'jsonschema', 'httpx', 'prometheus_client', 'promql_parser')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "[]\n"


Recorded = list[tuple[str, Sequence[str]]]


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    """The pass-through entry points replaced by recorders of the arguments they get."""
    import exporters.ci_report
    import exporters.incident_bridge.__main__
    import exporters.toolkit.app
    import publisher.__main__
    import stack_runner.supervisor

    calls: Recorded = []

    def recorder(name: str, code: int) -> Callable[..., int]:
        def record(*args: object, **kwargs: object) -> int:
            # The stack runner also gets the command line's progress bar (a keyword).
            assert set(kwargs) <= {"progress_bar"}
            argv = args[-1]
            assert isinstance(argv, list)
            calls.append((name, argv))
            return code

        return record

    monkeypatch.setattr(stack_runner.supervisor, "main", recorder("stack", 1))
    monkeypatch.setattr(exporters.ci_report, "main", recorder("ci-report", 0))
    monkeypatch.setattr(publisher.__main__, "run", recorder("publish", 3))
    monkeypatch.setattr(exporters.incident_bridge.__main__, "main", recorder("incident-bridge", 2))
    monkeypatch.setattr(exporters.toolkit.app, "run_exporter", recorder("exporter", 2))
    return calls


@pytest.mark.parametrize(
    ("argv", "entry", "forwarded", "code"),
    [
        (
            ["stack", "--check", "--port", "prometheus=19090"],
            "stack",
            ["--check", "--port", "prometheus=19090"],
            1,
        ),
        (
            ["ci-report", "finish", "--product", "shop"],
            "ci-report",
            ["finish", "--product", "shop"],
            0,
        ),
        (
            ["publish", "--dry-run", "--url", "http://127.0.0.1:3000"],
            "publish",
            ["--dry-run", "--url", "http://127.0.0.1:3000"],
            3,
        ),
        (["exporter", "github", "--check-config"], "exporter", ["--check-config"], 2),
        (["incident-bridge", "--check-config"], "incident-bridge", ["--check-config"], 2),
    ],
    ids=["stack", "ci-report", "publish", "exporter github", "incident-bridge"],
)
def test_pass_through_commands_hand_their_arguments_and_exit_code_on(
    capsys: pytest.CaptureFixture[str],
    recorded: Recorded,
    argv: list[str],
    entry: str,
    forwarded: list[str],
    code: int,
) -> None:
    assert run(capsys, *argv)[0] == code
    assert recorded == [(entry, forwarded)]


def test_generate_and_check_hand_their_flags_to_the_generators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import generators.__main__

    calls: list[list[str]] = []
    monkeypatch.setattr(
        generators.__main__,
        "main",
        lambda argv, progress_bar=None: calls.append(argv) or 0,
    )
    assert cli.main(["generate", "--config", "p.yaml", "--out", "o", "-q"]) == 0
    assert cli.main(["check", "--skip-tools"]) == 0
    assert cli.main(["schema"]) == 0
    assert calls == [
        ["--config", "p.yaml", "--out", "o", "--quiet", "generate"],
        ["--config", "portfolio.yaml", "--out", ".", "check", "--skip-tools"],
        ["schema"],
    ]


def test_every_command_runs_through_the_registry() -> None:
    for name, command in cli.COMMANDS.items():
        assert callable(command.run), name
        assert command.passthrough == (
            name in {"stack", "exporter", "ci-report", "incident-bridge", "publish"}
        )
    assert isinstance(cli.parser(), argparse.ArgumentParser)
