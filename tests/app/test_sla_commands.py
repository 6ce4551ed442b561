"""The SLA's content at the service level: the template loads into a new workshop, every edit of a draft applies,
undoes and redoes, clauses keep to their sections, and a version that is not a draft refuses every edit."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import update
from undo_check import assert_apply_undo_redo

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
    assert_apply_undo_redo(ws, make(ws), view, name)


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
        with pytest.raises(ValidationError, match="Version 1 is signed, so it stays exactly as it was signed"):
            make()
    with pytest.raises(ValidationError, match="Start the SLA first"):
        sc.add_stage(None, name="Lead")


SCORING_EDITS: list[tuple[str, Callable[[Workshop], Command]]] = [
    ("add a negative rule", lambda w: sc.add_rule(view(w).version, kind="behaviour", description="Bounced",
                                                  points="-15")),
    ("edit points", lambda w: sc.edit_rule(view(w).version, view(w).rules[0].id, "points", "+25")),
    ("remove rule", lambda w: sc.remove_rule(view(w).version, view(w).rules[0].id)),
    ("threshold", lambda w: sc.set_threshold(view(w).version, 75)),
    ("score decay", lambda w: sc.set_decay(view(w).version, "-5", "30")),
    ("add commitment", lambda w: sc.add_commitment(view(w).version, text="Join the pipeline review", department_id=2)),
    ("commitment target", lambda w: sc.edit_commitment(view(w).version, view(w).commitments[0].id, "target", "250")),
    ("commitment comparison", lambda w: sc.edit_commitment(view(w).version, view(w).commitments[0].id, "comparison",
                                                           "at most")),
    ("remove commitment", lambda w: sc.remove_commitment(view(w).version, view(w).commitments[0].id)),
]


@pytest.mark.parametrize(("name", "make"), SCORING_EDITS, ids=[e[0] for e in SCORING_EDITS])
def test_scoring_and_commitment_edits_undo_and_redo(ws: Workshop, name: str, make: Callable[[Workshop], Command]
                                                    ) -> None:
    test_apply_undo_redo(ws, name, make)


def test_a_sample_lead_scores_rule_by_rule_against_the_threshold(ws: Workshop) -> None:
    from app.sla import score

    v = view(ws)
    assert v.version.mql_threshold == 60 and len(v.rules) == 10
    by = {r.description: r for r in v.rules}
    demo, pricing, title = by["Requested a demo"], by["Visited the pricing page"], by[
        "The buyer decides or signs (head of a function, C-level)"]
    student, unsubscribed = by["A student or job seeker"], by["Unsubscribed from our e-mails"]
    exactly = score(v.rules, [demo.id, title.id, by["Opened three of our e-mails in a month"].id], 60)
    assert (exactly.total, exactly.qualifies) == (60, True)  # a lead at the threshold qualifies
    below = score(v.rules, [demo.id, pricing.id, student.id, unsubscribed.id], 60)
    assert below.total == 40 + 15 - 30 - 20 and not below.qualifies
    assert below.contributions == (("A student or job seeker", -30), ("Requested a demo", 40),
                                   ("Visited the pricing page", 15), ("Unsubscribed from our e-mails", -20))
    assert not score(v.rules, [demo.id], None).qualifies  # no threshold agreed: nothing qualifies
    with pytest.raises(ValidationError, match="Points are a whole number"):
        sc.add_rule(v.version, kind="attribute", description="x", points="lots")


def test_a_commitment_without_number_unit_or_period_is_flagged(ws: Workshop) -> None:
    v = view(ws)
    assert [c.side for c in v.commitments] == ["Marketing", "Sales", "Sales", "Sales", "Sales"]
    assert all(c.problem == "" for c in v.commitments)
    first = v.commitments[0]
    assert (first.comparison, first.target, first.unit, first.period) == ("at least", 200, "MQLs", "month")
    ws.apply(sc.add_commitment(v.version, text="Tell marketing what buyers ask", department_id=1))
    made = view(ws).commitments[-1]
    assert made.problem == "Not measurable yet: give it a number, a unit, a period."
    ws.apply(sc.edit_commitment(view(ws).version, made.id, "target", "10"))
    ws.apply(sc.edit_commitment(view(ws).version, made.id, "unit", "questions"))
    assert view(ws).commitments[-1].problem == "Not measurable yet: give it a period."
    ws.apply(sc.edit_commitment(view(ws).version, made.id, "period", "month"))
    assert view(ws).commitments[-1].problem == ""
    with pytest.raises(ValidationError, match="Comparison must be one of: at least, at most, within"):
        sc.edit_commitment(view(ws).version, made.id, "comparison", "roughly")


def test_score_decay_is_set_cleared_and_refused_when_half_given(ws: Workshop) -> None:
    ws.apply(sc.set_decay(view(ws).version, "-5", "30"))
    v = view(ws).version
    assert (v.decay_points, v.decay_days) == (5, 30)
    ws.apply(sc.set_decay(v, "", " "))
    assert (view(ws).version.decay_points, view(ws).version.decay_days) == (None, None)
    for points, days in (("5", ""), ("x", "30"), ("5", "400"), ("0", "30")):
        with pytest.raises(ValidationError):
            sc.set_decay(v, points, days)


def test_sections_are_added_moved_as_a_whole_and_a_moved_clause_ends_its_new_section(ws: Workshop) -> None:
    def order() -> list[str]:
        return list(dict.fromkeys(c.section for c in view(ws).clauses))

    template = order()
    ws.apply(sc.add_clause(view(ws).version, section="Data privacy", title="Consent"))
    assert order() == [*template, "Data privacy"] and view(ws).clauses[-1].title == "Consent"
    from app.sla import section_title

    assert section_title("Data privacy") == "Data privacy" and section_title("CRM hygiene") == "CRM hygiene"
    up = sc.move_section(view(ws).version, view(ws).clauses, "Data privacy", -1)
    assert_apply_undo_redo(ws, up, lambda _w: order(), "move section")
    ws.apply(up)
    assert order() == [*template[:-1], "Data privacy", template[-1]]
    with pytest.raises(ValidationError, match="already the first section"):
        sc.move_section(view(ws).version, view(ws).clauses, template[0], -1)
    first = view(ws).clauses[0]
    ws.apply(sc.edit_clause(view(ws).version, first.id, "section", "escalation"))
    assert order()[0] == template[0]  # the section it left stays first
    assert [c.title for c in view(ws).clauses if c.section == "escalation"][-1] == first.title
