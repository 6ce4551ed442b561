"""who acknowledged a need

Revision ID: 0004_need_acknowledged_by
Revises: 0003_action_sources
Create Date: 2026-11-25 21:30:00

The participant on the other side who acknowledged a want or need; set to NULL when that participant is removed.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_need_acknowledged_by"
down_revision = "0003_action_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("need") as batch:
        batch.add_column(sa.Column("acknowledged_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_need_acknowledged_by_id_participant", "participant", ["acknowledged_by_id"],
                                 ["id"], ondelete="SET NULL")
    op.create_index("ix_need_acknowledged_by_id", "need", ["acknowledged_by_id"])


def downgrade() -> None:
    op.drop_index("ix_need_acknowledged_by_id", table_name="need")
    with op.batch_alter_table("need") as batch:
        batch.drop_constraint("fk_need_acknowledged_by_id_participant", type_="foreignkey")
        batch.drop_column("acknowledged_by_id")
