"""What every exporter's tests read back and break alike: the samples a built exporter serves,
and the fault matrix's shared half (the transport faults every fake serves the same way, and
what a failed refresh must leave behind: its source down, the failure counted with its reason,
the request counted by status class, one log line without the secret)."""

from __future__ import annotations

import logging
from typing import Any, Protocol

import httpx
import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from exporters.toolkit.kit import Runtime

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
# Faults served alike by every fake (their ``fail``): a 5xx after the retries, a body that
# is not JSON, an answer slower than the client's timeout.
TRANSPORT_FAULTS = ("server_error", "malformed", "timeout")


def samples(runtime: Runtime) -> Samples:
    """Every sample ``runtime`` exposes, keyed by name and labels."""
    out: Samples = {}
    for family in text_string_to_metric_families(generate_latest(runtime.registry).decode()):
        for sample in family.samples:
            out[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return out


def value(runtime: Runtime, name: str, **labels: str) -> float | None:
    return samples(runtime).get((name, frozenset(labels.items())))


class Failing(Protocol):
    """A fake vendor API that can be told to fail its next ``count`` requests."""

    def fail(self, kind: str, count: int = 1, **options: Any) -> None: ...


def inject_transport_fault(fake: Failing, runtime: Runtime, fault: str) -> None:
    if fault == "server_error":
        fake.fail("status", count=50, status=503)
    elif fault == "malformed":
        fake.fail("malformed", count=50)
    elif fault == "timeout":
        runtime.client.client.timeout = httpx.Timeout(0.3)
        fake.fail("slow", count=50, delay=0.6)
    else:
        raise ValueError(f"not a transport fault: {fault}")


def heal_transport(runtime: Runtime) -> None:
    runtime.client.client.timeout = httpx.Timeout(5.0)


def assert_refresh_failed(
    runtime: Runtime,
    caplog: pytest.LogCaptureFixture,
    *,
    exporter: str,
    source: str,
    reason: str,
    status_class: str,
    secrets: tuple[str, ...],
) -> str:
    """The refresh of ``source`` has just failed: ``<exporter>_up`` 0, one failure with
    ``reason``, a request counted under ``status_class``; returns its one log line, which
    names none of ``secrets``."""
    assert value(runtime, f"{exporter}_up", source=source) == 0
    failures = value(runtime, f"{exporter}_refresh_failures_total", source=source, reason=reason)
    assert failures == 1
    by_class = [
        v
        for (name, labels), v in samples(runtime).items()
        if name == f"{exporter}_upstream_requests_total"
        and dict(labels)["status_class"] == status_class
    ]
    assert sum(by_class) >= 1
    (line,) = [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.WARNING and f"refresh of {source}" in r.getMessage()
    ]
    for secret in secrets:
        assert secret not in line
    return line


def assert_serving_asks_upstream_nothing(runtime: Runtime, requests: list[Any]) -> None:
    """Before any refresh, ``/metrics`` answers and ``/readyz`` says not ready (503), and the
    fake's request log ``requests`` stays empty: registering and scraping never call upstream."""
    runtime.server.start()
    try:
        assert httpx.get(runtime.server.url + "/metrics").status_code == 200
        assert httpx.get(runtime.server.url + "/readyz").status_code == 503
        assert requests == []
    finally:
        runtime.server.stop()
