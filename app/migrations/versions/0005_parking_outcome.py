"""what became of a parked point

Revision ID: 0005_parking_outcome
Revises: 0004_need_acknowledged_by
Create Date: 2026-11-25 21:45:00

A parked point is open, resolved in the room, turned into an action, or carried to the next quarterly review.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_parking_outcome"
down_revision = "0004_need_acknowledged_by"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("parking_lot_item") as batch:
        batch.add_column(sa.Column("outcome", sa.String(length=12), nullable=False, server_default="open"))
        batch.create_check_constraint("outcome", "outcome IN ('open', 'resolved', 'action', 'carried')")
    op.execute("UPDATE parking_lot_item SET outcome = 'resolved' WHERE resolved")


def downgrade() -> None:
    with op.batch_alter_table("parking_lot_item") as batch:
        batch.drop_constraint("ck_parking_lot_item_outcome", type_="check")
        batch.drop_column("outcome")
