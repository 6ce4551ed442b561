"""Render the main window offscreen with the demo workshop: python scripts/screenshot.py OUT.png [STEP...].

Used for the README's screenshot and for looking at screens after a change.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COMMONGROUND_DATA_DIR", tempfile.mkdtemp(prefix="cg-shot-"))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.backups import BackupStore  # noqa: E402
from app.paths import backups_dir, demo_copy  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings import Settings  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/main-window.png")
    steps = [int(s) for s in sys.argv[2:]] or [0]
    app = QApplication(sys.argv[:1])
    store = QSettings(str(Path(os.environ["COMMONGROUND_DATA_DIR"]) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(backups=BackupStore(backups_dir()), settings=Settings(store))
    window.view_control.apply()
    window.open_path(demo_copy())
    window.show()
    window.resize(1280, 720)  # the usual room projector
    out.parent.mkdir(parents=True, exist_ok=True)
    for step in steps:
        window.sidebar.setCurrentRow(step)
        app.processEvents()
        target = out if len(steps) == 1 else out.with_name(f"{out.stem}-{step}{out.suffix}")
        window.grab().save(str(target))
        print(f"wrote {target}")
    window.close()


if __name__ == "__main__":
    main()
