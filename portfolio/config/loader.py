"""Read ``portfolio.yaml``: text -> spec -> semantic checks -> model, or one ``ConfigError``.

``load_config`` is the only entry point generators and exporters use.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from portfolio.config import semantic, yamlpos
from portfolio.config.model import Portfolio, from_spec
from portfolio.config.spec import ConfigSpec
from portfolio.errors import ConfigError, Problem

_TYPE_WORDS = {
    "string_type": "a string",
    "float_type": "a number",
    "int_type": "an integer",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "list_type": "a list",
}


def load_config(path: str | FsPath) -> Portfolio:
    """Load and validate a config file. Raises ``ConfigError`` listing every problem."""
    path = FsPath(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(str(path), [Problem(0, "", f"cannot read: {exc.strerror}")]) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path.name, [_not_utf8(data, exc)]) from None
    return parse_config(text, path.name)


def _not_utf8(data: bytes, exc: UnicodeDecodeError) -> Problem:
    """Where the first byte that is not UTF-8 is: line and column (1-based, in bytes)."""
    before = data[: exc.start]
    line = before.count(b"\n") + 1
    column = exc.start - (before.rfind(b"\n") + 1) + 1
    byte = data[exc.start]
    return Problem(
        line, "", f"column {column}: byte 0x{byte:02x} is not UTF-8 (save the file as UTF-8)"
    )


def parse_config(text: str, filename: str = "portfolio.yaml") -> Portfolio:
    located = yamlpos.load(text)
    problems = list(located.problems)
    if located.value is None and problems:
        raise ConfigError(filename, problems)
    if not isinstance(located.value, dict):
        problems.append(Problem(1, "", "the document must be a mapping (version, portfolio, ...)"))
        raise ConfigError(filename, problems)
    try:
        spec = ConfigSpec.model_validate(located.value)
    except ValidationError as exc:
        problems += [_problem(error, located) for error in exc.errors()]
        raise ConfigError(filename, problems) from None
    problems += semantic.check(spec, located)
    if problems:
        raise ConfigError(filename, problems)
    return from_spec(spec, filename)


def _problem(error: Any, located: yamlpos.Located) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc = loc[:-1]
    path = yamlpos.format_path(loc)
    line = located.line_of(loc)
    given = error.get("input")
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        hint = f" (expected one of: {', '.join(allowed)})" if allowed else ""
        return Problem(line, path, f"unknown key '{loc[-1]}'{hint}")
    if kind == "missing":
        return Problem(line, path, "is required but missing")
    if kind in _TYPE_WORDS:
        return Problem(line, path, f"expected {_TYPE_WORDS[kind]}, got {_describe(given)}")
    if kind == "too_short":
        return Problem(line, path, "must not be empty")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return Problem(line, path, f"{_describe(given)} is not allowed; expected {expected}")
    message = error["msg"]
    if is_key:
        message = f"key {message}"
    return Problem(line, path, message[0].lower() + message[1:])


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing (null)"
    return repr(value) if isinstance(value, str) else str(value)


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """Keys the spec allows at ``loc``, so an unknown key's error can list the known ones."""
    current: Any = ConfigSpec
    parts = list(loc)
    while True:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not parts:
                return sorted(f.alias or name for name, f in current.model_fields.items())
            part = parts.pop(0)
            field = next(
                (f for n, f in current.model_fields.items() if (f.alias or n) == part), None
            )
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) in (dict, list):
            if not parts:
                return []
            parts.pop(0)
            current = typing.get_args(current)[-1]
        else:
            return []


def _unwrap(annotation: Any) -> Any:
    """Strip ``X | None`` and ``Annotated[X, ...]`` down to ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation
