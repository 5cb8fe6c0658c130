"""Fake PagerDuty and Slack endpoints and a real SMTP server, on loopback, for the end-to-end test.

- ``FakePagerDuty``: the PagerDuty Events API v2, ``POST /v2/enqueue``
  (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ and
  https://developer.pagerduty.com/api-reference/368ae3d938c9e-send-an-event-to-pager-duty):
  a JSON event with ``routing_key`` (the integration key, 32 characters), ``event_action``
  (``trigger``, ``acknowledge`` or ``resolve``), ``dedup_key`` (at most 255 characters; required
  for acknowledge and resolve) and, for a trigger, ``payload`` with ``summary``, ``source`` and
  ``severity`` (``critical``, ``error``, ``warning`` or ``info``). A valid event is answered
  202 ``{"status": "success", "message": "Event processed", "dedup_key": ...}``, an invalid one
  400 ``{"status": "invalid event", "message": "Event object is invalid", "errors": [...]}``.
- ``FakeSlack``: a Slack incoming webhook (https://api.slack.com/messaging/webhooks): a JSON
  message posted to the webhook's URL, answered 200 ``ok`` (text/plain); a body that is not a
  message is 400 ``invalid_payload``, another path 404 ``no_service``.
- ``smtp_server``: aiosmtpd's SMTP server, which keeps every message it receives.
- ``HealthEndpoint``: the health endpoint of a product, whose status and delay the test sets.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from fakes.base import FakeAPI
from stack_runner.ports import free_port

PD_ACTIONS = ("trigger", "acknowledge", "resolve")
PD_SEVERITIES = ("critical", "error", "warning", "info")


@dataclass
class Delivery:
    body: Any
    at: float = field(default_factory=time.monotonic)  # when it arrived


def _read_json(h: BaseHTTPRequestHandler) -> Any:
    raw = h.rfile.read(int(h.headers.get("Content-Length") or 0))
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _answer(h: BaseHTTPRequestHandler, status: int, body: bytes, kind: str) -> None:
    h.send_response(status)
    h.send_header("Content-Type", kind)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def pagerduty_errors(event: Any) -> list[str]:
    """Why PagerDuty would refuse ``event`` (empty: it accepts it)."""
    if not isinstance(event, dict):
        return ["Event object is not JSON"]
    errors = []
    if not isinstance(event.get("routing_key"), str) or len(event["routing_key"]) != 32:
        errors.append("'routing_key' must be a 32 character integration key")
    action = event.get("event_action")
    if action not in PD_ACTIONS:
        errors.append("'event_action' is invalid (must be one of trigger, acknowledge, resolve)")
    dedup = event.get("dedup_key")
    if dedup is not None and (not isinstance(dedup, str) or len(dedup) > 255):
        errors.append("'dedup_key' must be a string of at most 255 characters")
    if action in ("acknowledge", "resolve") and not dedup:
        errors.append("'dedup_key' is required for acknowledge and resolve")
    if action == "trigger":
        payload = event.get("payload")
        if not isinstance(payload, dict):
            errors.append("'payload' is missing")
        else:
            for key in ("summary", "source"):
                if not isinstance(payload.get(key), str) or not payload[key]:
                    errors.append(f"'payload.{key}' is missing or blank")
            if payload.get("severity") not in PD_SEVERITIES:
                errors.append("'payload.severity' is invalid")
    return errors


class FakePagerDuty(FakeAPI):
    """``POST /v2/enqueue`` as the Events API v2 answers it; ``events`` keeps the valid ones."""

    def __init__(self) -> None:
        self.events: list[Delivery] = []
        self.refused: list[Any] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                event = _read_json(self)
                if self.path != "/v2/enqueue":
                    _answer(self, 404, b'{"status":"not found"}', "application/json")
                    return
                errors = pagerduty_errors(event)
                if errors:
                    with fake.lock:
                        fake.refused.append(event)
                    body = {
                        "status": "invalid event",
                        "message": "Event object is invalid",
                        "errors": errors,
                    }
                    _answer(self, 400, json.dumps(body).encode(), "application/json")
                    return
                with fake.lock:
                    fake.events.append(Delivery(event))
                answer = {
                    "status": "success",
                    "message": "Event processed",
                    "dedup_key": event.get("dedup_key") or "generated",
                }
                _answer(self, 202, json.dumps(answer).encode(), "application/json")

            def log_message(self, format: str, *args: object) -> None:
                return

        super().__init__(Handler)

    def received(self) -> list[Delivery]:
        with self.lock:
            return list(self.events)


class FakeSlack(FakeAPI):
    """An incoming webhook at ``path``; ``messages`` keeps what was posted."""

    def __init__(self, path: str = "/services/T000/B000/XXXX") -> None:
        self.path = path
        self.messages: list[Delivery] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                message = _read_json(self)
                if self.path != fake.path:
                    _answer(self, 404, b"no_service", "text/plain")
                    return
                if not isinstance(message, dict) or not (
                    message.get("text") or message.get("attachments") or message.get("blocks")
                ):
                    _answer(self, 400, b"invalid_payload", "text/plain")
                    return
                with fake.lock:
                    fake.messages.append(Delivery(message))
                _answer(self, 200, b"ok", "text/plain")

            def log_message(self, format: str, *args: object) -> None:
                return

        super().__init__(Handler)

    @property
    def webhook_url(self) -> str:
        return self.url + self.path

    def received(self) -> list[Delivery]:
        with self.lock:
            return list(self.messages)


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    message: EmailMessage
    at: float = field(default_factory=time.monotonic)

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")


class _Keep:
    """aiosmtpd handler: accept every message and keep it."""

    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.mails.append(
                Mail(str(envelope.mail_from), [str(r) for r in envelope.rcpt_tos], message)
            )
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    address: str  # host:port, Alertmanager's smarthost
    handler: _Keep

    def received(self) -> list[Mail]:
        with self.handler.lock:
            return list(self.handler.mails)


@contextlib.contextmanager
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 with a free port, no TLS, no auth."""
    handler = _Keep()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(f"127.0.0.1:{port}", handler)
    finally:
        controller.stop()


class HealthEndpoint(FakeAPI):
    """``GET /health`` answered with ``status`` after ``delay`` seconds."""

    def __init__(self) -> None:
        self.status = 200
        self.delay = 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if fake.delay:
                    time.sleep(fake.delay)
                _answer(self, fake.status, b'{"status": "ok"}', "application/json")

            def log_message(self, format: str, *args: object) -> None:
                return

        super().__init__(Handler)
