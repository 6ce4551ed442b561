"""sign-off: the date written on a signature, score decay, and the anchor of the audit chain

Revision ID: 0012_signoff
Revises: 0011_commitment_comparison
Create Date: 2026-12-01 23:20:00

A signature keeps the moment it was made (signed_at) and the date the signatory writes beside it (signed_on).
A version may let a lead's score decay with inactivity. The workshop keeps the hash and count of the last audit
event, so deleting the newest events is detected as surely as editing one in the middle.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_signoff"
down_revision = "0011_commitment_comparison"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signature") as batch:
        batch.add_column(sa.Column("signed_on", sa.Date(), nullable=True))
    with op.batch_alter_table("sla_version") as batch:
        batch.add_column(sa.Column("decay_points", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("decay_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("audit_head", sa.String(length=64), nullable=False, server_default=""))
        batch.add_column(sa.Column("audit_count", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("audit_count")
        batch.drop_column("audit_head")
    with op.batch_alter_table("sla_version") as batch:
        batch.drop_column("decay_days")
        batch.drop_column("decay_points")
    with op.batch_alter_table("signature") as batch:
        batch.drop_column("signed_on")
