"""The SLA's content hash: stable across a reopen and across anything that is not content, changed by any edit
of content (a property over random edits), and the same for the same agreement in another file."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import queries
from app.backups import BackupStore
from app.commands import setup
from app.commands import sla as sc
from app.opening import create_workshop, open_workshop
from app.sla import shipped
from app.sla_hash import FORMAT, canonical, content_hash, short


def _start(path: Path) -> object:
    w = create_workshop(path)
    departments = {d.name: d.id for d in w.query(queries.departments)}
    w.apply(sc.start_from_template(shipped(), departments, today=dt.date(2027, 1, 4)))
    return w


def test_the_hash_survives_a_reopen_and_is_the_same_in_another_file(tmp_path: Path) -> None:
    w = _start(tmp_path / "a.cgw")
    first = content_hash(w.query(queries.sla))
    w.apply(setup.add_participant(name="Zoë", department="Product"))  # not content of the agreement
    assert content_hash(w.query(queries.sla)) == first
    path = w.path
    w.close()
    again = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    assert content_hash(again.query(queries.sla)) == first
    again.close()
    other = _start(tmp_path / "b.cgw")
    assert content_hash(other.query(queries.sla)) == first  # ids differ, the agreement does not
    other.close()


def test_the_serialisation_is_the_documented_one(tmp_path: Path) -> None:
    w = _start(tmp_path / "a.cgw")
    view = w.query(queries.sla)
    data = json.loads(canonical(view))
    assert data["format"] == FORMAT and data["mql_threshold"] == 60 and data["review_on"] == "2027-04-05"
    assert data["commitments"][0] == {"side": "Marketing", "text": "Deliver MQLs, each with its source and score",
                                      "metric": "MQLs delivered", "comparison": "at least", "target": "200.0",
                                      "unit": "MQLs", "period": "month", "owner": ""}
    assert b" " not in canonical(view).split(b'"')[0] and len(content_hash(view)) == 64
    assert len(short(content_hash(view))) == 19
    w.close()


EDIT_KINDS = st.sampled_from(["clause body", "clause title", "stage definition", "stage owner", "rule points",
                              "threshold", "commitment target", "commitment unit", "move clause", "add clause",
                              "score decay"])


# Letters, digits and punctuation of any script: text the edit commands store as typed (control characters and
# surrounding spaces are dropped by them, so such an "edit" would change nothing).
VISIBLE = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "P", "S")), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=EDIT_KINDS, text=VISIBLE)
def test_any_edit_of_content_changes_the_hash_and_undo_restores_it(tmp_path_factory, kind: str, text: str) -> None:
    w = _start(tmp_path_factory.mktemp("h") / "k.cgw")
    view = w.query(queries.sla)
    before = content_hash(view)
    v = view.version
    command = {
        "clause body": lambda: sc.edit_clause(v, view.clauses[0].id, "body", view.clauses[0].body + text),
        "clause title": lambda: sc.edit_clause(v, view.clauses[1].id, "title", "T " + text),
        "stage definition": lambda: sc.edit_stage(v, view.stages[0].id, "definition", text + "."),
        "stage owner": lambda: sc.edit_stage(v, view.stages[0].id, "owner_id", None),
        "rule points": lambda: sc.edit_rule(v, view.rules[0].id, "points", view.rules[0].points + len(text)),
        "threshold": lambda: sc.set_threshold(v, 60 + len(text)),
        "commitment target": lambda: sc.edit_commitment(v, view.commitments[0].id, "target", 200 + len(text)),
        "commitment unit": lambda: sc.edit_commitment(v, view.commitments[0].id, "unit", "u " + text),
        "move clause": lambda: sc.reorder_clauses(v, [view.clauses[1].id, view.clauses[0].id]),
        "add clause": lambda: sc.add_clause(v, section="escalation", title="X " + text),
        "score decay": lambda: sc.set_decay(v, len(text), 30),
    }[kind]()
    w.apply(command)
    assert content_hash(w.query(queries.sla)) != before
    w.revert(command)
    assert content_hash(w.query(queries.sla)) == before
    w.close()
