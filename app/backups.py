"""Snapshots of workshop files in the app's data folder, taken through the SQLite backup API (Anki's way).

Periodic snapshots only when the workshop changed; one before every migration and restore; rotated so the
folder stays bounded.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import NamedTuple

from app.database import backup_file, check_integrity
from app.errors import WorkshopError

REASONS = {"periodic": "Automatic", "pre-migration": "Before update", "before-restore": "Before restore",
           "on-close": "On close",
           "before-import": "Before import"}
_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6})-([a-z-]+)\.cgw$")


class BackupEntry(NamedTuple):
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int

    @property
    def describe(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M:%S} — {REASONS.get(self.reason, self.reason)}"


class BackupStore:
    def __init__(self, root: Path, *, keep_periodic: int = 24, keep_other: int = 8) -> None:
        self.root = root
        self.keep_periodic = keep_periodic
        self.keep_other = keep_other

    def folder_for(self, workshop: Path) -> Path:
        key = hashlib.sha256(str(workshop.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:10]
        stem = re.sub(r"[^\w.-]+", "_", workshop.stem)[:40] or "workshop"
        return self.root / f"{stem}-{key}"

    def snapshot(self, workshop: Path, reason: str = "periodic") -> BackupEntry:
        """Copy the file through the backup API and verify the copy; raises WorkshopError if it is not sound."""
        now = dt.datetime.now()
        dest = self.folder_for(workshop) / f"{now:%Y%m%d-%H%M%S-%f}-{reason}.cgw"
        try:
            backup_file(workshop, dest)
        except OSError as exc:
            raise WorkshopError(f"Could not write a backup to {dest.parent}: {exc}") from exc
        except Exception as exc:  # sqlite3.Error: the source could not be read
            raise WorkshopError(f"Could not back up {workshop.name}: {exc}") from exc
        verdict = check_integrity(dest)
        if verdict != "ok":
            dest.unlink(missing_ok=True)
            raise WorkshopError(f"The backup of {workshop.name} failed its integrity check ({verdict}).")
        self._rotate(dest.parent)
        return BackupEntry(dest, now, reason, dest.stat().st_size)

    def entries(self, workshop: Path) -> list[BackupEntry]:
        """Backups of this workshop, newest first."""
        folder = self.folder_for(workshop)
        found = []
        for path in folder.glob("*.cgw") if folder.is_dir() else []:
            m = _NAME.match(path.name)
            if m:
                taken = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S-%f")
                found.append(BackupEntry(path, taken, m.group(2), path.stat().st_size))
        return sorted(found, key=lambda e: e.taken_at, reverse=True)

    def restore(self, entry: BackupEntry, target: Path) -> None:
        """Put a backup in place of the (closed) workshop, after keeping the current state as a backup too."""
        if check_integrity(entry.path) != "ok":
            raise WorkshopError(f"The backup from {entry.describe} is damaged and cannot be restored.")
        if target.exists():
            try:
                self.snapshot(target, "before-restore")
            except WorkshopError:
                pass  # the current file may be the damaged one being replaced
        backup_file(entry.path, target)

    def _rotate(self, folder: Path) -> None:
        entries = sorted(folder.glob("*.cgw"), reverse=True)
        kept: dict[bool, int] = {True: 0, False: 0}
        for path in entries:
            periodic = path.name.endswith("-periodic.cgw")
            kept[periodic] += 1
            if kept[periodic] > (self.keep_periodic if periodic else self.keep_other):
                path.unlink(missing_ok=True)
