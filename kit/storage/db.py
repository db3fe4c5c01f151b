"""Engines and transactions: SQLite tuned for many writers, or any SQLAlchemy URL."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs (the driver the kit installs)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def display_url(url: str) -> str:
    """``url`` fit to show people: the password hidden (``***``), an SQLite file as its path."""
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        return url[len("sqlite:///"):].split("?", 1)[0]
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return re.sub(r"(://[^/:@]*):[^/@]*@", r"\1:***@", url)


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Take over transaction control so BEGIN IMMEDIATE works (see write_tx).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    mode = conn.info.get("begin_mode", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


_ENGINES: dict[str, sa.Engine] = {}


def engine_for(url: str) -> sa.Engine:
    """Return (and cache per process) the engine for ``url``.

    On SQLite: WAL journal, a 30 s busy timeout, foreign keys on, and transactions that
    :func:`write_tx` opens with ``BEGIN IMMEDIATE`` so a read-then-write never fails on upgrade.
    """
    cached = _ENGINES.get(url)
    if cached is not None:
        return cached
    real = normalise_url(url)
    if real.startswith("sqlite"):
        eng = sa.create_engine(real, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(eng, "connect", _sqlite_connect)
        event.listen(eng, "begin", _sqlite_begin)
    else:
        eng = sa.create_engine(real, pool_pre_ping=True)
    return _ENGINES.setdefault(url, eng)


def forget_inherited_connections() -> None:
    """In a forked child: drop the pooled connections the parent opened, without closing them.

    A database connection must never be used by two processes (SQLite and libpq both say so).
    The kit's kernels are forked from a process that may have read the workspace (the fork
    server builds module pages in advance, :mod:`kit.server.kernels.page_snapshot`); each child
    opens its own connections on first use. Registered with :func:`os.register_at_fork`.
    """
    for eng in _ENGINES.values():
        eng.dispose(close=False)


os.register_at_fork(after_in_child=forget_inherited_connections)


def is_sqlite(engine: sa.Engine) -> bool:
    """Whether ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"


@contextmanager
def write_tx(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction that takes the write lock up front (SQLite ``BEGIN IMMEDIATE``).

    Everything inside commits together or not at all.
    """
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn.info["begin_mode"] = "IMMEDIATE"
        try:
            with conn.begin():
                yield conn
        finally:
            conn.info.pop("begin_mode", None)


@contextmanager
def read_tx(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A read transaction (a consistent snapshot on SQLite WAL and PostgreSQL)."""
    with engine.connect() as conn, conn.begin():
        yield conn
