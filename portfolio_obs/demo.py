"""``portfolio-obs demo`` (``make demo``): the stack with no account and no token.

The fake upstreams (``fakes/``: GitHub with issue writes, Plausible, Cloudflare, PostHog) and
fake instances of the products' own services start on 127.0.0.1, fed by a moving history (``fakes.history``: weeks of past and events every few
seconds from now on, seeded by ``--seed``); then the stack runner starts Prometheus,
Alertmanager, blackbox_exporter, the Pushgateway, node_exporter, every exporter and the
incident bridge from the Debian packages on free ports, each exporter pointed at its fake
through its own ``*_API_URL`` setting with a demo-only token in its environment (the fakes
accept only that token; it is no credential anywhere else). Refresh intervals are shortened so
every dashboard has data within about a minute. The guide printed once everything is up
says what to open in the Prometheus UI. Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fakes.cloudflare import FakeCloudflare
from fakes.github_issues import FakeGitHubIssues
from fakes.history import Fakes, History
from fakes.plausible import FakePlausible
from fakes.posthog import FakePosthog
from fakes.services import FakeService
from portfolio import demo as wiring
from portfolio import sources
from portfolio.catalog import incident_bridge as bridge
from portfolio.config.loader import load_config
from portfolio.config.model import Portfolio

log = logging.getLogger("portfolio_obs.demo")

GUIDE_QUERIES = (
    (
        "production deployments in the last hour",
        "sum by (product) (increase(github_deployments_total[1h]))",
    ),
    ("workflow runs in progress", "sum by (product) (github_workflow_runs_in_progress)"),
    (
        "Cloudflare requests by status class",
        "sum by (product, status_class) (rate(cloudflare_requests_total[5m]))",
    ),
    ("visitors over the last 24 hours", 'plausible_visitors{period="24h"}'),
    ("feature adoption", "posthog_feature_adoption_ratio"),
    ("every scrape target", "up"),
)


@dataclass
class Upstreams:
    """The running fakes, the environment that points the stack's processes at them, and
    the model change that points the services' scrape targets at their fakes."""

    fakes: Fakes
    env: dict[str, str]

    def adjust(self, portfolio: Portfolio) -> Portfolio:
        """``portfolio`` with each service's targets replaced by its fake instances."""
        products = []
        for product in portfolio.products:
            services = tuple(
                dataclasses.replace(
                    service,
                    targets=tuple(
                        f"127.0.0.1:{fake.httpd.server_address[1]}"
                        for fake in self.fakes.services[
                            (product.id, service.name, service.environment)
                        ]
                    ),
                )
                for service in product.services
            )
            products.append(dataclasses.replace(product, services=services))
        return dataclasses.replace(portfolio, products=tuple(products))


@contextlib.contextmanager
def upstreams(config: str, seed: int, start: float) -> Iterator[Upstreams]:
    """Start the fakes on free ports with ``seed``'s history from ``start``; yields them and
    the demo environment (API URLs, demo tokens, fast refreshes) until the block ends."""
    portfolio = load_config(config)
    tokens = wiring.DEMO_TOKENS
    github = FakeGitHubIssues(token=tokens["github"])
    fakes = Fakes(
        github=github,
        plausible=FakePlausible(tokens["plausible"]),
        cloudflare=FakeCloudflare(tokens["cloudflare"]),
        posthog=FakePosthog(tokens["posthog"]),
        services={
            (product.id, service.name, service.environment): [
                FakeService(service.convention.name) for _ in service.targets
            ]
            for product in portfolio.products
            for service in product.services
        },
    )
    history = History(portfolio, seed, start).attach(fakes)
    stop = threading.Event()
    ticker = threading.Thread(
        target=history.run, args=(stop, time.time), name="demo-history", daemon=True
    )
    with contextlib.ExitStack() as stack:
        for fake in (fakes.github, fakes.plausible, fakes.cloudflare, fakes.posthog):
            assert fake is not None
            stack.enter_context(fake)
        for instances in fakes.services.values():
            for instance in instances:
                stack.enter_context(instance)
        assert fakes.plausible is not None and fakes.cloudflare is not None
        assert fakes.posthog is not None
        urls = {name: getattr(fakes, name).url for name in wiring.SETTINGS}
        env = wiring.environment(urls)
        ticker.start()
        try:
            yield Upstreams(fakes, env)
        finally:
            stop.set()
            ticker.join(timeout=5)


def guide(urls: Mapping[str, str], fakes: Fakes) -> str:
    """What to open once the demo runs: the Prometheus UI, a few queries, the fakes."""
    prometheus = urls["prometheus"]
    lines = [
        "",
        "Demo running: every upstream is a fake on 127.0.0.1 (no account, no token).",
        f"  Prometheus      {prometheus}/graph",
        f"  targets         {prometheus}/targets",
        f"  alerts          {prometheus}/alerts",
        f"  Alertmanager    {urls['alertmanager']}",
        "Queries to try (the dashboards' panels read the same series):",
    ]
    for title, query in GUIDE_QUERIES:
        lines.append(f"  {title}:\n    {query}")
    lines.append("Fake upstreams:")
    for name in ("github", "plausible", "cloudflare", "posthog"):
        fake: Any = getattr(fakes, name)
        lines.append(f"  {name:<15} {fake.url}")
    for (product, service, environment), instances in sorted(fakes.services.items()):
        where = ", ".join(f"{i.url}/metrics" for i in instances)
        lines.append(f"  {product}/{service} ({environment}): {where}")
    lines.append(
        "Grafana has no Debian package: the compose file's demo profile runs it "
        "(README: Try it without accounts)."
    )
    lines.append("Ctrl-C stops the demo.")
    return "\n".join(lines)


def stack_arguments(args: argparse.Namespace) -> list[str]:
    """The stack runner's command line for the demo: free ports, the short interval."""
    return [
        "--config",
        args.config,
        "--out",
        args.out,
        "--free-ports",
        "--interval",
        args.interval,
    ]


def run(args: argparse.Namespace, stopping: threading.Event, env: Mapping[str, str]) -> int:
    """Run the demo until ``stopping`` is set (or a process dies); the stack runner's codes."""
    from portfolio_obs import progress
    from stack_runner import supervisor

    # None of the shell's exporter settings reaches the demo: no real token, no real URL.
    prefixes = tuple(spec.env_prefix for spec in (*sources.EXPORTERS.values(), bridge.PROCESS))
    env = {name: value for name, value in env.items() if not name.startswith(prefixes)}
    with upstreams(args.config, args.seed, time.time()) as up:
        stack_args = supervisor._parser().parse_args(stack_arguments(args))

        def ready(urls: Mapping[str, str]) -> None:
            print(guide(urls, up.fakes), flush=True)

        return supervisor.run(
            stack_args, {**env, **up.env}, stopping, progress.bar, on_ready=ready, adjust=up.adjust
        )


def compose_command(config: str) -> str:
    """The ``docker compose`` command that runs the demo profile of ``config``'s compose file:
    the services that need no account, the fakes, and the twins of those that do."""
    from generators.stack import compose

    services = compose.build(load_config(config))["services"]
    return "docker compose --profile demo up -d --build " + " ".join(compose.demo_command(services))


def main(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    import signal

    if args.compose:
        from portfolio.errors import PortfolioError

        try:
            print(compose_command(args.config))
        except PortfolioError as exc:
            log.error("%s", exc)
            return 2
        return 0

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    stopping = threading.Event()

    def stop(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    from portfolio.errors import PortfolioError
    from stack_runner.supervisor import Interrupted, LocalStackError, ProcessFailed

    try:
        return run(args, stopping, env)
    except Interrupted as exc:
        log.info("%s", exc)
        return 0
    except ProcessFailed as exc:
        log.error("error: %s", exc)
        return 1
    except (LocalStackError, PortfolioError) as exc:
        log.error("error: %s", exc)
        return 2
