"""How services reach a workspace's database: one transaction each, database errors as kit errors.

The apps (pages, widgets, Tornado handlers, CLI commands) never import SQLAlchemy or
``kit.storage``: they call services in the package that owns the tables. A service takes a
:class:`~kit.workspace.Workspace` and owns its transaction through :func:`reading` or
:func:`writing`; connection-level functions (``fn(conn, …)``) stay inside the owning packages.

A database that cannot be used (server down, file locked or missing, damaged SQLite file, an
unparsable URL) surfaces as ONE kit error type, :class:`~kit.workspace.WorkspaceError` (its
subclass :class:`~kit.workspace.DatabaseUnavailable` for a database failure), whose message is
one translated line: ``kit/cli/errors.py`` prints it, the classroom handlers show it on their
error page. Other SQLAlchemy errors (a query the kit built wrongly) are bugs and keep their
traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import sqlalchemy as sa

from kit.i18n import _
from kit.storage.db import display_url, read_tx, write_tx
from kit.workspace.layout import Workspace, WorkspaceError, database_problem

T = TypeVar("T")
DATABASE_FAILURES = (sa.exc.DBAPIError, sqlite3.DatabaseError)


def database_error(exc: BaseException, url: str) -> WorkspaceError | None:
    """The kit error (one line) for ``exc`` met while using the database at ``url``.

    ``None`` when ``exc`` is not a database failure (then it is not the database's fault).
    """
    if isinstance(exc, WorkspaceError):
        return exc
    if isinstance(exc, sa.exc.ArgumentError):
        return WorkspaceError(_("{url!r} is not a database URL the kit can use ({reason})")
                              .format(url=display_url(url), reason=exc))
    if isinstance(exc, DATABASE_FAILURES):
        return database_problem(exc, url)
    return None


@contextmanager
def database_errors(ws: Workspace) -> Iterator[None]:
    """Run the block; a database failure inside it becomes a :class:`DatabaseUnavailable`."""
    try:
        yield
    except DATABASE_FAILURES as exc:
        raise database_problem(exc, ws.db_url) from exc


@contextmanager
def reading(ws: Workspace) -> Iterator[sa.Connection]:
    """A read transaction on the workspace's database (failures as kit errors)."""
    with database_errors(ws), read_tx(ws.engine) as conn:
        yield conn


@contextmanager
def writing(ws: Workspace) -> Iterator[sa.Connection]:
    """A write transaction (write lock taken up front); all of it or nothing is written."""
    with database_errors(ws), write_tx(ws.engine) as conn:
        yield conn


def with_database_errors(ws: Workspace, fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` with database failures as kit errors (for engine-level store functions)."""
    with database_errors(ws):
        return fn(*args)
