"""``umkm-kit help list|resolve`` and ``umkm-kit questions list|answer``: the room's queues.

The CLI twins of the session app's help and questions panels. ``help list ID`` shows the open
"Minta bantuan" requests of a session (name, place in the module, minutes waiting; ``--format
json`` for scripts), ``help resolve ID REQUEST_ID`` marks one done (``--by`` says who, recorded).
``questions list ID`` shows what participants typed into the modules' question boxes
(``--open``: the unanswered only), ``questions answer ID QUESTION_ID`` marks one answered. Bad
input (unknown session, a request or question of another session, an id that is not a number) is
one line naming the field, exit status 2, and nothing is written. The work is done by
:mod:`kit.room.help_service` and :mod:`kit.room.question_service`.
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
from kit.i18n import _, get_language
from kit.room import help_service, question_service
from kit.room.help_queue import RoomInputError, place_title
from kit.workspace import Workspace

BAD_INPUT = 2
DEFAULT_ACTOR = "fasilitator"
# The service's field → how the command line names it.
OPTION = {"session_id": "ID", "request_id": "REQUEST_ID", "question_id": "QUESTION_ID",
          "resolved_by": "--by", "answered_by": "--by"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``help`` and ``questions`` commands and their actions."""
    helper = sub.add_parser("help", help=_("the participants' \"Ask for help\" queue of a "
                                           "session"))
    help_actions = helper.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    help_list = help_actions.add_parser("list", help=_("list who is waiting for help"))
    help_list.add_argument("session_id", metavar="ID")
    help_list.add_argument("--format", choices=("table", "json"), default="table")
    resolve = help_actions.add_parser("resolve", help=_("mark a help request done"))
    resolve.add_argument("session_id", metavar="ID")
    resolve.add_argument("request_id", metavar="REQUEST_ID")

    asked = sub.add_parser("questions", help=_("the questions participants typed in the "
                                               "modules, for the Q&A"))
    q_actions = asked.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    q_list = q_actions.add_parser("list", help=_("list a session's questions"))
    q_list.add_argument("session_id", metavar="ID")
    q_list.add_argument("--open", action="store_true", help=_("only the unanswered questions"))
    q_list.add_argument("--format", choices=("table", "json"), default="table")
    answer = q_actions.add_parser("answer", help=_("mark a question answered"))
    answer.add_argument("session_id", metavar="ID")
    answer.add_argument("question_id", metavar="QUESTION_ID")
    for p in (resolve, answer):
        p.add_argument("--by", default=DEFAULT_ACTOR, metavar=_("NAME"),
                       help=_("who did it (recorded; default: fasilitator)"))
    for p in (help_list, resolve, q_list, answer):
        add_workspace(p)
        add_lang(p)
    help_list.set_defaults(func=_help_list)
    resolve.set_defaults(func=_help_resolve)
    q_list.set_defaults(func=_questions_list)
    answer.set_defaults(func=_questions_answer)


_refusing = refusing(OPTION, RoomInputError)


def _number(text: str, field: str) -> int:
    """``text`` as a whole number above zero, else :class:`RoomInputError` naming ``field``."""
    value = text.strip()
    if not value.isdigit() or int(value) < 1:
        raise RoomInputError(field, _("write the number shown by the list, not {given!r}")
                             .format(given=text))
    return int(value)


@with_workspace(1)
@_refusing
def _help_list(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the open requests of the session, longest waiting first."""
    entries = help_service.queue(ws, args.session_id)
    if args.format == "json":
        print_json([e.as_dict() for e in entries])
        return 0
    if not entries:
        print(_("Nobody is waiting."))
        return 0
    print_table((_("ID"), _("NAME"), _("PLACE"), _("WAITING (MIN)")),
           [[str(e.request.id), e.request.name, e.place, str(e.waiting_minutes)]
            for e in entries])
    return 0


@with_workspace(1)
@_refusing
def _help_resolve(args: argparse.Namespace, ws: Workspace) -> int:
    """Mark the request done."""
    request, changed = help_service.resolve(ws, args.session_id,
                                            _number(args.request_id, "request_id"), args.by)
    if changed:
        print(_("Help request {id} of {name} is done.").format(id=request.id, name=request.name))
    else:
        print(_("Help request {id} of {name} was already closed.").format(
            id=request.id, name=request.name))
    return 0


@with_workspace(1)
@_refusing
def _questions_list(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the session's questions, oldest first."""
    found = question_service.for_session(ws, args.session_id, include_answered=not args.open)
    if args.format == "json":
        print_json([{"id": q.id, "participant_id": q.participant_id, "name": q.name,
                     "activity": q.activity_id, "place_id": q.place,
                     "place": place_title(q.activity_id, q.place, get_language()), "text": q.text,
                     "asked_at": q.asked_at.isoformat(), "answered": q.answered,
                     "answered_by": q.answered_by} for q in found])
        return 0
    if not found:
        print(_("No questions yet."))
        return 0
    print_table((_("ID"), _("NAME"), _("ANSWERED"), _("QUESTION")),
           [[str(q.id), q.name, "✓" if q.answered else "-", q.text] for q in found])
    return 0


@with_workspace(1)
@_refusing
def _questions_answer(args: argparse.Namespace, ws: Workspace) -> int:
    """Mark the question answered."""
    question, changed = question_service.answer(ws, args.session_id,
                                                _number(args.question_id, "question_id"),
                                                args.by)
    if changed:
        print(_("Question {id} of {name} is marked answered.").format(id=question.id,
                                                                      name=question.name))
    else:
        print(_("Question {id} of {name} was already answered.").format(id=question.id,
                                                                        name=question.name))
    return 0
