"""``make stack`` in a test: the supervisor (``stack_runner``) runs a portfolio's generated
stack from the Debian packages in a thread, on the ports the test chose, and stops it after.

Integration tests that need the whole stack use this rather than starting each binary
themselves, so they run what users run: the same files, flags, gossip and environments.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import httpx

from stack_runner import supervisor
from tests.support import binaries

START_TIMEOUT = 60.0  # seconds until every process answers and ``ready`` holds


@contextlib.contextmanager
def make_stack(
    config: Path,
    out: Path,
    ports: Mapping[str, int],
    env: Mapping[str, str],
    ready: Callable[[dict[str, str]], bool] | None = None,
) -> Iterator[dict[str, str]]:
    """Run ``config``'s stack with ``--port`` for each of ``ports`` (``stack.addresses``
    components) and ``env`` as the shell's environment; yields component -> URL once every
    component answers and ``ready(urls)`` holds. A supervisor that ends early fails the wait
    with its reason."""
    argv = ["--config", str(config), "--out", str(out)]
    for name, port in ports.items():
        argv += ["--port", f"{name}={port}"]
    stopping = threading.Event()
    result: list[int | BaseException] = []

    def run() -> None:
        try:
            result.append(supervisor.run(supervisor._parser().parse_args(argv), env, stopping))
        except BaseException as exc:  # reported by the wait below, not lost in the thread
            result.append(exc)

    runner = threading.Thread(target=run, name="make-stack")
    runner.start()
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}

    def up() -> bool:
        if result:
            raise RuntimeError(f"make stack ended early: {result[0]!r}")
        try:
            for url in urls.values():
                httpx.get(url + "/metrics", timeout=2).raise_for_status()
            return ready is None or ready(urls)
        except httpx.HTTPError:
            return False

    try:
        binaries.wait_for(up, START_TIMEOUT, 0.2, "the stack under make stack")
        yield urls
    finally:
        stopping.set()
        runner.join(timeout=supervisor.STOP_TIMEOUT * 6)


def query(url: str, expr: str) -> list[dict[str, object]]:
    """Instant query of the Prometheus at ``url``."""
    response = httpx.get(url + "/api/v1/query", params={"query": expr}, timeout=30)
    body = response.json()
    if body.get("status") != "success":
        raise AssertionError(f"query {expr!r} failed: {body}")
    return list(body["data"]["result"])
