"""Declarative exporter settings, loaded from an injectable environment.

Declare a frozen dataclass whose fields use ``setting()``; ``load_settings(cls, env)`` reads
``<PREFIX><FIELD>`` from ``env`` (``os.environ`` in production, a dict in tests), falls back to
the default, and for secrets also reads ``<NAME>_FILE``. Every problem is collected and raised
together as one ``SettingsError``; ``describe()`` lists each value with where it came from,
secrets redacted, which the exporters log at start and print for ``--check-config``.

Two kinds of value are refused whatever the field: a control character (a token file with a
second line would become a broken ``Authorization`` header, and the HTTP library's error
would quote it), and credentials inside a URL (``https://user:pass@host``: they would be
logged with the URL and sent as Basic auth; a secret belongs in its own ``*_FILE`` setting).
Neither problem message shows the value.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from exporters.toolkit.errors import SettingsError
from portfolio.durations import Duration

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/?#@\s]*@)")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Secret:
    """A secret string: never shown by ``repr``/``str``; call ``reveal()`` where it is used."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


# A duration setting: ``90`` (seconds), ``90s``, ``5m``, ``1h30m``, ``7d`` (the project's one
# duration grammar, ``portfolio.durations``).
Seconds = Duration


def setting(
    default: Any = dataclasses.MISSING,
    *,
    help: str,
    secret: bool = False,
    variable: str | None = None,
) -> Any:
    """A settings field. Without a default the variable is required. ``variable`` replaces
    ``<PREFIX><FIELD>`` for a name other tools already use (``PUSHGATEWAY_URL``)."""
    metadata = {"help": help, "secret": secret, "variable": variable}
    return dataclasses.field(default=default, metadata=metadata)


def variable_of(field: dataclasses.Field[Any], prefix: str) -> str:
    """The environment variable of a settings field."""
    return str(field.metadata.get("variable") or prefix + field.name.upper())


@dataclass(frozen=True)
class Source:
    """Where one value came from, for the start-up log."""

    name: str  # the field
    variable: str  # GITHUB_TOKEN
    origin: str  # "env GITHUB_TOKEN", "file from GITHUB_TOKEN_FILE", "default"
    shown: str  # the value, or *** for secrets


@dataclass(frozen=True)
class Loaded:
    settings: Any
    sources: tuple[Source, ...]

    def describe(self) -> list[str]:
        return [f"{s.variable}={s.shown} ({s.origin})" for s in self.sources]


T = TypeVar("T")


def parse_seconds(text: str) -> Duration:
    """``'5m'`` -> 300.0; a plain number is seconds. Raises ``ValueError`` on anything else."""
    return Duration.parse(text, bare_seconds=True)


def _convert(kind: Any, raw: str) -> Any:
    if kind is Secret:
        return Secret(raw)
    if kind is Duration:
        return parse_seconds(raw)
    if kind is bool:
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"expected true or false, got {raw!r}")
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"expected an integer, got {raw!r}") from None
    if kind is float:
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"expected a number, got {raw!r}") from None
    if kind is Path:
        return Path(raw)
    if kind is str:
        return raw
    if typing.get_origin(kind) is tuple:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    raise TypeError(f"unsupported settings type {kind!r}")


def url_credentials(text: str) -> bool:
    """Whether ``text`` holds a URL with a user (and maybe a password) before its host."""
    return _URL_CREDENTIALS.search(text) is not None


def redact_url(text: str) -> str:
    """``text`` with the user and password of every URL in it replaced by ``***``."""
    return _URL_CREDENTIALS.sub(r"\1***@", text)


def value_problem(variable: str, raw: str, *, secret: bool) -> str | None:
    """Why ``raw`` cannot be any setting's value, or None; never shows the value."""
    control = _CONTROL.search(raw)
    if control is not None:
        where = f"at character {control.start() + 1}"
        kind = "a line break" if control.group() in "\r\n" else "a control character"
        return f"{variable}: contains {kind} {where} (a second line in a *_FILE?)"
    if not secret and url_credentials(raw):
        return (
            f"{variable}: credentials inside a URL are not allowed ({redact_url(raw)}); "
            "give them in their own setting"
        )
    return None


def _unwrap_optional(kind: Any) -> tuple[Any, bool]:
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return args[0], True
    return kind, False


def _show(value: Any, secret: bool) -> str:
    if value is None:
        return "(unset)"
    if secret:
        return "***" if value else "(empty)"
    if isinstance(value, tuple):
        return ",".join(redact_url(str(v)) for v in value)
    return redact_url(str(value))


def load_settings(cls: type[T], env: Mapping[str, str], prefix: str) -> Loaded:
    """Build ``cls`` from ``env``. Raises ``SettingsError`` listing every problem."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    sources: list[Source] = []
    problems: list[str] = []
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        variable = variable_of(field, prefix)
        secret = bool(field.metadata.get("secret"))
        kind, optional = _unwrap_optional(hints[field.name])
        raw: str | None = env.get(variable)
        origin = f"env {variable}"
        file_var = variable + "_FILE"
        if secret and env.get(file_var):
            if raw is not None:
                problems.append(f"{variable}: set either {variable} or {file_var}, not both")
                continue
            try:
                raw = Path(env[file_var]).read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as exc:
                problems.append(f"{file_var}: cannot read {env[file_var]!r}: {exc.strerror}")
                continue
            origin = f"file from {file_var}"
        if raw is not None and (problem := value_problem(variable, raw, secret=secret)):
            problems.append(problem)
            continue
        if raw is None or (raw == "" and optional):
            if field.default is dataclasses.MISSING:
                hint = f" (or {file_var})" if secret else ""
                problems.append(
                    f"{variable}{hint}: required but not set ({field.metadata['help']})"
                )
                continue
            values[field.name] = field.default
            origin = "default"
        else:
            try:
                values[field.name] = _convert(kind, raw)
            except ValueError as exc:
                shown = "the value" if secret else repr(raw)
                problems.append(
                    f"{variable}: {exc}" if not secret else f"{variable}: {shown} is invalid"
                )
                continue
        sources.append(Source(field.name, variable, origin, _show(values[field.name], secret)))
    if problems:
        raise SettingsError(problems)
    try:
        instance = cls(**values)
    except (ValueError, TypeError) as exc:
        raise SettingsError([str(exc)]) from exc
    return Loaded(instance, tuple(sources))


def help_lines(cls: type[Any], prefix: str) -> list[str]:
    """One line per variable with its default, for ``--help`` epilogs and the docs."""
    lines = []
    for field in dataclasses.fields(cls):
        variable = variable_of(field, prefix)
        default = (
            "required"
            if field.default is dataclasses.MISSING
            else f"default {_show(field.default, bool(field.metadata.get('secret')))}"
        )
        extra = f" (or {variable}_FILE)" if field.metadata.get("secret") else ""
        lines.append(f"{variable}{extra}: {field.metadata['help']} [{default}]")
    return lines
