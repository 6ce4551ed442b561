"""Rivalries: a rivalry's response becomes an action on the plan that points back to it."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app import queries


def test_a_response_becomes_an_action_linked_back_and_undo_takes_it_away(qtbot, make_window, errors) -> None:
    window = make_window()
    window.open_demo()
    screen = window.show_step("rivalries")
    qtbot.waitExposed(screen)
    rivalry = next(r for r in screen.model.rows if r.response.startswith("First touch on every MQL"))
    assert screen.view.select_id(rivalry.id)
    qtbot.mouseClick(screen.to_action, Qt.MouseButton.LeftButton)
    assert errors == []
    made = [a for a in window.document.query(queries.actions) if a.rivalry_id == rivalry.id]
    assert [a.title for a in made] == [rivalry.response]
    assert made[0].rivalry == rivalry.statement and made[0].status == "open"
    assert screen.model.get(rivalry.id).actions == 1
    assert "On the Action plan: 1 action" in screen.list.detail.text()
    plan = window.show_step("actions")
    assert plan.view.select_id(made[0].id)
    assert "Answers the rivalry: Sales ignores the leads" in plan.list.detail.text()
    window.actions["undo"].trigger()
    assert not [a for a in window.document.query(queries.actions) if a.rivalry_id == rivalry.id]
    window.show_step("rivalries")  # a hidden step catches up when it is shown
    assert screen.model.get(rivalry.id).actions == 0


def test_making_an_action_is_disabled_in_a_read_only_view(qtbot, make_window) -> None:
    from app.opening import open_snapshot
    from ui.document import Document

    window = make_window()
    window.open_demo()
    window.set_document(Document(open_snapshot(window.document.workshop.path)))
    screen = window.show_step("rivalries")
    qtbot.waitExposed(screen)
    assert not screen.to_action.isEnabled()
