"""Step 5: buyer personas and the target market, each persona owned by a joint team."""
from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.areas import Area
from models.base import Base


class Persona(Base, area=Area.PERSONAS):
    __tablename__ = "persona"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    # The buyer's company: industry, size band and region (revision 0007), and anything else worth saying.
    industry: Mapped[str] = mapped_column(String(120), default="", server_default="")
    size_band: Mapped[str] = mapped_column(String(60), default="", server_default="")
    region: Mapped[str] = mapped_column(String(120), default="", server_default="")
    company_profile: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    pains: Mapped[str] = mapped_column(Text, default="")
    objections: Mapped[str] = mapped_column(Text, default="")
    channels: Mapped[str] = mapped_column(Text, default="")
    buying_triggers: Mapped[str] = mapped_column(Text, default="")
    fit_criteria: Mapped[str] = mapped_column(Text, default="")
    in_target_market: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class PersonaOwner(Base, area=Area.PERSONAS):
    __tablename__ = "persona_owner"

    persona_id: Mapped[int] = mapped_column(ForeignKey("persona.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True)
