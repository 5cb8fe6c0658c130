"""``portfolio-obs init``: a starter portfolio.yaml that validates, generates and is never forced."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from portfolio.config.loader import load_config
from portfolio_obs import cli

ANSWERS = [
    "--name",
    "Acme",
    "--team",
    "ops:#ops-alerts",
    "--team",
    "web:#web-alerts",
    "--product",
    "shop:ops:https://shop.example/health",
    "--endpoint",
    "shop:api:https://api.shop.example/health",
    "--product",
    "blog:web:https://blog.example/",
]


def init(tmp_path: Path, *argv: str) -> int:
    try:
        return cli.main(["init", "-o", str(tmp_path / "portfolio.yaml"), *argv])
    except SystemExit as exc:
        return int(exc.code or 0)


def test_the_starter_holds_every_answer(tmp_path: Path) -> None:
    assert init(tmp_path, *ANSWERS) == 0
    path = tmp_path / "portfolio.yaml"
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=./schema/portfolio.schema.json\n"
    )
    loaded = load_config(path)
    assert loaded.name == "Acme"
    assert loaded.owner_team == "ops"
    assert [t.id for t in loaded.teams] == ["ops", "web"]
    assert [p.id for p in loaded.products] == ["blog", "shop"]
    shop = loaded.products[1]
    assert shop.team == "ops"
    assert [(e.name, e.url) for e in shop.endpoints] == [
        ("web", "https://shop.example/health"),
        ("api", "https://api.shop.example/health"),
    ]
    assert loaded.team("web").slack_channel == "#web-alerts"


def test_the_starter_generates_and_checks(tmp_path: Path) -> None:
    assert init(tmp_path, *ANSWERS) == 0
    where = ["--config", str(tmp_path / "portfolio.yaml"), "--out", str(tmp_path)]
    assert cli.main(["generate", "-q", *where]) == 0
    assert (tmp_path / "schema/portfolio.schema.json").is_file()  # what the first line names
    assert (tmp_path / "alert_rules/products/shop.rules.yml").is_file()
    assert cli.main(["check", "-q", "--skip-tools", *where]) == 0


def test_every_commented_knob_is_valid_once_uncommented(tmp_path: Path) -> None:
    """The comments show the next things to set; uncommented, they still load."""
    assert init(tmp_path, *ANSWERS) == 0
    text = (tmp_path / "portfolio.yaml").read_text()
    uncommented = re.sub(r"^( *)# ( *[a-z_]+:)", r"\1\2", text, flags=re.MULTILINE)
    assert uncommented.count("\n#") < text.count("\n#")
    for key in ("pagerduty:", "email:", "smtp:", "tier:", "thresholds:", "sources:", "github:"):
        assert re.search(rf"^ *{key}", uncommented, re.MULTILINE), key
    path = tmp_path / "uncommented.yaml"
    path.write_text(uncommented)
    loaded = load_config(path)
    assert loaded.products[0].tier == 1


def test_an_existing_file_is_kept_without_force(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "portfolio.yaml"
    path.write_text("mine\n")
    with caplog.at_level(logging.ERROR):
        assert init(tmp_path, *ANSWERS) == 2
    assert path.read_text() == "mine\n"
    assert "exists; give --force to overwrite it" in caplog.text
    assert init(tmp_path, *ANSWERS, "--force") == 0
    assert load_config(path).name == "Acme"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["portfolio.yaml"]  # no temp file left


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--team", "ops", "--product", "shop:ops:https://s.example/"],
            "--team 'ops': expected ID:#CHANNEL",
        ),
        (["--team", "ops:#o", "--product", "shop"], "--product 'shop': expected ID:TEAM[:URL]"),
        (
            [
                "--team",
                "ops:#o",
                "--product",
                "shop:ops:https://s.example/",
                "--endpoint",
                "blog:web:https://b.example/",
            ],
            "--endpoint 'blog:web:https://b.example/': no --product 'blog'",
        ),
        (
            ["--team", "ops:#o", "--team", "ops:#p", "--product", "shop:ops:https://s.example/"],
            "--team 'ops' is given twice",
        ),
        (
            ["--team", "ops:#o", "--product", "shop:nobody:https://s.example/"],
            "products.shop.team: team 'nobody' is not defined",
        ),
        (
            ["--team", "ops:#o", "--product", "shop:ops"],
            "--product 'shop' has no health endpoint: give ID:TEAM:URL or --endpoint shop:NAME:URL",
        ),
        (
            ["--team", "ops:#O", "--product", "shop:ops:https://s.example/"],
            "teams.ops.slack.channel: '#O' is not a Slack channel",
        ),
        (
            ["--team", "ops:#o", "--product", "shop:ops:ftp://s.example/"],
            "'ftp://s.example/' is not an http(s) URL",
        ),
    ],
    ids=[
        "a team without a channel is refused",
        "a product without a team is refused",
        "an endpoint of an unknown product is refused",
        "a team given twice is refused",
        "a product of an undefined team is refused",
        "a product without an endpoint is refused",
        "a channel in upper case is refused",
        "a URL that is not http(s) is refused",
    ],
)
def test_bad_answers_exit_2_and_write_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, argv: list[str], message: str
) -> None:
    with caplog.at_level(logging.ERROR):
        assert init(tmp_path, *argv) == 2
    assert message in caplog.text
    assert list(tmp_path.iterdir()) == []


def test_missing_answers_are_bad_input(tmp_path: Path) -> None:
    assert init(tmp_path, "--team", "ops:#o") == 2
    assert init(tmp_path, "--product", "shop:ops:https://s.example/") == 2
    assert list(tmp_path.iterdir()) == []


def test_ids_yaml_would_read_as_booleans_are_quoted(tmp_path: Path) -> None:
    assert init(tmp_path, "--team", "on:#on-call", "--product", "no:on:https://no.example/") == 0
    loaded = load_config(tmp_path / "portfolio.yaml")
    assert [t.id for t in loaded.teams] == ["on"]
    assert loaded.products[0].id == "no"
