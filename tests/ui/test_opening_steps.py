"""The opening steps: a rivalry's response or a need becomes an action on the plan that points back to it."""
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


def test_a_need_becomes_an_action_of_the_side_that_was_asked(qtbot, make_window, errors) -> None:
    window = make_window()
    window.open_demo()
    screen = window.show_step("needs")
    qtbot.waitExposed(screen)
    side = screen.right  # what Marketing needs from Sales
    need = next(r for r in side.model.rows if r.text == "A seat at the weekly pipeline review")
    assert side.view.select_id(need.id)
    qtbot.mouseClick(side.to_action, Qt.MouseButton.LeftButton)
    assert errors == []
    made = [a for a in window.document.query(queries.actions) if a.title == need.text]
    assert len(made) == 1 and made[0].team == "Sales"
    assert side.model.get(need.id).actions == 1
    window.actions["undo"].trigger()
    assert not [a for a in window.document.query(queries.actions) if a.title == need.text]


def test_choosing_another_pair_shows_what_those_two_need_from_each_other(qtbot, make_window) -> None:
    from app.commands import opening

    window = make_window()
    window.open_demo()
    depts = {d.name: d.id for d in window.document.query(queries.departments)}
    window.document.push(opening.add_need(text="Renewal dates a quarter ahead", from_id=depts["Customer Success"],
                                          to_id=depts["Sales"]))
    screen = window.show_step("needs")
    qtbot.waitExposed(screen)
    screen.pair.setCurrentIndex(screen.pair.findText("Sales and Customer Success"))
    texts = [r.text for r in screen.left.model.rows + screen.right.model.rows]
    assert texts == ["Renewal dates a quarter ahead"]
    assert "Customer Success needs from Sales" in screen.right.title() + screen.left.title()


def test_an_action_leads_back_to_where_it_came_from(qtbot, make_window, errors) -> None:
    from app.commands import opening, parking

    window = make_window()
    window.open_demo()
    doc = window.document
    depts = {d.name: d.id for d in doc.query(queries.departments)}
    rivalry = doc.query(queries.rivalries)[2]
    doc.push(opening.rivalry_to_action(rivalry))
    doc.push(opening.add_need(text="Renewal dates a quarter ahead", from_id=depts["Customer Success"],
                              to_id=depts["Sales"]))
    need = doc.query(queries.needs)[-1]
    doc.push(opening.need_to_action(need))
    doc.push(parking.park(text="A shared dashboard", step="goals"))
    point = doc.query(queries.parked)[-1]
    doc.push(parking.parked_to_action(point))
    for title, step, row_id in ((f"Agree a response: {rivalry.statement}", "rivalries", rivalry.id),
                                (need.text, "needs", need.id), (point.text, None, point.id)):
        plan = window.show_step("actions")
        qtbot.waitExposed(plan)
        action = next(a for a in plan.model.rows if a.title == title)
        assert plan.view.select_id(action.id)
        assert plan.to_source.isEnabled()
        qtbot.mouseClick(plan.to_source, Qt.MouseButton.LeftButton)
        if step is None:
            assert window.parking.isVisible() and window.parking.list.view.current_row().id == row_id
        else:
            screen = window.current_screen()
            assert screen.key == step
            lists = [side.view for side in (screen.left, screen.right)] if step == "needs" else [screen.view]
            assert any(v.current_row() is not None and v.current_row().id == row_id for v in lists)
    plan = window.show_step("actions")
    plan.view.select_id(next(a for a in plan.model.rows if a.source is None).id)
    assert not plan.to_source.isEnabled()
    assert errors == []
