"""Classroom server: join codes, PINs, facilitator password, devices, attempts (kit/classroom).

Revision ID: 0003_classroom
Revises: 0002_sandbox
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_classroom"
down_revision = "0002_sandbox"

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the classroom tables (prefix ``kit_classroom``)."""
    op.create_table(
        "kit_classroom",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(64), sa.ForeignKey("kit_session.id"),
                  nullable=False),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("signing_key", sa.String(64), nullable=False),
        sa.Column("opened_at", _TS, nullable=False),
        sa.Column("closed_at", _TS),
    )
    op.create_table(
        "kit_classroom_pin",
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id"),
                  primary_key=True),
        sa.Column("pin_hash", sa.Text, nullable=False),
        sa.Column("set_by", sa.String(16), nullable=False),
        sa.Column("set_at", _TS, nullable=False),
    )
    op.create_table(
        "kit_classroom_facilitator",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )
    op.create_table(
        "kit_classroom_device",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("classroom_id", sa.Integer, sa.ForeignKey("kit_classroom.id")),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id")),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("revoked_at", _TS),
        sa.CheckConstraint("role IN ('participant', 'facilitator')",
                           name="ck_kit_classroom_device_role_kind"),
    )
    op.create_table(
        "kit_classroom_attempt",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("classroom_id", sa.Integer, sa.ForeignKey("kit_classroom.id")),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("kit_participant.id")),
        sa.Column("client_addr", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("at", _TS, nullable=False),
    )
    op.create_index("ix_kit_classroom_attempt_participant", "kit_classroom_attempt",
                    ["participant_id", "at"])
    op.create_index("ix_kit_classroom_attempt_addr", "kit_classroom_attempt",
                    ["client_addr", "at"])


def downgrade() -> None:
    """Drop the classroom tables."""
    for name in ("kit_classroom_attempt", "kit_classroom_device", "kit_classroom_facilitator",
                 "kit_classroom_pin", "kit_classroom"):
        op.drop_table(name)
