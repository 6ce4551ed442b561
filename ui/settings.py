"""Per-user preferences kept in QSettings: recent files, window geometry, zoom, backup interval."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class Settings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings("Common Ground", "Common Ground")

    def recent_files(self) -> list[Path]:
        value = self.store.value("recent_files", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [Path(p) for p in items if p]

    def add_recent(self, path: Path) -> None:
        items = [p for p in self.recent_files() if p != path]
        self.store.setValue("recent_files", [str(p) for p in [path, *items][:MAX_RECENT]])

    def remove_recent(self, path: Path) -> None:
        self.store.setValue("recent_files", [str(p) for p in self.recent_files() if p != path])

    def geometry(self) -> QByteArray | None:
        value = self.store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self.store.setValue("window/geometry", geometry)

    def zoom(self) -> int:
        return int(self.store.value("view/zoom", 0))

    def set_zoom(self, steps: int) -> None:
        self.store.setValue("view/zoom", steps)

    def backup_minutes(self) -> float:
        return float(self.store.value("backup/minutes", 5))
