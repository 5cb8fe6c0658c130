"""Serialisation of artifacts: deterministic text with a "generated" header.

YAML keeps the order builders give (they build in a fixed order; rule files read best as
``alert, expr, for, labels, annotations``); JSON sorts keys. Both end with one newline.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from portfolio import conventions


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line strings as ``|`` blocks, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def header(source: str) -> str:
    return conventions.GENERATED_HEADER.format(source=source)


def to_yaml(document: Any, source: str) -> str:
    body = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        allow_unicode=True,
    )
    return f"# {header(source)}\n{body}"


def to_json(document: Any) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_yaml_stream(documents: Any, source: str) -> str:
    """Several YAML documents in one file (``---`` between them), as Kubernetes reads them."""
    body = yaml.dump_all(
        documents,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        allow_unicode=True,
        explicit_start=True,
    )
    return f"# {header(source)}\n{body}"
