"""Puskom Kreatif classes (issue 15, chapter VI §6.4).

One row per scheduled class (kind from the framework's class kinds, centre or place, district
and its Kemendagri code, day, starting time) and one row per participant enrolled, with the time
their attendance was recorded.

Revision ID: 0012_puskom_classes
Revises: 0011_ballot
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_puskom_classes"
down_revision = "0011_ballot"


def upgrade() -> None:
    """Create ``kit_puskom_class`` and ``kit_puskom_enrolment``."""
    op.create_table(
        "kit_puskom_class",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("district", sa.Text, nullable=False),
        sa.Column("district_code", sa.String(8)),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("starts_at", sa.String(5), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kit_puskom_enrolment",
        sa.Column("class_id", sa.String(32), sa.ForeignKey("kit_puskom_class.id"),
                  primary_key=True),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  primary_key=True),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attended_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_table("kit_puskom_enrolment")
    op.drop_table("kit_puskom_class")
