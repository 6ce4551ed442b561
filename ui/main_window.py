"""The main window: menus, the agenda sidebar, one screen per step, autosave status and backups."""
from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import queries
from app.backups import BackupStore
from app.errors import WorkshopError
from app.opening import check_file, create_workshop, open_checked, open_snapshot, open_workshop
from app.paths import demo_copy, workshops_dir
from app.schema import DEFAULT_SCHEMA, SchemaInfo
from ui import dialogs
from ui.document import Document
from ui.filelock import WorkshopLock
from ui.menus import build_menus, shortcut_table
from ui.restore_dialog import RestoreDialog
from ui.screens.base import Screen
from ui.settings import Settings
from ui.sidebar import AgendaSidebar

# The steps that work today, in agenda order (key, title, screen class); later issues add theirs here.
# Screens are imported and built when first shown, so start-up pays only for the first one.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("setup", "Setup", "ui.screens.setup:SetupScreen"),
    ("goals", "Shared goals", "ui.screens.goals:GoalsScreen"),
    ("actions", "Action plan", "ui.screens.actions:ActionsScreen"),
)


def _screen_class(spec: str) -> type[Screen]:
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)
BASE_POINT_SIZE = 13


class _JobSignals(QObject):
    done = Signal(object)  # the function's result, or the exception it raised


class _Job(QRunnable):
    """Runs a Qt-free function off the UI thread (backups, file updates) and reports back by signal."""

    def __init__(self, fn: Callable[[], object]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _JobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result: object = self.fn()
        except Exception as exc:  # handed to the UI thread, which reports it
            result = exc
        self.signals.done.emit(result)


class MainWindow(QMainWindow):
    document_changed = Signal()

    def __init__(self, *, backups: BackupStore, settings: Settings) -> None:
        super().__init__()
        self.backups = backups
        self.settings = settings
        self.document: Document | None = None
        self.screens: list[Screen | None] = []
        self._pending_backups: list[_Job] = []
        self.schema: SchemaInfo = DEFAULT_SCHEMA
        self.setWindowTitle("Common Ground")
        self.setMinimumSize(960, 600)

        self.sidebar = AgendaSidebar()
        self.stack = QStackedWidget()
        self.welcome = self._welcome_page()
        self.stack.addWidget(self.welcome)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 1000])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.sidebar.currentRowChanged.connect(self._show_step)

        self.actions = build_menus(self.menuBar(), self, {
            "new": self.new_workshop, "open": self.open_dialog, "save_copy": self.save_copy,
            "restore": self.restore_backup, "quit": self.close, "undo": self.undo, "redo": self.redo,
            "next_step": lambda: self._move_step(1), "previous_step": lambda: self._move_step(-1),
            "zoom_in": lambda: self.zoom(1), "zoom_out": lambda: self.zoom(-1), "zoom_reset": lambda: self.zoom(0),
            "full_screen": self._toggle_full_screen, "shortcuts": self.show_shortcuts, "about": self.show_about,
        })
        self.actions["recent"].menu().aboutToShow.connect(self._fill_recent)
        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.saved_label)

        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(int(settings.backup_minutes() * 60_000))
        self.backup_timer.timeout.connect(self.backup_if_changed)
        self.backup_timer.start()

        self._zoom = settings.zoom()
        self._apply_zoom()
        geometry = settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        self._update_actions()

    # -- pages -------------------------------------------------------------------------------------

    def _welcome_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        title = QLabel("Common Ground")
        title.setObjectName("heading")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel("Open a workshop, start a new one, or look around the demo kickoff.")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addStretch(1)
        for label, slot in (("New Workshop…", self.new_workshop), ("Open…", self.open_dialog),
                            ("Open the Demo", self.open_demo)):
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

    def screen_at(self, row: int) -> Screen:
        screen = self.screens[row]
        if screen is None:
            assert self.document is not None
            screen = _screen_class(STEPS[row][2])(self.document)
            self.screens[row] = screen
            self.stack.addWidget(screen)
        return screen

    def show_step(self, key: str) -> Screen:
        row = next(i for i, step in enumerate(STEPS) if step[0] == key)
        self.sidebar.setCurrentRow(row)
        return self.screen_at(row)

    def _move_step(self, delta: int) -> None:
        if self.screens:
            self.sidebar.setCurrentRow(max(0, min(len(self.screens) - 1, self.sidebar.currentRow() + delta)))

    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    # -- opening and closing -----------------------------------------------------------------------

    def open_path(self, path: Path) -> bool:
        """Open a workshop for editing, or a read-only view if another process holds it."""
        path = path.absolute()
        if self.document is not None and self.document.workshop.path == path and not self.document.read_only:
            return True  # already open here
        lock = WorkshopLock(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if lock.try_lock():
                try:
                    if check_file(path, self.schema).needs_migration:
                        self._update_file(path)
                        workshop = open_workshop(path, backups=self.backups, schema=self.schema)
                    else:
                        workshop = open_checked(path)  # checked just above; no second quick_check
                except BaseException:
                    lock.unlock()
                    raise
                document = Document(workshop, lock)
            else:
                QApplication.restoreOverrideCursor()
                if not dialogs.ask_when_locked(self, path, lock.holder()):
                    return False
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                document = Document(open_snapshot(path, schema=self.schema))
        except WorkshopError as exc:
            QApplication.restoreOverrideCursor()
            dialogs.show_error(self, exc)
            return False
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            dialogs.show_error(self, WorkshopError(f"{path.name} could not be opened: {exc.strerror or exc}"))
            return False
        QApplication.restoreOverrideCursor()
        self.set_document(document)
        if not document.read_only:
            self.settings.add_recent(path)
        return True

    def _update_file(self, path: Path) -> None:
        """Migrate an older file off the UI thread, with a progress dialog; raises what the migration raised."""
        from app.migrate import migrate_file

        schema, backups = self.schema, self.backups
        job = _Job(lambda: migrate_file(path, schema=schema, backups=backups))
        progress = QProgressDialog(f"Updating {path.name} for this version of Common Ground…\n"
                                   "A backup is made first; the file is changed only if the update succeeds.",
                                   "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowTitle("Updating workshop")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        loop = QEventLoop()
        outcome: list[object] = []
        job.signals.done.connect(lambda result: (outcome.append(result), loop.quit()))
        QThreadPool.globalInstance().start(job)
        loop.exec()
        progress.close()
        if isinstance(outcome[0], BaseException):
            raise outcome[0]

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
        document.stack.canUndoChanged.connect(lambda _c: self._update_actions())
        document.stack.canRedoChanged.connect(lambda _c: self._update_actions())
        document.stack.indexChanged.connect(lambda _i: self._update_actions())
        self.screens = [None] * len(STEPS)
        self.sidebar.set_steps([(key, title) for key, title, _ in STEPS], document.query(queries.agenda))
        self.sidebar.setCurrentRow(0)
        self._show_step(0)
        self._update_title()
        self._update_actions()
        self.saved_label.setText("Read-only view: changes are not saved" if document.read_only else
                                 "Every change is saved as you make it")
        self.document_changed.emit()

    def close_document(self) -> None:
        if self.document is None:
            return
        if self.document.workshop.changed_since_backup and not self.document.read_only and self.document.workshop.path:
            try:
                self.backups.snapshot(self.document.workshop.path, "on-close")
            except WorkshopError:
                pass  # the file itself holds every edit; a missing last backup is not worth stopping the close for
        for screen in self.screens:
            if screen is not None:
                self.stack.removeWidget(screen)
                screen.deleteLater()
        self.screens = []
        self.document.close()
        self.document = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.close_document()
        QThreadPool.globalInstance().waitForDone(5000)
        super().closeEvent(event)

    # -- File menu ---------------------------------------------------------------------------------

    def new_workshop(self) -> None:
        path = dialogs.choose_new_file(self, self._folder())
        if path is None:
            return
        if self.document and self.document.workshop.path == path.absolute():
            dialogs.show_error(self, WorkshopError("That workshop is the one open now; choose another name."))
            return
        try:
            create_workshop(path, name=path.stem).close()
        except OSError as exc:
            dialogs.show_error(self, WorkshopError(f"The new workshop could not be written: {exc.strerror or exc}"))
            return
        self.open_path(path)

    def open_dialog(self) -> None:
        path = dialogs.choose_open_file(self, self._folder())
        if path is not None:
            self.open_path(path)

    def open_demo(self) -> None:
        self.open_path(demo_copy())

    def _fill_recent(self) -> None:
        menu = self.actions["recent"].menu()
        menu.clear()
        for path in self.settings.recent_files():
            action = menu.addAction(f"{path.name}   —   {path.parent}")
            action.triggered.connect(lambda _c=False, p=path: self._open_recent(p))
        if menu.isEmpty():
            menu.addAction("No recent workshops").setEnabled(False)

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            self.settings.remove_recent(path)
            dialogs.show_error(self, WorkshopError(f"{path} is no longer there; it was removed from the list."))
            return
        self.open_path(path)

    def save_copy(self) -> None:
        if self.document is None:
            return
        path = self.document.workshop.path or Path("workshop.cgw")
        dest = dialogs.choose_copy_file(self, path.with_name(f"{path.stem} copy.cgw"))
        if dest is None:
            return
        try:
            self.document.workshop.save_copy(dest)
        except WorkshopError as exc:
            dialogs.show_error(self, exc)
            return
        self.statusBar().showMessage(f"Copy saved to {dest}", 8000)

    def restore_backup(self) -> None:
        if self.document is None or self.document.workshop.path is None:
            return
        if self.document.read_only:
            dialogs.show_error(self, WorkshopError("A read-only view cannot be restored; open the workshop itself."))
            return
        path = self.document.workshop.path
        entry = RestoreDialog.ask(self.backups.entries(path), path.name, self)
        if entry is None:
            return
        self.close_document()
        try:
            self.backups.restore(entry, path)
        except (WorkshopError, OSError) as exc:
            error = exc if isinstance(exc, WorkshopError) else WorkshopError(f"Restore failed: {exc}")
            dialogs.show_error(self, error)
        if self.open_path(path):
            self.statusBar().showMessage(f"Restored the backup from {entry.describe}", 10000)

    def _folder(self) -> Path:
        if self.document and self.document.workshop.path:
            return self.document.workshop.path.parent
        return workshops_dir()

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

    def _on_failed(self, error: WorkshopError, typed: str) -> None:
        if dialogs.ask_after_failed_save(self, error, typed):
            self.save_copy()

    def _on_saved(self) -> None:
        self.saved_label.setText(f"Saved {dt.datetime.now():%H:%M:%S}")

    def _on_changed(self, changes: object, _initiator: object) -> None:
        if getattr(changes, "workshop", False):
            self._update_title()
        if getattr(changes, "agenda", False) and self.document:
            self.sidebar.set_steps([(key, title) for key, title, _ in STEPS], self.document.query(queries.agenda))

    def _reveal(self, changes: object) -> None:
        """After undo or redo, show the step whose content changed, so the room sees what was taken back."""
        current = self.current_screen()
        if current is not None and any(getattr(changes, area, False) for area in current.owns):
            return
        for row, (_key, _title, spec) in enumerate(STEPS):
            if any(getattr(changes, area, False) for area in _screen_class(spec).owns):
                self.sidebar.setCurrentRow(row)
                return

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

    def _update_actions(self) -> None:
        doc = self.document
        stack = doc.stack if doc else None
        undo, redo = self.actions["undo"], self.actions["redo"]
        undo.setEnabled(bool(stack and stack.canUndo()))
        redo.setEnabled(bool(stack and stack.canRedo()))
        undo.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        redo.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")
        for key in ("save_copy", "restore", "next_step", "previous_step"):
            self.actions[key].setEnabled(doc is not None)

    # -- backups -----------------------------------------------------------------------------------

    def backup_if_changed(self) -> None:
        """Periodic snapshot, only when the workshop changed since the last one."""
        doc = self.document
        if doc is None or doc.read_only or doc.workshop.path is None or not doc.workshop.changed_since_backup:
            return
        doc.workshop.changed_since_backup = False
        store, path = self.backups, doc.workshop.path
        job = _Job(lambda: store.snapshot(path, "periodic"))
        job.signals.done.connect(lambda result, job=job: self._backup_done(job, doc, result))
        self._pending_backups.append(job)
        QThreadPool.globalInstance().start(job)

    def _backup_done(self, job: _Job, doc: Document, result: object) -> None:
        self._pending_backups.remove(job)
        if isinstance(result, Exception):
            doc.workshop.changed_since_backup = True
            reason = result.message if isinstance(result, WorkshopError) else str(result)
            self.statusBar().showMessage(f"Automatic backup failed: {reason}", 10000)

    # -- view --------------------------------------------------------------------------------------

    def zoom(self, step: int) -> None:
        self._zoom = 0 if step == 0 else max(-3, min(12, self._zoom + step))
        self.settings.set_zoom(self._zoom)
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        font = QFont(self.font())
        font.setPointSize(BASE_POINT_SIZE + self._zoom)
        self.setFont(font)

    def _toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td>{name}</td><td>&nbsp;&nbsp;<b>{keys}</b></td></tr>" for name, keys in shortcut_table())
        QMessageBox.information(self, "Keyboard Shortcuts", f"<table>{rows}</table>")

    def show_about(self) -> None:
        QMessageBox.about(self, "About Common Ground",
                          "<h3>Common Ground</h3><p>Runs the sales and marketing alignment kickoff and keeps its "
                          "plan alive: shared goals, an agreed SLA, and actions with owners and dates.</p>"
                          "<p>Every change is saved the moment it is made.</p>")
