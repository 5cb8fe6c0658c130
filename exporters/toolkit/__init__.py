"""The shared exporter toolkit: the template every exporter is written from.

An exporter writes its settings dataclass (``settings``), its upstream calls through
``UpstreamClient`` (``http``) with the vendor's pagination (``pagination``) and rate-limit
(``ratelimit``) policies, its refresh sources (``refresh``) and a collector of catalog families
(``families``). ``kit.ExporterKit`` builds the rest (self-metrics, client, refresh loop,
exposition, server) and ``app.run_exporter(spec)`` is its command line: ``--help``,
``--check-config``, subcommands, serving until SIGTERM. docs/exporters/writing-an-exporter.md
walks through a complete one.
"""
