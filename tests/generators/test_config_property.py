"""Random mutations of a valid config never produce a traceback: either a clean
``ConfigError`` or a model every generator can turn into artifacts."""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators import pipeline
from portfolio.config.loader import parse_config
from portfolio.errors import ConfigError

BASE = yaml.safe_load(
    (
        Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "config" / "golden.yaml"
    ).read_text()
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["30s", "0s", "1h", "99.9", "#chan", "a@b.c", "x/y", "http://x", "-1"]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += paths(value, (*prefix, i))
    return out


ALL_PATHS = paths(BASE)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = doc
        try:
            for part in path[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[path[-1]] = draw(VALUES)
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=8))] = draw(VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_give_a_clean_error_or_valid_output(doc: dict[str, Any]) -> None:
    text = yaml.safe_dump(doc, sort_keys=False)
    try:
        portfolio = parse_config(text, "mutated.yaml")
    except ConfigError as exc:
        assert exc.problems, "a ConfigError always lists at least one problem"
        for problem in exc.problems:
            assert problem.message
        return
    outputs = pipeline.build_all(portfolio)
    assert outputs


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_gives_a_clean_error(text: str) -> None:
    with contextlib.suppress(ConfigError):
        parse_config(text, "random.yaml")
