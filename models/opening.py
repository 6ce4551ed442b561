"""Steps 1-3: rivalries, wants & needs, challenges grouped into themes and dot-voted."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.areas import Area
from models.base import Base


class Rivalry(Base, area=Area.RIVALRIES):
    """A tension or misconception one side holds about the other, and what the room agreed to do about it."""

    __tablename__ = "rivalry"
    __table_args__ = (CheckConstraint("severity BETWEEN 1 AND 5", name="severity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    held_by_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    about_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    statement: Mapped[str] = mapped_column(Text)
    severity: Mapped[int] = mapped_column(Integer, default=3)
    response: Mapped[str] = mapped_column(Text, default="")
    addressed: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Need(Base, area=Area.NEEDS):
    """What one department wants or needs from another, acknowledged by the other side."""

    __tablename__ = "need"
    __table_args__ = (CheckConstraint("kind IN ('want', 'need')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    to_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10), default="need")
    text: Mapped[str] = mapped_column(Text)
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who on the other side acknowledged it (revision 0004).
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Theme(Base, area=Area.CHALLENGES):
    """A group of challenges; common ground when challenges from both sides fall into it."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Challenge(Base, area=Area.CHALLENGES):
    __tablename__ = "challenge"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Vote(Base, area=Area.CHALLENGES):
    """Dots one participant put on one challenge or on one theme (revision 0006), never both."""

    __tablename__ = "vote"
    __table_args__ = (
        UniqueConstraint("challenge_id", "participant_id", name="one_per_person"),
        UniqueConstraint("theme_id", "participant_id", name="one_per_person_on_theme"),
        CheckConstraint("dots > 0", name="dots"),
        CheckConstraint("(challenge_id IS NULL) <> (theme_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenge.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    dots: Mapped[int] = mapped_column(Integer, default=1)
