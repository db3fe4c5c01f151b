"""``umkm-kit export --for-coordinator`` (the workspace's package) and ``export --new-key FILE``.

The package (:mod:`kit.coordinator.package`) holds pseudonymised tables only: people by a keyed
hash under the province's key, never names, phones, villages, notes (unless ``--include-notes``)
or facilitator names. The province office makes the key once with ``--new-key`` and sends it to
its facilitators, who keep it as ``<workspace>/coordinator.key`` (or pass ``--key FILE``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kit.cli.common import add_lang, add_workspace, print_json, with_workspace
from kit.cli.errors import BAD_INPUT
from kit.coordinator.export import ExportInputError, ExportResult, export_package
from kit.coordinator.pseudonym import KEY_FILE_NAME, KeyFileError, new_key_file, read_key_file
from kit.i18n import _, ngettext_
from kit.workspace import Workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``export`` command."""
    parser = sub.add_parser(
        "export", help=_("export the workspace's pseudonymised package for the coordinator"),
        description=_("--for-coordinator: write the package for the district/province "
                      "coordinator (no names, phones or notes); --new-key FILE: make a "
                      "province key (province office only)."))
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--for-coordinator", action="store_true",
                      help=_("write the coordinator package of this workspace"))
    what.add_argument("--new-key", type=Path, metavar="FILE",
                      help=_("make a new province key in FILE (never overwrites a file)"))
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help=_("where to write the package (default: "
                               "<workspace>/exports/<district>_<date>_<id>.umkmpkg)"))
    parser.add_argument("--key", type=Path, metavar="FILE",
                        help=_("the province key file (default: <workspace>/coordinator.key)"))
    parser.add_argument("--include-notes", action="store_true",
                        help=_("also export the facilitators' free-text notes on levels"))
    parser.add_argument("--since", metavar="YYYY-MM-DD",
                        help=_("only sessions and levels from this date on"))
    parser.add_argument("--until", metavar="YYYY-MM-DD",
                        help=_("only sessions and levels up to this date"))
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("output format"))
    add_workspace(parser)
    add_lang(parser)
    parser.set_defaults(func=_export)


def _date(option: str, text: str | None) -> date | None:
    """The date given to ``option``, or ``None``; :class:`ExportInputError` when not a date."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ExportInputError(option, _("not a date (write YYYY-MM-DD): {value!r}").format(
            value=text)) from None


def _export(args: argparse.Namespace) -> int:
    """Run ``export``: make a key, or write the package."""
    if args.new_key is not None:
        try:
            key = new_key_file(args.new_key)
        except KeyFileError as exc:
            print(exc, file=sys.stderr)
            return BAD_INPUT
        print(_("Province key written: {path} (key id {key_id}). Send it to the district "
                "facilitators; keep it secret.").format(path=args.new_key, key_id=key.key_id))
        return 0
    return _for_coordinator(args)


@with_workspace(BAD_INPUT)
def _for_coordinator(args: argparse.Namespace, ws: Workspace) -> int:
    """Write the coordinator package and say where, how many rows and who was left out."""
    key_path: Path = args.key or ws.root / KEY_FILE_NAME
    if args.key is None and not key_path.exists():
        print(_("{path}: no province key. The province office sends it (it makes one with "
                "'python -m kit export --new-key FILE'); save it there or give --key FILE.")
              .format(path=key_path), file=sys.stderr)
        return BAD_INPUT
    try:
        since, until = _date("--since", args.since), _date("--until", args.until)
        key = read_key_file(key_path)
        result = export_package(ws, key, args.out, include_notes=args.include_notes,
                                since=since, until=until)
    except KeyFileError as exc:
        print(exc, file=sys.stderr)
        return BAD_INPUT
    except ExportInputError as exc:
        print(f"{exc.field}: {exc.message}", file=sys.stderr)
        return BAD_INPUT
    _print(result, args.format)
    return 0


def _print(result: ExportResult, fmt: str) -> None:
    """What was written: the path, each table's rows, the people left out row by row."""
    m = result.manifest
    if fmt == "json":
        print_json({"path": str(result.path), "package_id": m.package_id,
                    "workspace_id": m.workspace_id, "key_id": m.key_id,
                    "framework_version": m.framework_version,
                    "notes_included": m.notes_included, "rows": result.rows,
                    "left_out": result.left_out})
        return
    print(_("Coordinator package written: {path}").format(path=result.path))
    for name, rows in result.rows.items():
        print(f"  {name}: {rows}")
    print(ngettext_(
        "{n} participant without consent is only counted, not exported row by row.",
        "{n} participants without consent are only counted, not exported row by row.",
        result.left_out).format(n=result.left_out))
