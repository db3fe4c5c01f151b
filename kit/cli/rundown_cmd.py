"""``umkm-kit rundown show|set|start|next|extend|finish``: a session's rundown, planned and run.

The CLI twin of the rundown panel. ``show`` prints the plan (made from the framework, from 08:00,
the first time it is asked) with the actual times and what runs now; ``set`` changes one line's
start (``HH:MM``), minutes or speaker; ``start``, ``next``, ``extend MINUTES`` and ``finish`` keep
time. Bad input (unknown session or line, "8.00" as a time, a start that overlaps the line
before, a closed session) is one line naming the field, exit status 2, and nothing is written.
The work is done by :mod:`kit.rundown.service`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from kit.cli.common import add_lang, add_workspace, refusing, with_workspace
from kit.i18n import _, get_language
from kit.rundown import plan, service
from kit.rundown.live import countdown
from kit.workspace import Workspace

BAD_INPUT = 2
OPTION = {"session_id": "ID", "segment": "SEGMENT", "start": "--start", "minutes": "--minutes",
          "action": "ID"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``rundown`` command and its actions."""
    parser = sub.add_parser("rundown", help=_("show, edit and run a session's rundown"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    helps = {
        "show": _("show the rundown as planned and as run"),
        "set": _("change a rundown line's start, minutes or speaker"),
        "start": _("start the first line not yet run"),
        "next": _("end the running line and start the next"),
        "extend": _("give the running line more minutes (the later lines move)"),
        "finish": _("end the running line"),
    }
    parsers = {}
    for name, text in helps.items():
        p = actions.add_parser(name, help=text)
        p.add_argument("session_id", metavar="ID")
        add_workspace(p)
        add_lang(p)
        parsers[name] = p
    change = parsers["set"]
    change.add_argument("segment", metavar="SEGMENT", help=_("the line's id (see rundown show)"))
    change.add_argument("--start", default=None, metavar="HH:MM")
    change.add_argument("--minutes", type=int, default=None, metavar="N")
    change.add_argument("--speaker", default=None, metavar=_("NAME"))
    parsers["extend"].add_argument("minutes", type=int, metavar="MINUTES")
    parsers["show"].set_defaults(func=_show)
    change.set_defaults(func=_set)
    parsers["extend"].set_defaults(func=_extend)
    for name in ("start", "next", "finish"):
        parsers[name].set_defaults(func=_live)


_refusing = refusing(OPTION, service.RundownError)


def _print(rundown: service.Rundown) -> None:
    lang = get_language()
    activity = rundown.activity
    now = rundown.view()
    print(_("Rundown of {session} ({activity})").format(session=rundown.session.id,
                                                        activity=activity.id))
    for s in rundown.segments:
        ran = ""
        if s.started_at is not None:
            ran = "  " + _("ran {start}–{end}").format(
                start=s.started_at.astimezone().strftime("%H:%M"),
                end=s.ended_at.astimezone().strftime("%H:%M") if s.ended_at else "…")
        mark = "▶ " if s.running else "  "
        speaker = s.speaker or "-"
        print(f"{mark}{s.planned_start}–{s.planned_end}  {s.planned_minutes:>3}'  "
              f"{s.segment_id}  {plan.title(activity, s.segment_id, lang)}  [{speaker}]{ran}")
    if now.current is not None and now.seconds_left is not None:
        print(_("Now: {title}, time left {left}").format(
            title=plan.title(activity, now.current.segment_id, lang),
            left=countdown(now.seconds_left)))
    elif now.state == "finished":
        print(_("No segment is running now."))


@with_workspace(1)
@_refusing
def _show(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the plan, the actual times and what runs now."""
    _print(service.load(ws, args.session_id))
    return 0


@with_workspace(1)
@_refusing
def _set(args: argparse.Namespace, ws: Workspace) -> int:
    """Change one line and print the plan."""
    _print(service.set_segment(ws, args.session_id, args.segment, start=args.start,
                               minutes=args.minutes, speaker=args.speaker))
    return 0


LIVE: dict[str, Callable[[Workspace, str], service.Rundown]] = {
    "start": service.start, "next": service.advance, "finish": service.finish}


@with_workspace(1)
@_refusing
def _live(args: argparse.Namespace, ws: Workspace) -> int:
    """Start, move on or finish, and say what runs now."""
    after = LIVE[args.action](ws, args.session_id)
    now = after.view()
    if now.current is not None and now.seconds_left is not None:
        print(_("Now: {title}, time left {left}").format(
            title=plan.title(after.activity, now.current.segment_id, get_language()),
            left=countdown(now.seconds_left)))
    else:
        print(_("No segment is running now."))
    return 0


@with_workspace(1)
@_refusing
def _extend(args: argparse.Namespace, ws: Workspace) -> int:
    """Extend the running line and print the plan."""
    _print(service.extend(ws, args.session_id, args.minutes))
    return 0
