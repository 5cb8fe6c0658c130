"""Python values as Jsonnet source, with the places a mixin user may override as code.

``render`` writes dicts, lists and scalars as Jsonnet (JSON literals are Jsonnet), and ``Code``
as it is: a reference such as ``$._config.alertFor.ProductDown``. ``template`` turns a string
that contains configurable text (``job="blackbox"``) into a format expression over
``$._config`` (``"...%(blackboxSelector)s..." % $._config``), so the override reaches it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

INDENT = "  "
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Jsonnet's reserved words may not be bare field names.
_KEYWORDS = frozenset(
    [
        "assert",
        "else",
        "error",
        "false",
        "for",
        "function",
        "if",
        "import",
        "importstr",
        "importbin",
        "in",
        "local",
        "null",
        "tailstrict",
        "then",
        "self",
        "super",
        "true",
    ]
)


@dataclass(frozen=True)
class Code:
    """Jsonnet source placed as it is."""

    text: str


def string(value: str) -> str:
    """A Jsonnet string literal (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def field(name: str) -> str:
    """An object field name: bare when it is an identifier, quoted otherwise."""
    if _IDENTIFIER.fullmatch(name) and name not in _KEYWORDS:
        return name
    return string(name)


def template(text: str, replacements: Mapping[str, str]) -> str | Code:
    """``text`` with every occurrence of a key of ``replacements`` read from the ``_config``
    field named by its value; ``text`` itself when none occurs."""
    found = [literal for literal in replacements if literal in text]
    if not found:
        return text
    pattern = re.compile("|".join(re.escape(literal) for literal in sorted(found, key=len)[::-1]))
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()].replace("%", "%%"))
        pieces.append(f"%({replacements[match.group()]})s")
        last = match.end()
    pieces.append(text[last:].replace("%", "%%"))
    return Code(f"{string(''.join(pieces))} % $._config")


def _key(key: Any) -> str:
    """``name:``; a ``Code`` key is written as it is, with its own colons (``groups+:``)."""
    return key.text if isinstance(key, Code) else f"{field(str(key))}:"


def render(value: Any, depth: int = 0) -> str:
    """``value`` as Jsonnet, one field or element per line, keys in their given order; a
    ``Code`` key (``groups+:``) carries its own colon."""
    pad, inner = INDENT * depth, INDENT * (depth + 1)
    if isinstance(value, Code):
        return value.text
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        fields = [f"{inner}{_key(key)} {render(item, depth + 1)}," for key, item in value.items()]
        return "{\n" + "\n".join(fields) + f"\n{pad}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [f"{inner}{render(item, depth + 1)}," for item in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    if isinstance(value, str):
        return string(value)
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    raise TypeError(f"no Jsonnet for {type(value).__name__}")
