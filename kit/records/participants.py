"""Participants: the people on rosters, one record per person across activities."""

from __future__ import annotations

import secrets
from typing import Any

import attrs
import sqlalchemy as sa

from kit.records.clock import now
from kit.storage import schema

PARTICIPANT_FIELDS = (
    "name", "business_name", "sector", "phone", "village", "subdistrict", "district", "gender",
    "age_group",
)


@attrs.frozen
class Participant:
    """A participant as stored (``id`` is stable and is also the nbgrader student id)."""

    id: str
    name: str
    district: str
    business_name: str | None = None
    sector: str | None = None
    phone: str | None = None
    village: str | None = None
    subdistrict: str | None = None
    gender: str | None = None
    age_group: str | None = None
    # 3.1.3: ``None`` is an UMKM owner; else ngo, government, community_board
    # (kit.records.participant_types).
    participant_type: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The participant as a JSON-ready dict."""
        return attrs.asdict(self)


def new_participant_id() -> str:
    """A new random participant id such as ``p3f9a0c1e`` (safe as a folder name)."""
    return "p" + secrets.token_hex(4)


def add_participant(conn: sa.Connection, participant: Participant) -> None:
    """Insert a participant (inside the caller's write transaction)."""
    ts = now()
    conn.execute(
        schema.participant.insert().values(**participant.as_dict(), created_at=ts, updated_at=ts)
    )


def list_participants(conn: sa.Connection) -> list[Participant]:
    """All participants, ordered by district then name."""
    p = schema.participant
    rows = conn.execute(
        sa.select(p.c.id, *[p.c[f] for f in PARTICIPANT_FIELDS], p.c.participant_type)
        .order_by(p.c.district, p.c.name)
    ).mappings()
    return [Participant(**dict(row)) for row in rows]


def get_participant(conn: sa.Connection, participant_id: str) -> Participant | None:
    """The participant with this id, or ``None``."""
    p = schema.participant
    row = conn.execute(
        sa.select(p.c.id, *[p.c[f] for f in PARTICIPANT_FIELDS], p.c.participant_type)
        .where(p.c.id == participant_id)
    ).mappings().first()
    return Participant(**dict(row)) if row else None
