"""Action plan step: who does what by when, linked to the goal it serves."""
from __future__ import annotations

from typing import Any

import models
from app.commands import fields as f
from app.commands.base import Command, DeleteRow, InsertRow, UpdateRow
from models.values import ACTION_STATUSES

ACTION_FIELDS = {
    "title": f.text("Action", max_len=1000, required=True),
    "owner_id": f.reference("Owner"),
    "team_id": f.reference("Team"),
    "due_on": f.date("Due date"),
    "status": f.choice("Status", ACTION_STATUSES),
    "goal_id": f.reference("Goal"),
    "notes": f.text("Notes", max_len=20000, multiline=True),
    "step": f.text("Step", max_len=40),
    "rivalry_id": f.reference("Rivalry"),
    "need_id": f.reference("Need"),
    "challenge_id": f.reference("Challenge"),
    "theme_id": f.reference("Theme"),
    "parking_id": f.reference("Parked point"),
}
ACTION_LABELS = {"title": "action", "owner_id": "owner", "team_id": "team", "due_on": "due date",
                 "status": "status", "goal_id": "goal link", "notes": "notes", "step": "step"}


def add_action(*, title: str, **values: Any) -> Command:
    row = f.parse_fields(ACTION_FIELDS, {"title": title, "status": "open", **values})
    return InsertRow(models.Action, row, label="Add action")


def edit_action(action_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(ACTION_FIELDS, {field: value})
    return UpdateRow(models.Action, (action_id,), new, label=f"Edit {ACTION_LABELS[field]}", merge_key=merge_key)


def remove_action(action_id: int) -> Command:
    return DeleteRow(models.Action, (action_id,), label="Remove action")
