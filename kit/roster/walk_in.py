"""A walk-in at the door: someone not on the roster registers and is checked in (a service).

The person is validated exactly as the roster import validates a row
(:func:`kit.roster.validate.validate_person`: the same name, phone, gender and type rules, the
district mapped to its official name or kept as written with a warning) and matched with the
people already stored as the import matches them (same phone; or, without a phone, same name and
village), so a person who is on the roster after all is not added twice. Then the check-in rule
of the door applies (:func:`kit.records.checkin.admit`: the activity's prerequisites, or an
admission with a reason). Everything happens in one write transaction: a refused check-in adds
nobody.
"""

from __future__ import annotations

import attrs

from kit.i18n import _
from kit.records import checkin as door
from kit.records.participants import get_participant
from kit.records.session_service import SessionInputError, activity_of
from kit.records.sessions import get_session
from kit.roster.merge import plan_people, store_people
from kit.roster.validate import field_label, validate_person
from kit.workspace import Workspace, writing

# The fields of the walk-in form, in the order their problems are reported.
FIELDS = ("name", "district", "phone", "gender", "participant_type", "business_name")


@attrs.frozen
class WalkIn:
    """A registered walk-in: the check-in, whether a new participant was added, warnings."""

    checkin: door.CheckIn
    new_participant: bool
    warnings: tuple[str, ...] = ()


def _field_of(label: str | None) -> str:
    for field in FIELDS:
        if label == field_label(field):
            return field
    return "name"


def register_walk_in(ws: Workspace, session_id: str, *, name: str, district: str,
                     phone: str | None = None, gender: str | None = None,
                     participant_type: str | None = None, business_name: str | None = None,
                     admit_reason: str | None = None, consent: bool | None = None) -> WalkIn:
    """Register a walk-in and check them in to the open session, in one transaction.

    Bad input raises :class:`~kit.records.session_service.SessionInputError` naming the field
    (``name``, ``district``, ``phone``, ``participant_type``) before anything is written; so
    does a person the activity's prerequisites do not allow without ``admit_reason``. As in the
    roster import, an unclear gender or an unknown district is only a warning (returned).
    ``consent`` (UU PDP), when answered, is recorded with the registration (context
    ``registration``, the session named); not answering records nothing.
    """
    typed = {"name": name, "district": district, "phone": phone, "gender": gender,
             "participant_type": participant_type, "business_name": business_name}
    checked = validate_person(_("walk-in at the door"), typed)
    if checked.entry is None:
        first = checked.problems[0]
        raise SessionInputError(_field_of(first.field), first.message)
    reason = door.clean_reason(admit_reason)
    with writing(ws) as conn:
        session = get_session(conn, session_id)
        if session is None:
            raise SessionInputError("session_id", _("there is no session {id!r} (see 'session "
                                                    "list')").format(id=session_id))
        people, merged = plan_people(conn, [checked.entry], _("walk-in at the door"))
        person = people[0]
        store_people(conn, people)
        stored = get_participant(conn, person.id)
        assert stored is not None  # noqa: S101 - stored just above
        done = door.admit(conn, session, activity_of(session.activity_id), stored, reason)
        door.record_door_consent(conn, session, stored.id, consent, context="registration")
    notes = [p.message for p in (*checked.warnings, *merged)]
    return WalkIn(done, new_participant=not person.existing, warnings=tuple(notes))
