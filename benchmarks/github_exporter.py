"""GitHub exporter: /metrics latency with 100 repos cached (between refreshes: the rendered
snapshot is served from the exposition cache; right after a publish: rendered once), the
upstream cost of a refresh when nothing changed and when one deployment was added (against
the fake GitHub API), and the exporter run as its own process (``python -m
exporters.github``, what Compose runs, on the image's packages) over the same 100
repositories, the fake API served from this process: its /metrics p50 and p99 scraped as
Prometheus does (goal: p99 at most 5 ms) and its RSS (goal: at most 60 MiB). The in-process
latency shares this process's interpreter lock with the client and the fake API, so the
goal is read from the process's.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks._exporters import process_rss
from exporters.github.app import build
from exporters.github.settings import PREFIX, GitHubSettings
from exporters.toolkit.settings import load_settings
from fakes.github import FakeGitHub
from portfolio.config.loader import load_config

REPOS = 100
DEPLOYMENTS_PER_REPO = 20
RUNS_PER_REPO = 10
SCRAPES = 300
PUBLISHES = 30
RSS_GOAL_MIB = 60.0


def _portfolio(path: Path) -> Path:
    products = "\n".join(
        f"  p{i:03d}:\n    name: Product {i}\n    team: platform\n    health_endpoints:\n"
        f"      - {{name: web, url: 'https://p{i}.example/health'}}\n"
        f"    sources:\n      github: {{repos: [acme/repo{i:03d}]}}"
        for i in range(REPOS)
    )
    path.write_text(
        "version: 1\nportfolio: {name: Bench, team: platform, grafana_url: 'http://g', "
        "runbook_url: 'https://r/{product}/{alert}'}\nteams:\n  platform:\n    name: Platform\n"
        f"    slack: {{channel: '#p'}}\nproducts:\n{products}\n"
    )
    return path


def _fill(gh: FakeGitHub, now: float) -> None:
    for i in range(REPOS):
        repo = f"acme/repo{i:03d}"
        for d in range(DEPLOYMENTS_PER_REPO):
            at = now - (DEPLOYMENTS_PER_REPO - d) * 86400
            gh.add_commit(repo, f"c{i}x{d}", at - 3600)
            gh.add_deployment(repo, 1000 * i + d, f"c{i}x{d}", "production", at)
            gh.add_status(repo, 1000 * i + d, "success" if d % 7 else "failure", at + 600)
        for r in range(RUNS_PER_REPO):
            at = now - (RUNS_PER_REPO - r) * 7200
            rid = 100000 * (i + 1) + r
            gh.add_run(repo, rid, "CI", "main", at, "completed", "success", at + 300)
            gh.add_job(repo, rid, rid, "build", at + 10, at + 290, "success")


def _cost(gh: FakeGitHub, before: tuple[int, int]) -> str:
    requests = len(gh.log) - before[0]
    full = sum(1 for _, s in gh.log[before[0] :] if s != 304)
    return f"{requests} requests ({requests - full} answered 304), {gh.points_used() - before[1]} rate-limit points"


def _process_rss(gh: FakeGitHub, config: Path, figures: dict[str, float]) -> None:
    env = {
        "GITHUB_API_URL": gh.url,
        "GITHUB_LISTEN_HOST": "127.0.0.1",
        "GITHUB_CONFIG": str(config),
    }
    deployments = "github_deployments_total{"
    process_rss(
        "exporters.github",
        PREFIX,
        env,
        f"{REPOS} repos",
        figures,
        loaded=lambda text: text.count(deployments) >= REPOS,
    )
    rss = figures["exporter_rss_mib"]
    print(f"  goal <= {RSS_GOAL_MIB:g} MiB: ratio {rss / RSS_GOAL_MIB:.2f}")


def main() -> dict[str, float]:
    figures: dict[str, float] = {}
    now = time.time()
    with tempfile.TemporaryDirectory() as tmp, FakeGitHub() as gh:
        _fill(gh, now)
        env = {
            "GITHUB_API_URL": gh.url,
            "GITHUB_LISTEN_HOST": "127.0.0.1",
            "GITHUB_LISTEN_PORT": "0",
        }
        settings = load_settings(GitHubSettings, env, PREFIX).settings
        config = _portfolio(Path(tmp) / "portfolio.yaml")
        exporter = build(settings, load_config(config))
        started = time.perf_counter()
        exporter.refresh_all()
        print(
            f"first refresh ({REPOS} repos, {REPOS * DEPLOYMENTS_PER_REPO} deployments): "
            f"{time.perf_counter() - started:.2f}s, {len(gh.log)} requests"
        )
        exporter.refresh_all()  # settle: in-progress bookkeeping, caches warm
        mark = (len(gh.log), gh.points_used())
        exporter.refresh_all()
        print(f"refresh, nothing changed: {_cost(gh, mark)}")
        repo = "acme/repo000"
        gh.add_commit(repo, "new", time.time() - 600)
        gh.add_deployment(repo, 999, "new", "production", time.time())
        gh.add_status(repo, 999, "success", time.time())
        mark = (len(gh.log), gh.points_used())
        exporter.refresh_all()
        print(f"refresh, one deployment added: {_cost(gh, mark)}")
        exporter.server.start()
        try:
            with httpx.Client() as client:
                url = exporter.server.url + "/metrics"
                size = len(client.get(url).content)
                times = []
                for _ in range(SCRAPES):
                    t = time.perf_counter()
                    client.get(url).raise_for_status()
                    times.append(time.perf_counter() - t)
                q = statistics.quantiles(times, n=100)
                figures["metrics_p50_ms"] = q[49] * 1000
                figures["metrics_p99_ms"] = q[98] * 1000
                print(
                    f"/metrics with {REPOS} repos cached, between refreshes: p50 "
                    f"{q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, {size / 1024:.0f} KiB "
                    f"({SCRAPES} scrapes)"
                )
                renders = []
                for _ in range(PUBLISHES):
                    exporter.state.publish()  # a refresh published: the next scrape renders
                    t = time.perf_counter()
                    client.get(url).raise_for_status()
                    renders.append(time.perf_counter() - t)
                print(
                    f"/metrics right after a publish (re-rendered): median "
                    f"{statistics.median(renders) * 1000:.1f} ms ({PUBLISHES} publishes)"
                )
        finally:
            exporter.server.stop()
            exporter.close()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"max RSS of this process (exporter + fake API): {rss:.0f} MiB")
        _process_rss(gh, config, figures)
    return figures


if __name__ == "__main__":
    main()
