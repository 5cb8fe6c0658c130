"""Loopback ports: which are free, and a free one. Shared by ``make stack`` and the tests.

Imports nothing of the project, so the exporters' tests can use it without the generators.
"""

from __future__ import annotations

import socket

HOST = "127.0.0.1"  # everything the stack runner and the tests start listens here only


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def free_port() -> int:
    """A port nothing listens on now (the OS picks it; bind it soon, it is not reserved)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])
