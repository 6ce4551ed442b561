"""The Common Ground domain: SQLAlchemy entities for the whole kickoff and its quarterly reviews.

Qt-free. The entities the first screens read are imported at once; the later steps' entities load when first
named (`models.Persona`), which keeps them off the start-up path. Whatever needs every table (creating a file,
migrations, a delete that restores what its foreign keys removed) asks for `all_metadata()`.

The modules read at start-up (setup, goals, plan) do without `from __future__ import annotations`, so SQLAlchemy
maps their columns from the annotations themselves instead of parsing and evaluating a string for each.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData

from models.areas import Area
from models.base import Base
from models.goals import Goal, GoalOwner
from models.plan import ACTION_STATUSES, Action, ParkingLotItem
from models.setup import AgendaItem, Department, GroundRule, Participant, Workshop

if TYPE_CHECKING:
    from models.audit import AuditEvent
    from models.opening import Challenge, Need, Rivalry, Theme, Vote
    from models.personas import Persona, PersonaOwner
    from models.review import ActionReview, CommitmentReading, KpiReading, Review
    from models.roles import (
        DEFAULT_ACTIVITIES,
        RACI_ROLES,
        Absence,
        Activity,
        Meeting,
        MeetingAttendee,
        RaciAssignment,
        Role,
        RotaTurn,
    )
    from models.seal import SealKey
    from models.sla import Commitment, FunnelStage, ScoringRule, Signature, SlaClause, SlaVersion

_LATER = {
    "models.audit": ("AuditEvent",),
    "models.opening": ("Challenge", "Need", "Rivalry", "Theme", "Vote"),
    "models.personas": ("Persona", "PersonaOwner"),
    "models.review": ("ActionReview", "CommitmentReading", "KpiReading", "Review"),
    "models.roles": ("DEFAULT_ACTIVITIES", "RACI_ROLES", "Absence", "Activity", "Meeting", "MeetingAttendee",
                     "RaciAssignment", "Role", "RotaTurn"),
    "models.seal": ("SealKey",),
    "models.sla": ("Commitment", "FunnelStage", "ScoringRule", "Signature", "SlaClause", "SlaVersion"),
}
_WHERE = {name: module for module, names in _LATER.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'models' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def all_metadata() -> MetaData:
    """The metadata with every table of the workshop file in it."""
    for module in _LATER:
        importlib.import_module(module)
    return Base.metadata


__all__ = [
    "ACTION_STATUSES", "DEFAULT_ACTIVITIES", "RACI_ROLES", "Absence", "Action", "ActionReview", "Activity",
    "AgendaItem", "Area", "AuditEvent", "Base", "Challenge", "Commitment", "CommitmentReading", "Department",
    "FunnelStage", "Goal", "GoalOwner", "GroundRule", "KpiReading", "Meeting", "MeetingAttendee", "Need",
    "ParkingLotItem", "Participant", "Persona", "PersonaOwner", "RaciAssignment", "Review", "Rivalry", "Role",
    "RotaTurn", "ScoringRule", "SealKey", "Signature", "SlaClause", "SlaVersion", "Theme", "Vote", "Workshop",
    "all_metadata",
]
