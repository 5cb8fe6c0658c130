"""The demo's moving history (``fakes.history``): seeded, so the same seed and start give the
same records; moving, so records keep arriving with the wall clock at the demo's pace; and
honest about time, so nothing planned for later (a status, an issue's close) is served early.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fakes.cloudflare import FakeCloudflare
from fakes.github import FakeGitHub
from fakes.history import DEPLOY_HISTORY, PACE, Fakes, History
from fakes.plausible import FakePlausible
from fakes.posthog import FakePosthog
from fakes.services import FakeService
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio

ROOT = Path(__file__).resolve().parents[2]
START = 1_800_000_000.0  # 2027-01-15T08:00:00Z


def _fakes() -> Fakes:
    # Never started: the history only stores records in them.
    return Fakes(
        github=FakeGitHub(),
        plausible=FakePlausible("key"),
        cloudflare=FakeCloudflare("token"),
        posthog=FakePosthog("key"),
        services={("driftguard", "api", "production"): [FakeService("prometheus")]},
    )


def _close(fakes: Fakes) -> None:
    for fake in (fakes.github, fakes.plausible, fakes.cloudflare, fakes.posthog):
        assert fake is not None
        fake.httpd.server_close()
    for instances in fakes.services.values():
        for instance in instances:
            instance.httpd.server_close()


def _snapshot(fakes: Fakes) -> str:
    assert fakes.github and fakes.plausible and fakes.cloudflare and fakes.posthog
    state: dict[str, Any] = {
        "github": {
            name: [repo.deployments, repo.statuses, repo.issues, repo.runs, repo.commits]
            for name, repo in sorted(fakes.github.repos.items())
        },
        "plausible": {k: [repr(v) for v in vs] for k, vs in fakes.plausible.traffic.items()},
        "cloudflare": {
            z.name: {str(m): [repr(g) for g in gs] for m, gs in z.minutes.items()}
            for z in fakes.cloudflare.zones.values()
        },
        "posthog": {
            str(k): [repr(e) for e in p.events] + [repr(sorted(p.cohorts.items()))]
            for k, p in fakes.posthog.projects.items()
        },
    }
    # Records name the fake's own URL (free port): the same history anywhere else.
    return json.dumps(state, sort_keys=True, default=str).replace(fakes.github.url, "URL")


def _portfolio() -> Portfolio:
    return load_config(ROOT / "portfolio.yaml")


def test_the_same_seed_and_start_give_the_same_history() -> None:
    portfolio = _portfolio()
    runs = []
    for seed in (18, 18, 19):
        fakes = _fakes()
        history = History(portfolio, seed, START).attach(fakes)
        history.advance(START + 120)
        runs.append(_snapshot(fakes))
        _close(fakes)
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_the_past_covers_the_exporters_windows_and_the_present_moves() -> None:
    portfolio = _portfolio()
    fakes = _fakes()
    history = History(portfolio, 18, START).attach(fakes)
    assert fakes.github is not None
    repo = fakes.github.repos["mmtu-entertainment/driftguard"]
    created = sorted(d["created_at"] for d in repo.deployments)
    before = len(repo.deployments)
    # One deployment every 8 h on average over the 37 days the exporter reads: about 111.
    assert DEPLOY_HISTORY / PACE["deployment"][0] == 111.0
    assert 60 <= before <= 170, before
    assert created[0] < "2026-12-15"  # 37 days before 2027-01-15
    # At the demo's pace (one every 15 s on average), ten minutes bring about forty more.
    history.advance(START + 600)
    after = len(repo.deployments)
    assert 20 <= after - before <= 70, after - before
    _close(fakes)


def test_nothing_planned_for_later_is_served_early() -> None:
    portfolio = _portfolio()
    fakes = _fakes()
    history = History(portfolio, 18, START).attach(fakes)
    assert fakes.github is not None
    repo = fakes.github.repos["mmtu-entertainment/driftguard"]
    history.advance(START + 300)
    for deployment in repo.deployments:
        for status in repo.statuses[deployment["id"]]:
            assert status["created_at"] <= "2027-01-15T08:05:00Z"
            assert status["created_at"] >= deployment["created_at"]
    for issue in repo.issues:
        assert issue["closed_at"] is None or issue["closed_at"] <= "2027-01-15T08:05:00Z"
    # Every deployment older than the longest settle time (15 min) has its final status.
    for deployment in repo.deployments:
        if deployment["created_at"] < "2027-01-15T07:40:00Z":
            states = [s["state"] for s in repo.statuses[deployment["id"]]]
            assert states[-1] in ("success", "failure"), (deployment["id"], states)
    _close(fakes)


def test_the_services_fakes_count_requests_while_the_demo_runs() -> None:
    portfolio = _portfolio()
    fakes = _fakes()
    history = History(portfolio, 18, START).attach(fakes)
    (instance,) = fakes.services[("driftguard", "api", "production")]
    assert instance.requests is not None

    def served() -> float:
        return sum(
            sample.value
            for metric in instance.registry.collect()
            for sample in metric.samples
            if sample.name == "http_requests_total"
        )

    assert served() == 0  # a service's counters start with the demo: no past
    history.advance(START + 60)
    # About one batch of 5 to 30 requests a second: 60 s give between 5 x 30 and 30 x 90.
    assert 150 <= served() <= 2700, served()
    _close(fakes)
