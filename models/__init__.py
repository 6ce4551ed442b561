"""The Common Ground domain: SQLAlchemy entities for the whole kickoff and its quarterly reviews.

Qt-free. Each module of entities loads when one of its names is first asked for (`models.Persona`), and so does
SQLAlchemy's ORM: the first window is drawn from tables read through SQLAlchemy Core (`app.queries`), and the ORM
loads after it has painted. Whatever needs every table (creating a file, migrations, a delete that restores what
its foreign keys removed) asks for `all_metadata()`.

The modules read at start-up (setup, goals, plan) do without `from __future__ import annotations`, so SQLAlchemy
maps their columns from the annotations themselves instead of parsing and evaluating a string for each.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from models.areas import Area

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import MetaData

    from models.audit import AuditEvent
    from models.base import Base
    from models.goals import Goal, GoalOwner
    from models.opening import Challenge, Need, Rivalry, Theme, Vote
    from models.personas import Persona, PersonaOwner
    from models.plan import Action, ParkingLotItem
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
    from models.setup import AgendaItem, Department, GroundRule, Participant, Workshop
    from models.sla import Commitment, FunnelStage, ScoringRule, Signature, SlaClause, SlaVersion
    from models.values import ACTION_STATUSES

# Every mapped module, and what it defines. None is imported until one of its names is first asked for.
_MODULES = {
    "models.setup": ("AgendaItem", "Department", "GroundRule", "Participant", "Workshop"),
    "models.goals": ("Goal", "GoalOwner"),
    "models.plan": ("Action", "ParkingLotItem"),
    "models.audit": ("AuditEvent",),
    "models.opening": ("Challenge", "Need", "Rivalry", "Theme", "Vote"),
    "models.personas": ("Persona", "PersonaOwner"),
    "models.review": ("ActionReview", "CommitmentReading", "KpiReading", "Review"),
    "models.roles": ("DEFAULT_ACTIVITIES", "RACI_ROLES", "Absence", "Activity", "Meeting", "MeetingAttendee",
                     "RaciAssignment", "Role", "RotaTurn"),
    "models.seal": ("SealKey",),
    "models.sla": ("Commitment", "FunnelStage", "ScoringRule", "Signature", "SlaClause", "SlaVersion"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}
_WHERE.update(Base="models.base", ACTION_STATUSES="models.values")


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'models' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # asked once: later lookups are plain attributes
    return value


def warm_up_steps() -> list[Callable[[], object]]:
    """Load the ORM and every mapped class, one small step each, for an idle moment after the first paint: the
    first edit then pays nothing for it. The longest step, importing the ORM (one package: it cannot be split),
    holds the window some 60 ms once (`make bench` reports it)."""
    def configure() -> None:
        from sqlalchemy.orm import configure_mappers

        configure_mappers()

    steps: list[Callable[[], object]] = [lambda: importlib.import_module("sqlalchemy.orm")]
    steps += [lambda module=module: importlib.import_module(module) for module in _MODULES]
    return [*steps, configure]


def all_metadata() -> MetaData:
    """The metadata with every table of the workshop file in it."""
    for module in _MODULES:
        importlib.import_module(module)
    from models.base import Base

    return Base.metadata


__all__ = [
    "ACTION_STATUSES", "DEFAULT_ACTIVITIES", "RACI_ROLES", "Absence", "Action", "ActionReview", "Activity",
    "AgendaItem", "Area", "AuditEvent", "Base", "Challenge", "Commitment", "CommitmentReading", "Department",
    "FunnelStage", "Goal", "GoalOwner", "GroundRule", "KpiReading", "Meeting", "MeetingAttendee", "Need",
    "ParkingLotItem", "Participant", "Persona", "PersonaOwner", "RaciAssignment", "Review", "Rivalry", "Role",
    "RotaTurn", "ScoringRule", "SealKey", "Signature", "SlaClause", "SlaVersion", "Theme", "Vote", "Workshop",
    "all_metadata", "warm_up_steps",
]
