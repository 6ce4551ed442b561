"""The parking lot: reachable from every step, and nothing parked is lost when the meeting closes."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app import queries
from ui import dialogs


def _park(qtbot, window, text: str) -> None:
    window.actions["parking_lot"].trigger()
    panel = window.parking
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(lambda: panel.new_text.hasFocus() or not window.isActiveWindow())
    panel.new_text.setFocus()
    qtbot.keyClicks(panel.new_text, text)
    qtbot.keyClick(panel.new_text, Qt.Key.Key_Return)


def test_a_point_is_parked_from_any_step_with_where_it_came_up(qtbot, make_window, errors) -> None:
    window = make_window()
    window.open_demo()
    window.show_step("goals")
    _park(qtbot, window, "Should the SDR team report to marketing?")
    assert errors == []
    parked = window.document.query(queries.parked)
    assert [(p.text, p.step, p.outcome) for p in parked if p.outcome == "open"] == [
        ("Should the SDR team report to marketing?", "goals", "open")]
    panel = window.parking
    assert panel.status.text() == "1 open"
    assert "during Shared goals" in panel.list.detail.text()
    window.actions["undo"].trigger()
    assert not [p for p in window.document.query(queries.parked) if p.outcome == "open"]


def test_closing_the_meeting_lists_open_points_first(qtbot, make_window, monkeypatch) -> None:
    window = make_window()
    window.open_demo()
    window.show_step("rivalries")
    _park(qtbot, window, "Who pays for the events budget?")
    asked: list[list[str]] = []
    monkeypatch.setattr(dialogs, "ask_wrap_up", lambda _p, points: asked.append(points) or False)
    assert not window.close()
    assert asked == [["Who pays for the events budget?"]]
    assert window.isVisible() and window.document is not None and window.parking.isVisible()
    monkeypatch.setattr(dialogs, "ask_wrap_up", lambda _p, points: asked.append(points) or True)
    assert window.close()


def test_a_parked_point_becomes_an_action_and_counts_as_dealt_with(qtbot, make_window, wrap_up_answers) -> None:
    window = make_window()
    window.open_demo()
    window.show_step("actions")
    _park(qtbot, window, "Agree who owns the webinar follow-up")
    panel = window.parking
    point = next(p for p in panel.model.rows if p.outcome == "open")
    assert panel.list.view.select_id(point.id)
    qtbot.mouseClick(panel.to_action, Qt.MouseButton.LeftButton)
    made = [a for a in window.document.query(queries.actions) if a.title == point.text]
    assert len(made) == 1
    assert panel.model.get(point.id).outcome == "action" and panel.status.text() == "0 open"
    window.close()
    assert wrap_up_answers == []  # nothing open: closing does not ask


def test_opening_another_workshop_lists_open_points_first(qtbot, make_window, tmp_path, monkeypatch) -> None:
    from app.opening import create_workshop

    other = tmp_path / "other.cgw"
    create_workshop(other).close()
    window = make_window()
    window.open_demo()
    demo = window.document.workshop.path
    _park(qtbot, window, "Budget for a second SDR")
    monkeypatch.setattr(dialogs, "ask_wrap_up", lambda _p, points: False)
    assert not window.open_path(other)
    assert window.document.workshop.path == demo and window.parking.isVisible()
    monkeypatch.setattr(dialogs, "ask_wrap_up", lambda _p, points: True)
    assert window.open_path(other)
    assert window.document.workshop.path == other.absolute()


def test_file_close_wraps_up_the_meeting(qtbot, make_window, monkeypatch) -> None:
    from app.lock import lock_path

    window = make_window()
    window.open_demo()
    path = window.document.workshop.path
    _park(qtbot, window, "Who owns the partner channel?")
    monkeypatch.setattr(dialogs, "ask_wrap_up", lambda _p, points: False)
    window.actions["close"].trigger()
    assert window.document is not None and window.parking.isVisible()
    monkeypatch.setattr(dialogs, "ask_wrap_up", lambda _p, points: True)
    window.actions["close"].trigger()
    assert window.document is None and window.stack.currentWidget() is window.welcome
    assert not lock_path(path).exists()


def test_the_parking_lot_of_a_read_only_view_cannot_be_edited(qtbot, make_window) -> None:
    from app.opening import open_snapshot
    from ui.document import Document

    window = make_window()
    window.open_demo()
    window.set_document(Document(open_snapshot(window.document.workshop.path)))
    window.actions["parking_lot"].trigger()
    panel = window.parking
    assert panel.isVisible() and len(panel.model.rows) == 2
    for widget in (panel.new_text, panel.new_raised_by, panel.list.add_button, panel.list.remove_button,
                   panel.to_action):
        assert not widget.isEnabled(), widget.objectName()
