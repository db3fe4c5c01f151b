"""Find a person already in the workspace from what they told another machine about themselves.

Used when a submission made elsewhere (Binder, another laptop) carries a participant id this
workspace does not know: the same rules as a roster import decide whether it is someone already
registered — the same normalised phone number, or (without a phone) the same name and village,
or name and district without a village.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from kit.records.participants import Participant, list_participants
from kit.roster.merge import person_key
from kit.roster.normalise import normalise_phone
from kit.roster.problems import RosterError


def find_phone(value: str | None) -> str | None:
    """The normal form of a phone number, or ``None`` for a missing or invalid one."""
    try:
        return normalise_phone(value) if value else None
    except (RosterError, ValueError):
        return None


def find_participant(conn: sa.Connection, profile: Mapping[str, str | None]) -> Participant | None:
    """The registered participant ``profile`` describes, or ``None`` if there is none (or two)."""
    people = list_participants(conn)
    phone = find_phone(profile.get("phone"))
    if phone:
        by_phone = [p for p in people if p.phone == phone]
        if len(by_phone) == 1:
            return by_phone[0]
    key = person_key(dict(profile))
    if not key[0]:
        return None
    same = [p for p in people if person_key(
        {"name": p.name, "village": p.village, "district": p.district}) == key]
    return same[0] if len(same) == 1 else None
