"""``python -m kit classroom``: the facilitator's password, the session code, PIN resets.

* ``classroom password`` — set or change the facilitator's password (asked twice in a terminal;
  one line from standard input otherwise);
* ``classroom open [--session ID]`` — open a classroom for a session (chosen from a numbered list
  in a terminal; without one, ``--session`` is needed) or show the open one;
* ``classroom close`` — close it: the code expires and participants' phones are signed out;
* ``classroom status`` — the open classroom, its code and who signed in;
* ``classroom pin PARTICIPANT_ID`` — give a participant a new random PIN (shown only here);
* ``classroom unlock PARTICIPANT_ID`` — let a participant locked out by wrong PINs try again
  (logged in the attempt log; no attempt is deleted).
"""

from __future__ import annotations

import argparse
import sys

from kit.cli.common import add_lang, add_workspace, with_workspace
from kit.i18n import _
from kit.workspace import Workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``classroom`` command and its sub-commands."""
    parser = sub.add_parser("classroom", help=_("run a classroom session on this laptop "
                                                "(password, session code, PINs)"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    for name, help_text, func in (
        ("password", _("set or change the facilitator's password"), _password),
        ("open", _("open a classroom session (or show the open one)"), _open),
        ("close", _("close the open session: its code expires"), _close),
        ("status", _("show the open session, its code and who signed in"), _status),
        ("pin", _("give a participant a new random PIN"), _pin),
        ("unlock", _("let a participant locked out by wrong PINs try again"), _unlock),
    ):
        action = actions.add_parser(name, help=help_text)
        add_workspace(action)
        add_lang(action)
        action.set_defaults(func=func)
        if name == "open":
            action.add_argument("--session", default=None, metavar="ID",
                                help=_("session id (default: chosen from a list in the terminal)"))
        if name in ("pin", "unlock"):
            action.add_argument("participant", metavar="PARTICIPANT_ID")


@with_workspace(1, create_demo=True)
def _password(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.classroom import service
    from kit.classroom.credentials import password_problem
    from kit.classroom.server import ask_password

    password = ask_password()
    if password is None:
        password = sys.stdin.readline().rstrip("\r\n")
        problem = password_problem(password)
        if problem:
            print(problem, file=sys.stderr)
            return 2
    service.set_password(ws, password)
    print(_("The facilitator's password is saved (hashed)."))
    return 0


@with_workspace(1, create_demo=True)
def _open(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.classroom import service
    from kit.classroom.codes import display_code
    from kit.classroom.server import choose_session
    from kit.classroom.store import ClassroomError

    try:
        chosen = args.session
        if chosen is None and service.current_classroom(ws) is None:
            chosen = choose_session(ws.engine)
            if chosen is None:
                print(_("No session was chosen: name it with --session ID (the projector page "
                        "lists the sessions)."), file=sys.stderr)
                return 2
        classroom = service.open_classroom(ws, chosen)
    except ClassroomError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(_("Open session {id}, code {code}.").format(id=classroom.session_id,
                                                     code=display_code(classroom.code)))
    return 0


@with_workspace(1)
def _close(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.classroom import service
    from kit.classroom.codes import display_code

    closed = service.close_classroom(ws)
    if closed is None:
        print(_("No classroom session is open."))
        return 0
    print(_("Session {id} is closed; code {code} no longer works.").format(
        id=closed.session_id, code=display_code(closed.code)))
    return 0


@with_workspace(1)
def _status(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.classroom import service
    from kit.classroom.codes import display_code

    status = service.status(ws)
    if status is None:
        print(_("No classroom session is open."))
        return 0
    print(_("Open session {id}, code {code}.").format(id=status.classroom.session_id,
                                                     code=display_code(status.classroom.code)))
    print(_("{joined} of {total} checked-in participants signed in.").format(
        joined=status.joined, total=status.total))
    return 0


@with_workspace(1)
def _pin(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.classroom import service

    given = service.new_pin(ws, args.participant)
    if given is None:
        print(_("There is no participant {id}.").format(id=args.participant), file=sys.stderr)
        return 1
    person, pin = given
    print(_("New PIN for {name}: {pin}").format(name=person.name, pin=pin))
    return 0


@with_workspace(1)
def _unlock(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.classroom import service

    if not service.unlock(ws, args.participant, "cli"):
        print(_("There is no participant {id}.").format(id=args.participant), file=sys.stderr)
        return 1
    print(_("Participant {id} can enter their PIN again.").format(id=args.participant))
    return 0
