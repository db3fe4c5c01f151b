"""The coordinator store: packages from many workspaces in one database (issue 14, "Collect").

A **DuckDB file** by default (:func:`default_store`: ``coordinator.duckdb`` in the workspace
folder, the file the coordinator dashboard reads), or a PostgreSQL database when the store is
named by a ``postgresql://…`` URL (the shared store when many offices write). Learned from ODK
Central and DHIS2:

* a package is known by its id and the sha256 of its bytes: the same package twice changes no
  data (``duplicate``, logged); the same id with other bytes is refused;
* a newer package (later ``created_at``) of a workspace replaces that workspace's rows
  (``replaced``); an older one arriving after a newer one is refused;
* a package of another framework version than the store's first package is refused with the
  reason (mapping between framework versions is future work); so is a package hashed with
  another key (``key_id``) than its province's first package: one province, one key, so one
  person is one id across its districts. Provinces have keys of their own (a national store
  takes them all); people are never matched across provinces. (A store made before keys were
  kept per province has one ``key_id`` for all: it still refuses any other key.)
* a corrupt, truncated or tampered package (:class:`~kit.coordinator.package.PackageError`) is
  refused whole. Every package is read and checked before anything is written, and a package
  is written within ONE transaction (raw rows, its workspace's partials, its ``package_log``
  line), never split; packages are written in batches of about :data:`BATCH_SCORE_ROWS` score
  rows per transaction (the fixed cost of a transaction is paid per batch). Then the aggregate
  tables (:mod:`kit.coordinator.aggregates`) are rebuilt from the partials and swapped in, in
  one transaction, so a reader sees the old totals or the new ones, never a mix.

Rows reach the database as Arrow tables in bulk (DuckDB scans the Arrow table; PostgreSQL gets
one ``COPY``), never row by row and never through pandas. One writer ingests at a time (DuckDB
allows one writing process per file; on PostgreSQL an ingest holds an advisory lock).

Speed (measured at 10⁷ score rows, ``docs/coordinator-scale.md``): reading and verifying a
package (zip, sha256, Parquet) is most of an ingest's time, so packages are read ahead by
:data:`READ_WORKERS` threads (pyarrow and hashlib release the GIL) while DuckDB writes the
previous batch; the origin columns and the score month are computed once per batch, not per
package. The DuckDB writer runs with a memory limit (:data:`DUCKDB_MEMORY_LIMIT`): its buffer
pool otherwise grows to most of the machine's memory on a large ingest.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from kit import settings
from kit.coordinator.aggregates import (
    ADDED_WORKSPACES,
    AGGREGATES,
    ROLLUPS,
    add_statements,
    added_cells_statements,
    create_statements,
    part_table,
    partial_statements,
    place_months_shared_sql,
    rebuild_statements,
)
from kit.coordinator.package import SCHEMAS, Manifest, Package, PackageError, read_package
from kit.coordinator.quality import QualityIssue, SessionFacts, quality_queue
from kit.coordinator.reporting_rate import DistrictMonth, ReportedMonth, reporting_rate
from kit.framework import framework
from kit.i18n import _
from kit.workspace import DatabaseUnavailable

STORE_FILE = "coordinator.duckdb"
DEFAULT_WORKSPACE_DIR = Path("workspace")
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



def province_key_name(province_code: str | None) -> str:
    """The ``store_meta`` name of a province's key (``key_id:33``; ``key_id:-`` for none)."""
    return f"key_id:{province_code or '-'}"
STALE = "aggregates_stale"
# Packages are written together until their score rows reach this many (bounds the memory of
# one transaction's Arrow tables; the per-transaction cost is paid once per batch).
BATCH_SCORE_ROWS = 2_000_000
# Threads reading and verifying packages ahead of the writer, and how many packages they may
# hold read but not yet taken (bounds the memory of the read-ahead).
READ_WORKERS = 2
READ_AHEAD = 32
# The DuckDB writer's memory limit (a 2-core, 8 GB laptop; DuckDB spills beyond it).
DUCKDB_MEMORY_LIMIT = "1GB"

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

    def append(self, table: str, data: pa.Table) -> None:
        """Append the Arrow table ``data`` (columns named as ``table``'s) in bulk."""

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
            if not read_only:
                self.con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
                self.con.execute("SET enable_progress_bar = false")  # stderr is the CLI's
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
        self._insert(raw_table(name), view, data.column_names)
        return view

    def _insert(self, table: str, view: str, names: Sequence[str]) -> None:
        """``INSERT INTO table SELECT … FROM view`` for the columns ``names``."""
        columns = ", ".join(names)
        # Table and column names are the store's own (from SCHEMAS), never input.
        self.con.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {view}")  # noqa: S608

    def append(self, table: str, data: pa.Table) -> None:
        """Append ``data`` by letting DuckDB scan the Arrow table."""
        self.con.register("_appending", data)
        try:
            self._insert(table, "_appending", data.column_names)
        finally:
            self.con.unregister("_appending")

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

    def __init__(self, url: str, *, writer: bool) -> None:
        import psycopg

        self._error: type[Exception] = psycopg.Error
        conninfo = "postgresql://" + url.split("://", 1)[1]
        self.where = _hide_password(conninfo)
        try:
            self.con = psycopg.connect(conninfo, autocommit=True)
            self.con.execute("SET TIME ZONE 'UTC'")
            if writer:
                # One writer at a time for the whole ingest (its checks read the log first):
                # a session-level advisory lock, released when the connection closes.
                self.con.execute("SELECT pg_advisory_lock(1414)")
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
        self.append(table, data)
        ids = pc.unique(data.column("package_id")).to_pylist() or [""]
        listed = ", ".join(sql_literal(str(i)) for i in ids)
        return f"(SELECT * FROM {table} WHERE package_id IN ({listed}))"  # noqa: S608

    def append(self, table: str, data: pa.Table) -> None:
        """Append ``data`` with one ``COPY … FROM STDIN`` of the Arrow table written as CSV."""
        if not data.num_rows:
            return
        buf = io.BytesIO()
        pacsv.write_csv(data, buf, pacsv.WriteOptions(include_header=True,
                                                      quoting_style="all_valid"))
        statement = "COPY {t} ({c}) FROM STDIN WITH (FORMAT csv, HEADER true)".format(
            t=table, c=", ".join(data.column_names))
        with self.con.cursor() as cur, cur.copy(statement.encode()) as copy:
            copy.write(buf.getvalue())

    def unstage(self) -> None:
        """Nothing to forget: the relations are plain SELECTs."""

    def is_database_error(self, exc: BaseException) -> bool:
        """Whether ``exc`` is psycopg's error."""
        return isinstance(exc, self._error)

    def begin(self) -> None:
        """Start a transaction."""
        self.con.execute(b"BEGIN")

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


def default_store(environ: Mapping[str, str] | None = None,
                  workspace: Path | None = None) -> str:
    """The store used when none is named, by every command and the dashboard alike.

    ``$UMKM_KIT_COORDINATOR_DB``, else ``coordinator.duckdb`` in the workspace folder (``workspace``
    if given, else ``$UMKM_KIT_WORKSPACE``, else ``./workspace``).
    """
    named = settings.coordinator_db(environ)
    if named:
        return named
    root = workspace or settings.workspace_root(environ) or DEFAULT_WORKSPACE_DIR
    return str(Path(root) / STORE_FILE)


def _connect(db: str | Path | None, *, read_only: bool) -> _Backend:
    """A connection to the store ``db`` (None: the default DuckDB file)."""
    if is_postgres(db):
        return _Postgres(str(db), writer=not read_only)
    return _DuckDB(Path(db) if db is not None else Path(default_store()), read_only=read_only)


@contextmanager
def _opened(db: str | Path | None, *, read_only: bool) -> Iterator[_Backend]:
    """The store ``db``, closed at the end."""
    backend = _connect(db, read_only=read_only)
    try:
        yield backend
    finally:
        backend.close()


def top_level() -> int:
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
        for statement in create_statements(top_level()):
            backend.execute(statement)
        backend.commit()
    except BaseException:
        backend.rollback()
        raise


def sql_literal(text: str) -> str:
    """``text`` as an SQL string literal (quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def naive_utc(when: dt.datetime) -> dt.datetime:
    """``when`` as a naive UTC time (the log's TIMESTAMP columns)."""
    return when.astimezone(dt.UTC).replace(tzinfo=None)


def _snapshot_month(package: Package) -> dt.date:
    """The month a package's counts describe: its period_to's, else its creation's."""
    m = package.manifest
    day = m.period_to if m.period_to is not None else m.created_at.date()
    return day.replace(day=1)


def with_origin(name: str, table: pa.Table, package: Package) -> pa.Table:
    """``table`` with the raw table's extra columns (workspace, package, snapshot month)."""
    return _add_origin(name, table, [package], [table.num_rows], dictionary=False)


def batch_with_origin(name: str, packages: Sequence[Package], *,
                      dictionary: bool = False) -> pa.Table:
    """Table ``name`` of every package, one table, with the raw table's extra columns.

    The origin columns (workspace, package, snapshot month) and the score month are computed
    once for the whole batch, not package by package. With ``dictionary`` the workspace and
    package ids are dictionary arrays (an index per row into one value per package: no copy of
    the text per row; DuckDB scans them as they are).
    """
    table = pa.concat_tables([p.tables[name] for p in packages])
    return _add_origin(name, table, packages, [p.tables[name].num_rows for p in packages],
                       dictionary=dictionary)


def _repeated(values: Sequence[object], counts: Sequence[int], data_type: pa.DataType, *,
              dictionary: bool = False) -> pa.Array:
    """``values[i]`` repeated ``counts[i]`` times, as one array (or a dictionary array)."""
    indices = pa.array(np.repeat(np.arange(len(values), dtype=np.int32),
                                 np.asarray(counts, np.int64)))
    if dictionary:
        return pa.DictionaryArray.from_arrays(indices, pa.array(values, type=data_type))
    return pa.array(values, type=data_type).take(indices)


def _add_origin(name: str, table: pa.Table, packages: Sequence[Package],
                counts: Sequence[int], *, dictionary: bool) -> pa.Table:
    """``table`` (the packages' rows, ``counts[i]`` of ``packages[i]`` in order) with origins."""
    manifests = [p.manifest for p in packages]
    table = table.append_column("workspace_id", _repeated(
        [m.workspace_id for m in manifests], counts, pa.string(), dictionary=dictionary))
    table = table.append_column("package_id", _repeated(
        [m.package_id for m in manifests], counts, pa.string(), dictionary=dictionary))
    if name in SNAPSHOT_TABLES:
        table = table.append_column("month", _repeated(
            [_snapshot_month(p) for p in packages], counts, pa.date32()))
    elif name == "scores":
        # The score's month (UTC), computed here in Arrow: far cheaper than date_trunc per row
        # with time zones in SQL.
        floor = pc.floor_temporal(table.column("recorded_at"), unit="month")
        table = table.append_column("month", floor.cast(pa.timestamp("us")).cast(pa.date32()))
    return table


def _meta(backend: _Backend) -> dict[str, str]:
    """The store's fixed facts (framework version, key id), set by its first package."""
    return {str(k): str(v) for k, v in backend.fetchall("SELECT name, value FROM store_meta")}


@attrs.define
class StoreState:
    """What the checks need to know of a store, kept up to date as packages are taken.

    Every kind of store (DuckDB, PostgreSQL, the Spark lake) builds it from its own log with
    :meth:`remember` and decides with :func:`decide_each`: one set of rules.
    """

    seen: dict[str, str]  # package id → content sha256 of every package logged
    current: dict[str, tuple[str, dt.datetime]]  # workspace → its current package, created_at
    meta: dict[str, str]

    def remember(self, package_id: str, sha: str, workspace: str, created: dt.datetime,
                 outcome: str) -> None:
        """Take one logged package into account (``created``: naive UTC)."""
        self.seen[package_id] = sha
        if outcome != DUPLICATE:
            known = self.current.get(workspace)
            if known is None or created > known[1]:
                self.current[workspace] = (package_id, created)


def _load_state(backend: _Backend) -> StoreState:
    """The log and fixed facts of the store (the log is one row per package: small)."""
    state = StoreState(seen={}, current={}, meta=_meta(backend))
    for package_id, sha, workspace, created, outcome in backend.fetchall(
            "SELECT package_id, content_sha256, workspace_id, created_at, outcome "
            "FROM package_log"):
        state.remember(str(package_id), str(sha), str(workspace), created, str(outcome))
    return state


def _read_or_error(path: Path) -> Package | PackageError:
    """The package at ``path``, or why it cannot be read whole."""
    try:
        return read_package(path)
    except PackageError as exc:
        return exc


def read_ahead(paths: Iterable[Path], workers: int = READ_WORKERS,
               ahead: int = READ_AHEAD) -> Iterator[tuple[Path, Package | PackageError]]:
    """Each path with its package (or its :class:`PackageError`), in order, read by threads.

    At most ``ahead`` packages are read and not yet taken; ``workers`` <= 1 reads one at a time
    in the calling thread.
    """
    if workers <= 1:
        for path in paths:
            yield path, _read_or_error(Path(path))
        return
    pending: deque[tuple[Path, Future[Package | PackageError]]] = deque()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="read-package") as pool:
        try:
            for path in map(Path, paths):
                pending.append((path, pool.submit(_read_or_error, path)))
                if len(pending) >= ahead:
                    first, future = pending.popleft()
                    yield first, future.result()
            while pending:
                first, future = pending.popleft()
                yield first, future.result()
        finally:
            for _path, future in pending:
                future.cancel()


def decide_each(state: StoreState, paths: Sequence[Path], workers: int | None = None
                ) -> Iterator[tuple[IngestResult, Package | None]]:
    """Read and decide ``paths`` in order: each one's result, with the package when it is taken.

    A package that cannot be read whole, or that the rules refuse, comes with ``None``;
    ``state`` is updated as each package is taken (so a later one is judged against it).
    The packages are read ahead by ``workers`` threads (:func:`read_ahead`); the decisions are
    made here, one package at a time, in order.
    """
    for path, package in read_ahead(paths, READ_WORKERS if workers is None else workers):
        if isinstance(package, PackageError):
            yield _refused(path, package), None
            continue
        m = package.manifest
        try:
            outcome, replaced = _decide(state, package)
        except _Refused as exc:
            yield IngestResult(path, REFUSED, package_id=m.package_id, reason=str(exc)), None
            continue
        yield IngestResult(path, outcome, package_id=m.package_id, replaced=replaced), package


def _decide(state: StoreState, package: Package) -> tuple[str, str | None]:
    """The outcome for ``package`` (and the package it replaces), or :class:`_Refused`.

    The state is updated as if the package were taken.
    """
    m = package.manifest
    sha = state.seen.get(m.package_id)
    if sha is not None:
        if sha == package.content_sha256:
            return DUPLICATE, None
        raise _Refused(_("a package with id {id} is already stored with other content; a "
                         "package is never changed after it is made").format(id=m.package_id))
    meta = state.meta
    if "framework_version" in meta and meta["framework_version"] != m.framework_version:
        raise _Refused(_("it was made with framework version {got}, this store holds version "
                         "{want} (mapping between framework versions is not done yet)").format(
                             got=m.framework_version, want=meta.get("framework_version")))
    key_name = province_key_name(m.province_code)
    want = meta.get(key_name, meta.get("key_id"))
    if want is not None and want != m.key_id:
        raise _Refused(_("its pseudonyms were made with another key ({got}) than province "
                         "{province}'s in this store ({want}), so its people cannot be "
                         "matched").format(got=m.key_id, want=want,
                                           province=m.province_code or "-"))
    created = naive_utc(m.created_at)
    current = state.current.get(m.workspace_id)
    if current is not None and current[1] >= created:
        raise _Refused(_("it is older than package {old} of the same workspace, already "
                         "stored (made {when})").format(
                             old=current[0],
                             when=current[1].isoformat(sep=" ", timespec="seconds")))
    state.seen[m.package_id] = package.content_sha256
    state.current[m.workspace_id] = (m.package_id, created)
    meta.setdefault("framework_version", m.framework_version)
    meta.setdefault(key_name, m.key_id)
    return (ACCEPTED, None) if current is None else (REPLACED, current[0])


@attrs.define
class _Batch:
    """Packages taken but not yet written: written together, in ONE transaction."""

    stored_workspaces: set[str]  # workspaces with rows in the store before this batch
    rows: dict[str, Package] = attrs.Factory(dict)  # workspace → its newest package here
    # The log lines: manifest, content sha256, outcome, replaced package (no tables kept).
    log: list[tuple[Manifest, str, str, str | None]] = attrs.Factory(list)
    score_rows: int = 0

    def add(self, package: Package, outcome: str, replaced: str | None) -> None:
        """Take ``package``: its rows replace any older package of its workspace here."""
        self.log.append((package.manifest, package.content_sha256, outcome, replaced))
        if outcome == DUPLICATE:
            return
        workspace = package.manifest.workspace_id
        older = self.rows.get(workspace)
        if older is not None:
            self.score_rows -= older.tables["scores"].num_rows
        self.rows[workspace] = package
        self.score_rows += package.tables["scores"].num_rows


def _in_list(values: Sequence[str]) -> str:
    """``(?, ?, …)`` for ``values``."""
    return "(" + ", ".join("?" for _v in values) + ")"


def _write_batch(backend: _Backend, batch: _Batch, meta: dict[str, str], top: int,
                 now: dt.datetime) -> None:
    """Write a batch in one transaction: raw rows, partials, log lines, the stale mark."""
    backend.begin()
    try:
        stored = _meta(backend)
        for name in sorted(set(meta) - set(stored)):  # the first package's facts, once
            backend.execute("INSERT INTO store_meta (name, value) VALUES (?, ?)",
                            [name, meta[name]])
        gone = sorted(w for w in batch.rows if w in batch.stored_workspaces)
        if gone:  # replaced workspaces; a new one has no rows: no scan of the big tables
            tables = [raw_table(n) for n in SCHEMAS] + [part_table(n) for n in AGGREGATES]
            for table in tables:
                backend.execute(f"DELETE FROM {table} WHERE workspace_id IN "  # noqa: S608
                                f"{_in_list(gone)}", gone)
        if batch.rows:
            packages = list(batch.rows.values())
            try:
                # Dictionary origin columns for DuckDB; PostgreSQL's CSV takes plain text.
                dictionary = isinstance(backend, _DuckDB)
                sources = {name: backend.stage(name, batch_with_origin(
                    name, packages, dictionary=dictionary)) for name in SCHEMAS}
                for statement in partial_statements(top, sources):
                    backend.execute(statement)
            finally:
                backend.unstage()
            _set_stale(backend, True)
        backend.append("package_log", _log_rows(batch.log, now))
        backend.commit()
    except BaseException:
        backend.rollback()
        raise


_LOG_SCHEMA = pa.schema([
    ("package_id", pa.string()), ("content_sha256", pa.string()),
    ("workspace_id", pa.string()), ("framework_version", pa.string()),
    ("key_id", pa.string()), ("created_at", pa.timestamp("us")),
    ("ingested_at", pa.timestamp("us")), ("period_from", pa.date32()),
    ("period_to", pa.date32()), ("province_code", pa.string()), ("outcome", pa.string()),
    ("replaces", pa.string())])


def _log_rows(log: Sequence[tuple[Manifest, str, str, str | None]],
              now: dt.datetime) -> pa.Table:
    """The ``package_log`` lines of a batch, as one Arrow table."""
    rows = []
    for m, sha, outcome, replaced in log:
        rows.append({
            "package_id": m.package_id, "content_sha256": sha,
            "workspace_id": m.workspace_id, "framework_version": m.framework_version,
            "key_id": m.key_id, "created_at": naive_utc(m.created_at),
            "ingested_at": naive_utc(now), "period_from": m.period_from,
            "period_to": m.period_to, "province_code": m.province_code, "outcome": outcome,
            "replaces": replaced})
    return pa.Table.from_pylist(rows, schema=_LOG_SCHEMA)


def _set_stale(backend: _Backend, stale: bool) -> None:
    """Record whether the aggregates lag behind the partials (a rebuild is due)."""
    backend.execute("DELETE FROM store_meta WHERE name = ?", [STALE])
    if stale:
        backend.execute("INSERT INTO store_meta (name, value) VALUES (?, ?)", [STALE, "1"])


def rebuild_aggregates(backend: _Backend) -> None:
    """Rebuild every aggregate (and rollup) from the partials and swap them in, in ONE transaction.

    On PostgreSQL the new tables get their indexes before the swap.
    """
    backend.begin()
    try:
        for statement in rebuild_statements(indexes=isinstance(backend, _Postgres)):
            backend.execute(statement)
        _set_stale(backend, False)
        backend.commit()
    except BaseException:
        backend.rollback()
        raise


def _refused(path: Path, exc: PackageError) -> IngestResult:
    """The result of a package that could not be read whole."""
    return IngestResult(path, REFUSED, reason=_("{member}, field {field}: {message}").format(
        member=exc.member, field=exc.field, message=exc.message))


def write_packages(backend: _Backend, paths: Sequence[Path],
                   batch_rows: int = BATCH_SCORE_ROWS,
                   added: set[str] | None = None) -> list[IngestResult]:
    """Check and write ``paths`` in order (the aggregates are not rebuilt here).

    Every package is read and checked whole first; a refused one never reaches the database.
    Taken packages are written in batches of about ``batch_rows`` score rows, ONE transaction
    per batch: a package is never split, and a failure leaves the store as before the batch.
    ``added`` (if given) collects the workspaces of accepted packages (new to the store).
    """
    state = _load_state(backend)
    top = top_level()
    now = dt.datetime.now(dt.UTC)
    results: list[IngestResult] = []
    batch = _Batch(stored_workspaces=set(state.current))
    for result, package in decide_each(state, paths):
        results.append(result)
        if package is None:
            continue
        if added is not None and result.outcome == ACCEPTED:
            added.add(package.manifest.workspace_id)
        batch.add(package, result.outcome, result.replaced)
        if batch.score_rows >= batch_rows:
            _write_batch(backend, batch, state.meta, top, now)
            batch = _Batch(stored_workspaces=set(state.current))
    if batch.log:
        _write_batch(backend, batch, state.meta, top, now)
    return results


def ingest(paths: Sequence[Path], db: str | Path | None = None) -> list[IngestResult]:
    """Ingest ``paths`` in order into the store ``db``; one result per package.

    The packages are written (:func:`write_packages`); then, when anything changed (or an
    earlier run stopped before it), the aggregates are brought up to date at once: on DuckDB,
    when every change is a new workspace and the aggregates were current before, by adding the
    new workspaces' partials in place (:func:`add_to_aggregates`); otherwise rebuilt from every
    partial and swapped in (:func:`rebuild_aggregates`).
    """
    with _opened(db, read_only=False) as backend:
        _ensure_schema(backend)
        was_current = STALE not in _meta(backend)
        added: set[str] = set()
        results = write_packages(backend, paths, added=added)
        replaced = any(r.outcome == REPLACED for r in results)
        if was_current and not replaced and isinstance(backend, _DuckDB):
            if added:
                add_to_aggregates(backend, sorted(added))
        elif added or replaced or not was_current:
            rebuild_aggregates(backend)
        return results


def add_to_aggregates(backend: _Backend, workspaces: Sequence[str]) -> None:
    """Add the partials of ``workspaces`` (new to the aggregates) in place, in ONE transaction.

    The same tables as :func:`rebuild_aggregates` builds, at the cost of the new rows only.
    """
    backend.begin()
    try:
        backend.execute(f"CREATE TEMP TABLE IF NOT EXISTS {ADDED_WORKSPACES} "
                        "(workspace_id VARCHAR)")
        backend.execute(f"DELETE FROM {ADDED_WORKSPACES}")  # noqa: S608 - the store's own name
        backend.append(ADDED_WORKSPACES, pa.table({"workspace_id": pa.array(
            list(workspaces), pa.string())}))
        for statement in added_cells_statements():  # the new item partials, read once
            backend.execute(statement)
        # New district-months (the usual case): the item cube's new cells are inserted as they
        # are, without the sum over workspaces and the match against the existing cells.
        disjoint = int(backend.fetchall(place_months_shared_sql())[0][0]) == 0
        for statement in add_statements(disjoint=disjoint):
            backend.execute(statement)
        backend.execute(f"DROP TABLE {ADDED_WORKSPACES}")
        _set_stale(backend, False)
        backend.commit()
    except BaseException:
        backend.rollback()
        raise


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
             + list(AGGREGATES) + list(ROLLUPS) + ["package_log", "store_meta"])
    with _opened(db, read_only=True) as backend:
        return {name: int(backend.fetchall(
            "SELECT COUNT(*) FROM " + name)[0][0])  # noqa: S608 - the store's own names
                for name in names}
