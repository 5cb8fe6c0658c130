"""Portfolio observability as code: ``portfolio.yaml`` in, monitoring artifacts out.

Pipeline: YAML text -> spec (mirrors the file, strict) -> model (frozen, derived ids and
merged defaults) -> one stage per artifact kind (``generators/<stage>/``, each with one
``build``) -> writer (``generators.output``, the only part that touches files).
"""
