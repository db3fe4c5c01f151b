"""Stored districts in their official form: the code column, and fixing older workspaces.

Participants imported or registered before districts were normalised keep the text as typed
("Kab. Sragen"); :func:`normalise_stored_districts` maps each to its official name and
Kemendagri code (see :mod:`kit.places`) and reports what it changed and what it could not map.
"""

from __future__ import annotations

import attrs
import sqlalchemy as sa

from kit.places import district_candidates
from kit.records.clock import now
from kit.storage import schema
from kit.storage.db import write_tx


def set_district_code(conn: sa.Connection, participant_id: str, code: str | None) -> None:
    """Store the Kemendagri code of a participant's district (inside a write transaction)."""
    t = schema.participant
    conn.execute(t.update().where(t.c.id == participant_id).values(district_code=code))


@attrs.frozen
class DistrictChange:
    """One stored district text and what became of it.

    ``official`` is the official name it was (or would be) changed to, ``None`` when it could
    not be mapped; ``candidates`` lists the official names an ambiguous text could mean.
    """

    text: str
    participants: int
    official: str | None
    code: str | None
    candidates: tuple[str, ...] = ()


def normalise_stored_districts(engine: sa.Engine, dry_run: bool = False
                               ) -> list[DistrictChange]:
    """Map every stored district text to its official name and code, in one transaction.

    Texts already official and already coded are left alone and not listed. With ``dry_run``
    nothing is written. Returns one change per distinct text,
    in alphabetical order; unknown and ambiguous texts are listed with ``official`` ``None``.
    """
    t = schema.participant
    changes: list[DistrictChange] = []
    with write_tx(engine) as conn:
        rows = conn.execute(
            sa.select(t.c.district, t.c.district_code, sa.func.count())
            .group_by(t.c.district, t.c.district_code).order_by(t.c.district)).all()
        ts = now()
        for text, code, count in rows:
            found = district_candidates(text)
            if len(found) != 1:
                changes.append(DistrictChange(text, count, None, None,
                                              tuple(d.name for d in found)))
                continue
            official = found[0]
            if text == official.name and code == official.code:
                continue
            changes.append(DistrictChange(text, count, official.name, official.code))
            if not dry_run:
                conn.execute(t.update().where(t.c.district == text)
                             .values(district=official.name, district_code=official.code,
                                     updated_at=ts))
    return changes
