"""docs/exporters/writing-an-exporter.md is true: its code blocks, run exactly as written, make
an exporter that serves the golden exposition from a fake Plausible API on loopback, keeps its
last good values through a rate limit, and checks its config through ``python -m``."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry

from exporters.toolkit.settings import load_settings
from fakes.plausible import FakePlausible, Site
from portfolio.config.loader import load_config
from tests.exporters.test_github_exporter import check_golden

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "exporters" / "writing-an-exporter.md"
PORTFOLIO = Path(__file__).parent / "fixtures" / "plausible-portfolio.yaml"
MODULE = "exporters.plausible.exporter"
NOW = 1_800_000_000.0
KEY = "plausible-test-key"
BLOCK = re.compile(r"```python\n# file: (?P<file>\S+)\n(?P<code>.*?)```", re.DOTALL)


def doc_files() -> dict[str, str]:
    """The doc's code blocks by the file they say they belong to, pieces joined in order."""
    files: dict[str, list[str]] = {}
    for match in BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        files.setdefault(match["file"], []).append(match["code"])
    return {name: "\n\n".join(parts) for name, parts in files.items()}


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """The doc's exporter module, importable as ``exporters.plausible.exporter`` for the test."""
    code = doc_files()["exporters/plausible/exporter.py"]
    package = types.ModuleType("exporters.plausible")
    package.__path__ = []
    module = types.ModuleType(MODULE)
    module.__file__ = str(DOC)
    monkeypatch.setitem(sys.modules, "exporters.plausible", package)
    monkeypatch.setitem(sys.modules, MODULE, module)  # dataclasses resolve hints through it
    exec(compile(code, f"{DOC}:{MODULE}", "exec"), module.__dict__)
    return module


@pytest.fixture
def fake() -> Iterator[FakePlausible]:
    with FakePlausible(KEY) as plausible:
        plausible.sites["alpha.example"] = Site(
            1200, 4100, {"/": 700, "/pricing": 300, "/blog/launch": 150, "/about": 50}
        )
        plausible.sites["docs.beta.example"] = Site(90, 250, {"/docs": 80, "/docs/api": 10})
        yield plausible


def settings_env(fake: FakePlausible, **extra: str) -> dict[str, str]:
    return {
        "PLAUSIBLE_CONFIG": str(PORTFOLIO),
        "PLAUSIBLE_API_URL": fake.url,
        "PLAUSIBLE_API_KEY": KEY,
        "PLAUSIBLE_LISTEN_HOST": "127.0.0.1",
        "PLAUSIBLE_LISTEN_PORT": "0",
        "PLAUSIBLE_TOP_PAGES": "3",
        "PLAUSIBLE_PAGE_SIZE": "2",  # so the top pages take two pages
        **extra,
    }


def test_the_doc_shows_every_file_of_the_example() -> None:
    assert sorted(doc_files()) == [
        "exporters/plausible/__main__.py",
        "exporters/plausible/exporter.py",
    ]


def test_the_example_serves_the_golden_exposition_and_keeps_it_through_a_rate_limit(
    example: Any, fake: FakePlausible
) -> None:
    settings = load_settings(example.PlausibleSettings, settings_env(fake), example.PREFIX).settings
    runtime = example.build(
        settings,
        load_config(PORTFOLIO),
        registry=CollectorRegistry(),
        clock=lambda: NOW,
        monotonic=lambda: 0.0,
    )
    runtime.server.start()
    try:
        url = runtime.server.url + "/metrics"
        assert httpx.get(runtime.server.url + "/readyz").status_code == 503
        assert runtime.refresh_all()
        served = httpx.get(url).text
        check_golden("plausible_example.prom", served)
        # the top pages of alpha took two requests of two rows (offset 0, then 2) and stopped
        pages = [
            q["pagination"]
            for q in fake.queries
            if q["site_id"] == "alpha.example" and q.get("dimensions") == ["event:page"]
        ]
        assert pages == [{"limit": 2, "offset": 0}, {"limit": 2, "offset": 2}]
        assert all(q["date_range"] == "30d" for q in fake.queries)
        assert httpx.get(runtime.server.url + "/readyz").status_code == 200
        # upstream refuses for an hour: the refresh fails, the last good values stay
        fake.rate_limit(retry_after="3600")
        assert runtime.refresh_all() is False
        after = httpx.get(url).text
        kept = [line for line in served.splitlines() if line.startswith("plausible_page")]
        assert kept and all(line in after.splitlines() for line in kept)
        assert 'plausible_up{source="stats"} 0.0' in after
        failures = 'plausible_refresh_failures_total{reason="rate_limited",source="stats"} 1.0'
        assert failures in after
        assert (
            'plausible_upstream_requests_total{endpoint="aggregate",status_class="4xx"} 1.0'
            in after
        )
    finally:
        runtime.server.stop()
        runtime.close()


def test_the_example_runs_as_python_m_and_checks_its_config(
    example: Any,
    fake: FakePlausible,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    main = doc_files()["exporters/plausible/__main__.py"]
    for name, value in settings_env(fake).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["python -m exporters.plausible", "--check-config"])
    with pytest.raises(SystemExit) as done:
        exec(compile(main, f"{DOC}:__main__", "exec"), {"__name__": "__main__"})
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "PLAUSIBLE_API_KEY=*** (env PLAUSIBLE_API_KEY)" in out and KEY not in out
    assert out.endswith("config ok: 2 sites\n")
    from exporters.toolkit.app import run_exporter

    bad = settings_env(fake, PLAUSIBLE_TOP_PAGES="500")
    assert run_exporter(example.SPEC, ["--check-config"], bad) == 2
    broken = tmp_path / "portfolio.yaml"
    broken.write_text("version: 1\n")
    assert (
        run_exporter(
            example.SPEC,
            ["--check-config"],
            {**bad, "PLAUSIBLE_CONFIG": str(broken), "PLAUSIBLE_TOP_PAGES": "3"},
        )
        == 2
    )
