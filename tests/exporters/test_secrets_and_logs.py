"""Secrets stay where they belong and logs stay quiet: a token goes only to the configured API
origin (pages and redirects elsewhere are errors), header values never reach a log line,
control characters and credentials in URLs are settings errors, httpx and retries log at
DEBUG, and backfill writes values losslessly."""

from __future__ import annotations

import contextlib
import io
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import stamina.instrumentation

from exporters import ci_report
from exporters.github.__main__ import main
from exporters.github.backfill import number, write
from exporters.toolkit.errors import ForeignOriginError, TransportError
from exporters.toolkit.http import RetryPolicy, UpstreamClient, make_client
from exporters.toolkit.pagination import LinkHeaderPagination
from exporters.toolkit.runner import CHATTY_LOGGERS, setup_logging
from exporters.toolkit.selfmetrics import SelfMetrics
from fakes.github import FakeGitHub
from tests.exporters import history
from tests.exporters.conftest import NOW, MakeExporter
from tests.support.loopback import LoopbackServer, serve

TOKEN = "ghp_0123456789abcdef"
FAST = RetryPolicy(attempts=3, wait_initial=0.0, wait_max=0.0, wait_jitter=0.0, timeout=5)


@contextlib.contextmanager
def origin(routes: dict[str, tuple[int, dict[str, str]]]) -> Iterator[str]:
    """A loopback API answering ``path -> (status, headers)`` with a JSON list body."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            status, headers = routes.get(self.path, (404, {}))
            body = b"[1]"
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def upstream(base: str) -> Iterator[UpstreamClient]:
    http = make_client(base, {"Authorization": f"Bearer {TOKEN}"})
    health = SelfMetrics("github", ["dora"], lambda: NOW)
    with http:
        yield UpstreamClient(http, health, policy=FAST, pagination=LinkHeaderPagination())


@pytest.fixture
def other() -> Iterator[LoopbackServer]:
    with serve() as server:  # another port of 127.0.0.1: another origin
        yield server


def test_a_next_page_on_another_origin_is_an_error_and_gets_no_token(
    other: LoopbackServer,
) -> None:
    routes = {"/items": (200, {"Link": f'<{other.url}/items?page=2>; rel="next"'})}
    with origin(routes) as api, upstream(api) as client:
        pages = client.paginate("/items", endpoint="items")
        assert next(pages).data == [1]
        with pytest.raises(ForeignOriginError):
            next(pages)
    assert other.received() == []


def test_a_redirect_to_another_origin_is_an_error_and_gets_no_token(
    other: LoopbackServer,
) -> None:
    for status in (301, 302, 307, 308):
        routes = {"/moved": (status, {"Location": f"{other.url}/stolen"})}
        with origin(routes) as api, upstream(api) as client, pytest.raises(ForeignOriginError):
            client.get("/moved", endpoint="moved")
    assert other.received() == []


def test_an_absolute_url_on_another_origin_is_refused_before_sending(
    other: LoopbackServer,
) -> None:
    with origin({}) as api, upstream(api) as client, pytest.raises(ForeignOriginError):
        client.get(other.url + "/x", endpoint="x")
    assert other.received() == []


def test_a_same_origin_redirect_is_followed_and_bounded() -> None:
    routes = {
        "/old": (301, {"Location": "/new"}),
        "/new": (200, {}),
        "/loop": (302, {"Location": "/loop"}),
    }
    with origin(routes) as api, upstream(api) as client:
        assert client.get("/old", endpoint="repo").data == [1]
        with pytest.raises(Exception, match="too many redirects"):
            client.get("/loop", endpoint="loop")


def test_an_httpx_error_quoting_a_header_is_logged_without_its_value(gh: FakeGitHub) -> None:
    with upstream(gh.url) as client, pytest.raises(TransportError) as err:
        client.client.headers["Authorization"] = f"Bearer {TOKEN}\nX-Injected: {TOKEN}"
        client.get("/repos/acme/alpha-api", endpoint="repo")
    assert TOKEN not in str(err.value) and "X-Injected" not in str(err.value)
    assert err.value.__cause__ is None  # the chained httpx error would quote it in a traceback


@pytest.mark.parametrize(
    "token", ["SECRETA\nSECRETB", "SECRETA\tSECRETB", "SECRETA\x00", "SECRETA\x7f"], ids=repr
)
def test_a_token_with_a_control_character_is_a_settings_error(
    tmp_path: Path, token: str, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "token"
    secret.write_text(token + "\n")
    env = {"GITHUB_CONFIG": str(history.PORTFOLIO), "GITHUB_TOKEN_FILE": str(secret)}
    with caplog.at_level(logging.DEBUG):
        assert main(["--check-config"], env) == 2
    assert "GITHUB_TOKEN: contains a" in caplog.text
    output = caplog.text + "".join(capsys.readouterr())
    assert "SECRET" not in output


@pytest.mark.parametrize(
    ("variable", "url"),
    [
        ("GITHUB_API_URL", "https://octo:hunter2@api.github.com"),
        ("GITHUB_API_URL", "https://hunter2@ghe.example/api/v3"),
        ("GITHUB_CONFIG", "http://u:hunter2@example/portfolio.yaml"),
    ],
)
def test_credentials_inside_a_configured_url_are_refused_and_never_shown(
    variable: str, url: str, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"GITHUB_CONFIG": str(history.PORTFOLIO), variable: url}
    with caplog.at_level(logging.DEBUG):
        assert main(["--check-config"], env) == 2
    assert f"{variable}: credentials inside a URL are not allowed" in caplog.text
    assert "hunter2" not in caplog.text + "".join(capsys.readouterr())


def test_a_gateway_url_with_credentials_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    code = ci_report.main(
        ["start", "--gateway=http://ci:hunter2@127.0.0.1:9", "--product=alpha", "--workflow=CI"]
    )
    assert code == 2
    assert "credentials inside a URL are not allowed" in caplog.text
    assert "hunter2" not in caplog.text


@pytest.fixture
def quiet_logging() -> Iterator[None]:
    """``setup_logging`` changes process-wide state: put it back."""
    levels = {name: logging.getLogger(name).level for name in CHATTY_LOGGERS}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    stamina.instrumentation.set_on_retry_hooks(None)


@pytest.mark.usefixtures("quiet_logging")
def test_requests_and_retries_log_at_debug_and_a_failed_refresh_logs_one_line(
    make_exporter: MakeExporter, gh: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    setup_logging("INFO")
    exporter = make_exporter({"GITHUB_TOKEN": TOKEN})
    with caplog.at_level(logging.INFO):
        assert exporter.loop.run_once("dora")  # dozens of requests
        gh.add_fault(".*", "status", count=1000, status=502)
        assert not exporter.loop.run_once("dora")  # every request retried, then failed
    lines = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    assert [(n, lvl) for n, lvl, _ in lines] == [
        ("exporters.toolkit.refresh", "INFO"),  # refreshed dora in ...
        ("exporters.toolkit.refresh", "WARNING"),  # refresh of dora failed ...
    ], lines
    assert all(TOKEN not in message for _, _, message in lines)


@pytest.mark.usefixtures("quiet_logging")
def test_at_debug_the_requests_are_logged() -> None:
    setup_logging("DEBUG")
    assert logging.getLogger("httpx").isEnabledFor(logging.DEBUG)
    setup_logging("INFO")
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)


def test_backfill_values_are_written_losslessly(make_exporter: MakeExporter) -> None:
    for value in (4 / 30, 1234567.891, 0.1 + 0.2, 3.0, 1e22, 2**60 + 0.0):
        assert float(number(value)) == value
    assert number(1234567.891) == "1234567.891"  # :g wrote 1.23457e+06
    assert (number(float("inf")), number(float("nan"))) == ("+Inf", "NaN")
    exporter = make_exporter(history_jobs=True, count_from=float("-inf"))
    assert exporter.refresh_all()
    out = io.StringIO()
    write(exporter.state, out, NOW, 3600.0, "github-exporter", "github-exporter:9101")
    values = [
        line.rsplit(" ", 2)[1]
        for line in out.getvalue().splitlines()
        if line.startswith('github_dora_deployment_frequency_per_day{product="beta"')
    ]
    assert values and all(float(v) * 30 == round(float(v) * 30) for v in values)
    assert "0.13333333333333333" in values  # 4 deployments in 30 days, all 17 digits
