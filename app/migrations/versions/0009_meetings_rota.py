"""meeting attendees, the rota of visits to the other team's meetings, and absences

Revision ID: 0009_meetings_rota
Revises: 0008_roles_qualifier
Create Date: 2026-12-01 21:10:00

Who attends each recurring meeting; for each occurrence in the rota's weeks, who from the other side attends;
the weeks a participant is away; and the rota's first Monday and length on the workshop.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_meetings_rota"
down_revision = "0008_roles_qualifier"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_attendee",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name="fk_meeting_attendee_meeting_id_meeting",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"],
                                name="fk_meeting_attendee_participant_id_participant", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "participant_id", name="pk_meeting_attendee"),
    )
    op.create_index("ix_meeting_attendee_participant_id", "meeting_attendee", ["participant_id"])
    op.create_table(
        "rota_turn",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name="fk_rota_turn_meeting_id_meeting",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], name="fk_rota_turn_participant_id_participant",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_rota_turn"),
        sa.UniqueConstraint("meeting_id", "week", name="one_guest_a_week"),
    )
    op.create_index("ix_rota_turn_participant_id", "rota_turn", ["participant_id"])
    op.create_table(
        "absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], name="fk_absence_participant_id_participant",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_absence"),
        sa.UniqueConstraint("participant_id", "week", name="away_once_a_week"),
    )
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("rota_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("rota_weeks", sa.Integer(), nullable=False, server_default="8"))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("rota_weeks")
        batch.drop_column("rota_start")
    op.drop_table("absence")
    op.drop_table("rota_turn")
    op.drop_table("meeting_attendee")
