"""What the HA and remote-write settings of golden.yaml become in prometheus.yml, the compose
file and ``make stack`` (the behaviour is proven with the real binaries in
test_ha_remote_write.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generators import pipeline
from generators.stack import compose, prometheus
from portfolio.config.loader import load_config
from stack_runner import supervisor

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = load_config(ROOT / "tests" / "fixtures" / "config" / "golden.yaml")


def test_each_replica_has_its_file_and_replica_label_which_alerts_drop() -> None:
    outputs = pipeline.build_all(GOLDEN)
    first = yaml.safe_load(outputs[prometheus.FILE])
    second = yaml.safe_load(outputs["stack/prometheus/prometheus_2.yml"])
    assert first["global"]["external_labels"] == {"cluster": "golden-eu-1", "replica": "prometheus"}
    assert second["global"]["external_labels"]["replica"] == "prometheus_2"
    for document in (first, second):
        alerting = document["alerting"]
        assert alerting["alert_relabel_configs"] == [{"action": "labeldrop", "regex": "replica"}]
        (managers,) = alerting["alertmanagers"]
        assert managers["static_configs"][0]["targets"] == [
            "alertmanager:9093",
            "alertmanager-b:9193",
        ]
    # Apart from the replica label the replicas are the same.
    second["global"]["external_labels"]["replica"] = "prometheus"
    assert first == second


def test_remote_write_reads_credentials_from_files_and_filters_by_name() -> None:
    mimir, longterm = yaml.safe_load(outputs := pipeline.build_all(GOLDEN)[prometheus.FILE])[
        "remote_write"
    ]
    assert mimir["basic_auth"] == {
        "username": "golden",
        "password_file": "/etc/prometheus/secrets/remote-write-mimir.password",
    }
    assert mimir["write_relabel_configs"] == [
        {"source_labels": ["__name__"], "regex": "go_.*|scrape_.*", "action": "drop"}
    ]
    assert mimir["queue_config"]["max_shards"] == 10
    assert longterm["authorization"] == {
        "type": "Bearer",
        "credentials_file": "/etc/prometheus/secrets/vm.token",
    }
    assert longterm["write_relabel_configs"][0]["regex"] == "slo:.*|product:.*|up|probe_success"
    assert "password:" not in outputs


def test_compose_runs_every_replica_and_peer_with_its_own_volume() -> None:
    services = compose.build(GOLDEN)["services"]
    assert (
        "--config.file=/portfolio/stack/prometheus/prometheus_2.yml"
        in (services["prometheus-b"]["command"])
    )
    assert "prometheus-2-data:/prometheus" in services["prometheus-b"]["volumes"]
    for service in ("prometheus", "prometheus-b"):
        assert "./secrets/prometheus:/etc/prometheus/secrets:ro" in services[service]["volumes"]
    assert services["alertmanager"]["command"][-2:] == [
        "--cluster.listen-address=0.0.0.0:9094",
        "--cluster.peer=alertmanager-b:9094",
    ]
    assert services["alertmanager-b"]["command"][-1] == "--cluster.peer=alertmanager:9094"
    assert services["alertmanager-b"]["user"] == "65534:65534"
    assert services["alertmanager-b"]["read_only"] is True


def test_make_stack_gossips_on_loopback_with_advertised_ports() -> None:
    local = supervisor.localhost(GOLDEN, {}, None)
    ports = {"alertmanager": 30001, "alertmanager_2": 30002}
    assert supervisor.cluster_args(local, "alertmanager_2", ports) == [
        "--cluster.listen-address=127.0.0.1:30002",
        "--cluster.advertise-address=127.0.0.1:30002",
        "--cluster.peer=127.0.0.1:30001",
    ]
    assert local.stack.addresses["prometheus_2"] == "127.0.0.1:9190"
    assert supervisor.compose_job("prometheus_2") == "prometheus"
    assert supervisor.compose_job("alertmanager_2") == "alertmanager"


def test_without_ha_there_is_one_of_each_and_no_gossip() -> None:
    portfolio = load_config(ROOT / "tests" / "fixtures" / "config" / "valid-minimal.yaml")
    local = supervisor.localhost(portfolio, {}, None)
    assert supervisor.cluster_args(local, "alertmanager", {}) == ["--cluster.listen-address="]
    document = prometheus.config(portfolio)
    assert "external_labels" not in document["global"]
    assert "alert_relabel_configs" not in document["alerting"]
    assert "remote_write" not in document
