"""libyaml and the pure-Python emitter give the same bytes for every generated document.

``render.dump`` emits through libyaml (PyYAML's C emitter) and falls back to the pure-Python
emitter for the strings libyaml writes differently; these tests hold both to the same text:
every document the example, golden and minimal configs produce, and arbitrary documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators import pipeline
from generators.output import render
from portfolio.config.loader import load_config
from tests.conftest import EXAMPLE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "config"
CONFIGS = {
    "example": EXAMPLE,
    "golden": FIXTURES / "golden.yaml",
    "minimal": FIXTURES / "valid-minimal.yaml",
}

pytestmark = pytest.mark.skipif(render.FAST_DUMPER is None, reason="PyYAML without libyaml")


def _documents(config: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[Any], bool]]:
    """Every YAML document (with its ``explicit_start``) the pipeline emits for ``config``."""
    seen: list[tuple[list[Any], bool]] = []
    original = render.dump

    def recording(documents: list[Any], *, explicit_start: bool) -> str:
        seen.append((documents, explicit_start))
        return original(documents, explicit_start=explicit_start)

    monkeypatch.setattr(render, "dump", recording)
    pipeline.build_all(load_config(config))
    return iter(seen)


def _libyaml(documents: list[Any], *, explicit_start: bool) -> str:
    text: str = yaml.dump_all(
        documents, Dumper=render.FAST_DUMPER, explicit_start=explicit_start, **render.OPTIONS
    )
    return text


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_every_generated_document_is_the_same_bytes_from_libyaml_and_pure_python(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = list(_documents(CONFIGS[name], monkeypatch))
    assert len(documents) > 10
    for docs, explicit_start in documents:
        reference = render.python_dump(docs, explicit_start=explicit_start)
        # libyaml itself, not the fallback: generated documents need no pure-Python emission.
        assert _libyaml(docs, explicit_start=explicit_start) == reference
        assert render.dump(docs, explicit_start=explicit_start) == reference


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("rocket 🚀", id="a character beyond the Basic Multilingual Plane"),
        pytest.param("a\x85b", id="NEL"),
        pytest.param("a\u2028b", id="a line separator"),
        pytest.param("\ufeffbom", id="a byte order mark"),
        pytest.param("tab\there", id="a tab"),
        pytest.param("kept\n\n", id="trailing blank lines (a |+ block)"),
        pytest.param("\n", id="a lone line break"),
    ],
)
def test_strings_libyaml_writes_differently_go_through_pure_python(value: str) -> None:
    document = {"key": value, value: [value, {"nested": value}]}
    reference = render.python_dump([document], explicit_start=False)
    assert render.dump([document], explicit_start=False) == reference


def test_a_bare_scalar_document_goes_through_pure_python() -> None:
    # PyYAML ends it with "...", libyaml does not.
    assert render.dump(["text"], explicit_start=False) == "text\n...\n"


_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from([" ", "\n", "\t", "#", ":", "-", "'", '"', "|", "{", "[", "&", "*"]),
    ),
    max_size=160,
)
_SCALARS = st.one_of(
    _TEXT,
    st.sampled_from(["true", "null", "1e3", "0x1", "---", "...", "~", "2001-12-14", ""]),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents=st.lists(_DOCUMENTS, min_size=1, max_size=3), explicit_start=st.booleans())
def test_any_document_is_the_same_bytes_whichever_emitter_writes_it(
    documents: list[Any], explicit_start: bool
) -> None:
    assert render.dump(documents, explicit_start=explicit_start) == render.python_dump(
        documents, explicit_start=explicit_start
    )
