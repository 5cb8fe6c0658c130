"""A fake Grafana HTTP API on requests-mock, with the state a publish changes.

grafana-client 5 speaks niquests, not requests, so ``Bridge`` mounts a ``requests_mock.Adapter``
on its session: requests-mock matches and records the requests, the bridge hands niquests a
niquests response. Bodies and errors follow Grafana's documented HTTP API (the pages are cited
in ``test_publisher.py``).
"""

from __future__ import annotations

import copy
import re
from typing import Any

import niquests
import niquests.adapters
import requests_mock
from niquests.structures import CaseInsensitiveDict

BASE = "http://127.0.0.1:3000"
JSON = {"Content-Type": "application/json"}


class Bridge(niquests.adapters.BaseAdapter):
    """niquests adapter answering from a requests-mock ``Adapter``."""

    def __init__(self, mock: requests_mock.Adapter) -> None:
        super().__init__()
        self.mock = mock

    def send(self, request: Any, **kwargs: Any) -> niquests.Response:  # type: ignore[override]
        answer = self.mock.send(request, **kwargs)
        response = niquests.Response()
        response.status_code = answer.status_code
        response.headers = CaseInsensitiveDict(answer.headers)
        response._content = answer.content
        response.url = answer.url
        response.reason = answer.reason
        response.encoding = answer.encoding
        response.request = request
        response.raw = answer.raw
        return response

    def close(self) -> None:
        pass


class FakeGrafana:
    """Folders and dashboards by uid; ``fail[(method, path regex)] = (status, body)``."""

    def __init__(self) -> None:
        self.adapter = requests_mock.Adapter()
        self.folders: dict[str, dict[str, Any]] = {}
        self.dashboards: dict[str, dict[str, Any]] = {}  # uid -> {"dashboard", "meta"}
        self.fail: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        self.next_id = 1
        self.adapter.add_matcher(self._answer)

    def requests(self, method: str | None = None) -> list[Any]:
        return [r for r in self.adapter.request_history if method in (None, r.method)]

    def _respond(self, request: Any, status: int, body: Any) -> Any:
        return requests_mock.create_response(request, status_code=status, json=body, headers=JSON)

    def _answer(self, request: Any) -> Any:
        path = request.path
        for (method, pattern), (status, body) in self.fail.items():
            if request.method == method and re.fullmatch(pattern, path):
                return self._respond(request, status, body)
        if not request.url.startswith(BASE + "/api/"):
            return None
        if request.method == "GET" and (m := re.fullmatch(r"/api/folders/([^/]+)", path)):
            folder = self.folders.get(m.group(1))
            if folder is None:
                return self._respond(
                    request, 404, {"message": "folder not found", "status": "not-found"}
                )
            return self._respond(request, 200, folder)
        if request.method == "POST" and path == "/api/folders":
            body = request.json()
            folder = {
                "id": self._id(),
                "uid": body["uid"],
                "title": body["title"],
                "url": f"/dashboards/f/{body['uid']}/",
                "hasAcl": False,
                "canSave": True,
                "canEdit": True,
                "canAdmin": True,
                "version": 1,
            }
            self.folders[body["uid"]] = folder
            return self._respond(request, 200, folder)
        if request.method == "GET" and path == "/api/search":
            wanted = request.qs.get("folderuids", [])
            hits = [
                {
                    "id": saved["dashboard"]["id"],
                    "uid": uid,
                    "title": saved["dashboard"]["title"],
                    "uri": f"db/{uid}",
                    "url": saved["meta"]["url"],
                    "type": "dash-db",
                    "tags": saved["dashboard"].get("tags", []),
                    "isStarred": False,
                    "folderUid": saved["meta"]["folderUid"],
                }
                for uid, saved in sorted(self.dashboards.items())
                if not wanted or saved["meta"]["folderUid"].lower() in wanted
            ]
            return self._respond(request, 200, hits)
        if request.method == "GET" and (m := re.fullmatch(r"/api/dashboards/uid/([^/]+)", path)):
            saved = self.dashboards.get(m.group(1))
            if saved is None:
                return self._respond(request, 404, {"message": "Dashboard not found"})
            return self._respond(request, 200, copy.deepcopy(saved))
        if request.method == "POST" and path == "/api/dashboards/db":
            return self._save(request)
        return self._respond(request, 404, {"message": "Not found"})

    def _save(self, request: Any) -> Any:
        body = request.json()
        board = body["dashboard"]
        uid = board["uid"]
        saved = self.dashboards.get(uid)
        stale = saved is not None and board.get("version") != saved["dashboard"]["version"]
        if stale and not body.get("overwrite"):
            return self._respond(
                request,
                412,
                {
                    "message": "The dashboard has been changed by someone else",
                    "status": "version-mismatch",
                },
            )
        if saved is None and board.get("id") is not None:
            return self._respond(request, 404, {"message": "Dashboard not found"})
        version = saved["dashboard"]["version"] + 1 if saved else 1
        stored = {
            **board,
            "id": saved["dashboard"]["id"] if saved else self._id(),
            "version": version,
        }
        meta = {
            "isStarred": False,
            "url": f"/d/{uid}/{uid}",
            "folderUid": body.get("folderUid", ""),
            "slug": uid,
            "version": version,
        }
        self.dashboards[uid] = {"dashboard": stored, "meta": meta}
        answer = {
            "id": stored["id"],
            "uid": uid,
            "url": meta["url"],
            "status": "success",
            "version": version,
            "slug": uid,
        }
        return self._respond(request, 200, answer)

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1
