"""Submission origin: the workspace's id and signing key; submission files held for confirmation.

Revision ID: 0004_submission_origin
Revises: 0003_classroom
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_submission_origin"
down_revision = "0003_classroom"

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create ``kit_workspace_origin`` (one row) and ``kit_submission_pending``."""
    op.create_table(
        "kit_workspace_origin",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.String(64), nullable=False),
        sa.Column("signing_key", sa.String(128), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.CheckConstraint("id = 1", name="single_row"),
    )
    op.create_table(
        "kit_submission_pending",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("filename", sa.Text),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("file_participant_id", sa.String(32), nullable=False),
        sa.Column("activity_id", sa.String(32), nullable=False),
        sa.Column("origin_workspace", sa.String(64)),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("matched_participant_id", sa.String(32),
                  sa.ForeignKey("kit_participant.id")),
        sa.Column("held_at", _TS, nullable=False),
        sa.Column("held_by", sa.Text),
        sa.Column("confirmed_at", _TS),
        sa.Column("confirmed_by", sa.Text),
        sa.Column("confirmed_participant_id", sa.String(32)),
    )


def downgrade() -> None:
    """Drop the submission-origin tables."""
    op.drop_table("kit_submission_pending")
    op.drop_table("kit_workspace_origin")
