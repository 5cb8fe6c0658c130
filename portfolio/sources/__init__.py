"""The registry of data sources: one descriptor module each, in this order everywhere.

Order is the order of ``products.<id>.sources`` in the JSON Schema, of ``stack.addresses``,
of the catalog and of the Compose services.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from portfolio.sources import cloudflare, github, plausible, posthog
from portfolio.sources.descriptor import DataSource, SourceContext

SOURCES: tuple[DataSource[Any], ...] = (
    github.SOURCE,
    cloudflare.SOURCE,
    plausible.SOURCE,
    posthog.SOURCE,
)
BY_NAME: Mapping[str, DataSource[Any]] = MappingProxyType({s.name: s for s in SOURCES})
NAMES: tuple[str, ...] = tuple(BY_NAME)
# The sources whose exporter exists in ``exporters/``: the others' data cannot be collected yet
# (Prometheus still scrapes their address, so ExporterDown says the exporter is missing).
EXPORTERS: Mapping[str, DataSource[Any]] = MappingProxyType(
    {s.name: s for s in SOURCES if s.exporter is not None}
)

__all__ = ["BY_NAME", "EXPORTERS", "NAMES", "SOURCES", "DataSource", "SourceContext"]
