"""The kit's command line (``python -m kit`` / ``umkm-kit``).

Each sub-command lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``func`` (called with the parsed namespace, returning the exit status).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from kit.i18n import _, set_language

COMMAND_MODULES = (
    "kit.cli.assess_cmd",
    "kit.cli.feedback_cmd",
    "kit.cli.framework_cmd",
    "kit.cli.hub_cmd",
    "kit.cli.roster_cmd",
    "kit.cli.scores_cmd",
    "kit.cli.session_cmd",
    "kit.cli.room_cmd",
    "kit.cli.rundown_cmd",
    "kit.cli.draw_cmd",
    "kit.cli.board_cmd",
    "kit.cli.stages_cmd",
    "kit.cli.submissions_cmd",
    "kit.cli.survey_cmd",
    "kit.cli.start_cmd",
    "kit.cli.workspace_cmd",
    "kit.cli.classroom_cmd",
    "kit.cli.report_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="umkm-kit",
        description=_("e-UMKM training and assessment kit"),
    )
    parser.add_argument(
        "--lang", choices=("id", "en"), default=None,
        help=_("language of messages (default: id, or $UMKM_KIT_LANG)"),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _pre_lang(argv: Sequence[str]) -> str | None:
    """Find ``--lang`` anywhere in argv so help and errors are already translated."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 ok, 1 failure, 2 bad input)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language(_pre_lang(args_list))
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        status: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``umkm-kit framework show | head``): stop quietly, like Unix tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        # Expected failures (no workspace, database down or damaged, unwritable output) become
        # one line naming the file or database; anything else is a bug and keeps its traceback.
        from kit.cli.errors import report

        explained = report(exc, args)
        if explained is None:
            raise
        return explained
    return status
