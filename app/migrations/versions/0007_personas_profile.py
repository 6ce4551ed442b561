"""the buyer's company in parts, and the workshop's target market

Revision ID: 0007_personas_profile
Revises: 0006_votes_dots_used_time
Create Date: 2026-12-01 20:45:00

A persona's company profile gains industry, size band and region; the workshop states its target market.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_personas_profile"
down_revision = "0006_votes_dots_used_time"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("persona") as batch:
        batch.add_column(sa.Column("industry", sa.String(length=120), nullable=False, server_default=""))
        batch.add_column(sa.Column("size_band", sa.String(length=60), nullable=False, server_default=""))
        batch.add_column(sa.Column("region", sa.String(length=120), nullable=False, server_default=""))
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("target_market", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("target_market")
    with op.batch_alter_table("persona") as batch:
        batch.drop_column("region")
        batch.drop_column("size_band")
        batch.drop_column("industry")
