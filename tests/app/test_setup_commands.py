"""The Setup step's edit commands: what each one changes, what Edit ▸ Undo calls it, which typed bursts merge
into one undo step, and the timebox and used-time values refused with a reason."""
from __future__ import annotations

import pytest

from app import queries
from app.commands import setup as cmds
from app.commands.base import Macro, UpdateRow
from app.errors import ValidationError
from app.workshop import Workshop


def test_each_setup_edit_is_named_as_the_undo_menu_shows_it() -> None:
    labels = [
        cmds.edit_participant(1, "name", "Dana").label,
        cmds.edit_participant(1, "is_signatory", True).label,
        cmds.edit_participant(1, "department", "Sales").label,
        cmds.edit_participant(1, "department", "").label,
        cmds.remove_participant(1, "Dana Whitfield").label,
        cmds.remove_participant(1).label,
        cmds.edit_ground_rule(1, "Phones face down").label,
        cmds.remove_ground_rule(1).label,
        cmds.edit_timebox(1, "20").label,
        cmds.record_used(1, 90).label,
        cmds.reset_used(1, "Setup").label,
        cmds.reset_used(1).label,
    ]
    assert labels == ["Edit participant name", "Edit participant is signatory", "Change department",
                      "Change department", "Remove participant Dana Whitfield", "Remove participant",
                      "Edit ground rule", "Remove ground rule", "Edit timebox", "Record time used",
                      "Reset timer Setup", "Reset timer"]


def test_a_typed_burst_keeps_its_merge_key() -> None:
    burst = object()
    assert cmds.edit_participant(1, "title", "VP", merge_key=burst).merge_key is burst
    assert cmds.edit_ground_rule(1, "One voice", merge_key=burst).merge_key is burst
    assert cmds.edit_participant(1, "title", "VP").merge_key is None


def test_changing_a_department_names_it_or_clears_it() -> None:
    cleared = cmds.edit_participant(7, "department", "  ")
    assert isinstance(cleared, UpdateRow) and cleared.pk == (7,) and cleared.new == {"department_id": None}
    named = cmds.edit_participant(7, "department", "Partnerships")
    assert isinstance(named, Macro) and len(named.children) == 2
    assert isinstance(named.children[1], UpdateRow) and named.children[1].pk == (7,)


def test_department_edits_land_in_the_file(ws: Workshop) -> None:
    ws.apply(cmds.add_participant(name="Dana", title="VP Sales", department="Sales"))
    dana = ws.query(queries.participants)[0]
    ws.apply(cmds.edit_participant(dana.id, "department", "Partnerships"))
    assert ws.query(queries.participants)[0].department == "Partnerships"
    assert "Partnerships" in [d.name for d in ws.query(queries.departments)]
    ws.apply(cmds.edit_participant(dana.id, "department", ""))
    assert ws.query(queries.participants)[0].department_id is None


@pytest.mark.parametrize(("typed", "minutes"), [("0", 0), ("480", 480), (" 15 ", 15), ("45.0", 45), (30, 30),
                                                 (30.0, 30)])
def test_a_timebox_takes_whole_minutes_from_0_to_480(typed: object, minutes: int) -> None:
    assert cmds.timebox_minutes(typed) == minutes
    assert cmds.edit_timebox(3, typed).new == {"timebox_minutes": minutes}


@pytest.mark.parametrize("typed", ["-1", "481", "12.5", "a while", "", None, "1e9"])
def test_a_timebox_refuses_anything_else_with_the_reason(typed: object) -> None:
    with pytest.raises(ValidationError, match=r"^A timebox is a whole number of minutes from 0 to 480\.$"):
        cmds.timebox_minutes(typed)


@pytest.mark.parametrize("seconds", [0, 1, 5400])
def test_used_time_is_whole_seconds(seconds: int) -> None:
    command = cmds.record_used(4, seconds)
    assert (command.pk, command.new) == ((4,), {"used_seconds": seconds})


@pytest.mark.parametrize("seconds", [-1, 1.5, True, "60", None])
def test_used_time_refuses_anything_else(seconds: object) -> None:
    with pytest.raises(ValidationError, match=r"^Used time is a whole number of seconds, 0 or more\.$"):
        cmds.record_used(4, seconds)  # type: ignore[arg-type]


def test_removing_a_rule_or_a_participant_takes_that_one(ws: Workshop) -> None:
    ws.apply(cmds.add_ground_rule("Phones face down"))
    ws.apply(cmds.add_ground_rule("One voice at a time"))
    ws.apply(cmds.add_participant(name="Dana", title="", department=""))
    ws.apply(cmds.add_participant(name="Marcus", title="", department=""))
    rules = ws.query(queries.ground_rules)
    ws.apply(cmds.remove_ground_rule(next(r.id for r in rules if r.text == "Phones face down")))
    assert "Phones face down" not in [r.text for r in ws.query(queries.ground_rules)]
    assert "One voice at a time" in [r.text for r in ws.query(queries.ground_rules)]
    people = ws.query(queries.participants)
    ws.apply(cmds.remove_participant(next(p.id for p in people if p.name == "Dana"), "Dana"))
    assert [p.name for p in ws.query(queries.participants)] == ["Marcus"]


def test_participants_and_rules_move_in_the_file_and_back(ws: Workshop) -> None:
    for name in ("Dana", "Marcus", "Priya"):
        ws.apply(cmds.add_participant(name=name))
    people = [p.id for p in ws.query(queries.participants)]
    move = cmds.reorder_participants([people[2], people[0], people[1]])
    assert move.label == "Move participant"
    ws.apply(move)
    assert [p.name for p in ws.query(queries.participants)] == ["Priya", "Dana", "Marcus"]
    ws.revert(move)
    assert [p.name for p in ws.query(queries.participants)] == ["Dana", "Marcus", "Priya"]

    rules = [r.id for r in ws.query(queries.ground_rules)]
    texts = [r.text for r in ws.query(queries.ground_rules)]
    move = cmds.reorder_ground_rules([*rules[1:], rules[0]])
    assert move.label == "Move ground rule"
    ws.apply(move)
    assert [r.text for r in ws.query(queries.ground_rules)] == [*texts[1:], texts[0]]
