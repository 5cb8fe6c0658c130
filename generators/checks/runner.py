"""``make check``: everything that proves the committed artifacts are right.

Which files exist, which PromQL they carry and which tools validate them come from the
registry of artifact kinds (``generators.pipeline.KINDS``).

Each check returns a list of problems; ``run`` prints them all and exits 1 if there are any.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import yaml

from generators import pipeline, schema
from generators.artifacts import NO_COMMANDS, Command
from generators.checks import compat, lint_index, structure
from generators.output.writer import diff_against_disk
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio

log = logging.getLogger("generators.check")
TOOL_TIMEOUT = 300  # seconds; promtool test rules on many products takes a while


def check_fresh(portfolio: Portfolio, root: Path) -> list[str]:
    return [
        f"{rel} differs from what `make generate` writes (run it and commit)"
        for rel in diff_against_disk(pipeline.build_all(portfolio), root)
    ]


def check_lint(portfolio: Portfolio, root: Path) -> list[str]:
    return [str(finding) for finding in lint_index.findings(portfolio)]


def check_compat(portfolio: Portfolio, root: Path) -> list[str]:
    """Nothing newer than Prometheus 2.42 / Alertmanager 0.25 nor dropped by 3.x, and bucket
    matchers that match both spellings of a bound (docs/compatibility.md)."""
    return compat.problems(pipeline.build_all(portfolio)) + compat.le_problems(
        lint_index.expressions(portfolio)
    )


def check_schema(config: Path, root: Path) -> list[str]:
    committed = root / schema.SCHEMA_PATH
    if not committed.exists():
        return [f"{schema.SCHEMA_PATH} is missing (run `make generate`)"]
    import json

    validator = jsonschema.Draft202012Validator(json.loads(committed.read_text()))
    document = yaml.safe_load(config.read_text())
    return [
        f"{config.name}: {'.'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def _tool(args: list[str], cwd: Path) -> list[str]:
    if shutil.which(args[0]) is None:
        return [f"{args[0]} not found: install the Debian packages (see README)"]
    proc = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=False
    )
    if proc.returncode != 0:
        return [f"`{' '.join(args)}` failed:\n{proc.stdout}{proc.stderr}".rstrip()]
    return []


def tool_commands(root: Path) -> dict[str, list[Command]]:
    """Each artifact kind's validators of the written files, by kind."""
    return {kind.name: list(kind.tool_checks(root)) for kind in pipeline.KINDS}


def run_tools(
    commands: list[Command], root: Path, progress: Callable[[str], None] | None = None
) -> list[str]:
    """Commands side by side (``promtool test rules`` is single-threaded per file);
    ``progress`` is called with each command once it has finished."""

    def one(cmd: Command) -> list[str]:
        problems = _tool(cmd, root)
        if progress is not None:
            progress(" ".join(cmd[:2] + cmd[-1:]))
        return problems

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(one, commands)
    return [problem for problems in results for problem in problems]


def run(
    config: Path,
    root: Path,
    skip_tools: bool = False,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Every check; ``progress`` is called once per finished check and tool command."""
    portfolio = load_config(config)
    checks: list[tuple[str, Callable[[], list[str]]]] = [
        ("generated files are fresh", lambda: check_fresh(portfolio, root)),
        ("PromQL lint", lambda: check_lint(portfolio, root)),
        ("dashboards are valid", lambda: structure.problems_all(portfolio)),
        (
            "loads in Prometheus 2.42-3.x, Alertmanager 0.25-0.28+",
            lambda: check_compat(portfolio, root),
        ),
        ("config matches its JSON Schema", lambda: check_schema(config, root)),
    ]
    if not skip_tools:
        for kind in pipeline.KINDS:
            if kind.tool_checks is NO_COMMANDS:
                continue
            commands = list(kind.tool_checks(root))
            if not commands:
                missing = [f"{kind.name}: no files to check (run `make generate`)"]
                checks.append((kind.name, functools.partial(list, missing)))
                continue
            name = f"{kind.name}: {' '.join(commands[0][:3])}"
            checks.append((name, functools.partial(run_tools, commands, root, progress)))
    failed = 0
    for name, fn in checks:
        problems = fn()
        if progress is not None:
            progress(name)
        if problems:
            failed += 1
            log.error("FAIL %s", name)
            for problem in problems:
                log.error("  %s", problem)
        else:
            log.info("ok: %s", name)
    return 1 if failed else 0
