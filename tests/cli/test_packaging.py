"""The built wheel, installed in a fresh virtualenv, is a working ``portfolio-obs`` anywhere.

The wheel is built from a copy of the sources and installed with ``-c constraints.txt`` (the
pip cache is reused); the command then runs in a folder that is not this repository, so it
can only use what the wheel and its declared dependencies bring.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import portfolio
from portfolio_obs import cli
from tests.cli.source_tree import (
    CONSTRAINTS,
    INSTALL_TIMEOUT,
    PYTHON,
    ROOT,
    TEST_TIMEOUT,
    copy_source,
    pip_env,
)

WORKFLOW = ROOT / "examples/github-actions/portfolio.yml"
GITLAB = ROOT / "examples/gitlab-ci/.gitlab-ci.yml"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_the_declared_dependencies_are_the_runtime_requirements() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    required = [
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert sorted(map(_name, declared)) == sorted(map(_name, required))
    pinned = {
        _name(line): line.split("==")[1]
        for line in CONSTRAINTS.read_text().splitlines()
        if "==" in line
    }
    for requirement in declared:  # the lower bound is the pin we test
        assert requirement == f"{requirement.split('>=')[0]}>={pinned[_name(requirement)]}"


def run(*args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=pip_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bin/ folder of a fresh virtualenv with the wheel installed."""
    base = tmp_path_factory.mktemp("wheel")
    source = copy_source(base / "source")
    build = run(
        PYTHON, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", base / "dist", source,
        cwd=base, timeout=INSTALL_TIMEOUT,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (base / "dist").glob("portfolio_observability-*.whl")
    venv = base / "venv"
    made = run(PYTHON, "-m", "venv", venv, cwd=base)
    assert made.returncode == 0, made.stderr
    install = run(
        venv / "bin/python", "-m", "pip", "install", "--quiet", wheel, "-c", CONSTRAINTS,
        cwd=base, timeout=INSTALL_TIMEOUT,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout + install.stderr
    yield venv / "bin"
    shutil.rmtree(base, ignore_errors=True)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "portfolio.yaml", tmp_path / "portfolio.yaml")
    return tmp_path


@pytest.mark.integration
@pytest.mark.timeout(TEST_TIMEOUT)
def test_the_installed_command_has_the_version(installed: Path, project: Path) -> None:
    proc = run(installed / "portfolio-obs", "--version", cwd=project)
    assert (proc.returncode, proc.stdout) == (0, f"portfolio-obs {portfolio.__version__}\n")
    where = run(
        installed / "python", "-c", "import generators; print(generators.__file__)", cwd=project
    )
    assert where.stdout.startswith(str(installed.parent)), where.stdout + where.stderr


@pytest.mark.integration
@pytest.mark.timeout(TEST_TIMEOUT)
def test_the_installed_command_generates_and_checks_elsewhere(
    installed: Path, project: Path
) -> None:
    generate = run(installed / "portfolio-obs", "generate", cwd=project)
    assert generate.returncode == 0, generate.stderr
    here = project / "from-the-repository"
    here.mkdir()
    shutil.copy(project / "portfolio.yaml", here / "portfolio.yaml")
    assert (
        cli.main(["generate", "-q", "--config", str(here / "portfolio.yaml"), "--out", str(here)])
        == 0
    )
    installed_tree = {k: v for k, v in tree(project).items() if not k.startswith(here.name)}
    assert installed_tree == tree(here)  # the installed command writes what the repository does
    assert {"alert_rules/portfolio.rules.yml", "mixin/mixin.libsonnet"} <= set(installed_tree)
    shutil.rmtree(here)
    check = run(installed / "portfolio-obs", "check", "--skip-tools", cwd=project)
    assert check.returncode == 0, check.stderr
    config_check = run(installed / "portfolio-obs", "check-config", cwd=project)
    assert config_check.returncode == 0, config_check.stderr
    init = run(
        installed / "portfolio-obs", "init", "--team", "ops:#ops", "--product",
        "shop:ops:https://shop.example/health", cwd=project,
    )  # fmt: skip
    assert init.returncode == 2 and "exists" in init.stderr  # portfolio.yaml is there


def git(*args: str, cwd: Path) -> None:
    proc = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def ci_scripts() -> dict[str, list[str]]:
    """The shell of each CI example after its install step, in order."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = [s["run"] for s in workflow["jobs"]["artifacts"]["steps"] if "id" in s]
    job = yaml.safe_load(GITLAB.read_text())["portfolio"]
    return {"github": steps, "gitlab": job["script"]}


def run_ci(installed: Path, project: Path, scripts: list[str]) -> subprocess.CompletedProcess[str]:
    """The scripts as the CI runs them: bash -e, the command on PATH, the example's variables."""
    env = pip_env(PORTFOLIO_CONFIG="portfolio.yaml")
    env["PATH"] = f"{installed}:{env['PATH']}"
    body = "\n".join(
        s.replace("portfolio-obs check ", "portfolio-obs check --skip-tools ") for s in scripts
    )
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", body],
        cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.integration
@pytest.mark.timeout(TEST_TIMEOUT)
@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_the_ci_example_passes_when_fresh_and_fails_on_drift_with_the_diff(
    installed: Path, project: Path, ci: str
) -> None:
    scripts = ci_scripts()[ci]
    assert run(installed / "portfolio-obs", "generate", "-q", cwd=project).returncode == 0
    git("init", "-q", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "-q", "-m", "fresh", cwd=project)
    fresh = run_ci(installed, project, scripts)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr

    config = project / "portfolio.yaml"
    config.write_text(
        config.read_text().replace("response_time_ms: 2000", "response_time_ms: 2500")
    )
    git("commit", "-q", "-am", "threshold without regenerating", cwd=project)
    stale = run_ci(installed, project, scripts)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "alert_rules/products/reports.rules.yml" in stale.stdout  # --stat, then the diff
    assert re.search(r"^\+.*\b2\.5\b", stale.stdout, re.MULTILINE), stale.stdout
    assert "run 'portfolio-obs generate' and commit them" in stale.stdout
