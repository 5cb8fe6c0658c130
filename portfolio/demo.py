"""The demo's wiring, shared by ``portfolio-obs demo`` (the stack runner on loopback) and the
``demo`` profile of the generated ``docker-compose.yml``: where the fake upstreams listen, the
demo-only tokens they accept, and the settings that make the exporters refresh in seconds.

The tokens open nothing but the fakes (``fakes/``), which accept exactly these; they are
passed in the environment, never as secret files. Every setting is a documented setting of
its exporter (docs/exporters/<source>.md), with the request budgets kept within the vendors'
limits, which the fakes enforce as the vendors do.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

DEFAULT_SEED = 18  # of the moving history (fakes.history)
DEFAULT_OUT = "build/demo"  # where portfolio-obs demo writes its config, data and logs
DEFAULT_INTERVAL = "5s"  # scrapes, rule evaluations and probes of the demo's stack
FAKES_SERVICE = "fakes"  # the compose service (and ``python -m fakes``) serving every fake
# Ports of the fakes in the compose network (the local demo picks free ones).
FAKE_PORTS: Mapping[str, int] = MappingProxyType(
    {"github": 9201, "plausible": 9202, "cloudflare": 9203, "posthog": 9204}
)
DEMO_TOKENS: Mapping[str, str] = MappingProxyType(
    {
        "github": "demo-only-github-token",
        "plausible": "demo-only-plausible-key",
        "cloudflare": "demo-only-cloudflare-token",
        "posthog": "phx_demo-only-posthog-key",
        "incident_bridge": "demo-only-incident-bridge-token",
    }
)
FAST_SETTINGS: Mapping[str, str] = MappingProxyType(
    {
        "GITHUB_DORA_INTERVAL": "10s",
        "GITHUB_ACTIONS_INTERVAL": "5s",
        # 3 sites x (3 requests x (6 + 2 + 1) refreshes + 120 realtime) = 441 of the 600 an
        # hour Plausible allows a key: nothing stretched, every period refreshed at start.
        "PLAUSIBLE_PERIODS": "24h:10m,7d:30m,30d:1h",
        "PLAUSIBLE_REALTIME_INTERVAL": "30s",
        "PLAUSIBLE_REQUEST_BUDGET": "600",
        "CLOUDFLARE_INTERVAL": "15s",
        "CLOUDFLARE_SETTLE_DELAY": "60s",
        "CLOUDFLARE_QUANTILE_WINDOW": "60s",
        "CLOUDFLARE_HEALTHCHECK_INTERVAL": "15s",
        "CLOUDFLARE_QUERY_BUDGET": "300",
        # 14 queries a full refresh for the example: these fit PostHog's 1,200 an hour.
        "POSTHOG_FEATURES_INTERVAL": "30s",
        "POSTHOG_FUNNELS_INTERVAL": "60s",
        "POSTHOG_EXPERIMENTS_INTERVAL": "60s",
        "POSTHOG_COHORTS_INTERVAL": "120s",
        "POSTHOG_QUERY_BUDGET": "1200",
        "POSTHOG_QUERY_BURST": "240",
    }
)
# Source -> (API URL setting, token setting) of its exporter.
SETTINGS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "github": ("GITHUB_API_URL", "GITHUB_TOKEN"),
        "plausible": ("PLAUSIBLE_API_URL", "PLAUSIBLE_API_KEY"),
        "cloudflare": ("CLOUDFLARE_API_URL", "CLOUDFLARE_API_TOKEN"),
        "posthog": ("POSTHOG_API_URL", "POSTHOG_API_KEY"),
    }
)


def environment(urls: Mapping[str, str]) -> dict[str, str]:
    """Every demo setting, with ``urls`` (source -> its fake's base URL): the fast refreshes,
    each exporter's API URL and demo token, and the incident bridge's (its issues go to the
    fake GitHub; Alertmanager would send it the token from ``incidents.credentials_file``)."""
    env = dict(FAST_SETTINGS)
    for source, (url, token) in SETTINGS.items():
        env[url] = urls[source]
        env[token] = DEMO_TOKENS[source]
    env["INCIDENT_BRIDGE_API_URL"] = urls["github"]
    env["INCIDENT_BRIDGE_GITHUB_TOKEN"] = DEMO_TOKENS["github"]
    env["INCIDENT_BRIDGE_TOKEN"] = DEMO_TOKENS["incident_bridge"]
    return env


def of_process(prefix: str, env: Mapping[str, str]) -> dict[str, str]:
    """The settings of ``environment`` one process reads (its ``<PREFIX>`` ones)."""
    return {name: value for name, value in env.items() if name.startswith(prefix)}
