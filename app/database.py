"""Engines for workshop files, the connection pragmas that keep them safe, and the SQLite backup API.

The workshop file is a document people copy and e-mail, so it uses a rollback journal (never WAL) with
synchronous=FULL; SQLAlchemy's pysqlite recipe emits our own BEGIN so savepoints and transactional DDL work.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event

from app.schema import APPLICATION_ID
from app.scratch import scratch_file

BUSY_TIMEOUT_MS = 5000

# Applied to every connection; a test reads each one back.
CONNECTION_PRAGMAS: tuple[tuple[str, str], ...] = (
    ("journal_mode", "DELETE"),
    ("synchronous", "FULL"),
    ("foreign_keys", "ON"),
    ("trusted_schema", "OFF"),
    ("mmap_size", "0"),
    ("busy_timeout", str(BUSY_TIMEOUT_MS)),
)


def sqlite_url(path: Path) -> URL:
    # Built, not formatted: in a URL string "?" and "#" in a file name would start a query or a fragment, and
    # SQLite would quietly build the workshop in a file of another name.
    return URL.create("sqlite", database=str(path))


def configure_connection(dbapi_connection: sqlite3.Connection) -> None:
    """Pragmas every connection gets, whoever opened it (the app, a migration or a backup)."""
    for name, value in CONNECTION_PRAGMAS:
        dbapi_connection.execute(f"PRAGMA {name}={value}")


def make_engine(url: str | URL) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name != "sqlite":
        return engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin and end.
        dbapi_connection.isolation_level = None
        configure_connection(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def read_pragmas(conn: sqlite3.Connection) -> dict[str, Any]:
    names = ("journal_mode", "synchronous", "foreign_keys", "trusted_schema", "mmap_size", "application_id",
             "user_version", "busy_timeout")
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in names}


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (no journal roll-back, no schema writes)."""
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA trusted_schema=OFF")
    return conn


def check_integrity(path: Path, *, full: bool = True) -> str:
    """'ok' or SQLite's first complaint about the file."""
    with contextlib.closing(connect_readonly(path)) as conn:
        try:
            row = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            return str(exc)
    return str(row[0])


def backup_connection(source: sqlite3.Connection, dest: Path) -> None:
    """Copy a live database through the backup API into `dest`, atomically and durably.

    The copy is written beside `dest` first and swapped in, so a crash never leaves half a file there.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = scratch_file(dest, "part")
    try:
        with contextlib.closing(sqlite3.connect(tmp, isolation_level=None)) as target:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        fsync_file(tmp)
        give_default_mode(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def backup_file(source: Path, dest: Path) -> None:
    with contextlib.closing(connect_readonly(source)) as conn:
        backup_connection(conn, dest)


@contextlib.contextmanager
def raw_connection(engine: Engine) -> Iterator[sqlite3.Connection]:
    """The driver connection behind a pooled SQLAlchemy one, for the backup API."""
    pooled = engine.raw_connection()
    try:
        yield pooled.driver_connection  # type: ignore[misc]
    finally:
        pooled.close()


def stamp_new_file(conn: sqlite3.Connection, *, revision: str, generation: int) -> None:
    """Mark a freshly created database as ours, at `revision` (what `alembic stamp` writes, in plain SQL)."""
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version={generation}")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
    )
    conn.execute("DELETE FROM alembic_version")
    conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (revision,))


def give_default_mode(path: Path) -> None:
    """mkstemp makes files private (0600); a workshop or copy gets the mode any new file of the user would."""
    if os.name != "posix":
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (POSIX; elsewhere the rename is as durable as the platform makes it)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
