"""File menu: creating, opening (with the lock that keeps a second writer out), copies and backups."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from app.backups import BackupStore
from app.errors import WorkshopError
from app.lock import FolderNotWritableError, WorkshopLock
from app.opening import check_file, create_workshop, open_checked, open_snapshot, open_workshop
from app.paths import demo_copy, workshops_dir
from app.scratch import clean_leftovers
from app.workshop import Workshop
from ui import dialogs
from ui.document import Document
from ui.jobs import run_with_progress

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WorkshopFiles(QObject):
    def __init__(self, window: MainWindow, backups: BackupStore) -> None:
        super().__init__(window)
        self.window = window
        self.backups = backups

    def handlers(self) -> dict[str, Callable[[], None]]:
        return {"new": self.new_workshop, "open": self.open_dialog, "save_copy": self.save_copy,
                "restore": self.restore_backup, "save": self.explain_autosave, "close": self.close_workshop}

    def close_workshop(self) -> None:
        """File > Close: the meeting is wrapped up (open parked points are listed first), back to the start page."""
        if self.window.document is not None and self.window.wrap_up():
            self.window.set_document(None)

    # -- opening -----------------------------------------------------------------------------------

    def open_path(self, path: Path) -> bool:
        """Open a workshop for editing, or a read-only view if another process holds it."""
        window = self.window
        path = path.absolute()
        current = window.document
        if current is not None and current.workshop.path == path and not current.read_only:
            return True  # already open here
        if current is not None and not window.wrap_up():
            return False  # parked points of the workshop open now come first
        # What a killed window left half-written beside the file or among its backups goes first.
        for folder in (path.parent, self.backups.folder_for(path)):
            clean_leftovers(folder)
        lock = WorkshopLock(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            try:
                holder = lock.acquire()
            except FolderNotWritableError as exc:
                QApplication.restoreOverrideCursor()
                if not dialogs.ask_read_only_folder(window, exc):
                    return False
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                document = Document(open_snapshot(path, schema=window.schema))
            else:
                if holder is not None:
                    QApplication.restoreOverrideCursor()
                    choice = dialogs.ask_when_locked(window, path, holder)
                    if choice is dialogs.LockChoice.CANCEL:
                        return False
                    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                    if choice is dialogs.LockChoice.EDIT:
                        lock.acquire(take_over=True)
                if lock.held:
                    document = Document(self._open_for_editing(path, lock), lock)
                else:
                    document = Document(open_snapshot(path, schema=window.schema))
        except WorkshopError as exc:
            QApplication.restoreOverrideCursor()
            dialogs.show_error(window, exc)
            return False
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            dialogs.show_error(window, WorkshopError(f"{path.name} could not be opened: {exc.strerror or exc}"))
            return False
        QApplication.restoreOverrideCursor()
        window.set_document(document)
        if not document.read_only:
            window.settings.add_recent(path)
        if document.workshop.notice:
            dialogs.show_notice(window, document.workshop.notice)
        return True

    def _open_for_editing(self, path: Path, lock: WorkshopLock) -> Workshop:
        try:
            found = check_file(path, self.window.schema)
            if found.needs_migration:
                self._update_file(path)
                workshop = open_workshop(path, backups=self.backups, schema=self.window.schema)
            else:
                workshop = open_checked(path)  # checked just above; no second quick_check
            workshop.notice = found.notice or workshop.notice
            return workshop
        except BaseException:
            lock.release()
            raise

    def _update_file(self, path: Path) -> None:
        """Migrate an older file off the UI thread, with a progress dialog; raises what the migration raised."""
        from app.migrate import migrate_file

        schema, backups = self.window.schema, self.backups
        run_with_progress(self.window, lambda: migrate_file(path, schema=schema, backups=backups),
                          title="Updating workshop",
                          text=f"Updating {path.name} for this version of Common Ground…\nA backup is made first; "
                               "the file is changed only if the update succeeds.")

    def close_document(self, document: Document) -> None:
        """Take the on-close backup (when something changed), then release the file."""
        workshop = document.workshop
        if workshop.changed_since_backup and not document.read_only and workshop.path:
            try:
                self.backups.snapshot(workshop.path, "on-close")
            except WorkshopError:
                pass  # the file itself holds every edit; a missing last backup is not worth stopping the close for
        document.close()

    # -- File menu ---------------------------------------------------------------------------------

    def new_workshop(self) -> None:
        window = self.window
        if window.document is not None and not window.wrap_up():
            return
        path = dialogs.choose_new_file(window, self.folder())
        if path is None:
            return
        if window.document and window.document.workshop.path == path.absolute():
            dialogs.show_error(window, WorkshopError("That workshop is the one open now; choose another name."))
            return
        try:
            create_workshop(path, name=path.stem).close()
        except OSError as exc:
            dialogs.show_error(window, WorkshopError(f"The new workshop could not be written: {exc.strerror or exc}"))
            return
        self.open_path(path)

    def open_dialog(self) -> None:
        path = dialogs.choose_open_file(self.window, self.folder())
        if path is not None:
            self.open_path(path)

    def open_demo(self) -> None:
        self.open_path(demo_copy())

    def fill_recent(self) -> None:
        menu = self.window.actions["recent"].menu()
        menu.clear()
        for path in self.window.settings.recent_files():
            action = menu.addAction(f"{path.name}   —   {path.parent}")
            action.triggered.connect(lambda _c=False, p=path: self.open_recent(p))
        if menu.isEmpty():
            menu.addAction("No recent workshops").setEnabled(False)

    def open_recent(self, path: Path) -> None:
        if not path.exists():
            self.window.settings.remove_recent(path)
            dialogs.show_error(self.window, WorkshopError(f"{path} is no longer there; it was removed from the list."))
            return
        self.open_path(path)

    def save_copy(self) -> None:
        document = self.window.document
        if document is None:
            return
        path = document.workshop.path or Path("workshop.cgw")
        dest = dialogs.choose_copy_file(self.window, path.with_name(f"{path.stem} copy.cgw"))
        if dest is None:
            return
        try:
            document.workshop.save_copy(dest)
        except WorkshopError as exc:
            dialogs.show_error(self.window, exc)
            return
        self.window.statusBar().showMessage(f"Copy saved to {dest}", 8000)

    def explain_autosave(self) -> None:
        if self.window.document is not None:
            self.window.statusBar().showMessage("Every change is already saved in the workshop file. "
                                                "To keep a separate copy, use File ▸ Save a Copy.", 8000)

    def restore_backup(self) -> None:
        window = self.window
        document = window.document
        if document is None or document.workshop.path is None:
            return
        if document.read_only:
            dialogs.show_error(window, WorkshopError("A read-only view cannot be restored; open the workshop itself."))
            return
        from ui.restore_dialog import RestoreDialog

        path = document.workshop.path
        entry = RestoreDialog.ask(self.backups.entries(path), path.name, window)
        if entry is None:
            return
        window.set_document(None)
        try:
            self.backups.restore(entry, path)
        except (WorkshopError, OSError) as exc:
            error = exc if isinstance(exc, WorkshopError) else WorkshopError(f"Restore failed: {exc}")
            dialogs.show_error(window, error)
        if self.open_path(path):
            window.statusBar().showMessage(f"Restored the backup from {entry.describe}", 10000)

    def folder(self) -> Path:
        document = self.window.document
        if document and document.workshop.path:
            return document.workshop.path.parent
        return workshops_dir()
