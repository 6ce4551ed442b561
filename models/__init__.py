"""The Common Ground domain: SQLAlchemy entities for the whole kickoff and its quarterly reviews.

Qt-free. `Base.metadata` is the target metadata of the Alembic migrations in `app/migrations`.
"""
from __future__ import annotations

from models.areas import Area
from models.audit import AuditEvent
from models.base import Base
from models.goals import Goal, GoalOwner
from models.opening import Challenge, Need, Rivalry, Theme, Vote
from models.personas import Persona, PersonaOwner
from models.plan import ACTION_STATUSES, Action, ParkingLotItem
from models.review import ActionReview, CommitmentReading, KpiReading, Review
from models.roles import RACI_ROLES, Activity, Meeting, RaciAssignment
from models.setup import AgendaItem, Department, GroundRule, Participant, Workshop
from models.sla import Commitment, FunnelStage, ScoringRule, Signature, SlaClause, SlaVersion

__all__ = [
    "ACTION_STATUSES", "RACI_ROLES", "Action", "Area", "ActionReview", "Activity", "AgendaItem", "AuditEvent", "Base",
    "Challenge", "Commitment", "CommitmentReading", "Department", "FunnelStage", "Goal", "GoalOwner", "GroundRule",
    "KpiReading", "Meeting", "Need", "ParkingLotItem", "Participant", "Persona", "PersonaOwner", "RaciAssignment",
    "Review", "Rivalry", "ScoringRule", "Signature", "SlaClause", "SlaVersion", "Theme", "Vote", "Workshop",
]
