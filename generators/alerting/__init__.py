"""Stage ``alerting``: Alertmanager routing per team and severity (``alertmanager.yml``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generators.alerting import alertmanager
from generators.artifacts import ArtifactKind, Command, Outputs
from generators.output.render import to_yaml
from portfolio.config.model import Portfolio

FILE = "stack/alertmanager/alertmanager.yml"


def build(portfolio: Portfolio) -> Outputs:
    return {FILE: to_yaml(alertmanager.build(portfolio), portfolio.source)}


def tool_checks(root: Path) -> Sequence[Command]:
    return [["amtool", "check-config", FILE]]


ARTIFACT = ArtifactKind(
    name="alerting",
    summary="Alertmanager routing, receivers and inhibition (stack/alertmanager/)",
    build=build,
    tool_checks=tool_checks,
)
