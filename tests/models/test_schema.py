"""The domain model covers the whole kickoff, and knows no Qt."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from models import all_metadata

ROOT = Path(__file__).resolve().parents[2]


def test_every_area_of_the_design_has_its_table() -> None:
    tables = set(all_metadata().tables)
    for name in ("workshop", "department", "participant", "ground_rule", "agenda_item", "rivalry", "need",
                 "challenge", "theme", "vote", "goal", "goal_owner", "persona", "persona_owner", "activity",
                 "raci_assignment", "meeting", "sla_version", "sla_clause", "funnel_stage", "scoring_rule",
                 "commitment", "signature", "parking_lot_item", "action", "review", "kpi_reading",
                 "commitment_reading", "action_review", "audit_event"):
        assert name in tables, name


def test_every_constraint_is_named() -> None:
    for table in all_metadata().sorted_tables:
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"


def test_domain_and_services_import_without_qt() -> None:
    code = ("import sys; sys.modules['PySide6'] = None\n"
            "import models, app.opening, app.workshop, app.queries, app.commands.goals, app.commands.actions\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_open_path_does_not_import_alembic_or_exporters() -> None:
    code = ("import sys, tempfile, pathlib\n"
            "from app.opening import create_workshop, open_workshop\n"
            "from app.backups import BackupStore\n"
            "d = pathlib.Path(tempfile.mkdtemp())\n"
            "create_workshop(d / 'a.cgw').close()\n"
            "open_workshop(d / 'a.cgw', backups=BackupStore(d / 'b')).close()\n"
            "print(sorted(m for m in ('alembic', 'openpyxl', 'reportlab') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "[]", out.stderr


def test_every_table_declares_its_area() -> None:
    from models import Area, all_metadata

    for table in all_metadata().sorted_tables:
        area = table.info.get("area")
        assert isinstance(area, Area) and area != Area.NONE, f"table {table.name} has no area"


def test_the_layout_checked_at_open_is_the_models() -> None:
    from pathlib import Path

    import app.expected_schema as expected

    assert expected.EXPECTED == expected.from_models(), "run: python -m app.expected_schema > app/expected_schema.py"
    assert expected.source() == Path(expected.__file__).read_text(encoding="utf-8")


def test_moments_are_stored_in_utc_and_a_moment_without_a_zone_is_refused(tmp_path) -> None:
    import datetime as dt

    import pytest
    from sqlalchemy import select
    from sqlalchemy.exc import StatementError
    from sqlalchemy.orm import Session

    from app.opening import create_workshop
    from models.audit import AuditEvent

    w = create_workshop(tmp_path / "k.cgw")
    try:
        paris = dt.timezone(dt.timedelta(hours=1))
        signed = dt.datetime(2026, 11, 25, 15, 30, tzinfo=paris)
        with Session(w.engine) as s, s.begin():
            s.add(AuditEvent(kind="signed", at=signed, event_hash="h1"))
        with Session(w.engine) as s:
            at = s.scalar(select(AuditEvent.at))
            raw = s.connection().exec_driver_sql("SELECT at FROM audit_event").scalar()
        assert at == signed and at.tzinfo == dt.UTC and at.hour == 14
        assert str(raw).startswith("2026-11-25 14:30:00")
        with pytest.raises(StatementError, match="time zone"), Session(w.engine) as s, s.begin():
            s.add(AuditEvent(kind="signed", at=dt.datetime(2026, 11, 25, 15, 30), event_hash="h2"))
    finally:
        w.close()
