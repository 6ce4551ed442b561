"""Step 7 and 9: SLA versions with their clauses, funnel terms, scoring, commitments and signatures.

A signed version is never edited in place: a change creates a new version that is signed again.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.areas import Area
from models.base import Base, UtcDateTime


class SlaVersion(Base, area=Area.SLA):
    __tablename__ = "sla_version"
    __table_args__ = (CheckConstraint("status IN ('draft', 'signed', 'superseded')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("sla_version.id", ondelete="SET NULL"))
    mql_threshold: Mapped[int | None] = mapped_column(Integer)
    review_on: Mapped[dt.date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    locked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # A lead's score falls by decay_points every decay_days without activity (revision 0012); None: no decay.
    decay_points: Mapped[int | None] = mapped_column(Integer)
    decay_days: Mapped[int | None] = mapped_column(Integer)


class SlaClause(Base, area=Area.SLA):
    """A section of the agreement's text: good lead, recycling, reporting, incentives, escalation..."""

    __tablename__ = "sla_clause"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("sla_version.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class FunnelStage(Base, area=Area.SLA):
    """A shared funnel stage and its agreed definition (the unified terminology: MQL, SQL, ...)."""

    __tablename__ = "funnel_stage"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("sla_version.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    definition: Mapped[str] = mapped_column(Text, default="")
    # What moves a lead into this stage (revision 0010).
    entry_rule: Mapped[str] = mapped_column(Text, default="", server_default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ScoringRule(Base, area=Area.SLA):
    __tablename__ = "scoring_rule"
    __table_args__ = (CheckConstraint("kind IN ('attribute', 'behaviour')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("sla_version.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(Text)
    points: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Commitment(Base, area=Area.SLA):
    """A quantitative promise one side makes to the other, e.g. first touch within 24 hours."""

    __tablename__ = "commitment"
    __table_args__ = (CheckConstraint("comparison IN ('at least', 'at most', 'within')", name="comparison"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("sla_version.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(String(200), default="")
    # at least | at most | within (revision 0011): how the target is read
    comparison: Mapped[str] = mapped_column(String(12), default="at least", server_default="at least")
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(60), default="")
    period: Mapped[str] = mapped_column(String(60), default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Signature(Base, area=Area.SIGNOFF):
    """A signatory's sign-off of one version; `content_hash` is the version's hash at the moment of signing."""

    __tablename__ = "signature"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("sla_version.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    typed_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)  # the moment, for the audit trail
    signed_on: Mapped[dt.date | None] = mapped_column(Date)  # the date written beside the name (revision 0012)
    image_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_sha256: Mapped[str] = mapped_column(String(64), default="")
    content_hash: Mapped[str] = mapped_column(String(64))
