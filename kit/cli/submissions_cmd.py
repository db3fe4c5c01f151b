"""``umkm-kit submissions import FILE… [--activity ID] [--by NAME]``: import submission files.

Each file is validated, autograded from the release with the real ``nbgrader autograde`` and its
scores recorded (:mod:`kit.assess.submissions`). A refused file is named with the reason; the
others are still imported. Exit status 0 when every file was imported or already imported, 1 when
at least one was refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.cli.common import add_lang, add_workspace, print_json
from kit.framework import framework
from kit.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``submissions`` command and its ``import`` action."""
    parser = sub.add_parser("submissions", help=_("import participants' submission files"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    imp = actions.add_parser("import", help=_("validate, autograde and record submission files"))
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--activity", default=None, metavar="ID",
                     choices=[a.id for a in framework().activities],
                     help=_("refuse files of any other activity"))
    imp.add_argument("--by", default=None, metavar="NAME", help=_("who imports the files"))
    imp.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    add_workspace(imp)
    add_lang(imp)
    imp.set_defaults(func=_import)


def _import(args: argparse.Namespace) -> int:
    from kit.assess.submissions import import_submission
    from kit.cli.assess_cmd import BAD_INPUT, open_ws

    ws = open_ws(args.workspace)
    if ws is None:
        return BAD_INPUT
    results = []
    for path in args.files:
        result = import_submission(ws, path, activity=args.activity, imported_by=args.by)
        results.append(result)
        if args.json:
            continue
        if result.status == "imported":
            achieved = sum(1 for v in result.levels.values() if v >= 1)
            print(_("{file}: imported for {participant} ({activity}), {achieved} of {items} "
                    "items achieved by autograde").format(
                file=result.file, participant=result.participant_id,
                activity=result.activity_id, achieved=achieved, items=len(result.levels)))
            if result.kept:
                print("  " + _("kept the facilitator's level for: {items}").format(
                    items=", ".join(result.kept)))
        elif result.status == "unchanged":
            print(_("{file}: {reason}").format(file=result.file, reason=result.reason))
        else:
            print(_("{file}: REFUSED: {reason}").format(file=result.file, reason=result.reason),
                  file=sys.stderr)
    if args.json:
        print_json([r.as_dict() for r in results])
    return 1 if any(r.status == "refused" for r in results) else 0
