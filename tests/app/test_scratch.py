"""Scratch files: named for the process that writes them, and cleaned up once that process is gone."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from app.backups import BackupStore
from app.opening import create_workshop
from app.scratch import clean_leftovers, scratch_file, scratch_path


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_ended_processes_go_and_the_rest_stays(tmp_path: Path) -> None:
    target = tmp_path / "plan.cgw"
    target.write_bytes(b"workshop")
    gone = dead_pid()
    leftovers = [tmp_path / f".plan.cgw.cg-{gone}-0a1b2c3d.{kind}" for kind in ("part", "new", "migrating")]
    leftovers.append(tmp_path / f".plan.cgw.migrating-{gone}")  # an earlier version's migration
    old_random = tmp_path / ".plan.cgw.k3j_x9qa.part"  # an earlier version's backup, from long ago
    leftovers.append(old_random)
    running = scratch_file(target, "part")  # this process is still writing it
    recent_random = tmp_path / ".plan.cgw.a8d_3kq1.new"  # an earlier version's, maybe still being written
    unrelated = [tmp_path / "notes.part", tmp_path / ".hidden.part", tmp_path / ".plan.cgw.lock"]
    for path in [*leftovers, recent_random, *unrelated]:
        path.write_bytes(b"x" * 1000)
    an_hour_ago = time.time() - 2 * 3600
    os.utime(old_random, (an_hour_ago, an_hour_ago))

    removed = clean_leftovers(tmp_path)

    assert sorted(removed) == sorted(leftovers)
    assert all(not p.exists() for p in leftovers)
    assert running.exists() and recent_random.exists() and target.read_bytes() == b"workshop"
    assert all(p.exists() for p in unrelated)


def test_scratch_names_carry_the_process(tmp_path: Path) -> None:
    name = scratch_path(tmp_path / "plan.cgw", "part").name
    assert name.startswith(f".plan.cgw.cg-{os.getpid()}-") and name.endswith(".part")


def test_a_killed_backup_is_cleaned_when_the_workshop_is_used_again(tmp_path: Path) -> None:
    path = tmp_path / "plan.cgw"
    create_workshop(path).close()
    store = BackupStore(tmp_path / "backups")
    folder = store.folder_for(path)
    folder.mkdir(parents=True)
    script = (f"import os, sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r});"
              "from pathlib import Path; from app.scratch import scratch_file;"
              f"p = scratch_file(Path({str(folder / 'x.cgw')!r}), 'part'); p.write_bytes(b'half a backup');"
              "os.kill(os.getpid(), 9)")
    subprocess.run([sys.executable, "-c", script], check=False)
    assert len(list(folder.iterdir())) == 1
    clean_leftovers(folder)
    assert list(folder.iterdir()) == []
    store.snapshot(path)
    assert [p.suffix for p in folder.iterdir()] == [".cgw"]
