"""Write a validated roster in one transaction, merging people already known.

Two rows are the same person when they have the same normalised phone number, or, when at
least one of them has no phone, the same name and village (compared without regard to case or
extra spaces; without a village, the same name and district). The same rules match rows against
participants already in the workspace from earlier activities. A merged row fills fields that
were empty; a field that differs keeps the value seen first and gives a warning.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import sqlalchemy as sa

from kit.i18n import _
from kit.places import normalise_district
from kit.problems import Problem
from kit.records.clock import now
from kit.records.consent import current_consent, record_consent
from kit.records.participants import (
    Participant,
    add_participant,
    list_participants,
    new_participant_id,
)
from kit.records.sessions import check_in, get_session
from kit.roster.districts import set_district_code
from kit.roster.normalise import name_key
from kit.roster.problems import RosterError
from kit.roster.validate import ROW_FIELDS, RosterEntry, ValidatedRoster, field_label
from kit.storage import schema
from kit.storage.db import write_tx

PersonKey = tuple[str, str, str]
# Who recorded the consent column when the import does not say (``roster import --by``).
ROSTER_IMPORTER = "impor roster"


def person_key(values: dict[str, str | None]) -> PersonKey:
    """The name-and-place key of a person without a phone (see the module docstring)."""
    village = name_key(values.get("village"))
    district = "" if village else district_key(values.get("district"))
    return (name_key(values.get("name")), village, district)


def district_key(text: str | None) -> str:
    """The comparison form of a district: its official code if recognised, else its text."""
    official = normalise_district(text)
    return official.code if official is not None else name_key(text)


@attrs.define(eq=False)
class _Person:
    """A person being imported: an existing participant or a new one, and its rows."""

    id: str
    values: dict[str, str | None]
    existing: bool
    rows: list[int] = attrs.field(factory=list)
    changed: set[str] = attrs.field(factory=set)
    district_code: str | None = None
    age_given: str | None = None

    def where(self) -> str:
        if self.existing and not self.rows:
            return _("participant {id}").format(id=self.id)
        return _("row {row}").format(row=self.rows[0])


@attrs.frozen
class RosterImport:
    """What an import did: counts, the participant id of every row, and warnings."""

    new: int
    merged_existing: int
    duplicates_in_file: int
    updated: int
    checked_in: int
    row_ids: dict[int, str]
    warnings: tuple[Problem, ...]
    consent_recorded: int = 0


class _Index:
    """Find people by phone and by name-and-place key."""

    def __init__(self) -> None:
        self.by_phone: dict[str, _Person] = {}
        self.by_key: dict[PersonKey, list[_Person]] = {}

    def add(self, person: _Person) -> None:
        phone = person.values.get("phone")
        if phone:
            self.by_phone.setdefault(phone, person)
        bucket = self.by_key.setdefault(person_key(person.values), [])
        if person not in bucket:
            bucket.append(person)

    def find(self, values: dict[str, str | None]) -> tuple[_Person | None, str]:
        """The matching person and the rule (``phone`` or ``name``), or ``None``."""
        phone = values.get("phone")
        if phone and phone in self.by_phone:
            return self.by_phone[phone], "phone"
        for person in self.by_key.get(person_key(values), []):
            if not phone or not person.values.get("phone"):
                return person, "name"
        return None, ""

    def namesakes(self, values: dict[str, str | None]) -> list[_Person]:
        """People with the same name-and-place key (whatever their phone)."""
        return self.by_key.get(person_key(values), [])


def _merge(person: _Person, entry: RosterEntry, label: str, warnings: list[Problem]) -> None:
    for field in ROW_FIELDS:
        new = entry.values.get(field)
        old = person.values.get(field)
        if new is None or new == old:
            continue
        if old is None:
            person.values[field] = new
            person.changed.add(field)
            if field == "district":
                person.district_code = entry.district_code
            if field == "age_group":
                person.age_given = entry.age_given
        elif field == "district" and district_key(old) == district_key(new):
            continue
        elif field != "name" or name_key(old) != name_key(new):
            warnings.append(Problem(label, entry.row, entry.columns.get(field), _(
                "the {field} differs from {where}: {kept!r} is kept, {other!r} is not imported")
                .format(field=field_label(field), where=person.where(), kept=old, other=new)))


def _plan(entries: Iterable[RosterEntry], existing: list[Participant], label: str
          ) -> tuple[list[_Person], dict[int, str], list[Problem], int, int]:
    known = _Index()
    for participant in existing:
        values = {f: getattr(participant, f) for f in ROW_FIELDS}
        known.add(_Person(id=participant.id, values=values, existing=True))
    in_file = _Index()
    people: list[_Person] = []
    row_ids: dict[int, str] = {}
    warnings: list[Problem] = []
    duplicates = 0
    for entry in entries:
        values = entry.values
        person, rule = in_file.find(values)
        if person is not None:
            duplicates += 1
            text = (_("the same person as row {other} (same phone {phone}); merged into one "
                      "participant") if rule == "phone" else
                    _("the same person as row {other} (same name and village, no phone); "
                      "merged into one participant"))
            warnings.append(Problem(label, entry.row, None, text.format(
                other=person.rows[0], phone=values.get("phone"))))
        else:
            person, rule = known.find(values)
            if person is not None:
                text = (_("already in the workspace as participant {id} (same phone {phone}); "
                          "not added again") if rule == "phone" else
                        _("already in the workspace as participant {id} (same name and "
                          "village, no phone); not added again"))
                warnings.append(Problem(label, entry.row, None, text.format(
                    id=person.id, phone=values.get("phone"))))
            else:
                namesakes = {id(o): o for o in in_file.namesakes(values) + known.namesakes(values)}
                for other in namesakes.values():
                    warnings.append(Problem(label, entry.row, None, _(
                        "same name and village as {where} but a different phone; imported as "
                        "a different person").format(where=other.where())))
                person = _Person(id=new_participant_id(), values=dict(values), existing=False,
                                 district_code=entry.district_code,
                                 age_given=entry.age_given)
            people.append(person)
        if person.rows or person.existing:
            _merge(person, entry, label, warnings)
        person.rows.append(entry.row)
        in_file.add(person)
        known.add(person)
        row_ids[entry.row] = person.id
    merged_existing = sum(1 for p in people if p.existing)
    return people, row_ids, warnings, duplicates, merged_existing


def unknown_session(label: str, session_id: str) -> Problem:
    """The problem reported for a ``--session`` id that does not exist."""
    return Problem(label, None, None, _(
        "unknown session {id!r}; nothing was imported (list sessions in the facilitator "
        "dashboard or with the session id printed when it was created)").format(id=session_id))


def plan_people(conn: sa.Connection, entries: Iterable[RosterEntry], label: str
                ) -> tuple[list[_Person], list[Problem]]:
    """Match ``entries`` against each other and the stored participants (see the docstring).

    Returns the people to store (existing ones marked ``existing``) and the merge warnings.
    """
    people, _row_ids, warnings, _duplicates, _merged = _plan(entries, list_participants(conn),
                                                             label)
    return people, warnings


def store_people(conn: sa.Connection, people: Iterable[_Person]) -> int:
    """Add the new people and fill the changed fields of existing ones; return how many changed.

    Inside the caller's write transaction.
    """
    ts = now()
    updated = 0
    for person in people:
        if not person.existing:
            add_participant(conn, Participant(
                id=person.id, name=person.values["name"] or "",
                district=person.values["district"] or "",
                **{f: person.values[f] for f in ROW_FIELDS
                   if f not in ("name", "district")}))
        elif person.changed:
            updated += 1
            conn.execute(
                sa.update(schema.participant).where(schema.participant.c.id == person.id)
                .values(**{f: person.values[f] for f in person.changed}, updated_at=ts))
        if person.district_code is not None:
            set_district_code(conn, person.id, person.district_code)
        if person.age_given is not None:
            conn.execute(
                sa.update(schema.participant).where(schema.participant.c.id == person.id)
                .values(age_given=person.age_given[:32]))
    return updated


def record_roster_consent(conn: sa.Connection, roster: ValidatedRoster, row_ids: dict[int, str],
                          recorded_by: str) -> tuple[int, list[Problem]]:
    """Record the consent column (context ``roster``); return how many events and the warnings.

    Only a change is recorded: the same answer as the person's current one writes nothing. A
    "yes" never overturns a "no" recorded outside a roster (a refusal at the door, a
    withdrawal): an old roster imported again must not give back consent someone took away;
    a warning says how to record it if they consent again. Inside the caller's transaction.
    """
    current = current_consent(conn)
    recorded = 0
    warnings: list[Problem] = []
    for entry in roster.entries:
        if entry.consent is None:
            continue
        pid = row_ids[entry.row]
        state = current.get(pid)
        if state is not None and state.given == entry.consent:
            continue
        if state is not None and entry.consent and state.context != "roster":
            warnings.append(Problem(roster.file, entry.row, entry.columns.get("consent"), _(
                "consent was refused or withdrawn on {date} ({by}); the roster's yes is not "
                "recorded (if the person consents again: python -m kit consent give {id} --by "
                "NAME)").format(date=state.recorded_at.date().isoformat(),
                                by=state.recorded_by, id=pid)))
            continue
        current[pid] = record_consent(conn, pid, given=entry.consent, recorded_by=recorded_by,
                                      context="roster")
        recorded += 1
    return recorded, warnings


def import_roster(engine: sa.Engine, roster: ValidatedRoster,
                  session_id: str | None = None,
                  recorded_by: str | None = None) -> RosterImport:
    """Import a validated roster in one write transaction (all or nothing).

    Raises :class:`RosterError` if the roster has problems or the session does not exist;
    then nothing is written. With ``session_id`` every imported person is checked in to it.
    The consent column is recorded as given by ``recorded_by`` (default
    :data:`ROSTER_IMPORTER`), see :func:`record_roster_consent`.
    """
    if not roster.ok:
        raise RosterError(list(roster.problems))
    with write_tx(engine) as conn:
        if session_id is not None and get_session(conn, session_id) is None:
            raise RosterError([unknown_session("--session", session_id)])
        people, row_ids, warnings, duplicates, merged = _plan(
            roster.entries, list_participants(conn), roster.file)
        updated = store_people(conn, people)
        consented, consent_warnings = record_roster_consent(
            conn, roster, row_ids, recorded_by or ROSTER_IMPORTER)
        warnings.extend(consent_warnings)
        checked_in = 0
        if session_id is not None:
            for person in people:
                checked_in += check_in(conn, session_id, person.id)
    return RosterImport(
        new=sum(1 for p in people if not p.existing), merged_existing=merged,
        duplicates_in_file=duplicates, updated=updated, checked_in=checked_in,
        row_ids=row_ids, warnings=tuple(warnings), consent_recorded=consented,
    )
