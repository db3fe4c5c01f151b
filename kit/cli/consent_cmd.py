"""``umkm-kit consent give|withdraw|show|list``: consent to the use of data (UU PDP No. 27/2022).

``give`` and ``withdraw`` record an event for one or more participants in the facilitator's name
(``--by``); an unknown participant refuses the whole command (one line, exit status 2, nothing
written). ``show`` prints one person's events, oldest first; ``list`` everyone's current answer
(``--missing``: only the people never asked), as a table or ``--format json`` (each item with its
``id``). The door records answers too (``session checkin|walk-in --consent``), and ``roster
import`` reads a consent column. The work is done by :mod:`kit.records.consent_service`.
"""

from __future__ import annotations

import argparse

from kit.cli.common import (
    add_lang,
    add_workspace,
    print_json,
    print_table,
    refusing,
    with_workspace,
)
from kit.i18n import _
from kit.records import consent_service as service
from kit.workspace import Workspace

BAD_INPUT = 2
# The service's field → how the command line names it.
OPTION = {"participant_id": "PARTICIPANT_ID", "by": "--by"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``consent`` command and its actions."""
    parser = sub.add_parser("consent", help=_("record, withdraw and list participants' consent "
                                              "to the use of their data"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    give = actions.add_parser("give", help=_("record that participants consent"))
    withdraw = actions.add_parser(
        "withdraw", help=_("record that participants withdraw (or refuse) consent"))
    for p in (give, withdraw):
        p.add_argument("participant_ids", metavar="PARTICIPANT_ID", nargs="+")
        p.add_argument("--by", required=True, metavar=_("NAME"),
                       help=_("who records it (the facilitator's name)"))
    show = actions.add_parser("show", help=_("show one participant's consent events"))
    show.add_argument("participant_id", metavar="PARTICIPANT_ID")
    lst = actions.add_parser("list", help=_("list every participant's current consent"))
    lst.add_argument("--missing", action="store_true",
                     help=_("only the participants never asked"))
    for p in (show, lst):
        p.add_argument("--format", choices=("table", "json"), default="table")
    for p in (give, withdraw, show, lst):
        add_workspace(p)
        add_lang(p)
    give.set_defaults(func=_give)
    withdraw.set_defaults(func=_withdraw)
    show.set_defaults(func=_show)
    lst.set_defaults(func=_list)


_refusing = refusing(OPTION, service.ConsentInputError)


def _when(person: service.PersonConsent) -> str:
    latest = person.latest
    return _clock(latest) if latest else "-"


def _clock(event: service.ConsentState) -> str:
    """When an event was recorded, as stored (the records' clock is UTC)."""
    return event.recorded_at.strftime("%Y-%m-%d %H:%M") + " UTC"


@with_workspace(1)
@_refusing
def _give(args: argparse.Namespace, ws: Workspace) -> int:
    """Record consent for each participant named."""
    for person in service.give(ws, args.participant_ids, args.by):
        print(_("{name} ({id}): consent recorded.").format(name=person.name,
                                                           id=person.participant_id))
    return 0


@with_workspace(1)
@_refusing
def _withdraw(args: argparse.Namespace, ws: Workspace) -> int:
    """Record the withdrawal for each participant named."""
    for person in service.withdraw(ws, args.participant_ids, args.by):
        print(_("{name} ({id}): consent withdrawn; their data no longer leaves the workspace "
                "row by row.").format(name=person.name, id=person.participant_id))
    return 0


@with_workspace(1)
@_refusing
def _show(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the participant's current answer and every event, oldest first."""
    person, events = service.person_history(ws, args.participant_id)
    if args.format == "json":
        print_json({**person.as_dict(), "events": [
            {"given": e.given, "recorded_at": e.recorded_at.isoformat(),
             "recorded_by": e.recorded_by, "context": e.context, "session": e.session_id}
            for e in events]})
        return 0
    print(_("{name} ({id}): consent now: {answer}").format(
        name=person.name, id=person.participant_id, answer=service.answer_label(person.answer)))
    rows = [[_clock(e),
             service.answer_label("yes" if e.given else "no"),
             service.context_label(e.context), e.recorded_by, e.session_id or "-"]
            for e in events]
    if rows:
        print_table((_("WHEN"), _("CONSENT"), _("WHERE"), _("BY"), _("SESSION")), rows)
    return 0


@with_workspace(1)
@_refusing
def _list(args: argparse.Namespace, ws: Workspace) -> int:
    """Print everyone's current consent (or only those never asked)."""
    people = service.states(ws, missing=args.missing)
    if args.format == "json":
        print_json([p.as_dict() for p in people])
        return 0
    rows = [[p.participant_id, p.name, p.district, service.answer_label(p.answer), _when(p),
             p.latest.recorded_by if p.latest else "-"] for p in people]
    print_table((_("ID"), _("NAME"), _("DISTRICT"), _("CONSENT"), _("WHEN"), _("BY")), rows)
    counts = {a: sum(1 for p in people if p.answer == a) for a in ("yes", "no", "unasked")}
    print(_("{yes} consented, {no} not consented, {unasked} never asked").format(**counts))
    return 0
