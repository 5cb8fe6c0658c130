"""``blackbox.yml``: the probe modules of the real blackbox_exporter that the endpoints use."""

from __future__ import annotations

from typing import Any

from portfolio.config.model import Portfolio

FILE = "stack/blackbox/blackbox.yml"


def config(portfolio: Portfolio) -> dict[str, Any]:
    """The ``blackbox.yml`` document: the probe modules endpoints may use."""
    timeout = portfolio.probe.timeout
    http = {
        "preferred_ip_protocol": "ip4",
        "ip_protocol_fallback": True,
        "follow_redirects": True,
        "valid_status_codes": [],  # empty = any 2xx
    }
    return {
        "modules": {
            "http_2xx": {"prober": "http", "timeout": timeout, "http": dict(http)},
            "http_2xx_get_json": {
                "prober": "http",
                "timeout": timeout,
                "http": {**http, "headers": {"Accept": "application/json"}},
            },
            "tcp_connect": {
                "prober": "tcp",
                "timeout": timeout,
                "tcp": {"preferred_ip_protocol": "ip4"},
            },
            "icmp": {
                "prober": "icmp",
                "timeout": timeout,
                "icmp": {"preferred_ip_protocol": "ip4"},
            },
        }
    }
