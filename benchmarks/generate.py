"""Generation cost for 10, 100 and 1,000 synthetic products.

Prints, per size: time to load and validate the config, time to build every artifact, total
output size, and the ratio of the total to the time that serialising the same documents alone
takes (YAML dump of the same data), measured in the same run. A ratio near 1 means the
generators add little on top of the unavoidable serialisation.
"""

from __future__ import annotations

import time

import yaml

from generators import pipeline
from generators.output.render import _Dumper
from portfolio.config.loader import parse_config

SIZES = (10, 100, 1000)
TEAMS = 10


def synthetic_config(products: int) -> str:
    lines = [
        "version: 1",
        "portfolio:",
        "  name: Bench",
        "  team: team0",
        "  grafana_url: http://grafana.example:3000",
        "  runbook_url: https://runbooks.example/{product}/{alert}",
        "incidents: {url: 'http://bridge.example:9099/alerts', repo: example/incidents}",
        "stack:",
        "  smtp: {smarthost: 'smtp.example:587', from: alerts@example.org}",
        "teams:",
    ]
    for t in range(TEAMS):
        lines += [
            f"  team{t}:",
            f"    name: Team {t}",
            f"    slack: {{channel: '#team{t}'}}",
            f"    email: {{to: [team{t}@example.org]}}",
            f"    pagerduty: {{service: team{t}}}",
        ]
    lines.append("products:")
    for p in range(products):
        lines += [
            f"  p{p:04d}:",
            f"    name: Product {p}",
            f"    team: team{p % TEAMS}",
            f"    thresholds: {{uptime: {99 + (p % 10) / 10:.1f}, error_rate: {1 + p % 3}, response_time_ms: {500 + 10 * (p % 50)}}}",
            "    environments: [production, staging]",
            "    health_endpoints:",
            f"      - {{name: web, url: 'https://p{p}.example/health'}}",
            f"      - {{name: web, url: 'https://staging.p{p}.example/health', environment: staging}}",
            "    sources:",
            f"      github: {{repos: [example/p{p}]}}",
            f"      cloudflare: {{zone: p{p}.example}}",
        ]
    return "\n".join(lines) + "\n"


def best_of(runs: int, fn):  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    print(
        f"{'products':>8} {'load s':>8} {'build s':>8} {'files':>6} {'size MB':>8} {'dump s':>8} {'total/dump':>10}"
    )
    for size in SIZES:
        text = synthetic_config(size)
        runs = 3 if size <= 100 else 1
        load_s, portfolio = best_of(runs, lambda text=text: parse_config(text, "bench.yaml"))
        build_s, outputs = best_of(runs, lambda p=portfolio: pipeline.build_all(p))
        documents = [yaml.safe_load(t) for t in outputs.values() if not t.lstrip().startswith("{")]

        def dump_only(docs=documents) -> None:  # type: ignore[no-untyped-def]
            for doc in docs:
                yaml.dump(doc, Dumper=_Dumper, sort_keys=False, width=100)

        dump_s, _ = best_of(runs, dump_only)
        size_mb = sum(len(t.encode()) for t in outputs.values()) / 1e6
        total = load_s + build_s
        print(
            f"{size:>8} {load_s:>8.3f} {build_s:>8.3f} {len(outputs):>6} {size_mb:>8.2f} "
            f"{dump_s:>8.3f} {total / dump_s:>10.2f}"
        )


if __name__ == "__main__":
    main()
