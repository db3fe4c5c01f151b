"""``umkm-kit feedback [--participant ID] [--out DIR]``: per-participant feedback pages (HTML).

Writes ``<participant>.html`` for one participant, or for everyone plus ``index.html``, in the
language in force (Bahasa Indonesia by default; ``--lang en`` for English).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.cli.common import add_lang, add_workspace, with_workspace
from kit.cli.errors import BAD_INPUT
from kit.i18n import _, get_language
from kit.workspace import Workspace


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``feedback`` command."""
    parser = sub.add_parser("feedback", help=_("write feedback pages for participants (HTML)"))
    parser.add_argument("--participant", default=None, metavar="ID",
                        help=_("only this participant"))
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help=_("output folder (default: the workspace's feedback-kit folder)"))
    add_workspace(parser)
    add_lang(parser)
    parser.set_defaults(func=_feedback)


def output_folder_problem(out: Path) -> str | None:
    """Why the pages cannot be written into folder ``out`` (a file, or it cannot be made)."""
    if out.exists() and not out.is_dir():
        return _("--out {path} is a file; give a folder for the feedback pages").format(path=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _("--out {path}: cannot create the folder ({reason})").format(
            path=out, reason=exc.strerror or exc)
    return None


@with_workspace(BAD_INPUT)
def _feedback(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.assess.feedback import write_feedback

    out = args.out or ws.root / "feedback-kit"
    problem = output_folder_problem(out)
    if problem:
        print(problem, file=sys.stderr)
        return BAD_INPUT
    try:
        written = write_feedback(ws, out, args.participant, get_language())
    except KeyError:
        print(_("unknown participant {participant!r}").format(participant=args.participant),
              file=sys.stderr)
        return BAD_INPUT
    print(_("{n} feedback page(s) written to {path}").format(n=len(written), path=out))
    return 0
