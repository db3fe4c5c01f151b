"""``umkm-kit scores set|export``: record one observation, or export the tidy score table.

``scores set --participant ID --item ITEM --level 0|1|2 [--note T] [--by NAME] [--session ID]``
checks everything first (participant, item, level, session) and writes nothing on bad input: it
prints the reason in Bahasa Indonesia and in English and exits with status 2.

``scores export --format csv|xlsx|parquet [--out FILE]`` writes one row per participant × item
with a recorded score (see :mod:`kit.reports.table`); without ``--out`` CSV goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.assess.observe import record_observation
from kit.cli.common import add_lang, add_workspace, open_for_command, with_workspace
from kit.framework import framework
from kit.i18n import _, bilingual, get_language, gettext_
from kit.records.service import participant_and_session
from kit.reports.table import FORMATS, score_table, write_table
from kit.workspace import Workspace, WorkspaceError
from kit.workspace.layout import CONFIG_NAME

BAD_INPUT = 2
EN = "en"  # gettext_(msgid, EN) returns the msgid: the English text, still extracted


def fail(message: str, **values: object) -> int:
    """Print a bilingual error on stderr and return the bad-input exit status."""
    print(bilingual(message, **values), file=sys.stderr)
    return BAD_INPUT


def explain_not_a_workspace(root: Path, exc: WorkspaceError) -> None:
    """A folder that is not a workspace in both languages; a damaged configuration its line."""
    if (root / CONFIG_NAME).is_file():
        print(str(exc), file=sys.stderr)
    else:
        fail(gettext_("{path} is not a workspace; create it with "
                      "'python -m kit workspace init {path}'.", EN), path=root)


def open_or_fail(root: Path) -> Workspace | None:
    """Open the workspace, or print why not and return ``None`` (see ``open_for_command``).

    A folder that is not a workspace is explained in both languages; a damaged configuration
    its own line; a database that cannot be used (:class:`~kit.workspace.DatabaseUnavailable`)
    propagates to :func:`kit.cli.main`, which reports it and exits with status 1.
    """
    return open_for_command(root, explain=explain_not_a_workspace)


def output_file_problem(out: Path) -> str | None:
    """Why ``out`` cannot be written as a file (a folder, or its folder cannot be made)."""
    if out.is_dir():
        return _("--out {path} is a folder; give a file name, e.g. {example}").format(
            path=out, example=out / "skor.csv")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _("--out {path}: cannot create the folder {folder} ({reason})").format(
            path=out, folder=out.parent, reason=exc.strerror or exc)
    return None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``scores`` command and its ``set`` / ``export`` actions."""
    parser = sub.add_parser("scores", help=_("record or export participants' scores"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    set_ = actions.add_parser("set", help=_("record one observed level (0, 1 or 2)"))
    set_.add_argument("--participant", required=True, metavar="ID", help=_("participant id"))
    set_.add_argument("--item", required=True, metavar="ITEM_ID", help=_("item id"))
    set_.add_argument("--level", required=True, metavar="0|1|2",
                      help=_("2 independent, 1 with minimal help, 0 not yet"))
    set_.add_argument("--note", default=None, metavar="TEXT", help=_("a note (optional)"))
    set_.add_argument("--by", default=None, metavar="NAME", help=_("facilitator's name"))
    set_.add_argument("--session", default=None, metavar="ID", help=_("session id (optional)"))
    add_workspace(set_)
    add_lang(set_)
    set_.set_defaults(func=_set)

    export = actions.add_parser("export", help=_("write the table of latest scores"))
    export.add_argument("--format", choices=FORMATS, default="csv", help=_("file format"))
    export.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help=_("output file (default: CSV on standard output)"))
    add_workspace(export)
    add_lang(export)
    export.set_defaults(func=_export)


def _set(args: argparse.Namespace) -> int:
    fw = framework()
    try:
        item = fw.item(args.item)
    except KeyError:
        return fail(gettext_("Unknown item id {item!r}; 'python -m kit framework show' "
                             "lists them.", EN), item=args.item)
    try:
        level = int(str(args.level).strip())
    except ValueError:
        level = -1
    if level not in fw.rubric.valid_levels:
        return fail(gettext_("The level must be 0, 1 or 2, not {level!r}.", EN), level=args.level)
    note = args.note.strip() if args.note and args.note.strip() else None
    by = " ".join(args.by.split()) if args.by and args.by.strip() else None
    ws = open_or_fail(args.workspace)
    if ws is None:
        return BAD_INPUT
    participant, session = participant_and_session(ws, args.participant, args.session)
    if participant is None:
        return fail(gettext_("Unknown participant {participant!r} in this workspace.", EN),
                    participant=args.participant)
    if args.session and session is None:
        return fail(gettext_("Unknown session {session!r} in this workspace.", EN),
                    session=args.session)
    if session is not None and session.activity_id != item.activity_id:
        return fail(gettext_("Item {item!r} belongs to activity {item_activity!r}, but session "
                      "{session!r} is a {session_activity!r} session.", EN),
                    item=item.id, item_activity=item.activity_id, session=session.id,
                    session_activity=session.activity_id)
    record_observation(ws, participant.id, item.id, level, note=note, facilitator=by,
                       session_id=session.id if session else None)
    label = next(lv.title.get(get_language()) for lv in fw.rubric.levels if lv.level == level)
    print(_("Saved: {name} ({participant}), {item} = {level} ({label}).").format(
        name=participant.name, participant=participant.id, item=item.id, level=level,
        label=label))
    return 0


@with_workspace(BAD_INPUT, explain=explain_not_a_workspace)
def _export(args: argparse.Namespace, ws: Workspace) -> int:
    if args.out is None and args.format != "csv":
        return fail(gettext_("The {format} format needs --out FILE.", EN), format=args.format)
    frame = score_table(ws)
    if args.out is None:
        write_table(frame, "csv", sys.stdout)
        return 0
    problem = output_file_problem(args.out)
    if problem:
        print(problem, file=sys.stderr)
        return BAD_INPUT
    write_table(frame, args.format, args.out)
    print(_("{n} rows written to {path}.").format(n=len(frame), path=args.out), file=sys.stderr)
    return 0
