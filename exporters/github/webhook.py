"""Webhook ingestion: ``POST /webhook`` for ``deployment_status``, ``workflow_run``,
``workflow_job`` and ``issues`` events.

Each delivery is authenticated (``X-Hub-Signature-256``: HMAC-SHA256 of the raw body with the
shared secret, computed as the body streams in and compared in constant time; a delivery
without a well-formed signature is refused before its body is read), de-duplicated by ``X-GitHub-Delivery`` (GitHub
redelivers), applied to the same ledger records polling fills, published at once, and the
source it touched is asked to refresh (to fetch what a payload lacks: commits for lead time,
jobs of a finished run). Polling stays the reconciler: an event seen both ways has one key in
the ledger and is counted once.

``github_webhook_deliveries_total{event, result}``: ``applied``; ``duplicate``; ``ignored`` (an
event, repository, environment or label not watched); ``rejected`` (not authenticated, or
refused before reading: too large, bad framing, busy); ``invalid`` (signed, but not JSON of
the documented shape: 400).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from exporters.github import ledger
from exporters.github.api import (
    TERMINAL_DEPLOYMENT_STATES,
    issue_labels,
    parse_deployment,
    parse_issue,
    parse_run,
    parse_status,
)
from exporters.github.state import GitHubState
from exporters.github.sync import merge_deployment, merge_run
from exporters.toolkit.errors import MalformedResponseError
from exporters.toolkit.server import Answer, BodyVerifier, PostRoute
from exporters.toolkit.settings import Secret

log = logging.getLogger(__name__)

DELIVERIES_KEPT = 10_000  # GitHub redelivers within days; keep ids of that many recent ones
PATH = "/webhook"
SIGNATURE = re.compile(r"sha256=[0-9a-fA-F]{64}")
BAD_SIGNATURE = (401, "bad signature")
# Shapes a signed payload can have that the handlers do not expect (a list where an object
# belongs, a number for a time, nesting deeper than the parser's recursion limit).
INVALID = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)


def signature(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value GitHub sends for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class _Signature:
    """The HMAC of a body as it streams in (``BodyVerifier``)."""

    def __init__(self, receiver: WebhookReceiver, event: str, given: str) -> None:
        self.receiver = receiver
        self.event = event
        self.given = given.lower()
        self.mac = hmac.new(receiver.secret.reveal().encode(), digestmod=hashlib.sha256)

    def update(self, chunk: bytes) -> None:
        self.mac.update(chunk)

    def verify(self) -> Answer | None:
        if hmac.compare_digest("sha256=" + self.mac.hexdigest(), self.given):
            return None
        return self.receiver.reject(self.event)


class WebhookReceiver:
    """Verifies, de-duplicates and applies deliveries. ``refresh(source)`` wakes a poller."""

    def __init__(
        self,
        secret: Secret,
        state: GitHubState,
        incident_label: str,
        refresh: Callable[[str], None] = lambda source: None,
    ) -> None:
        self.secret = secret
        self.state = state
        self.incident_label = incident_label
        self.refresh = refresh
        self._deliveries: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._handlers: dict[str, Callable[[Any], str | None]] = {
            "deployment_status": self._deployment_status,
            "workflow_run": self._workflow_run,
            "workflow_job": self._workflow_job,
            "issues": self._issues,
        }

    def _count(self, event: str, result: str) -> None:
        self.state.count_webhook(event, result)

    def _event(self, headers: Mapping[str, str]) -> str:
        """The ``event`` label: a handled event, ``ping``, or ``other`` (a bounded set)."""
        event = headers.get("x-github-event", "")
        return event if event in self._handlers or event == "ping" else "other"

    def route(self) -> PostRoute:
        """``POST /webhook`` for the server: signature checked while the body streams in."""
        return PostRoute(self.apply, verifier=self.verifier, refused=self.refused)

    def reject(self, event: str) -> Answer:
        self._count(event, "rejected")
        log.warning("webhook delivery with a bad or missing signature rejected")
        return BAD_SIGNATURE

    def verifier(self, headers: Mapping[str, str]) -> BodyVerifier | Answer:
        """Before the body is read: a delivery without a well-formed signature is refused."""
        given = headers.get("x-hub-signature-256", "")
        if not SIGNATURE.fullmatch(given):
            return self.reject(self._event(headers))
        return _Signature(self, self._event(headers), given)

    def refused(self, headers: Mapping[str, str], status: int) -> None:
        """The server refused the delivery before reading it whole (size, framing, busy)."""
        self._count(self._event(headers), "rejected")
        log.warning("webhook delivery refused with HTTP %d before its body was read", status)

    def handle(self, headers: Mapping[str, str], body: bytes) -> tuple[int, str]:
        """Verify and apply a whole body (the server's route verifies as it reads instead)."""
        verifier = self.verifier(headers)
        if isinstance(verifier, tuple):
            return verifier
        verifier.update(body)
        refusal = verifier.verify()
        return refusal if refusal is not None else self.apply(headers, body)

    def apply(self, headers: Mapping[str, str], body: bytes) -> tuple[int, str]:
        """Apply an authenticated delivery."""
        event = headers.get("x-github-event", "")
        event_label = self._event(headers)
        delivery = headers.get("x-github-delivery", "")
        with self._lock:
            if delivery and delivery in self._deliveries:
                self._count(event_label, "duplicate")
                return 200, "duplicate delivery"
        if event not in self._handlers:
            self._count(event_label, "ignored")
            return 202, f"event {event!r} ignored"
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict):
                raise TypeError("the payload is not a JSON object")
            source = self._handlers[event](payload)
        except (*INVALID, MalformedResponseError) as exc:
            self._count(event_label, "invalid")
            reason = str(exc)[:200] if not isinstance(exc, RecursionError) else "nested too deep"
            log.warning("webhook %s %r: invalid payload: %s", event, delivery[:64], reason)
            return 400, "invalid payload"
        with self._lock:
            if delivery:
                self._deliveries[delivery] = None
                while len(self._deliveries) > DELIVERIES_KEPT:
                    self._deliveries.popitem(last=False)
        if source is None:
            self._count(event_label, "ignored")
            return 202, "not a watched repository, environment or label"
        self.state.publish()
        self.refresh(source)
        self._count(event_label, "applied")
        return 200, "applied"

    # -- events ------------------------------------------------------------------------------
    def _ledgers(self, payload: Any) -> list[ledger.RepoLedger]:
        name = payload["repository"]["full_name"]
        if not isinstance(name, str):
            raise TypeError("repository.full_name is not a string")
        return self.state.for_repo(name)

    def _deployment_status(self, payload: Any) -> str | None:
        info = parse_deployment(payload["deployment"], "webhook")
        status = parse_status(payload["deployment_status"], "webhook")
        state, at = status.state, status.created_at
        touched = None
        with self.state.lock:
            for repo_ledger in self._ledgers(payload):
                if repo_ledger.environment != info.environment:
                    continue
                record = ledger.Deployment(info.id, info.sha, info.task, info.created_at)
                if state in TERMINAL_DEPLOYMENT_STATES:
                    record.outcome, record.outcome_at = state, at
                repo_ledger.deployments[info.id] = merge_deployment(
                    repo_ledger.deployments.get(info.id), record
                )
                touched = "dora"
        return touched

    def _workflow_run(self, payload: Any) -> str | None:
        info = parse_run(payload["workflow_run"], "webhook")
        touched = None
        with self.state.lock:
            for repo_ledger in self._ledgers(payload):
                record = copy.copy(info)  # each ledger owns its records
                repo_ledger.runs[info.id] = merge_run(repo_ledger.runs.get(info.id), record)
                touched = "actions"
        return touched

    def _workflow_job(self, payload: Any) -> str | None:
        # Jobs are read with their run once it completes (one request, all jobs); a job event
        # only wakes the poller so in-progress state and durations land within seconds.
        run_id = payload["workflow_job"]["run_id"]
        if not isinstance(run_id, int) or isinstance(run_id, bool):
            raise TypeError("workflow_job.run_id is not an integer")
        ledgers = self._ledgers(payload)
        return "actions" if ledgers and run_id else None

    def _issues(self, payload: Any) -> str | None:
        issue = payload["issue"]
        labels = issue_labels(issue, "webhook")
        if self.incident_label not in labels or "pull_request" in issue:
            return None
        info = parse_issue(issue, "webhook")
        touched = None
        with self.state.lock:
            for repo_ledger in self._ledgers(payload):
                if not self.state.incident_belongs(repo_ledger, info.labels):
                    # another product's (its product: label), or unlabelled in a shared repo
                    repo_ledger.incidents.pop(info.number, None)
                    continue
                repo_ledger.incidents[info.number] = ledger.Incident(
                    info.number, info.created_at, info.closed_at
                )
                touched = "dora"
        return touched
