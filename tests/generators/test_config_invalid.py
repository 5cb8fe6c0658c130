"""Every validation rule has a bad fixture whose first line states the message it must produce.

Each fixture must exit 2 from the CLI, name the file line and YAML path, and write nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generators.__main__ import main
from portfolio.config.loader import load_config
from portfolio.errors import ConfigError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "config"
INVALID = sorted(FIXTURES.glob("invalid-*.yaml"))
LOCATED = re.compile(r"^invalid-[\w-]+\.yaml:(\d+): ")


def expectation(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: <message>'"
    return first.removeprefix("# expect: ")


def rule_name(path: Path) -> str:
    return path.stem.removeprefix("invalid-").replace("-", " ")


def test_there_is_a_fixture_per_rule_and_at_least_25() -> None:
    assert len(INVALID) >= 25


def test_the_minimal_valid_config_loads() -> None:
    portfolio = load_config(FIXTURES / "valid-minimal.yaml")
    assert [p.id for p in portfolio.products] == ["shop"]


@pytest.mark.parametrize("fixture", INVALID, ids=rule_name)
def test_invalid_config_is_rejected_with_its_message(fixture: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(fixture)
    rendered = [p.render(fixture.name) for p in info.value.problems]
    expected = expectation(fixture)
    assert any(expected in line for line in rendered), "\n".join(rendered)
    # Every problem says where it is: a line of the file (the header counts the problems).
    for line in rendered:
        assert LOCATED.match(line), f"no line number in: {line}"


@pytest.mark.parametrize("fixture", INVALID, ids=rule_name)
def test_invalid_config_exits_2_and_writes_nothing(
    fixture: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    code = main(["--config", str(fixture), "--out", str(tmp_path), "generate"])
    assert code == 2
    assert list(tmp_path.iterdir()) == []
    assert expectation(fixture) in caplog.text


def test_all_problems_are_reported_in_one_run(tmp_path: Path) -> None:
    text = (FIXTURES / "valid-minimal.yaml").read_text()
    text = text.replace("uptime: 99.9", "uptime: 120").replace(
        "team: ops\n    thresholds", "team: x\n    thresholds"
    )
    text += "colour: blue\n"
    config = tmp_path / "portfolio.yaml"
    config.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(config)
    messages = str(info.value)
    # Schema errors stop before semantic checks, so the unknown team is found in a second pass;
    # every schema-level problem is reported together.
    assert "3 problems" in messages or "2 problems" in messages
    assert "uptime: 120 is not a percentage" in messages
    assert "unknown key 'colour'" in messages


def test_line_numbers_point_at_the_offending_key(tmp_path: Path) -> None:
    config = tmp_path / "portfolio.yaml"
    lines = (FIXTURES / "valid-minimal.yaml").read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if "uptime: 99.9" in line)
    lines[index] = lines[index].replace("uptime: 99.9", "uptime: 101")
    config.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(config)
    (problem,) = info.value.problems
    assert problem.line == index + 1
    assert problem.render("portfolio.yaml") == (
        f"portfolio.yaml:{index + 1}: products.shop.thresholds.uptime: "
        "101 is not a percentage (0 < x <= 100)"
    )
