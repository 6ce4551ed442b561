"""The main window: the agenda sidebar, one screen per step, the Edit and Go menus, autosave status.

Opening files and locks live in `ui.workshop_files`, periodic backups in `ui.backup_timer`, text size and full
screen in `ui.view_control`; each hands the window the handlers of its own menu items.
"""
from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import queries
from app.backups import BackupStore
from app.commands import Changes
from app.schema import DEFAULT_SCHEMA, SchemaInfo
from app.steps import Step, step_for, with_screens
from models import Area
from ui.backup_timer import PeriodicBackup
from ui.document import Document
from ui.exporting import Exports
from ui.fields import UndoKeysToWindow
from ui.jobs import wait_for_jobs
from ui.menus import build_menus
from ui.parking_panel import ParkingPanel
from ui.screens.base import Screen
from ui.settings import Settings
from ui.sidebar import AgendaSidebar
from ui.timer_bar import TimerBar
from ui.view_control import ViewControl
from ui.workshop_files import WorkshopFiles

FIRST_SIZE = QSize(1280, 800)
TITLE_BAR = 40


def screen_class(step: Step) -> type[Screen]:
    assert step.screen is not None
    module, name = step.screen.split(":")
    return getattr(importlib.import_module(module), name)


class MainWindow(QMainWindow):
    document_changed = Signal()

    def __init__(self, *, backups: BackupStore, settings: Settings,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.settings = settings
        self.document: Document | None = None
        self.steps = with_screens()
        self.screens: list[Screen | None] = []
        self.schema: SchemaInfo = DEFAULT_SCHEMA
        self.setWindowTitle("Common Ground")
        self.setMinimumSize(800, 520)

        self.sidebar = AgendaSidebar()
        self.stack = QStackedWidget()
        self._welcome: QWidget | None = None  # built when first shown: most starts open a workshop at once
        # The countdown sits above whichever step is shown, so it keeps running when the room looks elsewhere.
        self.timer = TimerBar(clock=clock)
        self.timer.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        step_area = QWidget()
        column = QVBoxLayout(step_area)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.timer)
        column.addWidget(self.stack, 1)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(step_area)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        self.parking: ParkingPanel | None = None  # beside every step; built for each workshop
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.sidebar.currentRowChanged.connect(self._show_step)

        self.files = WorkshopFiles(self, backups)
        self.exports = Exports(self)
        self.view_control = ViewControl(self, settings)
        self.backup = PeriodicBackup(backups, settings.backup_minutes(), lambda: self.document,
                                     lambda text: self.statusBar().showMessage(text, 10000), self)
        handlers: dict[str, Callable[[], None]] = {
            **self.files.handlers(), **self.view_control.handlers(), **self.exports.handlers(),
            "quit": self.close, "undo": self.undo, "redo": self.redo,
            "next_step": lambda: self.go(delta=1), "previous_step": lambda: self.go(delta=-1),
            "shortcuts": self.show_shortcuts, "about": self.show_about, "parking_lot": self.toggle_parking,
            "timer_toggle": self.timer.start_pause, "timer_reset": self.timer.reset,
            **{f"step:{s.key}": (lambda key=s.key: self.go(key=key)) for s in self.steps},
        }
        self.actions = build_menus(self.menuBar(), self, handlers)
        self._undo_keys = UndoKeysToWindow(self)
        self.actions["recent"].menu().aboutToShow.connect(self.files.fill_recent)
        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.saved_label)
        self._sized = False
        geometry = settings.geometry()
        if geometry is not None and self.restoreGeometry(geometry):
            self._sized = True
        self._update_actions()

    @property
    def backups(self) -> BackupStore:
        return self.files.backups

    # -- size: the first window fits the screen it opens on ----------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if self.document is None:
            self.stack.setCurrentWidget(self.welcome)
        if not self._sized:
            self._sized = True
            self.fit_to_screen()
        super().showEvent(event)

    def fit_to_screen(self) -> None:
        screen = self.screen()
        if screen is None:
            self.resize(FIRST_SIZE)
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()
        if frame.isEmpty():  # not framed by the window manager yet: leave room for a typical title bar
            frame = QSize(0, TITLE_BAR)
        # At least 1280x800 where the screen allows, most of a larger screen, never more than the screen.
        width = min(max(FIRST_SIZE.width(), int(area.width() * 0.85)), area.width() - frame.width())
        height = min(max(FIRST_SIZE.height(), int(area.height() * 0.85)), area.height() - frame.height())
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))
        self.move(area.x() + (area.width() - self.frameGeometry().width()) // 2,
                  area.y() + (area.height() - self.frameGeometry().height()) // 2)

    # -- pages -------------------------------------------------------------------------------------

    @property
    def welcome(self) -> QWidget:
        """The page shown while no workshop is open."""
        if self._welcome is None:
            self._welcome = self._welcome_page()
            self.stack.addWidget(self._welcome)
        return self._welcome

    def _welcome_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        title = QLabel("Common Ground")
        title.setObjectName("heading")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel("Open a workshop, start a new one, or look around the demo kickoff.")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addStretch(1)
        for label, slot in (("New Workshop…", lambda: self.files.new_workshop()),
                            ("Open…", lambda: self.files.open_dialog()), ("Open the Demo", self.open_demo)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _show_step(self, row: int) -> None:
        if 0 <= row < len(self.screens):
            self.stack.setCurrentWidget(self.screen_at(row))
            self.timer.follow(self.steps[row].key)
            if self.document is not None and self.document.workshop.path and not self.document.read_only:
                self.settings.set_last_step(self.document.workshop.path, self.steps[row].key)

    def screen_at(self, row: int) -> Screen:
        screen = self.screens[row]
        if screen is None:
            assert self.document is not None
            screen = screen_class(self.steps[row])(self.document, self.settings, self.stack)  # no restyle on adding
            self.screens[row] = screen
            self.stack.addWidget(screen)
        return screen

    def show_step(self, key: str) -> Screen:
        row = next(i for i, step in enumerate(self.steps) if step.key == key)
        self.sidebar.setCurrentRow(row)
        return self.screen_at(row)

    def go(self, *, key: str = "", delta: int = 0) -> None:
        """Go menu: to a step by key or by offset, with the cursor in its first field, ready to type."""
        if not self.screens:
            return
        if key:
            self.show_step(key)
        else:
            self.sidebar.setCurrentRow(max(0, min(len(self.screens) - 1, self.sidebar.currentRow() + delta)))
        screen = self.current_screen()
        if screen is not None:
            screen.focus_first()

    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    # -- the open workshop -------------------------------------------------------------------------

    def open_path(self, path: Path) -> bool:
        return self.files.open_path(path)

    def open_demo(self) -> None:
        self.files.open_demo()

    def set_document(self, document: Document | None) -> None:
        self.close_document()
        self.document = document
        if document is None:
            self.stack.setCurrentWidget(self.welcome)
            self.sidebar.clear()
            self._update_title()
            self._update_actions()
            return
        document.failed.connect(self._on_failed)
        document.saved.connect(self._on_saved)
        document.changed.connect(self._on_changed)
        document.replayed.connect(self._reveal)
        document.stack.indexChanged.connect(self._update_actions)
        path = document.workshop.path
        last = self.settings.last_step(path) if path else ""
        self.screens = [None] * len(self.steps)
        keys = [s.key for s in self.steps]
        row = keys.index(last) if last in keys else 0
        with QSignalBlocker(self.sidebar):  # build only the step the workshop opens on, not the first one too
            self._fill_sidebar()
            self.sidebar.setCurrentRow(row)
        self.timer.set_document(document, keys[row])
        self._show_step(row)
        self._update_title()
        self._update_actions()
        self.saved_label.setText("Read-only view: changes are not saved" if document.read_only else
                                 "Every change is saved as you make it")
        self.document_changed.emit()

    def toggle_parking(self) -> None:
        """Go > Parking Lot: show the lot beside the step with the cursor in its field, or hide it."""
        if self.parking is None:
            if self.document is None:
                return
            self.parking = ParkingPanel(self.document, self._current_step_key,
                                        (self.settings.column_widths, self.settings.set_column_widths))
            self.splitter.addWidget(self.parking)
            self.splitter.setStretchFactor(2, 0)
            self.parking.hide()
        if self.parking.isVisible() and self.parking.isAncestorOf(QApplication.focusWidget()):
            self.parking.hide()
            screen = self.current_screen()
            if screen is not None:
                screen.focus_first()
            return
        self.parking.show()
        # The lot takes its width from the step, which scrolls if it must, for as long as the lot is open.
        sizes = self.splitter.sizes()
        wanted = min(self.parking.sizeHint().width(), sizes[1] // 2 + sizes[2])
        self.splitter.setSizes([sizes[0], sizes[1] + sizes[2] - wanted, wanted])
        self.parking.focus_field()

    def reveal_source(self, source: tuple[str, object]) -> bool:
        """Show where an action came from: its rivalry, need, challenge or theme on that step, or its parked point."""
        kind, row_id = source
        if kind == "parking":
            if self.parking is None or not self.parking.isVisible():
                self.toggle_parking()
            return self.parking is not None and self.parking.list.view.select_id(row_id)
        return self.show_step(kind).reveal(row_id)

    def _current_step_key(self) -> str:
        screen = self.current_screen()
        return screen.key if screen is not None else ""

    def _fill_sidebar(self) -> None:
        assert self.document is not None
        self.sidebar.set_steps([(s.key, s.title) for s in self.steps], self.document.query(queries.agenda))

    def close_document(self) -> None:
        if self.document is None:
            return
        if self.parking is not None:
            self.parking.hide()
            self.parking.deleteLater()
            self.parking = None
        for screen in self.screens:
            if screen is not None:
                self.stack.removeWidget(screen)
                screen.deleteLater()
        self.screens = []
        self.timer.set_document(None)  # writes the running countdown's time while the file is still open
        self.document.stack.indexChanged.disconnect(self._update_actions)
        self.files.close_document(self.document)
        self.document = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.wrap_up():
            event.ignore()
            return
        self.settings.set_geometry(self.saveGeometry())
        self.close_document()
        wait_for_jobs()
        super().closeEvent(event)

    def wrap_up(self) -> bool:
        """Before the meeting closes: True to go on; parked points still open are listed first, so none is lost."""
        if self.document is None or self.document.read_only:
            return True
        from app import queries
        from ui import dialogs

        still_open = [p for p in self.document.query(queries.parked) if p.outcome == "open"]
        if not still_open or dialogs.ask_wrap_up(self, [p.text for p in still_open]):
            return True
        if self.parking is None or not self.parking.isVisible():
            self.toggle_parking()
        return False

    # -- Edit menu ---------------------------------------------------------------------------------

    def undo(self) -> None:
        if self.document:
            self._finish_typing()
            self.document.undo()

    def redo(self) -> None:
        if self.document:
            self.document.redo()

    def _finish_typing(self) -> None:
        # A field still waiting for its typing pause commits first, so undo takes back what is on screen.
        focus = QApplication.focusWidget()
        flush = getattr(focus, "_flush", None)
        if callable(flush):
            flush()

    # -- feedback ----------------------------------------------------------------------------------

    def _on_failed(self, error: object, typed: str) -> None:
        from ui import dialogs

        if dialogs.ask_after_failed_save(self, error, typed):  # type: ignore[arg-type]
            self.files.save_copy()

    def _on_saved(self) -> None:
        self.saved_label.setText(f"Saved {dt.datetime.now():%H:%M:%S}")

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.touches(Area.WORKSHOP):
            self._update_title()
        if changes.touches(Area.AGENDA) and self.document:
            self._fill_sidebar()

    def _reveal(self, changes: Changes) -> None:
        """After undo or redo, show the step whose content changed, so the room sees what was taken back."""
        current = self.current_screen()
        if current is not None and changes.touches(current.step.edits) or self.timer.shows(changes):
            return
        target = step_for(changes.areas)
        if target is not None:
            self.show_step(target.key)

    def _update_title(self) -> None:
        if self.document is None:
            self.setWindowTitle("Common Ground")
            self.setWindowFilePath("")
            return
        name = self.document.query(queries.workshop_info).name or "Untitled workshop"
        path = self.document.workshop.path
        suffix = "  [read-only view]" if self.document.read_only else ""
        self.setWindowFilePath(str(path) if path else "")
        self.setWindowTitle(f"{name} — {path}{suffix} — Common Ground")

    def _update_actions(self, *_args: object) -> None:
        doc = self.document
        stack = doc.stack if doc else None
        undo, redo = self.actions["undo"], self.actions["redo"]
        undo.setEnabled(bool(stack and stack.canUndo()))
        redo.setEnabled(bool(stack and stack.canRedo()))
        undo.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        redo.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")
        for key in ("save", "save_copy", "restore", "next_step", "previous_step", "export_pdf", "export_xlsx",
                    *(f"step:{s.key}" for s in self.steps)):
            self.actions[key].setEnabled(doc is not None)
        # A read-only view shows the countdown but never writes it, and takes no import.
        for key in ("timer_toggle", "timer_reset", "import_xlsx"):
            self.actions[key].setEnabled(doc is not None and not doc.read_only)

    # -- Help --------------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        from ui.help_dialog import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(self, "About Common Ground",
                          "<h3>Common Ground</h3><p>Runs the sales and marketing alignment kickoff and keeps its "
                          "plan alive: shared goals, an agreed SLA, and actions with owners and dates.</p>"
                          "<p>Every change is saved the moment it is made.</p>")
