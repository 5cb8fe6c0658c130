"""POST /webhook with hostile input: deliveries without a signature are refused unread,
signed payloads of an unexpected shape are a counted 400 (never a 500), bodies are bounded."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import httpx
import pytest

from exporters.github.webhook import signature
from tests.exporters.conftest import MakeExporter
from tests.exporters.test_github_exporter import value

SECRET = "s"
ISSUE: dict[str, Any] = {
    "action": "closed",
    "issue": {
        "number": 8,
        "state": "closed",
        "created_at": "2027-01-15T06:20:00Z",
        "updated_at": "2027-01-15T08:10:00Z",
        "closed_at": "2027-01-15T08:10:00Z",
        "labels": [{"name": "incident"}],
    },
    "repository": {"full_name": "acme/beta-web"},
}
RUN: dict[str, Any] = {
    "action": "completed",
    "workflow_run": {
        "id": 77,
        "name": "CI",
        "status": "completed",
        "conclusion": "success",
        "created_at": "2027-01-15T07:00:00Z",
        "updated_at": "2027-01-15T07:10:00Z",
    },
    "repository": {"full_name": "acme/alpha-api"},
}


def shaped(base: dict[str, Any], path: tuple[str, ...], new: object) -> bytes:
    payload = json.loads(json.dumps(base))
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return json.dumps(payload).encode()


DEEP = b'{"issue": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
INVALID = {
    "issue is a list": ("issues", shaped(ISSUE, ("issue",), [])),
    "created_at is an integer": ("issues", shaped(ISSUE, ("issue", "created_at"), 1_800_000_000)),
    "created_at is not a time": ("issues", shaped(ISSUE, ("issue", "created_at"), "yesterday")),
    "labels is an object": ("issues", shaped(ISSUE, ("issue", "labels"), {"name": "incident"})),
    "a label is a string": ("issues", shaped(ISSUE, ("issue", "labels"), ["incident"])),
    "repository is a string": ("issues", shaped(ISSUE, ("repository",), "acme/beta-web")),
    "the payload is a list": ("issues", b"[]"),
    "the payload is not JSON": ("issues", b"\xff\xfe not json"),
    "JSON nested 100k deep": ("issues", DEEP),
    "a run id is a list": ("workflow_run", shaped(RUN, ("workflow_run", "id"), [1])),
    "a conclusion is an object": ("workflow_run", shaped(RUN, ("workflow_run", "conclusion"), {})),
    "a job's run id is a string": (
        "workflow_job",
        json.dumps(
            {"workflow_job": {"run_id": "x"}, "repository": {"full_name": "acme/alpha-api"}}
        ).encode(),
    ),
}


def post(
    url: str, event: str, body: bytes, headers: dict[str, str] | None = None
) -> httpx.Response:
    sent = {
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": "d-" + hashlib.sha256(body).hexdigest()[:16],
        "X-Hub-Signature-256": signature(SECRET, body),
        **(headers or {}),
    }
    return httpx.post(url + "/webhook", content=body, headers=sent, timeout=30)


@pytest.mark.parametrize(("event", "body"), INVALID.values(), ids=INVALID.keys())
def test_a_signed_payload_of_an_unexpected_shape_is_a_counted_400(
    make_exporter: MakeExporter, event: str, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    exporter = make_exporter({"GITHUB_WEBHOOK_SECRET": SECRET})
    exporter.refresh_all()
    exporter.server.start()
    try:
        with caplog.at_level(logging.WARNING):
            response = post(exporter.server.url, event, body)
        assert response.status_code == 400 and response.text == "invalid payload\n"
        assert (
            value(exporter, "github_webhook_deliveries_total", event=event, result="invalid") == 1
        )
        assert "Traceback" not in caplog.text and "invalid payload" in caplog.text
        # still applies a good delivery afterwards
        assert post(exporter.server.url, "issues", json.dumps(ISSUE).encode()).status_code == 200
    finally:
        exporter.server.stop()


def test_unsigned_oversized_and_badly_framed_deliveries_are_rejected_and_counted(
    make_exporter: MakeExporter,
) -> None:
    exporter = make_exporter({"GITHUB_WEBHOOK_SECRET": SECRET})
    exporter.server.start()
    url = exporter.server.url
    try:
        big = b"x" * (24 * 1024 * 1024)
        unsigned = httpx.post(url + "/webhook", content=big, headers={"X-GitHub-Event": "issues"})
        assert unsigned.status_code == 401  # answered before the 24 MB were read
        wrong = post(url, "issues", b"{}", {"X-Hub-Signature-256": "sha256=" + "0" * 64})
        assert wrong.status_code == 401
        malformed = post(url, "issues", b"{}", {"X-Hub-Signature-256": "sha1=abc"})
        assert malformed.status_code == 401
        too_big = post(url, "issues", b"x" * (25 * 1024 * 1024 + 1))
        assert too_big.status_code == 413
        assert (
            value(exporter, "github_webhook_deliveries_total", event="issues", result="rejected")
            == 4
        )
    finally:
        exporter.server.stop()
