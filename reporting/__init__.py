"""The portfolio report: what Prometheus holds over a period, as Markdown, charts, JSON and CSV.

Sits above the pipeline like the stack runner: it reads the config (``portfolio``) and a
Prometheus over its HTTP API, and imports neither the generators nor the exporters.
"""
