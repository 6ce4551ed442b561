"""Crash safety: a process killed at any moment while saving leaves a sound file holding every reported save."""
from __future__ import annotations

import contextlib
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from app import queries
from app.backups import BackupStore
from app.commands import setup
from app.database import check_integrity
from app.opening import check_file, create_workshop, open_workshop

ROOT = Path(__file__).resolve().parents[2]
ITERATIONS = 40
READY_TIMEOUT_S = 60.0

# argv: workshop path, first rule number, backup folder.
CHILD_SCRIPT = """\
import sys
from pathlib import Path

from app.backups import BackupStore
from app.commands import setup
from app.opening import open_workshop

path, i, backups = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
w = open_workshop(path, backups=BackupStore(backups))
print("ready", flush=True)
while True:
    w.apply(setup.add_ground_rule(f"rule {i}"))
    print(f"saved {i}", flush=True)
    i += 1
"""

# argv: workshop path, backup folder. Holds a large uncommitted transaction whose pages have spilled into the
# database file, so the journal is hot when the process dies.
CHILD_MID_TRANSACTION = """\
import sys, time
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.backups import BackupStore
from app.opening import open_workshop
from models import GroundRule

w = open_workshop(Path(sys.argv[1]), backups=BackupStore(Path(sys.argv[2])))
session = Session(w.engine)
session.begin()
session.execute(insert(GroundRule), [{"text": "x" * 2000 + str(n), "position": 100 + n} for n in range(4000)])
session.execute(insert(GroundRule), [{"text": "uncommitted", "position": 0}])
print("in transaction", flush=True)
time.sleep(120)
"""

RULE = re.compile(r"^rule (\d+)$")


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def start_child(script: str, *args: str) -> tuple[subprocess.Popen[str], queue.Queue[str | None]]:
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.strip())
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def wait_for(proc: subprocess.Popen[str], lines: queue.Queue[str | None], wanted: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            proc.kill()
            pytest.fail(f"child did not say {wanted!r} within {READY_TIMEOUT_S}s")
        if line is None:
            proc.wait()
            assert proc.stderr is not None
            pytest.fail(f"child exited ({proc.returncode}) before {wanted!r}:\n{proc.stderr.read()}")
        if line == wanted:
            return


def kill(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, proc.stderr.read() if proc.stderr else "")
    if proc.stderr is not None:
        proc.stderr.close()


def drain(lines: queue.Queue[str | None]) -> list[str]:
    """Every line the child wrote, up to end of file (after the kill nothing more can come)."""
    out = []
    while (line := lines.get(timeout=30)) is not None:
        out.append(line)
    return out


def journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def rule_numbers(path: Path, store: BackupStore) -> list[int]:
    w = open_workshop(path, backups=store)
    try:
        texts = [r.text for r in w.query(queries.ground_rules)]
    finally:
        w.close()
    return [int(m.group(1)) for t in texts if (m := RULE.match(t))]


@dataclass
class Tally:
    iterations: int = 0
    reported: int = 0
    unreported_commits: int = 0
    hot_journals: int = 0


def test_killed_while_saving_loses_nothing_reported(tmp_path: Path) -> None:
    path = tmp_path / "crash.cgw"
    create_workshop(path).close()
    store = BackupStore(tmp_path / "backups")
    rng = random.Random(20261125)
    tally = Tally()
    confirmed: set[int] = set()
    next_number = 0

    for _ in range(ITERATIONS):
        proc, lines = start_child(CHILD_SCRIPT, str(path), str(next_number), str(tmp_path / "child-backups"))
        try:
            wait_for(proc, lines, "ready")
            time.sleep(rng.uniform(0.05, 0.4))
        finally:
            kill(proc)
        saved = [int(line.split()[1]) for line in drain(lines) if line.startswith("saved ")]
        assert saved == list(range(next_number, next_number + len(saved)))
        highest = saved[-1] if saved else next_number - 1

        # The checks the app itself makes before it opens the file; they roll back an interrupted save.
        hot = journal(path).exists()
        check_file(path)
        tally.hot_journals += hot
        verdict = check_integrity(path)
        assert verdict == "ok", f"iteration {tally.iterations}: {verdict}"

        numbers = rule_numbers(path, store)
        assert len(numbers) == len(set(numbers)), "a rule was saved twice"
        present = set(numbers)
        assert confirmed <= present, f"lost earlier saves: {sorted(confirmed - present)}"
        new = {n for n in present if n >= next_number}
        reported = set(range(next_number, highest + 1))
        assert reported <= new, f"reported saves missing: {sorted(reported - new)}"
        # The child may have committed one more rule and been killed before it could say so; never more.
        assert new - reported <= {highest + 1}, f"unexpected rules: {sorted(new - reported)}"

        tally.iterations += 1
        tally.reported += len(reported)
        tally.unreported_commits += len(new - reported)
        confirmed |= new
        next_number = max(new, default=highest) + 1

    assert tally.reported > ITERATIONS, f"the children hardly saved anything: {tally}"
    # The file still takes edits after all that.
    w = open_workshop(path, backups=store)
    try:
        w.apply(setup.add_ground_rule("after the crashes"))
    finally:
        w.close()
    assert check_integrity(path) == "ok"
    assert not journal(path).exists()
    print(f"\ncrash loop: {tally}")


def test_hot_journal_after_a_crash_is_recovered(tmp_path: Path) -> None:
    path = tmp_path / "kickoff.cgw"
    w = create_workshop(path)
    try:
        w.apply(setup.add_ground_rule("committed before the crash"))
        expected = [r.text for r in w.query(queries.ground_rules)]
    finally:
        w.close()
    _killed_mid_save(tmp_path, path)

    store = BackupStore(tmp_path / "backups")
    w = open_workshop(path, backups=store)
    try:
        assert [r.text for r in w.query(queries.ground_rules)] == expected
    finally:
        w.close()
    assert check_integrity(path) == "ok"
    check_file(path)
    assert not journal(path).exists()


def _killed_mid_save(tmp_path: Path, path: Path) -> None:
    proc, lines = start_child(CHILD_MID_TRANSACTION, str(path), str(tmp_path / "child-backups"))
    try:
        wait_for(proc, lines, "in transaction")
    finally:
        kill(proc)
    assert journal(path).exists(), "precondition: the killed transaction left a hot journal"


def test_the_rolled_back_save_is_verified_before_it_replaces_the_file(tmp_path: Path) -> None:
    from app.opening import _journal_is_hot

    path = tmp_path / "kickoff.cgw"
    create_workshop(path).close()
    _killed_mid_save(tmp_path, path)
    assert _journal_is_hot(path)
    found = check_file(path)
    assert found.notice == "" and not journal(path).exists()
    assert check_integrity(path) == "ok"
    assert not [p.name for p in tmp_path.iterdir() if ".cg-" in p.name]  # the private copy is gone


def test_a_journal_that_is_not_the_files_own_is_set_aside_and_the_file_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "kickoff.cgw"
    w = create_workshop(path)
    try:
        w.apply(setup.add_ground_rule("in the backup"))
    finally:
        w.close()
    backup = tmp_path / "backup-copy.cgw"
    backup.write_bytes(path.read_bytes())
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        for n in range(30):  # the file moves on after the backup was taken
            w.apply(setup.add_ground_rule(f"after the backup {n} " + "x" * 400))
    finally:
        w.close()
    _killed_mid_save(tmp_path, path)
    # After the crash the user copies the backup over the workshop; the stale journal stays beside it.
    path.write_bytes(backup.read_bytes())
    before = path.read_bytes()

    found = check_file(path)

    assert path.read_bytes() == before, "the stray journal must not be rolled into the file"
    assert not journal(path).exists()
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("kickoff.cgw-journal.set-aside-")]
    assert len(aside) == 1 and aside[0].name in found.notice
    assert "did not fit the file" in found.notice
    assert check_integrity(path) == "ok"
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        assert "in the backup" in [r.text for r in w.query(queries.ground_rules)]
    finally:
        w.close()
