"""Places: the official Kemendagri code of each participant's district; the age as written.

Revision ID: 0005_places
Revises: 0004_submission_origin
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_places"
down_revision = "0004_submission_origin"


def upgrade() -> None:
    """Add ``kit_participant.district_code`` (``33.14``) and ``age_given`` (``20 - 29 th``)."""
    with op.batch_alter_table("kit_participant") as batch:
        batch.add_column(sa.Column("district_code", sa.String(8)))
        batch.add_column(sa.Column("age_given", sa.String(32)))


def downgrade() -> None:
    """Drop ``kit_participant.district_code`` and ``age_given``."""
    with op.batch_alter_table("kit_participant") as batch:
        batch.drop_column("age_given")
        batch.drop_column("district_code")
