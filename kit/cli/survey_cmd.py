"""``python -m kit survey``: the reaction survey (*evaluasi kegiatan*) of a session.

* ``survey show ID [--host ADDR] [--port N] [--no-qr]`` — the address participants open on their
  phones (the classroom server's ``/kelas/evaluasi``; the host defaults to this laptop's Wi-Fi
  address), a QR code of it, how many of those present have answered, and the projector page
  (``/kelas/layar/evaluasi``: QR code, address and count, refreshed every 10 s);
* ``survey summary ID [--format text|json]`` — per question the number of answers, the mean and
  the distribution (1–5) or the written answers, and how many responded of how many were
  present. No name or id of a respondent is ever printed.

The answering itself is the survey page (:class:`kit.classroom.web.SurveyHandler`); a session id
that does not exist is one line naming ``ID``, exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from kit.cli.common import add_lang, add_workspace, with_workspace
from kit.i18n import _, get_language
from kit.workspace import Workspace

BAD_INPUT = 2
DEFAULT_PORT = 8866  # the port of ``python -m kit start`` (kit/cli/start_cmd.py)
SURVEY_PATH = "/kelas/evaluasi"
SCREEN_PATH = "/kelas/layar/evaluasi"
OPTION = {"session_id": "ID", "participant_id": "PARTICIPANT_ID"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``survey`` command and its actions."""
    parser = sub.add_parser("survey", help=_("the reaction survey of a session: its address "
                                             "for the projector and its summary"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    show = actions.add_parser("show", help=_("print the survey's address (and QR code) and how "
                                             "many present have answered"))
    show.add_argument("session_id", metavar="ID")
    show.add_argument("--host", default=None, metavar=_("ADDRESS"),
                      help=_("the address phones use to reach this laptop (default: its Wi-Fi "
                             "address)"))
    show.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                      help=_("the classroom server's port (default: {port})").format(
                          port=DEFAULT_PORT))
    show.add_argument("--no-qr", action="store_true", help=_("do not draw the QR code"))
    summary = actions.add_parser("summary", help=_("summarise the survey's answers (no names)"))
    summary.add_argument("session_id", metavar="ID")
    summary.add_argument("--format", choices=("text", "json"), default="text")
    for p in (show, summary):
        add_workspace(p)
        add_lang(p)
    show.set_defaults(func=_show)
    summary.set_defaults(func=_summary)


def _refusing(command: Callable[[argparse.Namespace, Workspace], int]
              ) -> Callable[[argparse.Namespace, Workspace], int]:
    """Turn the service's :class:`SurveyInputError` into one line naming the field (exit 2)."""
    def run(args: argparse.Namespace, ws: Workspace) -> int:
        from kit.survey.questions import SurveyInputError

        try:
            return command(args, ws)
        except SurveyInputError as exc:
            print(f"{OPTION.get(exc.field, exc.field)}: {exc.text()}", file=sys.stderr)
            return BAD_INPUT

    run.__doc__ = command.__doc__
    return run


@with_workspace(1)
@_refusing
def _show(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the address, the QR code and the running count."""
    from kit.classroom.network import base_url, lan_address
    from kit.classroom.qr import qr_text
    from kit.classroom.service import current_classroom
    from kit.survey import service

    responded, present = service.progress(ws, args.session_id)
    url = base_url(args.host or lan_address() or "127.0.0.1", args.port) + SURVEY_PATH
    print(_("Session evaluation of {id}: {url}").format(id=args.session_id, url=url))
    if not args.no_qr:
        print(qr_text(url))
    print(_("{responded} of {present} participants present have answered.").format(
        responded=responded, present=present))
    print(_("On the projector (the laptop's browser): {url}").format(
        url=base_url("127.0.0.1", args.port) + SCREEN_PATH))
    classroom = current_classroom(ws)
    if not service.accepting(ws, args.session_id):
        print(_("the session is closed: its survey no longer takes answers"), file=sys.stderr)
    elif classroom is None or classroom.session_id != args.session_id:
        print(_("Participants can answer while this session's classroom is open: python -m kit "
                "classroom open --session {id}").format(id=args.session_id), file=sys.stderr)
    return 0


@with_workspace(1)
@_refusing
def _summary(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the summary as text or JSON."""
    from kit.survey import service

    result = service.summary(ws, args.session_id)
    lang = get_language()
    if args.format == "json":
        print(json.dumps(result.as_dict(lang), ensure_ascii=False, indent=2))
        return 0
    print(_("Session evaluation of {id}: {responded} of {present} participants present "
            "answered.").format(id=args.session_id, responded=result.responded,
                                present=result.present))
    for n, q in enumerate(result.questions, start=1):
        print(f"{n}. {q.question.text.get(lang)}")
        if q.question.is_scale:
            if q.mean is None:
                print("   " + _("no answers yet"))
                continue
            counts = "  ".join(f"{v}: {c}" for v, c in enumerate(q.distribution, start=1))
            print("   " + _("mean {mean:.1f} of 5 ({n} answers); {counts}").format(
                mean=q.mean, n=q.n, counts=counts))
        else:
            if not q.texts:
                print("   " + _("no answers yet"))
            for text in q.texts:
                print(f"   - {text}")
    return 0
