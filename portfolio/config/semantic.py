"""Checks that need more than one field: references, duplicates, values that cannot hold.

Each rule is one function yielding ``(path, message)``; ``check`` runs them all so one run
reports every problem. Every rule has a fixture ``tests/fixtures/config/invalid-<rule>.yaml``.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from portfolio import conventions, durations
from portfolio.config import services
from portfolio.config.model import (
    DEFAULT_ADDRESSES,
    DEFAULT_CLUSTER_PORT,
    DEFAULT_ENVIRONMENTS,
    DEFAULT_GROUP_INTERVAL,
    DEFAULT_PROBE,
    DEFAULT_PRODUCTION_ENVIRONMENT,
    DEFAULT_REPEAT,
    DEFAULT_REPLICA_LABEL,
    DEFAULT_SCRAPE_INTERVAL,
    DEFAULT_SLO_PAGE,
    DEFAULT_SLO_PERIOD,
    DEFAULT_SLO_SOURCE,
    DEFAULT_SLO_TICKET,
    DEFAULT_THRESHOLDS,
    DEFAULT_TLS_CRITICAL_DAYS,
    DEFAULT_TLS_WARNING_DAYS,
    INCIDENT_BRIDGE_COMPONENT,
    LEVELS,
    SLO_NAMES,
    SUSPECTED_FAILURE_WINDOW_BOUNDS,
    BurnWindow,
    bridge_stack_address,
    burn_windows,
    replica_key,
    slo_environment,
)
from portfolio.config.spec import ConfigSpec, ProductSpec, SloSpec
from portfolio.config.yamlpos import Located, Path, format_path
from portfolio.errors import Problem
from portfolio.fields import without_userinfo

Finding = tuple[Path, str]
Rule = Callable[[ConfigSpec], Iterator[Finding]]
RULES: list[Rule] = []
_PLACEHOLDER = re.compile(r"\{([^}]*)\}")
_ADDRESS = re.compile(r"^[A-Za-z0-9._-]+:\d{1,5}$")
MAX_PORT = 65535
# The window of the shared recording rules and rate()s (generators/rules/products.py:
# ``avg_over_time(probe_success[5m])``, ``rate(cloudflare_requests_total[5m])``).
RULE_WINDOW = "5m"
SAMPLES_PER_WINDOW = 2  # rate() needs two samples; one probe is no average
# What RFC 3986 lets a URL hold unescaped; anything else ('"', '{', '\\', ...) would also
# break the label values, templates and series notation the URL is copied into.
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$")
# Lowest believable values of a threshold given in the right unit: below them the value is
# almost always a ratio given for a percentage, or seconds given for milliseconds.
MIN_PLAUSIBLE_PERCENT = 50.0
MIN_PLAUSIBLE_MS = 1.0
# Ports docker-compose.yml publishes besides stack.addresses (generators.stack.compose).
RESERVED_PORTS: dict[int, str] = {3000: "grafana"}
# Kubernetes names and labels (RFC 1123 labels; label keys with an optional DNS prefix).
_K8S_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_K8S_LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
_K8S_PREFIX = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_IMAGE_PART = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_IMAGE = re.compile(
    rf"^(?:[A-Za-z0-9.-]+(?::\d+)?/)?{_IMAGE_PART}(?:/{_IMAGE_PART})*"
    r"(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$"
)


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


@rule
def team_defined(spec: ConfigSpec) -> Iterator[Finding]:
    known = ", ".join(sorted(spec.teams)) or "none"
    for pid, product in spec.products.items():
        if product.team not in spec.teams:
            yield (
                ("products", pid, "team"),
                f"team '{product.team}' is not defined under teams (defined: {known})"
                + _did_you_mean(product.team, spec.teams),
            )


@rule
def owner_team_defined(spec: ConfigSpec) -> Iterator[Finding]:
    if spec.portfolio.team not in spec.teams:
        known = ", ".join(sorted(spec.teams)) or "none"
        yield (
            ("portfolio", "team"),
            f"team '{spec.portfolio.team}' is not defined under teams (defined: {known})"
            + _did_you_mean(spec.portfolio.team, spec.teams),
        )


@rule
def team_has_receiver(spec: ConfigSpec) -> Iterator[Finding]:
    for tid, team in spec.teams.items():
        if not (team.slack or team.email or team.pagerduty):
            yield (
                ("teams", tid),
                "has no receiver: give it at least one of slack, email or pagerduty",
            )


@rule
def team_used(spec: ConfigSpec) -> Iterator[Finding]:
    used = {p.team for p in spec.products.values()} | {spec.portfolio.team}
    for tid in spec.teams:
        if tid not in used:
            yield (("teams", tid), "is not the team of any product; remove it or assign it")


@rule
def secret_files_are_paths(spec: ConfigSpec) -> Iterator[Finding]:
    files: list[tuple[Path, str | None]] = []
    for tid, team in spec.teams.items():
        if team.slack:
            files.append((("teams", tid, "slack", "api_url_file"), team.slack.api_url_file))
        if team.pagerduty:
            files.append(
                (("teams", tid, "pagerduty", "routing_key_file"), team.pagerduty.routing_key_file)
            )
    if spec.incidents:
        files.append((("incidents", "credentials_file"), spec.incidents.credentials_file))
    files.append((("stack", "secrets_dir"), spec.stack.secrets_dir))
    for i, remote in enumerate(spec.stack.remote_write or []):
        at = ("stack", "remote_write", i)
        if remote.basic_auth:
            files.append(((*at, "basic_auth", "password_file"), remote.basic_auth.password_file))
        if remote.authorization:
            files.append(
                ((*at, "authorization", "credentials_file"), remote.authorization.credentials_file)
            )
    if spec.stack.smtp:
        files.append((("stack", "smtp", "auth_password_file"), spec.stack.smtp.auth_password_file))
    for path, value in files:
        if value is not None and not value.startswith("/"):
            yield (
                path,
                f"'{_redact(value)}' is not an absolute file path; secrets stay out of "
                "portfolio.yaml, which only names the file that holds them",
            )


def _redact(value: str) -> str:
    return value if len(value) <= 12 else value[:8] + "..."


@rule
def email_needs_smtp(spec: ConfigSpec) -> Iterator[Finding]:
    if spec.stack.smtp is not None:
        problem = _address_problem(spec.stack.smtp.smarthost)
        if problem is not None:
            yield (("stack", "smtp", "smarthost"), problem)
        return
    for tid, team in spec.teams.items():
        if team.email:
            yield (
                ("teams", tid, "email"),
                "email receivers need a mail relay: set stack.smtp (smarthost, from)",
            )


@rule
def environments_unique(spec: ConfigSpec) -> Iterator[Finding]:
    lists: list[tuple[Path, list[str] | None]] = [
        (("defaults", "environments"), spec.defaults.environments)
    ]
    lists += [
        (("products", pid, "environments"), p.environments) for pid, p in spec.products.items()
    ]
    for path, envs in lists:
        for i, env in enumerate(envs or []):
            if env in (envs or [])[:i]:
                yield ((*path, i), f"environment '{env}' is listed twice")


@rule
def endpoints_present(spec: ConfigSpec) -> Iterator[Finding]:
    for pid, product in spec.products.items():
        if not product.health_endpoints:
            given = "health_endpoints" in product.model_fields_set
            yield (
                ("products", pid, "health_endpoints") if given else ("products", pid),
                "has no health_endpoints: its uptime and response time cannot be measured",
            )


@rule
def endpoint_names_unique(spec: ConfigSpec) -> Iterator[Finding]:
    for pid, product in spec.products.items():
        envs = product.environments or spec.defaults.environments or list(DEFAULT_ENVIRONMENTS)
        seen: dict[tuple[str, str], int] = {}
        for i, endpoint in enumerate(product.health_endpoints):
            key = (endpoint.environment or envs[0], endpoint.name)
            if key in seen:
                yield (
                    ("products", pid, "health_endpoints", i, "name"),
                    f"endpoint '{endpoint.name}' is defined twice in environment '{key[0]}' "
                    f"(also at index {seen[key]})",
                )
            seen.setdefault(key, i)


@rule
def endpoint_environment_known(spec: ConfigSpec) -> Iterator[Finding]:
    for pid, product in spec.products.items():
        envs = product.environments or spec.defaults.environments or list(DEFAULT_ENVIRONMENTS)
        for i, endpoint in enumerate(product.health_endpoints):
            if endpoint.environment is not None and endpoint.environment not in envs:
                yield (
                    ("products", pid, "health_endpoints", i, "environment"),
                    f"environment '{endpoint.environment}' is not one of the product's "
                    f"environments ({', '.join(envs)})" + _did_you_mean(endpoint.environment, envs),
                )


@rule
def endpoint_urls_unique(spec: ConfigSpec) -> Iterator[Finding]:
    owner: dict[str, str] = {}
    for pid, product in spec.products.items():
        for i, endpoint in enumerate(product.health_endpoints):
            where = f"products.{pid}.health_endpoints[{i}]"
            if endpoint.url in owner:
                yield (
                    ("products", pid, "health_endpoints", i, "url"),
                    f"'{without_userinfo(endpoint.url)}' is already probed at "
                    f"{owner[endpoint.url]}",
                )
            owner.setdefault(endpoint.url, where)


def _thresholds_set(spec: ConfigSpec, name: str) -> Iterator[tuple[Path, float]]:
    """Every place threshold ``name`` is set: in defaults and in each product."""
    given: list[tuple[Path, float | None]] = [
        (("defaults", "thresholds", name), getattr(spec.defaults.thresholds, name))
    ]
    given += [
        (("products", pid, "thresholds", name), getattr(p.thresholds, name))
        for pid, p in spec.products.items()
    ]
    return ((path, value) for path, value in given if value is not None)


@rule
def uptime_can_hold(spec: ConfigSpec) -> Iterator[Finding]:
    for path, uptime in _thresholds_set(spec, "uptime"):
        if uptime >= 100:
            yield (
                path,
                f"{uptime:g}% uptime cannot hold: it leaves no error budget, so every failed "
                "probe is a breach (use at most 99.99)",
            )


@rule
def error_rate_can_hold(spec: ConfigSpec) -> Iterator[Finding]:
    for path, rate in _thresholds_set(spec, "error_rate"):
        if rate >= 50:
            yield (
                path,
                f"an error rate threshold of {rate:g}% cannot signal anything: a service failing "
                "half its requests is down (use less than 50)",
            )


@rule
def response_time_measurable(spec: ConfigSpec) -> Iterator[Finding]:
    timeout = durations.seconds(spec.defaults.probe.timeout or DEFAULT_PROBE["timeout"])
    given = list(_thresholds_set(spec, "response_time_ms"))
    given += [
        (view.paths["threshold_ms"], view.values["threshold_ms"])
        for view in _slo_views(spec)
        if "threshold_ms" in view.values
    ]
    for path, ms in dict.fromkeys(given):
        if ms / 1000 >= timeout:
            yield (
                path,
                f"{ms:g} ms cannot be measured: probes time out after {timeout:g}s "
                "(raise defaults.probe.timeout or lower the threshold)",
            )


@rule
def probe_timeout_below_interval(spec: ConfigSpec) -> Iterator[Finding]:
    probe = spec.defaults.probe
    timeout = durations.seconds(probe.timeout or DEFAULT_PROBE["timeout"])
    interval = durations.seconds(probe.interval or DEFAULT_PROBE["interval"])
    if timeout >= interval:
        yield (
            ("defaults", "probe", "timeout" if probe.timeout else "interval"),
            f"probe timeout ({timeout:g}s) must be shorter than its interval ({interval:g}s)",
        )


@rule
def tls_days_ordered(spec: ConfigSpec) -> Iterator[Finding]:
    tls = spec.alerting.tls_expiry
    warning = tls.warning_days or DEFAULT_TLS_WARNING_DAYS
    critical = tls.critical_days or DEFAULT_TLS_CRITICAL_DAYS
    if critical >= warning:
        yield (
            ("alerting", "tls_expiry", "critical_days" if tls.critical_days else "warning_days"),
            f"critical_days ({critical:g}) must be fewer than warning_days ({warning:g})",
        )


@rule
def repeat_after_group_interval(spec: ConfigSpec) -> Iterator[Finding]:
    a = spec.alerting
    group = durations.seconds(a.group_interval or DEFAULT_GROUP_INTERVAL)
    for severity, value in a.repeat_interval.model_dump().items():
        if value is not None and durations.seconds(value) < group:
            yield (
                ("alerting", "repeat_interval", severity),
                f"{value} is shorter than group_interval ({durations.render(group)}); "
                "Alertmanager would repeat at group_interval anyway",
            )
        elif value is None and durations.seconds(DEFAULT_REPEAT[severity]) < group:
            yield (
                ("alerting", "group_interval"),
                f"{a.group_interval} is longer than the default {severity} repeat_interval "
                f"({DEFAULT_REPEAT[severity]}); set alerting.repeat_interval.{severity} too",
            )


@rule
def uptime_window_long_enough(spec: ConfigSpec) -> Iterator[Finding]:
    window = spec.alerting.uptime_window
    probe_interval = spec.defaults.probe.interval or DEFAULT_PROBE["interval"]
    if window is not None and durations.seconds(window) < 10 * durations.seconds(probe_interval):
        yield (
            ("alerting", "uptime_window"),
            f"{window} holds fewer than 10 probes at a {probe_interval} probe interval, "
            "too few to measure uptime",
        )


@rule
def dora_levels_ordered(spec: ConfigSpec) -> Iterator[Finding]:
    levels = spec.dora.levels
    checks: list[tuple[str, object, bool]] = [
        ("deployment_frequency_per_day", levels.deployment_frequency_per_day, True),
        ("change_failure_rate", levels.change_failure_rate, False),
        ("lead_time", levels.lead_time, False),
        ("failed_deployment_recovery_time", levels.failed_deployment_recovery_time, False),
        ("time_to_restore", levels.time_to_restore, False),
    ]
    for name, given, higher_is_better in checks:
        if given is None:
            continue
        if isinstance(given, dict):
            missing = [lvl for lvl in LEVELS if lvl not in given]
            if missing:
                yield (("dora", "levels", name), f"missing level(s): {', '.join(missing)}")
                continue
            values = [durations.seconds(given[lvl]) for lvl in LEVELS]
        else:
            values = [float(getattr(given, lvl)) for lvl in LEVELS]
        ordered = all(
            (a > b) if higher_is_better else (a < b) for a, b in itertools.pairwise(values)
        )
        if not ordered:
            word = "decrease" if higher_is_better else "increase"
            yield (
                ("dora", "levels", name),
                f"bounds must strictly {word} from elite to high to medium",
            )
    cfr = levels.change_failure_rate
    if cfr is not None and cfr.medium >= 100:
        yield (("dora", "levels", "change_failure_rate", "medium"), "must be below 100 (%)")


@rule
def dora_benchmark_and_levels_agree(spec: ConfigSpec) -> Iterator[Finding]:
    """A named benchmark set is used as published; bounds of your own need ``custom``."""
    levels = spec.dora.levels
    given = sorted(levels.model_dump(exclude_none=True))
    if spec.dora.benchmark in ("2023-levels", "2024-clusters") and given:
        yield (
            ("dora", "levels", given[0]),
            f"dora.benchmark is {spec.dora.benchmark}: level bounds are only read with "
            "benchmark: custom",
        )
    if levels.failed_deployment_recovery_time is not None and levels.time_to_restore is not None:
        yield (
            ("dora", "levels", "time_to_restore"),
            "deprecated name of failed_deployment_recovery_time: give only "
            "failed_deployment_recovery_time",
        )


@rule
def suspected_failure_window_in_bounds(spec: ConfigSpec) -> Iterator[Finding]:
    window = spec.dora.suspected_failure_window
    if window is None or durations.seconds(window) == 0:  # zero: durations_not_zero
        return
    low, high = SUSPECTED_FAILURE_WINDOW_BOUNDS
    if durations.seconds(window) < durations.seconds(low):
        yield (
            ("dora", "suspected_failure_window"),
            f"{window} is shorter than {low}: a deployment counts as made up to 5m before "
            "Prometheus sees it and a failure's start is read over 5m, so a shorter window "
            "leaves almost no time for the failure",
        )
    elif durations.seconds(window) > durations.seconds(high):
        yield (
            ("dora", "suspected_failure_window"),
            f"{window} is longer than {high}: a failure that long after a deployment is rarely "
            "the deployment's, and every rule evaluation would read that much counter history",
        )


@rule
def runbook_placeholders_known(spec: ConfigSpec) -> Iterator[Finding]:
    unknown = sorted(set(_PLACEHOLDER.findall(spec.portfolio.runbook_url)) - {"product", "alert"})
    if unknown:
        yield (
            ("portfolio", "runbook_url"),
            f"unknown placeholder(s) {', '.join('{' + u + '}' for u in unknown)}; "
            "only {product} and {alert} are replaced",
        )
    if not spec.portfolio.runbook_url.startswith(("http://", "https://")):
        yield (("portfolio", "runbook_url"), "must be an http(s) URL template")


@rule
def stack_addresses_valid(spec: ConfigSpec) -> Iterator[Finding]:
    for name, address in (spec.stack.addresses or {}).items():
        problem = _address_problem(address)
        if problem is not None:
            yield (("stack", "addresses", name), problem)


@rule
def services_valid(spec: ConfigSpec) -> Iterator[Finding]:
    default = spec.defaults.environments or list(DEFAULT_ENVIRONMENTS)
    yield from services.problems(
        {pid: (p.services, p.environments or default) for pid, p in spec.products.items()}
    )
    production = spec.dora.production_environment or DEFAULT_PRODUCTION_ENVIRONMENT
    for view in _slo_views(spec):
        if view.values.get("source") != "services":
            continue
        product = spec.products[view.product]
        envs = tuple(product.environments or default)
        env = view.values.get("environment") or slo_environment(envs, production)
        if not any((s.environment or envs[0]) == env for s in product.services):
            yield (
                _slo_path(view, "source"),
                f"source 'services' needs a service of products.{view.product}.services in "
                f"{env}, the environment the SLO measures",
            )


def section_of(product: ProductSpec, source: str) -> Any:
    """The product's config section of a data source (``products.<id>.sources.<source>``)."""
    return getattr(product.sources, source)


@rule
def dora_environment_is_a_product_environment(spec: ConfigSpec) -> Iterator[Finding]:
    default = spec.dora.production_environment or DEFAULT_PRODUCTION_ENVIRONMENT
    for pid, product in spec.products.items():
        github = section_of(product, "github")
        if github is None:
            continue
        envs = product.environments or spec.defaults.environments or list(DEFAULT_ENVIRONMENTS)
        wanted = github.production_environment or default
        if wanted not in envs:
            given = github.production_environment is not None
            yield (
                ("products", pid, "sources", "github", "production_environment")
                if given
                else ("products", pid, "sources", "github"),
                f"production environment '{wanted}' is not one of the product's environments "
                f"({', '.join(envs)})"
                + _did_you_mean(wanted, envs)
                + ("" if given else "; set production_environment here"),
            )


@dataclass(frozen=True)
class _SloView:
    """One product's SLO as resolved from product and defaults, with each field's YAML path."""

    product: str
    name: str
    values: dict[str, Any]
    paths: dict[str, Path]


def _slo_views(spec: ConfigSpec) -> Iterator[_SloView]:
    for pid, product in spec.products.items():
        for name in SLO_NAMES:
            own = getattr(product.slos, name)
            default = getattr(spec.defaults.slos, name)
            values: dict[str, Any] = {}
            paths: dict[str, Path] = {}
            for field in SloSpec.model_fields:
                for where, given in (("products", own), ("defaults", default)):
                    value = getattr(given, field) if given is not None else None
                    if value is not None:
                        values[field] = value
                        paths[field] = (
                            ("products", pid, "slos", name, field)
                            if where == "products"
                            else ("defaults", "slos", name, field)
                        )
                        break
            if values.get("enabled") is False:
                continue
            yield _SloView(pid, name, values, paths)


def _slo_path(view: _SloView, field: str) -> Path:
    return view.paths.get(field, ("products", view.product, "slos", view.name))


@rule
def slo_target_can_hold(spec: ConfigSpec) -> Iterator[Finding]:
    for view in _slo_views(spec):
        target = view.values.get("target")
        if target is not None and target >= 100:
            yield (
                _slo_path(view, "target"),
                f"a target of {target:g}% leaves the {view.name} SLO no error budget: every bad event "
                "breaks it and burn rates cannot be computed (use at most 99.99)",
            )


@rule
def slo_source_available(spec: ConfigSpec) -> Iterator[Finding]:
    for view in _slo_views(spec):
        source = view.values.get("source", DEFAULT_SLO_SOURCE)
        if view.name == "latency" and source != "probes":
            yield (
                _slo_path(view, "source"),
                f"latency SLOs read probes only: '{source}' reports percentiles, not the share "
                "of requests under a threshold",
            )
        elif (
            source == "cloudflare" and section_of(spec.products[view.product], "cloudflare") is None
        ):
            yield (
                _slo_path(view, "source"),
                f"source 'cloudflare' needs products.{view.product}.sources.cloudflare",
            )


@rule
def slo_period_supported(spec: ConfigSpec) -> Iterator[Finding]:
    for view in _slo_views(spec):
        if view.values.get("period") == "calendar_month":
            yield (
                _slo_path(view, "period"),
                "calendar_month is not supported yet: PromQL ranges have a fixed length, so the "
                "budget of a calendar month cannot be recorded exactly; use 28d or 30d",
            )


@rule
def slo_owner_defined(spec: ConfigSpec) -> Iterator[Finding]:
    for view in _slo_views(spec):
        owner = view.values.get("owner")
        if owner is not None and owner not in spec.teams:
            yield (
                _slo_path(view, "owner"),
                f"owner '{owner}' is not defined under teams" + _did_you_mean(owner, spec.teams),
            )


@rule
def slo_environment_known(spec: ConfigSpec) -> Iterator[Finding]:
    for view in _slo_views(spec):
        env = view.values.get("environment")
        product = spec.products[view.product]
        envs = product.environments or spec.defaults.environments or list(DEFAULT_ENVIRONMENTS)
        if env is not None and env not in envs:
            yield (
                _slo_path(view, "environment"),
                f"environment '{env}' is not one of the product's environments ({', '.join(envs)})"
                + _did_you_mean(env, envs),
            )


def _window_paths(spec: ConfigSpec) -> list[Path | None]:
    """The YAML path of each burn window pair in ``burn_windows`` order; None for defaults."""
    out: list[Path | None] = []
    for kind, default in (("page", DEFAULT_SLO_PAGE), ("ticket", DEFAULT_SLO_TICKET)):
        given = getattr(spec.alerting.slo, kind)
        if given is None:
            out += [None] * len(default)
        else:
            out += [("alerting", "slo", kind, i) for i in range(len(given))]
    return out


def _usable(window: BurnWindow) -> bool:
    """Zero windows are reported by durations_not_zero; rules that divide skip them."""
    return durations.seconds(window.long) > 0 and durations.seconds(window.short) > 0


@rule
def slo_windows_fit_period(spec: ConfigSpec) -> Iterator[Finding]:
    windows = burn_windows(spec)
    paths = _window_paths(spec)
    for window, path in zip(windows, paths, strict=True):
        if path is None or not _usable(window):
            continue
        if durations.seconds(window.short) >= durations.seconds(window.long):
            yield (
                path,
                f"short window {window.short} must be shorter than long window {window.long}",
            )
    periods: dict[str, _SloView] = {}
    for view in _slo_views(spec):
        periods.setdefault(view.values.get("period", DEFAULT_SLO_PERIOD), view)
    for period, view in sorted(periods.items()):
        if period == "calendar_month":
            continue
        seconds = durations.seconds(period)
        # Reported where the user wrote one of the two: the period if set, else the window.
        where = f"products.{view.product}.slos.{view.name}"
        for window, path in zip(windows, paths, strict=True):
            if not _usable(window):
                continue
            kind = "page" if window.severity == "critical" else "ticket"
            at, of = _slo_path(view, "period"), ""
            if path is not None and "period" not in view.paths:
                at, of = (*path, "long"), f" of {where}"
            fix = format_path(path) if path is not None else f"alerting.slo.{kind}"
            if durations.seconds(window.long) >= seconds:
                yield (
                    at,
                    f"the {kind} window {window.long} does not fit the {period} period{of} "
                    f"(windows must be shorter than the period; see {fix})",
                )
                continue
            factor = window.factor(seconds)
            if kind == "page" and factor < 1:
                yield (
                    at,
                    f"the page over {window.long} spends {window.budget_share:.0%} of a {period} "
                    f"budget{of}, a burn rate of {factor:g} (below 1): it would page while the "
                    f"SLO is met; adjust {fix} for this period",
                )


@rule
def slo_burn_rates_can_fire(spec: ConfigSpec) -> Iterator[Finding]:
    windows = burn_windows(spec)
    for view in _slo_views(spec):
        period = view.values.get("period", DEFAULT_SLO_PERIOD)
        if period == "calendar_month":
            continue
        target = view.values.get("target")
        at = _slo_path(view, "target")
        if target is None and view.name == "availability":
            # The target is the product's uptime threshold: report it where that is set.
            target, at = _uptime_of(spec, view.product)
        if target is None:
            continue  # a latency target defaults to DEFAULT_LATENCY_TARGET, which can fire
        budget = 1 - target / 100
        for window in filter(_usable, windows):
            factor = window.factor(durations.seconds(period))
            if budget > 0 and factor * budget > 1:
                yield (
                    at,
                    f"a burn rate of {factor:g} over {window.long} needs an error ratio of "
                    f"{factor * budget:.0%}, which cannot happen: the alert could never fire "
                    "(raise the target or change alerting.slo)",
                )
                break


def _uptime_of(spec: ConfigSpec, pid: str) -> tuple[float, Path]:
    """A product's uptime threshold and where it is set (the product, defaults, or built in)."""
    own = spec.products[pid].thresholds.uptime
    if own is not None:
        return own, ("products", pid, "thresholds", "uptime")
    inherited = spec.defaults.thresholds.uptime
    if inherited is not None:
        return inherited, ("defaults", "thresholds", "uptime")
    return DEFAULT_THRESHOLDS["uptime"], ("products", pid)


# --- accepted means deployable: every value checked against what its consumer accepts ------


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` when ``value`` differs from a known id only in case."""
    match = next(
        (k for k in sorted(known) if k != value and k.casefold() == value.casefold()), None
    )
    return f" (did you mean '{match}'?)" if match else ""


def _port_problem(port: int) -> str | None:
    if not 1 <= port <= MAX_PORT:
        return f"port {port} is not a TCP port (1-{MAX_PORT})"
    return None


def _host_problem(host: str) -> str | None:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None
    labels = host.removesuffix(".").split(".")
    if host and all(len(label) <= 63 and _HOST_LABEL.match(label) for label in labels):
        return None
    return f"'{host}' is not a host name or IP address"


@dataclass(frozen=True)
class _UrlUse:
    """A configured URL, where the generated files copy it, and how to do without secrets."""

    path: Path
    url: str
    copied_into: str
    instead: str
    base: bool = False  # a base URL: links are appended, so no query or fragment


def _url_uses(spec: ConfigSpec) -> Iterator[_UrlUse]:
    yield _UrlUse(
        ("portfolio", "grafana_url"),
        spec.portfolio.grafana_url,
        "docker-compose.yml and every alert's dashboard link",
        "Grafana reads its admin password from a secret file",
        base=True,
    )
    # The placeholders become path segments; check the URL they leave.
    runbook = spec.portfolio.runbook_url.replace("{product}", "p").replace("{alert}", "a")
    yield _UrlUse(
        ("portfolio", "runbook_url"),
        runbook,
        "every alert's runbook link",
        "link to runbooks readers open with their own login",
    )
    if spec.alerting.pagerduty_url is not None:
        yield _UrlUse(
            ("alerting", "pagerduty_url"),
            spec.alerting.pagerduty_url,
            "alertmanager.yml",
            "each team's routing key goes in its pagerduty.routing_key_file",
        )
    if spec.incidents is not None:
        yield _UrlUse(
            ("incidents", "url"),
            spec.incidents.url,
            "alertmanager.yml",
            "the bridge's token goes in the file named by incidents.credentials_file",
        )
    for i, remote in enumerate(spec.stack.remote_write or []):
        yield _UrlUse(
            ("stack", "remote_write", i, "url"),
            remote.url,
            "prometheus.yml",
            "Prometheus reads the credentials from the file named by basic_auth.password_file "
            "or authorization.credentials_file",
        )
    for pid, product in spec.products.items():
        for i, endpoint in enumerate(product.health_endpoints):
            yield _UrlUse(
                ("products", pid, "health_endpoints", i, "url"),
                endpoint.url,
                "prometheus.yml, the rule tests, the instance label and alert text",
                "a probe that needs auth needs a blackbox module that reads its credentials "
                "from a file",
            )


def _url_problem(use: _UrlUse) -> str | None:
    if not use.url.startswith(("http://", "https://")):
        return None  # reported by the spec or by runbook_placeholders_known
    split = urlsplit(use.url)
    if "@" in split.netloc:
        return (
            f"credentials are not allowed in URLs: '{without_userinfo(use.url)}' would copy them "
            f"into {use.copied_into}; {use.instead}"
        )
    if not _URL_CHARS.match(use.url) or _BAD_PERCENT.search(use.url):
        bad = sorted({c for c in use.url if not _URL_CHARS.match(c)})
        shown = " ".join(bad) if bad else "a '%' without two hex digits"
        return (
            f"'{use.url}' holds characters a URL cannot carry unescaped ({shown}); "
            "percent-encode them"
        )
    try:
        port = split.port
    except ValueError:
        given = split.netloc.rpartition(":")[2]
        if given.isdigit():
            port = int(given)
        else:
            return f"'{split.netloc}' has no valid port: expected host or host:port"
    if port is not None and (problem := _port_problem(port)):
        return f"{problem} in '{use.url}'"
    if problem := _host_problem(split.hostname or ""):
        return f"{problem} in '{use.url}'"
    if use.base and (split.query or split.fragment or use.url.endswith(("?", "#"))):
        return (
            f"'{use.url}' is a base URL: links are built as <grafana_url>/d/<uid>, so it "
            "cannot have a query or fragment"
        )
    if use.base and "$" in use.url:
        return f"'{use.url}': Compose would read '$' as a variable in docker-compose.yml"
    return None


@rule
def urls_deployable(spec: ConfigSpec) -> Iterator[Finding]:
    for use in _url_uses(spec):
        problem = _url_problem(use)
        if problem is not None:
            yield (use.path, problem)


def _address_problem(address: str) -> str | None:
    if not _ADDRESS.match(address):
        return f"'{address}' is not host:port"
    return _port_problem(int(address.rpartition(":")[2]))


def _nonzero_durations(spec: ConfigSpec) -> Iterator[tuple[Path, str | None, str]]:
    a = spec.alerting
    yield (("alerting", "group_interval"), a.group_interval, "Alertmanager rejects it")
    for severity, value in a.repeat_interval.model_dump().items():
        yield (("alerting", "repeat_interval", severity), value, "Alertmanager rejects it")
    yield (("alerting", "uptime_window"), a.uptime_window, "Prometheus rejects an empty range")
    probe = spec.defaults.probe
    yield (
        ("defaults", "probe", "interval"),
        probe.interval,
        "Prometheus reads a zero scrape_interval as 'use the global one'",
    )
    yield (
        ("defaults", "probe", "timeout"),
        probe.timeout,
        "blackbox_exporter reads a zero timeout as 'use the scrape timeout'",
    )
    yield (
        ("stack", "scrape_interval"),
        spec.stack.scrape_interval,
        "Prometheus replaces a zero scrape_interval with its default of 1m",
    )
    for kind in ("page", "ticket"):
        for i, window in enumerate(getattr(a.slo, kind) or []):
            for name in ("long", "short"):
                yield (
                    ("alerting", "slo", kind, i, name),
                    getattr(window, name),
                    "Prometheus rejects an empty range and a burn rate needs a window",
                )
    for i, remote in enumerate(spec.stack.remote_write or []):
        yield (
            ("stack", "remote_write", i, "remote_timeout"),
            remote.remote_timeout,
            "every request would time out at once",
        )
        for name in ("batch_send_deadline", "min_backoff", "max_backoff"):
            yield (
                ("stack", "remote_write", i, "queue", name),
                getattr(remote.queue, name) if remote.queue else None,
                "Prometheus would send or retry without pause",
            )
    yield (
        ("dora", "suspected_failure_window"),
        spec.dora.suspected_failure_window,
        "a failure cannot follow a deployment within no time",
    )
    levels = spec.dora.levels
    for name in ("lead_time", "failed_deployment_recovery_time", "time_to_restore"):
        for level, value in (getattr(levels, name) or {}).items():
            yield (("dora", "levels", name, level), value, "no change is faster than that")


@rule
def durations_not_zero(spec: ConfigSpec) -> Iterator[Finding]:
    for path, value, why in _nonzero_durations(spec):
        if value is not None and durations.seconds(value) == 0:
            yield (path, f"'{value}' is zero, which cannot work here: {why}")


def _case_collisions(ids: Iterable[str]) -> Iterator[tuple[str, str]]:
    """``(later, first)`` for every id that equals an earlier one after case folding."""
    first: dict[str, str] = {}
    for value in ids:
        folded = value.casefold()
        if folded in first and first[folded] != value:
            yield value, first[folded]
        first.setdefault(folded, value)


@rule
def ids_unique_ignoring_case(spec: ConfigSpec) -> Iterator[Finding]:
    for pid, other in _case_collisions(spec.products):
        yield (
            ("products", pid),
            f"product id '{pid}' differs from '{other}' only in case: their files "
            "(alert_rules/products/<id>.rules.yml, rule tests) collide on case-insensitive "
            "filesystems",
        )
    for tid, other in _case_collisions(spec.teams):
        yield (
            ("teams", tid),
            f"team id '{tid}' differs from '{other}' only in case: their secret files "
            "(slack-<id>.url, pagerduty-<id>.key) collide on case-insensitive filesystems",
        )
    for pid, product in spec.products.items():
        envs = product.environments or spec.defaults.environments or list(DEFAULT_ENVIRONMENTS)
        by_env: dict[str, list[tuple[int, str]]] = {}
        for i, endpoint in enumerate(product.health_endpoints):
            by_env.setdefault(endpoint.environment or envs[0], []).append((i, endpoint.name))
        for env, named in by_env.items():
            index = {name: i for i, name in reversed(named)}
            for name, other in _case_collisions(name for _, name in named):
                yield (
                    ("products", pid, "health_endpoints", index[name], "name"),
                    f"endpoint '{name}' differs from '{other}' in environment '{env}' only in "
                    "case: dashboards and alerts could not tell them apart",
                )
    lists: list[tuple[Path, list[str] | None]] = [
        (("defaults", "environments"), spec.defaults.environments)
    ]
    lists += [
        (("products", pid, "environments"), p.environments) for pid, p in spec.products.items()
    ]
    for path, envs_given in lists:
        given = envs_given or []
        for env, other in _case_collisions(given):
            yield (
                (*path, given.index(env)),
                f"environment '{env}' differs from '{other}' only in case",
            )


@rule
def lists_not_empty(spec: ConfigSpec) -> Iterator[Finding]:
    if spec.defaults.environments == []:
        yield (
            ("defaults", "environments"),
            "an empty list does not mean 'no environments': products would silently get "
            f"the built-in ({', '.join(DEFAULT_ENVIRONMENTS)}); list at least one or remove it",
        )
    for pid, product in spec.products.items():
        if product.environments == []:
            yield (
                ("products", pid, "environments"),
                "an empty list does not mean 'no environments': the product would silently "
                "get the defaults; list at least one or remove it",
            )
    for i, remote in enumerate(spec.stack.remote_write or []):
        if remote.keep_metrics == []:
            yield (
                ("stack", "remote_write", i, "keep_metrics"),
                "an empty list would send nothing; remove it to send every series",
            )
    if spec.stack.remote_write == []:
        yield (
            ("stack", "remote_write"),
            "an empty list sends nothing anywhere; remove it, or name a target",
        )
    for kind in ("page", "ticket"):
        if getattr(spec.alerting.slo, kind) == []:
            yield (
                ("alerting", "slo", kind),
                f"an empty list drops every SLO {kind} alert rather than using the defaults; "
                "remove it for the defaults, or disable the SLOs (enabled: false)",
            )


@rule
def thresholds_in_their_units(spec: ConfigSpec) -> Iterator[Finding]:
    percents = [(path, value, "uptime") for path, value in _thresholds_set(spec, "uptime")]
    percents += [
        (view.paths["target"], view.values["target"], f"{view.name} SLO target")
        for view in _slo_views(spec)
        if "target" in view.values
    ]
    for path, value, what in dict.fromkeys(percents):
        if value < MIN_PLAUSIBLE_PERCENT:
            hint = f" (did you mean {value * 100:g}?)" if value <= 1 else ""
            yield (
                path,
                f"{value:g}% is not a plausible {what}: it is in percent, so {value:g} lets "
                f"{100 - value:g}% of probes fail{hint}",
            )
    millis = list(_thresholds_set(spec, "response_time_ms"))
    millis += [
        (view.paths["threshold_ms"], view.values["threshold_ms"])
        for view in _slo_views(spec)
        if "threshold_ms" in view.values
    ]
    for path, ms in dict.fromkeys(millis):
        if ms < MIN_PLAUSIBLE_MS:
            yield (
                path,
                f"{ms:g} ms is below what a network probe measures: the value is in "
                f"milliseconds (seconds given? did you mean {ms * 1000:g}?)",
            )


@rule
def intervals_fit_rule_windows(spec: ConfigSpec) -> Iterator[Finding]:
    window = durations.seconds(RULE_WINDOW)
    longest = window / SAMPLES_PER_WINDOW
    given: list[tuple[Path, str | None, str]] = [
        (
            ("defaults", "probe", "interval"),
            spec.defaults.probe.interval,
            f"avg_over_time(probe_success[{RULE_WINDOW}])",
        ),
        (
            ("stack", "scrape_interval"),
            spec.stack.scrape_interval,
            f"rate(...[{RULE_WINDOW}]) of the exporters' counters",
        ),
    ]
    for path, value, query in given:
        if value is not None and durations.seconds(value) > longest:
            yield (
                path,
                f"{value} is too long for the rules' {RULE_WINDOW} windows ({query}): fewer "
                f"than {SAMPLES_PER_WINDOW} samples would fall in each "
                f"(use at most {durations.render(longest)})",
            )
    probe = durations.seconds(spec.defaults.probe.interval or DEFAULT_PROBE["interval"])
    scrape = durations.seconds(spec.stack.scrape_interval or DEFAULT_SCRAPE_INTERVAL)
    step = max(probe, scrape)
    for kind in ("page", "ticket"):
        for i, pair in enumerate(getattr(spec.alerting.slo, kind) or []):
            short = durations.seconds(pair.short)
            if 0 < short < SAMPLES_PER_WINDOW * step:
                yield (
                    ("alerting", "slo", kind, i, "short"),
                    f"short window {pair.short} holds fewer than {SAMPLES_PER_WINDOW} samples "
                    f"at a {durations.render(step)} probe/scrape interval",
                )


@rule
def stack_ports_unique(spec: ConfigSpec) -> Iterator[Finding]:
    given = {str(k): v for k, v in (spec.stack.addresses or {}).items()}
    owners: dict[int, str] = dict(RESERVED_PORTS)
    merged = {**DEFAULT_ADDRESSES, **given}
    paths: dict[str, Path] = {name: ("stack", "addresses", name) for name in given}
    for component, more in _ha_addresses(spec):
        for i, address in enumerate(more):
            key = replica_key(component, i + 2)
            merged[key] = given[key] = address
            paths[key] = ("stack", "ha", _HA_FIELDS[component], i)
    bridge = bridge_stack_address(spec.incidents.url) if spec.incidents else None
    if bridge is not None:  # the stack runs the bridge: Compose publishes its port too
        merged[INCIDENT_BRIDGE_COMPONENT] = given[INCIDENT_BRIDGE_COMPONENT] = bridge
        paths[INCIDENT_BRIDGE_COMPONENT] = ("incidents", "url")
    node = services.stack_node_exporter_at({pid: p.services for pid, p in spec.products.items()})
    if node is not None:  # the stack runs a node_exporter: Compose publishes its port too
        merged[services.NODE_COMPONENT] = given[services.NODE_COMPONENT] = node[1]
        paths[services.NODE_COMPONENT] = node[0]
    # Defaults first, so the component the user moved onto a taken port is the one reported.
    for name in sorted(merged, key=lambda n: (n in given, n)):
        address = merged[name]
        if _address_problem(address) is not None:
            continue
        port = int(address.rpartition(":")[2])
        if port in owners and name in given:
            yield (
                paths[name],
                f"port {port} is also the port of {owners[port]}: docker-compose.yml publishes "
                f"every component on 127.0.0.1:<port>, so the two would collide",
            )
        owners.setdefault(port, name)


_HA_FIELDS = {"prometheus": "prometheus_replicas", "alertmanager": "alertmanager_peers"}


def _ha_addresses(spec: ConfigSpec) -> Iterator[tuple[str, list[str]]]:
    ha = spec.stack.ha
    if ha is None:
        return
    yield "prometheus", ha.prometheus_replicas or []
    yield "alertmanager", ha.alertmanager_peers or []


def _label_problem(key: str, value: str) -> str | None:
    prefix, _, name = key.rpartition("/")
    if not (len(name) <= 63 and _K8S_LABEL_NAME.match(name)) or (
        prefix and not (len(prefix) <= 253 and _K8S_PREFIX.match(prefix))
    ):
        return (
            f"'{key}' is not a Kubernetes label key ([prefix/]name; the name at most 63 of "
            "A-Z a-z 0-9 - _ ., alphanumeric at both ends)"
        )
    if value and not (len(value) <= 63 and _K8S_LABEL_NAME.match(value)):
        return (
            f"'{value}' is not a Kubernetes label value (at most 63 of A-Z a-z 0-9 - _ ., "
            "alphanumeric at both ends)"
        )
    return None


@rule
def kubernetes_values_valid(spec: ConfigSpec) -> Iterator[Finding]:
    kube = spec.kubernetes
    if kube is None:
        return
    if kube.namespace is not None and not (
        len(kube.namespace) <= 63 and _K8S_NAME.match(kube.namespace)
    ):
        yield (
            ("kubernetes", "namespace"),
            f"'{kube.namespace}' is not a Kubernetes namespace (lower-case letters, digits "
            "and '-', a letter or digit at both ends)",
        )
    for key, value in (kube.labels or {}).items():
        problem = _label_problem(key, value)
        if problem is not None:
            yield (("kubernetes", "labels", key), problem)
    if kube.blackbox_url is not None:
        problem = _address_problem(kube.blackbox_url)
        if problem is not None:
            yield (("kubernetes", "blackbox_url"), problem)
    if kube.image is not None and not _IMAGE.match(kube.image):
        yield (
            ("kubernetes", "image"),
            f"'{without_userinfo(kube.image)}' is not an image reference "
            "([registry/]name[:tag][@sha256:digest], lower-case name)",
        )


@rule
def secrets_dir_mountable(spec: ConfigSpec) -> Iterator[Finding]:
    value = spec.stack.secrets_dir
    if value is not None and (":" in value or "$" in value):
        yield (
            ("stack", "secrets_dir"),
            f"'{value}' cannot be mounted: docker-compose.yml mounts it as "
            "./secrets/alertmanager:<secrets_dir>:ro, where ':' separates fields and '$' is "
            "a Compose variable",
        )


@rule
def alertmanager_texts_not_templates(spec: ConfigSpec) -> Iterator[Finding]:
    for tid, team in spec.teams.items():
        service = team.pagerduty.service if team.pagerduty else ""
        if "{{" in service or "}}" in service:
            yield (
                ("teams", tid, "pagerduty", "service"),
                f"'{service}' holds '{{{{' or '}}}}': Alertmanager reads PagerDuty details as "
                "templates, and a broken one fails every notification",
            )


_LABEL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Labels the generated rules, alerts and routes set themselves; an external label of the same
# name would be added to alerts that lack it and misroute them, or shadow a scrape label.
RESERVED_LABELS = frozenset(
    {
        conventions.PRODUCT,
        conventions.ENVIRONMENT,
        conventions.ENDPOINT,
        conventions.TEAM,
        conventions.SEVERITY,
        conventions.KIND,
        conventions.SLO,
        conventions.EXPORTER,
        "alertname",
        "job",
        "instance",
        "le",
        "quantile",
    }
)
_METRIC_GLOB = re.compile(r"^[A-Za-z_:*][A-Za-z0-9_:*]*$")
_AUTH_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9._~+-]*$")


def _label_name_problem(name: str) -> str | None:
    if not _LABEL_NAME.match(name):
        return (
            f"'{name}' is not a Prometheus label name (letters, digits and '_', not a digit first)"
        )
    if name in RESERVED_LABELS:
        return (
            f"'{name}' is a label the generated rules and alerts set themselves: as an external "
            "label it would be added to every alert without one and misroute it"
        )
    return None


@rule
def external_labels_valid(spec: ConfigSpec) -> Iterator[Finding]:
    ha = spec.stack.ha
    replica = (ha.replica_label if ha else None) or DEFAULT_REPLICA_LABEL
    replicated = bool(ha and ha.prometheus_replicas)
    for name, value in (spec.stack.external_labels or {}).items():
        at = ("stack", "external_labels", name)
        if problem := _label_name_problem(name):
            yield (at, problem)
        elif replicated and name == replica:
            yield (
                at,
                f"'{name}' is the replica label: with stack.ha.prometheus_replicas each replica "
                "sets it to its own name",
            )
        elif not value.strip():
            yield (at, "an external label needs a value (Prometheus drops empty labels)")
        elif "$" in value:
            yield (
                at,
                f"'{value}' holds '$': Prometheus 3 expands ${{VAR}} in external labels and 2.x "
                "does not, so the label would differ between versions",
            )
    if ha is not None and ha.replica_label is not None:
        problem = _label_name_problem(ha.replica_label)
        if problem is not None:
            yield (("stack", "ha", "replica_label"), problem)


@rule
def remote_write_valid(spec: ConfigSpec) -> Iterator[Finding]:
    names: dict[str, int] = {}
    urls: dict[str, int] = {}
    for i, remote in enumerate(spec.stack.remote_write or []):
        at = ("stack", "remote_write", i)
        if remote.name in names:
            yield (
                (*at, "name"),
                f"remote write '{remote.name}' is defined twice (also at index "
                f"{names[remote.name]}); Prometheus requires unique queue names",
            )
        names.setdefault(remote.name, i)
        if remote.url in urls:
            yield (
                (*at, "url"),
                f"'{without_userinfo(remote.url)}' is already a target (index {urls[remote.url]}): "
                "every sample would be sent twice",
            )
        urls.setdefault(remote.url, i)
        if remote.basic_auth and remote.authorization:
            yield (
                at,
                "give basic_auth or authorization, not both: Prometheus sends one Authorization "
                "header",
            )
        if remote.basic_auth and ":" in remote.basic_auth.username:
            yield (
                (*at, "basic_auth", "username"),
                "a basic-auth user name cannot hold ':' (it separates user and password)",
            )
        scheme = remote.authorization.type if remote.authorization else None
        if scheme is not None and (not _AUTH_SCHEME.match(scheme) or scheme.casefold() == "basic"):
            yield (
                (*at, "authorization", "type"),
                f"'{scheme}' is not an authorization scheme Prometheus sends (one word such as "
                "Bearer; for Basic use basic_auth)",
            )
        queue = remote.queue
        if queue is not None:
            if queue.min_shards and queue.max_shards and queue.min_shards > queue.max_shards:
                yield (
                    (*at, "queue", "min_shards"),
                    f"min_shards ({queue.min_shards}) is above max_shards ({queue.max_shards})",
                )
            low, high = queue.min_backoff, queue.max_backoff
            if low and high and durations.seconds(low) > durations.seconds(high):
                yield (
                    (*at, "queue", "min_backoff"),
                    f"min_backoff ({low}) is longer than max_backoff ({high})",
                )
            if (
                queue.capacity
                and queue.max_samples_per_send
                and queue.capacity < queue.max_samples_per_send
            ):
                yield (
                    (*at, "queue", "capacity"),
                    f"capacity ({queue.capacity}) is below max_samples_per_send "
                    f"({queue.max_samples_per_send}): no request could ever be full",
                )
        for field in ("keep_metrics", "drop_metrics"):
            for j, glob in enumerate(getattr(remote, field) or []):
                if not _METRIC_GLOB.match(glob):
                    yield (
                        (*at, field, j),
                        f"'{glob}' is not a metric name pattern (letters, digits, '_', ':' "
                        "and '*' for any run of characters)",
                    )


@rule
def ha_addresses_valid(spec: ConfigSpec) -> Iterator[Finding]:
    ha = spec.stack.ha
    if ha is None:
        return
    for component, more in _ha_addresses(spec):
        for i, address in enumerate(more):
            problem = _address_problem(address)
            if problem is not None:
                yield (("stack", "ha", _HA_FIELDS[component], i), problem)
    if ha.prometheus_replicas == [] or ha.alertmanager_peers == []:
        empty = "prometheus_replicas" if ha.prometheus_replicas == [] else "alertmanager_peers"
        yield (
            ("stack", "ha", empty),
            "an empty list adds no replica; remove it, or list the further replicas' host:port",
        )
    cluster = ha.cluster_port or DEFAULT_CLUSTER_PORT
    if problem := _port_problem(cluster):
        yield (("stack", "ha", "cluster_port"), problem)
        return
    given = {str(k): v for k, v in (spec.stack.addresses or {}).items()}
    peers = [given.get("alertmanager", DEFAULT_ADDRESSES["alertmanager"])]
    peers += ha.alertmanager_peers or []
    for address in peers:
        if _address_problem(address) is None and int(address.rpartition(":")[2]) == cluster:
            yield (
                ("stack", "ha", "cluster_port"),
                f"port {cluster} is also the web port of the Alertmanager at {address}: each "
                "Alertmanager listens on both",
            )
            break


def check(spec: ConfigSpec, located: Located) -> list[Problem]:
    """Run every rule; return all problems with their lines."""
    return [
        Problem(located.line_of(path), format_path(path), message)
        for fn in RULES
        for path, message in fn(spec)
    ]
