"""``umkm-kit roster import|list|export|normalise-districts``: participant lists in and out.

``import FILE`` validates every row first; if any row is bad nothing is written and every
problem is printed as ``file:row:column: message`` (exit status 2). A file refused as a whole
(not a regular file, above 20 MB, not UTF-8, too many rows: see :mod:`kit.roster.read`) gives
one line. ``export --out FILE`` writes CSV or XLSX as ``--format`` or the extension says; any
other extension, or one contradicting ``--format``, is refused in one line (exit status 2).
``normalise-districts [--dry-run]`` maps districts stored as typed to the official names.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.cli.common import add_lang, add_workspace, open_for_command, print_json, with_workspace
from kit.i18n import _
from kit.problems import Problem
from kit.roster import service
from kit.roster.export import FORMATS, csv_text, write_csv, write_xlsx
from kit.roster.headers import parse_mappings
from kit.roster.problems import RosterError
from kit.roster.validate import validate_roster
from kit.workspace import Workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``roster`` command and its ``import`` / ``list`` / ``export`` actions."""
    parser = sub.add_parser("roster", help=_("import, list or export participant rosters"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    imp = actions.add_parser(
        "import", help=_("import participants from a CSV or XLSX roster"),
        description=_("Import a roster (CSV or XLSX). Every row is checked first: if any row "
                      "has a problem nothing is imported and every problem is listed."))
    imp.add_argument("file", type=Path, metavar=_("FILE"))
    imp.add_argument("--session", metavar="ID", default=None,
                     help=_("also check the imported participants in to this session"))
    imp.add_argument("--by", default=None, metavar=_("NAME"),
                     help=_("who imports (the consent column is recorded in this name; "
                            "default: \"impor roster\")"))
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help=_("read a column with another header as a field, e.g. "
                            "--map \"Nama Pemilik=name\" (repeatable)"))
    lst = actions.add_parser("list", help=_("print the participants stored in the workspace"))
    lst.add_argument("--format", choices=("json", "csv"), default="json")
    exp = actions.add_parser("export", help=_("write the participants to a CSV or XLSX file"))
    exp.add_argument("--format", choices=("csv", "xlsx"), default=None,
                     help=_("file format (default: from the file name)"))
    exp.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    norm = actions.add_parser(
        "normalise-districts",
        help=_("change stored district names to the official kabupaten/kota names"),
        description=_("Map every stored district (\"Kab. Sragen\", \"SRAGEN\") to its "
                      "official name and Kemendagri code, and list what changed and what "
                      "could not be mapped, one line each."))
    norm.add_argument("--dry-run", action="store_true",
                      help=_("only show what would change; write nothing"))
    for p in (imp, lst, exp, norm):
        add_workspace(p)
        add_lang(p)
    imp.set_defaults(func=_import)
    lst.set_defaults(func=_list)
    exp.set_defaults(func=_export)
    norm.set_defaults(func=_normalise_districts)


def _print_problems(problems: list[Problem] | tuple[Problem, ...]) -> None:
    print(_("Nothing was imported; the roster has {n} problem(s):").format(n=len(problems)),
          file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def _import(args: argparse.Namespace) -> int:
    mapping, map_errors = parse_mappings(args.map)
    if map_errors:
        for error in map_errors:
            print(error, file=sys.stderr)
        return 2
    ws = open_for_command(args.workspace)
    if ws is None:
        return 1
    roster = validate_roster(args.file, mapping, label=str(args.file))
    problems = list(roster.problems)
    if args.session is not None:
        unknown = service.session_problem(ws, "--session", args.session)
        if unknown is not None:
            problems.insert(0, unknown)
    if roster.refused:
        print(roster.problems[0], file=sys.stderr)
        return 2
    if problems:
        _print_problems(problems)
        return 2
    try:
        result = service.import_into(ws, roster, args.session,
                                     " ".join((args.by or "").split()) or None)
    except RosterError as exc:
        _print_problems(exc.problems)
        return 2
    warnings = [*roster.warnings, *result.warnings]
    if warnings:
        print(_("Warnings:"))
        for warning in warnings:
            print(f"  {warning}")
    print(_("{file}: {new} new participant(s), {merged} already in the workspace, "
            "{dups} duplicate row(s) merged, {warnings} warning(s).").format(
        file=roster.file, new=result.new, merged=result.merged_existing,
        dups=result.duplicates_in_file, warnings=len(warnings)))
    if result.consent_recorded:
        print(_("Consent recorded for {n} participant(s) (new or changed answers only).").format(
            n=result.consent_recorded))
    if args.session is not None:
        print(_("Checked in to session {session}: {n} participant(s) "
                "(others were already checked in).").format(session=args.session,
                                                           n=result.checked_in))
    return 0


@with_workspace(1)
def _normalise_districts(args: argparse.Namespace, ws: Workspace) -> int:
    changes = service.normalise_districts(ws, dry_run=args.dry_run)
    changed = unmapped = 0
    for change in changes:
        if change.official is not None:
            changed += change.participants
            print(_("{text!r} → {official} ({code}): {n} participant(s)").format(
                text=change.text, official=change.official, code=change.code,
                n=change.participants))
        elif change.candidates:
            unmapped += change.participants
            print(_("{text!r}: not changed, could mean {choices} ({n} participant(s))").format(
                text=change.text, choices=_(" or ").join(change.candidates),
                n=change.participants))
        else:
            unmapped += change.participants
            print(_("{text!r}: not changed, not an official kabupaten/kota ({n} "
                    "participant(s))").format(text=change.text, n=change.participants))
    summary = (_("{changed} participant(s) would change, {unmapped} could not be mapped; "
                 "nothing was written (--dry-run).") if args.dry_run else
               _("{changed} participant(s) changed, {unmapped} could not be mapped."))
    print(summary.format(changed=changed, unmapped=unmapped))
    return 0


@with_workspace(1)
def _list(args: argparse.Namespace, ws: Workspace) -> int:
    records = service.participant_table(ws)
    if args.format == "json":
        print_json(records)
    else:
        sys.stdout.write(csv_text(records))
    return 0


def export_format(out: Path, chosen: str | None) -> str | None:
    """The format to write ``out`` in, or ``None`` after printing why it is refused.

    The extension decides (``.csv`` or ``.xlsx``); ``--format`` must agree with it, and is
    required for a name without an extension.
    """
    suffix = out.suffix.lower()
    by_name = FORMATS.get(suffix)
    if by_name is not None and chosen in (None, by_name):
        return by_name
    if not suffix and chosen is not None:
        return chosen
    if by_name is not None:
        message = _("{path}: the name ends in {suffix} but --format is {format}; use a name "
                    "ending in .{format} or leave out --format")
    elif not suffix:
        message = _("{path}: the name has no extension; end it with .csv or .xlsx, or give "
                    "--format csv or --format xlsx")
    else:
        message = _("{path}: {suffix} is not an export format; end the name with .csv or "
                    ".xlsx")
    print(message.format(path=out, suffix=suffix, format=chosen), file=sys.stderr)
    return None


def _export(args: argparse.Namespace) -> int:
    out: Path = args.out
    fmt = export_format(out, args.format)
    if fmt is None:
        return 2
    ws = open_for_command(args.workspace)
    if ws is None:
        return 1
    records = service.participant_table(ws)
    try:
        if fmt == "xlsx":
            write_xlsx(records, out)
        else:
            write_csv(records, out)
    except OSError as exc:
        print(_("cannot write {path}: {error}").format(path=out, error=exc.strerror or exc),
              file=sys.stderr)
        return 1
    print(_("{n} participant(s) written to {path}").format(n=len(records), path=out))
    return 0
