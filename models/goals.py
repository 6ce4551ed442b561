"""Step 4: shared goals, each with one unified KPI, owned jointly by departments."""

import datetime as dt

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.areas import Area
from models.base import Base


class Goal(Base, area=Area.GOALS):
    """A goal statement; the KPI lives on the same row because every goal has exactly one."""

    __tablename__ = "goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement: Mapped[str] = mapped_column(Text)
    metric: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(60), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    data_source: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class GoalOwner(Base, area=Area.GOALS):
    __tablename__ = "goal_owner"

    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"), primary_key=True)
