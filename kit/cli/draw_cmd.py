"""``umkm-kit draw ID`` and ``umkm-kit draw answer ID DRAW_ID LEVEL``: random questions.

The CLI twin of the draw panel (*pertanyaan acak*, Table 3.3). ``draw ID`` picks a present UMKM
owner (never the one drawn last) and a question of the activity's bank for the running rundown
segment's materi, saves the draw and prints who and the question; ``draw answer`` records the
answer's level (the rubric's 0–2) on the draw and as evidence for the item. ``draw list ID`` shows
the draws so far. Bad input (unknown session or draw, a level outside the rubric, a closed
session, nobody checked in) is one line naming the field, exit status 2, nothing written. The
work is done by :mod:`kit.room.draw_service`.
"""

from __future__ import annotations

import argparse
import sys

from kit.cli.common import add_lang, add_workspace, with_workspace
from kit.framework import framework
from kit.i18n import _, get_language
from kit.modules.quiz import question_bank
from kit.room import draw_service
from kit.workspace import Workspace

BAD_INPUT = 2
OPTION = {"session_id": "ID", "draw_id": "DRAW_ID", "level": "LEVEL"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``draw`` command: ``draw ID``, ``draw answer ID DRAW_ID LEVEL``, ``draw list ID``."""
    parser = sub.add_parser(
        "draw", help=_("draw a present participant and a random question"),
        usage="%(prog)s ID | answer ID DRAW_ID LEVEL | list ID",
        description=_("draw ID: draw a participant and a question for the running segment; "
                      "draw answer ID DRAW_ID LEVEL: record the answer's level; draw list ID: "
                      "the draws so far."))
    parser.add_argument("words", nargs="+", metavar="ARG")
    add_workspace(parser)
    add_lang(parser)
    parser.set_defaults(func=_dispatch)


def _fail(field: str, message: str) -> int:
    print(f"{OPTION.get(field, field)}: {message}", file=sys.stderr)
    return BAD_INPUT


def _dispatch(args: argparse.Namespace) -> int:
    """Check the words' shape before the workspace is opened, then run the action."""
    words: list[str] = args.words
    if words[0] == "answer":
        if len(words) != 4:
            return _fail("answer", _("write: draw answer ID DRAW_ID LEVEL"))
        for field, text in (("draw_id", words[2]), ("level", words[3])):
            if not text.isdigit():
                return _fail(field, _("write a whole number, not {given!r}").format(given=text))
        return _answer(args)
    if words[0] == "list":
        if len(words) != 2:
            return _fail("list", _("write: draw list ID"))
        return _list(args)
    if len(words) != 1:
        return _fail("session_id", _("write: draw ID (one session id)"))
    return _draw(args)


def _question_text(activity_id: str, question_id: str) -> str:
    try:
        return question_bank(activity_id).get(question_id).prompt.get(get_language())
    except KeyError:
        return question_id


@with_workspace(1)
def _draw(args: argparse.Namespace, ws: Workspace) -> int:
    """Draw and print who and the question."""
    session_id = args.words[0]
    try:
        activity_id = draw_service.activity_of(ws, session_id)
        made = draw_service.draw(ws, session_id, question_bank(activity_id))
    except draw_service.DrawServiceError as exc:
        return _fail(exc.field, exc.message)
    item = framework().item(made.item_id)
    print(_("Draw {id}: {name}").format(id=made.id, name=made.participant_name))
    print(_("Item: {item}").format(item=item.title.get(get_language())))
    print(_("Question: {text}").format(text=_question_text(activity_id, made.question_id)))
    return 0


@with_workspace(1)
def _answer(args: argparse.Namespace, ws: Workspace) -> int:
    """Record the level and say so."""
    _word, session_id, draw_id, level = args.words
    try:
        done = draw_service.answer(ws, session_id, int(draw_id), int(level))
    except draw_service.DrawServiceError as exc:
        return _fail(exc.field, exc.message)
    labels = {lv.level: lv.title.get(get_language()) for lv in framework().rubric.levels}
    print(_("Recorded: {name}, level {level} ({label})").format(
        name=done.participant_name, level=level, label=labels.get(int(level), "")))
    return 0


@with_workspace(1)
def _list(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the session's draws."""
    try:
        made = draw_service.draws(ws, args.words[1])
    except draw_service.DrawServiceError as exc:
        return _fail(exc.field, exc.message)
    for d in made:
        level = "-" if d.level is None else str(d.level)
        print(f"{d.id}  {d.participant_name}  {d.item_id}  {d.question_id}  {level}")
    return 0
