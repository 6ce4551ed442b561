"""Bring an older workshop file up to this build's schema with Alembic. Imported only when a migration is due.

The file is backed up first, then a copy is migrated in one transaction, checked, and swapped in, so a
revision that fails half-way leaves the user's file exactly as it was.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from alembic import command
from alembic.config import Config

from app.backups import BackupStore
from app.database import backup_file, check_integrity, make_engine, sqlite_url
from app.errors import DamagedFileError, MigrationError, WorkshopError
from app.opening import layout_problem
from app.schema import SchemaInfo
from app.scratch import scratch_path


def alembic_config(schema: SchemaInfo) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(schema.script_location))
    return cfg


def migrate_file(path: Path, *, schema: SchemaInfo, backups: BackupStore) -> Path:
    """Upgrade `path` to `schema.head`; returns the pre-migration backup."""
    try:
        backup = backups.snapshot(path, "pre-migration").path
    except WorkshopError as exc:
        raise MigrationError(f"{path.name} needs an update, but no safe backup could be made first, so it was "
                             f"left untouched. {exc.message}") from exc
    work = scratch_path(path, "migrating")
    try:
        backup_file(path, work)
        _upgrade(work, schema)
        verdict = check_integrity(work)
        if verdict != "ok":
            raise MigrationError(f"The updated file failed its integrity check ({verdict}).")
        problem = layout_problem(work)  # an old file can be damaged too: it is checked once it is up to date
        if problem:
            raise DamagedFileError(f"{path.name} is damaged: {problem}. It was not updated and was left as it was; "
                                   f"a backup is at {backup}.")
        os.replace(work, path)
    except Exception as exc:
        with contextlib.suppress(OSError):
            work.unlink()
        if isinstance(exc, MigrationError | DamagedFileError):
            raise
        raise MigrationError(
            f"{path.name} could not be updated to this version of Common Ground. The file was left as it was; "
            f"a backup is at {backup}.", detail=f"{type(exc).__name__}: {exc}") from exc
    return backup


def _upgrade(work: Path, schema: SchemaInfo) -> None:
    engine = make_engine(sqlite_url(work))
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            # Batch "move and copy" of tables breaks with enforced foreign keys; check them afterwards instead.
            raw.execute("PRAGMA foreign_keys=OFF")
            cfg = alembic_config(schema)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, schema.head)
            if conn.in_transaction():
                conn.commit()
            broken = raw.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise MigrationError(f"The update left {len(broken)} broken reference(s); the file was not changed.")
            raw.execute(f"PRAGMA user_version={schema.generation}")
            raw.execute("PRAGMA foreign_keys=ON")
    finally:
        engine.dispose()


def script_revisions(schema: SchemaInfo) -> tuple[str, ...]:
    """The revision ids of the scripts, oldest first (what app.schema.REVISIONS must equal)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config(schema))
    return tuple(rev.revision for rev in reversed(list(scripts.walk_revisions())))
