"""The report's Prometheus settings, HTTP failures and counting rules, without binaries.

Prometheus' answers are ``httpx.MockTransport`` responses shaped as its HTTP API documents
them (https://prometheus.io/docs/prometheus/latest/querying/api/: ``status``, ``data`` with
``resultType`` and ``result``, ``errorType`` and ``error`` on failure).
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import httpx
import pytest

from reporting import figures, prometheus
from reporting.__main__ import parse_time, run
from reporting.errors import InputError, PrometheusError
from reporting.prometheus import Series
from tests.reporting import data

EMPTY = {"status": "success", "data": {"resultType": "vector", "result": []}}


def client(handler: object, **env: str) -> prometheus.Prometheus:
    return prometheus.connect(
        "http://prom.example:9090",
        env,
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
    )


def test_a_bearer_token_from_a_file_goes_in_the_authorization_header(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("s3cret-token\n")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=EMPTY)

    with client(handler, PROMETHEUS_TOKEN_FILE=str(token)) as prom:
        assert prom.vector("up", 1000.0) == []
    (request,) = seen
    assert request.headers["Authorization"] == "Bearer s3cret-token"
    assert request.url.path == "/api/v1/query"
    assert dict(request.url.params) == {"query": "up", "time": "1000.000"}


def test_basic_auth_from_username_and_password(tmp_path: Path) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json=EMPTY)

    with client(handler, PROMETHEUS_USERNAME="report", PROMETHEUS_PASSWORD="pw") as prom:
        prom.vector("up", 0.0)
    assert seen == ["Basic " + base64.b64encode(b"report:pw").decode()]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "no Prometheus URL: give --url or set PROMETHEUS_URL"),
        (
            {"PROMETHEUS_URL": "http://user:hunter2@prom:9090"},
            "the Prometheus URL carries credentials: use PROMETHEUS_USERNAME and "
            "PROMETHEUS_PASSWORD[_FILE] (or PROMETHEUS_TOKEN[_FILE]) instead",
        ),
        (
            {"PROMETHEUS_URL": "prom:9090"},
            "the Prometheus URL must be http(s)://host[:port][/path]",
        ),
        (
            {
                "PROMETHEUS_URL": "http://prom",
                "PROMETHEUS_TOKEN": "a",
                "PROMETHEUS_TOKEN_FILE": "/x",
            },
            "set PROMETHEUS_TOKEN or PROMETHEUS_TOKEN_FILE, not both",
        ),
        (
            {"PROMETHEUS_URL": "http://prom", "PROMETHEUS_TOKEN": "a", "PROMETHEUS_USERNAME": "u"},
            "set PROMETHEUS_TOKEN or PROMETHEUS_USERNAME/PROMETHEUS_PASSWORD, not both",
        ),
        (
            {"PROMETHEUS_URL": "http://prom", "PROMETHEUS_USERNAME": "u"},
            "basic auth needs both PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD[_FILE]",
        ),
        (
            {"PROMETHEUS_URL": "http://prom", "PROMETHEUS_TOKEN_FILE": "/nonexistent/token"},
            "PROMETHEUS_TOKEN_FILE: cannot read /nonexistent/token: No such file or directory",
        ),
    ],
    ids=[
        "no url",
        "credentials in the url",
        "no scheme",
        "token twice",
        "two auth kinds",
        "username alone",
        "unreadable token file",
    ],
)
def test_bad_settings_are_exit_2_with_the_problem(
    env: dict[str, str], message: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    out = tmp_path / "out"
    code = run(["--config", str(data.PORTFOLIO), "--out", str(out)], environ=env)
    assert code == 2
    assert caplog.messages == [f"error: {message}"]
    assert "hunter2" not in caplog.text
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "a week"], "--period: 'a week' is not a duration such as 7d or 24h"),
        (["--end", "yesterday"], "--end: 'yesterday' is neither unix seconds nor an ISO 8601 time"),
    ],
)
def test_a_bad_period_is_exit_2(
    args: list[str], message: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    code = run(
        ["--config", str(data.PORTFOLIO), "--out", str(tmp_path / "o"), *args],
        environ={"PROMETHEUS_URL": "http://prom:9090"},
    )
    assert code == 2
    assert caplog.messages == [f"error: {message}"]


def test_a_bad_config_is_exit_2_naming_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "portfolio.yaml"
    config.write_text("version: 1\nportfolio: {name: x}\nunknown: 1\n")
    code = run(
        ["--config", str(config), "--out", str(tmp_path / "o")],
        environ={"PROMETHEUS_URL": "http://prom:9090"},
    )
    assert code == 2
    assert f"\n{config}:3: unknown: unknown key 'unknown'" in caplog.text


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (
            httpx.Response(401, text="Unauthorized"),
            "Prometheus at http://prom.example:9090 refused the credentials (HTTP 401)",
        ),
        (
            httpx.Response(302, headers={"Location": "https://sso.example/login"}),
            "Prometheus at http://prom.example:9090 answered with a redirect (HTTP 302); give the "
            "final URL (redirects are not followed)",
        ),
        (
            httpx.Response(200, text="<html>Grafana</html>"),
            "Prometheus at http://prom.example:9090 answered HTTP 200 without JSON: is the URL a "
            "Prometheus?",
        ),
        (
            httpx.Response(
                400, json={"status": "error", "errorType": "bad_data", "error": "parse error"}
            ),
            "Prometheus at http://prom.example:9090 failed a query (bad_data: parse error): up",
        ),
    ],
    ids=["401", "redirect", "not json", "query error"],
)
def test_prometheus_failures_are_clear_errors(response: httpx.Response, message: str) -> None:
    with client(lambda request: response) as prom, pytest.raises(PrometheusError) as caught:
        prom.vector("up", 0.0)
    assert str(caught.value) == message


def test_a_timeout_names_the_origin_only() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with client(handler) as prom, pytest.raises(PrometheusError) as caught:
        prom.vector("up", 0.0)
    assert str(caught.value) == "Prometheus at http://prom.example:9090 did not answer in time"


def test_the_increase_is_exact_and_counts_a_reset_as_the_new_value() -> None:
    """Samples 0 (t=10), 2, 5, reset to 1, 3 (t=50); the period (15, 45] sees the rises that
    land at t=20 (+2), 30 (+3) and 40 (a reset: +1): 6, not an extrapolated value."""
    series = Series({}, ((10, 0), (20, 2), (30, 5), (40, 1), (50, 3)))
    assert figures.increase(series, figures.Period(15, 45)) == 2 + 3 + 1


def test_the_median_interpolates_within_a_bucket_as_histogram_quantile() -> None:
    """Cumulative (1 h: 1, 1 d: 3, +Inf: 4): rank 0.5 * 4 = 2 in (1 h, 1 d] holding ranks
    2..3: 3600 + (86400 - 3600) * (2 - 1) / (3 - 1) = 45000; a rank in +Inf is the largest
    finite bound; no observation is no value."""
    buckets = ((3600.0, 1.0), (86400.0, 3.0), (float("inf"), 4.0))
    assert figures.quantile(0.5, buckets) == 3600 + (86400 - 3600) * (2 - 1) / (3 - 1)
    assert figures.quantile(0.99, buckets) == 86400
    assert figures.quantile(0.5, ((3600.0, 0.0), (float("inf"), 0.0))) is None


def test_times_are_unix_seconds_or_iso_8601() -> None:
    assert parse_time("1781481750") == 1781481750
    assert parse_time("2026-06-15T00:02:30Z") == 1781481750
    assert parse_time("2026-06-15T02:02:30+02:00") == 1781481750
    assert parse_time("2026-06-15T00:02:30") == 1781481750  # UTC unless a zone is named
    with pytest.raises(InputError):
        parse_time("soon")
