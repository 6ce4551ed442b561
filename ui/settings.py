"""Per-user preferences kept in QSettings: recent files, window geometry, text size, column widths, last step."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
TEXT_SIZES = (10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 28, 32, 36)  # points, Smaller/Larger Text step through them
DEFAULT_TEXT = 13
PROJECTOR_TEXT = 24


def _file_key(path: Path) -> str:
    return hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Settings:
    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings("Common Ground", "Common Ground")

    def _set(self, key: str, value: object) -> None:
        # QSettings rewrites and syncs its whole file after any setValue, even of the value it already holds: a
        # start that changes nothing (same recent file, same step) must not wait for the disk.
        if self.store.value(key) != value:
            self.store.setValue(key, value)

    def recent_files(self) -> list[Path]:
        value = self.store.value("recent_files", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [Path(p) for p in items if p]

    def add_recent(self, path: Path) -> None:
        items = [p for p in self.recent_files() if p != path]
        self._set("recent_files", [str(p) for p in [path, *items][:MAX_RECENT]])

    def remove_recent(self, path: Path) -> None:
        self._set("recent_files", [str(p) for p in self.recent_files() if p != path])

    def geometry(self) -> QByteArray | None:
        value = self.store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self._set("window/geometry", geometry)

    def text_size(self) -> int:
        try:
            value = int(self.store.value("view/text_pt", DEFAULT_TEXT))
        except (TypeError, ValueError):
            return DEFAULT_TEXT
        return min(TEXT_SIZES, key=lambda size: abs(size - value))

    def set_text_size(self, points: int) -> None:
        self._set("view/text_pt", points)

    def column_widths(self, table: str) -> dict[str, float]:
        """Widths the user dragged, in character widths, by column header."""
        try:
            value = json.loads(str(self.store.value(f"tables/{table}", "{}")))
        except ValueError:
            return {}
        if not isinstance(value, dict):
            return {}
        return {str(k): float(v) for k, v in value.items() if isinstance(v, int | float) and v > 0}

    def set_column_widths(self, table: str, widths: dict[str, float]) -> None:
        self._set(f"tables/{table}", json.dumps(widths))

    def last_step(self, path: Path) -> str:
        return str(self.store.value(f"last_step/{_file_key(path)}", ""))

    def set_last_step(self, path: Path, key: str) -> None:
        self._set(f"last_step/{_file_key(path)}", key)

    def backup_minutes(self) -> float:
        return float(self.store.value("backup/minutes", 5))

    # -- exports ---------------------------------------------------------------------------------------

    def paper(self) -> str:
        value = str(self.store.value("export/paper", "A4"))
        return value if value in ("A4", "Letter") else "A4"

    def set_paper(self, paper: str) -> None:
        self._set("export/paper", paper)

    def open_after_export(self) -> bool:
        return str(self.store.value("export/open_after", "false")).lower() in ("true", "1")

    def set_open_after_export(self, value: bool) -> None:
        self._set("export/open_after", "true" if value else "false")

    def export_folder(self) -> Path | None:
        value = str(self.store.value("export/folder", "") or "")
        return Path(value) if value and Path(value).is_dir() else None

    def set_export_folder(self, folder: Path) -> None:
        self._set("export/folder", str(folder))
