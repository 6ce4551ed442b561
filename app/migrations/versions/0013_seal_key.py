"""seal key: the workshop's own key pair and self-signed certificate, which seal its signed SLA PDFs

Revision ID: 0013_seal_key
Revises: 0012_signoff
Create Date: 2026-12-02 10:00:00

Made at the first sign-off (app.seal.ensure_seal_key). A file signed before this revision has none until its next
sign-off; its PDFs export unsealed, with a warning.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_seal_key"
down_revision = "0012_signoff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seal_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("certificate", sa.LargeBinary(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_seal_key_one_key")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seal_key")),
    )


def downgrade() -> None:
    op.drop_table("seal_key")
