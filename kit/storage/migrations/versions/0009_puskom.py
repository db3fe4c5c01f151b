"""Puskom Kreatif readiness assessments (issue 15, chapter VI).

One row per assessment of a place that may become a Pusat Komunitas Kreatif (name, district and
its Kemendagri code, day, assessor), and one row per readiness criterion with the answer (yes, no
or not answered) and a note.

Revision ID: 0009_puskom
Revises: 0008_consent
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_puskom"
down_revision = "0008_consent"


def upgrade() -> None:
    """Create ``kit_puskom_assessment`` and ``kit_puskom_answer``."""
    op.create_table(
        "kit_puskom_assessment",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("centre_name", sa.Text, nullable=False),
        sa.Column("district", sa.Text, nullable=False),
        sa.Column("district_code", sa.String(8)),
        sa.Column("assessed_on", sa.Date, nullable=False),
        sa.Column("assessed_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kit_puskom_answer",
        sa.Column("assessment_id", sa.String(32), sa.ForeignKey("kit_puskom_assessment.id"),
                  primary_key=True),
        sa.Column("criterion_id", sa.String(64), primary_key=True),
        sa.Column("answer", sa.Boolean),
        sa.Column("note", sa.Text),
    )


def downgrade() -> None:
    """Drop the two tables."""
    op.drop_table("kit_puskom_answer")
    op.drop_table("kit_puskom_assessment")
