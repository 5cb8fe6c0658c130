"""The hook, as pre-commit runs it: a bad portfolio.yaml stops the commit with path and line.

The hook repository is a git copy of this project's sources (what ``repo: <url>`` clones);
pre-commit builds its environment with ``language: python`` from the package index (pip
cache reused, versions from constraints.txt), in a temporary ``PRE_COMMIT_HOME``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.source_tree import (
    CONSTRAINTS,
    INSTALL_TIMEOUT,
    ROOT,
    TEST_TIMEOUT,
    copy_source,
    pip_env,
)

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
INVALID = ROOT / "tests/fixtures/config/invalid-owner-team-not-defined.yaml"


def run(*args: str, cwd: Path, timeout: float = 60) -> tuple[int, str]:
    """Exit code and all output (a git hook's output is on stderr)."""
    proc = subprocess.run(
        args,
        cwd=cwd,
        env=pip_env(
            PRE_COMMIT_HOME=str(cwd.parent / "pre-commit-home"), PIP_CONSTRAINT=str(CONSTRAINTS)
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    return proc.returncode, proc.stdout


def git(*args: str, cwd: Path) -> tuple[int, str]:
    return run("git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args, cwd=cwd)


@pytest.mark.integration
@pytest.mark.timeout(TEST_TIMEOUT)
def test_a_bad_config_fails_the_commit_with_path_and_line(tmp_path: Path) -> None:
    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed (requirements-dev.txt)")
    hooks = copy_source(tmp_path / "hooks")
    for step in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "hooks"]):
        assert git(*step, cwd=hooks)[0] == 0
    rev = git("rev-parse", "HEAD", cwd=hooks)[1].strip()

    user = tmp_path / "user"
    (user / "deploy").mkdir(parents=True)
    (user / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: check-portfolio-config\n"
    )
    assert git("init", "-q", cwd=user)[0] == 0
    code, output = run(
        str(PRE_COMMIT), "install", "--install-hooks", cwd=user, timeout=INSTALL_TIMEOUT
    )
    assert code == 0, output

    shutil.copy(INVALID, user / "deploy/portfolio.yaml")
    git("add", ".", cwd=user)
    code, output = git("commit", "-m", "a team that does not exist", cwd=user)
    assert code != 0, output
    assert "portfolio.yaml is valid" in output and "Failed" in output
    assert "deploy/portfolio.yaml:6: portfolio.team: team 'platform' is not defined" in output
    assert git("rev-parse", "--verify", "-q", "HEAD", cwd=user)[0] != 0  # nothing committed

    shutil.copy(ROOT / "portfolio.yaml", user / "deploy/portfolio.yaml")
    git("add", ".", cwd=user)
    code, output = git("commit", "-m", "the example portfolio", cwd=user)
    assert code == 0, output
    assert "portfolio.yaml is valid" in output and "Passed" in output

    (user / "README.md").write_text("no portfolio here\n")
    git("add", ".", cwd=user)
    code, output = git("commit", "-m", "other files skip the hook", cwd=user)
    assert code == 0, output
    assert "(no files to check)Skipped" in output
