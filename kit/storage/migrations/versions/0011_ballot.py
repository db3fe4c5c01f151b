"""The secret ballot of a community's board roles (issue 15, chapter V).

One row per election (one role of one community: tie rule, how members vote, members present,
status, a run-off's parent, the secret while open, how the role was decided), its candidates and
their votes after closing, the roll of signed-in voters, the keyed hashes of issued codes, and two
tables that cannot be joined: who has voted and the ballots (``WITHOUT ROWID`` on SQLite, keyed by
random values, no time column).

Revision ID: 0011_ballot
Revises: 0010_community
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_ballot"
down_revision = "0010_community"


def upgrade() -> None:
    """Create the ``kit_ballot_*`` tables."""
    op.create_table(
        "kit_ballot_election",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("community_id", sa.String(32), sa.ForeignKey("kit_community.id"),
                  nullable=False),
        sa.Column("role", sa.String(24), nullable=False),
        sa.Column("tie_rule", sa.String(16), nullable=False),
        sa.Column("voters", sa.String(8), nullable=False),
        sa.Column("members_present", sa.Integer, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("parent_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id")),
        sa.Column("secret", sa.String(64)),
        sa.Column("codes_issued", sa.Integer, nullable=False),
        sa.Column("ballots_counted", sa.Integer),
        sa.Column("voters_counted", sa.Integer),
        sa.Column("decided_by", sa.String(16)),
        sa.Column("winner_id", sa.String(32)),
        sa.Column("agreed_by", sa.JSON),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "kit_ballot_candidate",
        sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
                  primary_key=True),
        sa.Column("participant_id", sa.String(32), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("votes", sa.Integer),
    )
    op.create_table(
        "kit_ballot_member",
        sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
                  primary_key=True),
        sa.Column("participant_id", sa.String(32), primary_key=True),
    )
    op.create_table(
        "kit_ballot_code",
        sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
                  primary_key=True),
        sa.Column("code_key", sa.String(64), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "kit_ballot_voted",
        sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
                  primary_key=True),
        sa.Column("voter_key", sa.String(64), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "kit_ballot_ballot",
        sa.Column("receipt", sa.String(12), primary_key=True),
        sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
                  nullable=False),
        sa.Column("ballot_key", sa.String(64)),
        sa.Column("candidate_id", sa.String(32), nullable=False),
        sa.UniqueConstraint("election_id", "ballot_key", name="uq_kit_ballot_ballot_key"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    """Drop the ``kit_ballot_*`` tables."""
    op.drop_table("kit_ballot_ballot")
    op.drop_table("kit_ballot_voted")
    op.drop_table("kit_ballot_code")
    op.drop_table("kit_ballot_member")
    op.drop_table("kit_ballot_candidate")
    op.drop_table("kit_ballot_election")
