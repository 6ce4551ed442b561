"""dot voting on themes, dots per person, time used per step

Revision ID: 0006_votes_dots_used_time
Revises: 0005_parking_outcome
Create Date: 2026-12-01 20:15:00

A vote goes on a challenge or on a theme (exactly one of them); the workshop says how many dots each participant
may place; each agenda item keeps the seconds the room spent on it with its countdown running.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_votes_dots_used_time"
down_revision = "0005_parking_outcome"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("dots_per_person", sa.Integer(), nullable=False, server_default="3"))
        batch.create_check_constraint("dots_per_person", "dots_per_person BETWEEN 1 AND 99")
    with op.batch_alter_table("agenda_item") as batch:
        batch.add_column(sa.Column("used_seconds", sa.Integer(), nullable=False, server_default="0"))
        batch.create_check_constraint("used_seconds", "used_seconds >= 0")
    with op.batch_alter_table("vote") as batch:
        batch.alter_column("challenge_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("theme_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_vote_theme_id_theme", "theme", ["theme_id"], ["id"], ondelete="CASCADE")
        batch.create_unique_constraint("one_per_person_on_theme", ["theme_id", "participant_id"])
        batch.create_check_constraint("one_target", "(challenge_id IS NULL) <> (theme_id IS NULL)")


def downgrade() -> None:
    op.execute("DELETE FROM vote WHERE challenge_id IS NULL")
    with op.batch_alter_table("vote") as batch:
        batch.drop_constraint("ck_vote_one_target", type_="check")
        batch.drop_constraint("one_per_person_on_theme", type_="unique")
        batch.drop_constraint("fk_vote_theme_id_theme", type_="foreignkey")
        batch.drop_column("theme_id")
        batch.alter_column("challenge_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_constraint("ck_agenda_item_used_seconds", type_="check")
        batch.drop_column("used_seconds")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_constraint("ck_workshop_dots_per_person", type_="check")
        batch.drop_column("dots_per_person")
