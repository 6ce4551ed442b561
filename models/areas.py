"""The areas of a workshop an edit can touch: each table belongs to one, and each screen shows some of them."""
from __future__ import annotations

import enum


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
