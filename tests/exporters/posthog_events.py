"""Fixture data of the PostHog exporter tests: timestamped events, cohorts and PostHog's stored
experiment results for the two projects of ``fixtures/posthog-portfolio.yaml``. The expected
figures are computed by hand in the tests (``test_posthog_exporter.py``) from this list."""

from __future__ import annotations

from fakes.posthog import Event, Project

DAY = 86400.0
FLAG = {"$feature_flag": "new-nav"}

# PostHog's own ExperimentQuery answer for experiment 42 (Bayesian: chance to win, credible
# interval of the relative lift, verdict), passed through by the exporter.
CHECKOUT = {
    "baseline": {"key": "control", "number_of_samples": 1000, "sum": 100, "sum_squares": 100},
    "variant_results": [
        {
            "key": "test",
            "method": "bayesian",
            "number_of_samples": 1000,
            "sum": 130,
            "sum_squares": 130,
            "chance_to_win": 0.9712,
            "credible_interval": [0.0512, 0.5671],
            "significant": True,
        }
    ],
}


def platform(now: float) -> Project:
    """Project 10001: features and the signup funnel; p1..p10."""
    events = [Event(f"p{i}", "login", now - DAY) for i in range(1, 9)]  # p1..p8 in 7d
    events += [Event(f"p{i}", "login", now - 20 * DAY) for i in (9, 10)]  # only in 30d
    events += [Event("p1", "deployed", now - DAY + k) for k in range(3)]
    events += [Event("p2", "deployed", now - DAY)]
    events += [Event("p3", "deployed", now - 10 * DAY + k) for k in range(2)]  # only in 30d
    events += [Event(f"p{i}", "docs_viewed", now - 2 * DAY) for i in range(1, 5)]
    # Signup funnel (window 1 day): p1..p8 visit; p1..p6 sign up 600*i s later; p7 signs up
    # two days later (outside the window); p1..p3 activate 3600*i s after signing up; p4
    # "activates" before signing up (not in order).
    start = now - 3 * DAY
    for i in range(1, 9):
        events.append(Event(f"p{i}", "visited", start + 60 * i))
    for i in range(1, 7):
        events.append(Event(f"p{i}", "signed_up", start + 60 * i + 600 * i))
    events.append(Event("p7", "signed_up", start + 60 * 7 + 2 * DAY))
    for i in range(1, 4):
        events.append(Event(f"p{i}", "activated", start + 60 * i + 600 * i + 3600 * i))
    events.append(Event("p4", "activated", start))
    return Project(events=events, experiments={42: CHECKOUT})


def labs(now: float) -> Project:
    """Project 10002: the new-nav flag test (f1..f10 control, f11..f20 test) and cohorts."""
    events = []
    for i in range(1, 21):
        variant = "control" if i <= 10 else "test"
        properties = {**FLAG, "$feature_flag_response": variant}
        events.append(Event(f"f{i}", "$feature_flag_called", now - 2 * DAY, properties))
    events += [Event(f"f{i}", "nav_clicked", now - 2 * DAY + 60) for i in (1, 2)]
    events += [Event(f"f{i}", "nav_clicked", now - 2 * DAY + 60) for i in range(11, 19)]
    cohorts = {
        7: ("Power users", {f"f{i}" for i in range(11, 21)}),
        8: ("Dormant", {f"d{i}" for i in range(1, 6)}),
    }
    return Project(events=events, cohorts=cohorts)


def projects(now: float) -> dict[int, Project]:
    return {10001: platform(now), 10002: labs(now)}
