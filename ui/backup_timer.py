"""Snapshots every few minutes while the open workshop changes, taken in the background."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from app.backups import BackupStore
from app.errors import WorkshopError
from ui.document import Document
from ui.jobs import Job


class PeriodicBackup(QObject):
    def __init__(self, store: BackupStore, minutes: float, document: Callable[[], Document | None],
                 report: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._document = document
        self._report = report
        self.pending: list[Job] = []
        self.timer = QTimer(self)
        self.timer.setInterval(int(minutes * 60_000))
        self.timer.timeout.connect(self.backup_if_changed)
        self.timer.start()

    def backup_if_changed(self) -> None:
        """A snapshot, only when the workshop changed since the last one."""
        doc = self._document()
        if doc is None or doc.read_only or doc.workshop.path is None or not doc.workshop.changed_since_backup:
            return
        doc.workshop.changed_since_backup = False
        store, path = self.store, doc.workshop.path
        job = Job(lambda: store.snapshot(path, "periodic"))
        job.signals.done.connect(lambda result, job=job: self._done(job, doc, result))
        self.pending.append(job)
        job.start()

    def _done(self, job: Job, doc: Document, result: object) -> None:
        self.pending.remove(job)
        if isinstance(result, Exception):
            doc.workshop.changed_since_backup = True
            reason = result.message if isinstance(result, WorkshopError) else str(result)
            self._report(f"Automatic backup failed: {reason}")
