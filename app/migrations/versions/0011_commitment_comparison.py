"""how a commitment's target is read

Revision ID: 0011_commitment_comparison
Revises: 0010_funnel_entry_rule
Create Date: 2026-12-01 21:30:00

A commitment's target is at least, at most or within its number (200 MQLs at least; contact within 24 hours).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_commitment_comparison"
down_revision = "0010_funnel_entry_rule"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitment") as batch:
        batch.add_column(sa.Column("comparison", sa.String(length=12), nullable=False, server_default="at least"))
        batch.create_check_constraint("comparison", "comparison IN ('at least', 'at most', 'within')")


def downgrade() -> None:
    with op.batch_alter_table("commitment") as batch:
        batch.drop_constraint("ck_commitment_comparison", type_="check")
        batch.drop_column("comparison")
