"""The opening steps: rivalries, and wants & needs (challenges come next)."""
from __future__ import annotations

from typing import Any

from app.commands import fields as f
from app.commands.actions import ACTION_FIELDS
from app.commands.base import Command, DeleteRow, InsertRow, Reorder, UpdateRow
from models import Action, Need, Rivalry

# Stored 1..5 (the file allows a finer scale later); the room speaks of three.
SEVERITIES = {"low": 1, "medium": 3, "high": 5}


def severity_name(value: int) -> str:
    return "low" if value <= 2 else "medium" if value == 3 else "high"


def _severity(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    return SEVERITIES[f.choice("Severity", tuple(SEVERITIES))(value)]


RIVALRY_FIELDS: dict[str, f.Parser] = {
    "statement": f.text("Rivalry", max_len=1000, required=True),
    "held_by_id": f.reference("Held by"),
    "about_id": f.reference("About"),
    "severity": _severity,
    "response": f.text("Response", max_len=2000, multiline=True),
    "addressed": f.flag("Addressed"),
}
RIVALRY_LABELS = {"statement": "rivalry", "held_by_id": "who holds it", "about_id": "whom it is about",
                  "severity": "severity", "response": "response", "addressed": "addressed"}


def add_rivalry(*, statement: str, **values: Any) -> Command:
    row = f.parse_fields(RIVALRY_FIELDS, {"statement": statement, **values})
    return InsertRow(Rivalry, row, label="Add rivalry")


def edit_rivalry(rivalry_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(RIVALRY_FIELDS, {field: value})
    return UpdateRow(Rivalry, (rivalry_id,), new, label=f"Edit {RIVALRY_LABELS[field]}", merge_key=merge_key)


def remove_rivalry(rivalry_id: int) -> Command:
    return DeleteRow(Rivalry, (rivalry_id,), label="Remove rivalry")


def rivalry_to_action(rivalry: Any) -> Command:
    """The agreed response (or, before there is one, the rivalry itself) as an action that points back to it."""
    title = rivalry.response.strip() or f"Agree a response: {rivalry.statement}"
    row = f.parse_fields(ACTION_FIELDS, {"title": title[:1000], "status": "open", "step": "rivalries",
                                         "rivalry_id": rivalry.id})
    return InsertRow(Action, row, label="Make an action of a rivalry")


NEED_FIELDS: dict[str, f.Parser] = {
    "text": f.text("Need", max_len=1000, required=True),
    "kind": f.choice("Kind", ("need", "want")),
    "from_id": f.reference("Who needs it"),
    "to_id": f.reference("From whom"),
    "acknowledged_by_id": f.reference("Acknowledged by"),
}
NEED_LABELS = {"text": "need", "kind": "kind", "from_id": "who needs it", "to_id": "from whom",
               "acknowledged_by_id": "acknowledgement"}


def add_need(*, text: str, from_id: int, to_id: int, kind: str = "need") -> Command:
    row = f.parse_fields(NEED_FIELDS, {"text": text, "kind": kind, "from_id": from_id, "to_id": to_id})
    return InsertRow(Need, row, label="Add need")


def edit_need(need_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(NEED_FIELDS, {field: value})
    if field == "acknowledged_by_id":
        new["acknowledged"] = new["acknowledged_by_id"] is not None  # one fact, kept in step for older readers
    return UpdateRow(Need, (need_id,), new, label=f"Edit {NEED_LABELS[field]}", merge_key=merge_key)


def remove_need(need_id: int) -> Command:
    return DeleteRow(Need, (need_id,), label="Remove need")


def need_to_action(need: Any) -> Command:
    """What one side asked of the other as an action on the plan, owned by the side that was asked."""
    row = f.parse_fields(ACTION_FIELDS, {"title": need.text[:1000], "status": "open", "step": "needs",
                                         "need_id": need.id, "team_id": need.to_id})
    return InsertRow(Action, row, label="Make an action of a need")


def reorder_rivalries(ids: list[int]) -> Command:
    return Reorder(Rivalry, ids, label="Move rivalry")


def reorder_needs(ids: list[int]) -> Command:
    return Reorder(Need, ids, label="Move need")
