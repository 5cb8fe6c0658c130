"""Publish dashboards to Grafana through grafana-client, idempotently by uid.

``Publisher.plan`` reads what Grafana has (the folder, each dashboard by uid, the folder's
dashboards by search) and says, per dashboard, what publishing would change; ``apply`` creates
the folder if needed and saves only the changed dashboards, each with the version Grafana
returned, so a concurrent edit fails with 412 instead of being overwritten, and Grafana keeps
its version history (one new version per real change, none for an unchanged dashboard).

The token goes only to the configured origin: a redirect is an error, never followed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from grafana_client.api import GrafanaApi
from grafana_client.client import GrafanaClientError, GrafanaException

from publisher import diff
from publisher.errors import InputError, PublishError

TIMEOUT = 10.0  # seconds per request
MESSAGE = "Published by portfolio-observability (python -m publisher)"
DEFAULT_FOLDER = "Portfolio"
UID_MAX = 40  # Grafana's limit for dashboard and folder uids


@dataclass(frozen=True)
class Change:
    """What publishing one dashboard does: nothing, create it, or update it."""

    uid: str
    title: str
    lines: Sequence[str]  # the semantic diff; empty when unchanged
    live: Mapping[str, Any] | None  # Grafana's dashboard, None when it is new
    version: int | None  # Grafana's version of it, sent back for optimistic locking
    moved: bool = False  # in another folder today

    @property
    def changed(self) -> bool:
        return bool(self.lines) or self.moved


@dataclass(frozen=True)
class Plan:
    folder_uid: str
    folder_title: str
    create_folder: bool
    changes: Sequence[Change]
    unmanaged: Sequence[str] = field(default_factory=tuple)  # in the folder, not generated

    @property
    def changed(self) -> bool:
        return self.create_folder or any(change.changed for change in self.changes)


def folder_uid(title: str) -> str:
    """A stable folder uid from its title (``Portfolio`` -> ``portfolio``)."""
    uid = re.sub(r"[^a-z0-9-]+", "-", title.lower()).strip("-")[:UID_MAX]
    if not uid:
        raise InputError(f"folder title {title!r} gives no uid")
    return uid


def check_url(url: str) -> str:
    """The Grafana origin: http(s), a host, no credentials, query or fragment."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"--url must be an http(s) URL with a host, got {url!r}")
    if parts.username or parts.password:
        raise InputError("--url must not carry credentials; give the token in GRAFANA_TOKEN")
    if parts.query or parts.fragment:
        raise InputError("--url must not have a query or fragment")
    return url.rstrip("/")


def load_dashboards(folder: Path) -> list[dict[str, Any]]:
    """The generated dashboards (``*.json``), sorted by file name."""
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError(f"{folder}: no dashboard files (*.json); run `make generate`")
    boards = []
    for path in files:
        try:
            board = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: not a dashboard: {exc}") from exc
        if not isinstance(board, dict) or not board.get("uid") or not board.get("title"):
            raise InputError(f"{path}: a dashboard needs a uid and a title")
        boards.append(board)
    return boards


def _refuse_redirects(response: Any, *args: Any, **kwargs: Any) -> None:
    if 300 <= response.status_code < 400:
        target = response.headers.get("Location", "?")
        raise PublishError(
            f"Grafana answered {response.status_code} redirecting to {target}: refused, "
            "the token is sent only to the configured URL"
        )


def client(url: str, token: str) -> Any:
    """A grafana-client API for ``url`` with the service-account token as a Bearer header."""
    api: Any = GrafanaApi.from_url(check_url(url), credential=token, timeout=TIMEOUT)
    api.client.s.hooks["response"].append(_refuse_redirects)
    return api


def _explain(what: str, exc: GrafanaException) -> PublishError:
    status = exc.status_code
    reason = {
        401: "the token was rejected (401): check GRAFANA_TOKEN",
        403: "the token lacks permission (403): the service account needs the Editor role or "
        "dashboards:write and folders:create",
        412: "Grafana's copy changed while publishing (412); run again to diff against it",
    }.get(status, f"{status}: {exc.message}")
    return PublishError(f"{what}: {reason}")


def _call(what: str, request: Callable[[], Any]) -> Any:
    try:
        return request()
    except GrafanaException as exc:
        raise _explain(what, exc) from None
    except PublishError:
        raise
    except Exception as exc:  # network errors from the HTTP library
        raise PublishError(f"{what}: {type(exc).__name__}: {exc}") from None


def _get_or_none(what: str, request: Callable[[], Any]) -> Any:
    try:
        return request()
    except GrafanaClientError as exc:
        if exc.status_code == 404:
            return None
        raise _explain(what, exc) from None
    except GrafanaException as exc:
        raise _explain(what, exc) from None
    except PublishError:
        raise
    except Exception as exc:
        raise PublishError(f"{what}: {type(exc).__name__}: {exc}") from None


def _saver(api: Any, payload: Mapping[str, Any]) -> Callable[[], Any]:
    def save() -> Any:
        return api.dashboard.update_dashboard(dict(payload))

    return save


class Publisher:
    """One Grafana, one folder (``folder_title``), the dashboards to publish there."""

    def __init__(self, api: Any, folder_title: str = DEFAULT_FOLDER) -> None:
        self.api = api
        self.folder_title = folder_title
        self.folder_uid = folder_uid(folder_title)

    def plan(self, dashboards: Sequence[Mapping[str, Any]]) -> Plan:
        folder = _get_or_none(
            f"folder '{self.folder_title}'", lambda: self.api.folder.get_folder(self.folder_uid)
        )
        changes = [self._change(board) for board in dashboards]
        unmanaged: list[str] = []
        if folder is not None:
            found = _call(
                f"search folder '{self.folder_title}'",
                lambda: self.api.search.search_dashboards(
                    type_="dash-db", folder_uids=[self.folder_uid], limit=5000
                ),
            )
            ours = {board["uid"] for board in dashboards}
            unmanaged = sorted(hit["uid"] for hit in found if hit.get("uid") not in ours)
        return Plan(self.folder_uid, self.folder_title, folder is None, changes, unmanaged)

    def _change(self, board: Mapping[str, Any]) -> Change:
        uid = str(board["uid"])
        what = f"dashboard '{board['title']}' ({uid})"
        found = _get_or_none(what, lambda: self.api.dashboard.get_dashboard(uid))
        if found is None:
            return Change(uid, str(board["title"]), diff.changes(None, board), None, None)
        live = found["dashboard"]
        moved = found.get("meta", {}).get("folderUid") != self.folder_uid
        lines = diff.changes(live, board)
        version = live.get("version")
        return Change(uid, str(board["title"]), lines, live, version, moved=moved)

    def apply(self, plan: Plan, dashboards: Sequence[Mapping[str, Any]]) -> list[str]:
        """Create the folder if needed and save the changed dashboards; what was done."""
        done = []
        if plan.create_folder:
            _call(
                f"create folder '{plan.folder_title}'",
                lambda: self.api.folder.create_folder(plan.folder_title, uid=plan.folder_uid),
            )
            done.append(f"created folder '{plan.folder_title}' ({plan.folder_uid})")
        by_uid = {board["uid"]: board for board in dashboards}
        for change in plan.changes:
            if not change.changed:
                continue
            body = dict(by_uid[change.uid])
            body["id"] = change.live.get("id") if change.live else None
            if change.version is not None:
                body["version"] = change.version
            else:
                body.pop("version", None)
            payload = {
                "dashboard": body,
                "folderUid": plan.folder_uid,
                "overwrite": False,
                "message": MESSAGE,
            }
            saved = _call(
                f"save dashboard '{change.title}' ({change.uid})",
                _saver(self.api, payload),
            )
            verb = "created" if change.live is None else "updated"
            done.append(f"{verb} {change.uid} (version {saved.get('version')})")
        return done
