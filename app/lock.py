"""The guard against a second writer: a lock file beside the workshop that says who holds it, and where.

SQLite's own locking cannot keep a second window from editing the same file between two commits, so a window
that opens a workshop for editing first creates `NAME.cgw.lock` (atomically: it exists or it does not) with the
holder's name, computer, process and start time. A lock is stale, and quietly replaced, when it cannot be read
(empty after a power cut, garbage) or when it names a process on this computer that is no longer running. A lock
from typing import NamedTuple
from another computer (a shared folder) cannot be checked: the user is told who and where, and may take it over.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import NamedTuple

from app.errors import WorkshopError

LOCK_SUFFIX = ".lock"
MAX_LOCK_BYTES = 4096  # a lock is a few hundred bytes; anything larger is not ours


class FolderNotWritableError(WorkshopError):
    """The lock cannot be created: the folder is read-only (a CD, a share, a protected folder)."""


class Holder(NamedTuple):
    user: str
    name: str
    host: str
    pid: int
    since: str = ""
    boot: str = ""

    @property
    def here(self) -> bool:
        """Whether the holder runs on this computer, so whether it can be checked at all."""
        return self.host.casefold() == _host().casefold()

    def describe(self) -> str:
        who = f"{self.name} ({self.user})" if self.name and self.name != self.user else (self.user or "someone")
        where = "this computer" if self.here else (self.host or "another computer")
        since = ""
        with contextlib.suppress(ValueError):
            when = dt.datetime.fromisoformat(self.since).astimezone()
            since = f", since {when:%Y-%m-%d %H:%M}"
        return f"{who} on {where}{since}"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


class WorkshopLock:
    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._mine: bytes | None = None

    @property
    def held(self) -> bool:
        return self._mine is not None

    def acquire(self, *, take_over: bool = False) -> Holder | None:
        """Take the lock: None once it is ours, else the holder that keeps it (alive here, or elsewhere).

        `take_over` replaces a lock the user chose to overrule. Raises FolderNotWritableError when the folder
        does not let us create the lock at all."""
        mine = self._content()
        for _ in range(3):
            if take_over:
                self._write_over(mine)
                return None
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
            except FileExistsError:
                seen = self._read()
                holder = parse(seen)
                if holder is not None and not _is_stale(holder):
                    return holder
                self._remove_if_unchanged(seen)
                continue
            except OSError as exc:
                raise FolderNotWritableError(
                    f"The folder of {self.path.name.removesuffix(LOCK_SUFFIX)} cannot be written "
                    f"({exc.strerror or exc}), so the workshop cannot be edited there. You can look at a "
                    "read-only view, or copy the file to a folder you can write to.") from exc
            try:
                # No fsync: a lock a crash left empty or half-written reads as stale, which is what it is.
                os.write(fd, mine)
            finally:
                os.close(fd)
            self._mine = mine
            return None
        holder = parse(self._read())
        return holder or Holder(user="", name="", host="", pid=0)  # it keeps changing hands: someone is there

    def holder(self) -> Holder | None:
        return parse(self._read())

    def release(self) -> None:
        """Remove the lock if it is still the one we wrote (never someone's who took it over)."""
        if self._mine is not None and self._read() == self._mine:
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._mine = None

    # -- internals ---------------------------------------------------------------------------------

    def _content(self) -> bytes:
        user = _user()
        me = Holder(user=user, name=_full_name(user), host=_host(), pid=os.getpid(),
                    since=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), boot=_boot_id())
        return json.dumps({"app": "Common Ground", **me._asdict()}, ensure_ascii=False).encode("utf-8")

    def _read(self) -> bytes:
        try:
            with open(self.path, "rb") as fh:
                return fh.read(MAX_LOCK_BYTES + 1)
        except OSError:
            return b""

    def _remove_if_unchanged(self, seen: bytes) -> None:
        # Another window may have replaced the stale lock with its own a moment ago: leave that one alone.
        if self._read() == seen:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def _write_over(self, mine: bytes) -> None:
        from app.scratch import scratch_path

        part = scratch_path(self.path, "part")
        try:
            part.write_bytes(mine)
            os.replace(part, self.path)
        except OSError as exc:
            part.unlink(missing_ok=True)
            raise FolderNotWritableError(f"The lock could not be taken over ({exc.strerror or exc}).") from exc
        self._mine = mine


def parse(data: bytes) -> Holder | None:
    """The holder a lock names; None for an empty or unreadable lock (stale by definition)."""
    if not data or len(data) > MAX_LOCK_BYTES:
        return None
    try:
        fields = json.loads(data.decode("utf-8"))
        return Holder(user=str(fields["user"]), name=str(fields.get("name", "")), host=str(fields["host"]),
                      pid=int(fields["pid"]), since=str(fields.get("since", "")), boot=str(fields.get("boot", "")))
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    # The lock of an earlier Common Ground (Qt's QLockFile): process id, application name, host name.
    lines = data.decode("utf-8", "replace").splitlines()
    if len(lines) >= 3 and lines[0].strip().isdigit() and lines[2].strip():
        return Holder(user=lines[1].strip(), name="", host=lines[2].strip(), pid=int(lines[0]))
    return None


def _is_stale(holder: Holder) -> bool:
    if not holder.here:
        return False  # another computer's process cannot be checked from here
    if holder.boot and _boot_id() and holder.boot != _boot_id():
        return True  # written before this computer last started
    return not process_alive(holder.pid)


def process_alive(pid: int) -> bool:
    """Whether a process of this computer with this id is running."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, under another user
    return True


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _host() -> str:
    return socket.gethostname()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USERNAME", "")


def _full_name(user: str) -> str:
    try:
        import pwd
    except ImportError:
        return ""
    try:
        return pwd.getpwnam(user).pw_gecos.split(",")[0].strip()
    except (KeyError, OSError):
        return ""


def local_person() -> str:
    """Who is at this computer, as the audit trail names them: the full name, else the login name."""
    user = _user()
    return _full_name(user) or user or "unknown user"
