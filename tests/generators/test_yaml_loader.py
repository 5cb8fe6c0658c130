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


ROOT = FIXTURES.parent.parent.parent
TRICKY = {
    "CRLF line breaks": "version: 1\r\nportfolio:\r\n  name: x\r\n",
    "NEL, LS and PS line breaks": "a: 1\x85b: 2\u2028c: 3\u2029d: 4\n",
    "a byte order mark": "\ufeffversion: 1\n",
    "a directive": "%YAML 1.1\n---\nversion: 1\n",
    "a 1.2 directive": "%YAML 1.2\n---\nversion: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "an explicit end": "a: 1\n...\n",
    "only a comment": "# nothing\n",
    "nothing": "",
    "a tab after a colon": "a:\tb\n",
    "a tab as indentation": "a:\n\tb: 1\n",
    "a duplicate key in a flow mapping": "{a: 1, a: 2}\n",
    "anchors and aliases": "- &x {k: [1, 2]}\n- *x\n- &y 3\n- *y\n",
    "an undefined alias": "a: *nowhere\n",
    "a duplicate anchor": "a: &x 1\nb: &x 2\n",
    "a colon in a plain scalar": "a: b:c\nd: 'e: f'\n",
    "a mapping value where none is allowed": "a: b: c\n",
    "an unclosed flow sequence": "a: [1, 2\n",
    "an unclosed quote": "a: 'x\n",
    "folded and literal blocks": "a: >-\n  x\n  y\n\nb: |+\n  z\n\n",
    "multi-line plain and quoted scalars": 'a: x\n  y\nb: "p\n  q\\tr"\n',
    "a control character": "a: \x07\n",
    "an unknown escape": 'a: "\\q"\n',
    "unicode escapes": 'a: "\\u00e9\\U0001F600\\x41"\n',
    "implicit types": "a: [yes, No, ~, 0o17, 0x1F, 1_000, .5, .inf, 2024-01-02, 1e3, '1']\n",
    "a complex key": "? [a, b]\n: 1\n",
    "an empty key": ": 1\n",
    "explicit tags": "a: !!str 1\nb: !!int '2'\nc: !!float 3\nd: !!binary aGk=\n",
    "a tag directive": "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "an indentless sequence": "a:\n- 1\n- 2\nb: 3\n",
    "a scalar document": "just text\n",
    "deep nesting": "a: " + "[" * 50 + "]" * 50 + "\n",
    "an alias bomb": "\n".join(
        [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 7)]
    ).replace("l1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]", 'l1: &l1 ["x"]'),
}
CONFIGS = sorted(
    [ROOT / "portfolio.yaml", *FIXTURES.glob("*.yaml"), *(ROOT / "tests").rglob("*portfolio*.yaml")]
)


@pytest.mark.parametrize(
    "text",
    [*TRICKY.values(), *(path.read_text() for path in CONFIGS)],
    ids=[*TRICKY, *(f"{path.relative_to(ROOT)}" for path in CONFIGS)],
)
def test_libyaml_and_the_pure_python_parser_read_the_same(text: str) -> None:
    """``load`` parses with libyaml for speed; the values, lines and problems are the ones the
    pure-Python parser gives (a document libyaml refuses is parsed by it again)."""
    assert yamlpos.located(text, yamlpos.compose) == yamlpos.located(text, yamlpos.python_compose)
