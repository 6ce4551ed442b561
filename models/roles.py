"""Step 6: activities with a RACI matrix, and the meetings each side attends."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.areas import Area
from models.base import Base

RACI_ROLES = ("R", "A", "C", "I")
# The activities a kickoff usually assigns; a new workshop (and one updated to revision 0008) starts with them.
DEFAULT_ACTIVITIES = ("First contact with a lead", "Lead qualification", "Lead scoring", "Nurturing",
                      "Sales content", "Campaign development", "Follow-up", "Reporting")


class Role(Base, area=Area.ROLES):
    """A role the room defines (lead qualifier, campaign owner...), the department it belongs to and who holds it
    (revision 0008)."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Activity(Base, area=Area.ROLES):
    """A piece of the revenue process: first contact, qualification, scoring, nurturing, reporting..."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class RaciAssignment(Base, area=Area.ROLES):
    """One cell of the RACI matrix; the one-Accountable rule is checked by the service, not the schema."""

    __tablename__ = "raci_assignment"
    __table_args__ = (
        UniqueConstraint("activity_id", "participant_id", name="one_role_each"),
        CheckConstraint("role IN ('R', 'A', 'C', 'I')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(1))


class Meeting(Base, area=Area.ROLES):
    """A recurring meeting and which department hosts and which one sends a guest."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    cadence: Mapped[str] = mapped_column(String(60), default="")
    host_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    guest_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class MeetingAttendee(Base, area=Area.ROLES):
    """Who regularly attends a meeting (revision 0009)."""

    __tablename__ = "meeting_attendee"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)


class RotaTurn(Base, area=Area.ROLES):
    """Who from the other side attends one occurrence of a meeting: the week it falls in (its Monday)."""

    __tablename__ = "rota_turn"
    __table_args__ = (UniqueConstraint("meeting_id", "week", name="one_guest_a_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    week: Mapped[dt.date] = mapped_column(Date)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))


class Absence(Base, area=Area.ROLES):
    """A participant away in a week (its Monday): the rota sends someone else."""

    __tablename__ = "absence"
    __table_args__ = (UniqueConstraint("participant_id", "week", name="away_once_a_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    week: Mapped[dt.date] = mapped_column(Date)
