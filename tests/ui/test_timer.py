"""The timebox countdown in the window: keys and buttons, what the bar shows, used time in the file, reset + undo,
the agenda's used time, a read-only view that writes nothing. A fake clock stands in for time; nothing waits."""
from __future__ import annotations

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import queries
from app.opening import open_snapshot
from ui.document import Document
from ui.main_window import MainWindow
from ui.menus import all_actions, shortcut_table
from ui.settings import DEFAULT_TEXT, PROJECTOR_TEXT


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(make_window, clock: FakeClock) -> MainWindow:
    window = make_window(clock=clock)
    window.open_demo()
    return window


def used(window: MainWindow) -> dict[str, int]:
    """Used seconds per step, as the file holds them."""
    return {row.step: row.used_seconds for row in window.document.query(queries.agenda)}


def run_for(window: MainWindow, clock: FakeClock, seconds: float) -> None:
    clock.advance(seconds)
    window.timer.tick()


def test_the_timer_keys_are_in_the_go_menu_and_on_the_help_page(window: MainWindow) -> None:
    specs = {s.id: s for s in all_actions()}
    assert specs["timer_toggle"].shortcuts == ("Ctrl+T",) and specs["timer_toggle"].menu == "&Go"
    assert specs["timer_reset"].shortcuts == ("Ctrl+Shift+T",)
    for key, keys in (("timer_toggle", "Ctrl+T"), ("timer_reset", "Ctrl+Shift+T")):
        action = window.actions[key]
        assert [k.toString() for k in action.shortcuts()] == [QKeySequence(keys).toString()]
        assert action.isEnabled()
    names = dict(shortcut_table())
    assert "Start / Pause Timer" in names and "Reset Timer" in names


def test_start_counts_down_on_the_current_step_in_large_type(window: MainWindow, clock: FakeClock) -> None:
    window.show_step("rivalries")
    bar = window.timer
    assert bar.isVisible() and bar.time_label.text() == "30:00 left"
    assert bar.step_label.toolTip() == "Rivalries · 30 min"
    assert bar.state == "idle" and not bar.ticker.isActive()  # a stopped countdown costs nothing
    window.actions["timer_toggle"].trigger()
    assert bar.ticker.isActive() and bar.state == "running" and bar.start_button.text() == "Pause"
    run_for(window, clock, 754.2)
    assert bar.time_label.text() == "17:26 left"
    assert bar.step_label.toolTip() == "Rivalries · 30 min"
    assert bar.time_label.fontInfo().pointSizeF() >= 1.5 * DEFAULT_TEXT


def test_pause_writes_the_used_time_without_an_undo_step(window: MainWindow, clock: FakeClock) -> None:
    window.show_step("rivalries")
    undo_steps = window.document.stack.count()
    window.timer.start_button.click()  # the button and Ctrl+T run the same function
    run_for(window, clock, 65.7)
    window.actions["timer_toggle"].trigger()
    assert used(window)["rivalries"] == 65
    assert window.document.stack.count() == undo_steps and not window.actions["undo"].isEnabled()
    bar = window.timer
    assert not bar.ticker.isActive() and bar.start_button.text() == "Resume" and "paused" in bar.step_label.toolTip()
    clock.advance(500)  # paused: the clock runs on, the countdown does not
    assert bar.time_label.text() == "28:55 left"
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 5)
    assert bar.time_label.text() == "28:50 left"


def test_a_running_countdown_is_saved_every_half_minute_and_when_the_workshop_closes(
        make_window, window: MainWindow, clock: FakeClock) -> None:
    window.show_step("goals")
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 29)
    assert used(window)["goals"] == 0
    run_for(window, clock, 1)
    assert used(window)["goals"] == 30  # a crash now loses less than a minute
    run_for(window, clock, 12)
    path = window.document.workshop.path
    window.close()
    again = make_window(clock=clock)
    again.open_path(path)
    assert used(again)["goals"] == 42
    assert again.timer.time_label.text() == "44:18 left" and again.timer.start_button.text() == "Resume"


def test_time_up_turns_the_bar_red_without_a_dialog_and_work_goes_on(window: MainWindow, clock: FakeClock) -> None:
    window.show_step("rivalries")
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 30 * 60 - 1)
    assert window.timer.state == "running" and window.timer.time_label.text() == "0:01 left"
    run_for(window, clock, 43)
    bar = window.timer
    assert bar.state == "over" and bar.property("state") == "over"
    assert bar.time_label.text() == "+0:42 over" and bar.step_label.toolTip() == "Time is up · Rivalries · 30 min"
    assert "Time is up for Rivalries" in window.statusBar().currentMessage()
    assert QApplication.activeModalWidget() is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog | QMessageBox) and w.isVisible()]
    run_for(window, clock, 60)
    assert bar.time_label.text() == "+1:42 over" and bar.ticker.isActive()
    screen = window.current_screen()
    screen.new_statement.setText("Marketing thinks sales never calls back")
    screen.list.add_button.click()
    assert any(r.statement.startswith("Marketing thinks") for r in window.document.query(queries.rivalries))


def test_the_countdown_keeps_running_elsewhere_and_moves_when_started_there(window: MainWindow,
                                                                           clock: FakeClock) -> None:
    window.show_step("rivalries")
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 100)
    window.show_step("actions")  # someone adds an action meanwhile
    run_for(window, clock, 20)
    bar = window.timer
    assert bar.step_label.toolTip() == "Timing Rivalries · 30 min" and bar.time_label.text() == "28:00 left"
    assert bar.state == "running"
    window.actions["timer_toggle"].trigger()  # started on the plan: the countdown moves there
    assert used(window)["rivalries"] == 120
    assert bar.step_label.toolTip() == "Action plan · 30 min" and bar.state == "running"
    run_for(window, clock, 10)
    assert bar.time_label.text() == "29:50 left"
    window.show_step("rivalries")
    window.actions["timer_toggle"].trigger()
    assert used(window)["actions"] == 10
    assert bar.step_label.toolTip() == "Rivalries · 30 min" and bar.time_label.text() == "28:00 left"


def test_reset_is_an_edit_that_undo_takes_back(window: MainWindow, clock: FakeClock) -> None:
    window.show_step("needs")
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 90)
    window.actions["timer_reset"].trigger()
    bar = window.timer
    assert used(window)["needs"] == 0
    assert bar.time_label.text() == "30:00 left" and bar.state == "idle" and not bar.ticker.isActive()
    assert window.document.stack.undoText() == "Reset timer Wants & needs"
    window.actions["undo"].trigger()
    assert window.current_screen().key == "needs"  # the bar shows what undo put back: no jump to Setup
    assert used(window)["needs"] == 90 and bar.time_label.text() == "28:30 left"
    window.actions["redo"].trigger()
    assert used(window)["needs"] == 0 and bar.time_label.text() == "30:00 left"
    window.actions["undo"].trigger()
    bar.reset_button.click()
    assert used(window)["needs"] == 0
    assert not bar.reset_button.isEnabled()
    count = window.document.stack.count()
    window.actions["timer_reset"].trigger()  # nothing left to clear: no empty undo step
    assert window.document.stack.count() == count


def test_an_undo_that_gives_time_back_reaches_a_running_countdown(window: MainWindow, clock: FakeClock) -> None:
    window.show_step("needs")
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 300)
    window.actions["timer_reset"].trigger()
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 10)
    window.actions["undo"].trigger()
    run_for(window, clock, 5)
    assert window.timer.state == "running" and window.timer.time_label.text() == "24:55 left"


def test_the_agenda_shows_planned_and_used_time(window: MainWindow, clock: FakeClock) -> None:
    setup = window.show_step("setup")
    window.show_step("rivalries")
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 12 * 60 + 34)
    window.actions["timer_toggle"].trigger()
    assert window.sidebar.step_text("rivalries").endswith("30 min · 12 used")
    assert window.sidebar.step_text("needs").endswith("30 min")
    assert window.sidebar.currentItem().data(Qt.ItemDataRole.UserRole) == "rivalries"  # relabelled in place
    window.show_step("setup")
    headers = [setup.agenda.headerData(i, setup.agenda_view.horizontalHeader().orientation())
               for i in range(setup.agenda.columnCount())]
    assert headers == ["Step", "Minutes", "Used"]
    shown = {setup.agenda.data(setup.agenda.index(r, 0)): setup.agenda.data(setup.agenda.index(r, 2))
             for r in range(setup.agenda.rowCount())}
    assert shown["Rivalries"] == "12:34" and shown["Wants & needs"] == "0:00"
    window.actions["timer_reset"].trigger()  # the bar follows the room: Setup's own countdown, nothing to clear
    assert used(window)["rivalries"] == 754
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 59)
    window.actions["timer_toggle"].trigger()
    assert window.sidebar.step_text("setup").endswith("15 min · <1 used")
    assert setup.agenda.data(setup.agenda.index(0, 2)) == "0:59"


def test_a_read_only_view_shows_the_timer_but_writes_nothing(window: MainWindow, clock: FakeClock) -> None:
    window.show_step("rivalries")
    window.actions["timer_toggle"].trigger()
    run_for(window, clock, 61)
    window.actions["timer_toggle"].trigger()
    path = window.document.workshop.path
    view = Document(open_snapshot(path))
    window.set_document(view)
    window.show_step("rivalries")
    bar = window.timer
    assert bar.isVisible() and bar.time_label.text() == "28:59 left"
    assert not window.actions["timer_toggle"].isEnabled() and not window.actions["timer_reset"].isEnabled()
    assert not bar.start_button.isEnabled() and not bar.reset_button.isEnabled()
    bar.start_pause()
    run_for(window, clock, 60)
    bar.reset()
    window.show_step("goals")
    window.set_document(None)
    assert view.workshop.commits == 0


def test_the_bar_is_one_whole_line_at_projector_text_on_a_1280x720_projector(qtbot, window: MainWindow,
                                                                           clock: FakeClock) -> None:
    window.resize(1280, 680)
    window.view_control.set_text_size(PROJECTOR_TEXT)
    window.show_step("needs")  # the longest step title
    window.actions["timer_toggle"].trigger()
    window.show_step("actions")
    run_for(window, clock, 30 * 60 + 59 * 60 + 59)  # wide texts: timing elsewhere, most of an hour over
    qtbot.waitExposed(window)
    QApplication.processEvents()
    bar = window.timer
    assert bar.time_label.text() == "+59:59 over"
    assert bar.time_label.fontInfo().pointSizeF() >= 1.25 * PROJECTOR_TEXT
    for part in (bar.time_label, bar.start_button, bar.reset_button):
        assert part.width() >= part.sizeHint().width(), f"{part.objectName()} is cut"
    # The step's name gives way first: shorter wordings before an ellipsis, the whole of it in the tooltip.
    assert bar.step_label.text() in bar.step_label.wordings and "Wants & needs" in bar.step_label.text()
    assert bar.step_label.toolTip() == "Time is up · Timing Wants & needs · 30 min"
    assert bar.step_label.fontMetrics().horizontalAdvance(bar.step_label.text()) <= bar.step_label.width()
    assert bar.height() <= 1.6 * bar.time_label.fontMetrics().height()
    assert window.current_screen().height() >= 0.85 * window.stack.parentWidget().height()
    window.show_step("needs")
    QApplication.processEvents()
    assert bar.step_label.text() in ("Time is up · Wants & needs", "Time is up")  # its heading names it below
