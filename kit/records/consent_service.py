"""Consent (UU PDP No. 27/2022) for the commands and the session app: give, withdraw, show, list.

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction; the log itself
is :mod:`kit.records.consent` (a person's current consent is their latest event; no event means
not asked, which counts as no). Bad input (an unknown participant, no name for who records it)
raises :class:`ConsentInputError` naming the field before anything is written. Rosters and the
door write yes/no in many ways; :func:`parse_answer` reads them all.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import sqlalchemy as sa

from kit.i18n import N_, _
from kit.problems import InputError
from kit.records.consent import ConsentState, consent_history, current_consent, record_consent
from kit.records.participants import Participant, get_participant, list_participants
from kit.records.sessions import one_line
from kit.tabular.yes_no import NotAnAnswer, yes_no
from kit.workspace import Workspace, reading, writing

__all__ = ["ConsentInputError", "ConsentState", "PersonConsent"]

# The answers, as district rosters and facilitators write them (compared case-folded).
YES = frozenset({"ya", "y", "iya", "yes", "1", "✓", "✔", "☑", "v", "setuju", "true", "benar",
                 "consented"})
NO = frozenset({"tidak", "tdk", "t", "no", "n", "0", "✗", "✘", "tidak setuju", "false",
                "not consented"})
# Written for a person never asked (also what ``roster export`` writes), read as blank.
UNASKED = frozenset({"", "-", "belum", "belum ditanya", "never asked", "not asked"})
BY_MAX = 200
# Who recorded an answer at the door when nobody is named and the session has no facilitator.
DOOR = "petugas pintu"
# The consent question read aloud at the door: one wording for the app's door panel and the
# door's command-line queue (translated where it is shown).
QUESTION_LABEL = N_("Consent to the use of data (UU PDP), read aloud:")
QUESTION = N_("Do you agree that data from this activity is used for the programme's reports, "
              "without your name or phone number?")
QUESTION_HINT = N_("No answer yet? They can still be checked in; ask later.")


class ConsentInputError(InputError):
    """Input that cannot be used: ``field`` names it, ``message`` says why (translated)."""


@attrs.frozen
class PersonConsent:
    """A participant and their latest consent event (``None``: never asked)."""

    participant_id: str
    name: str
    district: str
    latest: ConsentState | None

    @property
    def answer(self) -> str:
        """``yes``, ``no`` (refused or withdrawn) or ``unasked``."""
        if self.latest is None:
            return "unasked"
        return "yes" if self.latest.given else "no"

    def as_dict(self) -> dict[str, object]:
        """The keys of ``consent list --format json``."""
        latest = self.latest
        return {"id": self.participant_id, "name": self.name, "district": self.district,
                "consent": self.answer,
                "recorded_at": latest.recorded_at.isoformat() if latest else None,
                "recorded_by": latest.recorded_by if latest else None,
                "context": latest.context if latest else None}


def answer_label(answer: str) -> str:
    """How a consent answer (``yes``/``no``/``unasked``) is shown on the roster (translated)."""
    labels = {"yes": _("consented"), "no": _("not consented"), "unasked": _("never asked")}
    return labels[answer]


def parse_answer(value: object) -> bool | None:
    """The consent a cell or option means: ``True``, ``False``, or ``None`` for blank.

    ``ya``/``yes``/``y``/``1``/``✓``/``setuju`` are yes, ``tidak``/``no``/``n``/``0`` no; a blank
    cell, ``-`` or ``belum ditanya`` is not an answer. Anything else raises :class:`ValueError`
    with a translated reason.
    """
    try:
        return yes_no(value, YES, NO, UNASKED)
    except NotAnAnswer:
        pass
    raise ValueError(_("{value!r} is not a consent answer: write ya or tidak (blank when the "
                       "person was not asked)").format(value=str(value))) from None


def recorder(by: str | None) -> str:
    """Who records, on one line; :class:`ConsentInputError` (field ``by``) if empty or too long."""
    name = one_line(by or "")
    if not name:
        raise ConsentInputError("by", _("write who records the consent (the facilitator's "
                                        "name)"))
    if len(name) > BY_MAX:
        raise ConsentInputError("by", _("the name is too long (at most {n} characters)").format(
            n=BY_MAX))
    return name


def _known(conn: sa.Connection, participant_id: str) -> Participant:
    found = get_participant(conn, participant_id)
    if found is None:
        raise ConsentInputError("participant_id", _("there is no participant {id!r} (see "
                                                    "'roster list')").format(id=participant_id))
    return found


def _record(ws: Workspace, participant_ids: Sequence[str], by: str, given: bool,
            context: str, session_id: str | None = None) -> list[PersonConsent]:
    name = recorder(by)
    with writing(ws) as conn:
        people = [_known(conn, pid) for pid in dict.fromkeys(participant_ids)]
        return [PersonConsent(p.id, p.name, p.district, record_consent(
            conn, p.id, given=given, recorded_by=name, context=context, session_id=session_id))
            for p in people]


def give(ws: Workspace, participant_ids: Sequence[str], by: str,
         context: str = "registration", session_id: str | None = None) -> list[PersonConsent]:
    """Record that each participant consents (all or none: an unknown id refuses them all)."""
    return _record(ws, participant_ids, by, True, context, session_id)


def withdraw(ws: Workspace, participant_ids: Sequence[str], by: str) -> list[PersonConsent]:
    """Record that each participant withdraws (or refuses) consent (all or none)."""
    return _record(ws, participant_ids, by, False, "withdrawal")


def history(ws: Workspace, participant_id: str) -> list[ConsentState]:
    """Every consent event of one participant, oldest first (unknown id: input error)."""
    return person_history(ws, participant_id)[1]


def person_history(ws: Workspace, participant_id: str
                   ) -> tuple[PersonConsent, list[ConsentState]]:
    """One participant with their current consent, and all their events (unknown: error)."""
    with reading(ws) as conn:
        person = _known(conn, participant_id)
        events = consent_history(conn, participant_id)
    latest = events[-1] if events else None
    return PersonConsent(person.id, person.name, person.district, latest), events


def context_label(context: str) -> str:
    """Where an answer was recorded, as the facilitator reads it (translated)."""
    labels = {"roster": _("from the roster file"), "registration": _("at registration"),
              "checkin": _("at check-in"), "withdrawal": _("withdrawn")}
    return labels.get(context, context)


def states(ws: Workspace, missing: bool = False) -> list[PersonConsent]:
    """Every participant with their current consent (``missing``: only those never asked)."""
    with reading(ws) as conn:
        latest = current_consent(conn)
        people = list_participants(conn)
    found = [PersonConsent(p.id, p.name, p.district, latest.get(p.id)) for p in people]
    return [p for p in found if p.latest is None] if missing else found
