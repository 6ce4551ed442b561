"""A corpus of damaged workshops: each is refused (and left byte for byte as it was) or opens soundly.

A seeded generator damages copies of the demo workshop: bit flips anywhere and in the schema page, truncations,
header damage, dropped tables and columns, values no edit could store, and things that are not files at all.
Each goes through what the window does when it opens a file (app.opening.check_file, then open_workshop and the
reads of every screen). Nothing may raise anything but a WorkshopError, nothing may hang, a refused file must be
unchanged, and a file that opened must still pass SQLite's integrity check.
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from app import queries
from app.backups import BackupStore
from app.database import check_integrity
from app.errors import WorkshopError
from app.opening import check_file, open_workshop
from app.paths import DEMO_RESOURCE

SEED = 20261125
PAGE = 4096


def _flip(offset: int, bit: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[offset % len(data)] ^= 1 << bit
        path.write_bytes(bytes(data))
    return make


def _truncate(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(path.read_bytes()[:size])
    return make


def _header(offset: int, value: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[offset] = value
        path.write_bytes(bytes(data))
    return make


def _sql(*statements: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("PRAGMA ignore_check_constraints=ON")
            for sql in statements:
                conn.execute(sql)
        finally:
            conn.close()
    return make


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


# The demo as shipped, and the demo as a file of the first format (updated on open, so damage meets the migration).
SOURCES = {"current": DEMO_RESOURCE, "first-format": Path(__file__).resolve().parents[1] / "data" / "demo-0001.cgw"}


def corpus(source: Path) -> list[tuple[str, Callable[[Path], None]]]:
    rng = random.Random(SEED)
    size = source.stat().st_size
    cases: list[tuple[str, Callable[[Path], None]]] = []
    for _ in range(110):
        offset, bit = rng.randrange(size), rng.randrange(8)
        cases.append((f"flip-{offset}-{bit}", _flip(offset, bit)))
    for _ in range(40):  # the first page holds the schema text
        offset, bit = rng.randrange(100, PAGE), rng.randrange(8)
        cases.append((f"schema-flip-{offset}-{bit}", _flip(offset, bit)))
    for _ in range(20):
        cut = rng.randrange(size)
        cases.append((f"truncate-{cut}", _truncate(cut)))
    for _ in range(20):
        offset, value = rng.randrange(100), rng.randrange(256)
        cases.append((f"header-{offset}-{value}", _header(offset, value)))
    for table in ("agenda_item", "workshop", "participant", "action", "goal", "ground_rule", "department"):
        cases.append((f"drop-{table}", _sql(f"DROP TABLE {table}")))
    for table, column in (("participant", "title"), ("goal", "statement"), ("action", "due_on"),
                          ("workshop", "company")):
        cases.append((f"drop-{table}.{column}", _sql(f"ALTER TABLE {table} DROP COLUMN {column}")))
    for name, sql in (("date-text", "UPDATE workshop SET held_on = 'soon'"),
                      ("date-number", "UPDATE action SET due_on = 20261201"),
                      ("name-bytes", "UPDATE participant SET name = X'00ff'"),
                      ("title-number", "UPDATE action SET title = 12"),
                      ("position-text", "UPDATE agenda_item SET position = 'first'"),
                      ("target-text", "UPDATE goal SET target = 'lots'"),
                      ("flag-seven", "UPDATE participant SET is_signatory = 7"),
                      ("version-gone", "DELETE FROM alembic_version"),
                      ("version-unknown", "UPDATE alembic_version SET version_num = 'zz_unknown'"),
                      ("dangling-owner", "UPDATE action SET owner_id = 99999")):
        cases.append((name, _sql(sql)))
    cases += [("fifo", _fifo), ("folder", _folder)]
    return cases


def open_as_the_window_does(path: Path, backups: BackupStore) -> None:
    """check_file, then open for editing and read what every screen reads."""
    check_file(path)
    workshop = open_workshop(path, backups=backups)
    try:
        for read in (queries.workshop_info, queries.departments, queries.participants, queries.ground_rules,
                     queries.agenda, queries.goals, queries.actions):
            workshop.query(read)
    finally:
        workshop.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "not a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="the corpus includes a named pipe")
@pytest.mark.parametrize("source", list(SOURCES))
def test_every_damaged_file_is_refused_untouched_or_opens_soundly(tmp_path: Path, source: str) -> None:
    cases = corpus(SOURCES[source])
    assert len(cases) >= 200
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    for name, damage in cases:
        folder = tmp_path / name
        folder.mkdir()
        path = folder / "workshop.cgw"
        shutil.copyfile(SOURCES[source], path)
        damage(path)
        before = digest(path)
        result: list[BaseException | None] = []

        def attempt(p: Path = path, f: Path = folder, out: list[BaseException | None] = result) -> None:
            try:
                open_as_the_window_does(p, BackupStore(f / "backups"))
                out.append(None)
            except BaseException as exc:  # noqa: BLE001 - every outcome is judged below
                out.append(exc)

        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(20)
        if worker.is_alive():
            failures.append(f"{name}: hung")
            continue
        error = result[0]
        if error is None:
            outcomes["opened"] += 1
            if check_integrity(path) != "ok":
                failures.append(f"{name}: opened, but the file fails its integrity check")
        elif isinstance(error, WorkshopError):
            outcomes["refused"] += 1
            if digest(path) != before:
                failures.append(f"{name}: refused, but the file was changed")
        else:
            outcomes["failed"] += 1
            failures.append(f"{name}: {type(error).__name__}: {error}")
    print(f"\ncorpus of {len(cases)} ({source}): {dict(outcomes)}")
    assert not failures, "\n".join(failures)
