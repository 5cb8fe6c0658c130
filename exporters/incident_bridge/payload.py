"""Alertmanager's webhook notification (payload version 4), parsed and checked.

The shape is the one documented for ``webhook_config``
(https://prometheus.io/docs/alerting/latest/configuration/#webhook_config): ``version``
``"4"``, ``groupKey``, ``truncatedAlerts``, ``status``, ``receiver``, ``groupLabels``,
``commonLabels``, ``commonAnnotations``, ``externalURL`` and ``alerts``, each alert with
``status``, ``labels``, ``annotations``, ``startsAt``, ``endsAt``, ``generatorURL`` and
``fingerprint`` (Alertmanager's hash of the alert's label set, stable across restarts).
Anything else is a ``PayloadError`` whose message is the 400's reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from exporters.toolkit.errors import ExporterError

VERSION = "4"
FIRING, RESOLVED = "firing", "resolved"
_FINGERPRINT = re.compile(r"[0-9a-f]{1,64}")
_UNSET = "0001-01-01T00:00:00Z"  # Go's zero time: a firing alert's endsAt may be this
_FRACTION = re.compile(r"(\.\d{6})\d+")  # Go writes nanoseconds; Python parses microseconds


class PayloadError(ExporterError):
    """The body is not an Alertmanager version 4 notification; the message says why."""

    reason = "invalid"


@dataclass(frozen=True)
class Alert:
    """One alert of a notification."""

    status: str  # firing | resolved
    labels: Mapping[str, str]
    annotations: Mapping[str, str]
    starts_at: float
    ends_at: float | None  # None while firing without an end
    fingerprint: str
    generator_url: str

    @property
    def name(self) -> str:
        return self.labels.get("alertname", "")


@dataclass(frozen=True)
class Notification:
    group_key: str
    receiver: str
    status: str
    external_url: str
    alerts: tuple[Alert, ...]
    truncated: int


def parse_time(value: Any, where: str) -> float | None:
    """RFC 3339 (Go's, with up to nanoseconds) to Unix seconds; Go's zero time is None."""
    if not isinstance(value, str):
        raise PayloadError(f"{where}: expected an RFC 3339 time")
    if value.startswith("0001-01-01T00:00:00"):
        return None
    text = _FRACTION.sub(r"\1", value.replace("Z", "+00:00"))
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise PayloadError(f"{where}: invalid time {value[:40]!r}") from None
    if when.tzinfo is None:
        raise PayloadError(f"{where}: time without a zone")
    return when.timestamp()


def _strings(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise PayloadError(f"{where}: expected an object of strings")
    return dict(value)


def _string(obj: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise PayloadError(f"{where}.{key}: expected a string")
    return value


def _alert(item: Any, index: int) -> Alert:
    where = f"alerts[{index}]"
    if not isinstance(item, dict):
        raise PayloadError(f"{where}: expected an object")
    status = _string(item, "status", where)
    if status not in (FIRING, RESOLVED):
        raise PayloadError(f"{where}.status: expected firing or resolved, got {status[:20]!r}")
    fingerprint = _string(item, "fingerprint", where)
    if not _FINGERPRINT.fullmatch(fingerprint):
        raise PayloadError(f"{where}.fingerprint: expected lowercase hex")
    starts = parse_time(item.get("startsAt"), f"{where}.startsAt")
    if starts is None:
        raise PayloadError(f"{where}.startsAt: must be set")
    ends = parse_time(item.get("endsAt", _UNSET), f"{where}.endsAt")
    if status == RESOLVED and ends is None:
        raise PayloadError(f"{where}.endsAt: a resolved alert must have an end")
    return Alert(
        status=status,
        labels=_strings(item.get("labels"), f"{where}.labels"),
        annotations=_strings(item.get("annotations", {}), f"{where}.annotations"),
        starts_at=starts,
        ends_at=ends if status == RESOLVED else None,
        fingerprint=fingerprint,
        generator_url=_string(item, "generatorURL", where, required=False),
    )


def parse(body: bytes) -> Notification:
    """The notification in ``body``. Raises ``PayloadError`` with the reason."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise PayloadError("the body is not JSON") from None
    if not isinstance(data, dict):
        raise PayloadError("expected a JSON object")
    version = data.get("version")
    if version != VERSION:
        raise PayloadError(f"version: expected {VERSION!r}, got {str(version)[:20]!r}")
    alerts = data.get("alerts")
    if not isinstance(alerts, list):
        raise PayloadError("alerts: expected a list")
    truncated = data.get("truncatedAlerts", 0)
    if isinstance(truncated, bool) or not isinstance(truncated, int):
        raise PayloadError("truncatedAlerts: expected an integer")
    status = _string(data, "status", "notification")
    if status not in (FIRING, RESOLVED):
        raise PayloadError("status: expected firing or resolved")
    return Notification(
        group_key=_string(data, "groupKey", "notification"),
        receiver=_string(data, "receiver", "notification"),
        status=status,
        external_url=_string(data, "externalURL", "notification", required=False),
        alerts=tuple(_alert(item, i) for i, item in enumerate(alerts)),
        truncated=truncated,
    )
