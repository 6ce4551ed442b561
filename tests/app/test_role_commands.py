"""Roles at the service level: the RACI rule (exactly one A, at least one R) flagged and cleared, roles and the
qualifier answer, the usual activities in a new workshop; every edit undoes and redoes."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from undo_check import assert_apply_undo_redo

from app import queries
from app.commands import roles as rc
from app.commands import setup
from app.commands.base import Command
from app.errors import ValidationError
from app.opening import create_workshop
from app.workshop import Workshop
from models import DEFAULT_ACTIVITIES, Area

DANA, MARCUS, PRIYA = 1, 2, 3
SALES, MARKETING = 1, 2


@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    w = create_workshop(tmp_path / "kickoff.cgw")
    for name, dept in (("Dana", "Sales"), ("Marcus", "Marketing"), ("Priya", "Sales")):
        w.apply(setup.add_participant(name=name, department=dept))
    yield w
    w.close()


def first(w: Workshop) -> queries.ActivityRow:
    return w.query(queries.activities)[0]


def state(w: Workshop) -> tuple[object, ...]:
    return (tuple(w.query(queries.activities)), tuple(w.query(queries.roles)), w.query(queries.qualifier))


EDITS: list[tuple[str, Callable[[Workshop], Command]]] = [
    ("add activity", lambda w: rc.add_activity("Pipeline review")),
    ("rename activity", lambda w: rc.edit_activity(1, "name", "First call to a lead")),
    ("remove activity with cells", lambda w: (w.apply(rc.set_raci(first(w), DANA, "A")), rc.remove_activity(1))[1]),
    ("move activity", lambda w: rc.reorder_activities([2, 1])),
    ("set a cell", lambda w: rc.set_raci(first(w), DANA, "r")),
    ("change a cell", lambda w: (w.apply(rc.set_raci(first(w), DANA, "R")), rc.set_raci(first(w), DANA, "A"))[1]),
    ("clear a cell", lambda w: (w.apply(rc.set_raci(first(w), DANA, "R")), rc.set_raci(first(w), DANA, ""))[1]),
    ("add role", lambda w: rc.add_role(name="Lead qualifier", department_id=SALES, holder_id=PRIYA)),
    ("edit role", lambda w: (w.apply(rc.add_role(name="Campaign owner")),
                             rc.edit_role(1, "department_id", MARKETING))[1]),
    ("answer the qualifier question", lambda w: rc.set_qualifier(SALES)),
    ("the reason", lambda w: rc.set_qualifier_reason("Sales hears the buyer first")),
]


@pytest.mark.parametrize(("name", "make"), EDITS, ids=[e[0] for e in EDITS])
def test_apply_undo_redo(ws: Workshop, name: str, make: Callable[[Workshop], Command]) -> None:
    assert_apply_undo_redo(ws, make(ws), state, name)


def test_a_new_workshop_starts_with_the_usual_activities(ws: Workshop) -> None:
    assert tuple(a.name for a in ws.query(queries.activities)) == DEFAULT_ACTIVITIES
    assert len(DEFAULT_ACTIVITIES) == 8


def test_the_raci_rule_is_flagged_with_the_reason_and_clears_when_kept(ws: Workshop) -> None:
    assert first(ws).problem == "No one is Accountable (A); no one is Responsible (R)"
    ws.apply(rc.set_raci(first(ws), DANA, "A"))
    assert first(ws).problem == "No one is Responsible (R)"
    ws.apply(rc.set_raci(first(ws), MARCUS, "A"))
    assert first(ws).problem == "2 people are Accountable (A): exactly one must be; no one is Responsible (R)"
    ws.apply(rc.set_raci(first(ws), MARCUS, "R"))
    assert first(ws).problem == ""
    ws.apply(rc.set_raci(first(ws), PRIYA, "c"))
    assert first(ws).letter_of(PRIYA) == "C" and first(ws).problem == ""
    ws.apply(setup.remove_participant(DANA, "Dana"))  # the accountable one leaves
    assert first(ws).problem == "No one is Accountable (A)"


def test_bad_cells_and_the_qualifier_answer(ws: Workshop) -> None:
    with pytest.raises(ValidationError, match="A RACI cell holds R"):
        rc.set_raci(first(ws), DANA, "X")
    with pytest.raises(ValidationError, match="already empty"):
        rc.set_raci(first(ws), DANA, "")
    done = ws.apply(rc.set_qualifier(MARKETING))
    assert done.areas == Area.ROLES
    ws.apply(rc.set_qualifier_reason("Marketing scores every lead before sales sees it"))
    answer = ws.query(queries.qualifier)
    assert (answer.department, answer.reason) == ("Marketing", "Marketing scores every lead before sales sees it")


def _meetings(w: Workshop) -> queries.RotaBoard:
    w.apply(rc.add_meeting(name="Pipeline review", cadence="weekly", host_id=SALES))
    w.apply(rc.add_meeting(name="Campaign planning", cadence="monthly", host_id=MARKETING))
    return w.query(queries.rota_board)


def test_a_proposed_rota_sends_the_other_side_and_undo_brings_the_old_one_back(ws: Workshop) -> None:
    import datetime as dt

    with pytest.raises(ValidationError, match="Add the recurring meetings first"):
        rc.propose_rota(ws.query(queries.rota_board), start=dt.date(2027, 1, 6), weeks=8)
    board = _meetings(ws)
    ws.apply(rc.set_attendees(1, current=[], wanted=[DANA, PRIYA]))
    assert ws.query(queries.rota_board).meetings[0].attendees == "Dana, Priya"
    command = rc.propose_rota(board, start=dt.date(2027, 1, 6), weeks="8")
    ws.apply(command)
    board = ws.query(queries.rota_board)
    assert (board.start, board.weeks) == (dt.date(2027, 1, 4), 8)
    pipeline = [t for t in board.turns if t.meeting == "Pipeline review"]
    planning = [t for t in board.turns if t.meeting == "Campaign planning"]
    assert len(pipeline) == 8 and {t.participant for t in pipeline} == {"Marcus"}  # the only one from Marketing
    assert [t.week for t in planning] == [dt.date(2027, 1, 4), dt.date(2027, 2, 1)]
    assert [t.participant for t in planning] == ["Dana", "Priya"]  # turns shared among Sales
    ws.revert(command)
    assert ws.query(queries.rota_board).turns == ()
    with pytest.raises(ValidationError, match="from 1 to 52"):
        rc.propose_rota(board, start=dt.date(2027, 1, 6), weeks="0")


def test_turns_are_changed_swapped_and_given_away_by_the_rules(ws: Workshop) -> None:
    import datetime as dt

    ws.apply(rc.propose_rota(_meetings(ws), start=dt.date(2027, 1, 4), weeks=8))
    board = ws.query(queries.rota_board)
    first, second = [t for t in board.turns if t.meeting == "Campaign planning"]
    with pytest.raises(ValidationError, match="Marcus is of the team that holds Campaign planning"):
        rc.set_guest(board, first, MARCUS)
    ws.apply(rc.swap_turns(board, first, second))
    board = ws.query(queries.rota_board)
    assert [t.participant for t in board.turns if t.meeting == "Campaign planning"] == ["Priya", "Dana"]
    turn = next(t for t in board.turns if t.meeting == "Campaign planning")
    ws.apply(rc.mark_away(board, turn))  # Priya away in that week: Dana goes instead
    board = ws.query(queries.rota_board)
    assert next(t for t in board.turns if t.id == turn.id).participant == "Dana"
    assert (PRIYA, turn.week) in board.absences
    with pytest.raises(ValidationError, match="Priya is away that week"):
        rc.set_guest(board, next(t for t in board.turns if t.id == turn.id), PRIYA)
    mixed = next(t for t in board.turns if t.meeting == "Pipeline review")
    with pytest.raises(ValidationError, match="is of the team that holds"):
        rc.swap_turns(board, mixed, next(t for t in board.turns if t.meeting == "Campaign planning"))
