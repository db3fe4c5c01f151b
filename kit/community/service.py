"""Create, list and show communities; admit members, take nominations and seat the board.

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction: everything is
checked inside one write transaction (the write lock is taken up front) by the rules of
:mod:`kit.community.record`, and a refusal is an :class:`~kit.problems.InputError` naming the
field, with nothing written. A participant is given by id, or by exact name when that name is
unique in the workspace (an ambiguous name is refused, listing the matches).

:func:`seat` is the one way a role is filled: :func:`consensus` calls it with the method
``musyawarah``, and the secret ballot (``kit.community.ballot_service``) with ``ballot`` and its
election id once a ballot is closed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import attrs
import sqlalchemy as sa

from kit.community import evidence, record
from kit.community.ballot_tables import election
from kit.community.tables import board, community, member, nomination
from kit.framework import framework
from kit.i18n import _
from kit.places import official_district
from kit.problems import InputError
from kit.records.clock import now
from kit.records.eligibility import eligibility
from kit.records.participants import Participant, get_participant, list_participants
from kit.records.sessions import participation
from kit.storage import schema
from kit.workspace import Workspace, reading, writing

ACTIVITY = "komunitas"


@attrs.frozen
class Community:
    """A community as stored: name, official district and its Kemendagri code, day and place."""

    id: str
    name: str
    district: str
    district_code: str | None
    formed_on: date
    place: str
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """The community as a JSON-ready dict."""
        return {"id": self.id, "name": self.name, "district": self.district,
                "district_code": self.district_code, "formed_on": self.formed_on.isoformat(),
                "place": self.place, "created_at": self.created_at.isoformat()}


@attrs.frozen
class Member:
    """A member: the participant, how they were admitted (``bimtek``/``reason``) and when."""

    id: str
    name: str
    admitted_by: str
    reason: str | None
    admitted_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """The member as a JSON-ready dict (``id`` is the participant's id)."""
        return {"id": self.id, "name": self.name, "admitted_by": self.admitted_by,
                "reason": self.reason, "admitted_at": self.admitted_at.isoformat()}


@attrs.frozen
class Nomination:
    """A nomination for a role: nominee, nominator, programme, status (proposed/accepted)."""

    id: int
    role: str
    nominee_id: str
    nominee_name: str
    nominated_by: str
    nominated_by_name: str
    programme: str
    status: str
    created_at: datetime
    accepted_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        """The nomination as a JSON-ready dict."""
        return {"id": self.id, "role": self.role, "role_label": record.role_label(self.role),
                "nominee_id": self.nominee_id, "nominee_name": self.nominee_name,
                "nominated_by": self.nominated_by, "nominated_by_name": self.nominated_by_name,
                "programme": self.programme, "status": self.status,
                "created_at": self.created_at.isoformat(),
                "accepted_at": self.accepted_at.isoformat() if self.accepted_at else None}


@attrs.frozen
class Seat:
    """A filled role: who, how (``musyawarah``/``ballot``), the election, who agreed, when."""

    role: str
    participant_id: str
    name: str
    method: str
    election_id: str | None
    agreed_by: tuple[str, ...]
    seated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """The seat as a JSON-ready dict (``id`` is the role)."""
        return {"id": self.role, "role": self.role, "role_label": record.role_label(self.role),
                "participant_id": self.participant_id, "name": self.name,
                "method": self.method, "election_id": self.election_id,
                "agreed_by": list(self.agreed_by), "seated_at": self.seated_at.isoformat()}


@attrs.frozen
class CommunityRecord:
    """The whole record of a community: itself, members, nominations and board (role order)."""

    community: Community
    members: tuple[Member, ...]
    nominations: tuple[Nomination, ...]
    board: tuple[Seat, ...]

    def as_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready dict."""
        return {**self.community.as_dict(),
                "members": [m.as_dict() for m in self.members],
                "nominations": [n.as_dict() for n in self.nominations],
                "board": [s.as_dict() for s in self.board]}


def _utc(value: datetime) -> datetime:
    """``value`` as timezone-aware UTC (SQLite gives back naive UTC datetimes)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def new_community_id() -> str:
    """A new random community id such as ``km3f9a0c1e``."""
    return "km" + secrets.token_hex(4)



def create(ws: Workspace, name: str, district: str, place: str, formed_on: date) -> Community:
    """Record a new community formed on ``formed_on`` at ``place`` in ``district``; return it."""
    clean_name = record.required(name, "name")
    found = official_district(record.required(district, "district"))
    district_name, code = found.name, found.code
    made = Community(id=new_community_id(), name=clean_name, district=district_name,
                     district_code=code, formed_on=formed_on,
                     place=record.required(place, "place"), created_at=now())
    with writing(ws) as conn:
        conn.execute(community.insert().values(**attrs.asdict(made)))
    return made


def _community_row(row: Any) -> Community:
    return Community(id=row.id, name=row.name, district=row.district,
                     district_code=row.district_code, formed_on=row.formed_on, place=row.place,
                     created_at=_utc(row.created_at))


def list_communities(ws: Workspace) -> list[Community]:
    """Every community of the workspace, by the day it was formed, then name."""
    with reading(ws) as conn:
        rows = conn.execute(sa.select(community).order_by(
            community.c.formed_on, community.c.name, community.c.id)).all()
    return [_community_row(r) for r in rows]


def _community(conn: sa.Connection, community_id: str) -> Community:
    row = conn.execute(sa.select(community).where(community.c.id == community_id)).first()
    if row is None:
        raise InputError("id", _("there is no community {id!r} (see 'community list')").format(
            id=community_id))
    return _community_row(row)


def _person(conn: sa.Connection, given: str, field: str) -> Participant:
    """The participant ``given`` by id, or by exact name when that name is unique."""
    text = record.required(given, field)
    found = get_participant(conn, text)
    if found is not None:
        return found
    key = text.casefold()
    named = [p for p in list_participants(conn) if record.one_line(p.name).casefold() == key]
    if len(named) == 1:
        return named[0]
    if named:
        raise InputError(field, _("{value!r} names several participants; give the id of one: "
                                  "{choices}").format(
            value=text, choices=", ".join(f"{p.id} ({p.name}, {p.district})" for p in named)))
    raise InputError(field, _("there is no participant {id!r} (see 'roster list')").format(
        id=text))


def _members(conn: sa.Connection, community_id: str) -> set[str]:
    return set(conn.execute(sa.select(member.c.participant_id)
                            .where(member.c.community_id == community_id)).scalars())


def _holders(conn: sa.Connection, community_id: str) -> dict[str, str]:
    rows = conn.execute(sa.select(board.c.participant_id, board.c.role)
                        .where(board.c.community_id == community_id))
    return {pid: role for pid, role in rows}


def _standing(conn: sa.Connection, community_id: str) -> dict[str, str]:
    rows = conn.execute(sa.select(nomination.c.nominee_id, nomination.c.role).where(
        nomination.c.community_id == community_id,
        nomination.c.status.in_(record.STANDING)))
    return {pid: role for pid, role in rows}


def _activity() -> Any:
    return next(a for a in framework().activities if a.id == ACTIVITY)


def add_member(ws: Workspace, community_id: str, participant: str,
               reason: str | None = None) -> Member:
    """Admit ``participant``: by bimtek when the komunitas prerequisites are met, else by reason.

    Refused: an unknown community or participant, someone already a member, and someone without
    the prerequisites and without a reason (the message says to give ``--reason``).
    """
    with writing(ws) as conn:
        _community(conn, community_id)
        person = _person(conn, participant, "participant")
        if person.id in _members(conn, community_id):
            raise InputError("participant", _("{id!r} is already a member of this "
                                              "community").format(id=person.id))
        taken = participation(conn, person.id).get(person.id, set())
        admitted = record.admission(eligibility(_activity(), taken), reason)
        made = Member(id=person.id, name=person.name, admitted_by=admitted.by,
                      reason=admitted.reason, admitted_at=now())
        conn.execute(member.insert().values(
            community_id=community_id, participant_id=made.id, admitted_by=made.admitted_by,
            reason=made.reason, admitted_at=made.admitted_at))
    return made


def nominate(ws: Workspace, community_id: str, role: str, nominee: str, by: str,
             programme: str) -> Nomination:
    """Record that member ``by`` nominates member ``nominee`` for ``role`` with a programme.

    The nomination is ``proposed`` until the nominee accepts (:func:`accept`).
    """
    clean_role = record.check_role(role)
    text = record.required(programme, "programme")
    with writing(ws) as conn:
        _community(conn, community_id)
        who = _person(conn, nominee, "nominee")
        proposer = _person(conn, by, "by")
        record.check_nomination(clean_role, who.id, proposer.id, _members(conn, community_id),
                                _standing(conn, community_id), _holders(conn, community_id))
        created = now()
        new_id = conn.execute(nomination.insert().values(
            community_id=community_id, role=clean_role, nominee_id=who.id,
            nominated_by=proposer.id, programme=text, status=record.PROPOSED,
            created_at=created).returning(nomination.c.id)).scalar_one()
    evidence.record_action(ws, proposer.id, "nominate", community_id=community_id,
                           role=clean_role)
    return Nomination(id=int(new_id), role=clean_role, nominee_id=who.id, nominee_name=who.name,
                      nominated_by=proposer.id, nominated_by_name=proposer.name, programme=text,
                      status=record.PROPOSED, created_at=created, accepted_at=None)


def _nomination_id(value: int | str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise InputError("nomination", _("{value!r} is not a nomination number").format(
            value=value)) from None


def accept(ws: Workspace, community_id: str, nomination_id: int | str) -> Nomination:
    """The nominee accepts nomination ``nomination_id``: from now on it counts."""
    number = _nomination_id(nomination_id)
    with writing(ws) as conn:
        _community(conn, community_id)
        row = conn.execute(sa.select(nomination.c.status, nomination.c.role).where(
            nomination.c.community_id == community_id, nomination.c.id == number)).first()
        if row is None:
            raise InputError("nomination", _("this community has no nomination {id}").format(
                id=number))
        if row.status == record.ACCEPTED:
            raise InputError("nomination", _("nomination {id} is already accepted").format(
                id=number))
        if row.status != record.PROPOSED:
            raise InputError("nomination", _("nomination {id} was withdrawn: the nominee "
                                             "holds another role").format(id=number))
        if row.role in _holders(conn, community_id).values():
            raise InputError("nomination", _("the role {role} is already filled").format(
                role=record.role_label(row.role)))
        conn.execute(nomination.update().where(nomination.c.id == number).values(
            status=record.ACCEPTED, accepted_at=now()))
        accepted = next(n for n in _nominations(conn, community_id) if n.id == number)
    evidence.record_action(ws, accepted.nominee_id, "accept", community_id=community_id,
                           role=accepted.role)
    return accepted


def seat(ws: Workspace, community_id: str, role: str, participant_id: str, method: str,
         election_id: str | None = None, agreed_by: Sequence[str] = ()) -> Seat:
    """Fill ``role`` with ``participant_id`` chosen by ``method`` (``musyawarah`` or ``ballot``).

    One person holds one role and a role is filled once, checked inside this transaction.
    ``election_id`` names the ballot that chose them; ``agreed_by`` the members who agreed.
    """
    clean_role = record.check_role(role)
    with writing(ws) as conn:
        made = seat_in(conn, community_id, clean_role, participant_id, method, election_id,
                       tuple(agreed_by))
    seat_evidence(ws, community_id, made)
    return made


def seat_evidence(ws: Workspace, community_id: str, made: Seat) -> None:
    """After the seat committed: Table 5.3 evidence for the seated and for who agreed."""
    evidence.record_action(ws, made.participant_id, "seated", community_id=community_id,
                           role=made.role)
    for who in made.agreed_by:
        evidence.record_action(ws, who, "agree", community_id=community_id, role=made.role)


def seat_in(conn: sa.Connection, community_id: str, role: str, participant: str, method: str,
            election_id: str | None, agreed_by: tuple[str, ...]) -> Seat:
    """Seat inside the caller's transaction (the board's rules checked there); see :func:`seat`.

    The caller records :func:`seat_evidence` after its transaction commits.
    """
    _community(conn, community_id)
    person = _person(conn, participant, "person")
    record.check_seat(role, person.id, method, _members(conn, community_id),
                      _holders(conn, community_id))
    made = Seat(role=role, participant_id=person.id, name=person.name, method=method,
                election_id=election_id, agreed_by=agreed_by, seated_at=now())
    conn.execute(board.insert().values(
        community_id=community_id, role=role, participant_id=person.id, method=method,
        election_id=election_id, agreed_by=list(agreed_by) or None, seated_at=made.seated_at))
    conn.execute(nomination.update().where(  # one person one role: their other stands end here
        nomination.c.community_id == community_id, nomination.c.nominee_id == person.id,
        nomination.c.role != role, nomination.c.status.in_(record.STANDING),
    ).values(status=record.WITHDRAWN))
    return made


def _no_pending_ballot(conn: sa.Connection, community_id: str, role: str) -> None:
    """Refuse a role whose secret ballot is still open, or closed on a tie not settled yet.

    The role then belongs to that ballot: its close, run-off or musyawarah seats the holder. A
    ballot closed with no vote at all binds nothing (opened by mistake, or nobody voted).
    """
    rows = conn.execute(sa.select(election.c.id, election.c.status, election.c.winner_id,
                                  election.c.parent_id, election.c.ballots_counted).where(
        election.c.community_id == community_id, election.c.role == role)).all()
    parents = {r.parent_id for r in rows if r.parent_id is not None}
    for row in rows:
        if row.status == "open":
            raise InputError("role", _("the ballot {id} for this role is still open: close it "
                                       "first").format(id=row.id))
        if row.winner_id is None and row.id not in parents and row.ballots_counted:
            raise InputError("role", _("the ballot {id} for this role ended in a tie: settle it "
                                       "by its run-off or musyawarah first").format(id=row.id))


def consensus(ws: Workspace, community_id: str, role: str, person: str,
              agreed_by: Iterable[str]) -> Seat:
    """Record the musyawarah decision: ``person`` holds ``role``, agreed by these members.

    The person is an accepted candidate for the role (any member when nobody accepted one);
    everyone who agreed is a member, at least one.
    """
    clean_role = record.check_role(role)
    with writing(ws) as conn:
        _community(conn, community_id)
        chosen = _person(conn, person, "person")
        agreed = tuple(_person(conn, who, "agreed_by").id for who in agreed_by
                       if record.one_line(who))
        candidates = tuple(conn.execute(sa.select(nomination.c.nominee_id).where(
            nomination.c.community_id == community_id, nomination.c.role == clean_role,
            nomination.c.status == record.ACCEPTED).order_by(nomination.c.id)).scalars())
        _no_pending_ballot(conn, community_id, clean_role)
        clean = record.check_consensus(clean_role, chosen.id, agreed,
                                       _members(conn, community_id), candidates,
                                       _holders(conn, community_id))
        made = seat_in(conn, community_id, clean_role, chosen.id, record.MUSYAWARAH, None,
                       clean)
    seat_evidence(ws, community_id, made)
    return made


def _names(conn: sa.Connection, ids: Iterable[str]) -> dict[str, str]:
    p = schema.participant
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {pid: name for pid, name in conn.execute(
        sa.select(p.c.id, p.c.name).where(p.c.id.in_(wanted)))}


def _nominations(conn: sa.Connection, community_id: str) -> list[Nomination]:
    rows = conn.execute(sa.select(nomination).where(nomination.c.community_id == community_id)
                        .order_by(nomination.c.id)).all()
    names = _names(conn, [r.nominee_id for r in rows] + [r.nominated_by for r in rows])
    return [Nomination(id=r.id, role=r.role, nominee_id=r.nominee_id,
                       nominee_name=names.get(r.nominee_id, r.nominee_id),
                       nominated_by=r.nominated_by,
                       nominated_by_name=names.get(r.nominated_by, r.nominated_by),
                       programme=r.programme, status=r.status, created_at=_utc(r.created_at),
                       accepted_at=_utc(r.accepted_at) if r.accepted_at else None) for r in rows]


def show(ws: Workspace, community_id: str) -> CommunityRecord:
    """The whole record of the community; an unknown id is an :class:`InputError` on ``id``."""
    with reading(ws) as conn:
        found = _community(conn, community_id)
        members = conn.execute(sa.select(member).where(member.c.community_id == community_id)
                               .order_by(member.c.admitted_at, member.c.participant_id)).all()
        seats = conn.execute(sa.select(board).where(board.c.community_id == community_id)).all()
        names = _names(conn, [m.participant_id for m in members]
                       + [s.participant_id for s in seats])
        nominations = _nominations(conn, community_id)
    order = {role: n for n, role in enumerate(record.ROLES)}
    return CommunityRecord(
        community=found,
        members=tuple(Member(id=m.participant_id, name=names.get(m.participant_id, ""),
                             admitted_by=m.admitted_by, reason=m.reason,
                             admitted_at=_utc(m.admitted_at)) for m in members),
        nominations=tuple(nominations),
        board=tuple(Seat(role=s.role, participant_id=s.participant_id,
                         name=names.get(s.participant_id, ""), method=s.method,
                         election_id=s.election_id, agreed_by=tuple(s.agreed_by or ()),
                         seated_at=_utc(s.seated_at))
                    for s in sorted(seats, key=lambda s: order.get(s.role, len(order)))))
