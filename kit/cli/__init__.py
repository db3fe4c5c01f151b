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

# Each command word and the module that registers it, in the order ``--help`` lists them. Only
# the module of the command being run is imported: a command's imports (nbgrader, matplotlib,
# fpdf2, ipywidgets) cost seconds and hundreds of MB, and ``session checkin`` at the door must
# not pay for ``report``'s (issue 13: 50 check-ins in 5 s; 14.7 s each when all were imported).
COMMANDS: dict[str, str] = {
    "assess": "kit.cli.assess_cmd",
    "feedback": "kit.cli.feedback_cmd",
    "framework": "kit.cli.framework_cmd",
    "hub": "kit.cli.hub_cmd",
    "roster": "kit.cli.roster_cmd",
    "consent": "kit.cli.consent_cmd",
    "scores": "kit.cli.scores_cmd",
    "session": "kit.cli.session_cmd",
    "rundown": "kit.cli.rundown_cmd",
    "draw": "kit.cli.draw_cmd",
    "help": "kit.cli.room_cmd",
    "questions": "kit.cli.room_cmd",
    "board": "kit.cli.board_cmd",
    "stages": "kit.cli.stages_cmd",
    "export": "kit.cli.export_cmd",
    "submissions": "kit.cli.submissions_cmd",
    "survey": "kit.cli.survey_cmd",
    "start": "kit.cli.start_cmd",
    "workspace": "kit.cli.workspace_cmd",
    "classroom": "kit.cli.classroom_cmd",
    "report": "kit.cli.report_cmd",
    "aggregate": "kit.cli.aggregate_cmd",
    "puskom": "kit.cli.puskom_cmd",
    "community": "kit.cli.community_cmd",
    "network": "kit.cli.network_cmd",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def _command_word(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (the first argument that is not the global ``--lang``)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("-"):
            return arg
        elif not arg.startswith("--lang="):
            return None  # -h, --help or an unknown option: argparse answers with every command
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Build the top-level parser: with ``argv``, only its command's module is imported.

    Without ``argv``, or when its command word is not known (help, a typo), every command is
    registered, so ``--help`` lists them all and argparse names the valid choices.
    """
    parser = argparse.ArgumentParser(
        prog="umkm-kit",
        description=_("e-UMKM training and assessment kit"),
    )
    parser.add_argument(
        "--lang", choices=("id", "en"), default=None,
        help=_("language of messages (default: id, or $UMKM_KIT_LANG)"),
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    word = _command_word(argv) if argv is not None else None
    modules = (COMMANDS[word],) if word in COMMANDS else COMMAND_MODULES
    for name in modules:
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
    parser = build_parser(args_list)
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
