"""Detection latency of a real outage, end to end, against the floor the config implies.

The stack of ``tests/incident_bridge/stack.py`` runs under ``make stack`` (real
blackbox_exporter, Prometheus and Alertmanager; the bridge and the GitHub exporter as the
supervisor starts them; fake PagerDuty, Slack and GitHub, a real SMTP server). Both products'
health endpoints turn to 500; the time from that fault to each channel's first ProductDown
delivery is compared with ``for`` + probe/scrape interval + evaluation interval +
``group_wait`` (8 s with the scenario's 1 s intervals and 5 s ``for``). GitHub gets its issue
from the availability budget page, which has no ``for:``, so it may beat the floor.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.incident_bridge import stack


def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, stack.running_stack(Path(tmp)) as running:
        latencies = stack.outage_latencies(running)
    print(
        f"floor {stack.FLOOR:.0f}s = for {stack.FOR:.0f}s + scrape {stack.INTERVAL:.0f}s "
        f"+ evaluation {stack.INTERVAL:.0f}s + group_wait {stack.GROUP_WAIT:.0f}s"
    )
    print(f"{'channel':<12} {'latency':>9} {'/ floor':>8}")
    figures: dict[str, float] = {"floor_s": stack.FLOOR}
    for key, seconds in latencies.items():
        channel = key.removesuffix("_s")
        if channel == "resolve":
            print(f"{'resolve':<12} {seconds:>8.2f}s {'':>8}  (recovery to every issue closed)")
        else:
            print(f"{channel:<12} {seconds:>8.2f}s {seconds / stack.FLOOR:>8.2f}")
            figures[f"{channel}_ratio"] = seconds / stack.FLOOR
        figures[key] = seconds
    return figures
