"""The facilitator's day (issue 13): who runs a session and what happens in it.

The session's committee and notes, its rundown as planned and as run, the random questions drawn,
the room's questions, help requests and the reaction survey.

Revision ID: 0007_session_day
Revises: 0006_session_admission
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_session_day"
down_revision = "0006_session_admission"

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the session's people and notes, the participant's type, and six tables of the day."""
    with op.batch_alter_table("kit_session") as batch:
        batch.add_column(sa.Column("committee", sa.JSON))
        batch.add_column(sa.Column("support_team", sa.JSON))
        batch.add_column(sa.Column("head_of_office", sa.Text))
        batch.add_column(sa.Column("notes", sa.Text))
        batch.add_column(sa.Column("closed_at", _TS))
    with op.batch_alter_table("kit_participant") as batch:
        batch.add_column(sa.Column("participant_type", sa.String(24)))
    op.create_table(
        "kit_session_segment",
        sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("segment_id", sa.String(64), nullable=False),
        sa.Column("planned_start", sa.String(5), nullable=False),
        sa.Column("planned_minutes", sa.Integer, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("started_at", _TS),
        sa.Column("ended_at", _TS),
        sa.PrimaryKeyConstraint("session_id", "position", name="pk_kit_session_segment"),
    )
    op.create_table(
        "kit_random_draw",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"), nullable=False),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("drawn_at", _TS, nullable=False),
        sa.Column("level", sa.Integer),
        sa.Column("answered_at", _TS),
    )
    op.create_table(
        "kit_room_question",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id")),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("activity_id", sa.String(32), nullable=False),
        sa.Column("place", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("asked_at", _TS, nullable=False),
        sa.Column("answered_at", _TS),
        sa.Column("answered_by", sa.Text),
    )
    op.create_table(
        "kit_help_request",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id")),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("activity_id", sa.String(32), nullable=False),
        sa.Column("place", sa.Text),
        sa.Column("requested_at", _TS, nullable=False),
        sa.Column("resolved_at", _TS),
        sa.Column("resolved_by", sa.Text),
    )
    op.create_table(
        "kit_survey_answer",
        sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"), nullable=False),
        sa.Column("respondent", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("answered_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("session_id", "respondent", "question_id",
                                name="pk_kit_survey_answer"),
    )


def downgrade() -> None:
    """Drop the six tables and the added columns again."""
    for table in ("kit_survey_answer", "kit_help_request", "kit_room_question", "kit_random_draw",
                  "kit_session_segment"):
        op.drop_table(table)
    with op.batch_alter_table("kit_participant") as batch:
        batch.drop_column("participant_type")
    with op.batch_alter_table("kit_session") as batch:
        for column in ("closed_at", "notes", "head_of_office", "support_team", "committee"):
            batch.drop_column(column)
