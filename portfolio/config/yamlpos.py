"""YAML loading that remembers where every value came from.

PyYAML's safe loader keeps the last of two duplicate keys silently; here a duplicate key is a
problem, and each value's line is kept so later validation can say ``portfolio.yaml:14``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from portfolio.errors import Problem

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``("products", "reports", "health_endpoints", 0)`` -> ``products.reports.health_endpoints[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# A portfolio of a thousand products is some 100k values; aliases that expand a small file
# into millions ("billion laughs") are refused before they exhaust memory.
MAX_VALUES = 1_000_000


class _TooLarge(Exception):
    pass


@dataclass
class Located:
    """A plain Python value plus the line of every path inside it."""

    value: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    values: int = 0  # values built so far, aliases expanded

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 0


def compose(text: str) -> yaml.Node | None:
    """The document's node graph, parsed by libyaml (PyYAML's C parser: a thousand products
    load in a third of the time) when PyYAML was built with it. A document libyaml refuses
    is parsed again by the pure-Python parser, so a syntax error reads the same either way,
    and so is one with a tab, which only libyaml takes as a separator (``a:<tab>b``). The
    nodes, tags and lines of a document both accept are the same
    (``tests/generators/test_yaml_loader.py`` compares them); libyaml alone also accepts a few
    rarer forms of YAML 1.2 (``?`` keys inside a flow collection, a comment right after a
    block scalar's ``|``), whose values are then validated like any other."""
    if yaml.__with_libyaml__ and "\t" not in text:
        try:
            node: yaml.Node | None = yaml.compose(text, Loader=yaml.CSafeLoader)
            return node
        except yaml.YAMLError:
            pass
    return python_compose(text)


def python_compose(text: str) -> yaml.Node | None:
    """The pure-Python parser's node graph (the reference ``compose`` must equal)."""
    node: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
    return node


def load(text: str) -> Located:
    """Parse one YAML document. Syntax errors and duplicate keys become problems."""
    return located(text, compose)


def located(text: str, parse: Callable[[str], yaml.Node | None]) -> Located:
    """``load`` with the parser ``parse``."""
    try:
        node = parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        return Located(None, problems=[Problem(line, "", f"invalid YAML: {exc.problem or exc}")])
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        return Located(None, problems=[Problem(0, "", f"invalid YAML: {exc}")])
    located = Located(None)
    if node is not None:
        try:
            located.value = _convert(node, (), located)
        except _TooLarge as exc:
            message = (
                f"the document expands to more than {MAX_VALUES:,} values "
                "(aliases referring to aliases?)"
            )
            return Located(None, problems=[Problem(int(str(exc)), "", message)])
    return located


def _tag_problem(node: yaml.Node, path: Path) -> Problem | None:
    """Only YAML's own types are config: a custom tag (``!ENV``) or a merge key (``<<``)
    would be read differently by every other tool that reads the file."""
    line = node.start_mark.line + 1
    if node.tag == MERGE_TAG:
        return Problem(line, format_path(path), "merge keys (<<) are not supported: use defaults:")
    if node.tag == VALUE_TAG:  # a bare '=' (YAML 1.1's value key)
        return Problem(line, format_path(path), "'=' is YAML's value key: quote it (\"=\")")
    if not node.tag.startswith(YAML_TAG_PREFIX) or (
        isinstance(node, yaml.ScalarNode) and node.tag not in _SCALAR_TAGS
    ):
        return Problem(line, format_path(path), f"unknown YAML tag '{node.tag}'")
    return None


def _convert(node: yaml.Node, path: Path, out: Located) -> Any:
    out.values += 1
    if out.values > MAX_VALUES:
        raise _TooLarge(node.start_mark.line + 1)
    out.lines.setdefault(path, node.start_mark.line + 1)
    problem = _tag_problem(node, path)
    if problem is not None:
        out.problems.append(problem)
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            problem = _tag_problem(key_node, path)
            if problem is not None:
                out.problems.append(problem)
                continue
            key = _scalar(key_node)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                out.problems.append(
                    Problem(line, format_path(path), f"keys must be strings, got {key!r}")
                )
                continue
            key = str(key)
            if key in first_line:
                out.problems.append(
                    Problem(
                        line,
                        format_path((*path, key)),
                        f"duplicate key '{key}' (first defined on line {first_line[key]})",
                    )
                )
                continue
            first_line[key] = line
            out.lines[(*path, key)] = line
            result[key] = _convert(value_node, (*path, key), out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, i), out) for i, child in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return None
    value = _CONSTRUCTOR.construct_object(node, deep=True)
    # The constructor remembers every node it built; the shared one would keep each loaded
    # file's nodes (and their marks) alive for good.
    _CONSTRUCTOR.constructed_objects.pop(node, None)
    return value


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
YAML_TAG_PREFIX = "tag:yaml.org,2002:"
MERGE_TAG = "tag:yaml.org,2002:merge"
VALUE_TAG = "tag:yaml.org,2002:value"
# The scalar tags PyYAML's safe constructor builds; any other (``!!value``, ``!!python/...``)
# would be a constructor traceback.
_SCALAR_TAGS = frozenset(
    tag
    for tag in yaml.constructor.SafeConstructor.yaml_constructors
    if tag is not None and tag.startswith(YAML_TAG_PREFIX)
)
