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
allows one writing process per file; on PostgreSQL the ingest locks ``package_log``).
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
import pyarrow.csv as pacsv

from kit.coordinator.aggregates import AGGREGATES, rebuild_statements, select_sql
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
# also hold the package's snapshot month (the month of its period_to).
SNAPSHOT_TABLES = ("participants", "participant_counts")
META = ("framework_version", "key_id")

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
    """The columns a raw table adds to the package's: origin, and the snapshot month."""
    extra = [("workspace_id", "VARCHAR"), ("package_id", "VARCHAR")]
    if name in SNAPSHOT_TABLES:
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

    def load(self, table: str, data: pa.Table) -> None:
        """Append an Arrow table (columns named as the table's) in bulk."""

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
        self._duckdb = duckdb
        if read_only and not path.exists():
            raise DatabaseUnavailable(_("{db}: there is no coordinator store here yet; add "
                                        "packages with 'aggregate ingest'").format(db=path))
        try:
            if not read_only:
                path.parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(str(path), read_only=read_only)
            self.con.execute("SET TimeZone = 'UTC'")
        except (duckdb.Error, OSError) as exc:
            raise DatabaseUnavailable(_("{db}: the coordinator store cannot be opened: "
                                        "{reason}").format(
                db=path, reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            ) from None

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        """Run one statement."""
        self.con.execute(sql, list(params))

    def fetchall(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one query and return its rows."""
        return self.con.execute(sql, list(params)).fetchall()

    def load(self, table: str, data: pa.Table) -> None:
        """Append ``data`` by letting DuckDB scan the Arrow table (no Python row loop)."""
        self.con.register("_incoming", data)
        try:
            columns = ", ".join(data.column_names)
            # Table and column names are the store's own (from SCHEMAS), never input.
            self.con.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming")  # noqa: S608
        finally:
            self.con.unregister("_incoming")

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

        self._psycopg = psycopg
        conninfo = "postgresql://" + url.split("://", 1)[1]
        self.where = _hide_password(conninfo)
        try:
            self.con = psycopg.connect(conninfo, autocommit=True)
            self.con.execute("SET TIME ZONE 'UTC'")
        except psycopg.Error as exc:
            raise DatabaseUnavailable(_("{db}: the coordinator store cannot be opened: "
                                        "{reason}").format(
                db=self.where, reason=str(exc).strip().splitlines()[0] if str(exc) else
                type(exc).__name__)) from None

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

    def load(self, table: str, data: pa.Table) -> None:
        """Append ``data`` with one ``COPY … FROM STDIN`` of the Arrow table written as CSV."""
        buf = io.BytesIO()
        pacsv.write_csv(data, buf, pacsv.WriteOptions(include_header=True,
                                                      quoting_style="all_valid"))
        statement = "COPY {t} ({c}) FROM STDIN WITH (FORMAT csv, HEADER true)".format(
            t=table, c=", ".join(data.column_names))
        with self.con.cursor() as cur, cur.copy(statement.encode()) as copy:
            copy.write(buf.getvalue())

    def begin(self) -> None:
        """Start a transaction and take the writer's lock (one ingest at a time)."""
        self.con.execute(b"BEGIN")
        self.con.execute(b"LOCK TABLE package_log IN EXCLUSIVE MODE")

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


def _ensure_schema(backend: _Backend) -> None:
    """Create the store's tables that do not exist yet (empty aggregates included)."""
    top = max(framework().rubric.valid_levels)
    backend.begin()
    try:
        backend.execute(_PACKAGE_LOG)
        backend.execute(_STORE_META)
        for name in SCHEMAS:
            backend.execute(_raw_ddl(name))
        for name in AGGREGATES:
            backend.execute(f"CREATE TABLE IF NOT EXISTS {name} AS {select_sql(name, top)}")
        backend.commit()
    except BaseException:
        backend.rollback()
        raise


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
    table = table.append_column("workspace_id", pa.array([m.workspace_id] * n, pa.string()))
    table = table.append_column("package_id", pa.array([m.package_id] * n, pa.string()))
    if name in SNAPSHOT_TABLES:
        month = _snapshot_month(package)
        table = table.append_column("month", pa.array([month] * n, pa.date32()))
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
    if meta and meta.get("framework_version") != m.framework_version:
        raise _Refused(_("it was made with framework version {got}, this store holds version "
                         "{want} (mapping between framework versions is not done yet)").format(
                             got=m.framework_version, want=meta.get("framework_version")))
    if meta and meta.get("key_id") != m.key_id:
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
    """Write ``package`` into the store inside the open transaction, aggregates included."""
    m = package.manifest
    if outcome != DUPLICATE:
        if not _meta(backend):
            for name in META:
                backend.execute("INSERT INTO store_meta (name, value) VALUES (?, ?)",
                                [name, getattr(m, name)])
        for name in SCHEMAS:
            backend.execute(f"DELETE FROM {raw_table(name)} WHERE workspace_id = ?",  # noqa: S608
                            [m.workspace_id])
        for name, table in package.tables.items():
            if table.num_rows:
                backend.load(raw_table(name), _with_origin(name, table, package))
    backend.execute(
        "INSERT INTO package_log (package_id, content_sha256, workspace_id, framework_version, "
        "key_id, created_at, ingested_at, period_from, period_to, province_code, outcome, "
        "replaces) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [m.package_id, package.content_sha256, m.workspace_id, m.framework_version, m.key_id,
         _naive_utc(m.created_at), _naive_utc(now), m.period_from, m.period_to,
         m.province_code, outcome, replaced])
    if outcome != DUPLICATE:
        for statement in rebuild_statements(max(framework().rubric.valid_levels)):
            backend.execute(statement)


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
    """Ingest ``paths`` in order into the store ``db``; one result per package."""
    with _opened(db, read_only=False) as backend:
        _ensure_schema(backend)
        return [_ingest_one(backend, Path(p)) for p in paths]


def store_status(db: str | Path | None = None) -> list[DistrictMonth]:
    """The reporting rate: every district's expected months, reported, late or missing."""
    with _opened(db, read_only=True) as backend:
        rows = backend.fetchall(
            "SELECT province_code, district_code, CAST(date_trunc('month', date) AS DATE), "
            "COUNT(*) FROM raw_sessions WHERE date IS NOT NULL AND district_code IS NOT NULL "
            "GROUP BY 1, 2, 3")
    return reporting_rate(ReportedMonth(str(p or ""), str(d), month, int(n))
                          for p, d, month, n in rows)


def store_quality(db: str | Path | None = None,
                  today: dt.date | None = None) -> list[QualityIssue]:
    """The data-quality queue of the store's sessions (``today``: the day dates are judged on)."""
    with _opened(db, read_only=True) as backend:
        rows = backend.fetchall(
            "SELECT session_key, province_code, district_code, activity_id, date, status, "
            "target_size, n_present FROM raw_sessions")
    sessions = [SessionFacts(*row) for row in rows]
    return quality_queue(sessions, framework(), today or dt.datetime.now(dt.UTC).date())


def table_counts(db: str | Path | None = None) -> dict[str, int]:
    """The number of rows of every table of the store (raw, log and aggregates)."""
    names = [raw_table(n) for n in SCHEMAS] + list(AGGREGATES) + ["package_log", "store_meta"]
    with _opened(db, read_only=True) as backend:
        return {name: int(backend.fetchall(
            "SELECT COUNT(*) FROM " + name)[0][0])  # noqa: S608 - the store's own names
                for name in names}
