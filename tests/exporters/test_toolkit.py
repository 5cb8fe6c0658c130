"""The exporter toolkit: settings, the upstream client, the server endpoints, CLI exit codes."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from exporters.github.__main__ import main
from exporters.github.webhook import signature
from exporters.toolkit.errors import MalformedResponseError, RateLimitedError, SettingsError
from exporters.toolkit.http import RetryPolicy, UpstreamClient, make_client
from exporters.toolkit.pagination import LinkHeaderPagination
from exporters.toolkit.ratelimit import GitHubRateLimit
from exporters.toolkit.selfmetrics import SelfMetrics
from exporters.toolkit.settings import Seconds, Secret, load_settings, setting
from tests.exporters import history
from tests.exporters.conftest import MakeExporter

FAST = RetryPolicy(attempts=3, wait_initial=0.0, wait_max=0.0, wait_jitter=0.0, timeout=5)


@dataclass(frozen=True)
class Example:
    token: Secret = setting(help="api token", secret=True)  # noqa: RUF009
    interval: Seconds = setting(Seconds(60), help="refresh interval")  # noqa: RUF009
    port: int = setting(9100, help="port")


def test_settings_come_from_env_files_and_defaults_with_their_source(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text("s3cret\n")
    loaded = load_settings(Example, {"X_TOKEN_FILE": str(secret), "X_INTERVAL": "5m"}, "X_")
    assert loaded.settings.token.reveal() == "s3cret"
    assert loaded.settings.interval == 300
    assert loaded.describe() == [
        "X_TOKEN=*** (file from X_TOKEN_FILE)",
        "X_INTERVAL=300.0 (env X_INTERVAL)",
        "X_PORT=9100 (default)",
    ]
    assert "s3cret" not in repr(loaded.settings)


def test_every_settings_problem_is_reported_at_once() -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(Example, {"X_INTERVAL": "soon", "X_PORT": "web"}, "X_")
    assert err.value.problems == [
        "X_TOKEN (or X_TOKEN_FILE): required but not set (api token)",
        "X_INTERVAL: expected a duration like 30s, 5m, 1h or 7d, got 'soon'",
        "X_PORT: expected an integer, got 'web'",
    ]


def test_a_secret_given_twice_is_an_error_and_its_value_is_never_shown(tmp_path: Path) -> None:
    (tmp_path / "t").write_text("a")
    with pytest.raises(SettingsError) as err:
        load_settings(Example, {"X_TOKEN": "hunter2", "X_TOKEN_FILE": str(tmp_path / "t")}, "X_")
    assert "hunter2" not in str(err.value)
    assert "set either X_TOKEN or X_TOKEN_FILE" in str(err.value)


def test_check_config_exits_0_and_redacts_secrets(capsys: pytest.CaptureFixture[str]) -> None:
    env = {"GITHUB_CONFIG": str(history.PORTFOLIO), "GITHUB_TOKEN": "ghp_secret"}
    assert main(["--check-config"], env) == 0
    out = capsys.readouterr().out
    assert "GITHUB_TOKEN=*** (env GITHUB_TOKEN)" in out and "ghp_secret" not in out
    assert "config ok: 3 repositories" in out


def test_check_config_exits_2_listing_every_problem(caplog: pytest.LogCaptureFixture) -> None:
    env = {
        "GITHUB_CONFIG": str(history.PORTFOLIO),
        "GITHUB_LEAD_TIME_START": "merge",
        "GITHUB_WINDOW": "40d",
        "GITHUB_HISTORY": "35d",
    }
    with caplog.at_level(logging.ERROR):
        assert main(["--check-config"], env) == 2
    assert "GITHUB_LEAD_TIME_START: 'merge' is not one of first_commit, pr_merged" in caplog.text
    assert "GITHUB_HISTORY must be at least GITHUB_WINDOW" in caplog.text


def test_a_broken_portfolio_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "portfolio.yaml"
    bad.write_text("version: 1\nproducts: []\n")
    assert main(["--check-config"], {"GITHUB_CONFIG": str(bad)}) == 2


def client(
    handler: httpx.MockTransport, clock: float = 1000.0
) -> tuple[UpstreamClient, SelfMetrics]:
    """A client with the GitHub exporter's policies (Link pages, X-RateLimit headers)."""
    health = SelfMetrics("github", ["dora"], lambda: clock)
    http = make_client("https://api.example", transport=handler)
    upstream = UpstreamClient(
        http,
        health,
        policy=FAST,
        pagination=LinkHeaderPagination(),
        rate_limit=GitHubRateLimit(),
        clock=lambda: clock,
    )
    return upstream, health


def test_client_retries_5xx_then_answers_304_from_its_cache() -> None:
    calls: list[str | None] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request.headers.get("If-None-Match"))
        if len(calls) == 1:
            return httpx.Response(502)
        if request.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"', "X-RateLimit-Remaining": "10"})
        return httpx.Response(
            200, json=[1, 2], headers={"ETag": '"v1"', "X-RateLimit-Remaining": "11"}
        )

    upstream, health = client(httpx.MockTransport(handle))
    first = upstream.get("/items", endpoint="items")
    second = upstream.get("/items", endpoint="items")
    assert (first.data, first.not_modified) == ([1, 2], False)
    assert (second.data, second.not_modified) == ([1, 2], True)
    assert calls == [None, None, '"v1"']
    assert health.requests() == {("items", "5xx"): 1, ("items", "2xx"): 1, ("items", "304"): 1}
    assert health.rate_limit() == (10.0, None)


def test_a_read_not_to_be_repeated_is_not_kept_and_a_forgotten_page_is_asked_in_full() -> None:
    calls: list[tuple[str, str | None]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append((request.url.path, request.headers.get("If-None-Match")))
        if request.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(200, json=[1], headers={"ETag": '"v1"'})

    upstream, _ = client(httpx.MockTransport(handle))
    once = [upstream.get("/commit", endpoint="commit", cache=False) for _ in range(2)]
    assert [r.not_modified for r in once] == [False, False]
    assert len(upstream.cache) == 0
    kept = upstream.get("/list", endpoint="list")
    assert upstream.get("/list", endpoint="list").not_modified
    upstream.forget(kept.url)  # the caller is done with it
    assert not upstream.get("/list", endpoint="list").not_modified
    assert calls == [
        ("/commit", None),
        ("/commit", None),  # not sent conditionally: nothing was kept to answer a 304 from
        ("/list", None),
        ("/list", '"v1"'),
        ("/list", None),
    ]


def test_client_follows_link_headers_across_pages() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        link = '<https://api.example/items?page=2>; rel="next"' if page == 1 else ""
        return httpx.Response(200, json=[page], headers={"Link": link} if link else {})

    upstream, _ = client(httpx.MockTransport(handle))
    assert [p.data for p in upstream.paginate("/items", endpoint="items")] == [[1], [2]]


def test_a_rate_limit_longer_than_the_policy_allows_is_raised_with_its_reset_time() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            403,
            json={"message": "API rate limit exceeded"},
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "5000"},
        )

    upstream, health = client(httpx.MockTransport(handle))
    with pytest.raises(RateLimitedError) as err:
        upstream.get("/items", endpoint="items")
    assert err.value.retry_at == 5000
    assert health.requests() == {("items", "4xx"): 1}  # not retried: it would only burn time


def test_invalid_json_is_a_malformed_response() -> None:
    upstream, _ = client(httpx.MockTransport(lambda r: httpx.Response(200, text="<html>")))
    with pytest.raises(MalformedResponseError):
        upstream.get("/items", endpoint="items")


def test_server_answers_metrics_healthz_and_readyz_once_data_exists(
    make_exporter: MakeExporter,
) -> None:
    exporter = make_exporter()
    exporter.server.start()
    try:
        url = exporter.server.url
        assert httpx.get(url + "/healthz").status_code == 200
        not_ready = httpx.get(url + "/readyz")
        assert not_ready.status_code == 503 and "has not refreshed" in not_ready.text
        metrics = httpx.get(url + "/metrics")
        assert 'github_up{source="dora"} 0.0' in metrics.text
        assert "upstream is polled on a schedule" in metrics.text  # HELP says data is cached
        exporter.refresh_all()
        assert httpx.get(url + "/readyz").status_code == 200
        om = httpx.get(url + "/metrics", headers={"Accept": "application/openmetrics-text"})
        assert om.text.endswith("# EOF\n")
    finally:
        exporter.server.stop()


def _post(
    url: str, event: str, payload: object, delivery: str, secret: str = "s"
) -> httpx.Response:
    body = json.dumps(payload).encode()
    return httpx.post(
        url + "/webhook",
        content=body,
        headers={
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery,
            "X-Hub-Signature-256": signature(secret, body),
        },
    )


def test_webhook_verifies_signatures_dedupes_and_applies_within_one_request(
    make_exporter: MakeExporter,
) -> None:
    from tests.exporters.test_github_exporter import value

    exporter = make_exporter({"GITHUB_WEBHOOK_SECRET": "s"})
    exporter.refresh_all()
    exporter.server.scrapes.served()
    exporter.server.start()
    try:
        url = exporter.server.url
        issue = {
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
        assert _post(url, "issues", issue, "d1", secret="wrong").status_code == 401
        assert _post(url, "issues", issue, "d1").status_code == 200
        assert _post(url, "issues", issue, "d1").text.strip() == "duplicate delivery"
        assert _post(url, "push", {}, "d2").status_code == 202
        assert value(exporter, "github_incidents_open", product="beta") == 0
        ttr = {"product": "beta", "environment": "prod"}
        # incident #8: opened NOW-100m, closed NOW+10m -> 110 min, counted live
        assert value(exporter, "github_time_to_restore_seconds_sum", **ttr) == 110 * 60
        deliveries = {
            r: value(exporter, "github_webhook_deliveries_total", event=e, result=r)
            for e, r in [("issues", "rejected"), ("issues", "applied"), ("issues", "duplicate")]
        }
        assert deliveries == {"rejected": 1, "applied": 1, "duplicate": 1}
        assert (
            value(exporter, "github_webhook_deliveries_total", event="other", result="ignored") == 1
        )
    finally:
        exporter.server.stop()


def test_a_cached_exposition_is_kept_in_pieces_that_join_to_the_stock_encoders_bytes() -> None:
    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.core import GaugeMetricFamily
    from prometheus_client.openmetrics.exposition import CONTENT_TYPE_LATEST as OM
    from prometheus_client.openmetrics.exposition import generate_latest as om_latest

    from exporters.toolkit.server import WRITE_SIZE, Exposition, Part

    class Big:
        """Families of 1,500 samples; each renders to about 150 KiB."""

        def __init__(self, names: tuple[str, ...]) -> None:
            self.names = names

        def collect(self) -> list[GaugeMetricFamily]:
            families = []
            for name in self.names:
                family = GaugeMetricFamily(name, "padding", labels=["series"])
                for i in range(1500):
                    family.add_metric([f"{i:06d}" + "x" * 64], float(i))
                families.append(family)
            return families

    def registry(collector: Big) -> CollectorRegistry:
        out = CollectorRegistry()
        out.register(collector)
        return out

    big = Big(("big0", "big1", "big2"))
    health = CollectorRegistry()  # rendered on every scrape (here: no families)
    exposition = Exposition([Part(health), Part(big, key=lambda: 1)])
    for accept, encoder in (("", generate_latest), (OM, om_latest)):
        chunks, _ = exposition.chunks(accept)
        assert b"".join(chunks) == encoder(registry(big))  # byte for byte
        sizes = [len(encoder(registry(Big((name,))))) for name in big.names]
        assert all(WRITE_SIZE / 2 < size < WRITE_SIZE for size in sizes)
        # the health part; big0 + big1, which pass WRITE_SIZE together; big2; OpenMetrics'
        # single # EOF on its own
        assert len(chunks) == 1 + 2 + (1 if accept else 0)
    assert exposition.renders == 2  # once per format
    exposition.chunks("")
    assert exposition.renders == 2  # then from the cache
