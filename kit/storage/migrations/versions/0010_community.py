"""Community formation (issue 15, chapter V): the community, its members, nominations and board.

One row per community (name, district and its Kemendagri code, the day and place it was formed),
one per member (admitted by bimtek or with the facilitator's reason), one per nomination for a
board role (counted once accepted) and one per seated role (musyawarah or ballot; one person, one
role in a community).

Revision ID: 0010_community
Revises: 0009_puskom
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_community"
down_revision = "0009_puskom"


def upgrade() -> None:
    """Create ``kit_community``, ``kit_community_member``, ``_nomination`` and ``_board``."""
    op.create_table(
        "kit_community",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("district", sa.Text, nullable=False),
        sa.Column("district_code", sa.String(8)),
        sa.Column("formed_on", sa.Date, nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kit_community_member",
        sa.Column("community_id", sa.String(32), sa.ForeignKey("kit_community.id"),
                  primary_key=True),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  primary_key=True),
        sa.Column("admitted_by", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kit_community_nomination",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("community_id", sa.String(32), sa.ForeignKey("kit_community.id"),
                  nullable=False),
        sa.Column("role", sa.String(24), nullable=False),
        sa.Column("nominee_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("nominated_by", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("programme", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "kit_community_board",
        sa.Column("community_id", sa.String(32), sa.ForeignKey("kit_community.id"),
                  primary_key=True),
        sa.Column("role", sa.String(24), primary_key=True),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("election_id", sa.String(32)),
        sa.Column("agreed_by", sa.JSON),
        sa.Column("seated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("community_id", "participant_id",
                            name="uq_kit_community_board_person"),
    )


def downgrade() -> None:
    """Drop the four tables."""
    op.drop_table("kit_community_board")
    op.drop_table("kit_community_nomination")
    op.drop_table("kit_community_member")
    op.drop_table("kit_community")
