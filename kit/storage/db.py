"""Engines and transactions: SQLite tuned for many writers, or any SQLAlchemy URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs (the driver the kit installs)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


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


@cache
def engine_for(url: str) -> sa.Engine:
    """Return (and cache per process) the engine for ``url``.

    On SQLite: WAL journal, a 30 s busy timeout, foreign keys on, and transactions that
    :func:`write_tx` opens with ``BEGIN IMMEDIATE`` so a read-then-write never fails on upgrade.
    """
    url = normalise_url(url)
    if url.startswith("sqlite"):
        eng = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(eng, "connect", _sqlite_connect)
        event.listen(eng, "begin", _sqlite_begin)
        return eng
    return sa.create_engine(url, pool_pre_ping=True)


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
