"""The comparison of two SLA versions: what was added, removed and changed, item by item."""
from __future__ import annotations

import dataclasses
import datetime as dt

from app.queries import ClauseRow, CommitmentRow, ScoringRow, SlaView, StageRow, VersionRow
from app.sla_diff import Change, compare

V1 = VersionRow(1, 1, "signed", dt.date(2027, 4, 5), 60)
STAGE = StageRow(1, "MQL", "Scored", "Score reaches 60", None, "")
CLAUSE = ClauseRow(1, "escalation", "First", "Team leads talk")
RULE = ScoringRow(1, "behaviour", "Requested a demo", 40)
PROMISE = CommitmentRow(1, 2, "Sales", "First contact", "Hours", "within", 24.0, "hours", "MQL", None, "")
OLD = SlaView(V1, (STAGE,), (CLAUSE,), (RULE,), (PROMISE,))


def changed(**parts: object) -> SlaView:
    return dataclasses.replace(OLD, **parts)


def test_the_same_agreement_has_no_changes() -> None:
    assert compare(OLD, OLD) == []


def test_a_changed_field_is_named_with_before_and_after() -> None:
    new = changed(commitments=(dataclasses.replace(PROMISE, target=12.0, owner="Dana"),))
    assert compare(OLD, new) == [Change("changed", "Commitment", "Sales: First contact",
                                        (("target", "24", "12"), ("owner", "", "Dana")))]
    new = changed(rules=(dataclasses.replace(RULE, points=-5),))
    assert compare(OLD, new) == [Change("changed", "Scoring rule", "Requested a demo", (("points", "+40", "-5"),))]


def test_a_renamed_item_is_one_change_and_a_different_one_is_removed_and_added() -> None:
    renamed = changed(stages=(dataclasses.replace(STAGE, name="Marketing qualified lead"),))
    assert compare(OLD, renamed) == [Change("changed", "Funnel stage", "Marketing qualified lead",
                                            (("stage", "MQL", "Marketing qualified lead"),))]
    other = changed(clauses=(ClauseRow(2, "escalation", "Then", "Heads meet"),))
    assert compare(OLD, other) == [Change("removed", "Clause", "Escalation: First"),
                                   Change("added", "Clause", "Escalation: Then")]


def test_added_and_removed_items_and_the_agreements_own_terms() -> None:
    extra = ScoringRow(2, "attribute", "Works for a competitor", -50)
    new = changed(version=dataclasses.replace(V1, mql_threshold=70, review_on=dt.date(2027, 7, 1), decay_points=5,
                                              decay_days=30),
                  rules=(RULE, extra), commitments=())
    assert compare(OLD, new) == [
        Change("changed", "Agreement", "MQL threshold", (("MQL threshold", "60", "70"),)),
        Change("changed", "Agreement", "review date", (("review date", "2027-04-05", "2027-07-01"),)),
        Change("changed", "Agreement", "score decay", (("score decay", "none", "-5 every 30 days"),)),
        Change("added", "Scoring rule", "Works for a competitor"),
        Change("removed", "Commitment", "Sales: First contact"),
    ]


def test_fractions_empty_dates_and_both_sides_read_plainly() -> None:
    both = dataclasses.replace(PROMISE, side="", department_id=None)
    old = changed(version=dataclasses.replace(V1, review_on=None), commitments=(both,))
    new = changed(commitments=(dataclasses.replace(both, target=12.5),))
    assert compare(old, new) == [
        Change("changed", "Agreement", "review date", (("review date", "", "2027-04-05"),)),
        Change("changed", "Commitment", "Both sides: First contact", (("target", "24", "12.5"),)),
    ]
