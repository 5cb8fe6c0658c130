"""The shared exporter toolkit: settings, upstream client, refresh loop, HTTP server, health.

An exporter is: a settings dataclass (``settings``), an ``UpstreamClient`` (``http``), one or
more refresh sources (``refresh``) that publish snapshots a collector serves, ``SelfMetrics``
(``selfmetrics``) and an ``ExporterServer`` (``server``); ``runner.serve`` wires them together
with graceful shutdown on SIGTERM.
"""
