"""The exporters work without the generators: in a fresh interpreter where importing
``generators`` fails, every exporters module imports and the exporter tests pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK = "import sys; sys.modules['generators'] = None\n"
IMPORT_ALL = (
    BLOCK
    + """
import importlib, pkgutil
import exporters
names = sorted(m.name for m in pkgutil.walk_packages(exporters.__path__, "exporters."))
for name in names:
    importlib.import_module(name)
try:
    import generators.pipeline
except ImportError:
    print("generators blocked")
print("\\n".join(names))
"""
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_every_exporters_module_imports_without_the_generators() -> None:
    proc = run("-c", IMPORT_ALL)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "generators blocked"
    for name in (
        "exporters.ci_report",
        "exporters.github.__main__",
        "exporters.github.app",
        "exporters.toolkit.app",
        "exporters.toolkit.kit",
    ):
        assert name in lines, name


def test_the_exporter_unit_tests_pass_without_the_generators() -> None:
    proc = run(
        "-m",
        "pytest",
        "tests/exporters",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "tests.exporters.no_generators",
        "-m",
        "not integration",
        "-k",
        "not without_the_generators",
    )
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-5000:]
    assert " passed" in proc.stdout and "error" not in proc.stdout.splitlines()[-1]
