"""One line for people instead of a traceback: the errors any command can meet.

:func:`report` is called by :func:`kit.cli.main` when a command raises. It knows the workspace
errors (:class:`kit.workspace.WorkspaceError`, already one translated line: the one kit error type
services raise for a database that cannot be used, see :mod:`kit.workspace.access`), database
failures no service translated (server down, damaged SQLite file, a URL SQLAlchemy cannot parse;
translated here by :func:`kit.workspace.database_error`) and file-system errors (an output path
that cannot be written). The database is named by its file or its URL with the
password hidden. An :class:`kit.problems.InputError` no command caught is ``field: message``
(exit 2). Anything else is a bug in the kit and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.i18n import _
from kit.problems import InputError
from kit.workspace import WorkspaceError, configured_url, database_error

BAD_INPUT = 2
FAILURE = 1


def _database_url(args: argparse.Namespace | None) -> str:
    """The database the command was using: ``--db``, else the one its workspace names."""
    db = getattr(args, "db", None)
    if isinstance(db, str) and db:
        return db
    for name in ("workspace", "dir"):
        root = getattr(args, name, None)
        if isinstance(root, Path):
            url = configured_url(root)
            if url:
                return url
    return _("the workspace database")


def explain(exc: BaseException, args: argparse.Namespace | None = None) -> tuple[str, int] | None:
    """The one-line message and exit status for ``exc`` (``None``: not an expected error)."""
    if not isinstance(exc, WorkspaceError):
        # A database failure a service did not translate (see kit.workspace.access).
        exc = database_error(exc, _database_url(args)) or exc
    if isinstance(exc, WorkspaceError):
        return str(exc), exc.exit_status
    if isinstance(exc, InputError):
        return f"{exc.field}: {exc.message}", BAD_INPUT
    if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
        path = exc.filename or _("a file")
        return _("cannot use {path}: {reason}").format(
            path=path, reason=exc.strerror or type(exc).__name__), FAILURE
    return None


def report(exc: BaseException, args: argparse.Namespace | None = None) -> int | None:
    """Print :func:`explain`'s line on stderr and return the exit status (``None``: unknown)."""
    explained = explain(exc, args)
    if explained is None:
        return None
    message, status = explained
    print(message, file=sys.stderr)
    return status
