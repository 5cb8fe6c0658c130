"""Checks that need more than one field: references, duplicates, values that cannot hold.

Each rule is one function yielding ``(path, message)``; ``check`` runs them all so one run
reports every problem. Every rule has a fixture ``tests/fixtures/config/invalid-<rule>.yaml``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from portfolio import durations
from portfolio.config.model import (
    DEFAULT_ENVIRONMENTS,
    DEFAULT_GROUP_INTERVAL,
    DEFAULT_PROBE,
    DEFAULT_PRODUCTION_ENVIRONMENT,
    DEFAULT_SLO_PERIOD,
    DEFAULT_SLO_SOURCE,
    DEFAULT_TLS_CRITICAL_DAYS,
    DEFAULT_TLS_WARNING_DAYS,
    LEVELS,
    SLO_NAMES,
    burn_windows,
)
from portfolio.config.spec import ConfigSpec, ProductSpec, SloSpec
from portfolio.config.yamlpos import Located, Path, format_path
from portfolio.errors import Problem

Finding = tuple[Path, str]
Rule = Callable[[ConfigSpec], Iterator[Finding]]
RULES: list[Rule] = []
_PLACEHOLDER = re.compile(r"\{([^}]*)\}")
_ADDRESS = re.compile(r"^[A-Za-z0-9._-]+:\d{1,5}$")


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
                f"team '{product.team}' is not defined under teams (defined: {known})",
            )


@rule
def owner_team_defined(spec: ConfigSpec) -> Iterator[Finding]:
    if spec.portfolio.team not in spec.teams:
        known = ", ".join(sorted(spec.teams)) or "none"
        yield (
            ("portfolio", "team"),
            f"team '{spec.portfolio.team}' is not defined under teams (defined: {known})",
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
        if not _ADDRESS.match(spec.stack.smtp.smarthost):
            yield (
                ("stack", "smtp", "smarthost"),
                f"'{spec.stack.smtp.smarthost}' is not host:port",
            )
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
            yield (
                ("products", pid),
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
                    f"environments ({', '.join(envs)})",
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
                    f"'{endpoint.url}' is already probed at {owner[endpoint.url]}",
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
    for path, ms in _thresholds_set(spec, "response_time_ms"):
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
            ("defaults", "probe", "timeout"),
            f"probe timeout ({timeout:g}s) must be shorter than its interval ({interval:g}s)",
        )


@rule
def tls_days_ordered(spec: ConfigSpec) -> Iterator[Finding]:
    tls = spec.alerting.tls_expiry
    warning = tls.warning_days or DEFAULT_TLS_WARNING_DAYS
    critical = tls.critical_days or DEFAULT_TLS_CRITICAL_DAYS
    if critical >= warning:
        yield (
            ("alerting", "tls_expiry", "critical_days"),
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
        if not _ADDRESS.match(address):
            yield (("stack", "addresses", name), f"'{address}' is not host:port")


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
            yield (
                ("products", pid, "sources", "github", "production_environment"),
                f"production environment '{wanted}' is not one of the product's environments "
                f"({', '.join(envs)})",
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
            yield (_slo_path(view, "owner"), f"owner '{owner}' is not defined under teams")


@rule
def slo_environment_known(spec: ConfigSpec) -> Iterator[Finding]:
    for view in _slo_views(spec):
        env = view.values.get("environment")
        product = spec.products[view.product]
        envs = product.environments or spec.defaults.environments or list(DEFAULT_ENVIRONMENTS)
        if env is not None and env not in envs:
            yield (
                _slo_path(view, "environment"),
                f"environment '{env}' is not one of the product's environments ({', '.join(envs)})",
            )


@rule
def slo_windows_fit_period(spec: ConfigSpec) -> Iterator[Finding]:
    windows = burn_windows(spec)
    slo_alerting = spec.alerting.slo
    for index, window in enumerate(windows):
        kind = "page" if window.severity == "critical" else "ticket"
        given = getattr(slo_alerting, kind)
        i = index if kind == "page" else index - sum(w.severity == "critical" for w in windows)
        path: Path = ("alerting", "slo", kind, i) if given is not None else ("alerting", "slo")
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
        for window in windows:
            kind = "page" if window.severity == "critical" else "ticket"
            where = _slo_path(view, "period")
            if durations.seconds(window.long) >= seconds:
                yield (
                    where,
                    f"the {kind} window {window.long} does not fit the {period} period "
                    "(windows must be shorter than the period)",
                )
                continue
            factor = window.factor(seconds)
            if kind == "page" and factor < 1:
                yield (
                    where,
                    f"the page over {window.long} spends {window.budget_share:.0%} of a {period} "
                    f"budget, a burn rate of {factor:g} (below 1): it would page while the SLO "
                    "is met; adjust alerting.slo.page for this period",
                )


@rule
def slo_burn_rates_can_fire(spec: ConfigSpec) -> Iterator[Finding]:
    windows = burn_windows(spec)
    for view in _slo_views(spec):
        period = view.values.get("period", DEFAULT_SLO_PERIOD)
        if period == "calendar_month":
            continue
        target = view.values.get("target")
        if target is None:
            continue  # derived targets are checked through the thresholds they come from
        budget = 1 - target / 100
        for window in windows:
            factor = window.factor(durations.seconds(period))
            if budget > 0 and factor * budget > 1:
                yield (
                    _slo_path(view, "target"),
                    f"a burn rate of {factor:g} over {window.long} needs an error ratio of "
                    f"{factor * budget:.0%}, which cannot happen: the alert could never fire "
                    "(raise the target or change alerting.slo)",
                )
                break


def check(spec: ConfigSpec, located: Located) -> list[Problem]:
    """Run every rule; return all problems with their lines."""
    return [
        Problem(located.line_of(path), format_path(path), message)
        for fn in RULES
        for path, message in fn(spec)
    ]
