"""The open workshop as the UI sees it: one undo stack, one push path, one `changed` signal for every screen."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.commands import Changes, Command
from app.errors import WorkshopError
from app.lock import WorkshopLock
from app.workshop import Workshop

T = TypeVar("T")


class _EditCommand(QUndoCommand):
    """Adapter: QUndoStack drives it, the Qt-free command and Workshop runner do the work."""

    def __init__(self, document: Document, command: Command) -> None:
        super().__init__(command.label)
        self.document = document
        self.command = command

    def redo(self) -> None:
        self.document._perform(self.command.apply)

    def undo(self) -> None:
        self.document._perform(self.command.revert)

    def id(self) -> int:
        return 1 if getattr(self.command, "merge_key", None) is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        merge = getattr(self.command, "merge", None)
        if merge is None or not isinstance(other, _EditCommand) or not merge(other.command):
            return False
        self.setText(other.text())
        return True


class Document(QObject):
    """Wraps a Workshop for the window; screens push commands here and refresh on `changed`."""

    changed = Signal(object, object)  # Changes, initiator (the widget that made the edit, or None)
    failed = Signal(object, str)  # WorkshopError, the value the user typed (kept so it is not lost)
    saved = Signal()
    replayed = Signal(object)  # Changes of an undo or redo, so the window can show where it happened

    def __init__(self, workshop: Workshop, lock: WorkshopLock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.lock = lock
        self.stack = QUndoStack(self)
        self._replaying = False
        self._error: WorkshopError | None = None

    @property
    def read_only(self) -> bool:
        return self.workshop.read_only

    def query(self, fn: Callable[[Any], T]) -> T:
        return self.workshop.query(fn)

    def push(self, command: Command, *, initiator: object | None = None, typed: str = "") -> bool:
        """Apply and commit `command`, then put it on the undo stack; False (and a report) if it failed."""
        try:
            changes = self.workshop.apply(command)
        except WorkshopError as exc:
            self.failed.emit(exc, typed)
            return False
        self._replaying = True
        try:
            self.stack.push(_EditCommand(self, command))
        finally:
            self._replaying = False
        self._announce(changes, initiator)
        return True

    def record(self, command: Command, *, initiator: object | None = None) -> bool:
        """Apply and commit a measurement (the time a step's countdown ran) without putting it on the undo stack:
        undo takes back what the room did, not the clock. Screens hear of it through `changed` as usual."""
        try:
            changes = self.workshop.apply(command)
        except WorkshopError as exc:
            self.failed.emit(exc, "")
            return False
        self._announce(changes, initiator)
        return True

    def submit(self, make: Callable[[], Command], *, initiator: object | None = None, typed: str = "") -> bool:
        """Build a command from what the user entered and push it; refused input is reported, not raised."""
        try:
            command = make()
        except WorkshopError as exc:  # ValidationError: the input was refused before any command existed
            self.failed.emit(exc, typed)
            return False
        return self.push(command, initiator=initiator, typed=typed)

    def undo(self) -> None:
        self._step(self.stack.undo)

    def redo(self) -> None:
        self._step(self.stack.redo)

    def _step(self, move: Callable[[], None]) -> None:
        before = self.stack.index()
        self._error = None
        move()
        if self._error is not None:
            # Nothing reached the file; put the stack's index back without running anything again.
            error, self._error = self._error, None
            self._replaying = True
            try:
                self.stack.setIndex(before)
            finally:
                self._replaying = False
            self.failed.emit(error, "")

    def _perform(self, step: Callable[[Any], Changes]) -> None:
        if self._replaying:
            return
        try:
            changes = self.workshop.apply_step(step)
        except WorkshopError as exc:
            self._error = exc
            return
        self._announce(changes, None)
        self.replayed.emit(changes)

    def _announce(self, changes: Changes, initiator: object | None) -> None:
        self.saved.emit()
        self.changed.emit(changes, initiator)

    def forget_history(self) -> None:
        """After a step nothing can take back (a version signed and locked): undo would only meet a refusal."""
        self._replaying = True
        try:
            self.stack.clear()
        finally:
            self._replaying = False

    def close(self) -> None:
        self.stack.clear()
        self.workshop.close()
        if self.lock is not None:
            self.lock.release()
