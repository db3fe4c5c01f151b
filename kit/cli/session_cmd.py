"""``umkm-kit session create|list|show|edit|close|checkin``: sessions of any activity.

The activities are the framework's (advokasi, bimtek, komunitas). ``checkin`` is what makes a
person present; it follows the activity's prerequisites (bimtek needs advokasi, komunitas needs
bimtek) unless the facilitator admits the person with ``--admit-reason``, which is recorded and
shown by ``show``. Bad input (unknown session, activity or participant, a date not written as
YYYY-MM-DD, an unknown district, an edit of a closed session) is one line naming the field, exit
status 2, and nothing is written. The work is done by :mod:`kit.records.session_service`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from kit.cli.common import add_lang, add_workspace, print_json, with_workspace
from kit.i18n import _
from kit.records import session_service as service
from kit.workspace import Workspace

BAD_INPUT = 2
# The service's field → how the command line names it.
OPTION = {
    "activity_id": "--activity", "date": "--date", "district": "--district",
    "title": "--title", "target_size": "--target", "room_capacity": "--capacity",
    "session_id": "ID", "participant_id": "PARTICIPANT_ID", "admit_reason": "--admit-reason",
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
    close = actions.add_parser("close", help=_("close a session (it can no longer be changed)"))
    close.add_argument("session_id", metavar="ID")
    checkin = actions.add_parser(
        "checkin", help=_("mark a participant present at a session"),
        description=_("Check a participant in. Someone who has not attended the activity's "
                      "prerequisite is refused unless admitted with --admit-reason."))
    checkin.add_argument("session_id", metavar="ID")
    checkin.add_argument("participant_id", metavar="PARTICIPANT_ID")
    checkin.add_argument("--admit-reason", default=None, metavar=_("TEXT"),
                         help=_("admit a participant who is not eligible, for this reason "
                                "(recorded)"))
    for p in (create, edit):
        p.add_argument("--venue", default=None, metavar=_("TEXT"))
        p.add_argument("--title", default=None, metavar=_("TEXT"))
        p.add_argument("--facilitator", default=None, metavar=_("NAME"))
        p.add_argument("--target", type=int, default=None, metavar="N",
                       help=_("planned number of participants"))
        p.add_argument("--capacity", type=int, default=None, metavar="N",
                       help=_("places in the room"))
    for p in (create, lst, show, edit, close, checkin):
        add_workspace(p)
        add_lang(p)
    create.set_defaults(func=_create)
    lst.set_defaults(func=_list)
    show.set_defaults(func=_show)
    edit.set_defaults(func=_edit)
    close.set_defaults(func=_close)
    checkin.set_defaults(func=_checkin)


def _refusing(command: Callable[[argparse.Namespace, Workspace], int]
              ) -> Callable[[argparse.Namespace, Workspace], int]:
    """Turn the service's :class:`SessionInputError` into one line naming the field (exit 2)."""
    def run(args: argparse.Namespace, ws: Workspace) -> int:
        try:
            return command(args, ws)
        except service.SessionInputError as exc:
            print(f"{OPTION.get(exc.field, exc.field)}: {exc.message}", file=sys.stderr)
            return BAD_INPUT

    run.__doc__ = command.__doc__
    return run


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
        (_("Status"), _("open") if s.status == "open" else _("closed")),
    )
    for label, value in facts:
        print("{label}: {value}".format(label=label, value="-" if value is None else value))
    print(_("Checked in: {n}").format(n=len(found.present)))
    for person in found.present:
        line = f"  {person.participant_id}  {person.name}"
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
        room_capacity=args.capacity)
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
@_refusing
def _checkin(args: argparse.Namespace, ws: Workspace) -> int:
    """Check the participant in (refused in one line when not eligible and not admitted)."""
    done = service.checkin(ws, args.session_id, args.participant_id, args.admit_reason)
    if not done.new:
        print(_("{name} was already checked in.").format(name=done.participant_name))
    elif done.admitted:
        print(_("{name} admitted and checked in.").format(name=done.participant_name))
    else:
        print(_("{name} checked in.").format(name=done.participant_name))
    return 0
