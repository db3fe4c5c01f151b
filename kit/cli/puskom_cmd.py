"""``umkm-kit puskom readiness questions|assess|list|show``: whether a place is ready for a Puskom.

``questions`` prints the readiness criteria of the framework (``--format json`` for scripts).
``assess`` records one assessment of a place from an answers file (CSV or JSON, see
:mod:`kit.puskom.answers_file`); a bad row, key or option is one line naming the file, row and
field, exit status 2, and nothing is written. ``list`` prints every assessment with its id and
score; ``show ID`` one assessment as text, JSON or a printable HTML page (``--out FILE``). The
work is done by :mod:`kit.puskom.service` and the rule :mod:`kit.puskom.readiness`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from kit.cli.common import add_lang, add_workspace, print_json, print_table, with_workspace
from kit.framework import framework
from kit.i18n import _, get_language
from kit.problems import InputError
from kit.workspace import Workspace

BAD_INPUT = 2
# The service's field → how the command line names it.
OPTION = {"name": "--name", "district": "--district", "by": "--by", "on": "--on",
          "id": "ID"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``puskom`` command and its ``readiness`` actions."""
    parser = sub.add_parser("puskom", help=_("Puskom Kreatif: check whether a place is ready to "
                                             "be a creative community centre"))
    topics = parser.add_subparsers(dest="topic", metavar=_("TOPIC"), required=True)
    readiness = topics.add_parser("readiness", help=_("the Puskom Kreatif readiness check"))
    actions = readiness.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    questions = actions.add_parser("questions", help=_("list the readiness questions"))
    questions.add_argument("--format", choices=("table", "json"), default="table")
    assess = actions.add_parser("assess", help=_("record a readiness assessment of a place"))
    assess.add_argument("--name", required=True, metavar=_("NAME"),
                        help=_("the name of the place or centre"))
    assess.add_argument("--district", required=True, metavar=_("DISTRICT"),
                        help=_("its kabupaten/kota (official name or Kemendagri code)"))
    assess.add_argument("--by", required=True, metavar=_("NAME"),
                        help=_("who assessed it"))
    assess.add_argument("--answers", required=True, type=Path, metavar=_("FILE"),
                        help=_("answers file: CSV (kriteria,jawaban[,catatan]) or JSON "
                               "{criterion_id: \"ya\"|\"tidak\"|\"\"}"))
    assess.add_argument("--on", default=None, metavar="YYYY-MM-DD",
                        help=_("the day of the assessment (default: today)"))
    lst = actions.add_parser("list", help=_("list the recorded readiness assessments"))
    lst.add_argument("--format", choices=("table", "json"), default="table")
    show = actions.add_parser("show", help=_("show one readiness assessment"))
    show.add_argument("assessment_id", metavar="ID")
    show.add_argument("--format", choices=("text", "json", "html"), default="text")
    show.add_argument("--out", type=Path, default=None, metavar=_("FILE"),
                      help=_("write to this file instead of the screen"))
    for p in (questions, assess, lst, show):
        add_lang(p)
    for p in (assess, lst, show):
        add_workspace(p)
    questions.set_defaults(func=_questions)
    assess.set_defaults(func=_assess)
    lst.set_defaults(func=_list)
    show.set_defaults(func=_show)


def _refusing(command: Callable[[argparse.Namespace, Workspace], int]
              ) -> Callable[[argparse.Namespace, Workspace], int]:
    """Turn the service's :class:`InputError` into one line naming the option (exit 2)."""
    def run(args: argparse.Namespace, ws: Workspace) -> int:
        try:
            return command(args, ws)
        except InputError as exc:
            print(f"{OPTION.get(exc.field, exc.field)}: {exc.message}", file=sys.stderr)
            return BAD_INPUT

    run.__doc__ = command.__doc__
    return run


def _questions(args: argparse.Namespace) -> int:
    """Print the readiness criteria of the framework."""
    lang = get_language()
    puskom = framework().puskom
    if args.format == "json":
        print_json([{"id": c.id, "aspect": c.aspect, "factor": c.factor, "weight": c.weight,
                     "question": c.question.as_dict()} for c in puskom.readiness])
        return 0
    aspects = {a.id: a.title.get(lang) for a in puskom.aspects}
    factors = {f.id: f.title.get(lang) for f in puskom.success_factors}
    print_table((_("ID"), _("ASPECT"), _("FACTOR"), _("WEIGHT"), _("QUESTION")),
                [[c.id, aspects[c.aspect], factors[c.factor], str(c.weight),
                  c.question.get(lang)] for c in puskom.readiness])
    return 0


@with_workspace(1)
@_refusing
def _assess(args: argparse.Namespace, ws: Workspace) -> int:
    """Record the assessment read from the answers file and print its score."""
    from kit.puskom import service
    from kit.puskom.answers_file import AnswersFileError, read_answers
    from kit.puskom.page import percent_text

    try:
        on = date.fromisoformat(args.on) if args.on else date.today()
    except ValueError:
        raise InputError("on", _("{value!r} is not a date written YYYY-MM-DD").format(
            value=args.on)) from None
    try:
        read = read_answers(args.answers)
    except AnswersFileError as exc:
        print(exc.problem, file=sys.stderr)
        return BAD_INPUT
    made = service.assess(ws, args.name, args.district, read.answers, args.by, on,
                          notes=read.notes)
    r = made.readiness
    print(_("Assessment {id} recorded: {name}, {district}: {percent}, {verdict}.").format(
        id=made.id, name=made.name, district=made.district, percent=percent_text(r.percent),
        verdict=r.verdict_label))
    return 0


@with_workspace(1)
@_refusing
def _list(args: argparse.Namespace, ws: Workspace) -> int:
    """Print every recorded assessment with its id, score and verdict."""
    from kit.puskom import service
    from kit.puskom.page import percent_text

    found = service.list_assessments(ws)
    if args.format == "json":
        print_json([a.as_dict() for a in found])
        return 0
    rows = [[a.id, a.name, a.district, a.assessed_on.isoformat(), a.assessed_by,
             percent_text(a.readiness.percent), a.readiness.verdict_label] for a in found]
    print_table((_("ID"), _("NAME"), _("DISTRICT"), _("DATE"), _("BY"), _("SCORE"),
                 _("VERDICT")), rows)
    return 0


def _text(a_id: str, ws: Workspace) -> str:
    from kit.puskom import service
    from kit.puskom.page import context

    ctx = context(service.show(ws, a_id), get_language())
    lines = [ctx["title"] + ": " + ctx["centre"]]
    lines += [f"{label}: {value}" for label, value in ctx["facts"]]
    lines.append("{label}: {percent} ({verdict})".format(
        label=ctx["score_label"], percent=ctx["percent"], verdict=ctx["verdict_label"]))
    for group in ctx["groups"]:
        lines.append("")
        lines.append("{title} ({percent})".format(title=group["title"], percent=group["percent"]))
        for row in group["rows"]:
            note = " ({note})".format(note=row["note"]) if row["note"] else ""
            lines.append("  [{answer}] {question}{note}".format(
                answer=row["answer"], question=row["question"], note=note))
    for heading, texts in ((ctx["missing_heading"], ctx["missing"]),
                           (ctx["unanswered_heading"], ctx["unanswered"])):
        if texts:
            lines.append("")
            lines.append(heading + ":")
            lines += ["  - " + t for t in texts]
    return "\n".join(lines) + "\n"


@with_workspace(1)
@_refusing
def _show(args: argparse.Namespace, ws: Workspace) -> int:
    """Print (or write with ``--out``) one assessment as text, JSON or a printable page."""
    import json

    from kit.puskom import service
    from kit.puskom.page import STYLESHEET, TEMPLATE, context
    from kit.ui import Markup, render, style_html

    if args.format == "json":
        out = json.dumps(service.show(ws, args.assessment_id).as_dict(), ensure_ascii=False,
                         indent=2) + "\n"
    elif args.format == "html":
        lang = get_language()
        page = context(service.show(ws, args.assessment_id), lang)
        out = render(TEMPLATE, lang, style=Markup(style_html(STYLESHEET)), **page) + "\n"
    else:
        out = _text(args.assessment_id, ws)
    if args.out is None:
        sys.stdout.write(out)
        return 0
    args.out.write_text(out, encoding="utf-8")
    print(_("Written: {path}").format(path=args.out))
    return 0
