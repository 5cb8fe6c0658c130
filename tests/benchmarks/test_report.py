"""``make bench``'s JSON figures and ``--compare`` (``benchmarks/_report.py``)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import _report


def test_figures_written_are_read_back(tmp_path: Path) -> None:
    path = _report.write("dashboards", {"example.max_panel_samples": 12716}, tmp_path)
    assert path == tmp_path / "dashboards.json"
    assert _report.read(path) == ("dashboards", {"example.max_panel_samples": 12716.0})


def test_a_comparison_prints_old_new_and_their_ratio() -> None:
    text = _report.comparison({"a": 200.0, "gone": 1.0}, {"a": 50.0, "new": 2.0})
    lines = text.splitlines()
    # a: 50 / 200 = 0.250
    assert lines[1].split() == ["a", "200", "50", "0.250"]
    assert lines[2].split() == ["gone", "only", "in", "the", "old", "run"]
    assert lines[3].split() == ["new", "only", "in", "the", "new", "run"]


def test_the_goal_table_gives_measured_over_goal() -> None:
    from benchmarks import _goals

    text = _goals.table({"github_exporter": {"exporter_rss_mib": 90.0}})
    rss = next(line for line in text.splitlines() if line.startswith("GitHub exporter RSS"))
    # 90 MiB against at most 60 MiB: 90 / 60 = 1.50; the p99 figure is missing
    assert rss.split()[-4:] == ["<=", "60", "MiB", "1.50"]
    assert "not measured" in text
