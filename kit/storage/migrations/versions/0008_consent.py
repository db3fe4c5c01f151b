"""Consent to data processing (UU PDP No. 27/2022, issue 14).

One row per consent event of a participant: given or withdrawn, when, by whom and where (roster
import, registration at the door, check-in, a later withdrawal). The current consent of a person is
their latest event; a person without any event has not consented.

Revision ID: 0008_consent
Revises: 0007_session_day
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_consent"
down_revision = "0007_session_day"


def upgrade() -> None:
    """Create ``kit_consent``, the log of consent events."""
    op.create_table(
        "kit_consent",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("given", sa.Boolean, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("context", sa.String(16), nullable=False),
        sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id")),
    )
    op.create_index("ix_kit_consent_participant_id", "kit_consent", ["participant_id"])


def downgrade() -> None:
    """Drop ``kit_consent``."""
    op.drop_index("ix_kit_consent_participant_id", table_name="kit_consent")
    op.drop_table("kit_consent")
