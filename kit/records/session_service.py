"""Sessions for the commands: create, list, show, edit, close and check in (services).

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction: everything it
writes is written together or not at all. Bad input raises :class:`SessionInputError` (the field
and one translated line) before anything is written. Check-in is what makes a person present;
it follows the framework's activity prerequisites (:mod:`kit.records.eligibility`) unless the
facilitator admits the person with a reason, which is recorded with the attendance.
"""

from __future__ import annotations

from datetime import date

import attrs
import sqlalchemy as sa

from kit.framework import Activity, framework
from kit.i18n import _, get_language
from kit.places import district_candidates
from kit.records.eligibility import eligibility, size_warnings
from kit.records.participants import get_participant
from kit.records.sessions import (
    Attendance,
    Session,
    attendance,
    attendance_counts,
    attendees,
    check_in,
    create_session,
    get_session,
    list_sessions,
    new_session_problems,
    one_line,
    participation,
    update_session,
)
from kit.workspace import Workspace, reading, writing

# The order in which a new or edited session's problems are reported (the first one is shown).
FIELD_ORDER = ("activity_id", "date", "district", "title", "target_size", "room_capacity")
REASON_MAX = 300


class SessionInputError(ValueError):
    """Input that cannot be used: ``field`` names it, ``message`` says why (translated)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


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
    """A session, who is checked in (with admission reasons) and the activity's title."""

    session: Session
    activity_title: str
    present: tuple[Attendance, ...]


@attrs.frozen
class CheckIn:
    """The result of a check-in: new or already there, and whether it was an admission."""

    participant_name: str
    new: bool
    admitted: bool


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


def edit(ws: Workspace, session_id: str, *, day: str | None = None, title: str | None = None,
         venue: str | None = None, district: str | None = None,
         facilitator: str | None = None, target_size: int | None = None,
         room_capacity: int | None = None) -> tuple[Session, list[str]]:
    """Change an open session's fields (``None``: unchanged); a closed one is refused.

    Returns the session as saved and the size warnings for its activity.
    """
    with writing(ws) as conn:
        current = _open_session(conn, session_id)
        changes: dict[str, object] = {}
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
        _check_size("target_size", target_size)
        _check_size("room_capacity", room_capacity)
        if target_size is not None:
            changes["target_size"] = target_size
        if room_capacity is not None:
            changes["room_capacity"] = room_capacity
        update_session(conn, session_id, **changes)
        saved = _session(conn, session_id)
    activity = activity_of(saved.activity_id)
    return saved, size_warnings(activity, saved.target_size, saved.room_capacity)


def close(ws: Workspace, session_id: str) -> Session:
    """Close a session (closing a closed one changes nothing); unknown id: input error."""
    with writing(ws) as conn:
        session = _session(conn, session_id)
        if session.status != "closed":
            update_session(conn, session_id, status="closed")
        return _session(conn, session_id)


def checkin(ws: Workspace, session_id: str, participant_id: str,
            admit_reason: str | None = None) -> CheckIn:
    """Mark a participant present at an open session, if the activity's prerequisites allow.

    A participant who lacks a prerequisite is refused (:class:`SessionInputError` naming what is
    missing) unless ``admit_reason`` is given: then they are admitted and the reason recorded.
    """
    reason = one_line(admit_reason or "") or None
    if admit_reason is not None and reason is None:
        raise SessionInputError("admit_reason", _("write the reason for admitting this "
                                                  "participant"))
    if reason is not None and len(reason) > REASON_MAX:
        raise SessionInputError("admit_reason", _("the reason is too long (at most {n} "
                                                  "characters)").format(n=REASON_MAX))
    with writing(ws) as conn:
        session = _open_session(conn, session_id)
        person = get_participant(conn, participant_id)
        if person is None:
            raise SessionInputError("participant_id", _("there is no participant {id!r} (see "
                                                        "'roster list')").format(
                id=participant_id))
        if participant_id in attendees(conn, session_id):
            return CheckIn(person.name, new=False, admitted=False)
        activity = activity_of(session.activity_id)
        taken_part = participation(conn, participant_id).get(participant_id, set())
        rule = eligibility(activity, taken_part)
        admitted = not rule.eligible
        if admitted and reason is None:
            raise SessionInputError("participant_id", _(
                "{name} is not eligible for {activity}: has not attended {missing} yet "
                "(admit with --admit-reason if the facilitator allows it)").format(
                name=person.name, activity=activity.id, missing=", ".join(rule.missing)))
        new = check_in(conn, session_id, participant_id,
                       admit_reason=reason if admitted else None)
    return CheckIn(person.name, new, admitted)
