"""The CI files users copy: valid for their CI, and they run generate, check and a drift diff.

That the steps' shell does what it says (fails on drift, with the diff) is proven with the
installed command in ``test_packaging.py``; here the files themselves are checked.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = Path(__file__).parent / "schemas"
WORKFLOW = ROOT / "examples/github-actions/portfolio.yml"
GITLAB = ROOT / "examples/gitlab-ci/.gitlab-ci.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text())
    return loaded


def load(path: Path) -> Any:
    # The YAML 1.1 loader reads GitHub's `on:` key as True; workflows are YAML 1.2 there.
    return yaml.load(path.read_text(), Loader=_Yaml12ish)


class _Yaml12ish(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 booleans on/off/yes/no (GitHub and GitLab read 1.2)."""


_Yaml12ish.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12ish.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def test_the_schemas_are_the_recorded_copies() -> None:
    readme = (SCHEMAS / "README.md").read_text()
    for path in sorted(SCHEMAS.glob("*.json")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"`{path.name}`" in readme and digest in readme, path.name


def test_the_github_workflow_is_valid_under_the_published_schema() -> None:
    validator = jsonschema.Draft7Validator(schema("github-workflow.json"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load(WORKFLOW))
    ]
    assert errors == []


def test_the_schema_would_catch_a_broken_workflow() -> None:
    """The validation has teeth: a typo'd key and a step without uses/run are refused."""
    validator = jsonschema.Draft7Validator(schema("github-workflow.json"))
    broken = load(WORKFLOW)
    broken["jobs"]["artifacts"]["step"] = broken["jobs"]["artifacts"].pop("steps")
    assert not validator.is_valid(broken)
    broken = load(WORKFLOW)
    broken["jobs"]["artifacts"]["steps"].append({"name": "nothing"})
    assert not validator.is_valid(broken)


def steps(workflow: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["run"] for s in workflow["jobs"]["artifacts"]["steps"] if "id" in s}


def test_the_github_workflow_installs_generates_checks_and_diffs() -> None:
    workflow = load(WORKFLOW)
    assert set(workflow["on"]) == {"push", "pull_request"}
    run = steps(workflow)
    assert list(run) == ["check-config", "generate", "drift", "check"]
    assert run["generate"].startswith("portfolio-obs generate")
    assert run["check"].startswith("portfolio-obs check ")
    assert "git diff --exit-code" in run["drift"]
    every_run = " ".join(s.get("run", "") for s in workflow["jobs"]["artifacts"]["steps"])
    assert 'pip install "$PORTFOLIO_OBS"' in every_run
    assert "prometheus prometheus-alertmanager" in every_run  # promtool and amtool


def test_the_gitlab_job_installs_generates_checks_and_diffs() -> None:
    config = load(GITLAB)
    job = config["portfolio"]
    known = {"stage", "image", "variables", "cache", "rules", "before_script", "script"}
    assert set(job) <= known
    assert job["stage"] in config["stages"]
    assert all(isinstance(line, str) for line in job["before_script"] + job["script"])
    assert any('pip install --quiet "$PORTFOLIO_OBS"' in line for line in job["before_script"])
    script = job["script"]
    assert script[1].startswith("portfolio-obs generate")
    assert "git diff --exit-code" in script[2]
    assert script[3].startswith("portfolio-obs check ")
    assert ":(exclude).cache" in script[2]  # the pip cache lives in the checkout


def test_the_hook_manifest_is_valid_under_the_published_schema() -> None:
    hooks = yaml.safe_load(HOOKS.read_text())
    validator = jsonschema.Draft7Validator(schema("pre-commit-hooks.json"))
    assert [e.message for e in validator.iter_errors(hooks)] == []
    (hook,) = hooks
    assert hook["id"] == "check-portfolio-config"
    assert hook["entry"] == "portfolio-obs check-config"
    assert re.search(hook["files"], "portfolio.yaml")
    assert re.search(hook["files"], "deploy/portfolio.yml")
    assert not re.search(hook["files"], "other-portfolio.yaml.bak")


def test_pre_commit_accepts_the_hook_manifest() -> None:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed (requirements-dev.txt)")
    proc = subprocess.run(
        [str(pre_commit), "validate-manifest", str(HOOKS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
