"""Sessions: planned size and room capacity; a facilitator's reason for admitting someone.

Revision ID: 0006_session_admission
Revises: 0005_places
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_session_admission"
down_revision = "0005_places"


def upgrade() -> None:
    """Add ``kit_session.target_size``/``room_capacity`` and ``kit_attendance.admit_reason``."""
    with op.batch_alter_table("kit_session") as batch:
        batch.add_column(sa.Column("target_size", sa.Integer))
        batch.add_column(sa.Column("room_capacity", sa.Integer))
    with op.batch_alter_table("kit_attendance") as batch:
        batch.add_column(sa.Column("admit_reason", sa.Text))


def downgrade() -> None:
    """Drop the three columns again."""
    with op.batch_alter_table("kit_attendance") as batch:
        batch.drop_column("admit_reason")
    with op.batch_alter_table("kit_session") as batch:
        batch.drop_column("room_capacity")
        batch.drop_column("target_size")
