"""The generated alert rules evaluated by the real promtool on the series the Cloudflare
exporter published: the exporter reads the fake Cloudflare API's fixture traffic
(``cloudflare_traffic``) minute by minute, every publish becomes one sample a minute of a
promtool input series, and ``ProductErrorRateHigh`` (for: 5m) and the Cloudflare availability
SLO's ``AvailabilityBudgetBurn`` fire when the hand-computed ratios say so."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from exporters.cloudflare.app import build
from exporters.cloudflare.settings import PREFIX, CloudflareSettings
from exporters.toolkit.settings import load_settings
from fakes.cloudflare import FakeCloudflare
from generators import rules
from portfolio import conventions
from portfolio.config.loader import load_config
from tests.exporters import cloudflare_traffic as fixture
from tests.exporters.conftest import FAST_RETRIES, Clock
from tests.support import binaries

pytestmark = pytest.mark.integration

PORTFOLIO = Path(__file__).parents[1] / "exporters" / "fixtures" / "cloudflare-portfolio.yaml"
NOW = fixture.NOW
MINUTES = 15
INSTANCE = "cloudflare-exporter:9102"


@pytest.fixture
def published() -> Iterator[dict[str, list[float]]]:
    """promtool series notation -> the exporter's value after each minute 0..MINUTES."""
    clock = Clock(NOW)
    with FakeCloudflare(fixture.TOKEN, clock=clock) as fake:
        fixture.load(fake, NOW)
        env = {
            "CLOUDFLARE_CONFIG": str(PORTFOLIO),
            "CLOUDFLARE_API_URL": fake.url,
            "CLOUDFLARE_API_TOKEN": fixture.TOKEN,
            "CLOUDFLARE_LISTEN_PORT": "0",
        }
        settings = load_settings(CloudflareSettings, env, PREFIX).settings
        runtime = build(
            settings,
            load_config(PORTFOLIO),
            registry=CollectorRegistry(),
            clock=clock,
            policy=FAST_RETRIES,
        )
        series: dict[str, list[float]] = {}
        try:
            for minute in range(MINUTES + 1):
                # at NOW the counters start at 0; then each refresh settles one more minute
                clock.t = NOW if minute == 0 else NOW + 300 + 60 * minute
                assert runtime.loop.run_once("traffic")
                text = generate_latest(runtime.registry).decode()
                for family in text_string_to_metric_families(text):
                    for sample in family.samples:
                        if sample.name != "cloudflare_requests_total":
                            continue
                        labels = {
                            "job": conventions.exporter_job("cloudflare"),
                            "instance": INSTANCE,
                            **sample.labels,
                        }
                        inner = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
                        series.setdefault(f"{sample.name}{{{inner}}}", []).append(sample.value)
        finally:
            runtime.close()
        yield series


def firing(alert: str, at: str) -> dict[str, object]:
    return {
        "expr": f'count by (product, severity) (ALERTS{{alertname="{alert}",alertstate="firing"}})',
        "eval_time": at,
    }


def test_the_error_rate_alert_and_the_slo_page_fire_on_the_exporters_series(
    published: dict[str, list[float]], tmp_path: Path
) -> None:
    alpha_5xx = published[
        'cloudflare_requests_total{instance="cloudflare-exporter:9102",job="cloudflare-exporter",'
        'product="alpha",status_class="5xx"}'
    ]
    # minute 1 is NOW's (2 5xx), minute 2 the special minute's (2 + 10): hand-computed totals
    assert alpha_5xx[:4] == [0, 2, 14, 16]
    portfolio = load_config(PORTFOLIO)
    files = []
    for rel, text in rules.build(portfolio).items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        files.append(str(path))
    # alpha: 2 of 100 = 2% > 1% (and > 0.8%); beta: 2 of 50 = 4% > 2% (and > 1.6%): both
    # severities of ProductErrorRateHigh are true from minute 1 (the first rate), firing 5 minutes
    # later: not at 5m; at 7m (6m or 7m: promtool evaluates the threshold groups in no set order).
    # alpha's SLO budget is 0.1%: 20x over 5m and 1h (> 14.4): the page fires with no wait.
    error_rate = [
        {"labels": f'{{product="{p}",severity="{s}"}}', "value": 1}
        for p in ("alpha", "beta")
        for s in (conventions.CRITICAL, conventions.WARNING)
    ]
    tests = {
        "rule_files": files,
        "evaluation_interval": "1m",
        "tests": [
            {
                "interval": "1m",
                "input_series": [
                    {"series": name, "values": " ".join(f"{v:g}" for v in values)}
                    for name, values in sorted(published.items())
                ],
                "promql_expr_test": [
                    {**firing("ProductErrorRateHigh", "5m"), "exp_samples": []},  # pending
                    {**firing("ProductErrorRateHigh", "7m"), "exp_samples": error_rate},
                    {**firing("ProductErrorRateHigh", "12m"), "exp_samples": error_rate},
                    {
                        "expr": 'count by (product) (ALERTS{alertname="AvailabilityBudgetBurn",'
                        'alertstate="firing",severity="critical"})',
                        "eval_time": "3m",
                        "exp_samples": [{"labels": '{product="alpha"}', "value": 1}],
                    },
                    {
                        # the recorded 5xx ratio in basis points (promtool compares exactly):
                        # minutes 8..12 are 5 plain minutes, 10 of 500 and 10 of 250 requests
                        "expr": f"round({conventions.R_ERROR_RATIO} * 10000)",
                        "eval_time": "12m",
                        "exp_samples": [
                            {"labels": '{product="alpha"}', "value": 10 / 500 * 10000},
                            {"labels": '{product="beta"}', "value": 10 / 250 * 10000},
                        ],
                    },
                ],
            }
        ],
    }
    test_file = tmp_path / "cloudflare.test.yml"
    test_file.write_text(yaml.safe_dump(tests, sort_keys=False))
    done = subprocess.run(
        [binaries.require("promtool"), "test", "rules", str(test_file)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
