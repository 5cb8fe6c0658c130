"""What the generated files may use so that they load in the versions we test against
(Debian's Prometheus 2.42 and Alertmanager 0.25) and in current releases (Prometheus 3.x,
Alertmanager 0.28+).

Prometheus 2.42 and Alertmanager 0.25 reject configuration fields they do not know, so a
field added later breaks the old versions; Prometheus 3.0 removed a few flags and functions,
which breaks the new ones. ``NEWER_FIELDS`` and ``REMOVED`` list them (sources: the
``CHANGELOG.md`` of prometheus/prometheus and prometheus/alertmanager, and the Prometheus 3.0
migration guide, https://prometheus.io/docs/prometheus/latest/migration/); docs/compatibility.md
is the same list for readers. The config has no target-version knob: every generated file
targets both, so none of these may appear (``problems``).

Two behaviour changes of 3.x are handled where the files are built, and proven by tests:
range selectors exclude the sample on their left edge (the rule tests sample off the
windows' grid, tests/generators/test_compat_range_semantics.py) and classic histogram ``le``
labels are normalised to floats (``le_matcher`` here; ``le_problems`` finds an exact
matcher that would match only one of ``"1"`` and ``"1.0"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any

import yaml

from generators.rule_tests.templates import go_float

ANY = "*"  # in a field path: any list item or mapping key


@dataclass(frozen=True)
class Field:
    """A configuration field one of the versions we target does not accept."""

    files: str  # glob of the generated files it would appear in
    path: tuple[str, ...]  # keys from the document root; ``ANY`` for list items
    component: str
    since: str  # the first release that accepts it (or that dropped it)
    note: str


PROMETHEUS_CONFIG = "stack/prometheus/*.yml"
RULE_FILES = "alert_rules/*.rules.yml"  # fnmatch's ``*`` also matches alert_rules/products/
RULE_TESTS = "alert_rules/tests/*.test.yml"
ALERTMANAGER_CONFIG = "stack/alertmanager/alertmanager.yml"


def _rules(path: tuple[str, ...], since: str, note: str) -> list[Field]:
    return [Field(RULE_FILES, path, "Prometheus", since, note)]


def _receiver(integration: str, key: str | None, since: str, note: str) -> Field:
    path = ("receivers", ANY, integration) + ((ANY, key) if key else ())
    return Field(ALERTMANAGER_CONFIG, path, "Alertmanager", since, note)


NEWER_FIELDS: tuple[Field, ...] = (
    *_rules(("groups", ANY, "query_offset"), "2.53", "per-group rule query offset"),
    *_rules(("groups", ANY, "labels"), "3.0", "labels added to every rule of a group"),
    Field(PROMETHEUS_CONFIG, ("global", "rule_query_offset"), "Prometheus", "2.53", ""),
    Field(PROMETHEUS_CONFIG, ("runtime",), "Prometheus", "2.53", "runtime (GOGC) settings"),
    Field(PROMETHEUS_CONFIG, ("otlp",), "Prometheus", "2.55", "OTLP translation settings"),
    *(
        Field(PROMETHEUS_CONFIG, (section, ANY, key), "Prometheus", since, "")
        for section, key, since in (
            ("scrape_configs", "keep_dropped_targets", "2.47"),
            ("scrape_configs", "track_timestamps_staleness", "2.48"),
            ("scrape_configs", "scrape_protocols", "2.49"),
            ("scrape_configs", "enable_compression", "2.49"),
            ("scrape_configs", "native_histogram_min_bucket_factor", "2.50"),
            ("scrape_configs", "scrape_failure_log_file", "2.55"),
            ("scrape_configs", "fallback_scrape_protocol", "3.0"),
            ("scrape_configs", "always_scrape_classic_histograms", "3.0"),
            ("scrape_configs", "convert_classic_histograms_to_nhcb", "3.0"),
            ("scrape_configs", "metric_name_validation_scheme", "3.0"),
            ("remote_write", "protobuf_message", "3.0"),
            ("remote_write", "round_robin_dns", "3.0"),
        )
    ),
    Field(
        PROMETHEUS_CONFIG,
        ("global", "scrape_protocols"),
        "Prometheus",
        "2.49",
        "scrape protocol negotiation",
    ),
    Field(RULE_TESTS, ("fuzzy_compare",), "promtool", "3.5", "approximate float comparison"),
    Field(
        RULE_TESTS,
        ("tests", ANY, "promql_expr_test", ANY, "fuzzy_compare"),
        "promtool",
        "3.5",
        "",
    ),
    _receiver("webhook_configs", "url_file", "0.26", "the URL read from a file"),
    _receiver("webhook_configs", "timeout", "0.28", "webhook request timeout"),
    _receiver("telegram_configs", "bot_token_file", "0.26", ""),
    _receiver("msteams_configs", None, "0.26", "Microsoft Teams (Office 365 connectors)"),
    _receiver("msteamsv2_configs", None, "0.28", "Microsoft Teams (Flows)"),
    _receiver("jira_configs", None, "0.28", "Jira"),
    _receiver("rocketchat_configs", None, "0.28", "Rocket.Chat"),
    Field(
        ALERTMANAGER_CONFIG,
        ("inhibit_rules", ANY, "name"),
        "Alertmanager",
        "0.30",
        "named inhibit rules",
    ),
    Field(ALERTMANAGER_CONFIG, ("tracing",), "Alertmanager", "0.30", "OpenTelemetry tracing"),
)


@dataclass(frozen=True)
class Removed:
    """Something Prometheus 3.0 no longer accepts: ``pattern`` is matched in ``files``."""

    files: str
    pattern: re.Pattern[str]
    what: str


REMOVED: tuple[Removed, ...] = (
    *(
        Removed("*", re.compile(rf"--{re.escape(flag)}\b"), f"the --{flag} flag")
        for flag in (
            "storage.tsdb.retention=",
            "storage.tsdb.allow-overlapping-blocks",
            "alertmanager.timeout",
        )
    ),
    Removed(
        "*",
        re.compile(r"\bholt_winters\s*\("),
        "holt_winters() (renamed double_exponential_smoothing, behind a feature flag)",
    ),
)


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Concrete paths in ``node`` matching ``path``."""
    if not path:
        yield ()
        return
    head, rest = path[0], path[1:]
    if isinstance(node, list):
        if head == ANY:
            for i, item in enumerate(node):
                yield from ((str(i), *p) for p in _walk(item, rest))
    elif isinstance(node, dict):
        keys = list(node) if head == ANY else [head] if head in node else []
        for key in keys:
            yield from ((str(key), *p) for p in _walk(node[key], rest))


def problems(outputs: Mapping[str, str]) -> list[str]:
    """Every newer or removed field, flag or function in the generated ``outputs``
    (relative path -> text), as ``file: path: what``."""
    out: list[str] = []
    documents: dict[str, Any] = {}
    for rel, text in sorted(outputs.items()):
        for removed in REMOVED:
            if fnmatch(rel, removed.files) and removed.pattern.search(text):
                out.append(f"{rel}: uses {removed.what}, which Prometheus 3.x rejects")
        fields = [f for f in NEWER_FIELDS if fnmatch(rel, f.files)]
        if not fields:
            continue
        if rel not in documents:
            documents[rel] = yaml.safe_load(text)
        for field in fields:
            for found in _walk(documents[rel], field.path):
                out.append(
                    f"{rel}: {'.'.join(found)}: {field.component} accepts it from "
                    f"{field.since} only (we target Prometheus 2.42 and Alertmanager 0.25)"
                )
    return out


# --- histogram bucket bounds -------------------------------------------------------------

_EXACT_LE = re.compile(r"""\b(le|quantile)\s*(=|!=)\s*"([^"]*)\"""")


def le_forms(bound: float) -> tuple[str, ...]:
    """The spellings of a bucket bound: the Go client's (``1``, ``0.5``, ``+Inf``) and the
    float form Prometheus 3.x normalises to and Python's client writes (``1.0``)."""
    if bound == float("inf"):
        return ("+Inf",)
    short = go_float(bound)
    forms = [short]
    if bound == int(bound) and "e" not in short:
        forms.append(f"{short}.0")
    return tuple(forms)


def le_matcher(bound: float, label: str = "le") -> str:
    """A matcher selecting the bucket ``bound`` however it is spelled: ``le=~"1|1\\\\.0"``
    (a PromQL string, so the regex's ``\\.`` is written with its backslash escaped)."""
    forms = le_forms(bound)
    if len(forms) == 1:
        return f'{label}="{forms[0]}"'
    regex = "|".join(re.escape(f) for f in forms).replace("\\", "\\\\")
    return f'{label}=~"{regex}"'


def le_problems(expressions: Iterable[tuple[str, str]]) -> list[str]:
    """Exact ``le``/``quantile`` matchers that match only one spelling of a whole-number
    bound (``le="1"`` misses 3.x's ``le="1.0"``); ``expressions`` are ``(where, expr)``."""
    out = []
    for where, expr in expressions:
        for label, op, value in _EXACT_LE.findall(expr):
            try:
                bound = float(value)
            except ValueError:
                continue
            if len(le_forms(bound)) > 1:
                out.append(
                    f'{where}: {label}{op}"{value}" matches one spelling of the bound only; '
                    f"use {le_matcher(bound, label)}"
                )
    return out
