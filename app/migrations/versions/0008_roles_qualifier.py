"""roles the room defines, the qualifier question, and the usual activities

Revision ID: 0008_roles_qualifier
Revises: 0007_personas_profile
Create Date: 2026-12-01 21:00:00

A role (lead qualifier, campaign owner...) belongs to a department and may be held by a participant. The workshop
records which department qualifies leads and why. A file without activities gets the kickoff's usual ones.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_roles_qualifier"
down_revision = "0007_personas_profile"
branch_labels = None
depends_on = None

ACTIVITIES = ("First contact with a lead", "Lead qualification", "Lead scoring", "Nurturing", "Sales content",
              "Campaign development", "Follow-up", "Reporting")


def upgrade() -> None:
    op.create_table(
        "role",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("holder_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"], name="fk_role_department_id_department",
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["holder_id"], ["participant.id"], name="fk_role_holder_id_participant",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_role"),
    )
    op.create_index("ix_role_department_id", "role", ["department_id"])
    op.create_index("ix_role_holder_id", "role", ["holder_id"])
    op.create_index("ix_role_position", "role", ["position"])
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("qualifier_department_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("qualifier_reason", sa.Text(), nullable=False, server_default=""))
        batch.create_foreign_key("fk_workshop_qualifier_department_id_department", "department",
                                 ["qualifier_department_id"], ["id"], ondelete="SET NULL")
    op.create_index("ix_workshop_qualifier_department_id", "workshop", ["qualifier_department_id"])
    activity = sa.table("activity", sa.column("name", sa.String), sa.column("description", sa.Text),
                        sa.column("position", sa.Integer))
    if not op.get_bind().execute(sa.text("SELECT count(*) FROM activity")).scalar():
        op.bulk_insert(activity, [{"name": n, "description": "", "position": i} for i, n in enumerate(ACTIVITIES)])


def downgrade() -> None:
    op.drop_index("ix_workshop_qualifier_department_id", table_name="workshop")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_constraint("fk_workshop_qualifier_department_id_department", type_="foreignkey")
        batch.drop_column("qualifier_reason")
        batch.drop_column("qualifier_department_id")
    op.drop_table("role")
