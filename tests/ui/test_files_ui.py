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
from app.lock import lock_path
from app.opening import create_workshop
from app.paths import DEMO_RESOURCE
from ui import dialogs

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from app.lock import WorkshopLock
from pathlib import Path
lock = WorkshopLock(Path(sys.argv[1]))
assert lock.acquire() is None
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
    monkeypatch.setattr(dialogs, "ask_when_locked",
                        lambda _p, _path, who: asked.append(who) or dialogs.LockChoice.READ_ONLY)
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
    monkeypatch.setattr(dialogs, "ask_when_locked", lambda *_a: dialogs.LockChoice.CANCEL)
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


def test_a_lock_from_another_computer_can_be_overruled_after_a_warning(qtbot, make_window, tmp_path: Path,
                                                                        monkeypatch) -> None:
    import json

    path = tmp_path / "shared.cgw"
    create_workshop(path).close()
    lock_path(path).write_text(json.dumps({"user": "marcus", "name": "Marcus Oyelaran", "host": "mkt-laptop",
                                           "pid": 4242, "since": "2026-11-25T09:30:00+00:00"}), encoding="utf-8")
    asked = []
    monkeypatch.setattr(dialogs, "ask_when_locked", lambda _p, _path, who: asked.append(who) or dialogs.LockChoice.EDIT)
    window = make_window()
    assert window.open_path(path)
    assert asked[0].host == "mkt-laptop" and not asked[0].here
    assert not window.document.read_only
    setup = window.screen_at(0)
    qtbot.keyClicks(setup.new_name, "Aisha")
    qtbot.keyClick(setup.new_name, Qt.Key.Key_Return)
    assert "Aisha" in [r.name for r in setup.people.rows]
    window.close()
    assert not lock_path(path).exists()


def test_a_folder_that_cannot_be_written_offers_a_read_only_view(qtbot, make_window, tmp_path: Path,
                                                                 monkeypatch) -> None:
    from app import lock as locks

    path = tmp_path / "on-a-cd.cgw"
    create_workshop(path).close()
    before = digest(path)
    real_open = os.open

    def refuse(name: object, flags: int, *args: object) -> int:
        if str(name).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(locks.os, "open", refuse)
    told = []
    monkeypatch.setattr(dialogs, "ask_read_only_folder", lambda _p, error: told.append(error.message) or True)
    monkeypatch.setattr(dialogs, "ask_when_locked", lambda *_a: (_ for _ in ()).throw(AssertionError("asked")))
    window = make_window()
    assert window.open_path(path)
    assert "cannot be written" in told[0] and "another window" not in told[0]
    assert window.document.read_only
    window.close()
    assert digest(path) == before


@pytest.mark.parametrize(("host", "buttons"), [("mkt-laptop", {"Open Read-Only", "Open for Editing Anyway", "Cancel"}),
                                               ("", {"Open Read-Only", "Cancel"})])
def test_the_lock_dialog_offers_to_overrule_only_what_cannot_be_checked(qtbot, host: str, buttons: set[str]) -> None:
    import socket

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.lock import Holder

    holder = Holder(user="marcus", name="Marcus Oyelaran", host=host or socket.gethostname(), pid=4242)
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["buttons"] = {b.text().replace("&", "") for b in box.buttons()}
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    choice = dialogs.ask_when_locked(None, Path("plan.cgw"), holder)
    assert choice is dialogs.LockChoice.CANCEL
    assert seen["buttons"] == buttons
    assert "Marcus Oyelaran (marcus)" in str(seen["text"])
    assert ("cannot tell from here" in str(seen["text"])) == bool(host)


def test_opening_a_workshop_clears_what_a_killed_window_left_beside_it(qtbot, make_window, tmp_path: Path) -> None:
    path = tmp_path / "plan.cgw"
    create_workshop(path).close()
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    leftover = tmp_path / f".plan.cgw.cg-{proc.pid}-0a1b2c3d.part"
    leftover.write_bytes(b"half a copy")
    window = make_window()
    assert window.open_path(path)
    assert not leftover.exists()
    window.close()


def test_a_stray_journal_is_set_aside_and_the_user_told(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:
    import shutil
    import sqlite3

    path = tmp_path / "plan.cgw"
    create_workshop(path).close()
    other = tmp_path / "other.cgw"
    w = create_workshop(other)
    for n in range(40):
        w.apply(setup_cmds.add_ground_rule(f"rule {n} " + "y" * 300))
    w.close()
    before = digest(path)
    # Another file's unfinished save, left beside this one (as after a crash and a copy over the file).
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA cache_size=1")
    conn.execute("BEGIN")
    conn.execute("DELETE FROM ground_rule")
    shutil.copyfile(tmp_path / "other.cgw-journal", tmp_path / "plan.cgw-journal")
    conn.execute("ROLLBACK")
    conn.close()
    told = []
    monkeypatch.setattr(dialogs, "show_notice", lambda _p, text: told.append(text))
    window = make_window()
    assert window.open_path(path)
    assert digest(path) == before
    assert told and "set-aside" in told[0] and not (tmp_path / "plan.cgw-journal").exists()
    assert not window.document.read_only
    window.close()


def test_a_damaged_file_from_file_open_leaves_the_open_workshop_open(qtbot, new_window, tmp_path: Path,
                                                                     errors) -> None:
    import sqlite3

    window, current = new_window("current.cgw")
    damaged = tmp_path / "damaged.cgw"
    create_workshop(damaged).close()
    with sqlite3.connect(damaged) as conn:
        conn.execute("UPDATE workshop SET held_on = 'next Tuesday'")
    conn.close()
    before = digest(damaged)
    assert not window.open_path(damaged)
    assert errors[-1][0] == "DamagedFileError" and "workshop.held_on" in errors[-1][1]
    assert digest(damaged) == before
    assert window.document is not None and window.document.workshop.path == current
    assert not window.document.read_only
    setup = window.screen_at(0)
    qtbot.keyClicks(setup.new_name, "Still here")
    qtbot.keyClick(setup.new_name, Qt.Key.Key_Return)
    assert "Still here" in [r.name for r in setup.people.rows]
    assert not lock_path(damaged).exists()


def test_damage_found_while_a_large_plan_loads_is_shown_where_the_plan_would_be(qtbot, make_window, tmp_path: Path,
                                                                                monkeypatch, errors) -> None:
    import sqlite3

    import app.opening as opening
    import ui.screens.actions as actions_screen
    from app.commands import actions as action_cmds

    path = tmp_path / "big.cgw"
    w = create_workshop(path)
    w.apply(action_cmds.add_action(title="Agree the MQL definition", step="actions"))
    w.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE action SET due_on = 'soon'")
    conn.close()
    monkeypatch.setattr(opening, "VALUE_SCAN_ROWS", 0)  # as if the plan held tens of thousands of actions
    monkeypatch.setattr(actions_screen, "BACKGROUND_ROWS", 1)
    window = make_window()
    assert window.open_path(path)
    screen = window.show_step("actions")
    qtbot.waitUntil(lambda: "could not be read" in screen.view.empty_text, timeout=5000)
    assert "damaged" in screen.view.empty_text and "Restore" in screen.view.empty_text
    assert screen.model.rowCount() == 0
    assert errors == []
    window.close()
