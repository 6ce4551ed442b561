"""An open workshop: the one runner that applies, commits and reverts edit commands, and reads snapshots."""
from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from app.commands.base import Changes, Command
from app.database import backup_connection, raw_connection
from app.errors import ReadOnlyError, SaveError

if TYPE_CHECKING:  # the ORM loads after the first paint (app.gui), or at the first edit or read that needs it
    from sqlalchemy.orm import Session

T = TypeVar("T")


class Workshop:
    """A workshop database opened for editing (or, read-only, a snapshot of one held elsewhere)."""

    def __init__(self, engine: Engine, *, path: Path | None, read_only: bool = False,
                 cleanup: Callable[[], None] | None = None) -> None:
        self.engine = engine
        self.path = path
        self.read_only = read_only
        self._cleanup = cleanup
        self._identity = _file_identity(path) if path and not read_only else None
        self.commits = 0
        self.changed_since_backup = False
        self.notice = ""  # what opening it did that the user should hear about (e.g. a journal set aside)
        self._size: int | None = None
        self._note_size()

    # -- the edit path -----------------------------------------------------------------------------

    def apply(self, command: Command) -> Changes:
        """Run a command's change in one transaction and commit it (the commit is the autosave)."""
        return self._run(command.apply)

    def revert(self, command: Command) -> Changes:
        return self._run(command.revert)

    def apply_step(self, step: Callable[[Session], Changes]) -> Changes:
        """Run one bound step (a command's apply or revert) through the same transaction and checks."""
        return self._run(step)

    def _run(self, step: Callable[[Session], Changes]) -> Changes:
        if self.read_only:
            raise ReadOnlyError("This workshop is open read-only; changes are not saved.")
        self._check_file_still_there()
        from sqlalchemy.orm import Session

        try:
            with Session(self.engine) as session, session.begin():
                changes = step(session)
        except IntegrityError as exc:
            raise SaveError("The change conflicts with what is already in the workshop.",
                            detail=str(exc.orig)) from exc
        except (DBAPIError, SQLAlchemyError, OSError) as exc:
            raise SaveError(_explain(exc), detail=str(getattr(exc, "orig", exc))) from exc
        except UnicodeError as exc:  # e.g. a lone surrogate the driver cannot encode: rolled back like the rest
            raise SaveError("The change could not be saved: it holds text the workshop file cannot store. Nothing "
                            "else was changed.", detail=str(exc)) from exc
        self.commits += 1
        self.changed_since_backup = True
        self._note_size()
        return changes

    def _check_file_still_there(self) -> None:
        # On POSIX a deleted, replaced, write-protected or truncated file stays writable through the open handle,
        # and edits would go on being written where nobody will find them, or into a ruined file; refuse instead,
        # saying what happened, so the user can save a copy.
        if self.path is None or self._identity is None:
            return
        try:
            st = os.stat(self.path)
        except OSError:
            st = None
        if st is None or (st.st_dev, st.st_ino) != self._identity:
            raise SaveError(f"The workshop file {self.path} was moved, replaced or deleted while open. "
                            "Save a copy elsewhere to keep your work.")
        if not stat.S_IMODE(st.st_mode) & 0o222:
            raise SaveError(f"The workshop file {self.path.name} was made read-only while it was open, so this "
                            "change was not saved. Save a copy elsewhere to keep working, or make the file "
                            "writable again.")
        if self._size is not None and st.st_size < self._size:
            raise SaveError(f"The workshop file {self.path.name} was cut short by another program while it was "
                            f"open (it is now {st.st_size:,} bytes; it was {self._size:,}), so this change was not "
                            "saved. Save a copy elsewhere, or restore it from a backup (File ▸ Restore from "
                            "Backup).")

    def _note_size(self) -> None:
        # Without auto-vacuum SQLite never shrinks the file, so a smaller file later is someone else's doing.
        if self.path is not None and self._identity is not None:
            try:
                self._size = os.stat(self.path).st_size
            except OSError:
                self._size = None

    # -- reading -----------------------------------------------------------------------------------

    def query(self, fn: Callable[[Session], T]) -> T:
        """Run a read-only query function (see app.queries) and return its plain rows.

        A read marked `core_read` gets a plain connection: the first window's reads need no ORM."""
        if getattr(fn, "core_read", False):
            with self.engine.connect() as conn:
                return fn(conn)  # type: ignore[arg-type]
        from sqlalchemy.orm import Session

        with Session(self.engine) as session:
            return fn(session)

    # -- copies ------------------------------------------------------------------------------------

    def save_copy(self, dest: Path) -> None:
        """Write a consistent copy through the SQLite backup API (never a copy of the live file)."""
        try:
            with raw_connection(self.engine) as conn:
                backup_connection(conn, dest)
        except (sqlite3.Error, OSError) as exc:
            raise SaveError(f"Could not write a copy to {dest}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()
        if self._cleanup:
            self._cleanup()
            self._cleanup = None


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _explain(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "full" in text:
        return "The disk is full, so the last change could not be saved."
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "The workshop file cannot be written (it is read-only or on a read-only drive)."
    if "locked" in text or "busy" in text:
        return "Another program is holding the workshop file, so the last change could not be saved."
    if "i/o" in text or "unable to open" in text:
        return "The workshop file could not be written (disk error, or the drive went away)."
    return "The last change could not be saved."

