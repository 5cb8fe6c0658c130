"""Suspected change failures: ``dora.suspected_failure_window`` in the config, the rules it
gives (``generators/rules/dora.py``) and their generated promtool tests, which pass for every
config and fail when the rules lose what makes a failure count only after the deployment and
inside the window."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generators import pipeline
from generators.rule_tests import dora as dora_tests
from generators.rules import dora
from portfolio.config.loader import load_config
from portfolio.errors import ConfigError
from tests.support.binaries import require

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "config"
MINIMAL = FIXTURES / "valid-minimal.yaml"
CONFIGS = {
    "example": ROOT / "portfolio.yaml",
    "golden": FIXTURES / "golden.yaml",
    "minimal": MINIMAL,
}


def _with_window(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "portfolio.yaml"
    path.write_text(MINIMAL.read_text() + f"dora:\n  suspected_failure_window: {value}\n")
    return path


# -- config -----------------------------------------------------------------------------


def test_the_window_defaults_to_one_hour() -> None:
    assert load_config(MINIMAL).dora.suspected_failure_window == "1h"


@pytest.mark.parametrize("value", ["15m", "90m", "1d"])
def test_a_window_from_15m_to_1d_is_accepted_and_reaches_the_rule(
    value: str, tmp_path: Path
) -> None:
    portfolio = load_config(_with_window(tmp_path, value))
    assert portfolio.dora.suspected_failure_window == value
    # The deployment counter's increase over the window, in the flagging rule.
    assert f"[{value}]))" in dora.suspected_expr(portfolio)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("14m59s", "14m59s is shorter than 15m"),
        ("1d1s", "1d1s is longer than 1d"),
        ("0s", "'0s' is zero"),
        ("soon", "'soon' is not a duration"),
    ],
)
def test_a_bad_window_names_its_path_and_line(value: str, message: str, tmp_path: Path) -> None:
    path = _with_window(tmp_path, value)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    rendered = [p.render(path.name) for p in info.value.problems]
    # The key is on the last line of the file: the minimal config's lines plus "dora:" + 1.
    line = len(MINIMAL.read_text().splitlines()) + 2
    assert any(
        r.startswith(f"portfolio.yaml:{line}: dora.suspected_failure_window: ") and message in r
        for r in rendered
    ), rendered


def test_the_schema_describes_the_key() -> None:
    schema = yaml.safe_load((ROOT / "schema" / "portfolio.schema.json").read_text())
    dora_spec = schema["$defs"]["DoraSpec"]["properties"]["suspected_failure_window"]
    assert "suspected change failure" in dora_spec["description"]


# -- rules ------------------------------------------------------------------------------


def test_a_portfolio_without_github_gets_no_suspected_failure_rules(tmp_path: Path) -> None:
    path = tmp_path / "portfolio.yaml"
    path.write_text(MINIMAL.read_text().replace("      github: {repos: [example/shop]}\n", ""))
    portfolio = load_config(path)
    outputs = pipeline.build_all(portfolio)
    assert dora.RULES_FILE not in outputs
    assert not [rel for rel in outputs if rel.endswith(".dora.test.yml")]


def test_without_cloudflare_or_slos_the_signal_is_product_down_alone(tmp_path: Path) -> None:
    """Deployable with no Cloudflare and no SLO: the signal names only alerts that exist."""
    path = tmp_path / "portfolio.yaml"
    text = MINIMAL.read_text().replace("      cloudflare: {zone: shop.example}\n", "")
    text = text.replace(
        '      - {name: web, url: "https://shop.example/health"}\n',
        '      - {name: web, url: "https://shop.example/health"}\n'
        "    slos: {availability: {enabled: false}, latency: {enabled: false}}\n",
    )
    path.write_text(text)
    portfolio = load_config(path)
    assert [a.name for a in dora.signal_alerts(portfolio)] == ["ProductDown"]
    assert 'alertname=~"ProductDown"' in dora.signal_expr(portfolio)


def test_the_step_avoids_every_window(tmp_path: Path) -> None:
    """61 s divides 61m (3660 s = 60 x 61): the tests move to the next step, 59 s."""
    assert dora_tests.choose_step(load_config(MINIMAL)) == 61.0
    assert dora_tests.choose_step(load_config(_with_window(tmp_path, "61m"))) == 59.0


# -- promtool -----------------------------------------------------------------------------


def _write(outputs: dict[str, str], out: Path) -> None:
    for rel, text in outputs.items():
        if rel.startswith("alert_rules/"):
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)


def _promtool_tests(out: Path) -> list[subprocess.CompletedProcess[str]]:
    return [
        subprocess.run(
            [require("promtool"), "test", "rules", str(test.relative_to(out / "alert_rules"))],
            cwd=out / "alert_rules",
            capture_output=True,
            text=True,
            timeout=300,
        )
        for test in sorted((out / "alert_rules" / "tests").glob("*.dora.test.yml"))
    ]


@pytest.mark.integration
@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_generated_suspected_failure_tests_pass(name: str, tmp_path: Path) -> None:
    _write(pipeline.build_all(load_config(CONFIGS[name])), tmp_path)
    runs = _promtool_tests(tmp_path)
    assert runs, "no suspected change failure tests generated"
    assert [r.stdout + r.stderr for r in runs if r.returncode != 0] == []


MUTATIONS: dict[str, Callable[[str], str]] = {
    # Without the lag, the failure's start is read when the deployment has already moved on.
    "no lag": lambda text: text.replace(f" offset {dora.DEPLOYMENT_LAG}", ""),
    # Without the start condition, a failure still going on when a deployment lands counts.
    "no start condition": lambda text: re.sub(
        r"\n *and on\(product\) \(min_over_time\([^\n]*", "", text
    ),
    # A window shorter than the distance to the third deployment's failure flags nothing.
    "shorter window": lambda text: text.replace("[1h]", "[20m]"),
    # A window longer than the second deployment's window plus 15 minutes flags the second.
    "longer window": lambda text: text.replace("[1h]", "[2h]"),
}


@pytest.mark.integration
@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_the_tests_fail_when_the_rules_lose_a_condition(mutation: str, tmp_path: Path) -> None:
    outputs = pipeline.build_all(load_config(MINIMAL))
    rules = outputs[dora.RULES_FILE]
    mutated = MUTATIONS[mutation](rules)
    assert mutated != rules
    _write({**outputs, dora.RULES_FILE: mutated}, tmp_path)
    runs = _promtool_tests(tmp_path)
    assert runs and all(r.returncode != 0 for r in runs), [r.stdout for r in runs]
