"""Accepted means deployable: whatever mutation of a valid config ``parse_config`` accepts
gives files the real consumers accept (``promtool check config``, ``promtool check rules``,
``amtool check-config``, the Compose Specification); whatever it rejects is a ``ConfigError``
naming a line and a path, never a traceback.

Mutations stay within the spec's types (ports, durations, ids, URLs, thresholds, modules,
lists), so they reach the semantic rules and the generators rather than the type checks.
"""

from __future__ import annotations

import copy
import itertools
import json
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators import pipeline
from generators.checks import runner
from generators.stack import compose
from portfolio.config.loader import parse_config
from portfolio.errors import ConfigError
from tests.support.binaries import require

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
Doc = dict[str, Any]
BASE: Doc = yaml.safe_load((ROOT / "tests" / "fixtures" / "config" / "golden.yaml").read_text())
COMPOSE_SCHEMA = json.loads((ROOT / "tests" / "stack" / "data" / "compose-spec.json").read_text())
# The kinds whose files the consumers validate here (promtool test rules is covered elsewhere).
CHECKED_KINDS = ("rules", "alerting", "stack")

Path_ = tuple[str | int, ...]

PORTS = st.sampled_from([0, 1, 80, 443, 587, 3000, 9090, 65535, 65536, 99999])
HOSTS = st.sampled_from(["prometheus", "localhost", "127.0.0.1", "smtp.example", "a_b", "x-"])
DURATIONS = st.sampled_from(
    [
        *("0s", "1ms", "500ms", "1s", "10s", "15s", "30s", "1m", "2m30s", "3m", "5m", "10m"),
        *("1h", "1h30m", "6h", "1d", "3d", "8d", "31d", "1y", "292y", "300y"),
    ]
)
DURATION_PATHS: tuple[Path_, ...] = (
    ("alerting", "group_wait"),
    ("alerting", "group_interval"),
    ("alerting", "repeat_interval", "critical"),
    ("alerting", "repeat_interval", "info"),
    ("alerting", "uptime_window"),
    ("alerting", "for", "outage"),
    ("alerting", "for", "tls"),
    ("defaults", "probe", "interval"),
    ("defaults", "probe", "timeout"),
    ("stack", "scrape_interval"),
    ("alerting", "slo", "page", 0, "long"),
    ("alerting", "slo", "page", 0, "short"),
    ("alerting", "slo", "ticket", 0, "long"),
    ("stack", "remote_write", 0, "queue", "batch_send_deadline"),
    ("stack", "remote_write", 0, "queue", "min_backoff"),
    ("stack", "remote_write", 1, "remote_timeout"),
)
URLS = st.sampled_from(
    [
        "https://user:secret@api.example/health",
        "https://token@api.example/",
        "https://api.example:65535/health",
        "https://api.example:65536/health",
        "https://api.example:0/",
        'https://api.example/he"alth',
        "https://api.example/{{ $labels.x }}",
        "https://api.example/%zz",
        "https://api.example/?q=1#frag",
        "https://api.example/$HOME",
        "http://[::1]:8080/health",
        "http://10.0.0.1/health",
        "https://-bad-.example/",
        "https://ok.example/path;a=b",
        "https://xn--bcher-kva.example/",
    ]
)
URL_PATHS: tuple[Path_, ...] = (
    ("products", "api", "health_endpoints", 0, "url"),
    ("products", "site", "health_endpoints", 0, "url"),
    ("portfolio", "grafana_url"),
    ("incidents", "url"),
    ("stack", "remote_write", 0, "url"),
)
PERCENTS = st.sampled_from([0.5, 0.995, 1, 9.5, 49.9, 50, 90, 99, 99.5, 99.9, 99.95, 99.99, 100])
MILLIS = st.sampled_from([0.5, 0.999, 1, 50, 250, 999, 9999, 10000, 20000])
LABEL_NAMES = st.sampled_from(["cluster", "region", "replica", "team", "__replica__", "a-b", "1x"])
LABEL_VALUES = st.sampled_from(["eu-1", "", " ", "${HOST}", "a b", "ü"])
GLOBS = st.sampled_from(["up", "slo:*", "*", "go_*", "a.b", "x|y", "", "probe_*_seconds"])
COUNTS = st.sampled_from([0, 1, 5, 2000, 10000, 2**31])
IDS = st.sampled_from(["api", "API", "Api", "site", "ops", "OPS", "web", "Web", "new_1", "n-2"])


def _set(doc: Doc, path: Path_, value: Any) -> None:
    """Set ``path`` in ``doc``, creating mappings on the way (lists must already exist)."""
    node: Any = doc
    for part, following in itertools.pairwise(path):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return
            node = node[part]
        elif isinstance(following, int) and part not in node:
            return  # a list to index into is not there: nothing to mutate
        else:
            node = node.setdefault(part, {})
    if isinstance(path[-1], int):
        if isinstance(node, list) and path[-1] < len(node):
            node[path[-1]] = value
    else:
        node[path[-1]] = value


def _rename(mapping: dict[str, Any], old: str, new: str) -> None:
    if old in mapping and new not in mapping:
        items = list(mapping.items())
        mapping.clear()
        mapping.update((new if k == old else k, v) for k, v in items)


@st.composite
def _mutation(draw: st.DrawFn, doc: Doc) -> None:
    kind = draw(
        st.sampled_from(
            [
                *("port", "smtp", "duration", "url", "runbook", "threshold", "slo", "id"),
                *("team_ref", "module", "windows", "empty", "environment"),
                *("external_label", "remote_write", "ha"),
            ]
        )
    )
    if kind == "port":
        key = draw(st.sampled_from(["prometheus", "alertmanager", "blackbox", "pushgateway"]))
        _set(doc, ("stack", "addresses", key), f"{draw(HOSTS)}:{draw(PORTS)}")
    elif kind == "external_label":
        _set(doc, ("stack", "external_labels", draw(LABEL_NAMES)), draw(LABEL_VALUES))
    elif kind == "remote_write":
        field = draw(st.sampled_from(["capacity", "max_shards", "min_shards", "globs", "name"]))
        if field == "globs":
            which = draw(st.sampled_from(["keep_metrics", "drop_metrics"]))
            _set(doc, ("stack", "remote_write", 1, which), [draw(GLOBS)])
        elif field == "name":
            _set(doc, ("stack", "remote_write", 1, "name"), draw(IDS))
        else:
            _set(doc, ("stack", "remote_write", 0, "queue", field), draw(COUNTS))
    elif kind == "ha":
        field = draw(st.sampled_from(["prometheus_replicas", "alertmanager_peers", "cluster_port"]))
        if field == "cluster_port":
            _set(doc, ("stack", "ha", field), draw(PORTS))
        else:
            _set(doc, ("stack", "ha", field, 0), f"{draw(HOSTS)}:{draw(PORTS)}")
    elif kind == "smtp":
        _set(doc, ("stack", "smtp", "smarthost"), f"{draw(HOSTS)}:{draw(PORTS)}")
    elif kind == "duration":
        _set(doc, draw(st.sampled_from(DURATION_PATHS)), draw(DURATIONS))
    elif kind == "url":
        _set(doc, draw(st.sampled_from(URL_PATHS)), draw(URLS))
    elif kind == "runbook":
        url = draw(URLS).rstrip("/") + draw(st.sampled_from(["/{product}", "/{alert}", ""]))
        _set(doc, ("portfolio", "runbook_url"), url)
    elif kind == "threshold":
        product = draw(st.sampled_from(["api", "site", "tcp"]))
        name = draw(st.sampled_from(["uptime", "response_time_ms"]))
        value = draw(PERCENTS if name == "uptime" else MILLIS)
        _set(doc, ("products", product, "thresholds", name), value)
    elif kind == "slo":
        field = draw(st.sampled_from(["target", "threshold_ms"]))
        name = "latency" if field == "threshold_ms" else draw(st.sampled_from(["availability"]))
        _set(
            doc, ("defaults", "slos", name, field), draw(PERCENTS if field == "target" else MILLIS)
        )
    elif kind == "id":
        section = draw(st.sampled_from(["products", "teams"]))
        old = draw(st.sampled_from(sorted(doc[section])))
        _rename(doc[section], old, draw(IDS))
    elif kind == "team_ref":
        product = draw(st.sampled_from(sorted(doc["products"])))
        doc["products"][product]["team"] = draw(IDS)
    elif kind == "module":
        module = draw(st.sampled_from(["http_2xx", "http_2xx_get_json", "tcp_connect", "icmp"]))
        _set(doc, ("products", "site", "health_endpoints", 0, "module"), module)
    elif kind == "windows":
        pair = {"long": draw(DURATIONS), "short": draw(DURATIONS), "budget_percent": 2}
        _set(doc, ("alerting", "slo", draw(st.sampled_from(["page", "ticket"]))), [pair])
    elif kind == "empty":
        target = draw(
            st.sampled_from(
                [
                    ("defaults", "environments"),
                    ("products", "site", "environments"),
                    ("products", "site", "health_endpoints"),
                    ("alerting", "slo", "ticket"),
                    ("teams", "ops", "email", "to"),
                    ("products", "api", "sources", "github", "repos"),
                ]
            )
        )
        _set(doc, target, [])
    else:
        envs = draw(st.sampled_from([["production"], ["Production"], ["production", "PRODUCTION"]]))
        _set(doc, ("products", "api", "environments"), [*envs, "staging"])


@st.composite
def mutated(draw: st.DrawFn) -> Doc:
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        draw(_mutation(doc))
    return doc


def _check(outputs: dict[str, str]) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="deployable-") as tmp:
        root = Path(tmp)
        for rel, text in outputs.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        commands = [
            command
            for name in CHECKED_KINDS
            for command in pipeline.BY_NAME[name].tool_checks(root)
        ]
        problems = runner.run_tools(commands, root)
    document = yaml.safe_load(outputs[compose.COMPOSE_FILE])
    validator = jsonschema.Draft7Validator(COMPOSE_SCHEMA)
    problems += [f"docker-compose.yml: {e.message}" for e in validator.iter_errors(document)]
    return problems


@pytest.fixture(scope="module", autouse=True)
def _binaries() -> None:
    require("promtool")
    require("amtool")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_an_accepted_mutation_deploys_and_a_rejected_one_says_where(doc: Doc) -> None:
    text = yaml.safe_dump(doc, sort_keys=False)
    try:
        portfolio = parse_config(text, "mutated.yaml")
    except ConfigError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line > 0, problem
            assert problem.path and problem.message, problem
        return
    problems = _check(pipeline.build_all(portfolio))
    assert problems == [], f"accepted but not deployable:\n{text}\n" + "\n".join(problems)


@pytest.mark.parametrize(("uptime", "period"), [(99.95, "30d"), (99.99, "30d"), (99.5, "7d")])
def test_every_accepted_slo_target_and_period_builds_and_its_rule_tests_pass(
    uptime: float, period: str
) -> None:
    """Small budgets trip several page pairs at once; the generated tests must still hold."""
    doc = yaml.safe_load(
        (ROOT / "tests" / "fixtures" / "config" / "valid-minimal.yaml").read_text()
    )
    doc["products"]["shop"]["thresholds"]["uptime"] = uptime
    doc["defaults"] = {"slos": {"availability": {"period": period}}}
    outputs = pipeline.build_all(parse_config(yaml.safe_dump(doc)))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, text in outputs.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        commands = [
            command
            for command in pipeline.BY_NAME["rule-tests"].tool_checks(root)
            if command[-1].endswith(".slo.test.yml")
        ]
        assert commands
        assert runner.run_tools(commands, root) == []
