"""The coordinator store: packages from many workspaces in one database (issue 14, "Collect").

A **DuckDB file** by default (:data:`DEFAULT_STORE`, ``coordinator.duckdb`` in the current
folder), or a PostgreSQL database when the store is named by a ``postgresql://…`` URL (the
shared store when many offices write). Learned from ODK Central and DHIS2:

* a package is known by its id and the sha256 of its bytes: the same package twice changes no
  data (``duplicate``, logged); the same id with other bytes is refused;
* a newer package (later ``created_at``) of a workspace replaces that workspace's rows
  (``replaced``); an older one arriving after a newer one is refused;
* a package of another framework version, or hashed with another province key (``key_id``), than
  the store's first package is refused with the reason (mapping between framework versions is
  future work);
* a corrupt, truncated or tampered package (:class:`~kit.coordinator.package.PackageError`) is
  refused whole. The ingest of one package is ONE transaction: the raw rows, the
  ``package_log`` line and the rebuilt aggregate tables (:mod:`kit.coordinator.aggregates`)
  commit together or not at all, so a reader sees the old totals or the new ones, never a mix.

Rows reach the database as Arrow tables in bulk (DuckDB scans the Arrow table; PostgreSQL gets
one ``COPY``), never row by row and never through pandas. One writer ingests at a time (DuckDB
allows one writing process per file; on PostgreSQL each ingest transaction takes an advisory lock).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from kit.coordinator.aggregates import (
    AGGREGATES,
    create_statements,
    part_table,
    partial_statements,
    rebuild_statements,
)
from kit.coordinator.package import SCHEMAS, Package, PackageError, read_package
from kit.coordinator.quality import QualityIssue, SessionFacts, quality_queue
from kit.coordinator.reporting_rate import DistrictMonth, ReportedMonth, reporting_rate
from kit.framework import framework
from kit.i18n import _
from kit.workspace import DatabaseUnavailable

DEFAULT_STORE = Path("coordinator.duckdb")
POSTGRES_PREFIXES = ("postgresql://", "postgresql+psycopg://", "postgres://")

ACCEPTED = "accepted"
REPLACED = "replaced"
DUPLICATE = "duplicate"
REFUSED = "refused"

# Raw tables hold the package's columns plus where the rows came from; the two people tables
# also hold the package's snapshot month (the month of its period_to), the scores their own
# month (UTC).
SNAPSHOT_TABLES = ("participants", "participant_counts")
MONTH_TABLES = (*SNAPSHOT_TABLES, "scores")
META = ("framework_version", "key_id")
STALE = "aggregates_stale"

_PACKAGE_LOG = """
CREATE TABLE IF NOT EXISTS package_log (
    package_id VARCHAR NOT NULL, content_sha256 VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL,
    framework_version VARCHAR, key_id VARCHAR, created_at TIMESTAMP, ingested_at TIMESTAMP,
    period_from DATE, period_to DATE, province_code VARCHAR, outcome VARCHAR NOT NULL,
    replaces VARCHAR)
"""
_STORE_META = "CREATE TABLE IF NOT EXISTS store_meta (name VARCHAR PRIMARY KEY, value VARCHAR)"


@attrs.frozen
class IngestResult:
    """What became of one package: accepted, replaced, duplicate or refused (with the reason)."""

    path: Path
    outcome: str
    package_id: str | None = None
    replaced: str | None = None
    reason: str | None = None

    def line(self) -> str:
        """The one line printed for this package."""
        if self.outcome == ACCEPTED:
            text = _("accepted")
        elif self.outcome == DUPLICATE:
            text = _("already stored — nothing changed")
        elif self.outcome == REPLACED:
            text = _("replaces package {old}").format(old=self.replaced)
        else:
            text = _("refused: {reason}").format(reason=self.reason)
        return f"{self.path}: {text}"


class _Refused(Exception):
    """A package the store will not take; the message is the translated reason."""


def _sql_type(data_type: pa.DataType) -> str:
    """The SQL column type (DuckDB and PostgreSQL) of an Arrow type of the package format."""
    if pa.types.is_string(data_type):
        return "VARCHAR"
    if pa.types.is_boolean(data_type):
        return "BOOLEAN"
    if pa.types.is_int8(data_type) or pa.types.is_int16(data_type):
        return "SMALLINT"
    if pa.types.is_int32(data_type):
        return "INTEGER"
    if pa.types.is_int64(data_type):
        return "BIGINT"
    if pa.types.is_date32(data_type):
        return "DATE"
    if pa.types.is_timestamp(data_type):
        return "TIMESTAMPTZ" if data_type.tz else "TIMESTAMP"
    raise TypeError(str(data_type))


def raw_table(name: str) -> str:
    """The store's table of a package table's rows."""
    return "raw_" + name


def _extra_columns(name: str) -> list[tuple[str, str]]:
    """The columns a raw table adds to the package's: origin, and a month (snapshot or score's)."""
    extra = [("workspace_id", "VARCHAR"), ("package_id", "VARCHAR")]
    if name in MONTH_TABLES:
        extra.append(("month", "DATE"))
    return extra


def _raw_ddl(name: str) -> str:
    """``CREATE TABLE`` of one raw table, derived from the package format's schema."""
    columns = [(f.name, _sql_type(f.type) + ("" if f.nullable else " NOT NULL"))
               for f in SCHEMAS[name]]
    columns += _extra_columns(name)
    body = ", ".join(f"{col} {kind}" for col, kind in columns)
    return f"CREATE TABLE IF NOT EXISTS {raw_table(name)} ({body})"


class _Backend(Protocol):
    """What the store needs of a database connection."""

    where: str

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run one statement."""

    def fetchall(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one query and return its rows."""

    def stage(self, name: str, data: pa.Table) -> str:
        """Append ``data`` to ``raw_<name>`` in bulk; return a relation over just these rows.

        ``data`` is a package table with its origin columns; the relation is a name or a
        parenthesised SELECT.
        """

    def unstage(self) -> None:
        """Forget the relations :meth:`stage` returned."""

    def is_database_error(self, exc: BaseException) -> bool:
        """Whether ``exc`` is this database's error (not a bug of the kit)."""

    def begin(self) -> None:
        """Start a transaction (and, on a shared server, take the writer's lock)."""

    def commit(self) -> None:
        """Commit the transaction."""

    def rollback(self) -> None:
        """Roll the transaction back."""

    def close(self) -> None:
        """Close the connection."""


class _DuckDB:
    """A DuckDB file."""

    def __init__(self, path: Path, *, read_only: bool) -> None:
        import duckdb

        self.where = str(path)
        self._staged: list[str] = []
        self._error: type[Exception] = duckdb.Error
        if read_only and not path.exists():
            raise DatabaseUnavailable(_("{db}: there is no coordinator store here yet; add "
                                        "packages with 'aggregate ingest'").format(db=path))
        try:
            if not read_only:
                path.parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(str(path), read_only=read_only)
            self.con.execute("SET TimeZone = 'UTC'")
            # Bulk loads and aggregates need no particular row order: faster, less memory.
            self.con.execute("SET preserve_insertion_order = false")
        except (duckdb.Error, OSError) as exc:
            raise DatabaseUnavailable(_("{db}: the coordinator store cannot be opened: "
                                        "{reason}").format(
                db=path, reason=_first_line(exc))
            ) from None

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run one statement."""
        self.con.execute(sql, list(params))

    def fetchall(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one query and return its rows."""
        return self.con.execute(sql, list(params)).fetchall()

    def stage(self, name: str, data: pa.Table) -> str:
        """Append ``data`` by letting DuckDB scan the Arrow table (no Python row loop).

        The Arrow table stays registered as ``in_<name>`` for the partials.
        """
        view = "in_" + name
        self.con.register(view, data)
        self._staged.append(view)
        columns = ", ".join(data.column_names)
        # Table and column names are the store's own (from SCHEMAS), never input.
        self.con.execute(
            f"INSERT INTO {raw_table(name)} ({columns}) SELECT {columns} FROM {view}")  # noqa: S608
        return view

    def unstage(self) -> None:
        """Unregister the staged Arrow tables."""
        for view in self._staged:
            self.con.unregister(view)
        self._staged.clear()

    def is_database_error(self, exc: BaseException) -> bool:
        """Whether ``exc`` is DuckDB's error."""
        return isinstance(exc, self._error)

    def begin(self) -> None:
        """Start a transaction."""
        self.con.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        """Commit the transaction."""
        self.con.execute("COMMIT")

    def rollback(self) -> None:
        """Roll the transaction back."""
        self.con.execute("ROLLBACK")

    def close(self) -> None:
        """Close the connection."""
        self.con.close()


class _Postgres:
    """A PostgreSQL database (psycopg 3)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self._error: type[Exception] = psycopg.Error
        conninfo = "postgresql://" + url.split("://", 1)[1]
        self.where = _hide_password(conninfo)
        try:
            self.con = psycopg.connect(conninfo, autocommit=True)
            self.con.execute("SET TIME ZONE 'UTC'")
        except psycopg.Error as exc:
            raise DatabaseUnavailable(_("{db}: the coordinator store cannot be opened: "
                                        "{reason}").format(
                db=self.where, reason=_first_line(exc))) from None

    @staticmethod
    def _sql(sql: str) -> str:
        """The store's ``?`` placeholders as psycopg's."""
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run one statement."""
        self.con.execute(self._sql(sql).encode(), list(params))

    def fetchall(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one query and return its rows."""
        cur = self.con.execute(self._sql(sql).encode(), list(params))
        rows: list[tuple[Any, ...]] = cur.fetchall()
        return rows

    def stage(self, name: str, data: pa.Table) -> str:
        """Append ``data`` with one ``COPY … FROM STDIN`` of the Arrow table written as CSV."""
        table = raw_table(name)
        if data.num_rows:
            buf = io.BytesIO()
            pacsv.write_csv(data, buf, pacsv.WriteOptions(include_header=True,
                                                          quoting_style="all_valid"))
            statement = "COPY {t} ({c}) FROM STDIN WITH (FORMAT csv, HEADER true)".format(
                t=table, c=", ".join(data.column_names))
            with self.con.cursor() as cur, cur.copy(statement.encode()) as copy:
                copy.write(buf.getvalue())
        package = data.column("package_id")[0].as_py() if data.num_rows else ""
        return f"(SELECT * FROM {table} WHERE package_id = {sql_literal(package)})"  # noqa: S608

    def unstage(self) -> None:
        """Nothing to forget: the relations are plain SELECTs."""

    def is_database_error(self, exc: BaseException) -> bool:
        """Whether ``exc`` is psycopg's error."""
        return isinstance(exc, self._error)

    def begin(self) -> None:
        """Start a transaction and take the writer's lock (one ingest at a time)."""
        self.con.execute(b"BEGIN")
        # One writer at a time: a transaction-scoped advisory lock (the number names the store).
        self.con.execute(b"SELECT pg_advisory_xact_lock(1414) ")

    def commit(self) -> None:
        """Commit the transaction."""
        self.con.execute(b"COMMIT")

    def rollback(self) -> None:
        """Roll the transaction back."""
        self.con.execute(b"ROLLBACK")

    def close(self) -> None:
        """Close the connection."""
        self.con.close()


def _hide_password(url: str) -> str:
    """``url`` with its password replaced by ``***``."""
    scheme, rest = url.split("://", 1)
    if "@" in rest:
        creds, host = rest.rsplit("@", 1)
        if ":" in creds:
            creds = creds.split(":", 1)[0] + ":***"
        rest = creds + "@" + host
    return scheme + "://" + rest


def is_postgres(db: str | Path | None) -> bool:
    """Whether ``db`` names a PostgreSQL store (a ``postgresql://…`` URL)."""
    return isinstance(db, str) and db.startswith(POSTGRES_PREFIXES)


def _connect(db: str | Path | None, *, read_only: bool) -> _Backend:
    """A connection to the store ``db`` (None: the default DuckDB file)."""
    if is_postgres(db):
        return _Postgres(str(db))
    return _DuckDB(Path(db) if db is not None else DEFAULT_STORE, read_only=read_only)


@contextmanager
def _opened(db: str | Path | None, *, read_only: bool) -> Iterator[_Backend]:
    """The store ``db``, closed at the end."""
    backend = _connect(db, read_only=read_only)
    try:
        yield backend
    finally:
        backend.close()


def _top_level() -> int:
    """The rubric's top level (an item is achieved at it)."""
    return max(framework().rubric.valid_levels)


def _ensure_schema(backend: _Backend) -> None:
    """Create the store's tables that do not exist yet (partials and aggregates empty)."""
    backend.begin()
    try:
        backend.execute(_PACKAGE_LOG)
        backend.execute(_STORE_META)
        for name in SCHEMAS:
            backend.execute(_raw_ddl(name))
        for statement in create_statements(_top_level()):
            backend.execute(statement)
        backend.commit()
    except BaseException:
        backend.rollback()
        raise


def sql_literal(text: str) -> str:
    """``text`` as an SQL string literal (quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def _naive_utc(when: dt.datetime) -> dt.datetime:
    """``when`` as a naive UTC time (the log's TIMESTAMP columns)."""
    return when.astimezone(dt.UTC).replace(tzinfo=None)


def _snapshot_month(package: Package) -> dt.date:
    """The month a package's counts describe: its period_to's, else its creation's."""
    m = package.manifest
    day = m.period_to if m.period_to is not None else m.created_at.date()
    return day.replace(day=1)


def _with_origin(name: str, table: pa.Table, package: Package) -> pa.Table:
    """``table`` with the raw table's extra columns (workspace, package, snapshot month)."""
    n = table.num_rows
    m = package.manifest
    table = table.append_column("workspace_id", pa.repeat(m.workspace_id, n))
    table = table.append_column("package_id", pa.repeat(m.package_id, n))
    if name in SNAPSHOT_TABLES:
        table = table.append_column("month", pa.repeat(_snapshot_month(package), n))
    elif name == "scores":
        # The score's month (UTC), computed here in Arrow: far cheaper than date_trunc per row
        # with time zones in SQL.
        floor = pc.floor_temporal(table.column("recorded_at"), unit="month")
        table = table.append_column("month", floor.cast(pa.timestamp("us")).cast(pa.date32()))
    return table


def _meta(backend: _Backend) -> dict[str, str]:
    """The store's fixed facts (framework version, key id), set by its first package."""
    return {str(k): str(v) for k, v in backend.fetchall("SELECT name, value FROM store_meta")}


def _check_and_plan(backend: _Backend, package: Package) -> tuple[str, str | None]:
    """The outcome for ``package`` (and the package it replaces), or :class:`_Refused`."""
    m = package.manifest
    seen = backend.fetchall("SELECT content_sha256 FROM package_log WHERE package_id = ?",
                            [m.package_id])
    if seen:
        if all(row[0] == package.content_sha256 for row in seen):
            return DUPLICATE, None
        raise _Refused(_("a package with id {id} is already stored with other content; a "
                         "package is never changed after it is made").format(id=m.package_id))
    meta = _meta(backend)
    if "framework_version" in meta and meta["framework_version"] != m.framework_version:
        raise _Refused(_("it was made with framework version {got}, this store holds version "
                         "{want} (mapping between framework versions is not done yet)").format(
                             got=m.framework_version, want=meta.get("framework_version")))
    if "key_id" in meta and meta["key_id"] != m.key_id:
        raise _Refused(_("its pseudonyms were made with another province key ({got}; this "
                         "store's key is {want}), so its people cannot be matched").format(
                             got=m.key_id, want=meta.get("key_id")))
    current = backend.fetchall(
        "SELECT package_id, created_at FROM package_log WHERE workspace_id = ? AND outcome <> ? "
        "ORDER BY created_at DESC LIMIT 1", [m.workspace_id, DUPLICATE])
    if not current:
        return ACCEPTED, None
    old_id, old_created = current[0]
    if old_created >= _naive_utc(m.created_at):
        raise _Refused(_("it is older than package {old} of the same workspace, already "
                         "stored (made {when})").format(
                             old=old_id, when=old_created.isoformat(sep=" ", timespec="seconds")))
    return REPLACED, str(old_id)


def _apply(backend: _Backend, package: Package, outcome: str, replaced: str | None,
           now: dt.datetime) -> None:
    """Write ``package`` into the store inside the open transaction.

    Its raw rows, the workspace's partials and the log line; the aggregates are rebuilt later by
    :func:`rebuild_aggregates`.
    """
    m = package.manifest
    if outcome != DUPLICATE:
        if "key_id" not in _meta(backend):
            for name in META:
                backend.execute("INSERT INTO store_meta (name, value) VALUES (?, ?)",
                                [name, getattr(m, name)])
        for name in SCHEMAS:
            backend.execute(f"DELETE FROM {raw_table(name)} WHERE workspace_id = ?",  # noqa: S608
                            [m.workspace_id])
        try:
            sources = {name: backend.stage(name, _with_origin(name, table, package))
                       for name, table in package.tables.items()}
            for statement in partial_statements(sql_literal(m.workspace_id), _top_level(),
                                                sources):
                backend.execute(statement)
        finally:
            backend.unstage()
        _set_stale(backend, True)
    backend.execute(
        "INSERT INTO package_log (package_id, content_sha256, workspace_id, framework_version, "
        "key_id, created_at, ingested_at, period_from, period_to, province_code, outcome, "
        "replaces) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [m.package_id, package.content_sha256, m.workspace_id, m.framework_version, m.key_id,
         _naive_utc(m.created_at), _naive_utc(now), m.period_from, m.period_to,
         m.province_code, outcome, replaced])


def _set_stale(backend: _Backend, stale: bool) -> None:
    """Record whether the aggregates lag behind the partials (a rebuild is due)."""
    backend.execute("DELETE FROM store_meta WHERE name = ?", [STALE])
    if stale:
        backend.execute("INSERT INTO store_meta (name, value) VALUES (?, ?)", [STALE, "1"])


def rebuild_aggregates(backend: _Backend) -> None:
    """Rebuild every aggregate from the partials and swap them in, in ONE transaction."""
    backend.begin()
    try:
        for statement in rebuild_statements():
            backend.execute(statement)
        _set_stale(backend, False)
        backend.commit()
    except BaseException:
        backend.rollback()
        raise


def _ingest_one(backend: _Backend, path: Path) -> IngestResult:
    """Ingest one package in one transaction; any refusal or failure leaves the store as it was."""
    try:
        package = read_package(path)
    except PackageError as exc:
        return IngestResult(path, REFUSED, reason=_("{member}, field {field}: {message}").format(
            member=exc.member, field=exc.field, message=exc.message))
    m = package.manifest
    backend.begin()
    try:
        outcome, replaced = _check_and_plan(backend, package)
        _apply(backend, package, outcome, replaced, dt.datetime.now(dt.UTC))
        backend.commit()
    except _Refused as exc:
        backend.rollback()
        return IngestResult(path, REFUSED, package_id=m.package_id, reason=str(exc))
    except BaseException:
        backend.rollback()
        raise
    return IngestResult(path, outcome, package_id=m.package_id, replaced=replaced)


def ingest(paths: Sequence[Path], db: str | Path | None = None) -> list[IngestResult]:
    """Ingest ``paths`` in order into the store ``db``; one result per package.

    Each package is one transaction (raw rows, partials, log); then, when anything changed (or
    an earlier run stopped before it), the aggregates are rebuilt and swapped in at once.
    """
    with _opened(db, read_only=False) as backend:
        _ensure_schema(backend)
        results = [_ingest_one(backend, Path(p)) for p in paths]
        if any(r.outcome in (ACCEPTED, REPLACED) for r in results) or \
                STALE in _meta(backend):
            rebuild_aggregates(backend)
        return results


def _read(db: str | Path | None, sql: str) -> list[tuple[Any, ...]]:
    """The rows of one query on the store ``db``.

    A file or database that is not a store (or cannot be read) is :class:`DatabaseUnavailable`,
    one line.
    """
    with _opened(db, read_only=True) as backend:
        try:
            return backend.fetchall(sql)
        except Exception as exc:
            if not backend.is_database_error(exc):
                raise
            raise DatabaseUnavailable(_("{db}: not a coordinator store, or it cannot be read: "
                                        "{reason}").format(
                db=backend.where, reason=_first_line(exc))) from None


def _first_line(exc: BaseException) -> str:
    """The first line of an error's message (its type when it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def store_status(db: str | Path | None = None) -> list[DistrictMonth]:
    """The reporting rate: every district's expected months, reported, late or missing."""
    rows = _read(db,
        "SELECT province_code, district_code, CAST(date_trunc('month', date) AS DATE), "
        "COUNT(*) FROM raw_sessions WHERE date IS NOT NULL AND district_code IS NOT NULL "
        "GROUP BY 1, 2, 3")
    return reporting_rate(ReportedMonth(str(p or ""), str(d), month, int(n))
                          for p, d, month, n in rows)


def store_quality(db: str | Path | None = None,
                  today: dt.date | None = None) -> list[QualityIssue]:
    """The data-quality queue of the store's sessions (``today``: the day dates are judged on)."""
    rows = _read(db, "SELECT session_key, province_code, district_code, activity_id, date, "
                     "status, target_size, n_present FROM raw_sessions")
    sessions = [SessionFacts(*row) for row in rows]
    return quality_queue(sessions, framework(), today or dt.datetime.now(dt.UTC).date())


def table_counts(db: str | Path | None = None) -> dict[str, int]:
    """The number of rows of every table of the store (raw, log and aggregates)."""
    names = ([raw_table(n) for n in SCHEMAS] + [part_table(n) for n in AGGREGATES]
             + list(AGGREGATES) + ["package_log", "store_meta"])
    with _opened(db, read_only=True) as backend:
        return {name: int(backend.fetchall(
            "SELECT COUNT(*) FROM " + name)[0][0])  # noqa: S608 - the store's own names
                for name in names}
