"""The model: defaults merged, values in base units, derived names; durations; the schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generators import schema
from portfolio import durations
from portfolio.config.loader import load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "config" / "valid-minimal.yaml"


def test_example_portfolio_has_the_five_products_with_the_seed_thresholds(
    example_portfolio,
) -> None:  # type: ignore[no-untyped-def]
    got = {
        p.id: (
            p.thresholds.uptime_ratio,
            p.thresholds.error_ratio,
            p.thresholds.response_time_seconds,
        )
        for p in example_portfolio.products
    }
    assert got == {
        "driftguard": (0.995, 0.01, 1.0),
        "reports": (0.99, 0.02, 2.0),
        "memeMixer": (0.98, 0.03, 1.5),
        "overlayStudio": (0.98, 0.025, 1.2),
        "marketing": (0.995, 0.01, 0.8),
    }


def test_a_product_inherits_what_it_does_not_set() -> None:
    text = MINIMAL.read_text().replace(
        "    thresholds: {uptime: 99.9, error_rate: 1, response_time_ms: 500}\n", ""
    )
    text = text.replace("stack:\n", "defaults:\n  thresholds: {uptime: 99.0}\nstack:\n")
    (shop,) = parse_config(text).products
    assert shop.thresholds.uptime_ratio == 0.99  # from defaults:
    assert shop.thresholds.error_ratio == 0.01  # built-in default
    assert shop.thresholds.response_time_seconds == 1.0
    assert shop.environments == ("production",)
    assert shop.endpoints[0].environment == "production"
    assert shop.endpoints[0].module == "http_2xx"


def test_dora_levels_are_data_with_documented_defaults() -> None:
    levels = load_config(MINIMAL).dora.levels
    assert levels.deployments_per_day["elite"] == 1.0
    assert levels.lead_time_seconds == {"elite": 86400, "high": 604800, "medium": 2592000}
    assert levels.change_failure_ratio == {"elite": 0.05, "high": 0.1, "medium": 0.15}
    assert levels.time_to_restore_seconds["elite"] == 3600
    custom = parse_config(
        MINIMAL.read_text()
        + "dora:\n  levels:\n    change_failure_rate: {elite: 2, high: 4, medium: 8}\n"
    )
    assert custom.dora.levels.change_failure_ratio == {"elite": 0.02, "high": 0.04, "medium": 0.08}


def test_secret_file_paths_default_to_the_secrets_dir() -> None:
    team = load_config(MINIMAL).team("ops")
    assert team.slack_api_url_file == "/etc/alertmanager/secrets/slack-ops.url"
    assert team.pagerduty_routing_key_file == "/etc/alertmanager/secrets/pagerduty-ops.key"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("5m", 300), ("1h30m", 5400), ("7d", 604800), ("1w", 604800), ("500ms", 0.5)],
)
def test_durations_round_trip(text: str, seconds: float) -> None:
    assert durations.seconds(text) == seconds
    assert durations.seconds(durations.render(seconds)) == seconds


def test_committed_schema_accepts_the_example_and_rejects_unknown_keys() -> None:
    committed = json.loads((ROOT / schema.SCHEMA_PATH).read_text())
    assert committed == schema.schema()
    validator = jsonschema.Draft202012Validator(committed)
    example = yaml.safe_load((ROOT / "portfolio.yaml").read_text())
    assert list(validator.iter_errors(example)) == []
    example["products"]["reports"]["colour"] = "blue"
    errors = list(validator.iter_errors(example))
    assert errors and "colour" in errors[0].message


def test_example_points_editors_at_the_schema() -> None:
    first = (ROOT / "portfolio.yaml").read_text().splitlines()[0]
    assert first == f"# yaml-language-server: $schema=./{schema.SCHEMA_PATH}"


def test_the_ports_the_config_rules_reserve_are_those_compose_publishes() -> None:
    from generators.stack import compose
    from portfolio.config import semantic

    assert semantic.RESERVED_PORTS == {compose.GRAFANA_PORT: compose.GRAFANA_SERVICE}
