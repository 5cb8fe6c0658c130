"""``python -m exporters.ci_report``: report builds that do not run on GitHub Actions (Jenkins,
GitLab CI, a script on a build host) to a Prometheus Pushgateway, under the GitHub exporter's
build metric names and labels, so the CI / builds dashboard shows them unchanged: its rate
panels read these series (through recordings), and its over-the-window panels read recordings of
them over the default builds window for every workflow the GitHub exporter's window gauges do not
have (generators/rules/dashboards.py).

Use ``start`` when a pipeline begins, ``finish`` when it ends (one run: conclusion, duration,
queue time, optionally its stages) and ``stage`` from a job that reports only itself.

Why it reads before it pushes: the Pushgateway keeps the last push of each group and never
adds, while the dashboards read ``github_workflow_runs_total`` and the duration histograms
with ``increase()``/``rate()``, which need cumulative series. So each report reads its group
back from the gateway, adds this run and pushes the whole group (``push_to_gateway``, a PUT):
the series then grow like the exporter's own. A restarted gateway without its persistence file
starts the group again at 0, which Prometheus sees as a counter reset (``increase()`` handles
it). Two reports into one group at the same instant can lose one update (the gateway has no
atomic add): give concurrent reporters their own ``--instance`` (runner or executor name).
A series that first appears with a value hides that first run from ``increase()``; ``start``
creates the run's series at 0 before its first value (as the exporter shows new series at 0).

Groups: ``{job="github-exporter", product, workflow[, instance]}`` holds the run metrics; each
stage has its own group with ``job_name`` added, so parallel jobs of one pipeline reporting
themselves do not write the same group. ``job`` is the exporter's scrape job because the
dashboards select it; scrape the gateway with ``honor_labels: true`` so it is kept.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx
from prometheus_client import CollectorRegistry, push_to_gateway
from prometheus_client.core import Metric
from prometheus_client.exposition import basic_auth_handler, default_handler
from prometheus_client.parser import text_string_to_metric_families

from exporters.toolkit.errors import ExporterError, SettingsError, UpstreamError
from exporters.toolkit.families import (
    bucket_index,
    counter_family,
    cumulative_buckets,
    histogram_family,
)
from exporters.toolkit.runner import EXIT_BAD_INPUT, EXIT_OK, setup_logging
from exporters.toolkit.settings import (
    Seconds,
    Secret,
    help_lines,
    load_settings,
    redact_url,
    setting,
    value_problem,
)
from portfolio import catalog, conventions

log = logging.getLogger("exporters.ci_report")

JOB = conventions.exporter_job("github")  # the dashboards select the exporter's scrape job
RUNS = "github_workflow_runs_total"
RUN_DURATION = "github_workflow_run_duration_seconds"
QUEUE = "github_workflow_run_queue_seconds"
JOB_DURATION = "github_workflow_job_duration_seconds"
RUN_METRICS = (RUNS, RUN_DURATION, QUEUE)
STAGE_METRICS = (JOB_DURATION,)
# GitHub's conclusions (a closed set: bounded labels), and other CI systems' spellings of them.
CONCLUSIONS = (
    "success",
    "failure",
    "cancelled",
    "timed_out",
    "skipped",
    "neutral",
    "action_required",
    "startup_failure",
    "stale",
)
ALIASES = {
    "failed": "failure",  # GitLab CI_JOB_STATUS
    "canceled": "cancelled",  # GitLab
    "aborted": "cancelled",  # Jenkins currentBuild.currentResult
    "unstable": "failure",  # Jenkins: built, tests failed
    "not_built": "skipped",  # Jenkins
}
ZERO_CONCLUSIONS = ("success", "failure", "cancelled")  # series ``start`` creates at 0
LABEL_VALUE = re.compile(r"^[^\n\r]{1,128}$")
GATEWAY_TIMEOUT = 10.0  # seconds for reading the group and for the push
EXIT_GATEWAY = 1

Labels = tuple[str, ...]
PREFIX = "CI_REPORT_"


@dataclass(frozen=True)
class ReportSettings:
    """Settings from the environment (``CI_REPORT_*``, secrets also from ``*_FILE``); the
    command-line flags ``--gateway`` and ``--config`` win over their variables."""

    gateway: str | None = setting(
        None, variable="PUSHGATEWAY_URL", help="Pushgateway URL (or --gateway)"
    )
    config: Path | None = setting(  # noqa: RUF009
        None, help="portfolio.yaml: check that the product exists (or --config)"
    )
    gateway_username: str | None = setting(
        None, help="basic-auth user of the Pushgateway (its --web.config.file)"
    )
    gateway_password: Secret | None = setting(  # noqa: RUF009
        None, secret=True, help="basic-auth password of the Pushgateway"
    )
    timeout: Seconds = setting(  # noqa: RUF009
        Seconds(GATEWAY_TIMEOUT), help="for reading the group and for the push"
    )
    log_level: str = setting("INFO", help="DEBUG, INFO, WARNING or ERROR")

    def problems(self) -> list[str]:
        out = []
        if self.timeout <= 0:
            out.append(f"{PREFIX}TIMEOUT must be positive")
        if (self.gateway_username is None) != (self.gateway_password is None):
            out.append(f"{PREFIX}GATEWAY_USERNAME and {PREFIX}GATEWAY_PASSWORD go together")
        return out


class GatewayError(UpstreamError):
    """The Pushgateway could not be read or refused the push."""

    reason = "pushgateway"


@dataclass
class Hist:
    """One histogram series: observations per bucket (not cumulative; last slot is +Inf)."""

    counts: list[int]
    total: float = 0.0

    def observe(self, bounds: Sequence[float], value: float) -> None:
        self.counts[bucket_index(bounds, value)] += 1
        self.total += value


@dataclass(eq=False)  # registered as a collector: hashed by identity
class Group:
    """The series of one Pushgateway group, read back and updated before it is pushed whole."""

    metrics: tuple[str, ...]
    grouping: dict[str, str]  # grouping key without ``job``
    counters: dict[tuple[str, Labels], float] = field(default_factory=dict)
    histograms: dict[tuple[str, Labels], Hist] = field(default_factory=dict)

    def count(self, metric: str, labels: Labels, by: float = 1.0) -> None:
        key = (metric, labels)
        self.counters[key] = self.counters.get(key, 0.0) + by

    def hist(self, metric: str, labels: Labels) -> Hist:
        bounds = catalog.BY_NAME[metric].buckets
        return self.histograms.setdefault((metric, labels), Hist([0] * (len(bounds) + 1)))

    def observe(self, metric: str, labels: Labels, value: float) -> None:
        self.hist(metric, labels).observe(catalog.BY_NAME[metric].buckets, value)

    def collect(self) -> Iterable[Metric]:
        """The group as metric families with the catalog's names, HELP and label order."""
        for name in self.metrics:
            entry = catalog.BY_NAME[name]
            if entry.type == "counter":
                counter = counter_family(entry)
                for (metric, labels), value in sorted(self.counters.items()):
                    if metric == name:
                        counter.add_metric(list(labels), value)
                yield counter
            else:
                histogram = histogram_family(entry)
                for (metric, labels), h in sorted(self.histograms.items()):
                    if metric == name:
                        histogram.add_metric(
                            list(labels),
                            buckets=cumulative_buckets(entry.buckets, h.counts),
                            sum_value=h.total,
                        )
                yield histogram


@dataclass(frozen=True)
class Stage:
    name: str
    seconds: float
    conclusion: str


@dataclass(frozen=True)
class Target:
    """Where reports go: the gateway and the labels every group of this pipeline shares."""

    gateway: str
    product: str
    workflow: str
    instance: str | None = None
    auth: tuple[str, Secret] | None = None  # Pushgateway basic auth
    timeout: float = GATEWAY_TIMEOUT

    def grouping(self, **extra: str) -> dict[str, str]:
        key = {"product": self.product, "workflow": self.workflow, **extra}
        if self.instance:
            key["instance"] = self.instance
        return key


# -- reading a group back ----------------------------------------------------------------------
def _matches(labels: Mapping[str, str], grouping: Mapping[str, str]) -> bool:
    if labels.get("job") != JOB or labels.get("instance", "") != grouping.get("instance", ""):
        return False
    return all(labels.get(k) == v for k, v in grouping.items())


def parse_group(text: str, metrics: Sequence[str], grouping: Mapping[str, str]) -> Group:
    """The series of one group in a Pushgateway ``/metrics`` exposition."""
    group = Group(tuple(metrics), dict(grouping))
    buckets: dict[tuple[str, Labels], dict[float, float]] = {}
    sums: dict[tuple[str, Labels], float] = {}
    for fam in text_string_to_metric_families(text):
        name = fam.name + "_total" if fam.type == "counter" else fam.name
        if name not in metrics:
            continue
        entry = catalog.BY_NAME[name]
        for sample in fam.samples:
            if not _matches(sample.labels, grouping):
                continue
            labels = tuple(sample.labels.get(k, "") for k in entry.labels)
            if entry.type == "counter" and sample.name == name:
                group.counters[(name, labels)] = sample.value
            elif sample.name == name + "_bucket":
                bound = float(sample.labels["le"])
                buckets.setdefault((name, labels), {})[bound] = sample.value
            elif sample.name == name + "_sum":
                sums[(name, labels)] = sample.value
    for (name, labels), cumulative in buckets.items():
        bounds = [*catalog.BY_NAME[name].buckets, math.inf]
        if sorted(cumulative) != bounds:
            log.warning("%s%s: buckets changed; the series starts again", name, labels)
            continue
        values = [cumulative[b] for b in bounds]
        counts = [int(v - prev) for v, prev in zip(values, [0.0, *values[:-1]], strict=True)]
        group.histograms[(name, labels)] = Hist(counts, sums.get((name, labels), 0.0))
    return group


def read_group(
    target: Target, metrics: Sequence[str], grouping: Mapping[str, str], client: httpx.Client
) -> Group:
    url = target.gateway.rstrip("/") + "/metrics"
    if "://" not in url:
        url = "http://" + url
    auth = (target.auth[0], target.auth[1].reveal()) if target.auth else None
    try:
        response = client.get(url, auth=auth)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise GatewayError("metrics", f"cannot read {url}: {exc}") from exc
    return parse_group(response.text, metrics, grouping)


def push_group(target: Target, group: Group) -> None:
    registry = CollectorRegistry(auto_describe=True)
    registry.register(group)
    try:
        push_to_gateway(
            target.gateway,
            job=JOB,
            registry=registry,
            grouping_key=group.grouping,
            timeout=target.timeout,
            handler=_handler(target),
        )
    except OSError as exc:  # urllib's URLError/HTTPError (the gateway's 400 says why)
        detail = getattr(exc, "read", None)
        why = detail().decode(errors="replace").strip() if callable(detail) else ""
        raise GatewayError("push", f"push to {target.gateway} failed: {exc} {why}") from exc


def _handler(target: Target) -> Callable[..., Callable[[], None]]:
    if target.auth is None:
        return default_handler
    username, password = target.auth

    def handler(
        url: str, method: str, timeout: float | None, headers: list[tuple[str, str]], data: bytes
    ) -> Callable[[], None]:
        return basic_auth_handler(
            url, method, timeout, headers, data, username=username, password=password.reveal()
        )

    return handler


# -- reports -----------------------------------------------------------------------------------
def start(target: Target, branch_class: str, stages: Sequence[str], client: httpx.Client) -> None:
    """Create the run's (and the named stages') series at 0 where they do not exist yet."""
    p, w = target.product, target.workflow
    group = read_group(target, RUN_METRICS, target.grouping(), client)
    for conclusion in ZERO_CONCLUSIONS:
        group.count(RUNS, (p, w, conclusion, branch_class), 0.0)
        group.hist(RUN_DURATION, (p, w, conclusion))
    group.hist(QUEUE, (p, w))
    push_group(target, group)
    for name in stages:
        stage = read_group(target, STAGE_METRICS, target.grouping(job_name=name), client)
        for conclusion in ZERO_CONCLUSIONS:
            stage.hist(JOB_DURATION, (p, w, name, conclusion))
        push_group(target, stage)


def finish(
    target: Target,
    conclusion: str,
    branch_class: str,
    duration: float,
    queue: float | None,
    stages: Sequence[Stage],
    client: httpx.Client,
) -> None:
    """Count one finished run with its duration, queue time and stages."""
    p, w = target.product, target.workflow
    group = read_group(target, RUN_METRICS, target.grouping(), client)
    group.count(RUNS, (p, w, conclusion, branch_class))
    group.observe(RUN_DURATION, (p, w, conclusion), duration)
    if queue is not None:
        group.observe(QUEUE, (p, w), queue)
    push_group(target, group)
    for s in stages:
        report_stage(target, s, client)


def report_stage(target: Target, stage: Stage, client: httpx.Client) -> None:
    """Observe one stage (job) duration in its own group."""
    grouping = target.grouping(job_name=stage.name)
    group = read_group(target, STAGE_METRICS, grouping, client)
    labels = (target.product, target.workflow, stage.name, stage.conclusion)
    group.observe(JOB_DURATION, labels, stage.seconds)
    push_group(target, group)


# -- command line ------------------------------------------------------------------------------
def conclusion_of(text: str) -> str:
    value = ALIASES.get(text.strip().lower(), text.strip().lower())
    if value not in CONCLUSIONS:
        raise ValueError(
            f"conclusion {text!r} is not one of {', '.join(CONCLUSIONS)} (or {', '.join(ALIASES)})"
        )
    return value


def time_of(text: str) -> float:
    """Unix seconds, or ISO 8601 (GitLab's ``CI_PIPELINE_CREATED_AT``)."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise ValueError(f"expected unix seconds or an ISO 8601 time, got {text!r}") from None


def stage_of(text: str) -> Stage:
    """``NAME=SECONDS[:CONCLUSION]`` (conclusion defaults to success)."""
    name, sep, rest = text.rpartition("=")
    seconds, _, conclusion = rest.partition(":")
    try:
        value = float(seconds)
    except ValueError:
        value = -1.0
    if not sep or not name or value < 0:
        raise ValueError(f"--stage {text!r}: expected NAME=SECONDS[:CONCLUSION]")
    return Stage(name, value, conclusion_of(conclusion or "success"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m exporters.ci_report",
        description="Report a CI run to a Prometheus Pushgateway under the GitHub exporter's "
        "build metric names (github_workflow_*). Exit 0 ok, 1 gateway failed, 2 bad input.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="environment:\n  " + "\n  ".join(help_lines(ReportSettings, PREFIX)),
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--gateway", help="Pushgateway URL (default: $PUSHGATEWAY_URL)")
    common.add_argument("--product", required=True, help="product id from portfolio.yaml")
    common.add_argument("--workflow", required=True, help="pipeline name (bounded: no build ids)")
    common.add_argument("--instance", help="separate group per concurrent reporter (runner name)")
    common.add_argument("--config", type=Path, help="portfolio.yaml: check that the product exists")
    branch = argparse.ArgumentParser(add_help=False)
    branch.add_argument("--branch", default="", help="branch the run built")
    branch.add_argument("--default-branch", default="main", help="default branch (default: main)")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", parents=[common, branch], help="create the series at 0")
    s.add_argument("--stage", action="append", default=[], help="stage name (repeatable)")
    f = sub.add_parser("finish", parents=[common, branch], help="count one finished run")
    f.add_argument("--conclusion", required=True, help="success, failure, cancelled, ...")
    f.add_argument("--started-at", help="run start (unix seconds or ISO 8601)")
    f.add_argument("--queued-at", help="when the run was triggered (queue = start - queued)")
    f.add_argument("--finished-at", help="run end (default: now)")
    f.add_argument("--duration", type=float, help="run duration in seconds (or --started-at)")
    f.add_argument("--queue-seconds", type=float, help="queue time in seconds (or --queued-at)")
    f.add_argument(
        "--stage", action="append", default=[], help="NAME=SECONDS[:CONCLUSION] (repeatable)"
    )
    j = sub.add_parser("stage", parents=[common], help="observe one stage (job) duration")
    j.add_argument("--name", required=True, help="stage / job name")
    j.add_argument("--conclusion", default="success", help="success, failure, cancelled, ...")
    j.add_argument("--started-at", help="stage start (unix seconds or ISO 8601)")
    j.add_argument("--finished-at", help="stage end (default: now)")
    j.add_argument("--duration", type=float, help="stage duration in seconds (or --started-at)")
    return parser


def _seconds(
    problems: list[str], what: str, given: float | None, since: str | None, until: float
) -> float | None:
    if given is not None:
        if given < 0:
            problems.append(f"--{what}: must not be negative")
        return given
    if since is None:
        return None
    try:
        return max(0.0, until - time_of(since))
    except ValueError as exc:
        problems.append(str(exc))
        return None


def main(
    argv: Sequence[str] | None = None,
    now: float | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    env = os.environ if env is None else env
    setup_logging(env.get(PREFIX + "LOG_LEVEL", "INFO"))
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise in CI
    args = _parser().parse_args(argv)
    try:
        return _run(args, env, time.time() if now is None else now)
    except SettingsError as exc:
        log.error("%s", exc)
        return EXIT_BAD_INPUT
    except ExporterError as exc:
        log.error("%s", exc)
        return EXIT_GATEWAY


def _settings(env: Mapping[str, str], problems: list[str]) -> ReportSettings:
    """The settings, or the defaults with the problems noted (all are reported together)."""
    try:
        settings: ReportSettings = load_settings(ReportSettings, env, PREFIX).settings
    except SettingsError as exc:
        problems.extend(exc.problems)
        return ReportSettings()
    problems.extend(settings.problems())
    return settings


def _run(args: argparse.Namespace, env: Mapping[str, str], now: float) -> int:
    problems: list[str] = []
    settings = _settings(env, problems)
    args.gateway = args.gateway or settings.gateway
    args.config = args.config if args.config is not None else settings.config
    if not args.gateway:
        problems.append("--gateway (or PUSHGATEWAY_URL) is required")
    elif problem := value_problem("--gateway", args.gateway, secret=False):
        problems.append(problem + f" ({PREFIX}GATEWAY_USERNAME, {PREFIX}GATEWAY_PASSWORD_FILE)")
        args.gateway = redact_url(args.gateway)
    names = [("--product", args.product), ("--workflow", args.workflow)]
    names += [("--instance", args.instance)] if args.instance else []
    for flag, value in names:
        if not LABEL_VALUE.match(value):
            problems.append(f"{flag}: {value!r} must be 1 to 128 characters on one line")
    if args.config is not None:
        from portfolio.config.loader import load_config
        from portfolio.errors import ConfigError

        try:
            products = {p.id for p in load_config(args.config).products}
        except ConfigError as exc:
            raise SettingsError([str(exc)]) from exc
        if args.product not in products:
            problems.append(f"--product: {args.product!r} is not a product of {args.config}")
    branch_class = "default"
    if args.command != "stage":
        branch_class = "other" if args.branch and args.branch != args.default_branch else "default"
    auth = None
    if settings.gateway_username is not None and settings.gateway_password is not None:
        auth = (settings.gateway_username, settings.gateway_password)
    target = Target(
        args.gateway or "",
        args.product,
        args.workflow,
        args.instance,
        auth=auth,
        timeout=float(settings.timeout),
    )
    if args.command == "start":
        for name in args.stage:
            if not LABEL_VALUE.match(name):
                problems.append(f"--stage: {name!r} must be 1 to 128 characters on one line")
        if problems:
            raise SettingsError(problems)
        with httpx.Client(timeout=target.timeout) as client:
            start(target, branch_class, args.stage, client)
        log.info("started %s / %s", args.product, args.workflow)
        return EXIT_OK
    conclusion = None
    try:
        conclusion = conclusion_of(args.conclusion)
    except ValueError as exc:
        problems.append(f"--conclusion: {exc}")
    until = now
    if args.finished_at is not None:
        try:
            until = time_of(args.finished_at)
        except ValueError as exc:
            problems.append(f"--finished-at: {exc}")
    duration = _seconds(problems, "duration", args.duration, args.started_at, until)
    if duration is None and args.started_at is None:
        problems.append("--duration or --started-at is required")
    if args.command == "stage":
        if not LABEL_VALUE.match(args.name):
            problems.append(f"--name: {args.name!r} must be 1 to 128 characters on one line")
        if problems:
            raise SettingsError(problems)
        assert conclusion is not None and duration is not None
        with httpx.Client(timeout=target.timeout) as client:
            report_stage(target, Stage(args.name, duration, conclusion), client)
        log.info("reported stage %s of %s / %s", args.name, args.product, args.workflow)
        return EXIT_OK
    queue = args.queue_seconds
    if queue is None and args.queued_at is not None:
        started = None
        try:
            started = until - duration if duration is not None else None
            started = time_of(args.started_at) if args.started_at is not None else started
        except ValueError:
            pass  # reported with the duration
        if started is not None:
            queue = _seconds(problems, "queue-seconds", None, args.queued_at, started)
    elif queue is not None and queue < 0:
        problems.append("--queue-seconds: must not be negative")
    stages: list[Stage] = []
    for text in args.stage:
        try:
            stages.append(stage_of(text))
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise SettingsError(problems)
    assert conclusion is not None and duration is not None
    with httpx.Client(timeout=target.timeout) as client:
        finish(target, conclusion, branch_class, duration, queue, stages, client)
    log.info(
        "reported %s run of %s / %s: %.0fs, %d stages",
        conclusion,
        args.product,
        args.workflow,
        duration,
        len(stages),
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
