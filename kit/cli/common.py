"""Arguments and output helpers shared by several sub-commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kit.problems import InputError
from kit.workspace import DatabaseUnavailable, Workspace, WorkspaceError

DEFAULT_WORKSPACE = Path("workspace")


def _print_error(_root: Path, exc: WorkspaceError) -> None:
    print(exc, file=sys.stderr)


def open_for_command(root: Path, *, create_demo: bool = False,
                     explain: Callable[[Path, WorkspaceError], None] = _print_error
                     ) -> Workspace | None:
    """The workspace in ``root`` for a command, or ``None`` after saying why not (stderr).

    The one "open the workspace" block of the commands. With ``create_demo`` a missing workspace
    is created with the demo cohort (as ``kit start`` does). ``explain`` prints why the folder
    is not a usable workspace (default: the error's one line). A database that cannot be used
    (:class:`~kit.workspace.DatabaseUnavailable`) propagates to :func:`kit.cli.main`, which
    prints its one line and exits with status 1.
    """
    from kit.workspace import open_workspace

    try:
        if create_demo:
            # Imported only here: the demo pulls nbgrader in (about 2.5 s at every command).
            from kit.assess.demo import ensure_demo_workspace

            return ensure_demo_workspace(root)
        return open_workspace(root)
    except DatabaseUnavailable:
        raise
    except WorkspaceError as exc:
        explain(root, exc)
        return None


Command = Callable[[argparse.Namespace], int]
WorkspaceCommand = Callable[[argparse.Namespace, Workspace], int]


def with_workspace(status: int, *, create_demo: bool = False,
                   explain: Callable[[Path, WorkspaceError], None] = _print_error
                   ) -> Callable[[WorkspaceCommand], Command]:
    """A command that first opens ``--workspace`` (:func:`open_for_command`), then runs.

    When the workspace cannot be opened the command returns ``status`` after one line saying
    why; otherwise it is called as ``command(args, ws)``.
    """
    def wrap(command: WorkspaceCommand) -> Command:
        def run(args: argparse.Namespace) -> int:
            ws = open_for_command(args.workspace, create_demo=create_demo, explain=explain)
            return status if ws is None else command(args, ws)

        run.__doc__ = command.__doc__
        return run

    return wrap


def refusing(option: Mapping[str, str], error: type[InputError] = InputError, *,
             line: Callable[[Any], str] | None = None
             ) -> Callable[[WorkspaceCommand], WorkspaceCommand]:
    """A decorator: the service's ``error`` becomes one line naming the option, exit status 2.

    The line is ``option: message`` (``option`` looked up from the error's field in ``option``),
    or what ``line(error)`` says; nothing else of the command's output changes.
    """
    from kit.cli.errors import BAD_INPUT

    def say(exc: InputError) -> str:
        return line(exc) if line is not None else \
            f"{option.get(exc.field, exc.field)}: {exc.message}"

    def wrap(command: WorkspaceCommand) -> WorkspaceCommand:
        def run(args: argparse.Namespace, ws: Workspace) -> int:
            try:
                return command(args, ws)
            except error as exc:
                print(say(exc), file=sys.stderr)
                return BAD_INPUT

        run.__doc__ = command.__doc__
        return run

    return wrap


def add_lang(parser: argparse.ArgumentParser) -> None:
    """Accept ``--lang`` after the sub-command too (``umkm-kit roster import F --lang en``)."""
    parser.add_argument("--lang", choices=("id", "en"), default=argparse.SUPPRESS,
                        help=argparse.SUPPRESS)


def add_workspace(parser: argparse.ArgumentParser) -> None:
    """Add the ``--workspace DIR`` option every workspace command takes."""
    from kit.i18n import _

    parser.add_argument(
        "--workspace", type=Path, default=DEFAULT_WORKSPACE, metavar="DIR",
        help=_("workspace folder (default: ./workspace)"),
    )


def print_json(data: Any) -> None:
    """Print ``data`` as pretty, UTF-8 JSON on stdout."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(heads: tuple[str, ...], rows: list[list[str]]) -> None:
    """Print rows under their headings, each column as wide as its widest cell."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(heads)]
    for line in (list(heads), *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
