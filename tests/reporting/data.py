"""The history the report tests read: 15 days at fixed times, backfilled into a real Prometheus.

Written as OpenMetrics with the labels Prometheus gives the scraped series (the GitHub
exporter's counters and histograms, as ``python -m exporters.github backfill`` writes them;
blackbox probes; ``ALERTS``), loaded with ``promtool tsdb create-blocks-from openmetrics``;
the generated SLO recording rules (the objective, then the 5m SLI error ratio) are evaluated
over it with ``promtool tsdb create-blocks-from rules``, as a running Prometheus records them.

Times are fixed, so the report's Markdown is golden-tested (TSDB retention counts from the
newest block, not the clock). ``END`` is 150 s past a 5-minute boundary and every raw sample
sits 45 s past END's minute offset, so no sample falls on a range's edge, where Prometheus
2.x (closed) and 3.x (left-open) ranges differ: each 5m rule window holds 5 probe samples,
each 7-day range 10,080 probe samples and 2,016 rule evaluations. The expected figures are
worked out in test_report.py from the tables below.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import yaml

from portfolio import conventions
from portfolio.config.loader import load_config
from portfolio.sources.github import DORA_DURATION_BUCKETS
from tests.dashboards.promdata import write_recording_rules
from tests.support import binaries

PORTFOLIO = Path(__file__).parent / "portfolio.yaml"
H, D = 3600, 86400
END = int(datetime(2026, 6, 15, tzinfo=UTC).timestamp()) + 150
START = END - 150 - 15 * D  # on a 5-minute boundary
RULES_START, RULES_END = START + 300, END  # rule evaluations every 300 s, the last at END - 150
EVAL = 300
GITHUB_STEP = 900  # the exporter's series are written every 15 minutes (probes every minute)
GITHUB = {"job": conventions.exporter_job("github"), "instance": "github-exporter:9101"}

# Probe samples every 60 s from START + 15 s; the ones that failed, per (product, endpoint).
# alpha api: a 2-hour outage two days before END and a 24-minute one ten days before.
# beta api: one failed probe every 20 minutes over the last two days (72 a day).
OUTAGE = END - 2 * D + H - 135  # the first failed probe of alpha's outage
FAILED: dict[tuple[str, str], set[int]] = {
    ("alpha", "api"): {OUTAGE + 60 * i for i in range(120)}
    | {END - 10 * D + H - 135 + 60 * i for i in range(24)},
    ("alpha", "web"): set(),
    ("beta", "api"): {END - 2 * D + 465 + 1200 * j for j in range(144)},
}
URLS = {
    ("alpha", "api"): "https://alpha.example/health",
    ("alpha", "web"): "https://alpha.example/",
    ("beta", "api"): "https://beta.example/health",
}
TEAMS = {"alpha": "web", "beta": "data"}

# GitHub exporter events: (time, value) per product. A counter steps up at the first sample
# at or after its event; a histogram observation fills every bucket at or above its value.
SUCCESS = {
    "alpha": [END - 7 * D + 6 * H + 16 * H * i for i in range(9)]  # this period: 9
    + [END - 13 * D + 6 * H + D * i for i in range(4)],  # the period before: 4
    "beta": [END - 5 * D, END - 2 * D],
}
FAILURE = {"alpha": [END - 3 * D], "beta": []}  # failed deployments
CHANGE_FAILURES = {"alpha": [END - 3 * D, END - 2 * D + H], "beta": []}
REWORKS = {"alpha": [END - 2 * D + 3 * H], "beta": []}
LEAD = {
    "alpha": [(t, 7200.0) for t in SUCCESS["alpha"][:3]]
    + [(t, 129600.0) for t in SUCCESS["alpha"][3:9]]
    + [(t, 7200.0) for t in SUCCESS["alpha"][9:]],
    "beta": [(t, 864000.0) for t in SUCCESS["beta"]],
}
RECOVERY = {"alpha": [(END - 3 * D + H, 1800.0), (END - 2 * D + 3 * H, 10800.0)], "beta": []}
# Suspected change failures as the rules of alert_rules/dora.rules.yml record them: the signal
# (0 here: its value is not read) while the rules run, and the deployment series taking the
# deployment counter's value while a failure starts: alpha's outage followed deployment 12.
SUSPECTED = {"alpha": [(END - 2 * D + H + 885, 12.0), (END - 2 * D + H + 915, 12.0)], "beta": []}
# beta's exporter started an hour into this period: no series before.
SERIES_FROM = {"alpha": START, "beta": END - 7 * D + H}

# ALERTS firing samples every 30 s (10 s past END's offset): (alertname, product, severity,
# kind, first sample, samples).
ALERTS = [
    ("ProductDown", "alpha", "critical", "availability", OUTAGE + 135 + 120 + 10 - 30, 240),
    ("EndpointDown", "alpha", "warning", "availability", OUTAGE + 135 + 300 + 10 - 30, 230),
    *(
        ("ProductLatencyHigh", "beta", "warning", "latency", END - 6 * D + 20 * H * i + 10, 20)
        for i in range(6)
    ),
    *(
        ("ProductLatencyHigh", "beta", "warning", "latency", END - 10 * D + D * i + 10, 20)
        for i in range(2)
    ),
]


def _labels(labels: dict[str, str]) -> str:
    return "{" + ",".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"


def _times(start: int, step: int = 60) -> Iterator[int]:
    """Sample times from ``start``: every ``step`` from START + 15 s."""
    t = START + 15 + max(0, -(-(start - START - 15) // step)) * step
    while t <= END:
        yield t
        t += step


def _counter(name: str, labels: dict[str, str], events: list[int], start: int) -> list[str]:
    return [
        f"{name}{_labels(labels)} {sum(e <= t for e in events)} {t}"
        for t in _times(start, GITHUB_STEP)
    ]


def _histogram(
    family: str, labels: dict[str, str], observations: list[tuple[int, float]], start: int
) -> list[str]:
    lines = []
    for le in [*DORA_DURATION_BUCKETS, float("inf")]:
        text = "+Inf" if le == float("inf") else repr(le)
        events = [t for t, v in observations if v <= le]
        lines += _counter(f"{family}_bucket", {**labels, "le": text}, events, start)
    lines += _counter(f"{family}_count", labels, [t for t, _ in observations], start)
    for t in _times(start, GITHUB_STEP):
        total = sum(v for e, v in observations if e <= t)
        lines.append(f"{family}_sum{_labels(labels)} {total!r} {t}")
    return lines


def openmetrics() -> str:
    out = ["# TYPE probe_success gauge"]
    for (product, endpoint), failed in FAILED.items():
        labels = {
            "job": conventions.JOB_BLACKBOX,
            "instance": URLS[(product, endpoint)],
            "product": product,
            "environment": "production",
            "endpoint": endpoint,
            "team": TEAMS[product],
        }
        out += [
            f"probe_success{_labels(labels)} {0 if t in failed else 1} {t}" for t in _times(START)
        ]
    counters = {
        "github_deployments": None,
        "github_change_failures": CHANGE_FAILURES,
        "github_deployment_reworks": REWORKS,
    }
    for family, events in counters.items():
        out.append(f"# TYPE {family} counter")
        for product in ("alpha", "beta"):
            labels = {**GITHUB, "product": product, "environment": "production"}
            if events is None:
                for status, times in (("success", SUCCESS), ("failure", FAILURE)):
                    out += _counter(
                        f"{family}_total",
                        {**labels, "status": status},
                        times[product],
                        SERIES_FROM[product],
                    )
            else:
                out += _counter(f"{family}_total", labels, events[product], SERIES_FROM[product])
    for family, observations, extra in (
        ("github_deployment_lead_time_seconds", LEAD, {}),
        ("github_failed_deployment_recovery_seconds", RECOVERY, {"source": "deployment"}),
    ):
        out.append(f"# TYPE {family} histogram")
        for product in ("alpha", "beta"):
            labels = {**GITHUB, "product": product, "environment": "production", **extra}
            out += _histogram(family, labels, observations[product], SERIES_FROM[product])
    for family in (
        "product:dora_change_failure_signal:max",
        "product:dora_suspected_change_failure:deployment",
    ):
        out.append(f"# TYPE {family} gauge")
        for product in ("alpha", "beta"):
            labels = _labels({"product": product})
            if family.endswith(":max"):
                out += [
                    f"{family}{labels} 0 {t}" for t in _times(SERIES_FROM[product], GITHUB_STEP)
                ]
            else:
                out += [f"{family}{labels} {v!r} {t}" for t, v in SUSPECTED[product]]
    out.append("# TYPE ALERTS gauge")
    by_series: dict[str, list[str]] = {}
    for name, product, severity, kind, first, samples in ALERTS:
        labels = {
            "alertname": name,
            "alertstate": "firing",
            "severity": severity,
            "kind": kind,
            "product": product,
            "environment": "production",
            "team": TEAMS[product],
        }
        key = _labels(labels)
        by_series.setdefault(key, [])
        by_series[key] += [f"ALERTS{key} 1 {first + 30 * i}" for i in range(samples)]
    for lines in by_series.values():
        out += sorted(lines, key=lambda line: int(line.rsplit(" ", 1)[1]))
    out.append("# EOF")
    return "\n".join(out) + "\n"


def backfill(workdir: Path) -> tuple[Path, Path]:
    """The TSDB folder (raw and recorded blocks) and a Prometheus config to start over it."""
    binaries.require("prometheus")
    data = workdir / "data"
    source = workdir / "history.om"
    source.write_text(openmetrics())
    binaries.promtool(
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        "--max-block-duration=24h",
        str(source),
        str(data),
        cwd=workdir,
    )
    source.unlink()
    config = workdir / "prometheus.yml"
    config.write_text(yaml.safe_dump({"global": {"evaluation_interval": f"{EVAL}s"}}))
    portfolio = load_config(PORTFOLIO)
    # The SLI rule joins the objective series: record the objective first, from earlier, so
    # the SLI has it from its first evaluation. Each group is evaluated at an offset that
    # Prometheus derives from the hash of its name and file: relative file names keep it the
    # same on every run (the windows tile whatever the offset: 5 probe samples each).
    passes = (
        ({conventions.SLO_OBJECTIVE}, RULES_START - 2 * EVAL),
        ({conventions.slo_error_ratio("5m")}, RULES_START),
    )
    for step, (only, start) in enumerate(passes):
        rules = write_recording_rules(portfolio, workdir / f"rules-{step}", only=only)
        recorded = workdir / f"recorded-{step}"
        with binaries.prometheus(config, workdir, data_dir=data) as server:
            binaries.promtool(
                "tsdb",
                "create-blocks-from",
                "rules",
                f"--start={start}",
                f"--end={RULES_END}",
                f"--url={server.url}",
                f"--output-dir={recorded}",
                f"--eval-interval={EVAL}s",
                *(str(rule.relative_to(workdir)) for rule in rules),
                cwd=workdir,
            )
        for block in recorded.iterdir():
            if block.is_dir():
                shutil.move(str(block), data / block.name)
    return data, config
