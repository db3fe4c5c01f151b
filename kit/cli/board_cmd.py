"""``umkm-kit board``: the live board of a session on the command line (the board tab's twin).

``board ID`` prints, for the participants checked in, how many achieved each item, what each
still misses and the room's stages before → now; ``--format json`` gives the same as JSON;
``--evidence PARTICIPANT ITEM`` prints what is behind one cell (the email sent, the post
written…). Bad input is one line naming the field (exit 2).
"""

from __future__ import annotations

import argparse
import sys

from kit.cli.common import add_lang, add_workspace, print_json, with_workspace
from kit.i18n import _, get_language
from kit.reports.live_board import Board
from kit.reports.live_board_service import BoardError, cell_evidence, live_board
from kit.workspace import Workspace

BAD_INPUT = 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``board`` command."""
    parser = sub.add_parser("board", help=_("the live board of a session: achievement per item "
                                            "and participant, stages before and now"))
    parser.add_argument("session_id", metavar="ID")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("output format (default: text)"))
    parser.add_argument("--evidence", nargs=2, metavar=("PARTICIPANT_ID", "ITEM_ID"),
                        help=_("show the evidence behind one participant's item instead"))
    add_workspace(parser)
    add_lang(parser)
    parser.set_defaults(func=_board)


@with_workspace(1)
def _board(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the board (or one cell's evidence) of the session."""
    lang = get_language()
    try:
        board = live_board(ws, args.session_id, lang)
    except BoardError as exc:
        print(f"ID: {exc}", file=sys.stderr)
        return BAD_INPUT
    if args.evidence:
        return _evidence(ws, board, args.evidence, args.format, lang)
    if args.format == "json":
        print_json(board.as_dict())
        return 0
    codes = {t.item_id: t.code for t in board.items}
    print(_("Present: {n}").format(n=len(board.rows)) + " · "
          + _("UMKM owners: {n}").format(n=sum(b.now for b in board.stages)))
    print(_("Achieved per item"))
    for tally in board.items:
        print(f"  {tally.code:<5} {tally.achieved:>3}/{tally.present:<3} {tally.title}")
    print(_("Still missing"))
    for row in board.rows:
        missing = ", ".join(codes[i] for i in row.missing) or _("every item achieved")
        print(f"  {row.name}: {missing}")
    print(_("Stages of the room: before the session and now"))
    for bar in board.stages:
        print(f"  {bar.title}: {bar.before} → {bar.now}")
    return 0


def _evidence(ws: Workspace, board: Board, wanted: list[str], fmt: str, lang: str) -> int:
    participant_id, item_id = wanted
    if participant_id not in {r.participant_id for r in board.rows}:
        print("PARTICIPANT_ID: " + _("{id!r} is not checked in to this session").format(
            id=participant_id), file=sys.stderr)
        return BAD_INPUT
    if item_id not in {t.item_id for t in board.items}:
        print("ITEM_ID: " + _("{id!r} is not an item of this session's activity").format(
            id=item_id), file=sys.stderr)
        return BAD_INPUT
    entries = cell_evidence(ws, participant_id, item_id, lang)
    if fmt == "json":
        print_json([{"kind": e.kind, "recorded_at": e.recorded_at,
                     "lines": [list(pair) for pair in e.lines]} for e in entries])
        return 0
    if not entries:
        print(_("No automatic evidence: the level was set by the facilitator."))
    for entry in entries:
        print(f"{entry.recorded_at} · {entry.kind}")
        for label, value in entry.lines:
            print(f"  {label}: {value}")
    return 0
