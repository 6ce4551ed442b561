"""Roles: the activities of the revenue process with a RACI matrix, the roles the room defines, and its answer to
the qualifier question (does sales or marketing qualify leads, and why)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from app.commands import fields as f
from app.commands.base import Command, DeleteRow, InsertRow, Macro, Reorder, UpdateRow, set_links
from app.errors import ValidationError
from app.rota import CADENCES, MeetingSpec, Person, may_visit, monday, propose
from models import (
    RACI_ROLES,
    Absence,
    Activity,
    Area,
    Meeting,
    MeetingAttendee,
    RaciAssignment,
    Role,
    RotaTurn,
    Workshop,
)

ACTIVITY_FIELDS: dict[str, f.Parser] = {
    "name": f.text("Activity", max_len=200, required=True),
    "description": f.text("Description", max_len=2000, multiline=True),
}
ROLE_FIELDS: dict[str, f.Parser] = {
    "name": f.text("Role", max_len=200, required=True),
    "department_id": f.reference("Department"),
    "holder_id": f.reference("Held by"),
    "notes": f.text("Notes", max_len=2000, multiline=True),
}
ROLE_LABELS = {"name": "role", "department_id": "department", "holder_id": "holder", "notes": "notes"}
reason_text = f.text("Reason", max_len=2000, multiline=True)


def raci_letter(value: Any) -> str:
    """R, A, C, I, or "" for none: what a cell of the matrix may hold, typed in either case."""
    letter = str(value or "").strip().upper()
    if letter in ("", "-", "—"):
        return ""
    if letter not in RACI_ROLES:
        raise ValidationError("A RACI cell holds R (responsible), A (accountable), C (consulted), I (informed) "
                              "or nothing.")
    return letter


def add_activity(name: str) -> Command:
    return InsertRow(Activity, f.parse_fields(ACTIVITY_FIELDS, {"name": name}), label="Add activity")


def edit_activity(activity_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(ACTIVITY_FIELDS, {field: value})
    return UpdateRow(Activity, (activity_id,), new, label=f"Edit {field}", merge_key=merge_key)


def remove_activity(activity_id: int) -> Command:
    return DeleteRow(Activity, (activity_id,), label="Remove activity")


def reorder_activities(ids: list[int]) -> Command:
    return Reorder(Activity, ids, label="Move activity")


def set_raci(activity: Any, participant_id: int, value: Any) -> Command:
    """One cell of the matrix: set, change or clear the letter of `participant_id` for `activity` (an ActivityRow)."""
    letter = raci_letter(value)
    assignment = activity.assignment_of(participant_id)
    if assignment is None:
        if not letter:
            raise ValidationError("That cell is already empty.")
        return InsertRow(RaciAssignment, {"activity_id": activity.id, "participant_id": participant_id,
                                          "role": letter}, label=f"Set {letter} for {activity.name}")
    if not letter:
        return DeleteRow(RaciAssignment, (assignment,), label=f"Clear a cell of {activity.name}")
    return UpdateRow(RaciAssignment, (assignment,), {"role": letter}, label=f"Set {letter} for {activity.name}")


def add_role(*, name: str, department_id: int | None = None, holder_id: int | None = None) -> Command:
    row = f.parse_fields(ROLE_FIELDS, {"name": name, "department_id": department_id, "holder_id": holder_id})
    return InsertRow(Role, row, label="Add role")


def edit_role(role_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(ROLE_FIELDS, {field: value})
    return UpdateRow(Role, (role_id,), new, label=f"Edit {ROLE_LABELS[field]}", merge_key=merge_key)


def remove_role(role_id: int) -> Command:
    return DeleteRow(Role, (role_id,), label="Remove role")


def reorder_roles(ids: list[int]) -> Command:
    return Reorder(Role, ids, label="Move role")


def set_qualifier(department_id: int | None) -> Command:
    """The room's answer: which department qualifies leads (None: not decided yet)."""
    return UpdateRow(Workshop, (1,), {"qualifier_department_id": f.reference("Qualifier")(department_id)},
                     label="Answer who qualifies leads", area=Area.ROLES)


def set_qualifier_reason(text: str, *, merge_key: object | None = None) -> Command:
    return UpdateRow(Workshop, (1,), {"qualifier_reason": reason_text(text)}, label="Edit the qualifier's reason",
                     merge_key=merge_key, area=Area.ROLES)


# -- meetings and the rota ----------------------------------------------------------------------------


MEETING_FIELDS: dict[str, f.Parser] = {
    "name": f.text("Meeting", max_len=200, required=True),
    "cadence": f.choice("How often", tuple(CADENCES)),
    "host_id": f.reference("Host"),
    "guest_id": f.reference("Guests from"),
    "notes": f.text("Notes", max_len=2000, multiline=True),
}
MEETING_LABELS = {"name": "meeting", "cadence": "how often", "host_id": "host", "guest_id": "guests from",
                  "notes": "notes"}
MAX_ROTA_WEEKS = 52


def add_meeting(*, name: str, cadence: str = "weekly", host_id: int | None = None) -> Command:
    row = f.parse_fields(MEETING_FIELDS, {"name": name, "cadence": cadence, "host_id": host_id})
    return InsertRow(Meeting, row, label="Add meeting")


def edit_meeting(meeting_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(MEETING_FIELDS, {field: value})
    return UpdateRow(Meeting, (meeting_id,), new, label=f"Edit {MEETING_LABELS[field]}", merge_key=merge_key)


def remove_meeting(meeting_id: int) -> Command:
    return DeleteRow(Meeting, (meeting_id,), label="Remove meeting")


def reorder_meetings(ids: list[int]) -> Command:
    return Reorder(Meeting, ids, label="Move meeting")


def set_attendees(meeting_id: int, *, current: Iterable[int], wanted: Iterable[int]) -> Command:
    return set_links(MeetingAttendee, ("meeting_id", meeting_id), "participant_id", current=current, wanted=wanted,
                     label="Change who attends")


def _weeks(value: Any) -> int:
    try:
        weeks = int(str(value).strip())
    except ValueError:
        weeks = 0
    if not 1 <= weeks <= MAX_ROTA_WEEKS:
        raise ValidationError(f"The rota runs over a whole number of weeks, from 1 to {MAX_ROTA_WEEKS}.")
    return weeks


def propose_rota(board: Any, *, start: dt.date, weeks: Any) -> Command:
    """A fair rota over `weeks` from the week of `start`, in place of the one there (undo brings it back)."""
    count = _weeks(weeks)
    if not board.meetings:
        raise ValidationError("Add the recurring meetings first; the rota sends guests to them.")
    first = monday(start)
    plan = propose([MeetingSpec(m.id, m.cadence, m.host_id, m.guest_id) for m in board.meetings],
                   [Person(p.id, p.department_id) for p in board.people], first, count, board.absences)
    steps: list[Command] = [DeleteRow(RotaTurn, (t.id,), label="Remove turn") for t in board.turns]
    steps += [InsertRow(RotaTurn, {"meeting_id": m, "week": week, "participant_id": guest}, label="Add turn")
              for m, week, guest in plan]
    steps.append(UpdateRow(Workshop, (1,), {"rota_start": first, "rota_weeks": count}, label="Rota weeks",
                           area=Area.ROLES))
    return Macro(f"Propose a rota over {count} week{'s' if count != 1 else ''}", steps)


def _check_guest(board: Any, turn: Any, participant_id: int | None) -> None:
    if participant_id is None:
        return
    person = next((p for p in board.people if p.id == participant_id), None)
    meeting = next((m for m in board.meetings if m.id == turn.meeting_id), None)
    if person is None or meeting is None:
        raise ValidationError("Choose someone in the room.")
    if not may_visit(Person(person.id, person.department_id), MeetingSpec(meeting.id, meeting.cadence,
                                                                           meeting.host_id, meeting.guest_id)):
        raise ValidationError(f"{person.name} is of the team that holds {meeting.name}: the rota sends someone "
                              "from the other side." if person.department_id == meeting.host_id else
                              f"{person.name} is not of the department that sends guests to {meeting.name}.")
    if (participant_id, turn.week) in board.absences:
        raise ValidationError(f"{person.name} is away that week.")


def set_guest(board: Any, turn: Any, participant_id: Any) -> Command:
    guest = f.reference("Guest")(participant_id)
    _check_guest(board, turn, guest)
    return UpdateRow(RotaTurn, (turn.id,), {"participant_id": guest}, label="Change a turn")


def swap_turns(board: Any, first: Any, second: Any) -> Command:
    """Two turns trade their guests (each must be allowed at the other meeting and present that week)."""
    if first.id == second.id:
        raise ValidationError("Select two turns to swap.")
    _check_guest(board, first, second.participant_id)
    _check_guest(board, second, first.participant_id)
    return Macro("Swap two turns", [
        UpdateRow(RotaTurn, (first.id,), {"participant_id": second.participant_id}, label="Swap"),
        UpdateRow(RotaTurn, (second.id,), {"participant_id": first.participant_id}, label="Swap"),
    ])


def mark_away(board: Any, turn: Any) -> Command:
    """The guest of `turn` is away that week: recorded, and the turn goes to whoever has the fewest turns."""
    if turn.participant_id is None:
        raise ValidationError("No one is going to that meeting yet.")
    meeting = next(m for m in board.meetings if m.id == turn.meeting_id)
    away = set(board.absences) | {(turn.participant_id, turn.week)}
    counts: dict[int, int] = {}
    for t in board.turns:
        if t.participant_id is not None and t.id != turn.id:
            counts[t.participant_id] = counts.get(t.participant_id, 0) + 1
    spec = MeetingSpec(meeting.id, meeting.cadence, meeting.host_id, meeting.guest_id)
    ((_m, _w, guest),) = propose([MeetingSpec(spec.id, "weekly", spec.host_id, spec.guest_id)],
                                 [Person(p.id, p.department_id) for p in board.people], turn.week, 1, away, counts)
    name = next(p.name for p in board.people if p.id == turn.participant_id)
    return Macro(f"{name} away in the week of {turn.week:%d %b}", [
        InsertRow(Absence, {"participant_id": turn.participant_id, "week": turn.week}, label="Away"),
        UpdateRow(RotaTurn, (turn.id,), {"participant_id": guest}, label="Another guest"),
    ])
