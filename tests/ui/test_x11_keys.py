"""The keys on a real X display: the offscreen platform expands standard keys differently from X11, which hid
Redo and Quit doing nothing there. Runs the app in Xvfb and types with xdotool, as a facilitator would;
skipped where Xvfb or xdotool are missing (.ci/run installs both)."""
from __future__ import annotations

import contextlib
import os
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.opening import create_workshop
from app.steps import with_screens

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")),
                                reason="needs Xvfb and xdotool (Debian packages xvfb, xdotool)")


@pytest.fixture
def display() -> Iterator[str]:
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        number = b""
        while not number.endswith(b"\n"):
            assert select.select([read_fd], [], [], 15)[0], "Xvfb did not start"
            chunk = os.read(read_fd, 16)
            assert chunk, "Xvfb exited"
            number += chunk
        yield f":{int(number)}"
    finally:
        os.close(read_fd)
        server.terminate()
        server.wait(10)


def _wait(check: Callable[[], bool], what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _count(path: Path, title: str) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT count(*) FROM action WHERE title = ?", (title,)).fetchone()[0]


def _used(path: Path, step: str) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT used_seconds FROM agenda_item WHERE step = ?", (step,)).fetchone()[0]


def test_add_undo_redo_timer_and_quit_by_keyboard_on_x11(display: str, tmp_path: Path) -> None:
    path = tmp_path / "keys.cgw"
    create_workshop(path, name="Keys").close()
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "COMMONGROUND_DATA_DIR": str(tmp_path / "d"),
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_RUNTIME_DIR": str(tmp_path)}
    app = subprocess.Popen([sys.executable, "-m", "app", str(path)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
    xdo = {**env}

    def key(*keys: str) -> None:
        subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], env=xdo, check=True, timeout=10)
        time.sleep(0.4)

    try:
        window = ""

        def found() -> bool:
            nonlocal window
            out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "Common Ground"], env=xdo,
                                 capture_output=True, text=True, timeout=10).stdout.split()
            window = out[0] if out else ""
            return bool(window)

        _wait(found, "the window")
        subprocess.run(["xdotool", "windowfocus", "--sync", window], env=xdo, check=True, timeout=10)
        time.sleep(1)
        title = "Check keys"
        number = [s.key for s in with_screens()].index("actions") + 1
        key(f"ctrl+{number}")  # Go > Action plan puts the cursor in "What will be done"
        subprocess.run(["xdotool", "type", "--delay", "30", title], env=xdo, check=True, timeout=20)
        key("Return")
        if os.environ.get("CG_X11_SHOT"):
            subprocess.run(["import", "-window", "root", os.environ["CG_X11_SHOT"]], env=xdo, timeout=20)
        _wait(lambda: _count(path, title) == 1, "the added action")
        key("ctrl+z")
        _wait(lambda: _count(path, title) == 0, "undo (Ctrl+Z)")
        key("ctrl+shift+z")
        _wait(lambda: _count(path, title) == 1, "redo (Ctrl+Shift+Z)")
        key("ctrl+z")
        _wait(lambda: _count(path, title) == 0, "undo again")
        key("ctrl+y")
        _wait(lambda: _count(path, title) == 1, "redo (Ctrl+Y)")
        key("ctrl+t")  # Go > Start / Pause Timer: the Action plan's countdown runs...
        time.sleep(2.5)
        key("ctrl+t")  # ...and pausing writes the time used into the file
        _wait(lambda: _used(path, "actions") >= 2, "the timer's keys (Ctrl+T)")
        key("ctrl+shift+t")
        _wait(lambda: _used(path, "actions") == 0, "reset (Ctrl+Shift+T)")
        key("ctrl+q")
        _wait(lambda: app.poll() is not None, "Ctrl+Q to quit")
        output = app.stdout.read().decode(errors="replace") if app.stdout else ""
        assert app.returncode == 0, output
        assert "Ambiguous shortcut" not in output
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)
