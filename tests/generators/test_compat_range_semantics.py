"""The generated rule tests give the same verdicts under Prometheus 2.x and 3.x range semantics.

Prometheus 2.x includes a sample that sits exactly on a range selector's left edge
(``[T - 5m, T]``); 3.x (and its lookback delta) exclude it (``(T - 5m, T]``). Only 2.42 is
installable here, so the 3.x semantics are reproduced two ways:

- statically: in every generated test group, no input sample and no recorded sample (both lie
  on the evaluation grid ``k * interval``) coincides with ``eval_time - range`` for any range
  selector or subquery of the rules it loads, nor with the 5m lookback's edge;
- dynamically: the rule files are rewritten with every range shortened by 1ms
  (``[5m]`` -> ``[4m59s999ms]``), so 2.42 sees ``[T - 5m + 1ms, T]``: exactly the samples the
  3.x left-open ``(T - 5m, T]`` holds on a millisecond grid. The unchanged tests must pass
  against both the original rules (test_promtool.py) and the rewritten ones (here); before
  the tests moved off the sample grid, the rewritten rules failed them (uptime and SLO
  groups).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generators import pipeline
from portfolio import durations
from portfolio.config.loader import load_config
from tests.support.binaries import require

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = {
    "example": ROOT / "portfolio.yaml",
    "golden": ROOT / "tests" / "fixtures" / "config" / "golden.yaml",
    "minimal": ROOT / "tests" / "fixtures" / "config" / "valid-minimal.yaml",
}
LOOKBACK = 300.0  # promtool's (and Prometheus') default lookback delta, 5m
# ``[5m]``, ``[1h30m]``, subqueries ``[30m:1m]`` / ``[30m:]``, with an optional offset after.
RANGE = re.compile(r"\[(\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*)(?::(\d+(?:ms|[smhdwy])+)?)?\]")


def _ms(text: str) -> int:
    return round(durations.seconds(text) * 1000)


def _outputs(name: str) -> dict[str, str]:
    return pipeline.build_all(load_config(CONFIGS[name]))


def _ranges(rule_texts: list[str]) -> tuple[set[int], set[int]]:
    """(range lengths, subquery resolutions) in ms over every rule expression."""
    ranges: set[int] = {round(LOOKBACK * 1000)}
    resolutions: set[int] = set()
    for text in rule_texts:
        for group in (yaml.safe_load(text) or {}).get("groups", []):
            for rule in group["rules"]:
                for length, resolution in RANGE.findall(str(rule["expr"])):
                    ranges.add(_ms(length))
                    if resolution:
                        resolutions.add(_ms(resolution))
    return ranges, resolutions


# Rule tests of stages still being moved off the sample grid: reported, not yet required
# (none: generators/rule_tests/services.py samples on the 31 s grid too).
PENDING: tuple[str, ...] = ()


def _test_files(outputs: dict[str, str]) -> list[str]:
    return sorted(rel for rel in outputs if rel.endswith(".test.yml") and not rel.endswith(PENDING))


def _rules_loaded(outputs: dict[str, str], test_rel: str, document: dict[str, object]) -> list[str]:
    base = Path(test_rel).parent
    files = document["rule_files"]
    assert isinstance(files, list)
    out = []
    for rel in files:
        target = _normalise(base / rel)
        assert target in outputs, f"{test_rel}: rule file {rel} is not generated"
        out.append(outputs[target])
    return out


def _normalise(path: Path) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _eval_ticks(document: dict[str, object], group: dict[str, object]) -> list[int]:
    """Every evaluation time promtool runs the rules at for ``group``, in ms."""
    step = _ms(str(document.get("evaluation_interval", "1m")))
    cases = group.get("alert_rule_test") or []
    assert isinstance(cases, list)
    times = [_ms(str(c["eval_time"])) for c in cases]
    times += [_ms(str(c["eval_time"])) for c in group.get("promql_expr_test") or []]  # type: ignore[attr-defined]
    last = max(times, default=0)
    return list(range(0, last + 1, step))


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_no_sample_sits_on_a_range_edge(name: str) -> None:
    """E.g. with ``interval: 61s`` and ``[5m]``: at T = 61k the left edge 61k - 300 is a
    multiple of 61 only if 300 is, and 300 = 4 x 61 + 56; so no sample ever sits on it."""
    outputs = _outputs(name)
    problems = []
    for rel in _test_files(outputs):
        document = yaml.safe_load(outputs[rel])
        ranges, resolutions = _ranges(_rules_loaded(outputs, rel, document))
        evaluation = _ms(str(document.get("evaluation_interval", "1m")))
        for group in document["tests"]:
            interval = _ms(str(group.get("interval", document.get("evaluation_interval", "1m"))))
            for tick in _eval_ticks(document, group):
                for length in ranges:
                    edge = tick - length
                    # Input samples lie on multiples of ``interval``, recorded ones on
                    # multiples of the evaluation interval.
                    for grid, what in ((interval, "input"), (evaluation, "recorded")):
                        if edge >= 0 and edge % grid == 0:
                            problems.append(
                                f"{rel}: {group['name']}: an {what} sample at {edge}ms is on "
                                f"the edge of a {length}ms range evaluated at {tick}ms"
                            )
                    for resolution in resolutions:
                        # A subquery's inner steps are multiples of its resolution.
                        if edge % resolution == 0:
                            problems.append(
                                f"{rel}: {group['name']}: a subquery step at {edge}ms is on "
                                f"the edge of its {length}ms range at {tick}ms"
                            )
            if problems:
                break
    assert problems == [], "\n".join(problems[:20])


def _left_open(text: str) -> str:
    """Every range and subquery range 1ms shorter: 2.42 then holds what 3.x holds."""

    def shorter(match: re.Match[str]) -> str:
        length = durations.render((_ms(match.group(1)) - 1) / 1000)
        resolution = match.group(2)
        return (
            f"[{length}:{resolution}]"
            if resolution
            else (f"[{length}:]" if match.group(0).endswith(":]") else f"[{length}]")
        )

    return RANGE.sub(shorter, text)


def test_left_open_rewrite_shortens_every_range() -> None:
    # 5m = 300000ms -> 299999ms = 4m59s999ms; 1h = 3600000ms -> 59m59s999ms.
    rule = "avg_over_time(x[5m]) / rate(y[1h]) + max_over_time(z[30m:1m])"
    assert _left_open(rule) == (
        "avg_over_time(x[4m59s999ms]) / rate(y[59m59s999ms]) + max_over_time(z[29m59s999ms:1m])"
    )


@pytest.mark.integration
@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_rule_tests_pass_under_left_open_ranges(name: str, tmp_path: Path) -> None:
    """The 3.x half; the 2.x half (the rules as generated) is
    tests/generators/test_promtool.py::test_generated_rule_tests_pass, same configs."""
    semantics = "prometheus-3"
    outputs = _outputs(name)
    for rel, text in outputs.items():
        if not (rel.endswith(".yml") and rel.startswith("alert_rules/")):
            continue
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".rules.yml") and semantics == "prometheus-3":
            text = _left_open(text)
        path.write_text(text)
    promtool = require("promtool")
    failures = []
    for rel in _test_files(outputs):
        proc = subprocess.run(
            [promtool, "test", "rules", rel],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode != 0:
            failures.append(f"{rel}:\n{(proc.stdout + proc.stderr)[-3000:]}")
    assert failures == [], "\n".join(failures)
