"""Tables of the classroom server (``kit_classroom*``), created by migration ``0003_classroom``.

* ``kit_classroom`` — one classroom run of a session: its join code and the key that signs the
  participant tokens given to kernels; ``closed_at`` set means the code no longer works;
* ``kit_classroom_pin`` — each participant's PIN, hashed (argon2id);
* ``kit_classroom_facilitator`` — the facilitator's password, hashed (argon2id);
* ``kit_classroom_device`` — browser sessions (a random token in a cookie, stored as SHA-256);
* ``kit_classroom_attempt`` — every PIN, password and join-code attempt (rate limiting, audit).
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.storage.schema import metadata

_TS = sa.DateTime(timezone=True)

classroom = sa.Table(
    "kit_classroom",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"), nullable=False),
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    sa.Column("signing_key", sa.String(64), nullable=False),
    sa.Column("opened_at", _TS, nullable=False),
    sa.Column("closed_at", _TS),
)

pin = sa.Table(
    "kit_classroom_pin",
    metadata,
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
              primary_key=True),
    sa.Column("pin_hash", sa.Text, nullable=False),
    sa.Column("set_by", sa.String(16), nullable=False),
    sa.Column("set_at", _TS, nullable=False),
)

facilitator = sa.Table(
    "kit_classroom_facilitator",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
)

device = sa.Table(
    "kit_classroom_device",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("classroom_id", sa.Integer, sa.ForeignKey("kit_classroom.id")),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id")),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("revoked_at", _TS),
    sa.CheckConstraint("role IN ('participant', 'facilitator')", name="role_kind"),
)

attempt = sa.Table(
    "kit_classroom_attempt",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("classroom_id", sa.Integer, sa.ForeignKey("kit_classroom.id")),
    sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id")),
    sa.Column("client_addr", sa.String(64), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("at", _TS, nullable=False),
    sa.Index("ix_kit_classroom_attempt_participant", "participant_id", "at"),
    sa.Index("ix_kit_classroom_attempt_addr", "client_addr", "at"),
)
