"""``umkm-kit puskom readiness|siting|class …``: readiness, siting and classes of a Puskom.

``questions`` prints the readiness criteria of the framework (``--format json`` for scripts).
``assess`` records one assessment of a place from an answers file (CSV or JSON, see
:mod:`kit.puskom.answers_file`); a bad row, key or option is one line naming the file, row and
field, exit status 2, and nothing is written. ``list`` prints every assessment with its id and
score; ``show ID`` one assessment as text, JSON or a printable HTML page (``--out FILE``). The
work is done by :mod:`kit.puskom.service` and the rule :mod:`kit.puskom.readiness`.

``siting`` ranks districts and villages by UMKM participants (counts only, small ones as
``< 3``; :mod:`kit.puskom.siting_service`). ``class kinds|schedule|enrol|attend|list|show`` runs
the programme's classes (:mod:`kit.puskom.class_service`); a refused participant is one line
naming them and the stage missing, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kit.cli.common import (
    add_lang,
    add_workspace,
    print_json,
    print_table,
    refusing,
    with_workspace,
)
from kit.framework import framework
from kit.i18n import _, get_language
from kit.problems import InputError
from kit.workspace import Workspace

BAD_INPUT = 2
# The service's field → how the command line names it.
OPTION = {"name": "--name", "district": "--district", "by": "--by", "on": "--on",
          "id": "ID", "kind": "--kind", "place": "--place", "at": "--at",
          "community": "--community"}


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
    _register_siting(topics)
    _register_classes(topics)


def _register_siting(topics: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``puskom siting``."""
    siting = topics.add_parser("siting", help=_("where to site a centre: UMKM participants per "
                                                "district and village"))
    siting.add_argument("--district", default=None, metavar=_("DISTRICT"),
                        help=_("only this kabupaten/kota (official name or Kemendagri code)"))
    siting.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(siting)
    add_workspace(siting)
    siting.set_defaults(func=_siting)


def _register_classes(topics: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``puskom class kinds|schedule|enrol|attend|list|show|counts``."""
    cls = topics.add_parser("class", help=_("classes of the centre's programme: schedule, enrol, "
                                            "attendance"))
    actions = cls.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    kinds = actions.add_parser("kinds", help=_("list the kinds of class and the stage each "
                                               "needs"))
    kinds.add_argument("--format", choices=("table", "json"), default="table")
    schedule = actions.add_parser("schedule", help=_("schedule a class"))
    schedule.add_argument("--kind", required=True, metavar=_("KIND"),
                          help=_("the kind of class (see 'puskom class kinds')"))
    schedule.add_argument("--place", required=True, metavar=_("VENUE"),
                          help=_("the centre or place where it is held"))
    schedule.add_argument("--district", required=True, metavar=_("DISTRICT"),
                          help=_("its kabupaten/kota (official name or Kemendagri code)"))
    schedule.add_argument("--on", required=True, metavar="YYYY-MM-DD", help=_("the day"))
    schedule.add_argument("--at", required=True, metavar="HH:MM", help=_("the starting time"))
    enrol = actions.add_parser("enrol", help=_("enrol participants or a community's members"))
    enrol.add_argument("class_id", metavar="ID")
    enrol.add_argument("participants", nargs="*", metavar=_("PARTICIPANT"),
                       help=_("participant ids"))
    enrol.add_argument("--community", default=None, metavar="ID",
                       help=_("enrol every member of this community who may enrol"))
    attend = actions.add_parser("attend", help=_("record who attended a class"))
    attend.add_argument("class_id", metavar="ID")
    attend.add_argument("participants", nargs="+", metavar=_("PARTICIPANT"),
                        help=_("participant ids"))
    lst = actions.add_parser("list", help=_("list the scheduled classes"))
    lst.add_argument("--format", choices=("table", "json"), default="table")
    show = actions.add_parser("show", help=_("show one class and who is enrolled"))
    show.add_argument("class_id", metavar="ID")
    show.add_argument("--format", choices=("text", "json"), default="text")
    counts = actions.add_parser("counts", help=_("classes per kind, district and month: "
                                                 "scheduled, enrolled, attended (no names)"))
    counts.add_argument("--format", choices=("table", "json"), default="table")
    for p in (kinds, schedule, enrol, attend, lst, show, counts):
        add_lang(p)
    for p in (schedule, enrol, attend, lst, show, counts):
        add_workspace(p)
    counts.set_defaults(func=_class_counts)
    kinds.set_defaults(func=_class_kinds)
    schedule.set_defaults(func=_class_schedule)
    enrol.set_defaults(func=_class_enrol)
    attend.set_defaults(func=_class_attend)
    lst.set_defaults(func=_class_list)
    show.set_defaults(func=_class_show)



def _refusal(exc: InputError) -> str:
    """``option: message``; a refused participant is named as such, not as an option."""
    label = _("participant") if exc.field == "participant" else OPTION.get(exc.field, exc.field)
    return f"{label}: {exc.message}"


_refusing = refusing(OPTION, line=_refusal)


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


def _stage_title(stage_id: str | None) -> str:
    if stage_id is None:
        return _("open to all")
    return framework().stage(stage_id).title.get(get_language())


@with_workspace(1)
@_refusing
def _siting(args: argparse.Namespace, ws: Workspace) -> int:
    """Print districts and villages ranked by UMKM participants (counts only)."""
    from kit.puskom.siting_service import siting

    ranked = siting(ws, args.district)
    if args.format == "json":
        print_json([d.as_dict() for d in ranked])
        return 0
    if not ranked:
        print(_("No UMKM participants here yet."))
        return 0
    heads = (_("RANK"), _("VILLAGE"), _("UMKM"), _stage_title("presence").upper(),
             _stage_title("portal").upper())
    for d in ranked:
        t = d.tally.as_dict()
        print(_("{rank}. {district}: {umkm} UMKM, {presence} reached {presence_title}, "
                "{portal} reached {portal_title}").format(
                    rank=d.rank, district=d.name + (f" ({d.code})" if d.code else ""),
                    umkm=t["umkm"], presence=t["presence"], portal=t["portal"],
                    presence_title=_stage_title("presence"),
                    portal_title=_stage_title("portal")))
        rows = []
        for v in d.villages:
            vt = v.tally.as_dict()
            rows.append([str(v.rank), v.name or _("(village not given)"), str(vt["umkm"]),
                         str(vt["presence"]), str(vt["portal"])])
        print_table(heads, rows)
        print()
    print(_("A count of 1 or 2 is shown as < 3 so that nobody can be identified."))
    return 0


def _class_kinds(args: argparse.Namespace) -> int:
    """Print the framework's kinds of class with the stage each needs."""
    lang = get_language()
    kinds = framework().puskom.class_kinds
    if args.format == "json":
        print_json([{"id": k.id, "programme": k.programme, "title": k.title.as_dict(),
                     "needs_stage": k.stage} for k in kinds])
        return 0
    print_table((_("ID"), _("CLASS"), _("NEEDS STAGE")),
                [[k.id, k.title.get(lang), _stage_title(k.stage)] for k in kinds])
    return 0


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(field, _("{value!r} is not a date written YYYY-MM-DD").format(
            value=value)) from None


@with_workspace(1)
@_refusing
def _class_schedule(args: argparse.Namespace, ws: Workspace) -> int:
    """Schedule one class and print its id."""
    from kit.puskom import class_service

    made = class_service.schedule(ws, args.kind, args.place, args.district,
                                  _day(args.on, "on"), args.at)
    kind = framework().puskom.class_kind(made.kind)
    print(_("Class {id} scheduled: {title}, {place}, {district}, {day} {time}.").format(
        id=made.id, title=kind.title.get(get_language()), place=made.place,
        district=made.district, day=made.held_on.isoformat(), time=made.starts_at))
    return 0


@with_workspace(1)
@_refusing
def _class_enrol(args: argparse.Namespace, ws: Workspace) -> int:
    """Enrol the participants named (all or none), or a community's members who may enrol."""
    from kit.puskom import class_service

    if args.community is not None and args.participants:
        raise InputError("community", _("give participant ids or --community, not both"))
    if args.community is not None:
        got, refused = class_service.enrol_community(ws, args.class_id, args.community)
        for r in refused:
            print(_("Not enrolled: {id} ({name}): {reason}").format(
                id=r.participant_id, name=r.name, reason=r.reason))
    else:
        got = class_service.enrol(ws, args.class_id, args.participants)
    print(_("Class {id}: {n} enrolled.").format(id=got.id, n=len(got.enrolled)))
    return 0


@with_workspace(1)
@_refusing
def _class_attend(args: argparse.Namespace, ws: Workspace) -> int:
    """Record the attendance of the participants named (all or none)."""
    from kit.puskom import class_service

    got = class_service.attend(ws, args.class_id, args.participants, date.today())
    print(_("Class {id}: {n} of {total} enrolled attended.").format(
        id=got.id, n=got.attended, total=len(got.enrolled)))
    return 0


@with_workspace(1)
@_refusing
def _class_list(args: argparse.Namespace, ws: Workspace) -> int:
    """Print every class with its id, kind, place, day and counts."""
    from kit.puskom import class_service

    lang = get_language()
    found = class_service.list_classes(ws)
    if args.format == "json":
        for_json = []
        for c in found:
            item = c.as_dict(lang)
            del item["enrolled"]
            for_json.append(item)
        print_json(for_json)
        return 0
    kinds = {k.id: k.title.get(lang) for k in framework().puskom.class_kinds}
    print_table((_("ID"), _("CLASS"), _("VENUE"), _("DISTRICT"), _("DATE"), _("TIME"),
                 _("ENROLLED"), _("ATTENDED")),
                [[c.id, kinds.get(c.kind, c.kind), c.place, c.district, c.held_on.isoformat(),
                  c.starts_at, str(len(c.enrolled)), str(c.attended)] for c in found])
    return 0


@with_workspace(1)
@_refusing
def _class_show(args: argparse.Namespace, ws: Workspace) -> int:
    """Print one class and the people enrolled, with their attendance."""
    from kit.puskom import class_service

    lang = get_language()
    c = class_service.show(ws, args.class_id)
    if args.format == "json":
        print_json(c.as_dict(lang))
        return 0
    kind = framework().puskom.class_kind(c.kind)
    print(kind.title.get(lang))
    for label, value in ((_("Class id"), c.id), (_("Venue"), c.place),
                         (_("District"), c.district),
                         (_("Day and time"), f"{c.held_on.isoformat()} {c.starts_at}"),
                         (_("Needs stage"), _stage_title(kind.stage)),
                         (_("Enrolled"), str(len(c.enrolled))),
                         (_("Attended"), str(c.attended))):
        print(f"{label}: {value}")
    if c.enrolled:
        print()
        print_table((_("ID"), _("NAME"), _("ATTENDED")),
                    [[e.participant_id, e.name, _("yes") if e.attended else _("no")]
                     for e in c.enrolled])
    return 0


@with_workspace(1)
@_refusing
def _class_counts(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the classes per kind × district × month: scheduled, enrolled, attended."""
    from kit.puskom import class_service

    found = class_service.counts(ws)
    if args.format == "json":
        print_json([c.as_dict() for c in found])
        return 0
    kinds = {k.id: k.title.get(get_language()) for k in framework().puskom.class_kinds}
    print_table((_("MONTH"), _("DISTRICT"), _("CLASS"), _("SCHEDULED"), _("ENROLLED"),
                 _("ATTENDED")),
                [[c.month, c.district, kinds.get(c.kind, c.kind), str(c.scheduled),
                  str(c.enrolled), str(c.attended)] for c in found])
    return 0
