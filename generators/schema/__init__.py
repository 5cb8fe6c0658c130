"""Stage ``schema``: the JSON Schema of ``portfolio.yaml``, generated from the spec models.

Committed as ``schema/portfolio.schema.json``; ``portfolio.yaml`` points editors at it with a
``yaml-language-server`` comment.
"""

from __future__ import annotations

from typing import Any

from generators.artifacts import ArtifactKind, Outputs
from generators.output.render import to_json
from portfolio.config.model import Portfolio
from portfolio.config.spec import ConfigSpec

SCHEMA_PATH = "schema/portfolio.schema.json"


def schema() -> dict[str, Any]:
    doc = ConfigSpec.model_json_schema(by_alias=True, mode="validation")
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return doc


def schema_text() -> str:
    return to_json(schema())


def build(portfolio: Portfolio) -> Outputs:
    """The schema depends on the spec only, not on the config it is generated with."""
    return {SCHEMA_PATH: schema_text()}


ARTIFACT = ArtifactKind(
    name="schema",
    summary="the JSON Schema of portfolio.yaml (schema/)",
    build=build,
)
