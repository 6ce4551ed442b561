"""Scratch files: a new file is written beside its target under a scratch name and swapped in when complete.

A scratch name carries the writing process (`.TARGET.cg-PID-TOKEN.KIND`), so what a killed process left behind
(a backup, a copy, a migration or a new workshop, each as large as the workshop) is found and removed the next
time the folder is used, while a scratch file another running window is still writing is left alone.
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from pathlib import Path

from app.lock import process_alive

KINDS = ("part", "new", "migrating")
_OURS = re.compile(r"^\..+\.cg-(\d+)-[0-9a-f]{8}\.(?:part|new|migrating)$")
# Names earlier versions used: mkstemp's random part, or a migration named by process only.
_OLD_MIGRATION = re.compile(r"^\..+\.cgw\.migrating-(\d+)$")
_OLD_RANDOM = re.compile(r"^\..+\.cgw\.[a-z0-9_]{8}\.(?:part|new)$")
OLD_AGE_S = 3600  # an old-style scratch file this old belongs to no save in progress


def scratch_path(target: Path, kind: str) -> Path:
    """A scratch name beside `target` for this process (not created)."""
    assert kind in KINDS
    return target.with_name(f".{target.name}.cg-{os.getpid()}-{secrets.token_hex(4)}.{kind}")


def scratch_file(target: Path, kind: str) -> Path:
    """A new, empty scratch file beside `target`, created exclusively."""
    for _ in range(10):
        path = scratch_path(target, kind)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise FileExistsError(f"No free scratch name beside {target}")


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove the scratch files in `folder` whose process has ended; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if _is_leftover(entry, now):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def _is_leftover(entry: Path, now: float) -> bool:
    name = entry.name
    if not name.startswith("."):
        return False
    found = _OURS.match(name) or _OLD_MIGRATION.match(name)
    try:
        if not entry.is_file() or entry.is_symlink():
            return False
        if found:
            return not process_alive(int(found.group(1)))
        return bool(_OLD_RANDOM.match(name)) and now - entry.stat().st_mtime > OLD_AGE_S
    except OSError:
        return False
