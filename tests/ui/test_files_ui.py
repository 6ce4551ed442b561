"""Opening files from the window: a second instance, a stale lock, refused files, the first start with the demo."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.commands import setup as setup_cmds
from app.opening import create_workshop
from app.paths import DEMO_RESOURCE
from ui import dialogs
from ui.filelock import lock_path

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
from ui.filelock import WorkshopLock
from pathlib import Path
lock = WorkshopLock(Path(sys.argv[1]))
assert lock.try_lock()
print("locked", flush=True)
time.sleep(120)
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start_holder(path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A workshop with one participant, held open for editing by another process."""
    path = tmp_path / "held.cgw"
    w = create_workshop(path)
    w.apply(setup_cmds.add_participant(name="Dana", department="Sales"))
    w.close()
    holder = start_holder(path)
    yield path, holder
    holder.kill()
    holder.wait()


def test_second_instance_gets_a_read_only_view(qtbot, make_window, held, monkeypatch, errors) -> None:
    path, holder = held
    before = digest(path)
    asked = []
    monkeypatch.setattr(dialogs, "ask_when_locked", lambda _p, _path, who: asked.append(who) or True)
    window = make_window()
    assert window.open_path(path)
    assert asked and asked[0] is not None and asked[0].pid == holder.pid
    assert window.document.read_only
    assert "[read-only view]" in window.windowTitle()
    setup = window.screen_at(0)
    assert [r.name for r in setup.people.rows] == ["Dana"]
    assert not setup.add_person.isEnabled()
    assert not setup.people.flags(setup.people.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    window.close()
    assert digest(path) == before
    assert not path.with_name(path.name + "-journal").exists()


def test_second_instance_can_cancel(qtbot, make_window, held, monkeypatch) -> None:
    path, _holder = held
    monkeypatch.setattr(dialogs, "ask_when_locked", lambda *_a: False)
    window = make_window()
    assert not window.open_path(path)
    assert window.document is None


def test_lock_left_by_a_crash_is_stale(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "crashed.cgw"
    create_workshop(path).close()
    holder = start_holder(path)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert lock_path(path).exists()
    monkeypatch.setattr(dialogs, "ask_when_locked", lambda *_a: (_ for _ in ()).throw(AssertionError("asked")))
    window = make_window()
    assert window.open_path(path)
    assert not window.document.read_only
    window.close()
    assert not lock_path(path).exists()


def test_refused_files_show_a_clear_message_and_stay_untouched(qtbot, make_window, tmp_path: Path,
                                                               errors) -> None:
    text = tmp_path / "notes.cgw"
    text.write_text("Agenda: rivalries first = good idea & <b>bold</b>\n", encoding="utf-8")
    empty = tmp_path / "empty.cgw"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.cgw"
    junk.write_bytes(os.urandom(8192))
    window = make_window()
    for path, kind in ((text, "NotAWorkshopError"), (empty, "NotAWorkshopError"), (junk, "NotAWorkshopError")):
        before = digest(path)
        assert not window.open_path(path)
        assert errors[-1][0] == kind
        assert path.name in errors[-1][1]
        assert digest(path) == before
        assert not lock_path(path).exists()
    assert window.document is None


def test_first_start_copies_the_demo_and_never_edits_the_shipped_file(qtbot, make_window, data_dir: Path) -> None:
    shipped = digest(DEMO_RESOURCE)
    window = make_window()
    window.open_demo()
    assert window.document is not None and not window.document.read_only
    assert window.document.workshop.path.parent == data_dir / "workshops"
    setup = window.screen_at(0)
    qtbot.keyClicks(setup.new_name, "Visitor")
    qtbot.keyClick(setup.new_name, Qt.Key.Key_Return)
    assert "Visitor" in [r.name for r in setup.people.rows]
    window.close()
    assert digest(DEMO_RESOURCE) == shipped


def test_shortcuts_and_menus_come_from_one_table(make_window) -> None:
    from ui.menus import ACTIONS, shortcut_table

    window = make_window()
    assert window.actions["undo"].shortcuts()[0].toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.actions["redo"].shortcuts()]
    listed = dict(shortcut_table())
    assert "Ctrl+Shift+Z" in listed["Redo"]
    titles = {a.text() for m in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
              for a in m.actions()}
    assert {spec.text for spec in ACTIONS} <= titles | {"Open &Recent"}


def test_older_file_is_updated_in_the_background_and_opens(qtbot, make_window, tmp_path: Path, errors) -> None:
    from schema_helpers import GOOD_UPGRADE, old_workshop, schema_with_revision

    path = old_workshop(tmp_path / "last-year.cgw")
    window = make_window()
    window.schema = schema_with_revision(tmp_path, GOOD_UPGRADE)
    assert window.open_path(path)
    assert errors == []
    assert [r.name for r in window.screen_at(0).people.rows] == ["Dana"]
    entries = window.backups.entries(path)
    assert [e.reason for e in entries] == ["pre-migration"]
    window.close()


def test_failed_update_says_so_and_leaves_the_file(qtbot, make_window, tmp_path: Path, errors) -> None:
    from schema_helpers import FAILING_UPGRADE, old_workshop, schema_with_revision

    path = old_workshop(tmp_path / "last-year.cgw")
    before = digest(path)
    window = make_window()
    window.schema = schema_with_revision(tmp_path, FAILING_UPGRADE)
    assert not window.open_path(path)
    assert errors[-1][0] == "MigrationError" and "left as it was" in errors[-1][1]
    assert digest(path) == before
    assert not lock_path(path).exists()
    assert window.document is None


def test_opening_the_open_file_again_keeps_it(qtbot, new_window, monkeypatch) -> None:
    window, path = new_window("same.cgw")
    monkeypatch.setattr(dialogs, "ask_when_locked", lambda *_a: (_ for _ in ()).throw(AssertionError("asked")))
    document = window.document
    assert window.open_path(path)
    assert window.document is document and not document.read_only
