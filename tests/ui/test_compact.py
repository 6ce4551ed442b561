"""Projector text on a 1280x720 projector: the lists show more rows and fold what the room need not read."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.queries import actions
from ui.settings import PROJECTOR_TEXT


def _actions_on_a_small_projector(qtbot, make_window, text_size: int = PROJECTOR_TEXT):
    window = make_window()
    window.open_demo()
    window.resize(1280, 680)  # a 1280x720 screen less the window's title bar
    window.view_control.set_text_size(text_size)
    screen = window.show_step("actions")
    qtbot.waitExposed(screen)
    QApplication.processEvents()
    return window, screen


def _rows_in_full_view(view) -> int:
    height, shown = view.viewport().height(), 0
    for row in range(view.model().rowCount()):
        if view.rowViewportPosition(row) + view.rowHeight(row) > height:
            break
        shown += 1
    return shown


def test_projector_text_on_a_small_screen_shows_more_rows(qtbot, make_window) -> None:
    _window, screen = _actions_on_a_small_projector(qtbot, make_window)
    assert screen.compact
    qtbot.waitUntil(lambda: _rows_in_full_view(screen.view) >= 3)
    assert not screen.list.detail.isVisible()
    assert not screen.new_owner.isVisible() and not screen.new_due.isVisible()
    assert not screen.to_source.isVisible()  # the current action has no source: its button gives the row back
    # The current row stands in for the detail panel: all of its text, however long.
    current = screen.view.currentIndex().row()
    assert screen.view.rowHeight(current) >= screen.view.sizeHintForRow(current)
    line = screen.view.fontMetrics().lineSpacing()
    others = [r for r in range(screen.model.rowCount()) if r != current]
    assert all(screen.view.rowHeight(r) <= 2 * line + 14 for r in others)


def test_the_add_form_unfolds_as_soon_as_a_new_action_is_typed(qtbot, make_window) -> None:
    window, screen = _actions_on_a_small_projector(qtbot, make_window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    screen.new_title.setFocus()
    qtbot.keyClicks(screen.new_title, "Book the review room")
    assert screen.new_owner.isVisible() and screen.new_due.isVisible() and screen.new_goal.isVisible()
    qtbot.keyClick(screen.new_title, Qt.Key.Key_Tab)
    assert screen.new_owner.hasFocus()  # Tab reaches the owner, not a hidden field
    screen.new_title.setFocus()
    qtbot.keyClick(screen.new_title, Qt.Key.Key_Return)
    titles = [r.title for r in window.document.query(actions)]
    assert "Book the review room" in titles
    assert screen.new_title.text() == ""
    assert not screen.new_owner.isVisible()  # folded again, ready for the next one


def test_filters_wait_behind_a_button_unless_one_is_in_use(qtbot, make_window) -> None:
    _window, screen = _actions_on_a_small_projector(qtbot, make_window)
    assert screen.filter_toggle.isVisible() and not screen.filter_bar.isVisible()
    qtbot.mouseClick(screen.filter_toggle, Qt.MouseButton.LeftButton)
    assert screen.filter_bar.isVisible()
    qtbot.mouseClick(screen.filter_toggle, Qt.MouseButton.LeftButton)
    assert not screen.filter_bar.isVisible()
    screen.owner_filter.setCurrentIndex(1)  # e.g. through a filter set before the screen turned compact
    assert screen.filter_bar.isVisible(), "a filter in use stays in sight, so a short list is explained"
    assert screen.filter_toggle.isChecked()
    screen.owner_filter.setCurrentIndex(0)
    qtbot.mouseClick(screen.filter_toggle, Qt.MouseButton.LeftButton)
    assert not screen.filter_bar.isVisible()


def test_default_text_on_the_same_screen_shows_everything(qtbot, make_window) -> None:
    _window, screen = _actions_on_a_small_projector(qtbot, make_window, text_size=13)
    assert not screen.compact
    assert screen.new_owner.isVisible() and screen.filter_bar.isVisible() and screen.list.detail.isVisible()
    assert not screen.filter_toggle.isVisible()
