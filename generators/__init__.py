"""Portfolio observability as code: ``portfolio.yaml`` in, monitoring artifacts out.

Pipeline: YAML text -> spec (mirrors the file, strict) -> model (frozen, derived ids and
merged defaults) -> one pure builder per artifact kind -> writer (the only part that
touches files).
"""

__version__ = "0.1.0"
