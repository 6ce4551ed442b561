"""Setup step: the workshop's cover details, participants, departments and ground rules."""
from __future__ import annotations

from typing import Any

import models
from app.commands import fields as f
from app.commands.base import Command, DeleteRow, EnsureDepartment, InsertRow, Macro, Ref, Reorder, UpdateRow
from app.errors import ValidationError

WORKSHOP_FIELDS = {
    "name": f.text("Workshop name", required=True),
    "company": f.text("Company"),
    "held_on": f.date("Date"),
    "facilitator": f.text("Facilitator"),
    "notes": f.text("Notes", max_len=20000, multiline=True),
}
WORKSHOP_LABELS = {"name": "workshop name", "company": "company", "held_on": "date", "facilitator": "facilitator",
                   "notes": "notes"}

PARTICIPANT_FIELDS = {
    "name": f.text("Name", required=True),
    "title": f.text("Title"),
    "is_signatory": f.flag("Signs the SLA"),
    "email": f.text("E-mail", max_len=320),
}
department_name = f.text("Department", max_len=120)
rule_text = f.text("Ground rule", max_len=500, required=True)

DEFAULT_GROUND_RULES = (
    "No blame game: we talk about processes, not people.",
    "One conversation at a time; phones face down.",
    "Every idea is written down; the parking lot holds what we cannot solve today.",
    "Decisions need both sides in the room.",
    "We leave with owners and dates, not only opinions.",
)


def edit_workshop(field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(WORKSHOP_FIELDS, {field: value})
    return UpdateRow(models.Workshop, (1,), new, label=f"Edit {WORKSHOP_LABELS[field]}", merge_key=merge_key)


def add_participant(*, name: str, title: str = "", department: str = "", is_signatory: bool = False) -> Command:
    values = f.parse_fields(PARTICIPANT_FIELDS, {"name": name, "title": title, "is_signatory": is_signatory})
    dept = department_name(department)
    label = f"Add participant {values['name']}"
    if not dept:
        return InsertRow(models.Participant, values, label=label)
    ensure = EnsureDepartment(dept)
    return Macro(label, [ensure, InsertRow(models.Participant, {**values, "department_id": Ref(ensure)}, label=label)])


def edit_participant(participant_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    if field == "department":
        dept = department_name(value)
        label = "Change department"
        if not dept:
            return UpdateRow(models.Participant, (participant_id,), {"department_id": None}, label=label)
        ensure = EnsureDepartment(dept)
        return Macro(label, [ensure, UpdateRow(models.Participant, (participant_id,), {"department_id": Ref(ensure)},
                                               label=label)])
    new = f.parse_fields(PARTICIPANT_FIELDS, {field: value})
    return UpdateRow(models.Participant, (participant_id,), new, label=f"Edit participant {field.replace('_', ' ')}",
                     merge_key=merge_key)


def remove_participant(participant_id: int, name: str = "") -> Command:
    return DeleteRow(models.Participant, (participant_id,), label=f"Remove participant {name}".strip())


def add_ground_rule(text: str) -> Command:
    return InsertRow(models.GroundRule, {"text": rule_text(text)}, label="Add ground rule")


def edit_ground_rule(rule_id: int, text: str, *, merge_key: object | None = None) -> Command:
    return UpdateRow(models.GroundRule, (rule_id,), {"text": rule_text(text)}, label="Edit ground rule",
                     merge_key=merge_key)


MAX_TIMEBOX = 480  # a working day


def timebox_minutes(value: Any) -> int:
    text = str(value).strip() if value is not None else ""
    try:
        minutes = int(float(text)) if text else -1
    except ValueError:
        minutes = -1
    if not 0 <= minutes <= MAX_TIMEBOX or (text and float(text) != minutes):
        raise ValidationError(f"A timebox is a whole number of minutes from 0 to {MAX_TIMEBOX}.")
    return minutes


def edit_timebox(agenda_id: int, minutes: Any) -> Command:
    """The minutes planned for one step of the agenda (the sidebar shows them)."""
    return UpdateRow(models.AgendaItem, (agenda_id,), {"timebox_minutes": timebox_minutes(minutes)},
                     label="Edit timebox")


def record_used(agenda_id: int, seconds: int) -> Command:
    """The time the room spent on a step with its countdown running. A measurement: the UI records it without
    putting it on the undo stack (Document.record), so undo never takes back the clock."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        raise ValidationError("Used time is a whole number of seconds, 0 or more.")
    return UpdateRow(models.AgendaItem, (agenda_id,), {"used_seconds": seconds}, label="Record time used")


def reset_used(agenda_id: int, title: str = "") -> Command:
    """Clear a step's recorded time. It destroys a measurement, so unlike recording it is an undoable edit."""
    return UpdateRow(models.AgendaItem, (agenda_id,), {"used_seconds": 0}, label=f"Reset timer {title}".strip())


def remove_ground_rule(rule_id: int) -> Command:
    return DeleteRow(models.GroundRule, (rule_id,), label="Remove ground rule")


def reorder_participants(ids: list[int]) -> Command:
    return Reorder(models.Participant, ids, label="Move participant")


def reorder_ground_rules(ids: list[int]) -> Command:
    return Reorder(models.GroundRule, ids, label="Move ground rule")
