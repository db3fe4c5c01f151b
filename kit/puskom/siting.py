"""Where to site a Pusat Komunitas Kreatif (6.2): UMKM counted per district and village.

The guide sites a centre by the number of UMKM around it. :func:`rank` takes one
:class:`Owner` per UMKM participant (official district, village as written, the stages they
reached) and returns the districts, and inside each the villages, ranked by how many UMKM are
there, with how many reached Presence and Portal. Only counts leave this module: a count of 1 or
2 is shown as ``< 3`` (:func:`shown`) so that nobody in a small village can be picked out.
Pure logic: no database, no interface.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import attrs

from kit.places import place_key

SMALL = 3  # a count below this (and above 0) is shown as "< 3"
SMALL_TEXT = "< 3"
PRESENCE = "presence"
PORTAL = "portal"


@attrs.frozen
class Owner:
    """One UMKM participant as siting sees it: where they are and which stages they reached.

    ``district`` is the official name (or the name as written when it is not official);
    ``village`` as written, ``None`` or blank when not given.
    """

    district: str
    district_code: str | None
    village: str | None
    reached: frozenset[str]


def shown(count: int) -> int | str:
    """The count as it may be shown: ``0`` and ``3`` upwards as they are, 1 and 2 as ``< 3``."""
    return SMALL_TEXT if 0 < count < SMALL else count


@attrs.frozen
class Tally:
    """UMKM at one place, and how many of them reached Presence and Portal (true counts)."""

    umkm: int
    presence: int
    portal: int

    def as_dict(self) -> dict[str, int | str]:
        """The counts as they may be shown (small counts as ``< 3``)."""
        return {"umkm": shown(self.umkm), "presence": shown(self.presence),
                "portal": shown(self.portal)}


def _tally(owners: list[Owner]) -> Tally:
    return Tally(umkm=len(owners), presence=sum(1 for o in owners if PRESENCE in o.reached),
                 portal=sum(1 for o in owners if PORTAL in o.reached))


@attrs.frozen
class VillageRank:
    """One village of a district with its tally; ``name`` ``None`` groups owners without one."""

    rank: int
    name: str | None
    tally: Tally

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, counts only."""
        return {"rank": self.rank, "village": self.name, **self.tally.as_dict()}


@attrs.frozen
class DistrictRank:
    """One district with its tally and its villages ranked."""

    rank: int
    name: str
    code: str | None
    tally: Tally
    villages: tuple[VillageRank, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, counts only."""
        return {"rank": self.rank, "district": self.name, "district_code": self.code,
                **self.tally.as_dict(), "villages": [v.as_dict() for v in self.villages]}


def _bucket(count: int) -> int:
    """The count as ordering may use it: 1 and 2 are one bucket, so order does not tell them."""
    return 1 if 0 < count < SMALL else count


def _order_key(name: str | None, tally: Tally) -> tuple[int, int, int, int, str]:
    # Most UMKM first; then most reaching Portal, then Presence; unnamed villages last; by name.
    return (-_bucket(tally.umkm), -_bucket(tally.portal), -_bucket(tally.presence),
            1 if name is None else 0, (name or "").casefold())


def _village_name(spellings: Counter[str]) -> str:
    """The spelling most people used (on a tie the first in alphabetical order)."""
    return min(spellings, key=lambda s: (-spellings[s], s))


def _villages(owners: list[Owner]) -> tuple[VillageRank, ...]:
    groups: dict[str, list[Owner]] = {}
    spellings: dict[str, Counter[str]] = {}
    for o in owners:
        written = " ".join((o.village or "").split())
        key = place_key(written)
        groups.setdefault(key, []).append(o)
        if key:
            spellings.setdefault(key, Counter())[written] += 1
    made = [(_village_name(spellings[k]) if k else None, _tally(g)) for k, g in groups.items()]
    made.sort(key=lambda x: _order_key(x[0], x[1]))
    return tuple(VillageRank(rank=n, name=name, tally=t)
                 for n, (name, t) in enumerate(made, start=1))


def rank(owners: Iterable[Owner], district_code: str | None = None,
         district_name: str | None = None) -> tuple[DistrictRank, ...]:
    """Districts ranked by UMKM, each with its villages ranked; optionally one district only.

    With ``district_code`` (or, for a district that is not official, ``district_name``) only
    that district is kept. Owners are grouped by Kemendagri code when they have one, else by the
    district as written (case and spacing ignored).
    """
    groups: dict[str, list[Owner]] = {}
    for o in owners:
        if district_code is not None and o.district_code != district_code:
            continue
        if district_name is not None and place_key(o.district) != place_key(district_name):
            continue
        groups.setdefault(o.district_code or "~" + place_key(o.district), []).append(o)
    made = [(g[0].district, g[0].district_code, _tally(g), _villages(g))
            for g in groups.values()]
    made.sort(key=lambda x: _order_key(x[0], x[2]))
    return tuple(DistrictRank(rank=n, name=name, code=code, tally=t, villages=v)
                 for n, (name, code, t, v) in enumerate(made, start=1))
