"""Step 8: the action plan, and the parking lot for topics the room defers."""

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.areas import Area
from models.base import Base


class Action(Base, area=Area.ACTIONS):
    """Who does what by when; optionally linked to the goal, challenge or SLA clause it serves."""

    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'in progress', 'done', 'dropped')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id", ondelete="SET NULL"))
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenge.id", ondelete="SET NULL"))
    clause_id: Mapped[int | None] = mapped_column(ForeignKey("sla_clause.id", ondelete="SET NULL"))
    # Where the action came from in the opening steps (revision 0003), so the plan can point back to it.
    rivalry_id: Mapped[int | None] = mapped_column(ForeignKey("rivalry.id", ondelete="SET NULL"))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("need.id", ondelete="SET NULL"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    parking_id: Mapped[int | None] = mapped_column(ForeignKey("parking_lot_item.id", ondelete="SET NULL"))
    step: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ParkingLotItem(Base, area=Area.PARKING_LOT):
    __tablename__ = "parking_lot_item"
    __table_args__ = (CheckConstraint("outcome IN ('open', 'resolved', 'action', 'carried')", name="outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    step: Mapped[str] = mapped_column(String(40), default="")
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)  # kept equal to outcome != "open"
    # open | resolved | action | carried (to the next quarterly review); revision 0005
    outcome: Mapped[str] = mapped_column(String(12), default="open", server_default="open")
    position: Mapped[int] = mapped_column(Integer, default=0)
