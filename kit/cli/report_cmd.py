"""``umkm-kit report session|attendance-sheet|handout``: the printables of a session.

* ``report session ID --format pdf|xlsx|html [--output PATH] [--include-contacts]`` — the
  *laporan kegiatan* (names only; phone numbers only with ``--include-contacts``);
* ``report attendance-sheet ID [--output PATH]`` — the *daftar hadir* PDF: the expected
  participants in numbered rows with a signature column, and blank rows for walk-ins;
* ``report handout ACTIVITY [--output PATH]`` — a one-page participant handout of an activity,
  from the framework;
* ``report coordinator --period YYYY-MM [--db PATH|URL] [--province CODE] [--district CODE]
  --format pdf|xlsx [--output FILE]`` — the coordinator's monthly report, from the coordinator
  store only (:mod:`kit.coordinator.monthly`, :mod:`kit.reports.coordinator_report`); written
  to the current folder by default; a bad period, place or store is one line, exit 2.

Without ``--output`` the file goes to the workspace's ``reports/`` folder
(``laporan-<id>.pdf``, ``daftar-hadir-<id>.pdf``, ``handout-<activity>.pdf``) and its path is
printed. Bad input (an unknown session or activity, a session nobody was checked in to) is one
line naming the field, exit status 2, and no file is written. The work is done by
:mod:`kit.reports.session_report`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.cli.common import add_lang, add_workspace, refusing, with_workspace
from kit.i18n import _, get_language
from kit.modules.quiz import question_bank
from kit.reports.session_report import files, handout, sheet
from kit.reports.session_report.gather import ReportInputError, gather
from kit.ui import Markup, render, style_html
from kit.workspace import Workspace

BAD_INPUT = 2
OPTION = {"session_id": "ID", "activity_id": "ACTIVITY"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` command and its actions."""
    parser = sub.add_parser("report", help=_("make a session's activity report, attendance "
                                             "sheet or an activity's handout"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    session = actions.add_parser("session", help=_("the activity report (laporan kegiatan) of "
                                                   "a session"))
    session.add_argument("session_id", metavar="ID")
    session.add_argument("--format", choices=files.FORMATS, default="pdf")
    session.add_argument("--include-contacts", action="store_true",
                         help=_("include phone numbers (left out by default)"))
    attendance = actions.add_parser("attendance-sheet", help=_(
        "the printable attendance sheet (daftar hadir) of a session"))
    attendance.add_argument("session_id", metavar="ID")
    leaflet = actions.add_parser("handout", help=_("a one-page participant handout of an "
                                                   "activity"))
    leaflet.add_argument("activity_id", metavar="ACTIVITY",
                         help=_("activity id from the framework (advokasi, bimtek, komunitas)"))
    for p in (session, attendance, leaflet):
        p.add_argument("--output", type=Path, default=None, metavar=_("PATH"),
                       help=_("where to write the file (default: the workspace's reports "
                              "folder)"))
        add_workspace(p)
        add_lang(p)
    session.set_defaults(func=_session)
    attendance.set_defaults(func=_attendance_sheet)
    leaflet.set_defaults(func=_handout)
    _register_coordinator(actions)


def _register_coordinator(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``report coordinator``: the coordinator's monthly report, from the store only."""
    monthly = actions.add_parser("coordinator", help=_(
        "the coordinator's monthly report from the coordinator store"))
    monthly.add_argument("--period", required=True, metavar="YYYY-MM",
                         help=_("the month of the report"))
    monthly.add_argument("--db", default=None, metavar=_("PATH|URL"), help=_(
        "the store: a DuckDB file (default: coordinator.duckdb in the workspace folder, the "
        "file the coordinator dashboard reads) or postgresql://user@host/database"))
    monthly.add_argument("--province", default=None, metavar=_("CODE"),
                         help=_("only this province (official code, e.g. 33)"))
    monthly.add_argument("--district", default=None, metavar=_("CODE"),
                         help=_("only this district (official code, e.g. 33.14)"))
    monthly.add_argument("--format", choices=("pdf", "xlsx"), default="pdf")
    monthly.add_argument("--output", type=Path, default=None, metavar=_("FILE"), help=_(
        "where to write the report (default: the current folder)"))
    add_workspace(monthly)
    add_lang(monthly)
    monthly.set_defaults(func=_coordinator)


_refusing = refusing(OPTION, ReportInputError)


def _styles(name: str) -> Markup:
    """The ``<style>`` block of a stylesheet, as trusted markup for the template."""
    return Markup(style_html(name))


def _written(path: Path) -> int:
    print(_("Written: {path}").format(path=path))
    return 0


def _coordinator(args: argparse.Namespace) -> int:
    """Write the coordinator's monthly report (bad period, place or store: one line, exit 2)."""
    from kit.coordinator.monthly import MonthlyInputError, gather_monthly
    from kit.coordinator.queries import StoreUnavailable
    from kit.coordinator.store import default_store
    from kit.reports.coordinator_report import report_file

    lang = get_language()
    store = args.db or default_store(workspace=args.workspace)
    try:
        found = gather_monthly(store, args.period, province=args.province,
                               district=args.district)
    except MonthlyInputError as exc:
        print(f"{exc.field}: {exc.message}", file=sys.stderr)
        return BAD_INPUT
    except StoreUnavailable as exc:
        print(f"--db: {exc.line(lang)}", file=sys.stderr)
        return BAD_INPUT
    produced = report_file(found, args.format, lang)
    return _written(files.write_whole(produced, args.output or Path.cwd() / produced.name))


@with_workspace(1)
@_refusing
def _session(args: argparse.Namespace, ws: Workspace) -> int:
    """Gather the session's report and write it in the format asked for."""
    report = gather(ws, args.session_id, lang=get_language(),
                    include_contacts=args.include_contacts, banks=question_bank)
    produced = files.report_file(report, args.format, render, _styles)
    return _written(files.save(ws, produced, args.output))


@with_workspace(1)
@_refusing
def _attendance_sheet(args: argparse.Namespace, ws: Workspace) -> int:
    """Write the session's attendance sheet."""
    found = sheet.gather_sheet(ws, args.session_id, lang=get_language())
    produced = files.ReportFile(files.sheet_name(args.session_id), sheet.render(found),
                               files.MIME["pdf"])
    return _written(files.save(ws, produced, args.output))


@with_workspace(1)
@_refusing
def _handout(args: argparse.Namespace, ws: Workspace) -> int:
    """Write the activity's one-page handout."""
    activity = handout.activity_for_handout(args.activity_id)
    produced = files.ReportFile(files.handout_name(activity.id),
                                handout.render(activity, get_language()), files.MIME["pdf"])
    return _written(files.save(ws, produced, args.output))
