"""Fixtures of the exporter tests: the fake GitHub API with the fixture history, a settable
clock, and an in-process exporter built against them (fresh registry each time)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from exporters.github.app import Exporter, build
from exporters.github.settings import PREFIX, GitHubSettings
from exporters.toolkit.http import RetryPolicy
from exporters.toolkit.settings import load_settings
from fakes.github import FakeGitHub
from portfolio.config.loader import load_config
from tests.exporters import history

NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z: fixed, so golden output is byte-stable
FAST_RETRIES = RetryPolicy(
    attempts=3, wait_initial=0.01, wait_max=0.05, wait_jitter=0.01, timeout=10
)


@dataclass
class Clock:
    t: float

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        fake.reset_at = int(NOW) + 3600
        history.load(fake, NOW)
        yield fake


MakeExporter = Callable[..., Exporter]


@pytest.fixture
def make_exporter(gh: FakeGitHub, clock: Clock) -> Iterator[MakeExporter]:
    made: list[Exporter] = []

    def make(env: dict[str, str] | None = None, **kw: object) -> Exporter:
        loaded = load_settings(
            GitHubSettings,
            {
                "GITHUB_API_URL": gh.url,
                "GITHUB_LISTEN_HOST": "127.0.0.1",
                "GITHUB_LISTEN_PORT": "0",
                **(env or {}),
            },
            PREFIX,
        )
        options = {"clock": clock, "monotonic": lambda: 0.0, "policy": FAST_RETRIES, **kw}
        exporter = build(loaded.settings, load_config(history.PORTFOLIO), **options)  # type: ignore[arg-type]
        made.append(exporter)
        return exporter

    yield make
    for exporter in made:
        exporter.close()
