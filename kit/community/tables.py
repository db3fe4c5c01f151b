"""Tables of the community record, created by migration ``0010_community``.

``kit_community`` is one community (name, district as written and its Kemendagri code, the day
and place it was formed); ``kit_community_member`` one member with how they were admitted
(``bimtek`` or ``reason`` with the facilitator's reason); ``kit_community_nomination`` one
nomination of a member for a board role, counted once the nominee accepts; ``kit_community_board``
one seated role: the person, the method (``musyawarah`` or ``ballot``), the election it came from
for a ballot, and who agreed for a musyawarah. One person holds at most one role in a community
(unique ``community_id, participant_id``).
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

community = sa.Table(
    "kit_community",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("district", sa.Text, nullable=False),
    sa.Column("district_code", sa.String(8)),
    sa.Column("formed_on", sa.Date, nullable=False),
    sa.Column("place", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

member = sa.Table(
    "kit_community_member",
    metadata,
    sa.Column("community_id", sa.String(32), sa.ForeignKey("kit_community.id"), primary_key=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              primary_key=True),
    sa.Column("admitted_by", sa.String(16), nullable=False),  # "bimtek" or "reason"
    sa.Column("reason", sa.Text),
    sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=False),
)

nomination = sa.Table(
    "kit_community_nomination",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("community_id", sa.String(32), sa.ForeignKey("kit_community.id"), nullable=False),
    sa.Column("role", sa.String(24), nullable=False),
    sa.Column("nominee_id", sa.String(32), sa.ForeignKey("kit_participant.id"), nullable=False),
    sa.Column("nominated_by", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False),
    sa.Column("programme", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # "proposed", "accepted", "withdrawn"
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("accepted_at", sa.DateTime(timezone=True)),
)

board = sa.Table(
    "kit_community_board",
    metadata,
    sa.Column("community_id", sa.String(32), sa.ForeignKey("kit_community.id"), primary_key=True),
    sa.Column("role", sa.String(24), primary_key=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False),
    sa.Column("method", sa.String(16), nullable=False),  # "musyawarah" or "ballot"
    sa.Column("election_id", sa.String(32)),
    sa.Column("agreed_by", sa.JSON),
    sa.Column("seated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("community_id", "participant_id",
                        name="uq_kit_community_board_person"),
)
