"""Step 0, Setup: the workshop itself, departments, participants, ground rules and the agenda."""

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.areas import Area
from models.base import Base


class Workshop(Base, area=Area.WORKSHOP):
    """One row: the kickoff's cover details."""

    __tablename__ = "workshop"
    __table_args__ = (CheckConstraint("dots_per_person BETWEEN 1 AND 99", name="dots_per_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # How many dots each participant may place when the room votes on challenges (revision 0006).
    dots_per_person: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # Whom the two sides sell to, in one statement above the personas (revision 0007).
    target_market: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The question the seeds leave open: which side qualifies leads, and why the room decided so (revision 0008).
    qualifier_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    qualifier_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The rota of visits to the other team's meetings: from which Monday, over how many weeks (revision 0009).
    rota_start: Mapped[dt.date | None] = mapped_column(Date)
    rota_weeks: Mapped[int] = mapped_column(Integer, default=8, server_default="8")
    # The newest audit event's hash and the number of events (revision 0012): a cut-off tail is detected too.
    audit_head: Mapped[str] = mapped_column(String(64), default="", server_default="")
    audit_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Department(Base, area=Area.DEPARTMENTS):
    """Sales, Marketing, or any other side the room names (Customer Success, Product, ...)."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Participant(Base, area=Area.PARTICIPANTS):
    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    is_signatory: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str] = mapped_column(String(320), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class GroundRule(Base, area=Area.GROUND_RULES):
    __tablename__ = "ground_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class AgendaItem(Base, area=Area.AGENDA):
    """A step of the meeting with its timebox; `step` is the screen key (setup, rivalries, goals, ...)."""

    __tablename__ = "agenda_item"
    __table_args__ = (CheckConstraint("timebox_minutes >= 0", name="timebox"),
                      CheckConstraint("used_seconds >= 0", name="used_seconds"))

    id: Mapped[int] = mapped_column(primary_key=True)
    step: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    timebox_minutes: Mapped[int] = mapped_column(Integer, default=0)
    # Time the room has spent on the step with its countdown running (revision 0006).
    used_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    position: Mapped[int] = mapped_column(Integer, default=0)
