"""The report's errors: bad input (exit 2) apart from a Prometheus that failed (exit 1)."""

from __future__ import annotations


class ReportError(Exception):
    """Base of every error the report raises on purpose."""


class InputError(ReportError):
    """Bad input: the URL, a credential setting, the period or the config (exit 2)."""


class PrometheusError(ReportError):
    """Prometheus could not be reached, refused the credentials or failed a query (exit 1)."""
