"""Siting of a Puskom Kreatif from a workspace: the UMKM participants counted per place (6.2).

:func:`siting` reads every UMKM participant's district, village and stages reached (the
framework's stage rule on their latest levels, as :mod:`kit.reports.stages` does) in one read
transaction and hands them to the rule :func:`kit.puskom.siting.rank`. Names and ids never leave
this module; only counts do.
"""

from __future__ import annotations

import sqlalchemy as sa

from kit.framework import framework
from kit.framework.stage_rule import reached_stages
from kit.i18n import _
from kit.places import district_candidates, normalise_district
from kit.problems import InputError
from kit.puskom.siting import DistrictRank, Owner, rank
from kit.records.scores import latest_levels
from kit.records.sessions import participation
from kit.reports.stages import umkm_only
from kit.storage import schema
from kit.workspace import Workspace, reading


def siting(ws: Workspace, district: str | None = None) -> tuple[DistrictRank, ...]:
    """Districts (or only ``district``) ranked by UMKM participants, with villages inside.

    ``district`` is an official kabupaten/kota (name, common spelling or Kemendagri code); a
    district no participant has gives an empty result. An unknown or ambiguous district is an
    :class:`~kit.problems.InputError` naming ``district``.
    """
    code = None
    if district is not None:
        found = district_candidates(district)
        if len(found) > 1:
            raise InputError("district", _(
                "{value!r} could be {choices}; write the full name").format(
                    value=district, choices=_(" or ").join(d.name for d in found)))
        if not found:
            raise InputError("district", _(
                "{value!r} is not an official kabupaten/kota; write the full name, for example "
                "Kabupaten Sragen").format(value=district))
        code = found[0].code
    fw = framework()
    p = schema.participant
    with reading(ws) as conn:
        people = conn.execute(umkm_only(
            sa.select(p.c.id, p.c.district, p.c.district_code, p.c.village))).all()
        levels = latest_levels(conn)
        took_part = participation(conn)
    owners = []
    for row in people:
        name, row_code = row.district, row.district_code
        if row_code is None and (official := normalise_district(name)) is not None:
            name, row_code = official.name, official.code
        reached = reached_stages(fw, levels.get(row.id, {}), took_part.get(row.id, set()))
        owners.append(Owner(district=name, district_code=row_code, village=row.village,
                            reached=frozenset(s.id for s in reached)))
    return rank(owners, district_code=code)
