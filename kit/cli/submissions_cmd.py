"""``umkm-kit submissions import|pending|confirm``: import participants' submission files.

``import FILE… [--activity ID] [--by NAME] [--json]``
    Each file is validated, its origin judged, autograded from the release with the real
    ``nbgrader autograde`` and its scores recorded (:mod:`kit.assess.submissions`). A file the
    module of this workspace signed is imported; a forged one (a registered participant's id
    without this workspace's valid signature) is refused; a file made elsewhere (Binder, another
    laptop) or unsigned, for an id this workspace does not know, is HELD for confirmation and
    scores nothing yet. Every file is judged on its own: a bad file gives one line naming it and
    why, and the next file is imported.
``pending [--format text|json]``
    The held files, each with its id, why it waits, and whom its profile matches (phone masked).
``confirm ID|FILE… [--by NAME]``
    The facilitator vouches for held files (a number is an id from ``pending``; anything else is
    a file): each is imported for the participant its profile matches, or registers a new one.

Exit status (import and confirm): 0 when every file was imported, already imported or held, 1
when at least one was refused, 2 when the workspace cannot be opened.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kit.cli.common import add_lang, add_workspace, print_json, with_workspace
from kit.cli.errors import BAD_INPUT
from kit.framework import framework
from kit.i18n import _
from kit.workspace import Workspace

if TYPE_CHECKING:  # the assess package is imported only when an action runs
    from kit.assess.submissions import SubmissionImport


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``submissions`` command and its ``import``, ``pending``, ``confirm`` actions."""
    parser = sub.add_parser("submissions", help=_("import participants' submission files"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    text = _("validate, autograde and record submission files; files this workspace cannot "
             "vouch for are held until 'submissions confirm'")
    imp = actions.add_parser("import", help=text, description=text)
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--activity", default=None, metavar="ID",
                     choices=[a.id for a in framework().activities],
                     help=_("refuse files of any other activity"))
    imp.add_argument("--by", default=None, metavar="NAME", help=_("who imports the files"))
    imp.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    add_workspace(imp)
    add_lang(imp)
    imp.set_defaults(func=_import)

    text = _("list the submission files held for the facilitator's confirmation")
    pending = actions.add_parser("pending", help=text, description=text)
    pending.add_argument("--format", choices=("text", "json"), default="text",
                         help=_("output format (json gives each held file with its id)"))
    add_workspace(pending)
    add_lang(pending)
    pending.set_defaults(func=_pending)

    text = _("import held submission files for the participant their profile matches (or "
             "register them); ID is a number from 'submissions pending', anything else a file")
    confirm = actions.add_parser("confirm", help=text, description=text)
    confirm.add_argument("refs", nargs="+", metavar="ID|FILE", help=_(
        "the id of a held file, or a submission file (forged files stay refused)"))
    confirm.add_argument("--by", default=None, metavar="NAME", help=_("who confirms the files"))
    confirm.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    add_workspace(confirm)
    add_lang(confirm)
    confirm.set_defaults(func=_confirm)


def _print_result(result: SubmissionImport) -> None:
    """One line per file (stdout; a refusal on stderr), two for a held file."""
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
    elif result.status == "held":
        who = result.match.describe() if result.match is not None else ""
        print(_("{file}: HELD, needs confirmation: {reason}; {who}").format(
            file=result.file, reason=result.reason, who=who))
        print("  " + _("nothing is scored until you confirm it: python -m kit submissions "
                       "confirm {id}").format(id=result.pending_id))
    else:
        print(_("{file}: REFUSED: {reason}").format(file=result.file, reason=result.reason),
              file=sys.stderr)


@with_workspace(BAD_INPUT)
def _import(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.assess.submissions import import_submission

    results = []
    for path in args.files:
        result = import_submission(ws, path, activity=args.activity, imported_by=args.by)
        results.append(result)
        if not args.json:
            _print_result(result)
    if args.json:
        print_json([r.as_dict() for r in results])
    return 1 if any(r.status == "refused" for r in results) else 0


@with_workspace(BAD_INPUT)
def _pending(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.assess.submissions import pending_submissions

    held = pending_submissions(ws)
    if args.format == "json":
        print_json([p.as_dict() for p in held])
        return 0
    if not held:
        print(_("No submission file is waiting for confirmation."))
        return 0
    for p in held:
        print(_("{id}: {file} ({activity}, file's participant id {participant}): {reason}").format(
            id=p.id, file=p.file, activity=p.activity_id, participant=p.file_participant_id,
            reason=p.reason))
        if p.match is not None:
            print("  " + p.match.describe())
    print(_("Confirm with: python -m kit submissions confirm ID"))
    return 0


@with_workspace(BAD_INPUT)
def _confirm(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.assess.submissions import confirm_submission

    results = []
    for ref in args.refs:
        result = confirm_submission(ws, ref, imported_by=args.by)
        results.append(result)
        if not args.json:
            _print_result(result)
    if args.json:
        print_json([r.as_dict() for r in results])
    return 1 if any(r.status == "refused" for r in results) else 0
