"""What an alert does to its GitHub issue: the bridge's decisions, idempotent by construction.

An incident is one outage of a product in an environment: the critical alerts with the same
``product`` and ``environment`` labels that fire while its issue is open join it (ProductDown
and the availability budget page of the same outage are one incident, not two). An alert
without a ``product`` label is an incident of its own (one fingerprint: Alertmanager's hash of
its labels). The issue is found on GitHub by the marker in its body (``github``), never by
memory alone; the marker lists every fingerprint that joined, each one's ``startsAt`` and which
still fire, so a notification applied twice (an Alertmanager retry, a repeat, the same delivery
after a restart) changes nothing the second time:

- firing, no issue: open one (labels: the DORA incident label, ``product:<id>``,
  ``severity:<severity>``);
- firing, another alert of the same product and environment has an open issue: comment
  "also firing: <alertname>" and join it;
- firing, the marker names this episode of this alert: nothing (a repeat or a retry);
- firing again, a later ``startsAt``, while the issue is open or was closed within
  ``reopen_within``: comment (and reopen it); closed longer ago: a new issue;
- resolved while other joined alerts still fire: the marker notes it, the issue stays open;
- resolved, the last firing alert of the issue: comment with the duration from the incident's
  first start to this resolve and close it; already closed: nothing.

Comments carry a marker of their own and are looked for before one is written, and the comment
comes before the marker moves, so a retry after a half-done step finishes it without repeating
it. A write that may have happened without its answer (a POST whose response was lost) raises;
the caller answers Alertmanager 502 so it sends the notification again, and the marker then finds
what was written. Decisions are serialised by one lock: GitHub asks integrations to make their
writes one at a time, and it keeps two deliveries of one incident from both opening an issue.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
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
_GROUP_PART = re.compile(r"[A-Za-z0-9_.:-]*")


def group_of(alert: Alert) -> str | None:
    """``product/environment`` of an alert that can join an incident; None: it cannot (no
    product label, or label values the marker could not carry)."""
    product = alert.labels.get(conventions.PRODUCT, "")
    env = alert.labels.get(conventions.ENVIRONMENT, "")
    if not product or not _GROUP_PART.fullmatch(product) or not _GROUP_PART.fullmatch(env):
        return None
    return f"{product}/{env}"


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
    (``opened``, ``joined``, ``reopened``, ``resolved``, ``closed``, ``unchanged``,
    ``ignored``) or raises the ``GitHubFailure`` naming the GitHub call that failed."""

    def __init__(self, api: IssuesAPI, policy: Policy, clock: Callable[[], float]) -> None:
        self.api = api
        self.policy = policy
        self.clock = clock
        self.lock = threading.Lock()
        # Issues this process wrote, by fingerprint and by group: read back by number (GitHub's
        # lists may lag a write by a moment), never trusted without that read.
        self._known: dict[str, int] = {}

    def apply(self, alert: Alert) -> str:
        if alert.labels.get(conventions.SEVERITY) not in self.policy.severities:
            return "ignored"
        with self.lock:
            group = group_of(alert)
            issue = _step("find", lambda: self._find(alert.fingerprint, group))
            if alert.status == FIRING:
                return self._firing(alert, group, issue)
            return self._resolved(alert, issue)

    # -- finding -----------------------------------------------------------------------------
    def _find(self, fingerprint: str, group: str | None) -> Issue | None:
        """The open issue naming ``fingerprint``, else the open issue of ``group``, else the
        issue naming ``fingerprint`` closed within ``reopen_within``."""
        for key, wanted in (
            (fingerprint, _names(fingerprint)),
            (f"group:{group}", _of_group(group)),
        ):
            number = self._known.get(key)
            if number is not None:
                known = self.api.get(number)
                if wanted(known) and known.state == "open":
                    return known
        label = self.policy.incident_label
        joinable: Issue | None = None
        for issue in self.api.listed(label, "open"):
            if _names(fingerprint)(issue):
                return self._remember(issue)
            if joinable is None and _of_group(group)(issue):
                joinable = issue
        if joinable is not None:
            return self._remember(joinable)
        since = self.clock() - self.policy.reopen_within
        for issue in self.api.listed(label, "closed", since=since):
            if _names(fingerprint)(issue):
                return self._remember(issue)  # the most recently updated one
        return None

    def _remember(self, issue: Issue) -> Issue:
        if issue.marker is not None:
            for fingerprint in issue.marker.fingerprints:
                self._known[fingerprint] = issue.number
            if issue.marker.group:
                self._known[f"group:{issue.marker.group}"] = issue.number
        return issue

    # -- firing ------------------------------------------------------------------------------
    def _firing(self, alert: Alert, group: str | None, issue: Issue | None) -> str:
        starts = iso(alert.starts_at)
        if issue is not None and issue.marker is not None:
            recorded = issue.marker.starts_of(alert.fingerprint)
            if recorded is None:  # another alert's open incident of this product/environment
                return self._joined(alert, issue, issue.marker)
            if alert.starts_at <= from_iso(recorded):
                # This episode or an older one: a repeat, a retry, or an issue someone closed
                # while it fired (left closed).
                return "unchanged"
            if issue.state == "open" or self._recent(issue, alert.starts_at):
                return self._fired_again(alert, issue, issue.marker)
        marker = Marker.first(alert.fingerprint, starts, group)
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

    def _joined(self, alert: Alert, issue: Issue, marker: Marker) -> str:
        """Comment first, then add the alert to the marker (as in ``_fired_again``)."""
        starts = iso(alert.starts_at)
        note = COMMENT_MARKER.format(event="joined", fingerprint=alert.fingerprint, starts=starts)
        summary = alert.annotations.get("summary", "")
        text = (
            f"also firing: {alert.name} since {starts}"
            + (f" ({summary})" if summary else "")
            + f".\n\n{note}"
        )
        self._comment_once(issue.number, note, text)
        body = marker.fired(alert.fingerprint, starts).into(issue.body)
        _step("update", lambda: self.api.update(issue.number, body=body))
        self._remember(replace(issue, marker=marker.fired(alert.fingerprint, starts)))
        log.info("issue #%d: %s joined the incident", issue.number, alert.name)
        return "joined"

    def _fired_again(self, alert: Alert, issue: Issue, marker: Marker) -> str:
        """Comment first, then move the marker: a retry after the comment finds it and only
        moves the marker; after both, the marker makes the next delivery a repeat."""
        starts = iso(alert.starts_at)
        note = COMMENT_MARKER.format(event="fired", fingerprint=alert.fingerprint, starts=starts)
        text = f"{alert.name} fired again at {starts}.\n\n{note}"
        self._comment_once(issue.number, note, text)
        if issue.state == "open":
            moved = marker.fired(alert.fingerprint, starts)
            fields: dict[str, object] = {"body": moved.into(issue.body)}
        else:
            moved = marker.reopened(alert.fingerprint, starts)
            fields = {"body": moved.into(issue.body), "state": "open", "state_reason": "reopened"}
        _step("update", lambda: self.api.update(issue.number, **fields))
        log.info("issue #%d: %s fired again", issue.number, alert.name)
        return "reopened"

    # -- resolved ----------------------------------------------------------------------------
    def _resolved(self, alert: Alert, issue: Issue | None) -> str:
        if issue is None or issue.marker is None or issue.state != "open":
            return "unchanged"  # nothing open for it: never opened, or already closed
        marker = issue.marker
        recorded = marker.starts_of(alert.fingerprint)
        if recorded is None or alert.fingerprint not in marker.firing:
            return "unchanged"  # not part of this incident, or its resolve already applied
        if alert.starts_at < from_iso(recorded):
            return "unchanged"  # the end of an earlier episode; the issue is about a later one
        ends = alert.ends_at if alert.ends_at is not None else self.clock()
        if marker.firing - {alert.fingerprint}:
            # Others of the incident still fire: only the marker notes it, the issue stays open.
            body = marker.resolve(alert.fingerprint, None).into(issue.body)
            _step("update", lambda: self.api.update(issue.number, body=body))
            log.info("issue #%d: %s resolved, others still fire", issue.number, alert.name)
            return "resolved"
        since = marker.since
        duration = render(max(0.0, ends - from_iso(since)))
        note = COMMENT_MARKER.format(
            event="resolved", fingerprint=marker.fingerprints[0], starts=since
        )
        if len(marker.fingerprints) == 1:
            what = f"{alert.name} fired for {duration}"
        else:
            what = f"the incident's {len(marker.fingerprints)} alerts fired for {duration}"
        text = f"Resolved at {iso(ends)}: {what} (since {since}).\n\n{note}"
        self._comment_once(issue.number, note, text)
        done = marker.resolve(alert.fingerprint, iso(ends))
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


def _names(fingerprint: str) -> Callable[[Issue], bool]:
    return lambda issue: issue.marker is not None and fingerprint in issue.marker.fingerprints


def _of_group(group: str | None) -> Callable[[Issue], bool]:
    return lambda issue: (
        group is not None
        and issue.state == "open"
        and issue.marker is not None
        and issue.marker.group == group
    )


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
