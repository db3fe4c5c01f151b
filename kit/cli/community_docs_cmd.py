"""``umkm-kit community mou|minutes|programme``: the community's paperwork from its records.

``mou ID --out FILE.pdf|.docx`` writes the *surat kesepakatan* between the board and the district
office (``--official-name``/``--official-title`` of the official who acknowledges it);
``minutes ID --out FILE.pdf|.docx`` the *berita acara* of the board election (``--facilitator``,
two ``--witness``); ``programme ID`` prints the work programme ranked from the members' saved
proposals (``--format json``, each item with its ``id``, the rank). ``--top N`` or
``--priority 1,3`` choose the priority items. The documents are worded in the command's
language (``--lang en``). A refusal is one line naming the option, exit status 2, and no file is
written. The models come from :mod:`kit.community.paperwork`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kit.cli.common import add_lang, add_workspace, print_json, print_table, with_workspace
from kit.cli.community_cmd import BAD_INPUT, OPTION
from kit.i18n import _, get_language
from kit.problems import InputError
from kit.workspace import Workspace

if TYPE_CHECKING:
    from kit.community.documents import Document

FORMATS = (".pdf", ".docx")
DOC_OPTION = {**OPTION, "board": "ID", "programme": "ID", "out": "--out", "top": "--top",
              "priority": "--priority", "witness": "--witness"}


def _programme_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--top`` and ``--priority`` (which items are the priority programme)."""
    parser.add_argument("--top", type=int, default=3, metavar="N",
                        help=_("how many of the top-ranked items are the priority programme"))
    parser.add_argument("--priority", default=None, metavar="1,3,...",
                        help=_("the ranks the members agreed as priority (instead of --top)"))


def register_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``mou``, ``minutes`` and ``programme`` to the ``community`` command."""
    mou = actions.add_parser("mou", help=_("write the agreement (MoU) of the board with the "
                                           "district office"))
    mou.add_argument("community_id", metavar="ID")
    mou.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.docx")
    mou.add_argument("--official-name", default="", metavar=_("NAME"),
                     help=_("the official who acknowledges it (blank: a line to fill by hand)"))
    mou.add_argument("--official-title", default=None, metavar=_("TEXT"),
                     help=_("the official's title (default: head of the district office)"))
    _programme_options(mou)
    minutes = actions.add_parser("minutes", help=_("write the minutes (berita acara) of the "
                                                   "board election"))
    minutes.add_argument("community_id", metavar="ID")
    minutes.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.docx")
    minutes.add_argument("--facilitator", default="", metavar=_("NAME"))
    minutes.add_argument("--witness", action="append", default=[], metavar=_("NAME"),
                         help=_("a witness (give two)"))
    programme = actions.add_parser("programme", help=_("the work programme ranked from the "
                                                       "members' proposals"))
    programme.add_argument("community_id", metavar="ID")
    programme.add_argument("--format", choices=("text", "json"), default="text")
    _programme_options(programme)
    for p in (mou, minutes, programme):
        add_lang(p)
        add_workspace(p)
    mou.set_defaults(func=_mou)
    minutes.set_defaults(func=_minutes)
    programme.set_defaults(func=_programme)


def _chosen(value: str | None) -> list[int] | None:
    """The ranks written ``1,3``; anything else is refused on ``--priority``."""
    if value is None:
        return None
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise InputError("priority", _("write the ranks as numbers separated by commas, e.g. "
                                       "1,3")) from None


def _out(path: Path) -> Path:
    """The output file: .pdf or .docx, in a folder that exists."""
    if path.suffix.lower() not in FORMATS:
        raise InputError("out", _("the file must end in .pdf or .docx, not {name!r}").format(
            name=path.name))
    if not path.parent.is_dir():
        raise InputError("out", _("the folder {folder} does not exist").format(
            folder=path.parent))
    return path


def _write(document: Document, path: Path) -> None:
    """Write the document whole as PDF or DOCX; an unwritable file is refused on ``--out``."""
    from kit.community.documents import write_docx, write_pdf

    try:
        if path.suffix.lower() == ".pdf":
            write_pdf(document, path)
        else:
            write_docx(document, path)
    except OSError as exc:
        raise InputError("out", _("cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None


@with_workspace(1)
def _mou(args: argparse.Namespace, ws: Workspace) -> int:
    """Write the MoU of a community whose board is complete."""
    return _refused(_mou_run, args, ws)


def _mou_run(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.community import paperwork
    from kit.community.documents import mou_document

    path = _out(args.out)
    lang = get_language()
    made = paperwork.agreement(ws, args.community_id, lang=lang,
                               official_name=args.official_name,
                               official_title=args.official_title, top=args.top,
                               chosen=_chosen(args.priority))
    _write(mou_document(made, lang), path)
    print(_("Agreement written: {path} (board: {board}).").format(
        path=path, board=", ".join(s.name for s in made.board)))
    return 0


@with_workspace(1)
def _minutes(args: argparse.Namespace, ws: Workspace) -> int:
    """Write the berita acara of a community's board election."""
    return _refused(_minutes_run, args, ws)


def _minutes_run(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.community import paperwork
    from kit.community.documents import minutes_document

    path = _out(args.out)
    if len(args.witness) > 2:
        raise InputError("witness", _("give at most two witnesses"))
    first, second = ([*args.witness, "", ""])[:2]
    made = paperwork.election_minutes(ws, args.community_id, facilitator=args.facilitator,
                                      witnesses=(first, second))
    _write(minutes_document(made, get_language()), path)
    print(_("Minutes written: {path} ({n} roles).").format(path=path, n=len(made.roles)))
    return 0


@with_workspace(1)
def _programme(args: argparse.Namespace, ws: Workspace) -> int:
    """Print the work programme, priority first."""
    return _refused(_programme_run, args, ws)


def _programme_run(args: argparse.Namespace, ws: Workspace) -> int:
    from kit.community import programme
    from kit.i18n import get_language
    from kit.modules.komunitas import kind_titles

    found = programme.community_programme(ws, args.community_id, args.top,
                                          _chosen(args.priority))
    if args.format == "json":
        print_json(found.as_dict())
        return 0
    titles = kind_titles(get_language())
    rows = [[str(i.rank), _("priority") if i.priority else _("non-priority"),
             titles.get(i.kind, i.kind), i.what, str(len(i.proposers))] for i in found.items]
    if not rows:
        print(_("No member has saved a work-programme proposal yet."))
        return 0
    print_table((_("RANK"), _("PROGRAMME"), _("KIND"), _("PROPOSAL"), _("MEMBERS")), rows)
    return 0


def _refused(command: Callable[[argparse.Namespace, Workspace], int],
             args: argparse.Namespace, ws: Workspace) -> int:
    """Run ``command``; its :class:`InputError` is one line naming the option (exit 2)."""
    try:
        return command(args, ws)
    except InputError as exc:
        print(f"{DOC_OPTION.get(exc.field, exc.field)}: {exc.message}", file=sys.stderr)
        return BAD_INPUT
