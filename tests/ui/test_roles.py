"""The Roles step from the keyboard: a new activity's RACI row filled by typing letters, its flag clearing when
it has one Accountable and someone Responsible; the matrix follows the people in the room."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app import queries
from app.commands import setup

DANA, TOMAS = 1, 4


def _cell(screen: Any, activity: str, who: int | str) -> Any:
    row = next(i for i, r in enumerate(screen.matrix.visible) if r.name == activity)
    column = (next(i for i, c in enumerate(screen.matrix.columns) if c.header == who) if isinstance(who, str)
              else screen.column_of(who))
    return screen.matrix.index(row, column)


def _row(screen: Any, activity: str) -> Any:
    return next(r for r in screen.matrix.rows if r.name == activity)


def test_a_raci_row_filled_from_the_keyboard_clears_its_flag(qtbot, make_window, errors) -> None:
    window = make_window()
    window.open_demo()
    screen = window.show_step("roles")
    qtbot.waitExposed(screen)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    screen.new_activity.setFocus()
    qtbot.keyClicks(screen.new_activity, "Win/loss review")
    qtbot.keyClick(screen.new_activity, Qt.Key.Key_Return)
    assert _row(screen, "Win/loss review").problem == "No one is Accountable (A); no one is Responsible (R)"
    assert screen.status.text() == "9 activities · 1 incomplete"
    index = _cell(screen, "Win/loss review", "Check")
    assert screen.matrix.index(index.row(), index.column()).data().startswith("⚑ No one is Accountable")
    view = screen.matrix_view
    view.setFocus()
    view.setCurrentIndex(_cell(screen, "Win/loss review", DANA))
    qtbot.keyClick(view, Qt.Key.Key_A)
    view.setCurrentIndex(_cell(screen, "Win/loss review", TOMAS))
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert errors == []
    assert _row(screen, "Win/loss review").problem == ""
    assert screen.status.text() == "9 activities · 0 incomplete"
    assert screen.matrix.index(index.row(), index.column()).data() == "✓"
    made = next(a for a in window.document.query(queries.activities) if a.name == "Win/loss review")
    assert (made.letter_of(1), made.letter_of(4)) == ("A", "R")
    window.actions["undo"].trigger()
    assert _row(screen, "Win/loss review").problem == "No one is Responsible (R)"


def test_the_matrix_gains_a_column_for_a_new_participant(qtbot, make_window) -> None:
    window = make_window()
    window.open_demo()
    screen = window.show_step("roles")
    qtbot.waitExposed(screen)
    window.document.push(setup.add_participant(name="Dana Kim", department="Product"))
    window.resize(1800, 900)  # room for first names as headers
    headers = [c.header for c in screen.matrix.columns]
    assert headers[1] == "Dana W." and headers[-2] == "Dana K."  # two Danas: the surname's initial tells them apart
    window.view_control.set_text_size(30)  # too large for names: initials
    headers = [c.header for c in screen.matrix.columns]
    assert headers[1] == "DW" and headers[-2] == "DK"
    assert screen.matrix.total() == 8
