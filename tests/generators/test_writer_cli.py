"""`generate` is deterministic, atomic, and removes the outputs of removed products;
`check` fails on stale artifacts; the committed artifacts are what `make generate` writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generators import pipeline, schema
from generators.__main__ import main
from generators.output.writer import MANIFEST, diff_against_disk
from portfolio.config.loader import load_config

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "config" / "valid-minimal.yaml"


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_generate_twice_gives_byte_identical_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        main(["-q", "--config", str(ROOT / "portfolio.yaml"), "--out", str(out), "generate"]) == 0
    )
    first = tree(out)
    assert (
        main(["-q", "--config", str(ROOT / "portfolio.yaml"), "--out", str(out), "generate"]) == 0
    )
    assert tree(out) == first


def test_output_does_not_depend_on_product_order_in_the_file(tmp_path: Path) -> None:
    text = (ROOT / "portfolio.yaml").read_text()
    head, products = text.split("\nproducts:\n")
    blocks = products.strip("\n").split("\n\n")
    reordered = tmp_path / "portfolio.yaml"
    reordered.write_text(head + "\nproducts:\n" + "\n\n".join(reversed(blocks)) + "\n")
    assert pipeline.build_all(load_config(reordered)) == pipeline.build_all(
        load_config(ROOT / "portfolio.yaml")
    )


def test_every_generated_file_says_it_is_generated(example_portfolio) -> None:  # type: ignore[no-untyped-def]
    for rel, text in pipeline.build_all(example_portfolio).items():
        if rel.endswith((".yml", ".yaml")):
            assert text.startswith("# Generated from portfolio.yaml"), rel
        assert text.endswith("\n") and not text.endswith("\n\n"), rel


def test_removing_a_product_removes_its_files(tmp_path: Path) -> None:
    config = tmp_path / "portfolio.yaml"
    two = MINIMAL.read_text() + (
        "  blog:\n    name: Blog\n    team: ops\n    health_endpoints:\n"
        '      - {name: web, url: "https://blog.example/"}\n'
    )
    config.write_text(two)
    out = tmp_path / "out"
    assert main(["-q", "--config", str(config), "--out", str(out), "generate"]) == 0
    assert (out / "alert_rules/products/blog.rules.yml").exists()
    assert (out / "alert_rules/tests/blog.test.yml").exists()
    hand_written = out / "alert_rules" / "custom.rules.yml"
    hand_written.write_text("groups: []\n")

    config.write_text(MINIMAL.read_text())
    assert main(["-q", "--config", str(config), "--out", str(out), "generate"]) == 0
    assert not (out / "alert_rules/products/blog.rules.yml").exists()
    assert not (out / "alert_rules/tests/blog.test.yml").exists()
    assert "blog" not in (out / "stack/prometheus/prometheus.yml").read_text()
    assert "alert_rules/products/blog.rules.yml" not in (out / MANIFEST).read_text()
    assert hand_written.exists(), "files the generator did not write are left alone"


def test_a_config_error_leaves_previous_outputs_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["-q", "--config", str(MINIMAL), "--out", str(out), "generate"]) == 0
    before = tree(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL.read_text().replace("uptime: 99.9", "uptime: 300"))
    assert main(["-q", "--config", str(broken), "--out", str(out), "generate"]) == 2
    assert tree(out) == before


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["-q", "--config", str(MINIMAL), "--out", str(out), "generate"]) == 0
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_check_reports_stale_and_hand_edited_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    shutil.copy(MINIMAL, tmp_path / "portfolio.yaml")
    config = str(tmp_path / "portfolio.yaml")
    assert main(["-q", "--config", config, "--out", str(out), "generate"]) == 0
    assert main(["--config", config, "--out", str(out), "check", "--skip-tools"]) == 0
    rules = out / "alert_rules" / "portfolio.rules.yml"
    rules.write_text(rules.read_text().replace("for: 2m", "for: 20m"))
    assert main(["--config", config, "--out", str(out), "check", "--skip-tools"]) == 1
    assert "alert_rules/portfolio.rules.yml differs" in caplog.text


def test_missing_config_file_exits_2(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert main(["--config", str(tmp_path / "nope.yaml"), "--out", str(tmp_path), "generate"]) == 2
    assert "cannot read" in caplog.text


def test_committed_artifacts_are_fresh() -> None:
    """CI fails when the committed files differ from what `make generate` writes."""
    outputs = pipeline.build_all(load_config(ROOT / "portfolio.yaml"))
    outputs[schema.SCHEMA_PATH] = schema.schema_text()
    assert diff_against_disk(outputs, ROOT) == [], "run `make generate` and commit the result"
