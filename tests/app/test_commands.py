"""Every edit command applies, undoes and redoes against a real file, and what is saved survives a reopen."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import queries
from app.backups import BackupStore
from app.commands import actions, goals, opening, parking, setup
from app.commands.base import Command
from app.errors import SaveError, ValidationError
from app.opening import create_workshop, open_workshop
from app.workshop import Workshop
from models import Area


def snapshot(w: Workshop) -> dict[str, Any]:
    """Everything the screens show, as plain data."""
    return {
        "info": w.query(queries.workshop_info),
        "rivalries": w.query(queries.rivalries),
        "needs": w.query(queries.needs),
        "parked": w.query(queries.parked),
        "agenda": w.query(queries.agenda),
        "departments": w.query(queries.departments),
        "participants": w.query(queries.participants),
        "rules": w.query(queries.ground_rules),
        "goals": w.query(queries.goals),
        "actions": w.query(queries.actions),
    }


def seed(w: Workshop) -> None:
    w.apply(setup.add_participant(name="Dana", title="VP Sales", department="Sales", is_signatory=True))
    w.apply(setup.add_participant(name="Marcus", department="Marketing"))
    w.apply(goals.add_goal(statement="More accepted leads", owner_ids=w.query(queries.default_goal_owners),
                           metric="SALs", target=400, deadline="2027-03-31"))
    w.apply(actions.add_action(title="Define MQL", owner_id=1, goal_id=1, due_on="2027-01-15"))
    w.apply(opening.add_rivalry(statement="Leads are not ready", held_by_id=1, about_id=2, severity="high"))
    w.apply(opening.add_need(text="Why a lead was rejected", from_id=2, to_id=1))
    w.apply(parking.park(text="Replace the CRM?", step="rivalries", raised_by_id=2))


EDITS: list[tuple[str, Callable[[Workshop], Command]]] = [
    ("workshop name", lambda w: setup.edit_workshop("name", "Q1 kickoff")),
    ("workshop date", lambda w: setup.edit_workshop("held_on", dt.date(2027, 1, 5))),
    ("add participant, new department", lambda w: setup.add_participant(name="Aiko", department="Product")),
    ("rename participant", lambda w: setup.edit_participant(1, "name", "Dana W.")),
    ("move participant to a new department", lambda w: setup.edit_participant(2, "department", "Growth")),
    ("clear department", lambda w: setup.edit_participant(2, "department", "")),
    ("signatory flag", lambda w: setup.edit_participant(2, "is_signatory", True)),
    ("remove participant who owns an action", lambda w: setup.remove_participant(1, "Dana")),
    ("timebox", lambda w: setup.edit_timebox(w.query(queries.agenda)[0].id, "25")),
    ("record used time", lambda w: setup.record_used(w.query(queries.agenda)[1].id, 754)),
    ("add ground rule", lambda w: setup.add_ground_rule("Start on time")),
    ("edit ground rule", lambda w: setup.edit_ground_rule(1, "No blame, ever")),
    ("remove ground rule", lambda w: setup.remove_ground_rule(2)),
    ("add goal", lambda w: goals.add_goal(statement="Faster follow-up", owner_ids=[1, 2], target="8")),
    ("edit target", lambda w: goals.edit_goal(1, "target", "1,250")),
    ("clear deadline", lambda w: goals.edit_goal(1, "deadline", None)),
    ("owners", lambda w: goals.set_goal_owners(1, current=[1, 2], wanted=[2])),
    ("remove goal linked to an action", lambda w: goals.remove_goal(1)),
    ("add action", lambda w: actions.add_action(title="Weekly stand-up", owner_id=2, status="in progress")),
    ("action status", lambda w: actions.edit_action(1, "status", "done")),
    ("action owner", lambda w: actions.edit_action(1, "owner_id", 2)),
    ("action due", lambda w: actions.edit_action(1, "due_on", "2027-02-01")),
    ("remove action", lambda w: actions.remove_action(1)),
    ("add rivalry", lambda w: opening.add_rivalry(statement="Nobody reads the reports", severity="low")),
    ("rivalry response", lambda w: opening.edit_rivalry(1, "response", "One written MQL definition")),
    ("rivalry addressed", lambda w: opening.edit_rivalry(1, "addressed", True)),
    ("rivalry severity", lambda w: opening.edit_rivalry(1, "severity", "medium")),
    ("rivalry held by both sides", lambda w: opening.edit_rivalry(1, "held_by_id", 0)),
    ("remove rivalry", lambda w: opening.remove_rivalry(1)),
    ("rivalry about each other", lambda w: opening.edit_rivalry(1, "about_id", None)),
    ("make an action of a rivalry", lambda w: opening.rivalry_to_action(w.query(queries.rivalries)[0])),
    ("add a want", lambda w: opening.add_need(text="A seat at the pipeline review", from_id=2, to_id=1, kind="want")),
    ("acknowledge a need", lambda w: opening.edit_need(1, "acknowledged_by_id", 1)),
    ("need kind", lambda w: opening.edit_need(1, "kind", "want")),
    ("remove need", lambda w: opening.remove_need(1)),
    ("make an action of a need", lambda w: opening.need_to_action(w.query(queries.needs)[0])),
    ("park a point", lambda w: parking.park(text="Events budget", step="goals")),
    ("carry a point to the next review", lambda w: parking.edit_parked(1, "outcome", "carried")),
    ("remove a parked point", lambda w: parking.remove_parked(1)),
    ("make an action of a parked point", lambda w: parking.parked_to_action(w.query(queries.parked)[0])),
]


@pytest.mark.parametrize(("name", "make"), EDITS, ids=[e[0] for e in EDITS])
def test_apply_undo_redo(ws: Workshop, name: str, make: Callable[[Workshop], Command]) -> None:
    seed(ws)
    before = snapshot(ws)
    command = make(ws)
    ws.apply(command)
    after = snapshot(ws)
    assert after != before, f"{name} changed nothing"
    ws.revert(command)
    assert snapshot(ws) == before
    ws.apply(command)
    assert snapshot(ws) == after
    ws.revert(command)
    assert snapshot(ws) == before


def test_undo_chain_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "chain.cgw"
    w = create_workshop(path)
    seed(w)
    done = [setup.edit_workshop("company", "Northwind"), goals.edit_goal(1, "baseline", 250),
            setup.remove_participant(2), actions.edit_action(1, "status", "in progress")]
    states = [snapshot(w)]
    for c in done:
        w.apply(c)
        states.append(snapshot(w))
    for c, state in zip(reversed(done), reversed(states[:-1]), strict=True):
        w.revert(c)
        assert snapshot(w) == state
    w.apply(done[0])
    expected = snapshot(w)
    w.close()
    reopened = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        assert snapshot(reopened) == expected
        assert reopened.query(queries.workshop_info).company == "Northwind"
    finally:
        reopened.close()


def test_recorded_time_lands_in_the_file_and_a_reset_undoes_and_redoes(tmp_path: Path) -> None:
    path = tmp_path / "timed.cgw"
    w = create_workshop(path)
    step = w.query(queries.agenda)[1]
    assert step.used_seconds == 0
    w.apply(setup.record_used(step.id, 95))
    w.apply(setup.record_used(step.id, 754))  # a later checkpoint of the same countdown
    w.close()
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    try:
        used = {r.step: r.used_seconds for r in w.query(queries.agenda)}
        assert used[step.step] == 754 and sum(used.values()) == 754
        reset = setup.reset_used(step.id, step.title)
        assert reset.label == f"Reset timer {step.title}"
        assert w.apply(reset).touches(Area.AGENDA)
        assert w.query(queries.agenda)[1].used_seconds == 0
        w.revert(reset)
        assert w.query(queries.agenda)[1].used_seconds == 754
        w.apply(reset)
        assert w.query(queries.agenda)[1].used_seconds == 0
        assert w.query(queries.agenda)[1].timebox_minutes == step.timebox_minutes
    finally:
        w.close()


@pytest.mark.parametrize("seconds", [-1, 1.5, "60", True, None])
def test_used_time_is_whole_seconds(seconds: object) -> None:
    with pytest.raises(ValidationError, match="whole number of seconds"):
        setup.record_used(1, seconds)  # type: ignore[arg-type]


def test_deleting_participant_nulls_action_owner_and_undo_restores_it(ws: Workshop) -> None:
    seed(ws)
    remove = setup.remove_participant(1, "Dana")
    ws.apply(remove)
    assert ws.query(queries.actions)[0].owner_id is None
    ws.revert(remove)
    action = ws.query(queries.actions)[0]
    assert (action.owner_id, action.owner) == (1, "Dana")


def test_new_department_is_removed_again_on_undo(ws: Workshop) -> None:
    add = setup.add_participant(name="Aiko", department="Product")
    ws.apply(add)
    assert [d.name for d in ws.query(queries.departments)] == ["Sales", "Marketing", "Product"]
    ws.revert(add)
    assert [d.name for d in ws.query(queries.departments)] == ["Sales", "Marketing"]


def test_existing_department_is_matched_case_insensitively(ws: Workshop) -> None:
    ws.apply(setup.add_participant(name="Dana", department="sales"))
    assert ws.query(queries.participants)[0].department == "Sales"
    assert len(ws.query(queries.departments)) == 2


@pytest.mark.parametrize(("first", "again"), [("Маркетинг", "МАРКЕТИНГ"), ("Équipe Ventes", "équipe ventes"),
                                              ("Straße", "STRASSE")])
def test_departments_beyond_ascii_are_matched_case_insensitively(ws: Workshop, first: str, again: str) -> None:
    ws.apply(setup.add_participant(name="Olga", department=first))
    ws.apply(setup.add_participant(name="Ivan", department=again))
    assert [p.department for p in ws.query(queries.participants)] == [first, first]
    assert [d.name for d in ws.query(queries.departments)] == ["Sales", "Marketing", first]


@pytest.mark.parametrize("text", ["<b>bold</b> & =SUM(A1)", "Zoë 🚀 — 李雷 — مرحبا", "=1+1", "a\x00b\x1fc"])
def test_awkward_text_is_stored_as_typed(ws: Workshop, text: str) -> None:
    ws.apply(setup.add_participant(name=text))
    stored = ws.query(queries.participants)[0].name
    assert stored == text.replace("\x00", "").replace("\x1f", "")


@pytest.mark.parametrize(("make", "message"), [
    (lambda: setup.add_participant(name="   "), "Name cannot be empty"),
    (lambda: goals.edit_goal(1, "target", "lots"), "Target must be a number"),
    (lambda: goals.edit_goal(1, "deadline", "next spring"), "Deadline must be a date"),
    (lambda: actions.edit_action(1, "status", "maybe"), "Status must be one of"),
    (lambda: setup.add_ground_rule("x" * 501), "too long"),
])
def test_bad_input_is_refused_before_any_command(make: Callable[[], Command], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make()


def test_number_formats() -> None:
    parse = goals.GOAL_FIELDS["target"]
    assert [parse(v) for v in ("1,200", "12.5", "15%", "", "12,5", " 3 000 ")] == [1200, 12.5, 15, None, 12.5, 3000]


def test_merged_typing_burst_undoes_to_the_first_value(ws: Workshop) -> None:
    burst = object()
    first = setup.edit_workshop("company", "N", merge_key=burst)
    ws.apply(first)
    second = setup.edit_workshop("company", "Northwind", merge_key=burst)
    ws.apply(second)
    assert first.merge(second)
    assert not first.merge(setup.edit_workshop("company", "X", merge_key=object()))
    ws.revert(first)
    assert ws.query(queries.workshop_info).company == ""
    ws.apply(first)
    assert ws.query(queries.workshop_info).company == "Northwind"


def test_failed_commit_leaves_file_unchanged(ws: Workshop) -> None:
    seed(ws)
    before = snapshot(ws)
    # Adding a department name that exists under a different id breaks the unique rule inside the transaction.
    from app.commands.base import InsertRow
    from models import Department

    with pytest.raises(SaveError):
        ws.apply(InsertRow(Department, {"name": "Sales"}, label="duplicate"))
    assert snapshot(ws) == before


def test_text_the_file_cannot_store_is_refused_and_nothing_is_lost(ws: Workshop) -> None:
    seed(ws)
    before = snapshot(ws)
    from app.commands.base import InsertRow
    from models import GroundRule

    with pytest.raises(SaveError, match="could not be saved"):
        ws.apply(InsertRow(GroundRule, {"text": "lone \ud800 half", "position": 9}, label="broken paste"))
    assert snapshot(ws) == before
    ws.apply(setup.add_ground_rule("after a broken \udc00paste"))  # the command's parser drops the lone half
    assert "after a broken paste" in [r.text for r in ws.query(queries.ground_rules)]


def test_rows_are_frozen_snapshots(ws: Workshop) -> None:
    seed(ws)
    row = ws.query(queries.participants)[0]
    with pytest.raises(AttributeError):  # a named tuple's fields cannot be set
        row.name = "x"  # type: ignore[misc]


@given(st.text(min_size=1, max_size=200))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_round_trips_through_the_file(ws: Workshop, text: str) -> None:
    try:
        command = setup.add_ground_rule(text)
    except ValidationError:
        assert not "".join(ch for ch in text if ch.isprintable() or ch.isspace()).strip() or len(text) > 500
        return
    ws.apply(command)
    stored = ws.query(queries.ground_rules)[-1].text
    assert stored == setup.rule_text(text)
    ws.revert(command)
    assert all(r.text != stored or r.id != command.pk[0] for r in ws.query(queries.ground_rules))


# What each edit reports: the areas screens refresh for, and the rows a list can update one by one.
CHANGE_SETS: list[tuple[str, Callable[[], Command], Area, set[tuple[str, tuple[Any, ...]]]]] = [
    ("workshop name", lambda: setup.edit_workshop("name", "Q1"), Area.WORKSHOP, {("workshop", (1,))}),
    ("add rule", lambda: setup.add_ground_rule("On time"), Area.GROUND_RULES, {("ground_rule", (6,))}),
    ("new department", lambda: setup.add_participant(name="Aiko", department="Product"),
     Area.PARTICIPANTS | Area.DEPARTMENTS, {("participant", (3,)), ("department", (3,))}),
    ("goal owners", lambda: goals.set_goal_owners(1, current=[1, 2], wanted=[2]), Area.GOALS,
     {("goal_owner", (1, 1))}),
    ("action status", lambda: actions.edit_action(1, "status", "done"), Area.ACTIONS, {("action", (1,))}),
    ("remove goal nulls the action's link", lambda: goals.remove_goal(1), Area.GOALS | Area.ACTIONS,
     {("goal", (1,)), ("goal_owner", (1, 1)), ("goal_owner", (1, 2)), ("action", (1,))}),
]


@pytest.mark.parametrize(("name", "make", "areas", "rows"), CHANGE_SETS, ids=[c[0] for c in CHANGE_SETS])
def test_each_command_reports_what_it_changed(ws: Workshop, name: str, make: Callable[[], Command], areas: Area,
                                              rows: set[tuple[str, tuple[Any, ...]]]) -> None:
    seed(ws)
    command = make()
    done = ws.apply(command)
    assert (done.areas, set(done.rows)) == (areas, rows)
    undone = ws.revert(command)
    assert (undone.areas, set(undone.rows)) == (areas, rows)


def test_only_rows_of_tells_a_list_it_can_update_row_by_row(ws: Workshop) -> None:
    seed(ws)
    status = ws.apply(actions.edit_action(1, "status", "done"))
    assert status.only_rows_of("action") and status.ids("action") == {1}
    rename = ws.apply(setup.edit_participant(1, "name", "Dana W."))
    assert not rename.only_rows_of("action")


def test_rivalries_read_as_the_room_says_them(ws: Workshop) -> None:
    seed(ws)
    ws.apply(opening.add_rivalry(statement="We never see the pipeline", held_by_id=2))
    ws.apply(opening.add_rivalry(statement="Nobody owns attribution"))
    rows = ws.query(queries.rivalries)
    assert [r.who for r in rows] == ["Sales about Marketing", "Marketing about the others", "Both sides"]
    assert [opening.severity_name(r.severity) for r in rows] == ["high", "medium", "medium"]
    with pytest.raises(ValidationError, match="Severity must be one of: low, medium, high"):
        opening.edit_rivalry(1, "severity", "urgent")
    with pytest.raises(ValidationError, match="Rivalry cannot be empty"):
        opening.add_rivalry(statement="   ")


def test_an_action_made_from_a_rivalry_points_back_and_loses_the_link_when_it_goes(ws: Workshop) -> None:
    seed(ws)
    rivalry = ws.query(queries.rivalries)[0]
    ws.apply(opening.rivalry_to_action(rivalry))
    made = ws.query(queries.actions)[-1]
    assert made.title == "Agree a response: Leads are not ready"  # no response agreed yet
    assert (made.rivalry_id, made.rivalry) == (rivalry.id, "Leads are not ready")
    assert ws.query(queries.rivalries)[0].actions == 1
    ws.apply(opening.remove_rivalry(rivalry.id))
    assert ws.query(queries.actions)[-1].rivalry_id is None  # the action stays on the plan


def test_a_need_is_acknowledged_by_someone_and_becomes_an_action_of_the_side_asked(ws: Workshop) -> None:
    seed(ws)
    ws.apply(opening.edit_need(1, "acknowledged_by_id", 1))
    need = ws.query(queries.needs)[0]
    assert (need.acknowledged_by, need.kind) == ("Dana", "need")
    ws.apply(opening.need_to_action(need))
    made = ws.query(queries.actions)[-1]
    assert (made.title, made.team_id) == ("Why a lead was rejected", 1)
    assert ws.query(queries.needs)[0].actions == 1
    ws.apply(setup.remove_participant(1, "Dana"))
    assert ws.query(queries.needs)[0].acknowledged_by_id is None  # who heard it left; the need stays


def test_a_parked_point_keeps_where_it_came_up_and_what_became_of_it(ws: Workshop) -> None:
    seed(ws)
    ws.apply(parking.parked_to_action(ws.query(queries.parked)[0]))
    point = ws.query(queries.parked)[0]
    made = ws.query(queries.actions)[-1]
    assert (point.outcome, point.raised_by, point.step) == ("action", "Marcus", "rivalries")
    assert made.title == "Replace the CRM?"
    with pytest.raises(ValidationError, match="Outcome must be one of"):
        parking.edit_parked(point.id, "outcome", "forgotten")


@pytest.mark.parametrize("typed", ["-5", "481", "twenty", "12.5", ""])
def test_a_timebox_is_whole_minutes_within_a_day(typed: str) -> None:
    with pytest.raises(ValidationError, match="whole number of minutes from 0 to 480"):
        setup.edit_timebox(1, typed)
