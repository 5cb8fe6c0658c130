"""Generation cost for 10, 100 and 1,000 synthetic products.

Prints, per size: time to load and validate the config, time to build every artifact, total
output size, and the floors: the time serialising the same documents alone takes with pure-
Python YAML, with libyaml (PyYAML's C emitter, the same representers) and with json, measured
in the same run. The ratio is to the fastest real floor (libyaml for the YAML files, json for
the JSON ones); a ratio near 1 means the generators add little on top of the unavoidable
serialisation. The mixin's Jsonnet has no library floor: its bytes are listed, its time is
in the total. Then the time per artifact kind at the largest size. ``BENCH_GENERATE_SIZES``
(default ``10,100,1000``) picks the sizes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from typing import Any

import yaml
from yaml.representer import SafeRepresenter

from generators import pipeline
from portfolio.config.loader import parse_config
from portfolio.config.model import Portfolio

SIZES = tuple(int(n) for n in os.environ.get("BENCH_GENERATE_SIZES", "10,100,1000").split(","))
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


def _str(dumper: SafeRepresenter, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _PythonFloor(yaml.SafeDumper):
    """The generated files' dumper options over PyYAML's pure-Python emitter."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


class _LibyamlFloor(yaml.CSafeDumper):
    """The same representers over libyaml's emitter (yaml.CSafeDumper)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_PythonFloor.add_representer(str, _str)
_LibyamlFloor.add_representer(str, _str)
_OPTIONS: dict[str, Any] = {
    "sort_keys": False,
    "default_flow_style": False,
    "width": 100,
    "allow_unicode": True,
}


def _documents(outputs: dict[str, str]) -> tuple[list[tuple[list[Any], bool]], list[Any], int]:
    """The YAML documents (with explicit_start), the JSON documents, and the bytes of the
    other files (the mixin's Jsonnet, which no library serialises for us)."""
    yaml_docs, json_docs, other = [], [], 0
    for path, text in outputs.items():
        if path.endswith(".json"):
            json_docs.append(json.loads(text))
        elif path.endswith((".yml", ".yaml")):
            body = text.split("\n", 1)[1] if text.startswith("#") else text
            documents = list(yaml.load_all(body, Loader=yaml.CSafeLoader))
            yaml_docs.append((documents, body.startswith("---")))
        else:
            other += len(text.encode())
    return yaml_docs, json_docs, other


def _floors(outputs: dict[str, str], runs: int) -> dict[str, float]:
    """Seconds to serialise the same documents alone, per serialiser."""
    yaml_docs, json_docs, other = _documents(outputs)

    def dump_yaml(dumper: type[SafeRepresenter]) -> Callable[[], None]:
        def run() -> None:
            for documents, explicit_start in yaml_docs:
                yaml.dump_all(documents, Dumper=dumper, explicit_start=explicit_start, **_OPTIONS)

        return run

    def dump_json() -> None:
        for document in json_docs:
            json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)

    return {
        "floor_yaml_python_s": best_of(runs, dump_yaml(_PythonFloor))[0],
        "floor_yaml_libyaml_s": best_of(runs, dump_yaml(_LibyamlFloor))[0],
        "floor_json_s": best_of(runs, dump_json)[0],
        "other_bytes": other,
    }


def _stages(portfolio: Portfolio) -> dict[str, float]:
    """Seconds per artifact kind (one pass)."""
    out = {}
    for kind in pipeline.KINDS:
        started = time.perf_counter()
        kind.build(portfolio)
        out[kind.name] = time.perf_counter() - started
    return out


def main() -> dict[str, float]:
    print(
        "floor: the same documents serialised alone, YAML by libyaml (yaml.CSafeDumper with the "
        "generated files' representers) and JSON by json; pure-Python YAML for reference. "
        "ratio = (load + build) / floor."
    )
    print(
        f"{'products':>8} {'load s':>8} {'build s':>8} {'files':>6} {'size MB':>8} "
        f"{'py-yaml s':>9} {'libyaml s':>9} {'json s':>8} {'floor s':>8} {'ratio':>6} "
        f"{'/py-yaml':>8}"
    )
    figures: dict[str, float] = {}
    stages: dict[str, float] = {}
    for size in SIZES:
        text = synthetic_config(size)
        runs = 3 if size <= 100 else 1
        load_s, portfolio = best_of(runs, lambda text=text: parse_config(text, "bench.yaml"))
        build_s, outputs = best_of(runs, lambda p=portfolio: pipeline.build_all(p))
        floors = _floors(outputs, runs)
        floor = floors["floor_yaml_libyaml_s"] + floors["floor_json_s"]
        python_floor = floors["floor_yaml_python_s"] + floors["floor_json_s"]
        size_mb = sum(len(t.encode()) for t in outputs.values()) / 1e6
        total = load_s + build_s
        print(
            f"{size:>8} {load_s:>8.3f} {build_s:>8.3f} {len(outputs):>6} {size_mb:>8.2f} "
            f"{floors['floor_yaml_python_s']:>9.3f} {floors['floor_yaml_libyaml_s']:>9.3f} "
            f"{floors['floor_json_s']:>8.3f} {floor:>8.3f} {total / floor:>6.2f} "
            f"{total / python_floor:>8.2f}",
            flush=True,
        )
        figures |= {
            f"{size}.load_s": load_s,
            f"{size}.build_s": build_s,
            f"{size}.total_s": total,
            f"{size}.size_mb": size_mb,
            **{f"{size}.{k}": v for k, v in floors.items()},
            f"{size}.ratio_to_floor": total / floor,
        }
        if size == SIZES[-1]:
            stages = _stages(portfolio)
    print(f"\nper artifact kind at {SIZES[-1]} products (one pass; seconds):")
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<14} {seconds:>8.3f}")
        figures[f"{SIZES[-1]}.stage.{name}_s"] = seconds
    return figures


if __name__ == "__main__":
    main()
