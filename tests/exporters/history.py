"""The fixture history the GitHub exporter tests serve from the fake API.

Times are minutes before ``now`` (``ago(m)``), so the history is always inside the 30-day
window whatever day the tests run. The expected DORA and build values are worked out by hand
in ``test_github_correctness.py`` from the tables below; keep the two in step.

Deployment statuses arrive 10 minutes after the deployment is created.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fakes.github import FakeGitHub, iso

PORTFOLIO = Path(__file__).parent / "fixtures" / "portfolio.yaml"
MIN = 60.0

# repo -> [(sha, author minutes ago)], oldest first (a linear history)
COMMITS = {
    "acme/alpha-api": [
        ("a1", 40000),
        ("a2", 34000),
        ("a3", 33950),
        ("a4", 28000),
        ("a5", 20000),
        ("a6", 19990),
        ("a7", 12000),
        ("a8", 6000),
        ("a9", 3000),
        ("a10", 2950),
        ("a11", 1000),
        ("a12", 500),
    ],
    "acme/beta-web": [("w1", 43000), ("w2", 30000), ("w3", 29000), ("w4", 900)],
    "acme/beta-worker": [("k1", 25000), ("k2", 11000)],
}
# (repo, id, sha, environment, created minutes ago, final state, task)
DEPLOYMENTS = [
    ("acme/alpha-api", 101, "a1", "production", 39900, "success", "deploy"),
    ("acme/alpha-api", 102, "a3", "production", 33900, "success", "deploy"),
    ("acme/alpha-api", 103, "a4", "production", 27900, "success", "deploy"),
    ("acme/alpha-api", 104, "a6", "production", 19900, "failure", "deploy"),
    ("acme/alpha-api", 105, "a6", "production", 19870, "success", "deploy"),
    ("acme/alpha-api", 106, "a7", "production", 11900, "success", "deploy"),
    ("acme/alpha-api", 107, "a8", "production", 5900, "success", "deploy"),
    ("acme/alpha-api", 108, "a10", "production", 2900, "success", "deploy"),
    ("acme/alpha-api", 109, "a11", "production", 900, "success", "deploy"),
    ("acme/alpha-api", 110, "a12", "production", 400, "success", "deploy"),
    ("acme/beta-web", 201, "w1", "prod", 41000, "success", "deploy"),
    ("acme/beta-web", 202, "w3", "prod", 20000, "success", "deploy"),
    ("acme/beta-web", 203, "w1", "prod", 19000, "success", "deploy:rollback"),
    ("acme/beta-web", 204, "w4", "staging", 850, "success", "deploy"),  # not production
    ("acme/beta-worker", 301, "k1", "prod", 24000, "error", "deploy"),
    ("acme/beta-worker", 302, "k2", "prod", 9000, "success", "deploy"),
]
# (repo, number, opened minutes ago, closed minutes ago or None, labels, is a pull request)
ISSUES = [
    ("acme/alpha-api", 1, 5000, 4940, ["incident"], False),
    ("acme/alpha-api", 2, 3000, 2000, ["bug"], False),  # not an incident
    # opened 13 min after failed deployment 104 was created, closed after 105 fixed it
    ("acme/alpha-api", 3, 19887, 19850, ["incident"], False),
    ("acme/beta-web", 7, 18000, 16560, ["incident", "sev2"], False),
    ("acme/beta-web", 8, 100, None, ["incident"], False),
    ("acme/beta-web", 9, 700, None, ["incident"], True),  # a pull request: never an incident
]
# (repo, run id, workflow, branch, created minutes ago, conclusion or status, updated +s,
#  jobs [(job id, name, start +s, end +s, conclusion)])
RUNS = [
    (
        "acme/alpha-api",
        1001,
        "CI",
        "main",
        3000,
        "success",
        610,
        [(5001, "build", 60, 360, "success"), (5002, "test", 60, 600, "success")],
    ),
    (
        "acme/alpha-api",
        1002,
        "CI",
        "feature/x",
        2500,
        "failure",
        340,
        [(5003, "build", 30, 330, "success"), (5004, "test", 30, 230, "failure")],
    ),
    (
        "acme/alpha-api",
        1003,
        "Deploy",
        "main",
        2000,
        "success",
        910,
        [(5005, "deploy", 5, 905, "success")],
    ),
    (
        "acme/alpha-api",
        1004,
        "CI",
        "main",
        1500,
        "cancelled",
        185,
        [(5006, "build", 120, 180, "cancelled"), (5007, "test", 185, 185, "skipped")],
    ),
    ("acme/alpha-api", 1005, "CI", "main", 10, "in_progress", 60, []),
    ("acme/alpha-api", 1006, "CI", "main", 2, "queued", 0, []),
    (
        "acme/beta-web",
        2001,
        "Build",
        "main",
        2200,
        "success",
        1215,
        [(5101, "compile", 10, 1210, "success")],
    ),
]


# A re-run: run 1007 (CI, main) created 800 min ago failed, and was re-run an hour later
# (attempt 2, run_started_at +3600 s) and succeeded 400 s after that; only attempt 2 is listed,
# as GitHub lists a run's latest attempt. Its job: build +3620 s -> +4000 s.
RERUN = ("acme/alpha-api", 1007, "CI", "main", 800, 3600, 400, (5010, "build", 20, 400))


def load(gh: FakeGitHub, now: float) -> Callable[[float], float]:
    """Fill ``gh`` with the fixture history; returns ``ago(minutes) -> unix time``."""

    def ago(minutes: float) -> float:
        return now - minutes * MIN

    for repo, commits in COMMITS.items():
        gh.repo(repo)
        for sha, minutes in commits:
            gh.add_commit(repo, sha, ago(minutes))
    for repo, did, sha, env, created, state, task in DEPLOYMENTS:
        gh.add_deployment(repo, did, sha, env, ago(created), task=task)
        gh.add_status(repo, did, "in_progress", ago(created) + 60)
        gh.add_status(repo, did, state, ago(created) + 10 * MIN)
        if state == "success":
            gh.add_status(repo, did, "inactive", ago(created) + 20 * MIN)  # superseded later
    for repo, number, opened, closed, labels, is_pr in ISSUES:
        gh.add_issue(
            repo, number, ago(opened), None if closed is None else ago(closed), labels, is_pr
        )
    for repo, rid, workflow, branch, created, outcome, updated, jobs in RUNS:
        done = outcome not in ("in_progress", "queued")
        gh.add_run(
            repo,
            rid,
            workflow,
            branch,
            ago(created),
            "completed" if done else outcome,
            outcome if done else None,
            ago(created) + updated,
        )
        for jid, name, start, end, conclusion in jobs:
            gh.add_job(repo, rid, jid, name, ago(created) + start, ago(created) + end, conclusion)
    repo, rid, workflow, branch, created, rerun_at, took, (jid, name, start, end) = RERUN
    began = ago(created) + rerun_at
    run = gh.add_run(
        repo, rid, workflow, branch, ago(created), "completed", "success", began + took, attempt=2
    )
    run["run_started_at"] = iso(began)
    gh.add_job(repo, rid, jid, name, began + start, began + end, "success", attempt=2)
    return ago
