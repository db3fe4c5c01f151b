"""``python -m kit aggregate``: the coordinator store that collects packages (issue 14).

* ``aggregate ingest PACKAGE… [--db PATH|URL]`` — add packages (``python -m kit export
  --for-coordinator``) to the store; one line per package: accepted, already stored (nothing
  changed), replaces an older package of the same workspace, or refused with the reason. Exit
  status 2 when any package was refused (the others are still stored).
* ``aggregate status [--db] [--format text|json]`` — the reporting rate: which districts sent
  sessions for which months, and the months late (the store's current month) or missing.
* ``aggregate quality [--db] [--format text|json] [--today DATE]`` — the data-quality queue:
  sessions with nobody present, dates in the future or before 2015, sizes far outside the
  framework's.

The store is a DuckDB file, ``coordinator.duckdb`` in the workspace folder unless ``--db`` names
another file or a PostgreSQL database (``postgresql://user@host/database``). The work is done by
:mod:`kit.coordinator.store`. ``aggregate ingest --db spark:LAKE`` ingests into a Spark lake
folder instead (:mod:`kit.coordinator.spark_store`: the same rules, aggregates built by Spark in
local mode, or on the cluster that ``spark-defaults.conf`` names with ``--spark-master
default``); the dashboard reads it as ``spark:LAKE``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from kit.cli.common import add_lang, add_workspace, print_json
from kit.coordinator.quality import QualityIssue
from kit.coordinator.queries import SPARK_SCHEME
from kit.coordinator.reporting_rate import LATE, MISSING, REPORTED, DistrictMonth
from kit.coordinator.store import REFUSED, default_store, ingest, store_quality, store_status
from kit.i18n import _
from kit.places import district_by_code
from kit.problems import InputError

BAD_INPUT = 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``aggregate`` command and its actions."""
    parser = sub.add_parser(
        "aggregate", help=_("the coordinator store: collect packages, reporting rate, "
                            "data quality"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    ingest_p = actions.add_parser(
        "ingest", help=_("add coordinator packages to the store (one line per package)"))
    ingest_p.add_argument("packages", nargs="+", type=Path, metavar=_("PACKAGE"))
    ingest_p.add_argument("--spark-master", default="local[2]", metavar="MASTER", help=_(
        "with --db spark:LAKE, the Spark master (default local[2]; 'default' takes the one "
        "spark-defaults.conf names)"))
    status_p = actions.add_parser(
        "status", help=_("reporting rate: which districts sent which months, late or missing"))
    quality_p = actions.add_parser(
        "quality", help=_("data-quality queue: sessions whose figures look wrong"))
    quality_p.add_argument("--today", type=dt.date.fromisoformat, default=None,
                           metavar="YYYY-MM-DD",
                           help=_("judge dates as on this day (default: today)"))
    for p in (ingest_p, status_p, quality_p):
        p.add_argument("--db", default=None, metavar=_("PATH|URL"), help=_(
            "the store: a DuckDB file (default: coordinator.duckdb in the workspace folder, "
            "the file the coordinator dashboard reads) or postgresql://user@host/database"))
        add_workspace(p)
        add_lang(p)
    for p in (status_p, quality_p):
        p.add_argument("--format", choices=("text", "json"), default="text")
    ingest_p.set_defaults(func=_ingest)
    status_p.set_defaults(func=_status)
    quality_p.set_defaults(func=_quality)


def _store(args: argparse.Namespace) -> str:
    """``--db``, else the default store (``coordinator.duckdb`` in ``--workspace``)."""
    return str(args.db) if args.db else default_store(workspace=args.workspace)


def _ingest(args: argparse.Namespace) -> int:
    """Ingest every package named; exit 2 if any was refused."""
    store = _store(args)
    if store.startswith(SPARK_SCHEME):
        from kit.coordinator import spark_store  # Spark only when asked for

        lake = store.removeprefix(SPARK_SCHEME)
        if not lake:
            raise InputError("--db", _("name the lake folder after spark: (spark:/data/lake)"))
        master = None if args.spark_master == "default" else args.spark_master
        try:
            session = spark_store.spark_session(master=master)
        except spark_store.SparkUnavailable as exc:
            raise InputError("--db", str(exc)) from None
        results = spark_store.ingest_lake(session, args.packages, Path(lake))
    else:
        results = ingest(args.packages, store)
    for result in results:
        print(result.line())
    return BAD_INPUT if any(r.outcome == REFUSED for r in results) else 0


def _status_word(status: str) -> str:
    """A reporting status in words."""
    return {REPORTED: _("month reported"), LATE: _("month late"),
            MISSING: _("month missing")}[status]


def _district_name(code: str) -> str:
    """The official name of a district code, or the code when it is not known."""
    district = district_by_code(code)
    return district.name if district is not None else code


def _not_spark(args: argparse.Namespace) -> str:
    """The store of ``status``/``quality``: a Spark lake is refused in one line (not yet)."""
    store = _store(args)
    if store.startswith(SPARK_SCHEME):
        raise InputError("--db", _("the reporting rate and the quality queue read a DuckDB or "
                                   "PostgreSQL store; a Spark lake is for ingest and the "
                                   "dashboard"))
    return store


def _status(args: argparse.Namespace) -> int:
    """Print the reporting rate."""
    rows: list[DistrictMonth] = store_status(_not_spark(args))
    if args.format == "json":
        print_json([{"province_code": r.province_code, "district_code": r.district_code,
                     "month": r.month.strftime("%Y-%m"), "status": r.status,
                     "sessions": r.sessions} for r in rows])
        return 0
    if not rows:
        print(_("The store holds no sessions yet."))
        return 0
    for r in rows:
        print("{code}  {name}  {month}  {status}  {sessions}".format(
            code=r.district_code, name=_district_name(r.district_code),
            month=r.month.strftime("%Y-%m"), status=_status_word(r.status),
            sessions=_("{n} sessions held").format(n=r.sessions) if r.sessions else "-"))
    reported = sum(1 for r in rows if r.status == REPORTED)
    print(_("Reported {reported} of {expected} expected district-months ({percent:.0f}%).").format(
        reported=reported, expected=len(rows), percent=100 * reported / len(rows)))
    return 0


def _quality(args: argparse.Namespace) -> int:
    """Print the data-quality queue."""
    issues: list[QualityIssue] = store_quality(_not_spark(args), args.today)
    if args.format == "json":
        print_json([{"session_key": i.session_key, "district_code": i.district_code,
                     "date": i.date.isoformat() if i.date else None,
                     "activity_id": i.activity_id, "kind": i.kind, "detail": i.detail}
                    for i in issues])
        return 0
    if not issues:
        print(_("No session looks wrong."))
        return 0
    for i in issues:
        print("{district}  {date}  {activity}  {key}: {detail}".format(
            district=i.district_code or "-", date=i.date.isoformat() if i.date else "-",
            activity=i.activity_id or "-", key=i.session_key, detail=i.detail))
    return 0
