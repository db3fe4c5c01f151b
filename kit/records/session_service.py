"""Sessions for the commands and the session app: create, list, show, edit, close, check in.

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction: everything it
writes is written together or not at all. Bad input raises :class:`SessionInputError` (the field
and one translated line) before anything is written. Check-in is what makes a person present;
it follows the framework's activity prerequisites (:mod:`kit.records.eligibility`) unless the
facilitator admits the person with a reason, which is recorded with the attendance
(:mod:`kit.records.checkin`). The session's people besides its participants (committee, support
team, head of office) follow :mod:`kit.records.session_people`; the invite list is
:mod:`kit.records.invite`. A walk-in is registered by :mod:`kit.roster.walk_in` (it validates the
person as the roster import validates a row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

import attrs
import sqlalchemy as sa

from kit.framework import Activity, framework
from kit.i18n import _, get_language
from kit.places import district_candidates
from kit.records import checkin as door
from kit.records import session_people as people
from kit.records.checkin import Candidate, CheckIn, DoorCounts
from kit.records.clock import now
from kit.records.eligibility import size_warnings
from kit.records.invite import InviteGroups, invite_groups
from kit.records.participant_types import TYPES, type_id
from kit.records.participants import Participant, get_participant
from kit.records.sessions import (
    Attendance,
    Session,
    SessionInputError,
    attendance,
    attendance_counts,
    create_session,
    get_session,
    list_sessions,
    new_session_problems,
    one_line,
    update_session,
)
from kit.workspace import Workspace, reading, writing

__all__ = ["Candidate", "CheckIn", "DoorCounts", "InviteGroups", "SessionDetail",
           "SessionInputError", "SessionSummary"]

T = TypeVar("T")
V = TypeVar("V")
# The order in which a new or edited session's problems are reported (the first one is shown).
FIELD_ORDER = ("activity_id", "date", "district", "title", "target_size", "room_capacity")
REASON_MAX = door.REASON_MAX
NOTES_MAX = 4000


@attrs.frozen
class SessionSummary:
    """A session with its number of participants checked in."""

    session: Session
    checked_in: int

    def as_dict(self) -> dict[str, object]:
        """The keys of ``session list --format json``."""
        s = self.session
        return {"id": s.id, "activity": s.activity_id,
                "date": s.date.isoformat() if s.date else None, "district": s.district,
                "status": s.status, "checked_in": self.checked_in}


@attrs.frozen
class SessionDetail:
    """A session, who is checked in (with admission reasons), the activity's title, counts."""

    session: Session
    activity_title: str
    present: tuple[Attendance, ...]

    def by_type(self) -> dict[str, int]:
        """Participant type id → how many are checked in (every type, zeros included)."""
        counts = dict.fromkeys(TYPES, 0)
        for person in self.present:
            counts[type_id(person.participant_type)] += 1
        return counts


def activity_of(activity_id: str) -> Activity:
    """The framework's activity with this id; :class:`SessionInputError` if there is none."""
    for activity in framework().activities:
        if activity.id == activity_id:
            return activity
    known = ", ".join(a.id for a in framework().activities)
    raise SessionInputError("activity_id", _("unknown activity {given!r}; the activities are: "
                                             "{known}").format(given=activity_id, known=known))


def official_district(text: str) -> str:
    """The official kabupaten/kota name ``text`` means; :class:`SessionInputError` if not one."""
    found = district_candidates(text)
    if len(found) == 1:
        return found[0].name
    if found:
        raise SessionInputError("district", _("{given!r} could be {choices}; write the full "
                                              "name").format(
            given=text, choices=_(" or ").join(d.name for d in found)))
    raise SessionInputError("district", _("{given!r} is not a kabupaten/kota the kit knows; "
                                          "write its official name, for example Kabupaten "
                                          "Sragen").format(given=text))


def _check_size(field: str, value: int | None) -> None:
    if value is not None and value < 1:
        raise SessionInputError(field, _("write a whole number above zero, not {n}").format(
            n=value))


def _first_problem(problems: dict[str, str]) -> None:
    for field in (*FIELD_ORDER, *problems):
        if field in problems:
            raise SessionInputError(field, problems[field])


def create(ws: Workspace, activity_id: str, day: str, district: str, *, title: str | None = None,
           venue: str | None = None, facilitator: str | None = None,
           target_size: int | None = None, room_capacity: int | None = None
           ) -> tuple[Session, list[str]]:
    """Create an open session; return it and the size warnings (outside the guide's ranges).

    The district is stored under its official name; without a title the activity's short title
    and the district are used ("Bimtek Kabupaten Sragen").
    """
    activity = activity_of(activity_id)
    _first_problem({k: v for k, v in new_session_problems(activity_id, title or "x", day,
                                                          district).items()
                    if k in ("date",)})
    official = official_district(district)
    _check_size("target_size", target_size)
    _check_size("room_capacity", room_capacity)
    short = activity.short_title.get(get_language())
    name = title if title is not None else f"{short} {official}"
    _first_problem(new_session_problems(activity_id, name, day, official))
    with writing(ws) as conn:
        session = create_session(conn, activity_id, name, day, official, venue=venue,
                                 facilitator=facilitator, target_size=target_size,
                                 room_capacity=room_capacity)
    return session, size_warnings(activity, target_size, room_capacity)


def summaries(ws: Workspace) -> list[SessionSummary]:
    """Every session, newest first, with its count of participants checked in."""
    with reading(ws) as conn:
        counts = attendance_counts(conn)
        return [SessionSummary(s, counts.get(s.id, 0)) for s in list_sessions(conn)]


def _session(conn: sa.Connection, session_id: str) -> Session:
    found = get_session(conn, session_id)
    if found is None:
        raise SessionInputError("session_id", _("there is no session {id!r} (see 'session "
                                                "list')").format(id=session_id))
    return found


def _open_session(conn: sa.Connection, session_id: str) -> Session:
    found = _session(conn, session_id)
    if found.status != "open":
        raise SessionInputError("session_id", _("session {id!r} is closed; it can no longer be "
                                                "changed").format(id=session_id))
    return found


def detail(ws: Workspace, session_id: str) -> SessionDetail:
    """The session, its activity's title and who is checked in (unknown id: input error)."""
    with reading(ws) as conn:
        session = _session(conn, session_id)
        present = tuple(attendance(conn, session_id))
    activity = next((a for a in framework().activities if a.id == session.activity_id), None)
    title = activity.title.get(get_language()) if activity else session.activity_id
    return SessionDetail(session, title, present)


def _people_input(field: str, parse: Callable[[V], T], value: V) -> T:
    try:
        return parse(value)
    except ValueError as exc:
        raise SessionInputError(field, str(exc)) from None


def edit(ws: Workspace, session_id: str, *, day: str | None = None, title: str | None = None,
         venue: str | None = None, district: str | None = None,
         facilitator: str | None = None, target_size: int | None = None,
         room_capacity: int | None = None, committee: Sequence[str] | None = None,
         support_team: Sequence[str] | None = None, head_of_office: str | None = None,
         notes: str | None = None) -> tuple[Session, list[str]]:
    """Change an open session's fields (``None``: unchanged); a closed one is refused.

    ``committee`` is a list of ``role=Name`` texts and ``support_team`` a list of names; each
    replaces the whole list (``[]`` or ``[""]`` empties it). An empty ``venue``,
    ``facilitator``, ``head_of_office`` or ``notes`` clears it. Returns the session as saved and
    the warnings for its activity (size and room outside the guide's ranges, a bimtek support
    team outside 2–3).
    """
    changes: dict[str, object] = {}
    if committee is not None:
        changes["committee"] = _people_input("committee", people.committee, committee)
    if support_team is not None:
        changes["support_team"] = _people_input("support_team", people.support_team,
                                                support_team)
    if head_of_office is not None:
        head = one_line(head_of_office)
        changes["head_of_office"] = _people_input(
            "head_of_office", people.person_name, head) if head else None
    if notes is not None:
        text = "\n".join(one_line(line) for line in notes.strip().splitlines()).strip()
        if len(text) > NOTES_MAX:
            raise SessionInputError("notes", _("the notes are too long (at most {n} "
                                               "characters)").format(n=NOTES_MAX))
        changes["notes"] = text or None
    _check_size("target_size", target_size)
    _check_size("room_capacity", room_capacity)
    with writing(ws) as conn:
        current = _open_session(conn, session_id)
        if day is not None:
            problems = new_session_problems(current.activity_id, current.title, day,
                                            current.district or "xxx")
            _first_problem({k: v for k, v in problems.items() if k == "date"})
            changes["date"] = date.fromisoformat(day.strip())
        if district is not None:
            changes["district"] = official_district(district)
        if title is not None:
            problems = new_session_problems(current.activity_id, title, current.date, "xxx")
            _first_problem({k: v for k, v in problems.items() if k == "title"})
            changes["title"] = one_line(title)
        if venue is not None:
            changes["venue"] = one_line(venue) or None
        if facilitator is not None:
            changes["facilitator"] = one_line(facilitator) or None
        if target_size is not None:
            changes["target_size"] = target_size
        if room_capacity is not None:
            changes["room_capacity"] = room_capacity
        update_session(conn, session_id, **changes)
        saved = _session(conn, session_id)
    return saved, warnings(saved)


def warnings(session: Session) -> list[str]:
    """The session's warnings: size and room outside the guide's ranges, support team (4.1.8)."""
    activity = activity_of(session.activity_id)
    found = size_warnings(activity, session.target_size, session.room_capacity)
    support = people.support_team_warning(activity, session.support_team)
    return [*found, *([support] if support else [])]


def close(ws: Workspace, session_id: str) -> Session:
    """Close a session (closing a closed one changes nothing); unknown id: input error."""
    with writing(ws) as conn:
        session = _session(conn, session_id)
        if session.status != "closed":
            update_session(conn, session_id, status="closed", closed_at=now())
        return _session(conn, session_id)


def checkin(ws: Workspace, session_id: str, participant_id: str,
            admit_reason: str | None = None, *, consent: bool | None = None) -> CheckIn:
    """Mark a participant present at an open session, if the activity's prerequisites allow.

    A participant who lacks a prerequisite is refused (:class:`SessionInputError` naming what is
    missing) unless ``admit_reason`` is given: then they are admitted and the reason recorded.
    Check-in is one statement that cannot double-insert: two check-ins of the same person at
    once leave one row; the second is told the person is already present (``new`` false).
    ``consent`` (UU PDP), when answered, is recorded in the same transaction as an event of the
    session (:func:`kit.records.checkin.record_door_consent`); not answering records nothing.
    """
    reason = door.clean_reason(admit_reason)
    with writing(ws) as conn:
        session = _session(conn, session_id)
        person = _person(conn, participant_id)
        done = door.admit(conn, session, activity_of(session.activity_id), person, reason)
        door.record_door_consent(conn, session, person.id, consent)
        return done


def door_consent(ws: Workspace, session_id: str, participant_id: str, given: bool) -> None:
    """Record a consent answer given at the door after the check-in, as an event of the session.

    The same event as ``checkin(…, consent=…)`` records (unknown session or person: input error).
    """
    with writing(ws) as conn:
        session = _session(conn, session_id)
        door.record_door_consent(conn, session, _person(conn, participant_id).id, given)


def _person(conn: sa.Connection, participant_id: str) -> Participant:
    """The roster's participant ``participant_id`` (unknown id: input error)."""
    person = get_participant(conn, participant_id)
    if person is None:
        raise SessionInputError("participant_id", _("there is no participant {id!r} (see "
                                                    "'roster list')").format(id=participant_id))
    return person


def session_and_activity(ws: Workspace, session_id: str) -> tuple[Session, Activity]:
    """The session and its framework activity (unknown id: input error)."""
    with reading(ws) as conn:
        session = _session(conn, session_id)
    return session, activity_of(session.activity_id)


def invite_list(ws: Workspace, session_id: str) -> InviteGroups:
    """Every roster participant: eligible / not yet eligible (why) / admitted (why) / present."""
    with reading(ws) as conn:
        session = _session(conn, session_id)
        return invite_groups(conn, session, activity_of(session.activity_id))


def find_people(ws: Workspace, session_id: str, query: str) -> list[Candidate]:
    """People at the door matching ``query``: words of the name, or digits of the phone."""
    session, activity = session_and_activity(ws, session_id)
    return door.find(ws, session, activity, query)


def door_counts(ws: Workspace, session_id: str) -> DoorCounts:
    """The live counts at the door: present, expected (target or invited) and admitted."""
    session, activity = session_and_activity(ws, session_id)
    return door.door_counts(ws, session, activity)


def attendance_by_type(ws: Workspace, session_id: str) -> dict[str, int]:
    """Participant type id → number checked in to the session (every type, zeros included)."""
    return detail(ws, session_id).by_type()
