"""Personas: the target market and the buyers both sides sell to, each owned by a joint team of participants."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.commands import fields as f
from app.commands.base import Command, DeleteRow, InsertRow, Macro, Ref, Reorder, UpdateRow, set_links
from models import Area, Persona, PersonaOwner, Workshop

LONG = 4000  # a card's long fields: goals, pains, objections...
PERSONA_FIELDS: dict[str, f.Parser] = {
    "name": f.text("Persona name", max_len=200, required=True),
    "role": f.text("Role", max_len=200),
    "industry": f.text("Industry", max_len=120),
    "size_band": f.text("Company size", max_len=60),
    "region": f.text("Region", max_len=120),
    "company_profile": f.text("About the company", max_len=LONG, multiline=True),
    "goals": f.text("Goals", max_len=LONG, multiline=True),
    "pains": f.text("Pains", max_len=LONG, multiline=True),
    "objections": f.text("Objections", max_len=LONG, multiline=True),
    "channels": f.text("Where they learn", max_len=LONG, multiline=True),
    "buying_triggers": f.text("Buying triggers", max_len=LONG, multiline=True),
    "fit_criteria": f.text("Fit criteria", max_len=LONG, multiline=True),
}
# Field -> what the room calls it, in the order a card shows them.
PERSONA_LABELS = {"name": "Name", "role": "Role", "industry": "Industry", "size_band": "Company size",
                  "region": "Region", "company_profile": "About the company", "goals": "Goals", "pains": "Pains",
                  "objections": "Objections", "channels": "Where they learn", "buying_triggers": "Buying triggers",
                  "fit_criteria": "Fit criteria"}
target_market_text = f.text("Target market", max_len=LONG, multiline=True)


def add_persona(*, name: str, owner_ids: Iterable[int] = (), **values: Any) -> Command:
    row = f.parse_fields(PERSONA_FIELDS, {"name": name, **values})
    persona = InsertRow(Persona, row, label="Add persona")
    owners = [InsertRow(PersonaOwner, {"persona_id": Ref(persona), "participant_id": p}, label="Add owner")
              for p in sorted(set(owner_ids))]
    return Macro("Add persona", [persona, *owners])


def edit_persona(persona_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(PERSONA_FIELDS, {field: value})
    return UpdateRow(Persona, (persona_id,), new, label=f"Edit {PERSONA_LABELS[field].lower()}", merge_key=merge_key)


def duplicate_persona(persona: Any) -> Command:
    """A copy to start the next persona from: every field and the owners, named as a copy."""
    values = {field: getattr(persona, field) for field in PERSONA_FIELDS}
    values["name"] = f"{persona.name} (copy)"[:200]
    return add_persona(owner_ids=persona.owner_ids, **values)


def set_persona_owners(persona_id: int, *, current: Iterable[int], wanted: Iterable[int]) -> Command:
    return set_links(PersonaOwner, ("persona_id", persona_id), "participant_id", current=current, wanted=wanted,
                     label="Change persona owners")


def remove_persona(persona_id: int) -> Command:
    return DeleteRow(Persona, (persona_id,), label="Remove persona")


def reorder_personas(ids: list[int]) -> Command:
    return Reorder(Persona, ids, label="Move persona")


def set_target_market(text: str, *, merge_key: object | None = None) -> Command:
    return UpdateRow(Workshop, (1,), {"target_market": target_market_text(text)}, label="Edit target market",
                     merge_key=merge_key, area=Area.PERSONAS)
