"""What the project knows about one data source, in one place.

A ``DataSource`` names the config section a product uses to point at the source, how that
section becomes the model's settings, the exporter's environment prefix, secrets and port,
the metrics it publishes (its part of the catalog) and the module that runs it. The spec,
the model, the conventions, compose, ``make stack``, the catalog checks and the docs read the
registry in ``portfolio.sources``; adding a source means its exporter package plus one
descriptor module registered there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from portfolio.metric import Metric


@dataclass(frozen=True)
class SourceContext:
    """Portfolio-wide values a source's settings may default to."""

    production_environment: str  # the DORA production environment of the portfolio


class HasSources(Protocol):
    """A model object carrying the settings of the sources it uses (``Product``)."""

    @property
    def source_configs(self) -> Mapping[str, object]: ...


SettingsT = TypeVar("SettingsT")


@dataclass(frozen=True, kw_only=True)
class StackProcess:
    """A Python process of the stack, run from the exporters' image (``python -m <module>``):
    an exporter, or the incident bridge. Compose, the Kubernetes manifests and ``make stack``
    start it from these fields alone."""

    name: str  # the exporter's source name (``github``), or the process's own
    env_prefix: str  # its settings are ``<prefix><FIELD>`` (and ``_FILE`` for secrets)
    secrets: tuple[str, ...] = ()  # settings that only the environment gives
    default_port: int
    exporter: str | None  # ``python -m <exporter>``; None while it is not written

    @property
    def component(self) -> str:
        """Its key in ``stack.addresses`` (``github_exporter``)."""
        return f"{self.name}_exporter"

    @property
    def service(self) -> str:
        """Its default host and Compose service name (``github-exporter``)."""
        return f"{self.name}-exporter"

    @property
    def default_address(self) -> str:
        return f"{self.service}:{self.default_port}"

    def secret_variables(self) -> tuple[str, ...]:
        """Environment variables of the secrets (each may also be given as ``<name>_FILE``)."""
        return tuple(f"{self.env_prefix}{secret.upper()}" for secret in self.secrets)


@dataclass(frozen=True, kw_only=True)
class DataSource(StackProcess, Generic[SettingsT]):
    """One SaaS data source and its exporter; ``SettingsT`` is its per-product settings."""

    title: str  # how people write it
    section: type[BaseModel]  # the spec of ``products.<id>.sources.<name>``
    settings: Callable[[Any, SourceContext], SettingsT]  # section spec -> frozen settings
    metrics: tuple[Metric, ...]  # every metric its exporter publishes, self-metrics included
    docs: str | None = None  # the exporter's page under docs/exporters/

    def of(self, product: HasSources) -> SettingsT | None:
        """The product's settings of this source (what ``settings`` built), or None."""
        found: SettingsT | None = product.source_configs.get(self.name)  # type: ignore[assignment]
        return found
