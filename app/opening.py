"""Creating, checking and opening workshop files.

A file is read with plain SQL on a read-only connection before anything writes to it, so a foreign, damaged or
newer file is refused byte-for-byte untouched. Alembic is imported only when a migration is actually due.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import stat
import struct
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from app.backups import BackupStore
from app.commands.setup import DEFAULT_GROUND_RULES
from app.database import (
    backup_file,
    connect_readonly,
    give_default_mode,
    make_engine,
    raw_connection,
    sqlite_url,
    stamp_new_file,
)
from app.errors import DamagedFileError, NewerVersionError, NotAWorkshopError, WorkshopError
from app.schema import APPLICATION_ID, DEFAULT_SCHEMA, SchemaInfo
from app.scratch import scratch_file, scratch_path
from app.steps import STEPS
from app.workshop import Workshop

if TYPE_CHECKING:  # opening a file needs no ORM; only creating one does
    from sqlalchemy.orm import Session

SQLITE_MAGIC = b"SQLite format 3\x00"
FULL_CHECK_BYTES = 2 * 1024 * 1024

class FileCheck(NamedTuple):
    revision: str
    needs_migration: bool
    notice: str = ""  # something the user should know about how the file was opened


def check_file(path: Path, schema: SchemaInfo = DEFAULT_SCHEMA) -> FileCheck:
    """Decide whether `path` is a workshop this build can open, without writing a byte to it."""
    name = path.name
    try:
        header, size = _read_header(path)
    except FileNotFoundError:
        raise WorkshopError(f"{path} does not exist (it may have been moved or renamed).") from None
    except IsADirectoryError:
        raise NotAWorkshopError(f"{path} is a folder, not a workshop file.") from None
    except OSError as exc:
        raise WorkshopError(f"{name} could not be read: {exc.strerror or exc}.") from exc
    if size == 0:
        raise NotAWorkshopError(f"{name} is empty (0 bytes): it is not a Common Ground workshop.")
    if not header.startswith(SQLITE_MAGIC):
        raise NotAWorkshopError(f"{name} is not a Common Ground workshop (it is not a workshop database at all; "
                                "perhaps a document or export with the wrong name).")
    if len(header) < 100:
        raise DamagedFileError(f"{name} is cut short ({size} bytes): the file was not copied completely.")
    app_id = struct.unpack(">I", header[68:72])[0]
    if app_id != APPLICATION_ID:
        raise NotAWorkshopError(f"{name} is a database made by another program, not a Common Ground workshop.")
    notice = _recover_interrupted_save(path)
    header, size = _read_header(path)
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    size_is_valid = header[24:28] == header[92:96]
    if page_count and size_is_valid and size < page_count * page_size:
        raise DamagedFileError(f"{name} is cut short ({size:,} of {page_count * page_size:,} bytes): the file "
                               "was not copied or downloaded completely.")
    try:
        conn = connect_readonly(path)
    except sqlite3.DatabaseError as exc:
        raise DamagedFileError(f"{name} is damaged and cannot be read ({exc}).") from exc
    try:
        with contextlib.closing(conn):
            # The full check also verifies every index against its table: 3 ms for a 2,000-action plan, 33 ms for
            # 20,000; a file that large (far beyond any kickoff) gets the structural check only.
            check = "integrity_check" if size <= FULL_CHECK_BYTES else "quick_check"
            verdict = conn.execute(f"PRAGMA {check}").fetchone()[0]
            if verdict != "ok":
                raise DamagedFileError(f"{name} is damaged ({verdict}).")
            _replay_schema(conn)
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            try:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError:
                row = None
            # An older file is checked once migrated (the migration's own check comes first).
            problem = _layout_problem(conn) if row and row[0] == schema.head else ""
    except (sqlite3.DatabaseError, ValueError) as exc:
        # ValueError: a flipped bit can leave text SQLite hands back undecodable (UnicodeDecodeError).
        raise DamagedFileError(f"{name} is damaged and cannot be read ({exc}).") from exc
    if user_version > schema.generation or (row and row[0] not in schema.revisions):
        raise NewerVersionError(f"{name} was saved by a newer version of Common Ground than this one, or it is "
                                "damaged: this version does not know how it is laid out. If a colleague made it, "
                                "update Common Ground and open it again. The file was not changed.")
    if row is None:
        raise DamagedFileError(f"{name} is missing its format information: it is damaged or incomplete.")
    if problem:
        raise DamagedFileError(f"{name} is damaged: {problem}. Nothing was opened or changed; a backup of it may "
                               "help (File ▸ Restore from Backup, once another workshop is open).")
    return FileCheck(row[0], row[0] != schema.head, notice)


def _replay_schema(conn: sqlite3.Connection) -> None:
    """Build the file's own schema in memory: a read-only connection tolerates a damaged definition (a CHECK on a
    column that is not there) that every writing connection refuses, so the check must not trust it."""
    # Indexes are left out (half the cost): loading the schema already resolves every index's columns and
    # expressions, so a read-only connection refuses a broken one as surely as a writing one.
    with contextlib.closing(sqlite3.connect(":memory:")) as scratch:
        for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND type != 'index' "
                                   "AND name NOT LIKE 'sqlite_%' ORDER BY type != 'table', rowid"):
            scratch.execute(sql)  # one statement per call: a crafted entry cannot smuggle in an ATTACH


VALUE_SCAN_ROWS = 5000  # tables larger than this are not scanned at open (2 ms per column per 10,000 rows)
# A value no edit could have stored, by kind (SQL over column {c}): a row matching it is damage, not data.
_BAD_VALUE = {
    "integer": "typeof({c}) NOT IN ('integer', 'null')",
    "real": "typeof({c}) NOT IN ('integer', 'real', 'null')",
    "boolean": "(typeof({c}) NOT IN ('integer', 'null') OR {c} NOT IN (0, 1))",
    "text": "typeof({c}) NOT IN ('text', 'null')",
    "date": "({c} IS NOT NULL AND (typeof({c}) != 'text' OR date({c}, '+0 days') IS NOT {c}))",  # normalises 02-30
    "datetime": "({c} IS NOT NULL AND (typeof({c}) != 'text' OR datetime({c}) IS NULL))",
    "blob": "typeof({c}) NOT IN ('blob', 'null')",
}
_KIND_WORDS = {"integer": "whole numbers", "real": "numbers", "boolean": "yes/no values", "text": "text",
               "date": "dates", "datetime": "times", "blob": "binary data"}


def layout_problem(path: Path) -> str:
    """What is wrong with the layout or values of the file at `path` (at this build's format), or ""."""
    with contextlib.closing(connect_readonly(path)) as conn:
        return _layout_problem(conn)


def _layout_problem(conn: sqlite3.Connection) -> str:
    """What is wrong with the tables, columns or values of a file at this build's format, or "".

    Checked before anything is shown, so a window never meets a missing table or a value no edit could have
    stored (text where a date belongs, bytes in a name) halfway through drawing a screen."""
    from app.expected_schema import EXPECTED

    # A few statements for the whole file rather than three per table: preparing each is most of the cost.
    have: dict[str, set[str]] = {}
    for table, column in conn.execute("SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p "
                                      "WHERE m.type = 'table'"):
        have.setdefault(table, set()).add(column)
    for table, columns in EXPECTED.items():
        if table not in have:
            return f"the table “{table}” is missing"
        missing = [c for c in columns if c not in have[table]]
        if missing:
            return f"the column “{missing[0]}” of the table “{table}” is missing"
    names = list(EXPECTED)
    large = conn.execute("SELECT " + ", ".join(f'(SELECT count(*) > {VALUE_SCAN_ROWS} FROM "{t}")' for t in names)
                         ).fetchone()
    # A plan of thousands of actions is read in the background, and that read checks its values.
    scanned = [t for t, big in zip(names, large, strict=True) if not big]
    for start in range(0, len(scanned), _SCAN_BATCH):
        batch = scanned[start:start + _SCAN_BATCH]
        counts = iter(conn.execute("SELECT * FROM " + ", ".join(
            "(SELECT " + ", ".join(f"SUM({_BAD_VALUE[kind].format(c=chr(34) + col + chr(34))})"
                                   for col, kind in EXPECTED[t].items()) + f' FROM "{t}")' for t in batch)).fetchone())
        for table in batch:
            for col, kind in EXPECTED[table].items():
                bad = next(counts)
                if bad:
                    return (f"{bad} value{'s' if bad != 1 else ''} in “{table}.{col}” "
                            f"{'are' if bad != 1 else 'is'} not {_KIND_WORDS[kind]}")
    return ""


_SCAN_BATCH = 30  # tables per value-scan statement: SQLite joins at most 64 tables in one


def _read_header(path: Path) -> tuple[bytes, int]:
    """The first 100 bytes and the size of a regular file; anything else is refused without reading from it."""
    # Non-blocking, so a named pipe cannot hang the window; the type is checked on the opened file itself.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise NotAWorkshopError(f"{path.name} is not a workshop file: it is a {_kind(info.st_mode)}, not a "
                                    "file on disk. Nothing was read from it.")
        return os.read(fd, 100), info.st_size
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _recover_interrupted_save(path: Path) -> str:
    """Roll back a save a crash interrupted (a hot journal beside the file), but only where the result is sound.

    SQLite would roll any hot journal into the file on first read, even one that belongs to another file (a
    backup copied over the workshop after a crash). So the roll-back happens on a private copy of file and
    journal, which replaces the file only when it passes the full integrity check; otherwise the file is left
    exactly as it was and the journal is set aside. Returns what the user should be told ("" for nothing).
    """
    journal = path.with_name(path.name + "-journal")
    try:
        if not journal.is_file() or journal.stat().st_size == 0 or not _journal_is_hot(path):
            return ""
        copy = scratch_path(path, "new")
        copy_journal = copy.with_name(copy.name + "-journal")
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(journal, copy_journal)
            if _rolls_back_soundly(copy) and not copy_journal.exists():
                give_default_mode(copy)
                os.replace(copy, path)
                journal.unlink(missing_ok=True)
                return ""
        finally:
            copy.unlink(missing_ok=True)
            copy_journal.unlink(missing_ok=True)
        aside = journal.with_name(f"{journal.name}.set-aside-{dt.datetime.now():%Y%m%d-%H%M%S}")
        os.replace(journal, aside)
    except (OSError, sqlite3.Error, ValueError):
        return ""  # the checks that follow report what is wrong with the file itself
    return (f"A leftover save journal beside {path.name} did not fit the file (perhaps the file was replaced by "
            f"a copy after a crash), so it was not applied. The file opened exactly as it is; the journal was "
            f"kept as {aside.name}.")


def _rolls_back_soundly(copy: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(copy, isolation_level=None)) as conn:
            conn.execute("PRAGMA trusted_schema=OFF")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # rolls the copy back
            return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    except (sqlite3.Error, ValueError):
        return False  # "malformed": the journal made the copy worse


def _journal_is_hot(path: Path) -> bool:
    """Whether SQLite would roll the journal back: it names an unfinished save no live process holds."""
    try:
        with contextlib.closing(connect_readonly(path)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        # A read-only connection refuses to read past a hot journal (SQLITE_READONLY_ROLLBACK).
        return getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK"
    return False


def open_workshop(path: Path, *, backups: BackupStore, schema: SchemaInfo = DEFAULT_SCHEMA) -> Workshop:
    """Open a workshop for editing, migrating it first (after a backup) if it is older than this build."""
    path = path.absolute()
    found = check_file(path, schema)
    if found.needs_migration:
        from app.migrate import migrate_file

        migrate_file(path, schema=schema, backups=backups)
        check_file(path, schema)
    workshop = open_checked(path)
    workshop.notice = found.notice
    return workshop


def open_checked(path: Path) -> Workshop:
    """Open a file that `check_file` has just passed at this build's head revision."""
    return Workshop(make_engine(sqlite_url(path.absolute())), path=path.absolute())


def open_snapshot(path: Path, *, schema: SchemaInfo = DEFAULT_SCHEMA) -> Workshop:
    """A read-only view of a workshop another process holds: a private copy, so no lock on the original."""
    path = path.absolute()
    found = check_file(path, schema)
    folder = Path(tempfile.mkdtemp(prefix="commonground-view-"))
    copy = folder / path.name
    backup_file(path, copy)

    def cleanup() -> None:
        copy.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()

    if found.needs_migration:
        from app.migrate import migrate_file

        migrate_file(copy, schema=schema, backups=BackupStore(folder / "backups"))
    workshop = Workshop(make_engine(sqlite_url(copy)), path=path, read_only=True, cleanup=cleanup)
    workshop.notice = found.notice
    return workshop


def create_workshop(path: Path, *, name: str = "", schema: SchemaInfo = DEFAULT_SCHEMA) -> Workshop:
    """Write a new, empty workshop at `path` (replacing what is there only once the new file is complete)."""
    from sqlalchemy.orm import Session

    from models import all_metadata

    path = path.absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = scratch_file(path, "new")
    try:
        engine = make_engine(sqlite_url(tmp))
        all_metadata().create_all(engine)
        with raw_connection(engine) as conn:
            conn.execute("BEGIN")
            stamp_new_file(conn, revision=schema.head, generation=schema.generation)
            conn.execute("COMMIT")
        with Session(engine) as s, s.begin():
            _seed(s, name or path.stem)
        engine.dispose()
        give_default_mode(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Workshop(make_engine(sqlite_url(path)), path=path)


def _seed(s: Session, name: str) -> None:
    from models import AgendaItem, Department, GroundRule
    from models import Workshop as WorkshopRow

    s.add(WorkshopRow(id=1, name=name, company="", held_on=dt.date.today(), facilitator=""))
    s.add_all([Department(name="Sales", position=0), Department(name="Marketing", position=1)])
    s.add_all([GroundRule(text=text, position=i) for i, text in enumerate(DEFAULT_GROUND_RULES)])
    s.add_all([AgendaItem(step=step.key, title=step.title, timebox_minutes=step.minutes, position=i)
               for i, step in enumerate(STEPS)])
    from models import DEFAULT_ACTIVITIES, Activity

    s.add_all([Activity(name=name, position=i) for i, name in enumerate(DEFAULT_ACTIVITIES)])
