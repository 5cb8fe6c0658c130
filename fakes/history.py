"""A moving history for the fake upstreams: what a portfolio's products did over the last
weeks, and what they keep doing while the demo runs, so every dashboard has data.

``History(portfolio, seed, start)`` owns one stream of events per product and kind (GitHub
deployments with their commits, statuses and incident issues; workflow runs with jobs;
Plausible visits; Cloudflare request minutes, threats and health checks; PostHog feature
events, funnel journeys, flag exposures, cohorts and experiment results). Each stream draws its
gaps and outcomes from its own ``random.Random`` seeded by ``(seed, product, kind)``, so the same
seed and start give the same history, whatever the wall clock says. ``advance(now)`` writes
into the attached fakes every event whose time has come; events planned for later (a status
ten minutes after its deployment, a run's completion) wait in a queue until then, because a
fake serves everything it stores.

Before ``start`` the streams run at a realistic pace (a few deployments a day, a visit every
few minutes), thinned to what the exporters' windows read (30 days of deployments, 7 days of
runs, a day of Cloudflare minutes); after it, at demo pace (a deployment every half minute, a
visit a second), so the exporters' counters move within their first refreshes.

It only stores records in the fakes: what they mean (lead times, levels, significance) is the
exporters' business.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from fakes.cloudflare import FakeCloudflare, Group, Zone
from fakes.github import FakeGitHub
from fakes.plausible import FakePlausible, visit
from fakes.posthog import Event, FakePosthog, Project
from fakes.services import FakeService
from portfolio.config.model import Portfolio

MIN, HOUR, DAY = 60.0, 3600.0, 86400.0
DEPLOY_HISTORY = 37 * DAY  # the GitHub exporter's default history: its 30-day window + 7 days
RUN_HISTORY = 7 * DAY  # its builds window
VISIT_HISTORY = 31 * DAY  # Plausible's longest default period is 30d
CLOUDFLARE_HISTORY = DAY  # what a free zone may read; the exporter asks for recent minutes
POSTHOG_HISTORY = 31 * DAY  # PostHog periods of the example: 7d and 30d

# (gap before start, gap after start) in seconds, the mean of an exponential draw.
PACE: dict[str, tuple[float, float]] = {
    "deployment": (8 * HOUR, 15.0),
    "run": (2 * HOUR, 10.0),
    "visit": (10 * MIN, 1.0),
    "posthog": (15 * MIN, 1.0),
    "outage": (float("inf"), 300.0),  # upstream trouble: only while the demo runs
    "traffic": (float("inf"), 1.0),  # a product's own services: counters, only while running
}
ROUTES = ("/", "/api/items", "/api/items/{id}", "/health")
# Failed answers in a row: enough for a whole refresh to fail, each of its requests exhausting
# its 4 attempts (the toolkit's RetryPolicy), even when sources refresh at once and share them.
OUTAGE_REQUESTS = 40
# GitHub's exporter makes its requests one at a time: 12 fail one refresh (3 x 4 attempts)
# without holding up the next ones behind minutes of backoff.
GITHUB_OUTAGE_REQUESTS = 12
FIRST_OUTAGE = 20.0  # seconds after start: the exporters have made their first refreshes
FAILURE_RATE = 0.15  # deployments that fail (and open an incident)
WORKFLOWS = (("CI", ("build", "test")), ("Deploy", ("deploy",)))
PAGES = ("/", "/pricing", "/docs", "/blog", "/about", "/signup")
SOURCES = ("Google", "Direct / None", "Twitter", "GitHub", "Newsletter")
STATUSES = ((200, 0.9), (304, 0.04), (404, 0.04), (500, 0.015), (503, 0.005))
CACHE = ("hit", "miss", "dynamic")
PERSONS = 200  # people per PostHog project
EXPERIMENT_SAMPLES = 1000


def _rng(seed: int, *keys: object) -> random.Random:
    # A string seed is hashed with SHA-512 by random.seed: stable across runs and processes.
    return random.Random(f"{seed}:" + ":".join(map(str, keys)))


def _hex(*keys: object, length: int = 32) -> str:
    """A stable hex id of ``keys`` (zone ids, commit SHAs): ``hash()`` changes per process."""
    return hashlib.sha256(":".join(map(str, keys)).encode()).hexdigest()[:length]


def _pick(rng: random.Random, weighted: tuple[tuple[Any, float], ...]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


@dataclass(order=True)
class _Planned:
    at: float
    order: int
    action: Callable[[], object] = field(compare=False)


@dataclass
class _Stream:
    """One kind of event of one product: the next time it happens and its random source."""

    name: str
    rng: random.Random
    next_at: float
    emit: Callable[[float, random.Random], None]
    pace: tuple[float, float]


@dataclass
class Fakes:
    """The fakes a history writes into (any of them may be absent)."""

    github: FakeGitHub | None = None
    plausible: FakePlausible | None = None
    cloudflare: FakeCloudflare | None = None
    posthog: FakePosthog | None = None
    # A product's own services: (product, service, environment) -> its fake instances.
    services: dict[tuple[str, str, str], list[FakeService]] = field(default_factory=dict)


class History:
    """Use ``History(portfolio, seed, start).attach(fakes)``, then ``advance(now)`` as often
    as you like (``run(stop)`` does it every second in a thread)."""

    def __init__(self, portfolio: Portfolio, seed: int, start: float) -> None:
        self.portfolio = portfolio
        self.seed = seed
        self.start = start
        self.fakes = Fakes()
        self.streams: list[_Stream] = []
        self.planned: list[_Planned] = []
        self.order = itertools.count()
        self.lock = threading.Lock()
        self.ids = itertools.count(1_000_000)
        self.now = start
        self.zones: list[tuple[Zone, random.Random]] = []
        self.cloudflare_until = start - CLOUDFLARE_HISTORY

    # -- wiring ------------------------------------------------------------------------------
    def attach(self, fakes: Fakes) -> History:
        """Register every product's streams for the fakes given, and fill in the past."""
        self.fakes = fakes
        for product in self.portfolio.products:
            pid, configs = product.id, product.source_configs
            github: Any = configs.get("github")
            if fakes.github is not None and github is not None:
                for repo in github.repos:
                    self._github_repo(pid, repo, product.environments)
            plausible: Any = configs.get("plausible")
            if fakes.plausible is not None and plausible is not None:
                self._plausible(pid, plausible.site_id)
            cloudflare: Any = configs.get("cloudflare")
            if fakes.cloudflare is not None and cloudflare is not None:
                self._cloudflare(pid, cloudflare.zone)
            posthog: Any = configs.get("posthog")
            if fakes.posthog is not None and posthog is not None:
                self._posthog(pid, posthog)
        self._outages()
        for (pid, service, environment), instances in fakes.services.items():
            for index, instance in enumerate(instances):
                self._service_traffic(f"{pid}:{service}:{environment}:{index}", instance)
        self.advance(self.start)
        return self

    def _stream(
        self,
        name: str,
        first: float,
        emit: Callable[[float, random.Random], None],
        pace: str,
        jitter: float = 60.0,
    ) -> None:
        rng = _rng(self.seed, name)
        self.streams.append(_Stream(name, rng, first + rng.uniform(0, jitter), emit, PACE[pace]))

    def later(self, at: float, action: Callable[[], object]) -> None:
        """Do ``action`` once the history reaches ``at``."""
        heapq.heappush(self.planned, _Planned(at, next(self.order), action))

    # -- time --------------------------------------------------------------------------------
    def advance(self, now: float) -> None:
        """Write every event up to ``now`` into the fakes, in time order per stream."""
        with self.lock:
            self.now = max(self.now, now)
            for stream in self.streams:
                while stream.next_at <= now:
                    at = stream.next_at
                    stream.emit(at, stream.rng)
                    mean = stream.pace[0] if at < self.start else stream.pace[1]
                    following = at + max(1.0, stream.rng.expovariate(1 / mean))
                    if at < self.start <= following:  # the demo's pace starts at start
                        following = self.start + stream.rng.expovariate(1 / stream.pace[1])
                    stream.next_at = following
            while self.planned and self.planned[0].at <= now:
                heapq.heappop(self.planned).action()
            if self.fakes.cloudflare is not None:
                self._cloudflare_minutes(now)

    def run(self, stop: threading.Event, clock: Callable[[], float], every: float = 1.0) -> None:
        """Advance to ``clock()`` every ``every`` seconds until ``stop`` is set."""
        while not stop.wait(every):
            self.advance(clock())

    # -- GitHub ------------------------------------------------------------------------------
    def _github_repo(self, product: str, repo: str, environments: tuple[str, ...]) -> None:
        gh = self.fakes.github
        assert gh is not None
        gh.repo(repo)
        production = self.portfolio.dora.production_environment
        label = self.portfolio.dora.incident_label
        state = {"shas": 0, "deployed": 0, "issues": 0}

        def commit(at: float) -> str:
            state["shas"] += 1
            sha = _hex(self.seed, repo, state["shas"], length=40)
            gh.add_commit(repo, sha, at)
            return sha

        def deployment(at: float, rng: random.Random) -> None:
            live = at >= self.start
            # One to three commits a change, written minutes (demo) or hours (history) before.
            scale = 2 * MIN if live else 6 * HOUR
            sha = ""
            for k in range(rng.randint(1, 3), 0, -1):
                sha = commit(at - k * rng.uniform(0.2, 1.0) * scale)
            others = [e for e in environments if e != production]
            env = rng.choice(others) if others and rng.random() < 0.2 else production
            did = next(self.ids)
            gh.add_deployment(repo, did, sha, env, at)
            settle = rng.uniform(5, 20) if live else rng.uniform(3, 15) * MIN
            failed = rng.random() < FAILURE_RATE
            final = "failure" if failed else "success"
            self.later(at + 5, lambda: gh.add_status(repo, did, "in_progress", at + 5))
            self.later(at + settle, lambda: gh.add_status(repo, did, final, at + settle))
            if failed and env == production:
                state["issues"] += 1
                number = state["issues"]
                opened = at + settle + (5 if live else 5 * MIN)
                closed = opened + (rng.uniform(40, 120) if live else rng.uniform(0.5, 6) * HOUR)
                self.later(opened, lambda: gh.add_issue(repo, number, opened, None, [label]))
                self.later(closed, lambda: gh.close_issue(repo, number, closed))

        def run(at: float, rng: random.Random) -> None:
            live = at >= self.start
            workflow, jobs = WORKFLOWS[0] if rng.random() < 0.75 else WORKFLOWS[1]
            rid = next(self.ids)
            branch = "main" if rng.random() < 0.6 else f"feature/{rid % 97}"
            queue = rng.uniform(1, 5) if live else rng.uniform(5, 120)
            took = rng.uniform(10, 30) if live else rng.uniform(2, 15) * MIN
            conclusion = _pick(rng, (("success", 0.8), ("failure", 0.15), ("cancelled", 0.05)))
            gh.add_run(repo, rid, workflow, branch, at, "queued", None, at)
            began, done = at + queue, at + queue + took
            self.later(
                began,
                lambda: gh.add_run(repo, rid, workflow, branch, at, "in_progress", None, began),
            )

            def complete() -> None:
                gh.add_run(repo, rid, workflow, branch, at, "completed", conclusion, done)
                for k, name in enumerate(jobs):
                    end = began + took * (k + 1) / len(jobs)
                    start = began + took * k / len(jobs)
                    gh.add_job(repo, rid, next(self.ids), name, start, end, conclusion)

            self.later(done, complete)

        self._stream(
            f"{product}:{repo}:deployments", self.start - DEPLOY_HISTORY, deployment, "deployment"
        )
        self._stream(f"{product}:{repo}:runs", self.start - RUN_HISTORY, run, "run")

    # -- upstream trouble --------------------------------------------------------------------
    def _outages(self) -> None:
        """Now and then a vendor answers 5xx to a few requests in a row, as real ones do: the
        exporters' failure counters and last-good-data behaviour show on the dashboards."""
        fakes = self.fakes
        for name in ("github", "plausible", "cloudflare", "posthog"):
            fake: Any = getattr(fakes, name)
            if fake is None:
                continue

            def outage(at: float, rng: random.Random, fake: Any = fake) -> None:
                if isinstance(fake, FakeGitHub):
                    fake.add_fault(r"^/repos/", "status", count=GITHUB_OUTAGE_REQUESTS, status=502)
                else:
                    fake.fail("status", count=OUTAGE_REQUESTS, status=503)

            self._stream(f"{name}:outages", self.start + FIRST_OUTAGE, outage, "outage", 5.0)

    # -- a product's own services ------------------------------------------------------------
    def _service_traffic(self, name: str, instance: FakeService) -> None:
        """A second's requests at a time: mostly 2xx, some 4xx, about 1% 5xx."""

        def second(at: float, rng: random.Random) -> None:
            for _ in range(rng.randint(5, 30)):
                status = _pick(rng, ((200, 0.93), (404, 0.05), (500, 0.015), (503, 0.005)))
                seconds = rng.lognormvariate(-3.0, 0.8)  # median 50 ms, a long tail
                instance.serve(rng.choice(ROUTES), status, seconds)

        self._stream(f"{name}:traffic", self.start, second, "traffic", 1.0)

    # -- Plausible ---------------------------------------------------------------------------
    def _plausible(self, product: str, site: str) -> None:
        fake = self.fakes.plausible
        assert fake is not None
        visits = fake.traffic.setdefault(site, [])

        def one(at: float, rng: random.Random) -> None:
            visitor = f"v{rng.randrange(5000)}"
            pages = rng.sample(PAGES, k=1 if rng.random() < 0.45 else rng.randint(2, 4))
            source = _pick(rng, tuple(zip(SOURCES, (0.45, 0.3, 0.1, 0.1, 0.05), strict=True)))
            visits.append(visit(visitor, at, source, *pages, gap=rng.uniform(10, 90)))

        self._stream(f"{product}:{site}:visits", self.start - VISIT_HISTORY, one, "visit")

    # -- Cloudflare --------------------------------------------------------------------------
    def _cloudflare(self, product: str, zone_name: str) -> None:
        fake = self.fakes.cloudflare
        assert fake is not None
        zone_id = zone_name if len(zone_name) == 32 else _hex(self.seed, zone_name)
        zone = fake.add_zone(Zone(zone_id, zone_name, plan="pro"))
        zone.healthchecks.append(
            {
                "id": f"hc-{product}",
                "name": f"{product}-origin",
                "address": f"origin.{zone_name}",
                "status": "healthy",
                "failure_reason": "",
            }
        )
        self.zones.append((zone, _rng(self.seed, product, zone_name, "minutes")))

    def _cloudflare_minutes(self, now: float) -> None:
        """Fill every whole minute up to ``now``; the fake hides unsettled ones itself."""
        first = int(self.cloudflare_until // MIN * MIN)
        last = int(now // MIN * MIN)
        for minute in range(first, last + 1, int(MIN)):
            for zone, rng in self.zones:
                if minute in zone.minutes:
                    continue
                total = rng.randint(200, 600)
                groups = []
                for status, share in STATUSES:
                    count = max(1, int(total * share * rng.uniform(0.6, 1.4)))
                    groups.append(
                        Group(
                            status,
                            rng.choice(CACHE) if status < 400 else "dynamic",
                            count,
                            bytes_each=rng.randint(800, 40_000),
                            ttfb_ms=rng.uniform(20, 150),
                            origin_ms=rng.uniform(40, 600),
                        )
                    )
                zone.minutes[minute] = groups
                zone.firewall[minute] = {"block": rng.randint(0, 5), "challenge": rng.randint(0, 3)}
                unhealthy = rng.random() < 0.02
                for check in zone.healthchecks:
                    check["status"] = "unhealthy" if unhealthy else "healthy"
                    check["failure_reason"] = "TCP connection failed" if unhealthy else ""
        self.cloudflare_until = max(self.cloudflare_until, last + MIN)

    # -- PostHog -----------------------------------------------------------------------------
    def _posthog(self, product: str, source: Any) -> None:
        fake = self.fakes.posthog
        assert fake is not None
        project = fake.projects.setdefault(source.project_id, Project())
        persons = [f"{product}-p{i}" for i in range(PERSONS)]
        cohort_rng = _rng(self.seed, product, "cohorts")
        for cohort in source.cohorts:
            members = set(cohort_rng.sample(persons, k=cohort_rng.randint(10, PERSONS // 2)))
            project.cohorts[cohort.id] = (cohort.name, members)
        for experiment in source.experiments:
            if experiment.id is not None:
                project.experiments[experiment.id] = _experiment_result(
                    _rng(self.seed, product, experiment.name)
                )
        features = [f.event for f in source.features]
        funnels = [[s.event for s in funnel.steps] for funnel in source.funnels]
        flags = [(e.flag, e.event, e.control) for e in source.experiments if e.flag is not None]

        def one(at: float, rng: random.Random) -> None:
            person = rng.choice(persons)
            events = project.events
            if features:
                events.append(Event(person, rng.choice(features), at))
            if funnels:
                steps = rng.choice(funnels)
                reach = rng.choices(range(1, len(steps) + 1), weights=range(len(steps), 0, -1))[0]
                for k, event in enumerate(steps[:reach]):
                    events.append(Event(person, event, at + k * rng.uniform(5, 60)))
            for flag, event, control in flags:
                variant = control if rng.random() < 0.5 else "test"
                props = {"$feature_flag": flag, "$feature_flag_response": variant}
                events.append(Event(person, "$feature_flag_called", at, props))
                if rng.random() < (0.3 if variant == control else 0.4):
                    events.append(Event(person, event, at + rng.uniform(5, 60)))

        self._stream(f"{product}:posthog", self.start - POSTHOG_HISTORY, one, "posthog")


def _experiment_result(rng: random.Random) -> dict[str, Any]:
    """An ``ExperimentQuery`` answer as PostHog computes it (stored, passed through)."""
    base = rng.randint(80, 120)
    lift = rng.randint(0, 40)
    return {
        "baseline": {
            "key": "control",
            "number_of_samples": EXPERIMENT_SAMPLES,
            "sum": base,
            "sum_squares": base,
        },
        "variant_results": [
            {
                "key": "test",
                "method": "bayesian",
                "number_of_samples": EXPERIMENT_SAMPLES,
                "sum": base + lift,
                "sum_squares": base + lift,
                "chance_to_win": round(0.5 + lift / 90, 4),
                "credible_interval": [round(lift / 400 - 0.05, 4), round(lift / 150 + 0.1, 4)],
                "significant": lift > 25,
            }
        ],
    }


def iter_sources(portfolio: Portfolio) -> Iterator[str]:
    """The fake upstreams a portfolio's products need (``github``, ``plausible``...)."""
    used = set(portfolio.sources_in_use())
    yield from (name for name in ("github", "plausible", "cloudflare", "posthog") if name in used)
