"""File safety: connection pragmas, refusing what we cannot open untouched, migrations, copies and backups."""
from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import queries
from app.backups import BackupStore
from app.commands import setup
from app.database import check_integrity, make_engine, read_pragmas, sqlite_url
from app.errors import (
    DamagedFileError,
    MigrationError,
    NewerVersionError,
    NotAWorkshopError,
    SaveError,
    WorkshopError,
)
from app.migrate import _upgrade, script_revisions
from app.opening import check_file, create_workshop, open_snapshot, open_workshop
from app.schema import APPLICATION_ID, DEFAULT_SCHEMA, REVISIONS
from app.workshop import Workshop
from models import all_metadata

# ---------------------------------------------------------------------------------------------------------
# helpers


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def raw_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain read-write sqlite3 connection in autocommit mode, closed afterwards."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def scalar(path: Path, sql: str) -> Any:
    with raw_sqlite(path) as conn:
        return conn.execute(sql).fetchone()[0]


def sidecars(path: Path) -> list[Path]:
    """Anything SQLite or our code might leave beside the file: journals, WAL, migration or copy leftovers."""
    folder = path.parent
    return sorted(p for p in folder.iterdir()
                  if p.name.startswith(f"{path.name}-") or p.name.startswith(f".{path.name}."))


def new_workshop(path: Path, *, participants: tuple[str, ...] = ("Dana",)) -> Path:
    w = create_workshop(path)
    try:
        for name in participants:
            w.apply(setup.add_participant(name=name, department="Sales"))
    finally:
        w.close()
    return path


def participant_names(path: Path) -> list[str]:
    with raw_sqlite(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM participant ORDER BY id")]


EXPECTED_PRAGMAS = {
    "journal_mode": "delete",
    "synchronous": 2,
    "foreign_keys": 1,
    "trusted_schema": 0,
    "mmap_size": 0,
    "application_id": APPLICATION_ID,
    "busy_timeout": 5000,
}


def assert_safe_pragmas(raw: sqlite3.Connection) -> None:
    found = read_pragmas(raw)
    for name, value in EXPECTED_PRAGMAS.items():
        assert found[name] == value, f"PRAGMA {name} is {found[name]!r}, expected {value!r}"


def assert_engine_pragmas(workshop: Workshop) -> None:
    with workshop.engine.connect() as c:
        assert_safe_pragmas(c.connection.driver_connection)
        # A second connection from the same pool, open at the same time, is configured the same way.
        with workshop.engine.connect() as c2:
            assert c2.connection.driver_connection is not c.connection.driver_connection
            assert_safe_pragmas(c2.connection.driver_connection)


def read_pragmas_user_version(w: Workshop) -> int:
    with w.engine.connect() as c:
        return read_pragmas(c.connection.driver_connection)["user_version"]


# ---------------------------------------------------------------------------------------------------------
# pragmas


def test_pragmas_after_create(tmp_path: Path) -> None:
    w = create_workshop(tmp_path / "new.cgw")
    try:
        assert_engine_pragmas(w)
        assert read_pragmas_user_version(w) == DEFAULT_SCHEMA.generation
    finally:
        w.close()


def test_pragmas_after_open(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "kickoff.cgw")
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        assert_engine_pragmas(w)
        w.apply(setup.add_ground_rule("Pragmas hold after a commit"))
        assert_engine_pragmas(w)
    finally:
        w.close()
    engine = make_engine(sqlite_url(path))
    try:
        with engine.connect() as c:
            assert_safe_pragmas(c.connection.driver_connection)
    finally:
        engine.dispose()
    assert not sidecars(path)


# ---------------------------------------------------------------------------------------------------------
# refusals: the file is left byte-for-byte as it was


def make_newer(path: Path) -> None:
    new_workshop(path)
    with raw_sqlite(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_future'")
        conn.execute("PRAGMA user_version=99")


def make_foreign(path: Path) -> None:
    with raw_sqlite(path) as conn:
        conn.execute("CREATE TABLE t(x)")
        conn.execute("INSERT INTO t VALUES (1)")


def make_empty(path: Path) -> None:
    path.write_bytes(b"")


def make_text(path: Path) -> None:
    path.write_text("Agenda for the kickoff\n\n1. Setup — 15 min\n2. Rivalries\n", encoding="utf-8")


def make_random(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def make_truncated(path: Path) -> None:
    full = new_workshop(path.with_name("full.cgw"))
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def make_versionless(path: Path) -> None:
    new_workshop(path)
    with raw_sqlite(path) as conn:
        conn.execute("DROP TABLE alembic_version")


def _damaged(*statements: str) -> Callable[[Path], None]:
    """A sound workshop, then raw SQL no edit of the app could run (the file keeps our format stamp)."""
    def make(path: Path) -> None:
        new_workshop(path)
        with raw_sqlite(path) as conn:
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("PRAGMA ignore_check_constraints=ON")
            for sql in statements:
                conn.execute(sql)
    return make


def make_schemaless(path: Path) -> None:
    with raw_sqlite(path) as conn:
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute("PRAGMA user_version=1")
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (DEFAULT_SCHEMA.head,))


LAYOUT_DAMAGE = [
    ("no-agenda-table", _damaged("DROP TABLE agenda_item"), "agenda_item"),
    ("no-workshop-table", _damaged("DROP TABLE workshop"), "workshop"),
    ("no-participant-table", _damaged("DROP TABLE action", "DROP TABLE participant"), "table"),
    ("no-action-table", _damaged("DROP TABLE action"), "action"),
    ("missing-column", _damaged("ALTER TABLE participant DROP COLUMN title"), "title"),
    ("only-a-version-row", make_schemaless, "missing"),
    ("text-for-a-date", _damaged("UPDATE workshop SET held_on = 'next Tuesday'"), "workshop.held_on"),
    ("no-such-day", _damaged("UPDATE workshop SET held_on = '2026-02-30'"), "dates"),
    ("bytes-for-a-name", _damaged("UPDATE participant SET name = X'00ff10'"), "participant.name"),
    ("text-for-a-number", _damaged("UPDATE ground_rule SET position = 'first'"), "ground_rule.position"),
    ("seven-for-yes", _damaged("UPDATE participant SET is_signatory = 7"), "yes/no"),
    # Definitions a read-only connection tolerates but a writing one refuses (a check on a column not there), and
    # one every connection refuses when it loads the schema (an index on a column not there).
    ("check-on-no-column", _damaged("PRAGMA writable_schema=ON", "UPDATE sqlite_master SET sql = replace(sql, "
                                    "'timebox_minutes >= 0', 'timebox_minutez >= 0') WHERE name = 'agenda_item'"),
     "timebox_minutez"),
    ("index-on-no-column", _damaged("PRAGMA writable_schema=ON", "UPDATE sqlite_master SET sql = replace(sql, "
                                    "'(position)', '(positio)') WHERE type = 'index' AND tbl_name = 'ground_rule'"),
     "positio"),
]

REFUSALS: list[tuple[str, Callable[[Path], None], type[WorkshopError], str]] = [
    *[(name, make, DamagedFileError, words) for name, make, words in LAYOUT_DAMAGE],
    ("newer", make_newer, NewerVersionError, "newer version"),
    ("foreign-sqlite", make_foreign, NotAWorkshopError, "another program"),
    ("zero-bytes", make_empty, NotAWorkshopError, "empty"),
    ("text", make_text, NotAWorkshopError, "not a Common Ground workshop"),
    ("random-bytes", make_random, NotAWorkshopError, "not a Common Ground workshop"),
    ("truncated", make_truncated, DamagedFileError, "cut short"),
    ("no-alembic-version", make_versionless, DamagedFileError, "format information"),
]


@pytest.mark.parametrize(("make", "error", "words"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
@pytest.mark.parametrize("opener", ["open_workshop", "open_snapshot"])
def test_refused_files_are_left_untouched(tmp_path: Path, make: Callable[[Path], None],
                                          error: type[WorkshopError], words: str, opener: str) -> None:
    path = tmp_path / "suspect.cgw"
    make(path)
    before = sha256(path)
    size = path.stat().st_size
    store = BackupStore(tmp_path / "backups")
    with pytest.raises(error) as info:
        if opener == "open_workshop":
            open_workshop(path, backups=store)
        else:
            open_snapshot(path)
    assert type(info.value) is error
    assert words.lower() in info.value.message.lower()
    assert sha256(path) == before
    assert path.stat().st_size == size
    assert not sidecars(path), sidecars(path)
    assert not path.with_name(path.name + "-journal").exists()
    assert store.entries(path) == []


def test_check_file_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkshopError):
        check_file(tmp_path)


def test_missing_file_is_reported_not_created(tmp_path: Path) -> None:
    path = tmp_path / "gone.cgw"
    with pytest.raises(WorkshopError, match="does not exist"):
        open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    assert not path.exists()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to_random_device(path: Path) -> None:
    path.symlink_to("/dev/urandom")


def _link_to_folder(path: Path) -> None:
    (path.parent / "a folder").mkdir()
    path.symlink_to(path.parent / "a folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and devices are a POSIX matter")
@pytest.mark.parametrize("make", [_fifo, _link_to_random_device, _link_to_folder],
                         ids=["fifo", "symlink-to-device", "symlink-to-folder"])
@pytest.mark.parametrize("opener", ["check_file", "open_workshop", "open_snapshot"])
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, make: Callable[[Path], None],
                                                       opener: str) -> None:
    import threading

    path = tmp_path / "x.cgw"
    make(path)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            if opener == "check_file":
                check_file(path)
            elif opener == "open_workshop":
                open_workshop(path, backups=BackupStore(tmp_path / "backups"))
            else:
                open_snapshot(path)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever came out
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)  # a read of a FIFO would block forever
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "opening hung"
    assert isinstance(outcome[0], NotAWorkshopError), outcome
    assert "not a workshop file" in outcome[0].message or "folder" in outcome[0].message


class _QuickCheckFails:
    """A read-only connection whose quick_check trips over a flipped bit in the stored schema text."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.endswith("_check"):  # quick_check or integrity_check
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
        return self.conn.execute(sql, *args)

    def close(self) -> None:
        self.conn.close()


def test_a_check_that_cannot_decode_the_file_calls_it_damaged(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import app.opening as opening

    path = new_workshop(tmp_path / "flipped.cgw")
    before = sha256(path)
    real = opening.connect_readonly
    monkeypatch.setattr(opening, "connect_readonly", lambda p: _QuickCheckFails(real(p)))
    with pytest.raises(DamagedFileError, match="damaged"):
        check_file(path)
    assert sha256(path) == before


@pytest.mark.parametrize("name", ["Q1 plan?.cgw", "team #2.cgw", "a%20b &c=d.cgw", "Ventes – été.cgw",
                                  "продажи.cgw", "營銷 計劃.cgw"])
def test_any_legal_file_name_works(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    workshop = create_workshop(path)
    workshop.apply(setup.edit_workshop("company", "Northwind"))
    workshop.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing built in a file of another name
    reopened = open_workshop(path, backups=BackupStore(tmp_path.parent / f"{tmp_path.name}-backups"))
    try:
        assert reopened.query(queries.workshop_info).company == "Northwind"
    finally:
        reopened.close()
    assert check_integrity(path) == "ok"


def test_an_unknown_format_is_explained_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "future.cgw"
    make_newer(path)
    with pytest.raises(NewerVersionError) as info:
        check_file(path)
    assert "newer version of Common Ground" in info.value.message
    assert "damaged" in info.value.message
    assert "file format" not in info.value.message


# ---------------------------------------------------------------------------------------------------------
# migrations

from schema_helpers import (  # noqa: E402
    FAILING_UPGRADE,
    GOOD_UPGRADE,
    TEST_REVISION,
    old_workshop,
    schema_with_revision,
)


def test_schema_head_matches_the_scripts() -> None:
    assert script_revisions(DEFAULT_SCHEMA) == REVISIONS
    assert DEFAULT_SCHEMA.head == REVISIONS[-1]


def test_test_schema_sees_the_new_revision(tmp_path: Path) -> None:
    schema = schema_with_revision(tmp_path, GOOD_UPGRADE)
    assert script_revisions(schema) == (*REVISIONS, TEST_REVISION)


@pytest.mark.parametrize("name", ["kickoff.cgw", "Q1 plan? #2 – été.cgw"])
def test_migration_upgrades_after_a_backup(tmp_path: Path, name: str) -> None:
    schema = schema_with_revision(tmp_path, GOOD_UPGRADE)
    path = old_workshop(tmp_path / "files" / name)
    assert check_file(path, schema).needs_migration
    store = BackupStore(tmp_path / "backups")

    w = open_workshop(path, backups=store, schema=schema)
    try:
        assert [p.name for p in w.query(queries.participants)] == ["Dana"]
        # The migrated file still takes edits.
        w.apply(setup.add_participant(name="Marcus", department="Marketing"))
    finally:
        w.close()

    with raw_sqlite(path) as conn:
        assert conn.execute("SELECT test_note FROM goal").fetchall() == [("migrated",)]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(TEST_REVISION,)]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(REVISIONS) + 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert participant_names(path) == ["Dana", "Marcus"]
    assert check_integrity(path) == "ok"
    assert check_file(path, schema).needs_migration is False
    assert not sidecars(path), sidecars(path)

    entries = store.entries(path)
    assert len(entries) == 1
    backup = entries[0]
    assert backup.reason == "pre-migration"
    assert check_integrity(backup.path) == "ok"
    assert scalar(backup.path, "SELECT version_num FROM alembic_version") == REVISIONS[-1]
    assert scalar(backup.path, "SELECT count(*) FROM participant") == 1
    assert check_file(backup.path).needs_migration is False

    # Now newer than the default build: refused, untouched.
    before = sha256(path)
    with pytest.raises(NewerVersionError):
        open_workshop(path, backups=store)
    assert sha256(path) == before


def test_snapshot_of_an_older_file_migrates_only_the_copy(tmp_path: Path) -> None:
    schema = schema_with_revision(tmp_path, GOOD_UPGRADE)
    path = old_workshop(tmp_path / "kickoff.cgw")
    before = sha256(path)
    view = open_snapshot(path, schema=schema)
    try:
        assert view.read_only
        assert [p.name for p in view.query(queries.participants)] == ["Dana"]
    finally:
        view.close()
    assert sha256(path) == before


def test_failed_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    schema = schema_with_revision(tmp_path, FAILING_UPGRADE)
    path = old_workshop(tmp_path / "files" / "kickoff.cgw")
    before = sha256(path)
    store = BackupStore(tmp_path / "backups")

    with pytest.raises(MigrationError) as info:
        open_workshop(path, backups=store, schema=schema)
    assert "boom" in info.value.detail
    assert "left as it was" in info.value.message

    assert sha256(path) == before
    assert not [p for p in path.parent.iterdir() if "migrating" in p.name]
    assert not sidecars(path), sidecars(path)
    # The pre-migration backup it mentions is there and sound.
    entries = store.entries(path)
    assert [e.reason for e in entries] == ["pre-migration"]
    assert str(entries[0].path) in info.value.message
    assert check_integrity(entries[0].path) == "ok"

    w = open_workshop(path, backups=store)
    try:
        assert [p.name for p in w.query(queries.participants)] == ["Dana"]
        assert [g.statement for g in w.query(queries.goals)] == ["More accepted leads"]
    finally:
        w.close()
    with raw_sqlite(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        columns = {r[1] for r in conn.execute("PRAGMA table_info(goal)")}
    assert "test_extra" not in tables
    assert "test_note" not in columns


# ---------------------------------------------------------------------------------------------------------
# the migrations build exactly what the models describe


def metadata_diff(path: Path) -> list[Any]:
    engine = make_engine(sqlite_url(path))
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), all_metadata())
    finally:
        engine.dispose()


def test_migrations_from_empty_equal_the_models(tmp_path: Path) -> None:
    path = tmp_path / "empty.cgw"
    with raw_sqlite(path) as conn:
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    _upgrade(path, DEFAULT_SCHEMA)
    assert metadata_diff(path) == []
    assert scalar(path, "SELECT version_num FROM alembic_version") == DEFAULT_SCHEMA.head
    assert scalar(path, "PRAGMA user_version") == DEFAULT_SCHEMA.generation
    assert check_integrity(path) == "ok"


def test_created_workshop_equals_the_models(tmp_path: Path) -> None:
    path = tmp_path / "new.cgw"
    create_workshop(path).close()
    assert metadata_diff(path) == []


def test_created_and_migrated_files_have_the_same_schema(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.cgw"
    with raw_sqlite(migrated) as conn:
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    _upgrade(migrated, DEFAULT_SCHEMA)
    created = tmp_path / "created.cgw"
    create_workshop(created).close()

    def objects(path: Path) -> dict[str, set[str]]:
        with raw_sqlite(path) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
            return {t: {repr(r[1:]) for r in conn.execute(f'PRAGMA table_xinfo("{t}")')} |
                    {repr(tuple(r[2:])) for r in conn.execute(f'PRAGMA foreign_key_list("{t}")')}
                    for t in tables}

    assert objects(migrated) == objects(created)


# ---------------------------------------------------------------------------------------------------------
# copies and backups


def test_save_copy_is_a_sound_workshop(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "kickoff.cgw", participants=("Dana", "Marcus", "Priya"))
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        w.apply(setup.add_ground_rule("Copies are consistent"))
        dest = tmp_path / "elsewhere" / "copy.cgw"
        w.save_copy(dest)
        # Overwriting an existing copy works too.
        w.save_copy(dest)
        rules = w.query(queries.ground_rules)
    finally:
        w.close()
    assert check_integrity(dest) == "ok"
    assert check_file(dest).needs_migration is False
    assert participant_names(dest) == ["Dana", "Marcus", "Priya"]
    assert not sidecars(dest), sidecars(dest)
    copy = open_workshop(dest, backups=BackupStore(tmp_path / "backups"))
    try:
        assert copy.query(queries.ground_rules) == rules
        assert_engine_pragmas(copy)
    finally:
        copy.close()


def test_periodic_backups_rotate(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "kickoff.cgw")
    store = BackupStore(tmp_path / "backups", keep_periodic=3)
    taken = [store.snapshot(path) for _ in range(5)]
    entries = store.entries(path)
    assert len(entries) == 3
    assert all(e.reason == "periodic" for e in entries)
    assert all(check_integrity(e.path) == "ok" for e in entries)
    assert [e.taken_at for e in entries] == sorted((e.taken_at for e in entries), reverse=True)
    # The three kept are the three newest, newest first.
    assert [e.path for e in entries] == [t.path for t in reversed(taken[-3:])]
    assert not taken[0].path.exists() and not taken[1].path.exists()
    # Backups that are not periodic are counted apart.
    store.snapshot(path, "on-close")
    assert len(store.entries(path)) == 4


def test_restore_brings_the_old_state_back(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "kickoff.cgw", participants=("Dana",))
    store = BackupStore(tmp_path / "backups")
    old = store.snapshot(path)

    w = open_workshop(path, backups=store)
    try:
        w.apply(setup.add_participant(name="Marcus"))
        w.apply(setup.add_ground_rule("Added after the backup"))
    finally:
        w.close()
    assert participant_names(path) == ["Dana", "Marcus"]

    store.restore(old, path)
    assert participant_names(path) == ["Dana"]
    assert check_integrity(path) == "ok"
    assert not sidecars(path), sidecars(path)

    entries = store.entries(path)
    before_restore = [e for e in entries if e.reason == "before-restore"]
    assert len(before_restore) == 1
    assert entries[0] == before_restore[0]
    assert participant_names(before_restore[0].path) == ["Dana", "Marcus"]

    w = open_workshop(path, backups=store)
    try:
        assert [p.name for p in w.query(queries.participants)] == ["Dana"]
        assert "Added after the backup" not in [r.text for r in w.query(queries.ground_rules)]
        w.apply(setup.add_participant(name="Priya"))
    finally:
        w.close()
    assert participant_names(path) == ["Dana", "Priya"]


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "kickoff.cgw")
    store = BackupStore(tmp_path / "backups")
    entry = store.snapshot(path)
    data = entry.path.read_bytes()
    entry.path.write_bytes(data[: len(data) // 2])
    before = sha256(path)
    with pytest.raises(WorkshopError):
        store.restore(entry, path)
    assert sha256(path) == before


# ---------------------------------------------------------------------------------------------------------
# a commit that cannot reach the file


def replace_with_other(path: Path) -> None:
    other = path.with_name("other.cgw")
    create_workshop(other, name="Someone else's").close()
    os.replace(other, path)


def delete_file(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("swap", [replace_with_other, delete_file], ids=["replaced", "deleted"])
def test_edit_after_the_file_went_away_is_refused(tmp_path: Path, swap: Callable[[Path], None]) -> None:
    path = new_workshop(tmp_path / "kickoff.cgw", participants=("Dana",))
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        w.apply(setup.add_participant(name="Marcus"))
        replaced_bytes = None
        swap(path)
        if path.exists():
            replaced_bytes = sha256(path)
        with pytest.raises(SaveError, match="moved, replaced or deleted"):
            w.apply(setup.add_participant(name="Lost"))
        assert w.commits == 1
        # Whatever is at the path now was not written to.
        if replaced_bytes is not None:
            assert sha256(path) == replaced_bytes
            assert participant_names(path) == []
        else:
            assert not path.exists()
        dest = tmp_path / "rescued.cgw"
        w.save_copy(dest)
    finally:
        w.close()
    assert check_integrity(dest) == "ok"
    check_file(dest)
    assert participant_names(dest) == ["Dana", "Marcus"]


def _plan_with(tmp_path: Path, sql: str) -> Path:
    from app.commands import actions as action_cmds

    path = tmp_path / "plan.cgw"
    w = create_workshop(path)
    try:
        w.apply(action_cmds.add_action(title="Agree the MQL definition", owner_id=None, team_id=None, due_on=None,
                                       goal_id=None, step="actions"))
    finally:
        w.close()
    with raw_sqlite(path) as conn:
        conn.execute(sql)
    return path


@pytest.mark.parametrize(("sql", "words"), [("UPDATE action SET due_on = 'soon'", "no edit could have stored"),
                                            ("UPDATE action SET title = X'00ff'", "binary data")])
def test_a_plan_too_large_to_scan_checks_its_values_as_it_is_read(tmp_path: Path, sql: str, words: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import app.opening as opening

    path = _plan_with(tmp_path, sql)
    with pytest.raises(DamagedFileError):
        check_file(path)  # small enough to be scanned when opened
    monkeypatch.setattr(opening, "VALUE_SCAN_ROWS", 0)  # as if it held tens of thousands of actions
    check_file(path)
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        with pytest.raises(DamagedFileError, match=words):
            w.query(queries.actions)
    finally:
        w.close()


def test_a_file_made_read_only_while_open_is_not_written_and_the_user_told(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "kickoff.cgw", participants=("Dana",))
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        w.apply(setup.add_participant(name="Marcus"))
        os.chmod(path, 0o444)
        before = sha256(path)
        with pytest.raises(SaveError, match="made read-only while it was open"):
            w.apply(setup.add_participant(name="Not written"))
        assert sha256(path) == before  # root may write anyway; the app must not
        w.save_copy(tmp_path / "rescued.cgw")
        assert participant_names(tmp_path / "rescued.cgw") == ["Dana", "Marcus"]
        os.chmod(path, 0o644)
        w.apply(setup.add_participant(name="Back in business"))
    finally:
        w.close()
    assert participant_names(path) == ["Dana", "Marcus", "Back in business"]


def test_a_file_cut_short_while_open_is_named_as_such(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "kickoff.cgw", participants=("Dana",))
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        w.apply(setup.add_participant(name="Marcus"))
        with open(path, "r+b") as fh:
            fh.truncate(path.stat().st_size // 2)
        with pytest.raises(SaveError, match="cut short by another program") as info:
            w.apply(setup.add_participant(name="Lost"))
        assert "Save a copy elsewhere" in info.value.message
    finally:
        w.close()


def test_a_file_of_the_first_format_is_backed_up_and_gains_its_indexes(tmp_path: Path) -> None:
    path = tmp_path / "kickoff.cgw"
    path.write_bytes((Path(__file__).resolve().parents[1] / "data" / "demo-0001.cgw").read_bytes())
    before_names = participant_names(path)
    assert check_file(path).needs_migration
    store = BackupStore(tmp_path / "backups")
    w = open_workshop(path, backups=store)
    try:
        assert w.query(queries.participants)
    finally:
        w.close()
    assert participant_names(path) == before_names
    assert scalar(path, "SELECT version_num FROM alembic_version") == REVISIONS[-1]
    assert scalar(path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_action_owner_id'") == 1
    assert check_integrity(path) == "ok"
    [backup] = store.entries(path)
    assert backup.reason == "pre-migration"
    assert scalar(backup.path, "SELECT version_num FROM alembic_version") == "0001_initial"


def test_the_plan_is_read_through_its_indexes(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "kickoff.cgw")
    with raw_sqlite(path) as conn:
        children = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN SELECT id FROM action WHERE owner_id = 1"))
    assert "ix_action_owner_id" in children, children  # what ON DELETE SET NULL of an owner looks up
