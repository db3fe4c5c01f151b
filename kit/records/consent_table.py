"""Table of consent events (``kit_consent``), created by migration ``0008_consent``.

A participant's current consent is their latest event (highest ``recorded_at``, then ``id``); a
participant without an event has not consented. ``context`` is where it was recorded: ``roster``,
``registration``, ``checkin`` or ``withdrawal``.
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

consent = sa.Table(
    "kit_consent",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False, index=True),
    sa.Column("given", sa.Boolean, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_by", sa.Text, nullable=False),
    sa.Column("context", sa.String(16), nullable=False),
    sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id")),
)

CONTEXTS = ("roster", "registration", "checkin", "withdrawal")
