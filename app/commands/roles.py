"""Roles: the activities of the revenue process with a RACI matrix, the roles the room defines, and its answer to
the qualifier question (does sales or marketing qualify leads, and why)."""
from __future__ import annotations

from typing import Any

from app.commands import fields as f
from app.commands.base import Command, DeleteRow, InsertRow, Reorder, UpdateRow
from app.errors import ValidationError
from models import RACI_ROLES, Activity, Area, RaciAssignment, Role, Workshop

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
