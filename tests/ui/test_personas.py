"""Personas as the room uses them: a card made, filled in large and duplicated survives closing and reopening;
a one-sided persona is flagged until someone from the other side joins; read-only views change nothing."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app import queries


def _personas_step(qtbot: Any, window: Any) -> Any:
    screen = window.show_step("personas")
    qtbot.waitExposed(screen)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return screen


def test_a_persona_and_its_duplicate_survive_a_reopen(qtbot, new_window, errors) -> None:
    window, path = new_window()
    screen = _personas_step(qtbot, window)
    screen.new_name.setFocus()
    qtbot.keyClicks(screen.new_name, "Ops Olivia")
    qtbot.keyClick(screen.new_name, Qt.Key.Key_Return)
    assert [c.row.name for c in screen.cards] == ["Ops Olivia"]
    assert "No owners yet" in screen.cards[0].findChild(type(screen.editor.flag), "card_flag").text()
    screen.cards[0].setFocus()
    qtbot.keyClick(screen.cards[0], Qt.Key.Key_Return)  # open large
    assert screen.pages.currentWidget() is screen.editor
    role = screen.editor.fields["role"]
    role.setFocus()
    qtbot.keyClicks(role, "Head of Operations")
    qtbot.keyClick(role, Qt.Key.Key_Return)
    goals = screen.editor.fields["goals"]
    goals.setFocus()
    qtbot.keyClicks(goals, "One view of stock")
    qtbot.keyClick(goals, Qt.Key.Key_Tab)  # leaves the field: saved
    qtbot.keyClick(screen.editor, Qt.Key.Key_Escape)
    assert screen.pages.currentIndex() == 0
    qtbot.mouseClick(screen.duplicate_button, Qt.MouseButton.LeftButton)
    assert errors == []
    assert [c.row.name for c in screen.cards] == ["Ops Olivia", "Ops Olivia (copy)"]
    window.close_document()
    assert window.open_path(path)
    again = [(p.name, p.role, p.goals) for p in window.document.query(queries.personas)]
    assert again == [("Ops Olivia", "Head of Operations", "One view of stock"),
                     ("Ops Olivia (copy)", "Head of Operations", "One view of stock")]
    screen = _personas_step(qtbot, window)
    assert [c.row.name for c in screen.cards] == ["Ops Olivia", "Ops Olivia (copy)"]


def test_undo_of_a_large_view_edit_shows_the_old_text(qtbot, make_window, errors) -> None:
    window = make_window()
    window.open_demo()
    screen = _personas_step(qtbot, window)
    screen.open_large()
    name = screen.editor.fields["name"]
    name.selectAll()
    qtbot.keyClicks(name, "Olga from Operations")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert window.document.query(queries.personas)[0].name == "Olga from Operations"
    window.show_step("goals")
    window.actions["undo"].trigger()  # back to the Personas step, old name in the field
    assert window.current_screen() is screen
    assert screen.editor.fields["name"].text() == "Operations Olga"


def test_a_read_only_view_changes_no_persona(qtbot, make_window) -> None:
    from app.opening import open_snapshot
    from ui.document import Document

    window = make_window()
    window.open_demo()
    window.set_document(Document(open_snapshot(window.document.workshop.path)))
    screen = _personas_step(qtbot, window)
    assert not screen.add_button.isEnabled() and not screen.duplicate_button.isEnabled()
    screen.cards[0].setFocus()
    qtbot.keyClick(screen.cards[0], Qt.Key.Key_Delete)
    qtbot.keyClick(screen.cards[0], Qt.Key.Key_Right,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [p.name for p in window.document.query(queries.personas)] == ["Operations Olga", "Finance Frank",
                                                                          "IT Irina"]
    screen.open_large()  # can be read large
    assert screen.pages.currentWidget() is screen.editor
    assert not screen.editor.fields["pains"].isEnabled()
    assert not any(c.isEnabled() for c in screen.editor.owner_checks.values())
