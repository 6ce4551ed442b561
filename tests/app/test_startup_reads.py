"""The first window is drawn without SQLAlchemy's ORM: its reads run on Core tables, on a plain connection."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app import queries
from app.commands import actions, goals, opening, parking, setup
from app.expected_schema import EXPECTED
from app.workshop import Workshop
from models import all_metadata

ROOT = Path(__file__).resolve().parents[2]
# Setup's reads, and those of the other steps and panels whose reads need no mapped class: a workshop reopening
# on Shared goals or the Action plan paints without the ORM too, and so does the parking lot beside any step.
STARTUP_READS = [queries.workshop_info, queries.departments, queries.participants, queries.ground_rules,
                 queries.agenda, queries.goals, queries.default_goal_owners, queries.rivalries, queries.needs,
                 queries.parked, queries.action_count, queries.actions]


def test_core_tables_are_the_models_tables() -> None:
    tables = all_metadata().tables
    assert set(EXPECTED) == set(tables)
    for name in EXPECTED:
        core, mapped = queries.core_table(name), tables[name]
        # Everything but the moments (UTC date-times, read through the mapped classes only).
        wanted = [c.name for c in mapped.columns if type(c.type).__name__ != "UtcDateTime"]
        assert [c.name for c in core.columns] == wanted, name
        for col in core.columns:
            assert col.type.python_type is mapped.c[col.name].type.python_type, (name, col.name)


def _seeded(ws: Workshop) -> None:
    ws.apply(setup.edit_workshop("company", "Ünïcode & <Co>"))
    ws.apply(setup.edit_workshop("held_on", "2026-12-15"))
    ws.apply(setup.add_participant(name="Ana Lima", title="Head of Sales", department="Sales"))
    ws.apply(setup.add_participant(name="Bo Chen", department="Customer Success"))
    ws.apply(setup.add_ground_rule("Phones face down"))
    ws.apply(goals.add_goal(statement="Grow the pipeline", metric="SQLs", unit="%", baseline="10", target="12,5",
                            deadline="2027-03-31", owner_ids=[1]))
    ws.apply(opening.add_rivalry(statement="Leads are junk", held_by_id=1, about_id=2, severity=4))
    ws.apply(opening.add_need(text="Budget filled in", from_id=1, to_id=2))
    ws.apply(parking.park(text="Pricing page?", step="setup", raised_by_id=1))
    ws.apply(actions.add_action(title="Weekly lead review", owner_id=1, team_id=1, due_on="2027-01-15", goal_id=1,
                                rivalry_id=1))


def test_workshop_query_hands_a_core_read_a_connection(ws: Workshop) -> None:
    _seeded(ws)
    seen: list[object] = []

    @queries.core_read
    def probe(conn: Connection) -> int:
        seen.append(conn)
        return 1

    ws.query(probe)
    ws.query(lambda s: seen.append(s))
    assert isinstance(seen[0], Connection) and not isinstance(seen[0], Session)
    assert isinstance(seen[1], Session)


@pytest.mark.parametrize("read", STARTUP_READS, ids=lambda f: f.__name__)
def test_each_startup_read_is_core_and_reads_the_same_through_a_session(ws: Workshop, read) -> None:
    _seeded(ws)
    assert getattr(read, "core_read", False), f"{read.__name__} would load the ORM before the first paint"
    on_connection = ws.query(read)
    with Session(ws.engine) as session:
        assert read(session) == on_connection


def test_startup_reads_give_typed_values(ws: Workshop) -> None:
    _seeded(ws)
    info = ws.query(queries.workshop_info)
    assert info.company == "Ünïcode & <Co>" and info.held_on == dt.date(2026, 12, 15)
    people = ws.query(queries.participants)
    assert [(p.name, p.department, p.is_signatory) for p in people] == [
        ("Ana Lima", "Sales", False), ("Bo Chen", "Customer Success", False)]
    assert [d.name for d in ws.query(queries.departments)] == ["Sales", "Marketing", "Customer Success"]
    assert ws.query(queries.ground_rules)[-1].text == "Phones face down"
    assert ws.query(queries.agenda)[0].step == "setup"
    plan = ws.query(queries.actions)
    assert [(a.title, a.owner, a.team, a.due_on, a.goal, a.rivalry) for a in plan] == [
        ("Weekly lead review", "Ana Lima", "Sales", dt.date(2027, 1, 15), "Grow the pipeline", "Leads are junk")]
    assert ws.query(queries.rivalries)[0].actions == 1 and ws.query(queries.parked)[0].raised_by == "Ana Lima"
    goal = ws.query(queries.goals)[0]
    assert (goal.baseline, goal.target, goal.deadline, goal.owners) == (10.0, 12.5, dt.date(2027, 3, 31), "Sales")


PROBE = """
import os, sys
os.environ["COMMONGROUND_EXIT_AFTER_PAINT"] = "1"
import app.gui as gui
from PySide6.QtCore import QEvent
shown = gui._FirstPaint.eventFilter
def at_paint(self, watched, event):
    if event.type() == QEvent.Type.Paint:
        print("orm:", "sqlalchemy.orm" in sys.modules, sorted(m for m in sys.modules if m.startswith("models.")))
    return shown(self, watched, event)
gui._FirstPaint.eventFilter = at_paint
sys.exit(gui.run(None))
"""


def test_the_first_window_paints_before_the_orm_loads(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMMONGROUND_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    line = next((x for x in out.stdout.splitlines() if x.startswith("orm:")), None)
    assert line == "orm: False ['models.areas', 'models.values']", out.stdout + out.stderr
