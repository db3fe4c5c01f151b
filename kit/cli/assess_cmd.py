"""``umkm-kit assess generate|override|check|sync``: the nbgrader side of the assessment.

* ``assess generate [--activity ID]… [--force]`` writes one nbgrader assignment per activity
  from the framework and runs ``nbgrader generate_assignment`` (safe to re-run);
* ``assess override --participant ID --item ITEM --level N --by NAME [--note T]`` records a
  facilitator's decision over any score (kit_score source ``override`` + gradebook manual score);
* ``assess check`` lists participant × item where the gradebook and the kit disagree (exit 1);
* ``assess sync`` writes the kit's facilitator levels back into the gradebook.
"""

from __future__ import annotations

import argparse
import sys

from kit.cli.common import add_lang, add_workspace, print_json, with_workspace
from kit.framework import framework
from kit.i18n import _
from kit.workspace import Workspace

BAD_INPUT = 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``assess`` command and its actions."""
    parser = sub.add_parser("assess", help=_("nbgrader assignments, overrides and consistency"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)

    gen = actions.add_parser("generate", help=_("generate the nbgrader assignment of every "
                                                "activity from the framework"))
    gen.add_argument("--activity", action="append", metavar="ID",
                     choices=[a.id for a in framework().activities],
                     help=_("only this activity (repeatable)"))
    gen.add_argument("--force", action="store_true",
                     help=_("run nbgrader even when nothing changed"))
    gen.set_defaults(func=_generate)

    over = actions.add_parser("override", help=_("override a participant's level for an item"))
    over.add_argument("--participant", required=True, metavar="ID", help=_("participant id"))
    over.add_argument("--item", required=True, metavar="ITEM_ID", help=_("item id"))
    over.add_argument("--level", required=True, type=int, metavar="N", help=_("level 0, 1 or 2"))
    over.add_argument("--by", required=True, metavar="NAME",
                      help=_("name of the facilitator who decides"))
    over.add_argument("--note", default=None, help=_("reason for the override"))
    over.set_defaults(func=_override)

    check = actions.add_parser("check", help=_("compare the gradebook with the kit's scores"))
    check.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    check.set_defaults(func=_check)

    sync = actions.add_parser("sync", help=_("write the kit's facilitator levels into the "
                                             "gradebook"))
    sync.set_defaults(func=_sync)
    for p in (gen, over, check, sync):
        add_workspace(p)
        add_lang(p)


@with_workspace(BAD_INPUT)
def _generate(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.assess.generate import generate_assignments
    from kit.assess.nbgrader_run import NbgraderError

    try:
        results = generate_assignments(ws, args.activity, force=args.force)
    except NbgraderError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for r in results:
        if r.changed:
            print(_("{activity}: assignment generated ({items} items) → {path}").format(
                activity=r.activity_id, items=r.items, path=r.release))
        else:
            print(_("{activity}: up to date ({items} items), nothing to do").format(
                activity=r.activity_id, items=r.items))
    return 0


@with_workspace(BAD_INPUT)
def _override(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.assess.observe import record_override
    from kit.records.scores import ScoreError

    try:
        record_override(ws, args.participant, args.item, args.level, by=args.by, note=args.note)
    except ScoreError as exc:
        print(str(exc), file=sys.stderr)
        return BAD_INPUT
    print(_("Override recorded: {participant} · {item} = {level} (by {by})").format(
        participant=args.participant, item=args.item, level=args.level, by=args.by))
    return 0


@with_workspace(BAD_INPUT)
def _check(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.assess.dual_write import check_consistency

    mismatches = check_consistency(ws)
    if args.json:
        print_json([m.as_dict() for m in mismatches])
    elif not mismatches:
        print(_("The gradebook and the kit's scores agree."))
    else:
        for m in mismatches:
            print(_("{participant} · {item}: kit {kit} ({source}), gradebook {gradebook}").format(
                participant=m.participant_id, item=m.item_id, kit=m.kit_level,
                source=m.kit_source, gradebook=m.gradebook_score))
    return 1 if mismatches else 0


@with_workspace(BAD_INPUT)
def _sync(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.assess.dual_write import sync_gradebook

    fixed = sync_gradebook(ws)
    print(_("{n} gradebook score(s) updated from the kit").format(n=fixed))
    return 0
