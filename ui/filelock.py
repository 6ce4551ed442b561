"""The guard against a second writer: a QLockFile sidecar that names its holder and goes stale after a crash."""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int

    def describe(self) -> str:
        who = self.user or "someone"
        return f"{who} on {self.host or 'another computer'} (process {self.pid})"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class WorkshopLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = QLockFile(str(lock_path(path)))
        # Never treat a live holder's lock as stale just because it is old (Qt's default is 30 s).
        self._lock.setStaleLockTime(0)

    def try_lock(self) -> bool:
        app = QCoreApplication.instance()
        name = app.applicationName() if app else ""
        # QLockFile records the application name: put the user's name in it so the second instance can say who.
        if app:
            app.setApplicationName(f"{_user()}")
        try:
            return self._lock.tryLock(0)
        finally:
            if app:
                app.setApplicationName(name)

    def holder(self) -> Holder | None:
        info = self._lock.getLockInfo()  # PySide6 returns (pid, host, app name), or a falsy value
        if not info or len(info) != 3 or not info[0]:
            return None
        pid, host, user = info
        return Holder(str(user), str(host), int(pid))

    def unlock(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes
        return os.environ.get("USERNAME", "")
