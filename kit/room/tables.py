"""Tables of what happens in the room, created by migration ``0007_session_day``.

* ``kit_random_draw`` — a random question (*pertanyaan acak*, Table 3.3): who was drawn, for which
  item, which question of the bank, and the level the facilitator gave the answer;
* ``kit_room_question`` — a question a participant typed in a module, gathered for the Q&A;
* ``kit_help_request`` — a participant's "Minta bantuan" tap: where in the module, and when it was
  resolved and by whom.
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

_TS = sa.DateTime(timezone=True)

random_draw = sa.Table(
    "kit_random_draw",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"), nullable=False),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False),
    sa.Column("item_id", sa.String(64), nullable=False),
    sa.Column("question_id", sa.String(64), nullable=False),
    sa.Column("drawn_at", _TS, nullable=False),
    sa.Column("level", sa.Integer),
    sa.Column("answered_at", _TS),
)

room_question = sa.Table(
    "kit_room_question",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id")),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False),
    sa.Column("activity_id", sa.String(32), nullable=False),
    sa.Column("place", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("asked_at", _TS, nullable=False),
    sa.Column("answered_at", _TS),
    sa.Column("answered_by", sa.Text),
)

help_request = sa.Table(
    "kit_help_request",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id")),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              nullable=False),
    sa.Column("activity_id", sa.String(32), nullable=False),
    sa.Column("place", sa.Text),
    sa.Column("requested_at", _TS, nullable=False),
    sa.Column("resolved_at", _TS),
    sa.Column("resolved_by", sa.Text),
)
