"""The quarterly strategy review: KPI actuals, SLA commitments kept or broken, action follow-up, decision."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.areas import Area
from models.base import Base


class Review(Base, area=Area.REVIEWS):
    __tablename__ = "review"
    __table_args__ = (CheckConstraint("decision IN ('', 'keep', 'adjust')", name="decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(String(20), unique=True)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(10), default="")
    decision_notes: Mapped[str] = mapped_column(Text, default="")


class KpiReading(Base, area=Area.REVIEWS):
    __tablename__ = "kpi_reading"
    __table_args__ = (
        UniqueConstraint("review_id", "goal_id", name="one_per_goal"),
        CheckConstraint("status IN ('', 'on track', 'at risk', 'missed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"))
    actual: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(10), default="")


class CommitmentReading(Base, area=Area.REVIEWS):
    __tablename__ = "commitment_reading"
    __table_args__ = (UniqueConstraint("review_id", "commitment_id", name="one_per_commitment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"))
    actual: Mapped[float | None] = mapped_column(Float)
    kept: Mapped[bool | None] = mapped_column(Boolean)


class ActionReview(Base, area=Area.REVIEWS):
    __tablename__ = "action_review"
    __table_args__ = (
        UniqueConstraint("review_id", "action_id", name="one_per_action"),
        CheckConstraint("outcome IN ('', 'done', 'slipped', 'dropped')", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    outcome: Mapped[str] = mapped_column(String(10), default="")
    new_due_on: Mapped[dt.date | None] = mapped_column(Date)
