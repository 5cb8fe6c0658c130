"""The example weekly workflow (examples/github-actions/report.yml): valid under SchemaStore's
published workflow schema (the pinned copy the CI examples are checked against), and its
steps run the report with arguments the command accepts and post report.md as the summary."""

from __future__ import annotations

import argparse
import shlex
from typing import Any

import jsonschema

from reporting.options import arguments
from tests.cli.test_ci_examples import ROOT, load, schema

WORKFLOW = ROOT / "examples/github-actions/report.yml"


def steps(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in workflow["jobs"]["report"]["steps"] if "id" in s}


def test_the_report_workflow_is_valid_under_the_published_schema() -> None:
    validator = jsonschema.Draft7Validator(schema("github-workflow.json"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load(WORKFLOW))
    ]
    assert errors == []


def test_the_schema_would_catch_a_broken_report_workflow() -> None:
    validator = jsonschema.Draft7Validator(schema("github-workflow.json"))
    broken = load(WORKFLOW)
    broken["on"]["schedule"] = [{"crontab": "0 7 * * 1"}]
    assert not validator.is_valid(broken)


def test_it_runs_weekly_and_on_demand() -> None:
    workflow = load(WORKFLOW)
    assert workflow["on"]["schedule"] == [{"cron": "0 7 * * 1"}]
    assert "workflow_dispatch" in workflow["on"]


def test_the_report_step_passes_arguments_the_command_accepts() -> None:
    step = steps(load(WORKFLOW))["report"]
    command = next(line for line in step["run"].splitlines() if "portfolio-obs report" in line)
    words = shlex.split(command.strip())
    assert words[:2] == ["portfolio-obs", "report"]
    parser = argparse.ArgumentParser()
    arguments(parser)
    args = parser.parse_args(words[2:])
    assert (args.out, args.period, args.charts_url) == ("report", "$PERIOD", "$CHARTS_URL")
    # Credentials reach the command as its documented variables, from secrets only.
    assert step["env"]["PROMETHEUS_TOKEN"] == "${{ secrets.PROMETHEUS_TOKEN }}"
    assert step["env"]["PROMETHEUS_PASSWORD"] == "${{ secrets.PROMETHEUS_PASSWORD }}"


def test_the_summary_and_the_issue_post_report_md() -> None:
    found = steps(load(WORKFLOW))
    assert found["summary"]["run"] == 'cat report/report.md >> "$GITHUB_STEP_SUMMARY"'
    assert "--body-file report/report.md" in found["issue"]["run"]
