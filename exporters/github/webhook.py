"""Webhook ingestion: ``POST /webhook`` for ``deployment_status``, ``workflow_run``,
``workflow_job`` and ``issues`` events.

Each delivery is authenticated (``X-Hub-Signature-256``: HMAC-SHA256 of the raw body with the
shared secret, compared in constant time), de-duplicated by ``X-GitHub-Delivery`` (GitHub
redelivers), applied to the same ledger records polling fills, published at once, and the
source it touched is asked to refresh (to fetch what a payload lacks: commits for lead time,
jobs of a finished run). Polling stays the reconciler: an event seen both ways has one key in
the ledger and is counted once.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from exporters.github import ledger
from exporters.github.api import (
    TERMINAL_DEPLOYMENT_STATES,
    parse_deployment,
    parse_issue,
    parse_run,
    ts,
)
from exporters.github.state import GitHubState
from exporters.github.sync import merge_deployment, merge_run
from exporters.toolkit.errors import MalformedResponseError
from exporters.toolkit.settings import Secret

log = logging.getLogger(__name__)

DELIVERIES_KEPT = 10_000  # GitHub redelivers within days; keep ids of that many recent ones
PATH = "/webhook"


def signature(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value GitHub sends for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


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

    def handle(self, headers: Mapping[str, str], body: bytes) -> tuple[int, str]:
        event = headers.get("x-github-event", "")
        event_label = event if event in self._handlers or event == "ping" else "other"
        given = headers.get("x-hub-signature-256", "")
        if not hmac.compare_digest(signature(self.secret.reveal(), body), given):
            self._count(event_label, "rejected")
            log.warning("webhook delivery with a bad or missing signature rejected")
            return 401, "bad signature"
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
            source = self._handlers[event](payload)
        except (ValueError, KeyError, TypeError, MalformedResponseError) as exc:
            self._count(event_label, "rejected")
            log.warning("webhook %s %s: malformed payload: %s", event, delivery, exc)
            return 400, "malformed payload"
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
        return self.state.for_repo(str(payload["repository"]["full_name"]))

    def _deployment_status(self, payload: Any) -> str | None:
        info = parse_deployment(payload["deployment"], "webhook")
        status = payload["deployment_status"]
        state, at = str(status["state"]), ts(status["created_at"])
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
        run_id = int(payload["workflow_job"]["run_id"])
        ledgers = self._ledgers(payload)
        return "actions" if ledgers and run_id else None

    def _issues(self, payload: Any) -> str | None:
        issue = payload["issue"]
        labels = {str(label["name"]) for label in issue.get("labels", [])}
        if self.incident_label not in labels or "pull_request" in issue:
            return None
        info = parse_issue(issue, "webhook")
        touched = None
        with self.state.lock:
            for repo_ledger in self._ledgers(payload):
                repo_ledger.incidents[info.number] = ledger.Incident(
                    info.number, info.created_at, info.closed_at
                )
                touched = "dora"
        return touched
