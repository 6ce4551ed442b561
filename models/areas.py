"""The areas of a workshop an edit can touch: each table belongs to one, and each screen shows some of them."""
from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Table


class Area(enum.Flag):
    """A flag per part of the workshop a screen shows; an edit reports the union of the areas it touched."""

    NONE = 0
    WORKSHOP = enum.auto()
    DEPARTMENTS = enum.auto()
    PARTICIPANTS = enum.auto()
    GROUND_RULES = enum.auto()
    AGENDA = enum.auto()
    RIVALRIES = enum.auto()
    NEEDS = enum.auto()
    CHALLENGES = enum.auto()
    GOALS = enum.auto()
    PERSONAS = enum.auto()
    ROLES = enum.auto()
    SLA = enum.auto()
    ACTIONS = enum.auto()
    PARKING_LOT = enum.auto()
    REVIEWS = enum.auto()
    SIGNOFF = enum.auto()  # signatures and the audit trail


def area_of(table: Table) -> Area:
    """The area a table belongs to; a table without one is a programming error (a test checks them all)."""
    return table.info["area"]
