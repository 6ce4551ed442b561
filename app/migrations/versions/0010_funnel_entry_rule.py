"""a funnel stage's entry rule

Revision ID: 0010_funnel_entry_rule
Revises: 0009_meetings_rota
Create Date: 2026-12-01 21:25:00

What moves a lead into a shared funnel stage, beside the stage's definition.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_funnel_entry_rule"
down_revision = "0009_meetings_rota"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("funnel_stage") as batch:
        batch.add_column(sa.Column("entry_rule", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("funnel_stage") as batch:
        batch.drop_column("entry_rule")
