"""``umkm-kit session create|list|show|edit|close|checkin|invite|find|walk-in``: sessions.

The activities are the framework's (advokasi, bimtek, komunitas). ``checkin`` is what makes a
person present; it follows the activity's prerequisites (bimtek needs advokasi, komunitas needs
bimtek) unless the facilitator admits the person with ``--admit-reason``, which is recorded and
shown by ``show``. Bad input (unknown session, activity or participant, a date not written as
YYYY-MM-DD, an unknown district, an edit of a closed session) is one line naming the field, exit
status 2, and nothing is written. The work is done by :mod:`kit.records.session_service`.

``edit`` also sets the session's people: ``--committee ROLE=NAME`` (repeatable; the roles are
ketua, wakil_ketua, sekretaris, bendahara, anggota), ``--support NAME`` (repeatable; a bimtek's
support team of 2–3, 4.1.8, else a warning), ``--head-of-office`` (who signs *mengetahui*) and
``--notes``; a repeatable option given replaces the whole list (``--committee ""`` empties it).
``invite`` lists every roster participant as eligible, not yet eligible (with the missing
prerequisite), admitted (with the reason) or present. At the door, ``find`` searches by name
or phone as typed, and ``walk-in`` registers someone not on the roster (validated as a roster
row, :mod:`kit.roster.walk_in`) and checks them in — the CLI twins of the session app's panels.
``checkin`` and ``walk-in`` take ``--consent ya|tidak``: the person's answer to the consent
question (UU PDP), recorded with the check-in as an event of the session; left out, nothing is
recorded (``python -m kit consent`` records and lists it at other times).
"""

from __future__ import annotations

import argparse
import sys

from kit.cli.common import (
    add_lang,
    add_workspace,
    print_json,
    print_table,
    refusing,
    with_workspace,
)
from kit.i18n import _
from kit.records import session_service as service
from kit.records.consent_service import parse_answer
from kit.records.participant_types import type_label
from kit.records.session_people import role_label
from kit.roster.walk_in import register_walk_in
from kit.workspace import Workspace

BAD_INPUT = 2
# The service's field → how the command line names it.
OPTION = {
    "activity_id": "--activity", "date": "--date", "district": "--district",
    "title": "--title", "target_size": "--target", "room_capacity": "--capacity",
    "session_id": "ID", "participant_id": "PARTICIPANT_ID", "admit_reason": "--admit-reason",
    "committee": "--committee", "support_team": "--support", "head_of_office": "--head-of-office",
    "notes": "--notes", "name": "--name", "phone": "--phone", "gender": "--gender",
    "participant_type": "--type", "business_name": "--business",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``session`` command and its actions."""
    parser = sub.add_parser("session", help=_("create, list, edit, close sessions and check "
                                              "participants in"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    create = actions.add_parser("create", help=_("create a session of an activity"))
    create.add_argument("--activity", required=True, metavar="ID",
                        help=_("activity id from the framework (advokasi, bimtek, komunitas)"))
    create.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    create.add_argument("--district", required=True, metavar=_("NAME"),
                        help=_("kabupaten/kota (stored under its official name)"))
    lst = actions.add_parser("list", help=_("list the sessions with their check-in counts"))
    lst.add_argument("--format", choices=("table", "json"), default="table")
    show = actions.add_parser("show", help=_("show a session and who is checked in"))
    show.add_argument("session_id", metavar="ID")
    edit = actions.add_parser("edit", help=_("change an open session"))
    edit.add_argument("session_id", metavar="ID")
    edit.add_argument("--date", default=None, metavar="YYYY-MM-DD")
    edit.add_argument("--district", default=None, metavar=_("NAME"))
    edit.add_argument("--committee", action="append", default=None, metavar=_("ROLE=NAME"),
                      help=_("a member of the organising committee, e.g. ketua=\"Ibu Rina\" "
                             "(repeatable; replaces the committee)"))
    edit.add_argument("--support", action="append", default=None, metavar=_("NAME"),
                      help=_("a member of the support team (repeatable; replaces the team)"))
    edit.add_argument("--head-of-office", default=None, metavar=_("NAME"),
                      help=_("who signs the report as head of office (mengetahui)"))
    edit.add_argument("--notes", default=None, metavar=_("TEXT"),
                      help=_("the facilitator's notes on the session"))
    close = actions.add_parser("close", help=_("close a session (it can no longer be changed)"))
    close.add_argument("session_id", metavar="ID")
    checkin = actions.add_parser(
        "checkin", help=_("mark a participant present at a session"),
        description=_("Check a participant in. Someone who has not attended the activity's "
                      "prerequisite is refused unless admitted with --admit-reason."))
    checkin.add_argument("session_id", metavar="ID")
    checkin.add_argument("participant_ids", metavar="PARTICIPANT_ID", nargs="+",
                         help=_("one or more participants (several at once: one start-up of "
                                "the kit for the whole queue at the door)"))
    checkin.add_argument("--admit-reason", default=None, metavar=_("TEXT"),
                         help=_("admit a participant who is not eligible, for this reason "
                                "(recorded)"))
    checkin.add_argument("--consent", default=None, metavar="ya|tidak",
                         help=_("the person's answer to the consent question (UU PDP), "
                                "recorded with the check-in; left out: nothing recorded"))
    invite = actions.add_parser(
        "invite", help=_("list the roster by eligibility for a session"),
        description=_("Every roster participant: eligible, not yet eligible (and which "
                      "prerequisite is missing), admitted with a reason, or present."))
    invite.add_argument("session_id", metavar="ID")
    invite.add_argument("--format", choices=("table", "json"), default="table")
    find = actions.add_parser("find", help=_("find a person at the door by name or phone"))
    find.add_argument("session_id", metavar="ID")
    find.add_argument("query", metavar=_("TEXT"),
                      help=_("words of the name, or the phone number as typed (0812…, +62…)"))
    queue = actions.add_parser(
        "door", help=_("check people in one after another: type a name, phone or id per line"),
        description=_("The door's queue in one start-up: each line is a name, a phone number "
                      "as written or a participant id; one match is checked in, several are "
                      "listed by number. A person never asked about consent (UU PDP) is asked "
                      "right after: ya or tidak next records the answer. An empty line or "
                      "'selesai' ends. Lines may come from a pipe."))
    queue.add_argument("session_id", metavar="ID")
    walk = actions.add_parser(
        "walk-in", help=_("register someone not on the roster and check them in"),
        description=_("Register a walk-in, checked as a roster row is, and check them in. "
                      "Someone who has not attended the activity's prerequisite needs "
                      "--admit-reason."))
    walk.add_argument("session_id", metavar="ID")
    walk.add_argument("--name", required=True, metavar=_("NAME"))
    walk.add_argument("--district", required=True, metavar=_("NAME"),
                      help=_("kabupaten/kota"))
    walk.add_argument("--phone", default=None, metavar="08…")
    walk.add_argument("--gender", default=None, metavar="L/P")
    walk.add_argument("--type", default=None, metavar=_("TYPE"),
                      help=_("UMKM (default), LSM/praktisi, pemerintah or pengurus komunitas"))
    walk.add_argument("--business", default=None, metavar=_("TEXT"),
                      help=_("business name"))
    walk.add_argument("--admit-reason", default=None, metavar=_("TEXT"),
                      help=_("admit a participant who is not eligible, for this reason "
                             "(recorded)"))
    walk.add_argument("--consent", default=None, metavar="ya|tidak",
                      help=_("the person's answer to the consent question (UU PDP), "
                             "recorded with the registration; left out: nothing recorded"))
    for p in (create, edit):
        p.add_argument("--venue", default=None, metavar=_("TEXT"))
        p.add_argument("--title", default=None, metavar=_("TEXT"))
        p.add_argument("--facilitator", default=None, metavar=_("NAME"))
        p.add_argument("--target", type=int, default=None, metavar="N",
                       help=_("planned number of participants"))
        p.add_argument("--capacity", type=int, default=None, metavar="N",
                       help=_("places in the room"))
    for p in (create, lst, show, edit, close, checkin, invite, find, walk, queue):
        add_workspace(p)
        add_lang(p)
    create.set_defaults(func=_create)
    lst.set_defaults(func=_list)
    show.set_defaults(func=_show)
    edit.set_defaults(func=_edit)
    close.set_defaults(func=_close)
    checkin.set_defaults(func=_checkin)
    invite.set_defaults(func=_invite)
    find.set_defaults(func=_find)
    walk.set_defaults(func=_walk_in)
    queue.set_defaults(func=_door)


def _admit_hint(exc: service.SessionInputError) -> str:
    """How to admit on the command line, after a refusal the facilitator may override."""
    return " " + _("(admit with --admit-reason if the facilitator allows it)") \
        if exc.admittable else ""



def _refusal(exc: service.SessionInputError) -> str:
    """``option: message``, with the hint to admit a person who lacks a prerequisite."""
    return f"{OPTION.get(exc.field, exc.field)}: {exc.message}{_admit_hint(exc)}"


_refusing = refusing(OPTION, service.SessionInputError, line=_refusal)


def _consent(args: argparse.Namespace) -> tuple[bool | None, bool]:
    """The ``--consent`` answer (``None``: not given) and whether it was understood.

    A value that is neither yes nor no is one line naming ``--consent`` (the caller exits 2).
    """
    try:
        return parse_answer(args.consent), True
    except ValueError as exc:
        print(f"--consent: {exc}", file=sys.stderr)
        return None, False


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(_("warning: {text}").format(text=warning), file=sys.stderr)


@with_workspace(1)
@_refusing
def _create(args: argparse.Namespace, ws: Workspace) -> int:
    """Create the session and print its id (size warnings on stderr)."""
    session, warnings = service.create(
        ws, args.activity, args.date, args.district, title=args.title, venue=args.venue,
        facilitator=args.facilitator, target_size=args.target, room_capacity=args.capacity)
    _warn(warnings)
    print(session.id)
    return 0


@with_workspace(1)
@_refusing
def _list(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the sessions as a table or as JSON."""
    rows = [s.as_dict() for s in service.summaries(ws)]
    if args.format == "json":
        print_json(rows)
        return 0
    heads = (_("ID"), _("ACTIVITY"), _("DATE"), _("DISTRICT"), _("STATUS"), _("PRESENT"))
    keys = ("id", "activity", "date", "district", "status", "checked_in")
    cells = [[str(row[k] if row[k] is not None else "-") for k in keys] for row in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h)
              for i, h in enumerate(heads)]
    for line in (list(heads), *cells):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    return 0


@with_workspace(1)
@_refusing
def _show(args: argparse.Namespace, ws: Workspace) -> int:
    """Print a session's facts and who is checked in."""
    found = service.detail(ws, args.session_id)
    s = found.session
    facts = (
        (_("Session"), s.id), (_("Activity"), f"{s.activity_id} ({found.activity_title})"),
        (_("Title"), s.title), (_("Date"), s.date.isoformat() if s.date else None),
        (_("District"), s.district), (_("Venue"), s.venue),
        (_("Facilitator"), s.facilitator), (_("Target size"), s.target_size),
        (_("Room capacity"), s.room_capacity),
        (_("Support team"), ", ".join(s.support_team) or None),
        (_("Head of office"), s.head_of_office),
        (_("Status"), _("open") if s.status == "open" else _("closed")),
    )
    for label, value in facts:
        print("{label}: {value}".format(label=label, value="-" if value is None else value))
    print(_("Committee:") + ("" if s.committee else " -"))
    for member in s.committee:
        print(f"  {role_label(member.role)}: {member.name}")
    if s.notes:
        print(_("Notes:"))
        for line in s.notes.splitlines():
            print(f"  {line}")
    print(_("Checked in: {n}").format(n=len(found.present)))
    by_type = ", ".join(f"{type_label(kind)} {n}"
                        for kind, n in found.by_type().items() if n)
    if by_type:
        print("  " + by_type)
    for person in found.present:
        line = f"  {person.participant_id}  {person.name}"
        if person.participant_type:
            line += f"  [{type_label(person.participant_type)}]"
        if person.admit_reason:
            line += "  " + _("(admitted: {reason})").format(reason=person.admit_reason)
        print(line)
    return 0


@with_workspace(1)
@_refusing
def _edit(args: argparse.Namespace, ws: Workspace) -> int:
    """Change the fields given on the command line."""
    session, warnings = service.edit(
        ws, args.session_id, day=args.date, title=args.title, venue=args.venue,
        district=args.district, facilitator=args.facilitator, target_size=args.target,
        room_capacity=args.capacity, committee=args.committee, support_team=args.support,
        head_of_office=args.head_of_office, notes=args.notes)
    _warn(warnings)
    print(_("Session {id} saved.").format(id=session.id))
    return 0


@with_workspace(1)
@_refusing
def _close(args: argparse.Namespace, ws: Workspace) -> int:
    """Close the session."""
    session = service.close(ws, args.session_id)
    print(_("Session {id} is closed.").format(id=session.id))
    return 0


@with_workspace(1)
def _checkin(args: argparse.Namespace, ws: Workspace) -> int:
    """Check each participant in, each in its own transaction; a refusal is one line (exit 2).

    A person refused (not eligible, unknown) does not stop the others: at the door each person
    is their own check-in, and nothing of a refused one is written.
    """
    consent, understood = _consent(args)
    if not understood:
        return BAD_INPUT
    status = 0
    for participant_id in args.participant_ids:
        try:
            done = service.checkin(ws, args.session_id, participant_id, args.admit_reason,
                                   consent=consent)
        except service.SessionInputError as exc:
            print(f"{OPTION.get(exc.field, exc.field)}: {exc.message}{_admit_hint(exc)}",
                  file=sys.stderr)
            status = BAD_INPUT
            if exc.field != "participant_id":
                break  # the session itself is wrong: the same for everyone
            continue
        if not done.new:
            print(_("{name} was already checked in.").format(name=done.participant_name))
        elif done.admitted:
            print(_("{name} admitted and checked in.").format(name=done.participant_name))
        else:
            print(_("{name} checked in.").format(name=done.participant_name))
    return status


@with_workspace(1)
@_refusing
def _invite(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the invite list as a table (by group) or as JSON."""
    groups = service.invite_list(ws, args.session_id)
    if args.format == "json":
        print_json([i.as_dict() for i in groups.all()])
        return 0
    titles = {"eligible": _("Eligible"), "not_eligible": _("Not yet eligible"),
              "admitted": _("Admitted by the facilitator"), "present": _("Present")}
    for group, members in (("eligible", groups.eligible), ("not_eligible", groups.not_eligible),
                           ("admitted", groups.admitted), ("present", groups.present)):
        print(f"{titles[group]} ({len(members)})")
        rows = []
        for invitee in members:
            c = invitee.candidate
            why = (_("missing: {activities}").format(activities=", ".join(c.missing))
                   if c.missing else invitee.admit_reason or "")
            rows.append([c.participant_id, c.name, c.district, type_label(c.participant_type),
                         why])
        if rows:
            print_table((_("ID"), _("NAME"), _("DISTRICT"), _("TYPE"), _("WHY")), rows)
    return 0


@with_workspace(1)
@_refusing
def _find(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the people matching the name or phone typed, and whether they may come in."""
    found = service.find_people(ws, args.session_id, args.query)
    rows = []
    for c in found:
        if c.present:
            state = _("present")
        elif c.missing:
            state = _("not eligible: missing {activities}").format(
                activities=", ".join(c.missing))
        else:
            state = _("eligible")
        rows.append([c.participant_id, c.name, c.phone or "-", c.district, state])
    if not rows:
        print(_("Nobody found for {query!r}.").format(query=args.query))
        return 0
    print_table((_("ID"), _("NAME"), _("PHONE"), _("DISTRICT"), _("STATUS")), rows)
    counts = service.door_counts(ws, args.session_id)
    print(_("{present} present of {expected} expected").format(
        present=counts.present, expected=counts.expected))
    return 0


@with_workspace(1)
@_refusing
def _door(args: argparse.Namespace, ws: Workspace) -> int:
    """Check people in from standard input, one line a person (``kit/cli/door_cmd.py``)."""
    from kit.cli.door_cmd import door

    return door(args, ws)


@with_workspace(1)
@_refusing
def _walk_in(args: argparse.Namespace, ws: Workspace) -> int:
    """Register the walk-in and check them in (one line naming the field when refused)."""
    consent, understood = _consent(args)
    if not understood:
        return BAD_INPUT
    done = register_walk_in(ws, args.session_id, name=args.name, district=args.district,
                            phone=args.phone, gender=args.gender, participant_type=args.type,
                            business_name=args.business, admit_reason=args.admit_reason,
                            consent=consent)
    _warn(list(done.warnings))
    name = done.checkin.participant_name
    if not done.checkin.new:
        print(_("{name} was already checked in.").format(name=name))
    elif not done.new_participant:
        print(_("{name} is already on the roster ({id}) and is now checked in.").format(
            name=name, id=done.checkin.participant_id))
    else:
        print(_("{name} registered as {id} and checked in.").format(
            name=name, id=done.checkin.participant_id))
    return 0
