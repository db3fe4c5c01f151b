"""The business network from what members entered themselves: listings read from the workspace.

Each member writes what they sell and need in the komunitas module's "Jaringan usaha" tool
(:mod:`kit.network.entry`); every save appends a ``tool`` evidence row whose state is the whole
entry, and the newest save is the one that counts (as for the work-programme proposals of
:mod:`kit.community.programme`). This service turns the latest entries of a community's members,
or of the members of every community of a district, into the :class:`~kit.network.listing.Listing`
rows the matching rule takes:

* ``id`` is the participant's id, ``name`` and ``business`` come from the roster;
* ``community`` is the community's name, ``district`` and ``district_code`` the community's
  official district (:mod:`kit.community.service`);
* ``village`` is the one written in the entry, else the participant's village on the roster.

A member without a saved entry, or whose entry lists nothing, is simply absent. A person who is a
member of two communities of one district is listed once, in the first community (by the day
formed), so that they never supply themself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from kit.community import service as community_service
from kit.community.service import Community
from kit.network.entry import MODULE, TOOL, NetworkEntry, entry_from_state
from kit.network.listing import Listing
from kit.places import official_district
from kit.storage import schema
from kit.workspace import Workspace, reading


@attrs.frozen
class StoredNetwork:
    """The communities read (in order) and their members' listings (members in that order)."""

    district: str
    communities: tuple[Community, ...]
    members: tuple[Listing, ...]


def latest_entries(ws: Workspace, participant_ids: Iterable[str]) -> dict[str, NetworkEntry]:
    """The newest saved "Jaringan usaha" entry of each participant who saved one."""
    wanted = sorted(set(participant_ids))
    if not wanted:
        return {}
    e = schema.evidence
    with reading(ws) as conn:
        rows = conn.execute(sa.select(e.c.participant_id, e.c.payload).where(
            e.c.kind == "tool", e.c.participant_id.in_(wanted)).order_by(e.c.id)).all()
    latest: dict[str, NetworkEntry] = {}
    for row in rows:
        payload = row.payload
        if isinstance(payload, dict) and payload.get("module") == MODULE \
                and payload.get("tool") == TOOL:
            latest[row.participant_id] = entry_from_state(payload.get("state"))
    return latest


def _people(ws: Workspace, ids: Sequence[str]) -> dict[str, Any]:
    p = schema.participant
    if not ids:
        return {}
    with reading(ws) as conn:
        rows = conn.execute(sa.select(p.c.id, p.c.name, p.c.business_name, p.c.village).where(
            p.c.id.in_(sorted(set(ids))))).all()
    return {r.id: r for r in rows}


def _listings(ws: Workspace, communities: Sequence[Community]) -> tuple[Listing, ...]:
    """The listings of the members of ``communities``, each person once, in community order."""
    order: list[tuple[str, Community]] = []
    seen: set[str] = set()
    for found in communities:
        for member in community_service.show(ws, found.id).members:
            if member.id not in seen:
                seen.add(member.id)
                order.append((member.id, found))
    entries = latest_entries(ws, seen)
    people = _people(ws, [pid for pid, _c in order if pid in entries])
    listings: list[Listing] = []
    for pid, found in order:
        entry = entries.get(pid)
        person = people.get(pid)
        if entry is None or person is None or not (entry.sells or entry.needs):
            continue
        listings.append(Listing(
            id=pid, name=person.name, business=person.business_name or "",
            community=found.name, district=found.district,
            district_code=found.district_code or found.district,
            village=entry.village or person.village or "", sells=entry.sells,
            needs=entry.needs, line=len(listings) + 1))
    return tuple(listings)


def community_network(ws: Workspace, community_id: str) -> StoredNetwork:
    """The listings of one community's members; an unknown id is refused on ``id``."""
    found = community_service.show(ws, community_id).community
    return StoredNetwork(district=found.district, communities=(found,),
                         members=_listings(ws, [found]))


def district_network(ws: Workspace, district: str) -> StoredNetwork:
    """The listings of the members of every community of ``district`` (refused on ``district``).

    ``district`` is read as one official kabupaten/kota (:func:`kit.places.official_district`).
    """
    wanted = official_district(district)
    communities = tuple(c for c in community_service.list_communities(ws)
                        if (c.district_code or "") == wanted.code or c.district == wanted.name)
    return StoredNetwork(district=wanted.name, communities=communities,
                         members=_listings(ws, communities))
