"""Exporters that turn SaaS APIs into Prometheus metrics, built on the shared ``toolkit``.

Each exporter runs as its own process (``python -m exporters.<name>``), polls upstream on its
own schedule and serves the last good snapshot on ``/metrics``.
"""
