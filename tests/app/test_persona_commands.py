"""Personas at the service level: every edit applies, undoes and redoes; a persona owned by one side is flagged;
a duplicate copies every field and the owners."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from undo_check import assert_apply_undo_redo

from app import queries
from app.commands import personas as pc
from app.commands import setup
from app.commands.base import Command
from app.errors import ValidationError
from app.opening import create_workshop
from app.workshop import Workshop
from models import Area

DANA, MARCUS, PRIYA = 1, 2, 3  # Sales, Marketing, Sales


@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    w = create_workshop(tmp_path / "kickoff.cgw")
    w.apply(setup.add_participant(name="Dana", department="Sales"))
    w.apply(setup.add_participant(name="Marcus", department="Marketing"))
    w.apply(setup.add_participant(name="Priya", department="Sales"))
    w.apply(pc.add_persona(name="Ops Olivia", role="Head of Operations", industry="Logistics", size_band="200–1,000",
                           region="DACH", pains="Spreadsheets <everywhere> & = errors", owner_ids=[DANA, MARCUS]))
    w.apply(pc.add_persona(name="Finance Farid", owner_ids=[PRIYA]))
    yield w
    w.close()


def state(w: Workshop) -> tuple[object, ...]:
    return (tuple(w.query(queries.personas)), w.query(queries.target_market))


EDITS: list[tuple[str, Callable[[Workshop], Command]]] = [
    ("add persona", lambda w: pc.add_persona(name="IT Ines")),
    ("edit a long field", lambda w: pc.edit_persona(1, "objections", "We tried a tool before\nIt failed")),
    ("edit the region", lambda w: pc.edit_persona(1, "region", "Nordics")),
    ("duplicate", lambda w: pc.duplicate_persona(w.query(queries.personas)[0])),
    ("owners", lambda w: pc.set_persona_owners(2, current=[PRIYA], wanted=[PRIYA, MARCUS])),
    ("remove persona with owners", lambda w: pc.remove_persona(1)),
    ("move persona", lambda w: pc.reorder_personas([2, 1])),
    ("target market", lambda w: pc.set_target_market("Mid-sized logistics firms in Europe")),
]


@pytest.mark.parametrize(("name", "make"), EDITS, ids=[e[0] for e in EDITS])
def test_apply_undo_redo(ws: Workshop, name: str, make: Callable[[Workshop], Command]) -> None:
    assert_apply_undo_redo(ws, make(ws), state, name)


def test_a_persona_owned_by_one_side_is_flagged_until_the_other_joins(ws: Workshop) -> None:
    olivia, farid = ws.query(queries.personas)
    assert (olivia.sides, olivia.ownership_problem) == (("Sales", "Marketing"), "")
    assert olivia.company == "Logistics · 200–1,000 · DACH"
    assert farid.ownership_problem == "Owned by Sales only: add someone from the other side."
    ws.apply(pc.set_persona_owners(2, current=[PRIYA], wanted=[]))
    assert ws.query(queries.personas)[1].ownership_problem.startswith("No owners yet")
    ws.apply(pc.set_persona_owners(2, current=[], wanted=[PRIYA, MARCUS]))
    assert ws.query(queries.personas)[1].ownership_problem == ""
    ws.apply(setup.remove_participant(MARCUS, "Marcus"))  # the owner leaves: the flag comes back
    assert ws.query(queries.personas)[1].ownership_problem.startswith("Owned by Sales only")


def test_a_duplicate_copies_every_field_and_the_owners(ws: Workshop) -> None:
    ws.apply(pc.duplicate_persona(ws.query(queries.personas)[0]))
    original, _farid, copy = ws.query(queries.personas)
    assert copy.name == "Ops Olivia (copy)"
    assert copy.pains == "Spreadsheets <everywhere> & = errors"
    assert (copy.role, copy.company, copy.owner_ids) == (original.role, original.company, original.owner_ids)


def test_target_market_is_kept_as_typed_and_refreshes_the_personas_step(ws: Workshop) -> None:
    done = ws.apply(pc.set_target_market("  B2B SaaS, 50–500 people\nin Europe  "))
    assert done.areas == Area.PERSONAS
    assert ws.query(queries.target_market) == "B2B SaaS, 50–500 people\nin Europe"


def test_persona_input_is_checked() -> None:
    with pytest.raises(ValidationError, match="Persona name cannot be empty"):
        pc.add_persona(name=" ")
    with pytest.raises(ValidationError, match="Region is too long"):
        pc.edit_persona(1, "region", "x" * 121)
