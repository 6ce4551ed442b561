"""A test-only Alembic revision on top of the shipped ones, to prove the migration path end to end."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from app import queries
from app.commands import goals, setup
from app.opening import create_workshop
from app.schema import MIGRATIONS_DIR, REVISIONS, SchemaInfo

TEST_REVISION = "0099_test"

REVISION_TEMPLATE = '''\
"""test revision

Revision ID: 0099_test
Revises: {down}
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0099_test"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    raise NotImplementedError
'''

GOOD_UPGRADE = """\
with op.batch_alter_table("goal") as b:
    b.add_column(sa.Column("test_note", sa.Text(), nullable=True))
op.execute("UPDATE goal SET test_note = 'migrated'")
"""

FAILING_UPGRADE = """\
with op.batch_alter_table("goal") as b:
    b.add_column(sa.Column("test_note", sa.Text(), nullable=True))
op.create_table("test_extra", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("note", sa.Text()))
op.execute("INSERT INTO test_extra (note) VALUES ('half-done')")
op.execute("UPDATE goal SET test_note = 'half-done'")
raise RuntimeError("boom")
"""


def schema_with_revision(tmp_path: Path, body: str) -> SchemaInfo:
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_test.py").write_text(
        REVISION_TEMPLATE.format(body=textwrap.indent(body, "    "), down=REVISIONS[-1]), encoding="utf-8")
    return SchemaInfo(revisions=(*REVISIONS, TEST_REVISION), script_location=scripts)


def old_workshop(path: Path) -> Path:
    """A workshop at this build's head (so older than a test schema), with a participant and a goal."""
    w = create_workshop(path)
    try:
        w.apply(setup.add_participant(name="Dana", title="VP Sales", department="Sales"))
        w.apply(goals.add_goal(statement="More accepted leads", owner_ids=w.query(queries.default_goal_owners)))
    finally:
        w.close()
    return path


