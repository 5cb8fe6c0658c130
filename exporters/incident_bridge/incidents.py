"""What an alert does to its GitHub issue: the bridge's decisions, idempotent by construction.

An incident is one alert (one fingerprint: Alertmanager's hash of its labels) from the time it
fires until it resolves. Its issue is found on GitHub by the marker in its body (``github``),
never by memory alone, and every decision compares the alert's ``startsAt`` with the episode
the marker names, so a notification applied twice (an Alertmanager retry, a repeat, the same
delivery after a restart) changes nothing the second time:

- firing, no issue: open one (labels: the DORA incident label, ``product:<id>``,
  ``severity:<severity>``);
- firing, the issue names this episode: nothing (a repeat or a retry);
- firing again, a later ``startsAt``, while the issue is open or was closed within
  ``reopen_within``: comment and reopen it; closed longer ago: a new issue;
- resolved, the issue is open for this (or an earlier) episode: comment with the duration and
  close it; already closed: nothing.

Comments carry a marker of their own and are looked for before one is written, and the comment
comes before the marker moves, so a retry after a half-done step finishes it without repeating
it. A write that may have happened without its answer (a POST whose response was lost) raises;
the caller answers Alertmanager 502 so it sends the notification again, and the marker then finds
what was written. Decisions are serialised by one lock: GitHub asks integrations to make their
writes one at a time, and it keeps two deliveries of one alert from both opening an issue.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from exporters.incident_bridge.github import COMMENT_MARKER, Issue, IssuesAPI, Marker, from_iso, iso
from exporters.incident_bridge.payload import FIRING, Alert
from exporters.toolkit.errors import ExporterError, UpstreamError
from portfolio import conventions
from portfolio.durations import render

log = logging.getLogger(__name__)

PRODUCT_LABEL = "product:{}"
SEVERITY_LABEL = "severity:{}"
# Annotations shown as their own lines; the rest of the annotations follow in a table.
SHOWN = ("summary", "description", "value", "threshold", "runbook_url", "dashboard_url")


@dataclass(frozen=True)
class Policy:
    incident_label: str
    severities: frozenset[str]  # alerts of other severities are ignored
    reopen_within: float  # seconds after a close in which firing again reopens the issue


def labels_for(alert: Alert, policy: Policy) -> list[str]:
    out = [policy.incident_label]
    if product := alert.labels.get(conventions.PRODUCT):
        out.append(PRODUCT_LABEL.format(product))
    if severity := alert.labels.get(conventions.SEVERITY):
        out.append(SEVERITY_LABEL.format(severity))
    return out


def title_for(alert: Alert) -> str:
    summary = alert.annotations.get("summary", "")
    where = alert.labels.get(conventions.PRODUCT, "")
    env = alert.labels.get(conventions.ENVIRONMENT, "")
    subject = summary or " ".join(filter(None, [where, f"({env})" if env else ""]))
    return f"{alert.name}: {subject}"[:256] if subject else alert.name[:256]


def body_for(alert: Alert, marker: Marker) -> str:
    a = alert.annotations
    lines = [f"**{alert.name}** is firing since {iso(alert.starts_at)}.", ""]
    for key, title in (
        ("summary", "Summary"),
        ("description", "Description"),
        ("value", "Value"),
        ("threshold", "Threshold"),
    ):
        if a.get(key):
            lines.append(f"- {title}: {a[key]}")
    links = [
        f"[{title}]({a[key]})"
        for key, title in (("dashboard_url", "Dashboard"), ("runbook_url", "Runbook"))
        if a.get(key)
    ]
    if alert.generator_url:
        links.append(f"[Query]({alert.generator_url})")
    if links:
        lines.append("- Links: " + " | ".join(links))
    lines += ["", "| label | value |", "|---|---|"]
    lines += [f"| {k} | `{v}` |" for k, v in sorted(alert.labels.items())]
    extra = {k: v for k, v in a.items() if k not in SHOWN}
    if extra:
        lines += ["", "| annotation | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in sorted(extra.items())]
    lines += [
        "",
        "Opened by the incident bridge from Alertmanager; it closes this issue when the alert "
        "resolves.",
        "",
        marker.render(),
    ]
    return "\n".join(lines)


class Incidents:
    """Applies alerts to the issues of one repository; ``apply`` returns the action taken
    (``opened``, ``reopened``, ``closed``, ``unchanged``, ``ignored``) or raises the
    ``GitHubFailure`` naming the GitHub call that failed."""

    def __init__(self, api: IssuesAPI, policy: Policy, clock: Callable[[], float]) -> None:
        self.api = api
        self.policy = policy
        self.clock = clock
        self.lock = threading.Lock()
        # Issues this process wrote, by fingerprint: read back by number (GitHub's lists may
        # lag a write by a moment), never trusted without that read.
        self._known: dict[str, int] = {}

    def apply(self, alert: Alert) -> str:
        if alert.labels.get(conventions.SEVERITY) not in self.policy.severities:
            return "ignored"
        with self.lock:
            issue = _step("find", lambda: self._find(alert.fingerprint))
            if alert.status == FIRING:
                return self._firing(alert, issue)
            return self._resolved(alert, issue)

    # -- finding -----------------------------------------------------------------------------
    def _find(self, fingerprint: str) -> Issue | None:
        """The issue of ``fingerprint``: open, else closed within ``reopen_within``."""
        number = self._known.get(fingerprint)
        if number is not None:
            known = self.api.get(number)
            if known.marker is not None and known.marker.fingerprint == fingerprint:
                return known
        label = self.policy.incident_label
        for issue in self.api.listed(label, "open"):
            if issue.marker is not None and issue.marker.fingerprint == fingerprint:
                return self._remember(issue)
        since = self.clock() - self.policy.reopen_within
        for issue in self.api.listed(label, "closed", since=since):
            if issue.marker is not None and issue.marker.fingerprint == fingerprint:
                return self._remember(issue)  # the most recently updated one
        return None

    def _remember(self, issue: Issue) -> Issue:
        if issue.marker is not None:
            self._known[issue.marker.fingerprint] = issue.number
        return issue

    # -- firing ------------------------------------------------------------------------------
    def _firing(self, alert: Alert, issue: Issue | None) -> str:
        if issue is not None and issue.marker is not None:
            if alert.starts_at <= from_iso(issue.marker.starts):
                # This episode or an older one: a repeat, a retry, or an issue someone closed
                # while it fired (left closed).
                return "unchanged"
            if issue.state == "open" or self._recent(issue, alert.starts_at):
                return self._fired_again(alert, issue)
        marker = Marker(alert.fingerprint, iso(alert.starts_at))
        created = _step(
            "create",
            lambda: self.api.create(
                title_for(alert), body_for(alert, marker), labels_for(alert, self.policy)
            ),
        )
        self._remember(created)
        log.info("opened issue #%d for %s %s", created.number, alert.name, alert.fingerprint)
        return "opened"

    def _recent(self, issue: Issue, starts_at: float) -> bool:
        closed = issue.closed_at
        return closed is not None and starts_at - closed <= self.policy.reopen_within

    def _fired_again(self, alert: Alert, issue: Issue) -> str:
        """Comment first, then move the marker: a retry after the comment finds it and only
        moves the marker; after both, the marker makes the next delivery a repeat."""
        starts = iso(alert.starts_at)
        note = COMMENT_MARKER.format(event="fired", starts=starts)
        text = f"{alert.name} fired again at {starts}.\n\n{note}"
        self._comment_once(issue.number, note, text)
        fields: dict[str, object] = {"body": Marker(alert.fingerprint, starts).into(issue.body)}
        if issue.state != "open":
            fields.update(state="open", state_reason="reopened")
        _step("update", lambda: self.api.update(issue.number, **fields))
        log.info("issue #%d: %s fired again", issue.number, alert.name)
        return "reopened"

    # -- resolved ----------------------------------------------------------------------------
    def _resolved(self, alert: Alert, issue: Issue | None) -> str:
        if issue is None or issue.marker is None or issue.state != "open":
            return "unchanged"  # nothing open for it: never opened, or already closed
        if alert.starts_at < from_iso(issue.marker.starts):
            return "unchanged"  # the end of an earlier episode; the issue is about a later one
        ends = alert.ends_at if alert.ends_at is not None else self.clock()
        starts = iso(alert.starts_at)
        duration = render(max(0.0, ends - alert.starts_at))
        note = COMMENT_MARKER.format(event="resolved", starts=starts)
        text = (
            f"Resolved at {iso(ends)}: {alert.name} fired for {duration} "
            f"(since {starts}).\n\n{note}"
        )
        self._comment_once(issue.number, note, text)
        done = Marker(alert.fingerprint, starts, iso(ends))
        _step(
            "update",
            lambda: self.api.update(
                issue.number, state="closed", state_reason="completed", body=done.into(issue.body)
            ),
        )
        log.info("closed issue #%d: %s resolved after %s", issue.number, alert.name, duration)
        return "closed"

    def _comment_once(self, number: int, note: str, text: str) -> None:
        if not _step("find", lambda: self.api.has_comment(number, note)):
            _step("comment", lambda: self.api.comment(number, text))


class GitHubFailure(ExporterError):
    """A GitHub call of ``operation`` failed (after the client's retries); ``reason`` is the
    toolkit's reason of the error. Answered 502, so Alertmanager delivers again."""

    def __init__(self, operation: str, error: UpstreamError) -> None:
        self.operation = operation
        self.reason = error.reason
        super().__init__(f"{operation}: {error}")


T = TypeVar("T")


def _step(operation: str, call: Callable[[], T]) -> T:
    try:
        return call()
    except UpstreamError as exc:
        raise GitHubFailure(operation, exc) from None
