"""``make check``: everything that proves the committed artifacts are right.

Each check returns a list of problems; ``run`` prints them all and exits 1 if there are any.
"""

from __future__ import annotations

import functools
import glob
import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import yaml

from generators import dashboards, pipeline, schema
from generators.checks import promql_lint, structure
from generators.output.writer import diff_against_disk
from generators.rules import products as rules
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio

log = logging.getLogger("generators.check")
TOOL_TIMEOUT = 300  # seconds; promtool test rules on many products takes a while


def check_fresh(portfolio: Portfolio, root: Path) -> list[str]:
    outputs = pipeline.build_all(portfolio)
    outputs[schema.SCHEMA_PATH] = schema.schema_text()
    return [
        f"{rel} differs from what `make generate` writes (run it and commit)"
        for rel in diff_against_disk(outputs, root)
    ]


def check_lint(portfolio: Portfolio, root: Path) -> list[str]:
    recorded = {**rules.recorded_metrics(portfolio), **dashboards.recorded_metrics(portfolio)}
    exprs = rules.expressions(portfolio) + dashboards.expressions(portfolio)
    findings = promql_lint.lint_all(exprs, recorded)
    return [str(f) for f in findings]


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


def tool_commands(root: Path) -> list[list[str]]:
    rule_files = sorted(glob.glob("alert_rules/*.rules.yml", root_dir=root)) + sorted(
        glob.glob("alert_rules/products/*.rules.yml", root_dir=root)
    )
    return [
        ["promtool", "check", "config", "stack/prometheus/prometheus.yml"],
        ["promtool", "check", "rules", "--lint-fatal", *rule_files],
        ["amtool", "check-config", "stack/alertmanager/alertmanager.yml"],
    ]


def rule_test_commands(root: Path) -> list[list[str]]:
    """One ``promtool test rules`` per file, so they can run side by side."""
    tests = sorted(glob.glob("alert_rules/tests/*.test.yml", root_dir=root))
    return [["promtool", "test", "rules", test] for test in tests]


def run_rule_tests(root: Path) -> list[str]:
    """Every generated rule test file, in parallel (each is single-threaded in promtool)."""
    commands = rule_test_commands(root)
    if not commands:
        return ["no rule tests in alert_rules/tests (run `make generate`)"]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(lambda cmd: _tool(cmd, root), commands)
    return [problem for problems in results for problem in problems]


def run(config: Path, root: Path, skip_tools: bool = False) -> int:
    portfolio = load_config(config)
    checks: list[tuple[str, Callable[[], list[str]]]] = [
        ("generated files are fresh", lambda: check_fresh(portfolio, root)),
        ("PromQL lint", lambda: check_lint(portfolio, root)),
        ("dashboards are valid", lambda: structure.problems_all(portfolio)),
        ("config matches its JSON Schema", lambda: check_schema(config, root)),
    ]
    if not skip_tools:
        checks += [
            (" ".join(cmd[:3]), functools.partial(_tool, cmd, root)) for cmd in tool_commands(root)
        ]
        checks.append(("promtool test rules", functools.partial(run_rule_tests, root)))
    failed = 0
    for name, fn in checks:
        problems = fn()
        if problems:
            failed += 1
            log.error("FAIL %s", name)
            for problem in problems:
                log.error("  %s", problem)
        else:
            log.info("ok: %s", name)
    return 1 if failed else 0
