"""Start the window (the one module of app/ that may import Qt)."""
from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.backups import BackupStore
from app.paths import DEMO_RESOURCE, backups_dir, demo_copy
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.style import apply_text_size


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    # PySide prints and carries on after an exception in a slot; show it so nothing fails silently.
    text = "".join(traceback.format_exception(kind, value, tb))
    sys.stderr.write(text)
    if QApplication.instance() is not None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                          "Something went wrong. Your saved changes are safe in the workshop file.")
        box.setDetailedText(text)
        box.exec()


class _FirstPaint(QObject):
    """Once the window has painted: garbage collection back on; for `make bench`, report it and quit."""

    def __init__(self, parent: QObject, *, report: bool) -> None:
        super().__init__(parent)
        self.report = report
        self._steps: list[Callable[[], object]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            if self.report:
                print("painted", flush=True)
            # The first collection walks every object start-up made: let the frame reach the screen first.
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        gc.enable()
        if self.report:
            QApplication.quit()
            return
        # The first window is drawn without SQLAlchemy's ORM; load it now, a step per turn of the event loop.
        from models import warm_up_steps

        self._steps = warm_up_steps()
        self._next_step()

    def _next_step(self) -> None:
        if self._steps:
            self._steps.pop(0)()
            QTimer.singleShot(0, self._next_step)


def run(path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("Common Ground")
    app.setApplicationName("Common Ground")
    sys.excepthook = _excepthook
    settings = Settings()
    apply_text_size(settings.text_size())  # before any widget exists, so none is styled twice
    window = MainWindow(backups=BackupStore(backups_dir()), settings=settings)
    if path is None:
        recent = [p for p in settings.recent_files() if p.exists()]
        path = recent[0] if recent else (demo_copy() if DEMO_RESOURCE.exists() else None)
    if path is not None:
        window.open_path(path)
    window.installEventFilter(_FirstPaint(window, report=bool(os.environ.get("COMMONGROUND_EXIT_AFTER_PAINT"))))
    window.show()
    return app.exec()
