"""Check-in at the door: find a person by name or phone, mark them present, count the room.

:func:`admit` is the one connection-level check-in rule (inside the caller's write transaction):
the session must be open, the person must meet the activity's prerequisites or be admitted with
a reason, and the attendance row is inserted by one statement that cannot double-insert
(:func:`kit.records.sessions.check_in`). The services :func:`find` and :func:`door_counts` take a
:class:`~kit.workspace.Workspace` and own their (read) transaction; the walk-in registration,
which validates a row as the roster import does, is :mod:`kit.roster.walk_in`.

A phone number is searched as people type it (``0812 3456``, ``+62 812…``, ``3456``): its digits
are compared with the national part of the stored number (:mod:`kit.records.phone`).
"""

from __future__ import annotations

import re
import unicodedata

import attrs
import sqlalchemy as sa

from kit.framework import Activity
from kit.i18n import _
from kit.records.consent import current_consent, record_consent
from kit.records.eligibility import eligibility
from kit.records.participant_types import type_id
from kit.records.participants import Participant, list_participants
from kit.records.phone import COUNTRY, display_form
from kit.records.sessions import (
    Session,
    SessionInputError,
    attendees,
    check_in,
    one_line,
    participation,
)
from kit.workspace import Workspace, reading

REASON_MAX = 300
SEARCH_LIMIT = 20
MIN_PHONE_DIGITS = 3
# Who recorded a consent answer at the door when the session names no facilitator.
DOOR_RECORDER = "petugas pintu"


@attrs.frozen
class CheckIn:
    """The result of a check-in: new or already there, and whether it was an admission."""

    participant_name: str
    new: bool
    admitted: bool
    participant_id: str = ""


@attrs.frozen
class Candidate:
    """A person found at the door: who, how to recognise them, and whether they may come in."""

    participant_id: str
    name: str
    district: str
    phone: str | None  # as Indonesians write it (0812…)
    business_name: str | None
    participant_type: str  # umkm, ngo, government, community_board
    present: bool
    missing: tuple[str, ...]  # prerequisite activities not taken part in
    consent: bool | None = None  # current consent (UU PDP): None = never asked

    @property
    def eligible(self) -> bool:
        """Whether the activity's prerequisites allow the person in without a reason."""
        return not self.missing


@attrs.frozen
class DoorCounts:
    """The live counts at the door: present, expected (the target, or the invited), admitted."""

    present: int
    expected: int
    admitted: int


def clean_reason(admit_reason: str | None) -> str | None:
    """The facilitator's reason on one line (``None`` when not given); too long or empty refused."""
    if admit_reason is None:
        return None
    reason = one_line(admit_reason)
    if not reason:
        raise SessionInputError("admit_reason", _("write the reason for admitting this "
                                               "participant"))
    if len(reason) > REASON_MAX:
        raise SessionInputError("admit_reason", _("the reason is too long (at most {n} "
                                               "characters)").format(n=REASON_MAX))
    return reason


def admit(conn: sa.Connection, session: Session, activity: Activity, person: Participant,
          reason: str | None) -> CheckIn:
    """Check ``person`` in to the open ``session`` (inside the caller's write transaction).

    Someone already present is reported as such (``new`` false), even when a second check-in
    of the same person runs at the same moment. A person lacking a prerequisite is refused
    (:class:`SessionInputError` naming what is missing) unless ``reason`` is given: then the
    reason is recorded with the attendance.
    """
    if session.status != "open":
        raise SessionInputError("session_id", _("session {id!r} is closed; it can no longer be "
                                             "changed").format(id=session.id))
    if person.id in attendees(conn, session.id):
        return CheckIn(person.name, new=False, admitted=False, participant_id=person.id)
    taken_part = participation(conn, person.id).get(person.id, set())
    rule = eligibility(activity, taken_part)
    admitted = not rule.eligible
    if admitted and reason is None:
        raise SessionInputError("participant_id", _(
            "{name} is not eligible for {activity}: has not attended {missing} yet").format(
            name=person.name, activity=activity.id, missing=", ".join(rule.missing)),
            admittable=True)
    new = check_in(conn, session.id, person.id, admit_reason=reason if admitted else None)
    return CheckIn(person.name, new, admitted and new, participant_id=person.id)


def record_door_consent(conn: sa.Connection, session: Session, participant_id: str,
                        given: bool | None, context: str = "checkin") -> None:
    """Record the consent answered at the door (nothing when ``given`` is ``None``).

    The event names the session and, as who recorded it, the session's facilitator (or
    :data:`DOOR_RECORDER`). Inside the caller's write transaction, so a refused check-in
    records no answer either.
    """
    if given is None:
        return
    record_consent(conn, participant_id, given=given,
                   recorded_by=session.facilitator or DOOR_RECORDER, context=context,
                   session_id=session.id)


def _fold(text: str | None) -> str:
    """Lower case without accents and extra spaces, for matching names as typed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def phone_digits(query: str) -> str | None:
    """The national digits a typed (part of a) phone number stands for, or ``None``.

    ``0812 3456`` → ``8123456``, ``+62 812-34`` → ``81234``, ``3456`` → ``3456``. A query with
    letters, or with fewer than three digits, is not a phone number.
    """
    compact = re.sub(r"[\s\-.()\u00a0]+", "", query.strip())
    if not compact or not re.fullmatch(r"\+?\d+", compact):
        return None
    digits = compact.lstrip("+")
    if compact.startswith("+") or digits.startswith("62"):
        digits = digits[2:] if digits.startswith("62") else digits
    elif digits.startswith("00"):
        digits = digits[4:] if digits.startswith("0062") else digits
    digits = digits.lstrip("0") if digits.startswith("0") else digits
    return digits if len(digits) >= MIN_PHONE_DIGITS else None


def _national(stored: str | None) -> str:
    if not stored:
        return ""
    return stored[len(COUNTRY):] if stored.startswith(COUNTRY) else stored.lstrip("+")


def matches(person: Participant, query: str) -> bool:
    """Whether ``query`` finds ``person``: part of the phone's digits, or every word in a name.

    Words are matched in the name and the business name, without regard to case or accents.
    """
    digits = phone_digits(query)
    if digits is not None:
        return digits in _national(person.phone)
    words = _fold(query).split()
    where = _fold(person.name) + " " + _fold(person.business_name)
    return bool(words) and all(word in where for word in words)


def candidates(conn: sa.Connection, activity: Activity, session_id: str,
               people: list[Participant]) -> list[Candidate]:
    """``people`` as door candidates of the session (present? prerequisites missing?)."""
    here = set(attendees(conn, session_id))
    taken = participation(conn)
    consent = current_consent(conn)
    out = []
    for person in people:
        rule = eligibility(activity, taken.get(person.id, set()))
        out.append(Candidate(
            participant_id=person.id, name=person.name, district=person.district,
            phone=display_form(person.phone) if person.phone else None,
            business_name=person.business_name,
            participant_type=type_id(person.participant_type), present=person.id in here,
            missing=() if person.id in here else rule.missing,
            consent=consent[person.id].given if person.id in consent else None))
    return out


def find(ws: Workspace, session: Session, activity: Activity, query: str,
         limit: int = SEARCH_LIMIT) -> list[Candidate]:
    """People matching ``query`` (name words or phone digits), at most ``limit``, by name."""
    if not one_line(query):
        return []
    with reading(ws) as conn:
        found = [p for p in list_participants(conn) if matches(p, query)]
        found.sort(key=lambda p: (_fold(p.name), p.id))
        return candidates(conn, activity, session.id, found[:limit])


def door_counts(ws: Workspace, session: Session, activity: Activity) -> DoorCounts:
    """Present, expected and admitted for the session.

    Expected is the session's target size when set, otherwise everyone the prerequisites allow
    in (the invite list's eligible participants) plus those admitted.
    """
    from kit.records.invite import invite_groups

    with reading(ws) as conn:
        groups = invite_groups(conn, session, activity)
    present = len(groups.present) + len(groups.admitted)
    expected = session.target_size if session.target_size else (
        len(groups.eligible) + present)
    return DoorCounts(present=present, expected=expected, admitted=len(groups.admitted))
