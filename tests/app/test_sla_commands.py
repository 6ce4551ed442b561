"""The SLA's content at the service level: the template loads into a new workshop, every edit of a draft applies,
undoes and redoes, clauses keep to their sections, and a version that is not a draft refuses every edit."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import update

from app import queries
from app.commands import sla as sc
from app.commands.base import Changes, Command
from app.errors import ValidationError
from app.opening import create_workshop
from app.sla import load_template, shipped
from app.workshop import Workshop
from models import SlaVersion

TODAY = dt.date(2027, 1, 4)


@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    w = create_workshop(tmp_path / "kickoff.cgw")
    departments = {d.name: d.id for d in w.query(queries.departments)}
    w.apply(sc.start_from_template(shipped(), departments, today=TODAY))
    yield w
    w.close()


def view(w: Workshop) -> queries.SlaView:
    return w.query(queries.sla)


EDITS: list[tuple[str, Callable[[Workshop], Command]]] = [
    ("add clause", lambda w: sc.add_clause(view(w).version, section="escalation", title="Last")),
    ("edit clause text", lambda w: sc.edit_clause(view(w).version, 1, "body", "Within <48 h> & = fair")),
    ("move clause to another section", lambda w: sc.edit_clause(view(w).version, 1, "section", "incentives")),
    ("remove clause", lambda w: sc.remove_clause(view(w).version, 1)),
    ("reorder clauses", lambda w: sc.reorder_clauses(view(w).version, [2, 1])),
    ("add stage", lambda w: sc.add_stage(view(w).version, name="Recycled")),
    ("edit definition", lambda w: sc.edit_stage(view(w).version, 2, "definition", "Scored 60 or more")),
    ("stage owner", lambda w: sc.edit_stage(view(w).version, 2, "owner_id", 1)),
    ("remove stage", lambda w: sc.remove_stage(view(w).version, 1)),
]


@pytest.mark.parametrize(("name", "make"), EDITS, ids=[e[0] for e in EDITS])
def test_apply_undo_redo(ws: Workshop, name: str, make: Callable[[Workshop], Command]) -> None:
    command = make(ws)
    before = view(ws)
    ws.apply(command)
    after = view(ws)
    assert after != before, f"{name} changed nothing"
    ws.revert(command)
    assert view(ws) == before
    ws.apply(command)
    assert view(ws) == after


def test_the_template_starts_a_draft_with_the_funnel_and_every_section(ws: Workshop) -> None:
    template = load_template()
    v = view(ws)
    assert (v.version.number, v.version.status, v.version.review_on) == (1, "draft", dt.date(2027, 4, 5))
    assert [s.name for s in v.stages] == ["Lead", "MQL", "SAL", "SQL", "Opportunity", "Customer"]
    assert [s.owner for s in v.stages][:3] == ["Marketing", "Marketing", "Sales"]
    assert {c.section for c in v.clauses} == {key for key, _title in template.sections}
    assert len(v.clauses) == len(template.clauses) >= 12


def test_a_new_clause_stands_with_its_section(ws: Workshop) -> None:
    ws.apply(sc.add_clause(view(ws).version, section="good_lead", title="Budget"))
    sections = [c.section for c in view(ws).clauses]
    assert sections.index("good_lead") < sections.index("recycling")
    good = [c.title for c in view(ws).clauses if c.section == "good_lead"]
    assert good[-1] == "Budget"


def test_only_a_draft_can_be_changed(ws: Workshop) -> None:
    def sign(session: object) -> Changes:  # as a sign-off will: the version is no longer a draft
        session.execute(update(SlaVersion).values(status="signed"))  # type: ignore[attr-defined]
        return Changes()

    ws.apply_step(sign)
    version = view(ws).version
    for make in (lambda: sc.add_clause(version, section="escalation", title="x"),
                 lambda: sc.edit_stage(version, 1, "name", "Lead!"), lambda: sc.remove_clause(version, 1),
                 lambda: sc.reorder_stages(version, [2, 1])):
        with pytest.raises(ValidationError, match="Version 1 is signed: only a draft can be changed"):
            make()
    with pytest.raises(ValidationError, match="Start the SLA first"):
        sc.add_stage(None, name="Lead")
