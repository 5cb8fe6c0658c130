"""The GitHub exporter: DORA four keys and GitHub Actions builds (``python -m exporters.github``)."""
