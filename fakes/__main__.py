"""``python -m fakes``: every fake upstream a portfolio needs, with its moving history, until
SIGTERM or Ctrl-C. The compose ``demo`` profile runs it as the ``fakes`` service (the
exporters image); ``portfolio-obs demo`` starts the same fakes in its own process instead.

Each fake listens on its port of ``portfolio.demo.FAKE_PORTS`` and accepts only its demo-only
token (``portfolio.demo.DEMO_TOKENS``). The products' own services get a fake instance per port
their targets name (``fakes.services``); in compose the ``fakes`` service answers under the
targets' host names (network aliases), so Prometheus scrapes them where the config says.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import threading
import time
from collections.abc import Sequence

from fakes.base import FakeAPI
from fakes.cloudflare import FakeCloudflare
from fakes.github_issues import FakeGitHubIssues
from fakes.history import Fakes, History
from fakes.plausible import FakePlausible
from fakes.posthog import FakePosthog
from fakes.services import FakeService
from portfolio import demo
from portfolio.config.loader import load_config

log = logging.getLogger("fakes")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fakes", description=__doc__)
    parser.add_argument("--config", default="portfolio.yaml", help="the portfolio config")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="seed of the history")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    FakeAPI.bind_host = args.host
    ports, tokens = demo.FAKE_PORTS, demo.DEMO_TOKENS
    fakes = Fakes(
        github=FakeGitHubIssues(token=tokens["github"], port=ports["github"]),
        plausible=FakePlausible(tokens["plausible"], port=ports["plausible"]),
        cloudflare=FakeCloudflare(tokens["cloudflare"], port=ports["cloudflare"]),
        posthog=FakePosthog(tokens["posthog"], port=ports["posthog"]),
    )
    portfolio = load_config(args.config)
    by_port: dict[int, FakeService] = {}
    for product in portfolio.products:
        for service in product.services:
            instances = []
            for target in service.targets:
                port = int(target.rpartition(":")[2])
                if port not in by_port:
                    by_port[port] = FakeService(service.convention.name, port=port)
                instances.append(by_port[port])
            fakes.services[(product.id, service.name, service.environment)] = instances
    history = History(portfolio, args.seed, time.time()).attach(fakes)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    with contextlib.ExitStack() as stack:
        for name in demo.FAKE_PORTS:
            stack.enter_context(getattr(fakes, name))
            log.info("fake %-10s on %s:%d", name, args.host, ports[name])
        for port, instance in sorted(by_port.items()):
            stack.enter_context(instance)
            log.info("fake service (%s) on %s:%d", instance.convention, args.host, port)
        history.run(stop, time.time)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
