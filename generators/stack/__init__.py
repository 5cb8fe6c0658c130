"""Stage ``stack``: the configuration of the stack's processes and the compose file.

- ``prometheus``: ``prometheus.yml`` (scrape jobs, probes, rule files, Alertmanager);
- ``blackbox``: ``blackbox.yml`` (probe modules of the real blackbox_exporter);
- ``grafana``: datasource and dashboard provisioning;
- ``compose``: ``docker-compose.yml`` running all of it.

Paths inside these files are relative to the repository layout (``stack/prometheus`` ->
``../../alert_rules``), so the same files work under ``make stack`` and in the compose file,
which mounts the repository's folders at the same relative places.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generators.artifacts import ArtifactKind, Command, Outputs
from generators.output.render import to_yaml
from generators.stack import blackbox, compose, grafana, prometheus
from portfolio.config.model import Portfolio


def build(portfolio: Portfolio) -> Outputs:
    source = portfolio.source
    return {
        **{
            prometheus.replica_file(replica): to_yaml(prometheus.config(portfolio, replica), source)
            for replica in portfolio.stack.prometheus_replicas
        },
        blackbox.FILE: to_yaml(blackbox.config(portfolio), source),
        grafana.DATASOURCES_FILE: to_yaml(grafana.datasources(portfolio), source),
        grafana.DASHBOARD_PROVIDER_FILE: to_yaml(grafana.dashboard_provider(portfolio), source),
        compose.COMPOSE_FILE: to_yaml(compose.build(portfolio), source),
    }


def tool_checks(root: Path) -> Sequence[Command]:
    # Every replica's file: the first, and those of stack.ha.prometheus_replicas.
    files = sorted(
        str(path.relative_to(root)) for path in (root / prometheus.DIRECTORY).glob("*.yml")
    )
    return [["promtool", "check", "config", *(files or [prometheus.FILE])]]


ARTIFACT = ArtifactKind(
    name="stack",
    summary="prometheus.yml, blackbox.yml, Grafana provisioning (stack/) and docker-compose.yml",
    build=build,
    tool_checks=tool_checks,
)
