"""Shared goals' and the action plan's edit commands: their names in Edit ▸ Undo, typed bursts that merge, moving
goals in the file, and a department named again that is found rather than added twice."""
from __future__ import annotations

from app import queries
from app.commands import actions as action_cmds
from app.commands import goals as goal_cmds
from app.commands import setup as setup_cmds
from app.commands.base import EnsureDepartment, moved
from app.workshop import Workshop


def test_goal_edits_are_named_as_the_undo_menu_shows_them() -> None:
    fields = {"statement": "Shorter response", "metric": "Hours", "unit": "h", "baseline": "30", "target": "4",
              "deadline": "2027-06-30", "data_source": "CRM"}
    assert [goal_cmds.edit_goal(1, field, value).label for field, value in fields.items()] == [
        "Edit goal", "Edit metric", "Edit unit", "Edit baseline", "Edit target", "Edit deadline", "Edit data source"]
    assert goal_cmds.set_goal_owners(1, current=[1], wanted=[2]).label == "Change goal owners"
    assert goal_cmds.remove_goal(1).label == "Remove goal"
    assert goal_cmds.reorder_goals([2, 1]).label == "Move goal"


def test_action_edits_are_named_as_the_undo_menu_shows_them() -> None:
    assert [action_cmds.edit_action(1, field, value).label for field, value in
            (("title", "Call back"), ("status", "done"), ("due_on", "2027-01-15"), ("notes", "x"))] == [
        "Edit action", "Edit status", "Edit due date", "Edit notes"]
    assert action_cmds.remove_action(1).label == "Remove action"


def test_typed_bursts_in_goals_and_actions_keep_their_merge_key() -> None:
    burst = object()
    assert goal_cmds.edit_goal(1, "metric", "Hours", merge_key=burst).merge_key is burst
    assert action_cmds.edit_action(1, "title", "Call back", merge_key=burst).merge_key is burst
    assert goal_cmds.edit_goal(1, "metric", "Hours").merge_key is None


def test_goals_move_in_the_file_and_undo_puts_them_back(ws: Workshop) -> None:
    for statement in ("First", "Second", "Third"):
        ws.apply(goal_cmds.add_goal(statement=statement))
    ids = [g.id for g in ws.query(queries.goals)]
    move = goal_cmds.reorder_goals(moved(ids, ids[2], -2))
    ws.apply(move)
    assert [g.statement for g in ws.query(queries.goals)] == ["Third", "First", "Second"]
    ws.revert(move)
    assert [g.statement for g in ws.query(queries.goals)] == ["First", "Second", "Third"]


def test_a_move_stops_at_either_end() -> None:
    assert moved([1, 2, 3], 3, +1) == [1, 2, 3]
    assert moved([1, 2, 3], 3, +5) == [1, 2, 3]
    assert moved([1, 2, 3], 1, -1) == [1, 2, 3]
    assert moved([1, 2, 3], 1, +1) == [2, 1, 3]
    assert moved([1, 2, 3], 2, +1) == [1, 3, 2]


def test_a_department_named_again_is_found_and_its_undo_removes_nothing(ws: Workshop) -> None:
    before = [d.name for d in ws.query(queries.departments)]
    ensure = EnsureDepartment("sales")  # the new file has "Sales": found whatever the case
    ws.apply(ensure)
    assert ensure.pk is not None and [d.name for d in ws.query(queries.departments)] == before
    ws.revert(ensure)
    assert [d.name for d in ws.query(queries.departments)] == before
    add = setup_cmds.add_participant(name="Ana", department="Partnerships")
    ws.apply(add)
    assert "Partnerships" in [d.name for d in ws.query(queries.departments)]
    ws.revert(add)
    assert [d.name for d in ws.query(queries.departments)] == before
