"""The community's documents from its records: the MoU's :class:`Agreement` and the minutes.

:func:`agreement` fills the *surat kesepakatan* (:mod:`kit.community.documents.mou`) from the
community record (:func:`kit.community.service.show`): the board in the guide's order, the members
with the village of their roster record, the work programme
(:func:`kit.community.programme.community_programme`), the day and place the community was formed.
:func:`election_minutes` fills the *berita acara* (:mod:`kit.community.documents.minutes`): per
role, musyawarah mufakat (who agreed) or secret ballot with every counted round, the run-offs
included, the counts, how a tie was handled and who was elected.

A document that cannot be made yet (an incomplete board, no programme, a ballot still open) is an
:class:`~kit.problems.InputError` naming the field, with one translated line; nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kit.community import ballot_service, programme, service
from kit.community.documents.model import (
    Agreement,
    BoardSeat,
    ElectionMinutes,
    Member,
    Official,
    RoleElection,
    Tally,
    TieHandling,
)
from kit.community.record import ROLES, role_label
from kit.i18n import _, gettext_
from kit.problems import InputError
from kit.records.participants import get_participant
from kit.workspace import Workspace, reading


def office_name(district: str) -> str:
    """The district's office for UMKM, as the agreement's second party names it."""
    return f"Dinas Koperasi dan UMKM {district}"


def _complete(found: service.CommunityRecord) -> None:
    """Refuse a community whose board lacks a role."""
    seated = {s.role for s in found.board}
    missing = [role_label(r) for r in ROLES if r not in seated]
    if missing:
        raise InputError("board", _("the board is not complete yet: no {roles}; fill each role "
                                    "by musyawarah or a ballot first").format(
            roles=", ".join(missing)))


def _villages(ws: Workspace, ids: Sequence[str]) -> dict[str, str]:
    with reading(ws) as conn:
        found = {pid: get_participant(conn, pid) for pid in ids}
    return {pid: (p.village or "") if p else "" for pid, p in found.items()}


def agreement(ws: Workspace, community_id: str, *, lang: str, official_name: str = "",
              official_title: str | None = None, top: int = programme.DEFAULT_TOP,
              chosen: Sequence[int] | None = None) -> Agreement:
    """The surat kesepakatan of a community with a complete board and a work programme.

    ``official_title`` defaults to the head of the district's office; a blank ``official_name``
    leaves a line to sign by hand. ``top``/``chosen`` pick the priority programme
    (:func:`kit.community.programme.split`).
    """
    found = service.show(ws, community_id)
    _complete(found)
    plan = programme.community_programme(ws, community_id, top, chosen)
    if not plan.priority:
        raise InputError("programme", _("no member has saved a work-programme proposal yet "
                                        "(the komunitas module's proposal tool)"))
    c = found.community
    office = office_name(c.district)
    villages = _villages(ws, [m.id for m in found.members])
    title = " ".join((official_title or "").split()) or gettext_(
        "Head of {office}", lang).format(office=office)
    return Agreement(
        community=c.name, district=c.district, office=office, place=c.place,
        signed_on=c.formed_on,
        purpose=gettext_("The community brings together the UMKM of {district} who completed "
                         "the e-UMKM guidance, so that they learn from one another, market "
                         "together online and carry out the work programme below.",
                         lang).format(district=c.district),
        priority=tuple(i.what for i in plan.priority),
        non_priority=tuple(i.what for i in plan.non_priority),
        board=tuple(BoardSeat(role=s.role, name=s.name) for s in found.board),
        members=tuple(Member(name=m.name, village=villages.get(m.id, ""))
                      for m in found.members),
        official=Official(title=title, name=" ".join(official_name.split())))


def _names(found: service.CommunityRecord) -> dict[str, str]:
    names = {m.id: m.name for m in found.members}
    for n in found.nominations:
        names.setdefault(n.nominee_id, n.nominee_name)
    return names


def _ballot_role(seat: service.Seat, election_id: str,
                 elections: Mapping[str, ballot_service.Election], names: Mapping[str, str],
                 ws: Workspace) -> tuple[RoleElection, int]:
    """The role filled by a ballot (and its run-offs); with the members present at it."""
    root = elections[election_id]
    while root.parent_id is not None:
        root = elections[root.parent_id]
    children = {e.parent_id: e for e in elections.values() if e.parent_id is not None}
    chain = [root]
    while chain[-1].id in children:
        chain.append(children[chain[-1].id])
    rounds: list[Tally] = []
    for election in chain:
        if election.status == ballot_service.OPEN:
            raise InputError("board", _("the ballot {id} is still open: close it first").format(
                id=election.id))
        counted = ballot_service.result(ws, election.id)
        rounds.append(Tally(votes=tuple((names.get(c, c), n) for c, n in counted.tally.counts),
                            ballots_counted=counted.counts.ballots,
                            codes_used=counted.counts.codes_used,
                            runoff=election.parent_id is not None,
                            by_members=election.voters == "members"))
    first = ballot_service.result(ws, root.id)
    handling: TieHandling = "none"
    agreed: tuple[str, ...] = ()
    if len(chain) > 1:
        handling = "runoff"
    elif first.decided_by == "musyawarah":
        handling = "consensus"
        agreed = tuple(names.get(p, p) for p in first.agreed_by)
    return RoleElection(role=seat.role, method="ballot",
                        candidates=tuple(names.get(c, c) for c in root.candidates),
                        elected=seat.name, rounds=tuple(rounds), tie_handling=handling,
                        agreed_by=agreed), max(e.members_present for e in chain)


def election_minutes(ws: Workspace, community_id: str, *, facilitator: str = "",
                     witnesses: tuple[str, str] = ("", "")) -> ElectionMinutes:
    """The berita acara of the board election of a community whose board is complete."""
    found = service.show(ws, community_id)
    _complete(found)
    names = _names(found)
    elections = {e.id: e for e in ballot_service.list_elections(ws, community_id)}
    roles: list[RoleElection] = []
    present: list[int] = []
    for seat in found.board:
        if seat.election_id is not None and seat.election_id in elections:
            role, at = _ballot_role(seat, seat.election_id, elections, names, ws)
            roles.append(role)
            present.append(at)
            continue
        candidates = [n.nominee_name for n in found.nominations
                      if n.role == seat.role and n.status == "accepted"]
        if seat.name not in candidates:
            candidates.append(seat.name)
        roles.append(RoleElection(role=seat.role, method="consensus",
                                  candidates=tuple(dict.fromkeys(candidates)), elected=seat.name,
                                  agreed_by=tuple(names.get(p, p) for p in seat.agreed_by)))
    c = found.community
    return ElectionMinutes(community=c.name, district=c.district, place=c.place,
                           held_on=c.formed_on, facilitator=" ".join(facilitator.split()),
                           members_present=max(present) if present else len(found.members),
                           roles=tuple(roles),
                           witnesses=(" ".join(witnesses[0].split()),
                                      " ".join(witnesses[1].split())))
