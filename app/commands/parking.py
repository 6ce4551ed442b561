"""The parking lot: points raised off-topic at any step, kept until each is resolved, acted on or carried forward."""
from __future__ import annotations

from typing import Any

import models
from app.commands import fields as f
from app.commands.actions import ACTION_FIELDS
from app.commands.base import Command, DeleteRow, InsertRow, Macro, Reorder, UpdateRow

OUTCOMES = ("open", "resolved", "action", "carried")
OUTCOME_WORDS = {"open": "open", "resolved": "resolved", "action": "on the Action plan",
                 "carried": "carried to the next review"}

PARKED_FIELDS: dict[str, f.Parser] = {
    "text": f.text("Parked point", max_len=1000, required=True),
    "raised_by_id": f.reference("Raised by"),
    "step": f.text("Step", max_len=40),
    "outcome": f.choice("Outcome", OUTCOMES),
}
PARKED_LABELS = {"text": "parked point", "raised_by_id": "who raised it", "step": "step", "outcome": "outcome"}


def park(*, text: str, step: str, raised_by_id: int | None = None) -> Command:
    row = f.parse_fields(PARKED_FIELDS, {"text": text, "step": step, "raised_by_id": raised_by_id})
    return InsertRow(models.ParkingLotItem, {**row, "outcome": "open", "resolved": False}, label="Park a point")


def edit_parked(item_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(PARKED_FIELDS, {field: value})
    if field == "outcome":
        new["resolved"] = new["outcome"] != "open"
    return UpdateRow(models.ParkingLotItem, (item_id,), new, label=f"Edit {PARKED_LABELS[field]}", merge_key=merge_key)


def remove_parked(item_id: int) -> Command:
    return DeleteRow(models.ParkingLotItem, (item_id,), label="Remove parked point")


def parked_to_action(item: Any) -> Command:
    """The point as an action on the plan that points back to it; the point then counts as dealt with."""
    row = f.parse_fields(ACTION_FIELDS, {"title": item.text[:1000], "status": "open", "step": item.step,
                                         "parking_id": item.id})
    return Macro("Make an action of a parked point", [
        InsertRow(models.Action, row, label="Add action"),
        edit_parked(item.id, "outcome", "action"),
    ])


def reorder_parked(ids: list[int]) -> Command:
    return Reorder(models.ParkingLotItem, ids, label="Move parked point")
