"""The lock beside a workshop: who holds it, when it is stale, and when the user may take it over."""
from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import lock as locks
from app.lock import FolderNotWritableError, Holder, WorkshopLock, lock_path


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "kickoff.cgw"
    path.write_bytes(b"")  # the lock never reads the workshop itself
    return path


@pytest.fixture
def live_pid() -> Iterator[int]:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc.pid
    proc.kill()
    proc.wait()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def write_lock(path: Path, **fields: object) -> None:
    record = {"app": "Common Ground", "user": "dana", "name": "Dana Whitfield", "host": socket.gethostname(),
              "pid": 1, "since": "2026-11-25T09:30:00+00:00", "boot": "", **fields}
    lock_path(path).write_text(json.dumps(record), encoding="utf-8")


def test_a_free_workshop_is_locked_with_who_and_where_and_released(workshop: Path) -> None:
    lock = WorkshopLock(workshop)
    assert lock.acquire() is None and lock.held
    written = json.loads(lock_path(workshop).read_text(encoding="utf-8"))
    assert written["pid"] == os.getpid() and written["host"] == socket.gethostname() and written["user"]
    lock.release()
    assert not lock_path(workshop).exists()


def test_a_second_window_sees_the_live_holder(workshop: Path) -> None:
    first = WorkshopLock(workshop)
    assert first.acquire() is None
    holder = WorkshopLock(workshop).acquire()
    assert isinstance(holder, Holder) and holder.pid == os.getpid() and holder.here
    first.release()


@pytest.mark.parametrize("content", [b"", b"\x00" * 64, b"\xff\xfe garbage", b"{not json", b"x" * 10_000],
                         ids=["empty-after-power-cut", "zeros", "binary", "cut-json", "huge"])
def test_an_unreadable_lock_is_stale(workshop: Path, content: bytes) -> None:
    lock_path(workshop).write_bytes(content)
    lock = WorkshopLock(workshop)
    assert lock.acquire() is None and lock.held


def test_a_lock_of_a_process_that_is_gone_is_stale(workshop: Path) -> None:
    write_lock(workshop, pid=dead_pid())
    assert WorkshopLock(workshop).acquire() is None


def test_a_lock_of_a_running_process_here_holds(workshop: Path, live_pid: int) -> None:
    write_lock(workshop, pid=live_pid)
    holder = WorkshopLock(workshop).acquire()
    assert holder is not None and holder.pid == live_pid and holder.here
    assert "Dana Whitfield (dana) on this computer, since" in holder.describe()


@pytest.mark.skipif(not Path("/proc/sys/kernel/random/boot_id").exists(), reason="needs a Linux boot id")
def test_a_lock_from_before_a_restart_is_stale(workshop: Path, live_pid: int) -> None:
    write_lock(workshop, pid=live_pid, boot="00000000-0000-0000-0000-000000000000")
    assert WorkshopLock(workshop).acquire() is None


def test_a_lock_from_another_computer_names_it_and_can_be_taken_over(workshop: Path) -> None:
    write_lock(workshop, host="sales-laptop-7", pid=4242)
    lock = WorkshopLock(workshop)
    holder = lock.acquire()
    assert holder is not None and not holder.here
    assert "on sales-laptop-7" in holder.describe()
    assert lock.acquire(take_over=True) is None and lock.held
    assert json.loads(lock_path(workshop).read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert sorted(p.name for p in workshop.parent.iterdir()) == sorted([workshop.name, lock_path(workshop).name])
    lock.release()
    assert not lock_path(workshop).exists()


def test_the_lock_of_an_earlier_version_is_understood(workshop: Path, live_pid: int) -> None:
    lock_path(workshop).write_text(f"{live_pid}\ndana\n{socket.gethostname()}\n{{uuid}}\n", encoding="utf-8")
    holder = WorkshopLock(workshop).acquire()
    assert holder is not None and holder.pid == live_pid and holder.user == "dana"


def test_release_never_removes_a_lock_someone_took_over(workshop: Path) -> None:
    mine = WorkshopLock(workshop)
    assert mine.acquire() is None
    write_lock(workshop, host="sales-laptop-7", pid=4242)  # taken over from another computer meanwhile
    mine.release()
    assert lock_path(workshop).exists()


def test_a_folder_that_cannot_be_written_is_named_as_such(workshop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse(path: object, flags: int, *args: object) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(locks.os, "open", refuse)
    with pytest.raises(FolderNotWritableError, match="cannot be written"):
        WorkshopLock(workshop).acquire()
    assert not lock_path(workshop).exists()
