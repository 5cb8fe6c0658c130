"""The only code that writes files: atomic, only when content changed, removes stale outputs.

The manifest (``.generated-files``) lists every file the last run wrote; a file listed there
but no longer produced (a removed product's rules, say) is deleted.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generators.errors import WriteError

MANIFEST = ".generated-files"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def previous_outputs(root: Path) -> list[str]:
    manifest = root / MANIFEST
    if not manifest.exists():
        return []
    return [line for line in manifest.read_text().splitlines() if line and not line.startswith("#")]


def manifest_text(paths: list[str]) -> str:
    return (
        "# Files written by `make generate`; stale ones are removed on the next run.\n"
        + "".join(f"{p}\n" for p in sorted(paths))
    )


def write_all(outputs: Mapping[str, str], root: Path) -> WriteReport:
    """Write ``outputs`` under ``root``. Everything was built before this is called, so a
    config error never leaves a half-written tree."""
    report = WriteReport()
    stale = sorted(set(previous_outputs(root)) - set(outputs))
    try:
        for rel, text in outputs.items():
            path = root / rel
            if path.exists() and path.read_text(encoding="utf-8") == text:
                report.unchanged.append(rel)
                continue
            _atomic_write(path, text)
            report.written.append(rel)
        for rel in stale:
            (root / rel).unlink(missing_ok=True)
            report.removed.append(rel)
            _prune_empty_dirs((root / rel).parent, root)
        _atomic_write(root / MANIFEST, manifest_text(list(outputs)))
    except OSError as exc:
        raise WriteError(f"cannot write {exc.filename}: {exc.strerror}") from exc
    return report


def _prune_empty_dirs(directory: Path, root: Path) -> None:
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def diff_against_disk(outputs: Mapping[str, str], root: Path) -> list[str]:
    """Paths whose committed content differs from what would be generated."""
    stale = []
    for rel, text in outputs.items():
        path = root / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(rel)
    for rel in sorted(set(previous_outputs(root)) - set(outputs)):
        if (root / rel).exists():
            stale.append(rel)
    manifest = root / MANIFEST
    if not manifest.exists() or manifest.read_text() != manifest_text(list(outputs)):
        stale.append(MANIFEST)
    return stale
