"""Wiring of the incident bridge on the toolkit: settings + portfolio -> the GitHub client,
the ``POST /alerts`` route, the repository check and the bridge's own counters.

``build()`` is what ``python -m exporters.incident_bridge`` serves and what tests drive
in-process (with an injected transport, clock, retry policy and port).

Why 502 and no queue of its own: Alertmanager already is a durable, retrying queue for this.
A webhook answered 5xx is retried with backoff and, when the flush's time is up, sent again at
the next ``group_interval`` for as long as the alert (or its resolve) is pending; a 4xx is not
retried. So a notification the bridge could not apply to GitHub is answered 502 and comes back,
resolves included, and the other receivers of the route are not repeated (Alertmanager keeps
its notification log per integration). A queue in the bridge would need a volume and would be
a second copy of Alertmanager's state; the markers make applying a notification twice harmless,
which is all that retrying needs.
"""

from __future__ import annotations

import hmac
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from prometheus_client import CollectorRegistry
from prometheus_client.core import Metric
from typing_extensions import Unpack

from exporters.incident_bridge.github import IssuesAPI
from exporters.incident_bridge.incidents import GitHubFailure, Incidents, Policy
from exporters.incident_bridge.payload import PayloadError, parse
from exporters.incident_bridge.settings import PREFIX, BridgeSettings
from exporters.toolkit.app import ExporterSpec
from exporters.toolkit.errors import SettingsError
from exporters.toolkit.families import counter_family, describe_families, gauge_family
from exporters.toolkit.http import RetryPolicy
from exporters.toolkit.kit import ExporterKit, Injected, Listen, Runtime, Upstream
from exporters.toolkit.pagination import LinkHeaderPagination
from exporters.toolkit.ratelimit import GitHubRateLimit
from exporters.toolkit.refresh import RefreshLoop, Source
from exporters.toolkit.server import Answer, BodyVerifier, ExporterServer, PostRoute, ServerLimits
from portfolio import catalog, conventions
from portfolio.catalog import incident_bridge as names
from portfolio.config.model import Portfolio

log = logging.getLogger("exporters.incident_bridge")

NAME = names.NAME
PATH = "/alerts"  # what incidents.url points at
SOURCE = "github"  # the refresh source: the repository check
API_VERSION = "2022-11-28"
METRICS = {m.name: m for m in catalog.exporter_metrics(NAME)}
# Alertmanager waits for the answer; past this a GitHub outage is a 502 and its retry, not a
# hang. Rate-limit waits longer than max_rate_limit_wait are not slept either.
RETRY = RetryPolicy(
    attempts=3, wait_initial=0.5, wait_max=4.0, timeout=15.0, max_rate_limit_wait=10.0
)
UNAUTHORIZED: Answer = (401, "unauthorized")


_OWN = (
    "incident_bridge_notifications_total",
    "incident_bridge_alerts_total",
    "incident_bridge_github_failures_total",
    "incident_bridge_incidents_open",
)


class BridgeMetrics:
    """The bridge's counters and the open-incident gauge; every series exists from the start
    (the label values are closed sets)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.notifications: Counter[str] = Counter({r: 0 for r in names.NOTIFICATION_RESULTS})
        self.alerts: Counter[str] = Counter({a: 0 for a in names.ALERT_ACTIONS})
        self.failures: Counter[tuple[str, str]] = Counter(
            {(o, r): 0 for o in names.GITHUB_OPERATIONS for r in names.GITHUB_FAILURE_REASONS}
        )
        self.open: float | None = None

    def notification(self, result: str) -> None:
        with self._lock:
            self.notifications[result] += 1

    def alert(self, action: str) -> None:
        with self._lock:
            self.alerts[action] += 1

    def failure(self, operation: str, reason: str) -> None:
        reason = reason if reason in names.GITHUB_FAILURE_REASONS else "upstream"
        with self._lock:
            self.failures[(operation, reason)] += 1

    def describe(self) -> list[Metric]:
        return describe_families(METRICS[n] for n in _OWN)

    def collect(self) -> Iterable[Metric]:
        with self._lock:
            notifications, alerts = dict(self.notifications), dict(self.alerts)
            failures, open_ = dict(self.failures), self.open
        fam = counter_family(METRICS["incident_bridge_notifications_total"])
        for result, count in sorted(notifications.items()):
            fam.add_metric([result], count)
        yield fam
        fam = counter_family(METRICS["incident_bridge_alerts_total"])
        for action, count in sorted(alerts.items()):
            fam.add_metric([action], count)
        yield fam
        fam = counter_family(METRICS["incident_bridge_github_failures_total"])
        for (operation, reason), count in sorted(failures.items()):
            fam.add_metric([operation, reason], count)
        yield fam
        gauge = gauge_family(METRICS["incident_bridge_incidents_open"])
        if open_ is not None:
            gauge.add_metric([], open_)
        yield gauge


class _Accept:
    """The body needs no check of its own once the bearer token matched (``BodyVerifier``)."""

    def update(self, chunk: bytes) -> None:
        return None

    def verify(self) -> Answer | None:
        return None


class Receiver:
    """``POST /alerts``: the bearer token is checked before the body is read (constant time);
    a bad payload is a 400 with its reason; a GitHub failure a 502 (Alertmanager retries)."""

    def __init__(self, token: str, incidents: Incidents, metrics: BridgeMetrics) -> None:
        self._expected = token.encode()
        self.incidents = incidents
        self.metrics = metrics

    def route(self) -> PostRoute:
        return PostRoute(self.handle, verifier=self.verifier, refused=self.refused)

    def authorized(self, headers: Mapping[str, str]) -> bool:
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        given = credentials.strip().encode()
        # compare_digest takes as long whatever the bytes; only the token's length can leak.
        return hmac.compare_digest(given, self._expected) and scheme.lower() == "bearer"

    def verifier(self, headers: Mapping[str, str]) -> BodyVerifier | Answer:
        if not self.authorized(headers):
            self.metrics.notification("unauthorized")
            log.warning("notification without the right bearer token refused")
            return UNAUTHORIZED
        return _Accept()

    def refused(self, headers: Mapping[str, str], status: int) -> None:
        self.metrics.notification("rejected")
        log.warning("notification refused with HTTP %d before its body was read", status)

    def handle(self, headers: Mapping[str, str], body: bytes) -> tuple[int, str]:
        try:
            notification = parse(body)
        except PayloadError as exc:
            self.metrics.notification("invalid")
            log.warning("invalid notification: %s", exc)
            return 400, f"invalid payload: {exc}"
        if notification.truncated:
            log.warning(
                "notification of %s lacks %d truncated alerts (max_alerts)",
                notification.receiver,
                notification.truncated,
            )
        actions: Counter[str] = Counter()
        failed: list[str] = []
        for alert in notification.alerts:
            try:
                action = self.incidents.apply(alert)
            except GitHubFailure as exc:
                self.metrics.failure(exc.operation, exc.reason)
                log.warning("alert %s %s not applied: %s", alert.name, alert.fingerprint, exc)
                action = "failed"
                failed.append(str(exc))
            self.metrics.alert(action)
            actions[action] += 1
        summary = ", ".join(f"{k}={v}" for k, v in sorted(actions.items())) or "no alerts"
        if failed:
            self.metrics.notification("failed")
            return 502, f"GitHub failed, retry: {failed[0][:200]} ({summary})"
        self.metrics.notification("applied")
        return 200, summary


@dataclass
class Bridge:
    """The bridge's own parts around the toolkit's ``Runtime``."""

    settings: BridgeSettings
    runtime: Runtime
    incidents: Incidents
    metrics: BridgeMetrics
    receiver: Receiver

    @property
    def server(self) -> ExporterServer:
        return self.runtime.server

    @property
    def loop(self) -> RefreshLoop:
        return self.runtime.loop

    @property
    def registry(self) -> CollectorRegistry:
        return self.runtime.registry

    def refresh_all(self) -> bool:
        return self.runtime.refresh_all()

    def close(self) -> None:
        self.runtime.close()


def repo_of(settings: BridgeSettings, portfolio: Portfolio) -> str:
    """``INCIDENT_BRIDGE_REPO``, else ``incidents.repo``; neither is a settings error."""
    if settings.repo:
        return settings.repo
    if portfolio.incidents is None:
        raise SettingsError(
            [f"{PREFIX}REPO: not set, and {settings.config} has no incidents: section"]
        )
    return portfolio.incidents.repo


def check_repository(api: IssuesAPI, label: str, metrics: BridgeMetrics) -> Callable[[], None]:
    """The refresh: the token reads the repository, issues are on, and how many incidents the
    bridge has open (conditional requests: an unchanged repository costs no rate limit)."""

    def refresh() -> None:
        api.check()
        count = sum(1 for issue in api.listed(label, "open") if issue.marker is not None)
        metrics.open = float(count)

    return refresh


def build(settings: BridgeSettings, portfolio: Portfolio, **injected: Unpack[Injected]) -> Bridge:
    repo = repo_of(settings, portfolio)
    headers = {
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": API_VERSION,
        "Authorization": f"Bearer {settings.github_token.reveal()}",
    }
    if injected.get("policy") is None:
        injected["policy"] = RETRY  # Alertmanager waits: a short policy, see RETRY
    kit = ExporterKit(
        NAME,
        [SOURCE],
        Upstream(
            settings.api_url,
            headers,
            pagination=LinkHeaderPagination(),
            rate_limit=GitHubRateLimit(),
        ),
        **injected,
    )
    clock = kit.clock
    metrics = BridgeMetrics()
    api = IssuesAPI(kit.client, repo)
    label = portfolio.dora.incident_label
    incidents = Incidents(
        api,
        Policy(label, frozenset({conventions.CRITICAL}), float(settings.reopen_within)),
        clock,
    )
    receiver = Receiver(settings.token.reveal(), incidents, metrics)
    limits = ServerLimits(max_body=settings.max_body, body_budget=4 * settings.max_body)
    runtime = kit.assemble(
        [Source(SOURCE, float(settings.check_interval), check_repository(api, label, metrics))],
        metrics,
        listen=Listen(settings.listen_host, settings.listen_port, limits=limits),
        post_routes={PATH: receiver.route()},
    )
    return Bridge(settings, runtime, incidents, metrics, receiver)


def _summary(settings: BridgeSettings, portfolio: Portfolio) -> str:
    return f"issues in {repo_of(settings, portfolio)}, label {portfolio.dora.incident_label!r}"


SPEC: ExporterSpec[BridgeSettings] = ExporterSpec(
    name=NAME,
    settings=BridgeSettings,
    prefix=PREFIX,
    description="Incident bridge: Alertmanager notifications -> one GitHub issue per incident.",
    build=build,
    summary=_summary,
    serve_help="serve POST /alerts, /metrics, /healthz and /readyz (the default)",
)
