"""Benchmarks (`make bench`). Each module here has a ``main()`` that prints its figures.

Timings are ratios measured in one run on the same machine, never thresholds in unit tests.
"""
