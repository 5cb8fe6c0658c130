"""Serialisation of artifacts: deterministic text with a "generated" header.

YAML keeps the order builders give (they build in a fixed order; rule files read best as
``alert, expr, for, labels, annotations``); JSON sorts keys. Both end with one newline.

YAML goes through libyaml (PyYAML's C emitter, about ten times faster) under the same
representers when PyYAML was built with it. The two emitters give the same bytes except for
a few characters libyaml writes differently (it escapes characters outside the Basic
Multilingual Plane such as emoji, writes NEL/LS/PS as escapes, folds double-quoted keys at
other columns, takes an empty key as a simple key, and ends no document with ``...`` after a
``|+`` block or a bare scalar); a document holding any other string than ``_SAME_TEXT``
matches, or that is not a mapping or list, goes through the pure-Python emitter, so the
output never depends on which emitter ran (``tests/generators/test_render.py`` compares
them).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from yaml.representer import SafeRepresenter

from portfolio import conventions

# Strings both emitters write alike: not empty, not ending in a blank line (a ``|+`` block),
# and only printable ASCII, line feeds and the printable Basic Multilingual Plane without NEL,
# LS, PS and the byte order mark.
_SAME_CHARACTER = "\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
_SAME_TEXT = re.compile(f"[{_SAME_CHARACTER}]*[{_SAME_CHARACTER[1:]}]\n?")


class _PythonOnly(Exception):
    """A string libyaml would write differently: emit the document in pure Python."""


def _ignore_aliases(self: Any, data: Any) -> bool:
    return True


def _str(dumper: SafeRepresenter, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _str_for_libyaml(dumper: SafeRepresenter, value: str) -> yaml.ScalarNode:
    if _SAME_TEXT.fullmatch(value) is None:
        raise _PythonOnly
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as ``|`` blocks, no aliases (pure Python)."""

    ignore_aliases = _ignore_aliases


_Dumper.add_representer(str, _str)

#: The dumper tried first: ``_Dumper``'s representers over libyaml's emitter, when present.
FAST_DUMPER: type[SafeRepresenter] | None = None
if yaml.__with_libyaml__:

    class _CDumper(yaml.CSafeDumper):
        ignore_aliases = _ignore_aliases

    _CDumper.add_representer(str, _str_for_libyaml)
    FAST_DUMPER = _CDumper

#: ``yaml.dump`` options of every generated file.
OPTIONS: dict[str, Any] = {
    "sort_keys": False,
    "default_flow_style": False,
    "width": 100,
    "allow_unicode": True,
}


def header(source: str) -> str:
    return conventions.GENERATED_HEADER.format(source=source)


def dump(documents: list[Any], *, explicit_start: bool) -> str:
    """YAML text of ``documents``, the same bytes whichever emitter writes it."""
    if FAST_DUMPER is not None and all(isinstance(d, dict | list) for d in documents):
        try:
            fast: str = yaml.dump_all(
                documents, Dumper=FAST_DUMPER, explicit_start=explicit_start, **OPTIONS
            )
            return fast
        except _PythonOnly:
            pass
    return python_dump(documents, explicit_start=explicit_start)


def python_dump(documents: list[Any], *, explicit_start: bool) -> str:
    """The pure-Python emitter's text (the reference ``dump`` must equal)."""
    text: str = yaml.dump_all(documents, Dumper=_Dumper, explicit_start=explicit_start, **OPTIONS)
    return text


def to_yaml(document: Any, source: str) -> str:
    return f"# {header(source)}\n{dump([document], explicit_start=False)}"


def from_yaml(text: str) -> Any:
    """A generated YAML file read back (stages that restate another stage's output), by
    libyaml's parser when present: the same data as ``yaml.safe_load``, several times faster."""
    return yaml.load(text, Loader=_LOADER)


_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = (
    yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
)


def to_json(document: Any) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_yaml_stream(documents: Any, source: str) -> str:
    """Several YAML documents in one file (``---`` between them), as Kubernetes reads them."""
    return f"# {header(source)}\n{dump(list(documents), explicit_start=True)}"
