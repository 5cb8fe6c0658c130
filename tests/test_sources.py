"""The data-source descriptors (``portfolio.sources``) agree with everything that reads them:
the spec, the catalog, the exporters' packages and settings, and their docs."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Any

import pytest

from portfolio import catalog, sources
from portfolio.config.spec import ADDRESS_KEYS, ConfigSpec
from portfolio.sources import SOURCES, DataSource

ROOT = Path(__file__).resolve().parent.parent
IDS = [source.name for source in SOURCES]


def test_names_ports_and_prefixes_are_unique() -> None:
    for attribute in ("name", "default_port", "env_prefix", "service"):
        values = [getattr(source, attribute) for source in SOURCES]
        assert len(values) == len(set(values)), attribute


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_a_source_is_one_config_section_and_one_address(source: DataSource[Any]) -> None:
    schema = ConfigSpec.model_json_schema(by_alias=True)
    assert source.name in schema["$defs"]["SourcesSpec"]["properties"]
    assert source.component in ADDRESS_KEYS
    assert source.env_prefix == f"{source.name.upper()}_"


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_its_metrics_carry_its_name_and_are_in_the_catalog(source: DataSource[Any]) -> None:
    assert source.metrics, source.name
    for metric in source.metrics:
        assert metric.source == source.name, metric.name
        assert metric.name.startswith(f"{source.name}_"), metric.name
        assert catalog.BY_NAME[metric.name] is metric
    assert set(catalog.exporter_metrics(source.name)) == set(source.metrics)


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_an_exporter_module_exists_exactly_when_the_descriptor_names_it(
    source: DataSource[Any],
) -> None:
    package = ROOT / "exporters" / source.name
    assert package.is_dir() == (source.exporter is not None), source.name
    if source.exporter is not None:
        assert source.exporter == f"exporters.{source.name}"
        assert (package / "__main__.py").is_file()
        assert source.name in sources.EXPORTERS


@pytest.mark.parametrize("source", list(sources.EXPORTERS.values()), ids=list(sources.EXPORTERS))
def test_its_secrets_are_settings_of_its_exporter(source: DataSource[Any]) -> None:
    settings_module = importlib.import_module(f"{source.exporter}.settings")
    classes = [
        value
        for value in vars(settings_module).values()
        if dataclasses.is_dataclass(value) and isinstance(value, type)
    ]
    secret_fields = {
        field.name
        for cls in classes
        for field in dataclasses.fields(cls)
        if field.metadata.get("secret")
    }
    assert set(source.secrets) <= secret_fields, (source.secrets, secret_fields)


@pytest.mark.parametrize("source", list(sources.EXPORTERS.values()), ids=list(sources.EXPORTERS))
def test_its_docs_page_lists_every_metric_and_setting_prefix(source: DataSource[Any]) -> None:
    assert source.docs is not None, f"{source.name}: an exporter needs a docs page"
    text = (ROOT / source.docs).read_text()
    assert source.env_prefix in text
    families = {metric.name for metric in source.metrics}
    self_metrics = {metric.name for metric in catalog.self_metrics(source.name)}
    undocumented = sorted(name for name in families - self_metrics if name not in text)
    assert undocumented == [], f"{source.docs} does not mention {undocumented}"
