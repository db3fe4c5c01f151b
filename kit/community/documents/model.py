"""The documents' input: plain frozen records, filled by whoever holds the community's data.

:class:`Agreement` is what the *surat kesepakatan* (MoU) says; :class:`ElectionMinutes` what the
*berita acara pemilihan pengurus* says. Neither reads a database: the community service (or a
test) builds them, and :mod:`~kit.community.documents.mou` /
:mod:`~kit.community.documents.minutes` turn them into a document. Members carry a name and a
village only: a printed agreement never shows a phone number or an id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

# The board's four roles (guide §2.2.5, Table 5.2), in the order a document lists them.
ROLES: tuple[str, ...] = ("ketua", "wakil_ketua", "sekretaris", "bendahara")

Method = Literal["consensus", "ballot"]
TieHandling = Literal["none", "runoff", "consensus"]


@dataclass(frozen=True)
class Member:
    """A member as the agreement lists them: name and village (desa/kelurahan)."""

    name: str
    village: str


@dataclass(frozen=True)
class BoardSeat:
    """One role of the board (one of :data:`ROLES`) and the person holding it."""

    role: str
    name: str


@dataclass(frozen=True)
class Official:
    """The district official who signs "Mengetahui" (blank name: a line to fill by hand)."""

    title: str
    name: str = ""


@dataclass(frozen=True)
class Agreement:
    """Everything the surat kesepakatan between the board and the district office says.

    ``office`` is the district's office for UMKM ("Dinas Koperasi dan UMKM Kabupaten Sragen"),
    ``place`` where it is signed ("Sragen"); ``priority`` and ``non_priority`` are the work
    programme the members agreed by consensus, in their order.
    """

    community: str
    district: str
    office: str
    place: str
    signed_on: date
    purpose: str
    priority: tuple[str, ...]
    non_priority: tuple[str, ...]
    board: tuple[BoardSeat, ...]
    members: tuple[Member, ...]
    official: Official


@dataclass(frozen=True)
class Tally:
    """One counted round of a secret ballot: votes per candidate and the count's checks.

    ``runoff`` marks the round held between tied candidates; ``by_members`` a ballot of signed-in
    members (no codes): ``codes_used`` then counts the members who voted.
    """

    votes: tuple[tuple[str, int], ...]
    ballots_counted: int
    codes_used: int
    runoff: bool = False
    by_members: bool = False


@dataclass(frozen=True)
class RoleElection:
    """How one role was filled: by consensus or ballot, the candidates, rounds and result.

    ``rounds`` is empty for a consensus; ``tie_handling`` says which tie rule was used
    (``none`` when there was no tie); ``agreed_by`` names those who agreed a consensus.
    """

    role: str
    method: Method
    candidates: tuple[str, ...]
    elected: str
    rounds: tuple[Tally, ...] = ()
    tie_handling: TieHandling = "none"
    agreed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ElectionMinutes:
    """Everything the berita acara of the board election says.

    ``witnesses`` are the two witnesses' names (blank: a line to fill by hand).
    """

    community: str
    district: str
    place: str
    held_on: date
    facilitator: str
    members_present: int
    roles: tuple[RoleElection, ...]
    witnesses: tuple[str, str] = ("", "")


def counts_agree(tally: Tally, members_present: int) -> bool:
    """Whether ballots counted = codes used ≤ members present (the check the minutes show)."""
    return tally.ballots_counted == tally.codes_used <= members_present
