"""Initial kit tables: participants, sessions, attendance, scores, evidence, submission imports.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    """Create the kit's first tables."""
    op.create_table(
        "kit_participant",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("business_name", sa.Text),
        sa.Column("sector", sa.Text),
        sa.Column("phone", sa.String(32)),
        sa.Column("village", sa.Text),
        sa.Column("subdistrict", sa.Text),
        sa.Column("district", sa.Text, nullable=False),
        sa.Column("gender", sa.String(16)),
        sa.Column("age_group", sa.String(16)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_kit_participant_phone", "kit_participant", ["phone"])
    op.create_table(
        "kit_session",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("activity_id", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("venue", sa.Text),
        sa.Column("district", sa.Text),
        sa.Column("facilitator", sa.Text),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kit_attendance",
        sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"),
                  primary_key=True),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  primary_key=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kit_score",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("activity_id", sa.String(32), nullable=False),
        sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id")),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("recorded_by", sa.Text),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("details", sa.JSON),
        sa.CheckConstraint("level IN (0, 1, 2)", name="ck_kit_score_level_range"),
        sa.CheckConstraint("source IN ('observation', 'autograde', 'override')",
                           name="ck_kit_score_source_kind"),
    )
    op.create_index("ix_kit_score_participant_item", "kit_score",
                    ["participant_id", "item_id", "id"])
    op.create_table(
        "kit_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kit_submission_import",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("activity_id", sa.String(32), nullable=False),
        sa.Column("filename", sa.Text),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
