"""The JSON Schema of ``portfolio.yaml``, generated from the spec models.

Committed as ``schema/portfolio.schema.json``; ``portfolio.yaml`` points editors at it with a
``yaml-language-server`` comment.
"""

from __future__ import annotations

from typing import Any

from generators.output.render import to_json
from portfolio.config.spec import ConfigSpec

SCHEMA_PATH = "schema/portfolio.schema.json"


def schema() -> dict[str, Any]:
    doc = ConfigSpec.model_json_schema(by_alias=True, mode="validation")
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return doc


def schema_text() -> str:
    return to_json(schema())
