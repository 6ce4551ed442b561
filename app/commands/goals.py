"""Shared goals step: goal statements with their unified KPI, owned jointly by departments."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import models
from app.commands import fields as f
from app.commands.base import Command, DeleteRow, InsertRow, Macro, Ref, Reorder, UpdateRow, set_links

GOAL_FIELDS = {
    "statement": f.text("Goal", max_len=1000, required=True),
    "metric": f.text("Metric"),
    "unit": f.text("Unit", max_len=60),
    "baseline": f.number("Baseline"),
    "target": f.number("Target"),
    "deadline": f.date("Deadline"),
    "data_source": f.text("Data source"),
}
GOAL_LABELS = {"statement": "goal", "metric": "metric", "unit": "unit", "baseline": "baseline",
               "target": "target", "deadline": "deadline", "data_source": "data source"}


def add_goal(*, statement: str, owner_ids: Iterable[int] = (), **kpi: Any) -> Command:
    values = f.parse_fields(GOAL_FIELDS, {"statement": statement, **kpi})
    goal = InsertRow(models.Goal, values, label="Add goal")
    owners = [InsertRow(models.GoalOwner, {"goal_id": Ref(goal), "department_id": dept}, label="Add owner")
              for dept in sorted(set(owner_ids))]
    return Macro("Add goal", [goal, *owners])


def edit_goal(goal_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(GOAL_FIELDS, {field: value})
    return UpdateRow(models.Goal, (goal_id,), new, label=f"Edit {GOAL_LABELS[field]}", merge_key=merge_key)


def set_goal_owners(goal_id: int, *, current: Iterable[int], wanted: Iterable[int]) -> Command:
    return set_links(models.GoalOwner, ("goal_id", goal_id), "department_id", current=current, wanted=wanted,
                     label="Change goal owners")


def remove_goal(goal_id: int) -> Command:
    return DeleteRow(models.Goal, (goal_id,), label="Remove goal")


def reorder_goals(ids: list[int]) -> Command:
    return Reorder(models.Goal, ids, label="Move goal")
