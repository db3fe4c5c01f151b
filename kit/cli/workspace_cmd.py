"""``umkm-kit workspace init DIR [--demo] [--db URL]``: create or migrate a workspace."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.assess.demo import init_demo_workspace
from kit.cli.common import add_lang
from kit.i18n import _
from kit.workspace import init_workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``workspace`` command."""
    parser = sub.add_parser("workspace", help=_("create or migrate a workspace"))
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    init = actions.add_parser("init", help=_("create a workspace folder (or migrate it)"))
    init.add_argument("dir", type=Path, metavar="DIR")
    init.add_argument("--demo", action="store_true", help=_("add the demo cohort"))
    init.add_argument("--db", metavar="URL", default=None,
                      help=_("database URL (default: an SQLite file in the workspace)"))
    add_lang(init)
    init.set_defaults(func=_init)


def _init(args: argparse.Namespace) -> int:
    if args.demo:  # the demo cohort, and the reports of its finished sessions
        from kit.modules.quiz import question_bank

        ws = init_demo_workspace(args.dir, db_url=args.db, reports=True, banks=question_bank)
    else:
        ws = init_workspace(args.dir, db_url=args.db)
    print(_("Workspace ready: {path}").format(path=ws.root))
    return 0
