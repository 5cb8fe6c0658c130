"""``python -m publisher`` against a fake Grafana (requests-mock, loopback URL, no network).

Responses follow Grafana's documented HTTP API:

- Dashboard API, https://grafana.com/docs/grafana/latest/developers/http_api/dashboard/ :
  ``GET /api/dashboards/uid/:uid`` -> ``{"dashboard": {...}, "meta": {"folderUid", "url", ...}}``
  or 404 ``{"message": "Dashboard not found"}``; ``POST /api/dashboards/db`` with
  ``{"dashboard", "folderUid", "overwrite", "message"}`` -> ``{"id", "uid", "url", "status":
  "success", "version", "slug"}``, 412 ``{"message": ..., "status": "version-mismatch"}``
  when ``dashboard.version`` is not Grafana's, 401 and 403.
- Folder API, https://grafana.com/docs/grafana/latest/developers/http_api/folder/ :
  ``GET /api/folders/:uid`` (404 when missing), ``POST /api/folders`` ``{"uid", "title"}``.
- Folder/dashboard search, https://grafana.com/docs/grafana/latest/developers/http_api/folder_dashboard_search/ :
  ``GET /api/search?type=dash-db&folderUIDs=...`` -> hits with ``uid``, ``title``, ``folderUid``.
- Authentication, https://grafana.com/docs/grafana/latest/developers/http_api/authentication/ :
  a service-account token as ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generators import dashboards
from portfolio.config.model import Portfolio
from publisher import __main__ as cli
from publisher import diff, grafana
from tests.publisher.fake_grafana import BASE, Bridge, FakeGrafana

TOKEN = "glsa_test_0123456789abcdef"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGrafana]:
    server = FakeGrafana()
    real = grafana.client

    def client(url: str, token: str) -> Any:
        api = real(url, token)
        api.client.s.mount("http://", Bridge(server.adapter))
        api.client.s.mount("https://", Bridge(server.adapter))
        return api

    monkeypatch.setattr(grafana, "client", client)
    yield server


@pytest.fixture(scope="module")
def boards(example_portfolio: Portfolio, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dashboards")
    for path, document in dashboards.documents(example_portfolio).items():
        (folder / Path(path).name).write_text(json.dumps(document))
    return folder


def publish(boards: Path, *extra: str, env: dict[str, str] | None = None) -> int:
    argv = ["--url", BASE, "--dashboards", str(boards), *extra]
    return cli.run(argv, {"GRAFANA_TOKEN": TOKEN} if env is None else env)


def test_the_first_publish_creates_the_folder_and_every_dashboard(
    fake: FakeGrafana, boards: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert publish(boards) == cli.EXIT_OK
    assert list(fake.folders) == ["portfolio"]
    assert sorted(fake.dashboards) == sorted(p.stem for p in boards.glob("*.json"))
    saves = [r.json() for r in fake.requests("POST") if r.path == "/api/dashboards/db"]
    assert {s["folderUid"] for s in saves} == {"portfolio"}
    assert all(s["overwrite"] is False and s["dashboard"]["id"] is None for s in saves)
    assert all("version" not in s["dashboard"] for s in saves)
    assert {r.headers["Authorization"] for r in fake.requests()} == {f"Bearer {TOKEN}"}
    assert all(TOKEN not in r.url for r in fake.requests())
    assert TOKEN not in caplog.text


def test_publishing_again_changes_nothing_and_keeps_the_version_history(
    fake: FakeGrafana, boards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert publish(boards) == cli.EXIT_OK
    versions = {uid: saved["dashboard"]["version"] for uid, saved in fake.dashboards.items()}
    posts = len(fake.requests("POST"))
    assert publish(boards) == cli.EXIT_OK
    assert len(fake.requests("POST")) == posts
    assert publish(boards, "--dry-run") == cli.EXIT_OK
    assert {u: s["dashboard"]["version"] for u, s in fake.dashboards.items()} == versions
    out = capsys.readouterr().out
    assert all(line.endswith(": unchanged") for line in out.splitlines()), out


def test_a_dry_run_prints_the_semantic_diff_and_uploads_nothing(
    fake: FakeGrafana, boards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert publish(boards) == cli.EXIT_OK
    live = fake.dashboards["portfolio-overview"]["dashboard"]
    target = next(p for p in live["panels"] if p.get("targets"))
    target["targets"][0]["expr"] = "up"
    live["panels"] = [p for p in live["panels"] if p["title"] != "Products"]
    posts = len(fake.requests("POST"))
    capsys.readouterr()
    assert publish(boards, "--dry-run") == cli.EXIT_CHANGES
    out = capsys.readouterr().out
    assert f"panel '{target['title']}': query A changed: up -> " in out
    assert "panel 'Products' added" in out
    assert "portfolio-dora: unchanged" in out
    assert len(fake.requests("POST")) == posts


def test_a_changed_dashboard_is_saved_with_grafanas_version(
    fake: FakeGrafana, boards: Path
) -> None:
    assert publish(boards) == cli.EXIT_OK
    fake.dashboards["portfolio-slo"]["dashboard"]["title"] = "Edited by hand"
    fake.dashboards["portfolio-slo"]["dashboard"]["version"] = 4
    assert publish(boards) == cli.EXIT_OK
    save = [r.json() for r in fake.requests("POST") if r.path == "/api/dashboards/db"][-1]
    assert save["dashboard"]["uid"] == "portfolio-slo"
    assert save["dashboard"]["version"] == 4
    assert save["overwrite"] is False
    assert fake.dashboards["portfolio-slo"]["dashboard"]["version"] == 5


def test_the_dry_run_on_an_empty_grafana_lists_the_folder_and_new_dashboards(
    fake: FakeGrafana, boards: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert publish(boards, "--dry-run") == cli.EXIT_CHANGES
    out = capsys.readouterr().out
    assert "folder 'Portfolio' (portfolio): would be created" in out
    assert out.count("new dashboard") == len(list(boards.glob("*.json")))
    assert fake.requests("POST") == []


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (401, {"message": "Invalid API key"}, "token was rejected (401)"),
        (403, {"message": "Access denied to save dashboard"}, "lacks permission (403)"),
        (
            412,
            {
                "message": "The dashboard has been changed by someone else",
                "status": "version-mismatch",
            },
            "changed while publishing (412)",
        ),
        (500, {"message": "Internal Server Error"}, "500: Server Error 500"),
    ],
    ids=[
        "401 is an error",
        "403 is an error",
        "412 version mismatch is an error",
        "500 is an error",
    ],
)
def test_grafana_errors_exit_1_with_the_reason(
    fake: FakeGrafana,
    boards: Path,
    caplog: pytest.LogCaptureFixture,
    status: int,
    body: dict[str, Any],
    expected: str,
) -> None:
    fake.fail[("POST", "/api/dashboards/db")] = (status, body)
    assert publish(boards) == cli.EXIT_ERROR
    assert expected in caplog.text
    assert TOKEN not in caplog.text


def test_a_rejected_token_fails_before_anything_is_written(
    fake: FakeGrafana, boards: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail[("GET", "/api/folders/.*")] = (401, {"message": "Unauthorized"})
    assert publish(boards, "--dry-run") == cli.EXIT_ERROR
    assert "folder 'Portfolio': the token was rejected (401)" in caplog.text
    assert fake.requests("POST") == []


def test_a_redirect_is_refused_and_the_token_never_leaves_the_origin(
    fake: FakeGrafana, boards: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.adapter.register_uri(
        "GET",
        f"{BASE}/api/folders/portfolio",
        status_code=302,
        headers={"Location": "http://127.0.0.2:3000/api/folders/portfolio"},
    )
    assert publish(boards) == cli.EXIT_ERROR
    assert "redirecting to http://127.0.0.2:3000" in caplog.text
    assert all(r.url.startswith(BASE) for r in fake.requests())


def test_the_token_may_come_from_a_file(fake: FakeGrafana, boards: Path, tmp_path: Path) -> None:
    (tmp_path / "token").write_text(TOKEN + "\n")
    assert publish(boards, env={"GRAFANA_TOKEN_FILE": str(tmp_path / "token")}) == cli.EXIT_OK
    assert {r.headers["Authorization"] for r in fake.requests()} == {f"Bearer {TOKEN}"}


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["--url", BASE], {}, "no token"),
        (["--url", BASE], {"GRAFANA_TOKEN": TOKEN, "GRAFANA_TOKEN_FILE": "/x"}, "not both"),
        (["--url", BASE], {"GRAFANA_TOKEN_FILE": "/nonexistent/token"}, "cannot read"),
        (["--url", "http://admin:pw@127.0.0.1:3000"], {"GRAFANA_TOKEN": TOKEN}, "credentials"),
        (["--url", f"{BASE}/?token=x"], {"GRAFANA_TOKEN": TOKEN}, "query"),
        (["--url", "ftp://127.0.0.1"], {"GRAFANA_TOKEN": TOKEN}, "http(s) URL"),
        ([], {"GRAFANA_TOKEN": TOKEN}, "no Grafana URL"),
    ],
    ids=[
        "no token is bad input",
        "a token and a token file is bad input",
        "an unreadable token file is bad input",
        "credentials in the URL are bad input",
        "a query in the URL is bad input",
        "a non-HTTP URL is bad input",
        "no URL is bad input",
    ],
)
def test_bad_input_exits_2(
    fake: FakeGrafana,
    boards: Path,
    caplog: pytest.LogCaptureFixture,
    argv: list[str],
    env: dict[str, str],
    expected: str,
) -> None:
    assert cli.run([*argv, "--dashboards", str(boards)], env) == cli.EXIT_INPUT
    assert expected in caplog.text
    assert fake.requests() == []


def test_a_folder_without_dashboards_is_bad_input(fake: FakeGrafana, tmp_path: Path) -> None:
    assert publish(tmp_path) == cli.EXIT_INPUT
    (tmp_path / "broken.json").write_text("{")
    assert publish(tmp_path) == cli.EXIT_INPUT


def test_the_diff_names_thresholds_and_removed_panels(boards: Path) -> None:
    ours = json.loads((boards / "portfolio-overview.json").read_text())
    live = copy.deepcopy(ours)
    panel = next(p for p in live["panels"] if p.get("fieldConfig", {}).get("defaults"))
    panel["fieldConfig"]["defaults"]["thresholds"]["steps"][0]["color"] = "blue"
    live["panels"].append({"type": "text", "title": "Old notes", "id": 99})
    live["id"], live["version"] = 7, 3
    lines = diff.changes(live, ours)
    assert f"panel '{panel['title']}': thresholds changed" in lines
    assert "panel 'Old notes' removed" in lines
    assert diff.changes({**ours, "id": 7, "version": 3}, ours) == []
