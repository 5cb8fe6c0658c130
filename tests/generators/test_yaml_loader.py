"""The YAML layer refuses what would crash or exhaust the loader, with the line of the cause:
files that are not UTF-8, alias expansion bombs, custom tags and merge keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from generators.__main__ import main
from portfolio.config import yamlpos
from portfolio.config.loader import load_config, parse_config
from portfolio.errors import ConfigError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "config"
VALID = (FIXTURES / "valid-minimal.yaml").read_text()


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "t.yaml")
    return [problem.render("t.yaml") for problem in caught.value.problems]


def test_a_byte_that_is_not_utf8_is_named_with_its_line_and_column(tmp_path: Path) -> None:
    config = tmp_path / "portfolio.yaml"
    config.write_bytes(VALID.encode().replace(b"name: Shop", b"name: Sh\xf6p", 1))
    line = VALID.splitlines().index("    name: Shop") + 1
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    (problem,) = caught.value.problems
    assert problem.render("portfolio.yaml") == (
        f"portfolio.yaml:{line}: column 13: byte 0xf6 is not UTF-8 (save the file as UTF-8)"
    )
    assert main(["--config", str(config), "--out", str(tmp_path / "out"), "generate"]) == 2
    assert not (tmp_path / "out").exists()


def _bomb(levels: int) -> str:
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_it_exhausts_memory() -> None:
    # 10**9 values if expanded; refused once the bound is passed (a second or two).
    (problem,) = problems(_bomb(9))
    assert problem.startswith("t.yaml:")
    assert f"expands to more than {yamlpos.MAX_VALUES:,} values" in problem


def test_aliases_that_stay_small_still_work() -> None:
    first, second = (i for i, line in enumerate(VALID.splitlines()) if "team: ops" in line)
    lines = VALID.splitlines()
    lines[first] = lines[first].replace("team: ops", "team: &owner ops")
    lines[second] = lines[second].replace("team: ops", "team: *owner")
    portfolio = parse_config("\n".join(lines) + "\n", "t.yaml")
    assert portfolio.products[0].team == "ops"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!0", "t.yaml:1: unknown YAML tag '!0'"),
        ("version: !ENV VERSION", "t.yaml:1: version: unknown YAML tag '!ENV'"),
        ("? !key version\n: 1", "t.yaml:1: unknown YAML tag '!key'"),
        ("<<: {version: 1}", "t.yaml:1: merge keys (<<) are not supported: use defaults:"),
        ("=", """t.yaml:1: '=' is YAML's value key: quote it ("=")"""),
        (
            "version: !!python/name:os.system x",
            "t.yaml:1: version: unknown YAML tag 'tag:yaml.org,2002:python/name:os.system'",
        ),
    ],
    ids=[
        "a bare tag",
        "a tag on a value",
        "a tag on a key",
        "a merge key",
        "a bare '='",
        "a Python tag",
    ],
)
def test_tags_and_merge_keys_are_errors_with_their_line(text: str, expected: str) -> None:
    assert expected in problems(text)
