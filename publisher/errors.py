"""The publisher's errors: ``PublishError`` for Grafana or the network (exit 1),
``InputError`` for bad input (exit 2)."""

from __future__ import annotations


class PublishError(Exception):
    """Grafana refused or could not be reached; the message names the dashboard or folder."""


class InputError(Exception):
    """The command line, the token or a dashboard file is not usable."""
