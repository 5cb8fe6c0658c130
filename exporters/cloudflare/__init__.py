"""The Cloudflare exporter: requests by edge status class, cache status, bandwidth and threats
of settled minutes, edge TTFB and origin response-time percentiles, and health checks, per
product's zone.

``python -m exporters.cloudflare``; docs/exporters/cloudflare.md describes it.
"""
