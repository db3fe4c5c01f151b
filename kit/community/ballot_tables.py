"""Tables of the secret ballot of the board's roles, created by migration ``0011_ballot``.

``kit_ballot_election`` is one election (one role of one community): tie rule, how members vote
(``codes`` or ``members``), members present, status, the parent of a run-off, the secret (only
while open) and, once known, how the role was decided and by whom it was agreed (musyawarah).
``kit_ballot_candidate`` holds the candidates in the ballot's order and, after closing, their
votes. ``kit_ballot_member`` is the roll of the members who may vote signed in (``members``).
``kit_ballot_code`` holds the keyed hash of each issued code while the election is open.

``kit_ballot_voted`` (who has voted: a voter key) and ``kit_ballot_ballot`` (the votes: a
different keyed hash, the candidate and a receipt) share no column but the election id and
cannot be joined. Both are ``WITHOUT ROWID`` tables on SQLite, keyed by random values, so the
order of their rows says nothing about the order of voting; neither has a time column.
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

election = sa.Table(
    "kit_ballot_election",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("community_id", sa.String(32), sa.ForeignKey("kit_community.id"), nullable=False),
    sa.Column("role", sa.String(24), nullable=False),
    sa.Column("tie_rule", sa.String(16), nullable=False),  # "runoff" or "musyawarah"
    sa.Column("voters", sa.String(8), nullable=False),  # "codes" or "members"
    sa.Column("members_present", sa.Integer, nullable=False),
    sa.Column("status", sa.String(8), nullable=False),  # "open" or "closed"
    sa.Column("parent_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id")),
    sa.Column("secret", sa.String(64)),  # NULL once closed
    sa.Column("codes_issued", sa.Integer, nullable=False),
    sa.Column("ballots_counted", sa.Integer),  # written at closing
    sa.Column("voters_counted", sa.Integer),  # written at closing
    sa.Column("decided_by", sa.String(16)),  # "ballot", "runoff" or "musyawarah"
    sa.Column("winner_id", sa.String(32)),
    sa.Column("agreed_by", sa.JSON),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True)),
)

candidate = sa.Table(
    "kit_ballot_candidate",
    metadata,
    sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
              primary_key=True),
    sa.Column("participant_id", sa.String(32), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("votes", sa.Integer),  # written at closing
)

roll = sa.Table(
    "kit_ballot_member",
    metadata,
    sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
              primary_key=True),
    sa.Column("participant_id", sa.String(32), primary_key=True),
)

code = sa.Table(
    "kit_ballot_code",
    metadata,
    sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
              primary_key=True),
    sa.Column("code_key", sa.String(64), primary_key=True),
    sqlite_with_rowid=False,
)

voted = sa.Table(
    "kit_ballot_voted",
    metadata,
    sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
              primary_key=True),
    sa.Column("voter_key", sa.String(64), primary_key=True),
    sqlite_with_rowid=False,
)

ballot = sa.Table(
    "kit_ballot_ballot",
    metadata,
    sa.Column("receipt", sa.String(12), primary_key=True),
    sa.Column("election_id", sa.String(32), sa.ForeignKey("kit_ballot_election.id"),
              nullable=False),
    sa.Column("ballot_key", sa.String(64)),  # NULL once closed
    sa.Column("candidate_id", sa.String(32), nullable=False),
    sa.UniqueConstraint("election_id", "ballot_key", name="uq_kit_ballot_ballot_key"),
    sqlite_with_rowid=False,
)
