"""where an action came from: rivalry, need, theme or parked point

Revision ID: 0003_action_sources
Revises: 0002_indexes
Create Date: 2026-11-25 21:25:00

Four optional links on action, each set to NULL when its source is deleted, each indexed. SQLite cannot add a
foreign key to a table in place, so Alembic's batch mode rebuilds the action table once, data and all.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_action_sources"
down_revision = "0002_indexes"
branch_labels = None
depends_on = None

SOURCES = (("rivalry_id", "rivalry"), ("need_id", "need"), ("theme_id", "theme"), ("parking_id", "parking_lot_item"))


def upgrade() -> None:
    with op.batch_alter_table("action") as batch:
        for column, table in SOURCES:
            batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch.create_foreign_key(f"fk_action_{column}_{table}", table, [column], ["id"], ondelete="SET NULL")
    for column, _table in SOURCES:
        op.create_index(f"ix_action_{column}", "action", [column])


def downgrade() -> None:
    for column, _table in SOURCES:
        op.drop_index(f"ix_action_{column}", table_name="action")
    with op.batch_alter_table("action") as batch:
        for column, table in reversed(SOURCES):
            batch.drop_constraint(f"fk_action_{column}_{table}", type_="foreignkey")
            batch.drop_column(column)
