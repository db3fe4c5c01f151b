"""The coordinator store on Apache Spark: a lake of Parquet files, aggregates by Spark SQL.

When one machine is no longer enough (issue 14, "Scale"), the SAME packages go into a **lake**
folder instead of a DuckDB file or a PostgreSQL database, and the SAME dashboard queries
(:mod:`kit.coordinator.queries`, ibis expressions compiled to Spark SQL) read it through Spark:
``queries.connect("spark:/path/to/lake")``.

The lake (a local folder, or a folder every Spark executor sees at the same path)::

    lake/log.json                       the package log and the store's fixed facts
    lake/raw/<workspace>.<package>/     one folder per workspace's current package:
        participants.parquet …          its six tables with their origin columns (a folder
                                        written before format 2 has no classes.parquet)
    lake/aggregates/<generation>/agg_…  the aggregate tables, written by Spark
    lake/aggregates/<generation>/raw_classes   the class counts of the generation's packages
    lake/CURRENT                        the generation the dashboard reads

Ingest (:func:`ingest_lake`) applies the store's own rules (:mod:`kit.coordinator.store`: a
package known by id and sha256, a newer package of a workspace replaces the older, another
framework version or province key is refused, a damaged package is refused whole) and writes the
raw tables with pyarrow, never through pandas. Each workspace's package lands in a new folder
and only then does the log (rewritten whole, atomically) point at it: a crash leaves the lake as
it was. The aggregates are then rebuilt by Spark SQL with the very statements of
:mod:`kit.coordinator.aggregates` (they run on Spark SQL unchanged: ``COUNT(*) FILTER``,
``date_trunc``, ``CAST … AS BIGINT``) into a new generation folder, and ``CURRENT`` is replaced
atomically, so a dashboard reads the old tables or the new ones, never a mix. The Puskom class
counts (already counts, a few rows per workspace) are copied into the same generation as
``raw_classes``, the table :mod:`kit.coordinator.class_counts` reads on every engine.

pyspark is a development dependency: it is imported only here, and only when a Spark store is
used. Spark needs Java 17 (``make system-deps`` installs it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from kit.coordinator.aggregates import AGGREGATES, final_select, part_table, partial_select
from kit.coordinator.class_counts import CLASSES
from kit.coordinator.package import SCHEMAS, Package
from kit.coordinator.queries import SPARK_SCHEME, TABLES, Store, StoreUnavailable
from kit.coordinator.store import (
    ACCEPTED,
    DUPLICATE,
    REFUSED,
    REPLACED,
    IngestResult,
    StoreState,
    decide_each,
    naive_utc,
    raw_table,
    top_level,
    with_origin,
)
from kit.i18n import _

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

SPARK_PREFIX = SPARK_SCHEME
DIALECT = "pyspark"  # ibis compiles the dashboard's expressions to Spark SQL
LOG = "log.json"
CURRENT = "CURRENT"
RAW = "raw"
GENERATIONS = "aggregates"
KEEP_GENERATIONS = 2  # the current one and the one a dashboard opened just before may still read


class SparkUnavailable(Exception):
    """Spark cannot start here (no Java, or the JVM failed); the message is one line."""


def spark_session(master: str | None = "local[2]", memory: str = "1g",
                  app: str = "umkm-kit-coordinator") -> SparkSession:
    """A Spark session: local mode on ``master`` (None: whatever the environment configures).

    Local sessions listen on 127.0.0.1 only, with the web UI off and few shuffle partitions;
    times are UTC. On a cluster, ``master=None`` takes the master and resources from
    ``spark-defaults.conf`` / ``spark-submit``. Raises :class:`SparkUnavailable` with one line
    when Java is missing or the JVM cannot start.
    """
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkUnavailable(_("Spark needs Java 17 and there is no 'java' here: install "
                                 "openjdk-17-jre-headless (make system-deps does)"))
    from pyspark.sql import SparkSession

    builder: Any = SparkSession.builder.appName(app)
    if master is not None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.master(master)
        for key, value in {
            "spark.driver.memory": memory,
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.sql.shuffle.partitions": "4",
        }.items():
            builder = builder.config(key, value)
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    try:
        session: SparkSession = builder.getOrCreate()
    except Exception as exc:  # the JVM's own failure (py4j / gateway errors)
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise SparkUnavailable(_("Spark could not start: {reason}").format(reason=text)
                               ) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


# --- the lake's log ---------------------------------------------------------------------------

def _uri(path: Path) -> str:
    """``path`` as the ``file://`` URI Spark reads (never the cluster's default file system)."""
    return path.resolve().as_uri()


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and one rename."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _read_log(lake: Path) -> dict[str, Any]:
    """The lake's log (empty when the lake is new)."""
    path = lake / LOG
    if not path.is_file():
        return {"meta": {}, "packages": [], "current": {}}
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _state(log: dict[str, Any]) -> StoreState:
    """The store's decision state from the lake's log (the same rules as every store)."""
    state = StoreState(seen={}, current={}, meta=dict(log["meta"]))
    for entry in log["packages"]:
        state.remember(entry["package_id"], entry["content_sha256"], entry["workspace_id"],
                       dt.datetime.fromisoformat(entry["created_at"]), entry["outcome"])
    return state


def _folder(package: Package) -> str:
    """The raw folder of a workspace's package: safe on any file system, one per package."""
    m = package.manifest
    ws = hashlib.sha256(m.workspace_id.encode()).hexdigest()[:20]
    pk = hashlib.sha256(m.package_id.encode()).hexdigest()[:12]
    return f"{ws}.{pk}"


def _write_raw(lake: Path, package: Package) -> str:
    """Write ``package``'s tables (with their origin columns) into a new raw folder."""
    folder = _folder(package)
    final = lake / RAW / folder
    tmp = lake / RAW / (folder + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in SCHEMAS:
        pq.write_table(with_origin(name, package.tables[name], package),
                       tmp / f"{name}.parquet")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    return folder


def ingest_lake(session: SparkSession, paths: Sequence[Path], lake: Path
                ) -> list[IngestResult]:
    """Ingest ``paths`` in order into the lake folder ``lake``; one result per package.

    The same outcomes as :func:`kit.coordinator.store.ingest` (accepted, replaced, duplicate,
    refused with the reason). When anything changed, the aggregates are rebuilt with Spark
    (:func:`build_aggregates`).
    """
    lake = Path(lake)
    lake.mkdir(parents=True, exist_ok=True)
    log = _read_log(lake)
    state = _state(log)
    current: dict[str, str] = dict(log["current"])
    gone: list[str] = []
    results: list[IngestResult] = []
    now = naive_utc(dt.datetime.now(dt.UTC)).isoformat()
    for result, package in decide_each(state, paths):
        results.append(result)
        if package is None:
            continue
        m = package.manifest
        outcome, replaced = result.outcome, result.replaced
        if outcome != DUPLICATE:
            older = current.get(m.workspace_id)
            if older is not None:
                gone.append(older)
            current[m.workspace_id] = _write_raw(lake, package)
        log["packages"].append({
            "package_id": m.package_id, "content_sha256": package.content_sha256,
            "workspace_id": m.workspace_id, "created_at": naive_utc(m.created_at).isoformat(),
            "ingested_at": now, "outcome": outcome, "replaces": replaced})
    if not any(r.outcome != REFUSED for r in results):
        return results
    log["meta"] = state.meta
    log["current"] = current
    _write_atomically(lake / LOG, json.dumps(log, indent=1, sort_keys=True))
    for folder in gone:  # the log no longer names them
        shutil.rmtree(lake / RAW / folder, ignore_errors=True)
    if any(r.outcome in (ACCEPTED, REPLACED) for r in results) or \
            not (lake / CURRENT).is_file():
        build_aggregates(session, lake)
    return results


# --- Spark: raw views, aggregates, the dashboard's views --------------------------------------

def _empty_raw(spark: SparkSession, name: str) -> DataFrame:
    """An empty raw table ``name`` (the package's columns and the origin columns)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    schema = SCHEMAS[name]
    for extra in ("workspace_id", "package_id"):
        schema = schema.append(pa.field(extra, pa.string()))
    return spark.createDataFrame([], from_arrow_schema(schema))


def _raw_frames(spark: SparkSession, lake: Path) -> dict[str, DataFrame]:
    """The raw tables of the lake's current packages as Spark DataFrames.

    A folder written before a table existed (``classes``, format 2) has no file of it: the
    table reads the other folders' files, or is empty.
    """
    folders = sorted(_read_log(lake)["current"].values())
    if not folders:
        raise StoreUnavailable(SPARK_PREFIX + str(lake), "missing")
    frames: dict[str, DataFrame] = {}
    for name in SCHEMAS:
        files = [lake / RAW / f / f"{name}.parquet" for f in folders]
        found = [_uri(path) for path in files if path.exists()]
        frames[name] = spark.read.parquet(*found) if found else _empty_raw(spark, name)
    return frames


def build_aggregates(session: SparkSession, lake: Path) -> str:
    """Rebuild the aggregate tables from the lake's raw tables with Spark SQL; swap them in.

    The statements are :mod:`kit.coordinator.aggregates`' own: each aggregate's partials (over
    every workspace at once: they group by workspace) and the sums over the partials. Written
    into a new generation folder; ``CURRENT`` then names it (one atomic rename). Returns the
    generation's name.
    """
    lake = Path(lake)
    spark = session.newSession()  # its own temporary views
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    frames = _raw_frames(spark, lake)
    for name, frame in frames.items():
        frame.createOrReplaceTempView(raw_table(name))
    top = top_level()
    for name in AGGREGATES:
        spark.sql(partial_select(name, top, {})).createOrReplaceTempView(part_table(name))
    generation = f"{time.time_ns():020d}"
    target = lake / GENERATIONS / generation
    for name in AGGREGATES:
        spark.sql(final_select(name)).write.mode("overwrite").parquet(_uri(target / name))
    # The class counts (few rows) with the generation: read with the aggregates they match.
    frames["classes"].coalesce(1).write.mode("overwrite").parquet(_uri(target / CLASSES))
    _write_atomically(lake / CURRENT, generation)
    older = sorted(p.name for p in (lake / GENERATIONS).iterdir() if p.is_dir())
    for stale in older[:-KEEP_GENERATIONS]:
        shutil.rmtree(lake / GENERATIONS / stale, ignore_errors=True)
    return generation


def register_aggregates(spark: SparkSession, lake: Path) -> None:
    """Make the lake's current aggregate tables the session's views of the contract's names."""
    where = SPARK_PREFIX + str(lake)
    if not (Path(lake) / LOG).is_file():
        raise StoreUnavailable(where, "missing")
    pointer = Path(lake) / CURRENT
    if not pointer.is_file():
        raise StoreUnavailable(where, "no-aggregates")
    target = Path(lake) / GENERATIONS / pointer.read_text(encoding="utf-8").strip()
    for name in AGGREGATES:
        spark.read.parquet(_uri(target / name)).createOrReplaceTempView(name)
    # A generation built before format 2 has no class counts: an empty table until the next.
    classes = (spark.read.parquet(_uri(target / CLASSES)) if (target / CLASSES).is_dir()
               else _empty_raw(spark, "classes"))
    classes.createOrReplaceTempView(CLASSES)


def lake_counts(session: SparkSession, lake: Path) -> dict[str, int]:
    """The number of rows of the lake's raw tables (current packages) and aggregate tables."""
    spark = session.newSession()
    counts = {raw_table(name): frame.count()
              for name, frame in _raw_frames(spark, Path(lake)).items()}
    register_aggregates(spark, Path(lake))
    counts.update({name: spark.table(name).count() for name in AGGREGATES})
    return counts


# --- the dashboard's connection ---------------------------------------------------------------

class _SparkCursor:
    """Just enough of a DB-API cursor for :class:`kit.coordinator.queries.Store`."""

    def __init__(self, spark: SparkSession) -> None:
        self._spark = spark
        self.description: list[tuple[str]] = []
        self._rows: list[tuple[Any, ...]] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run ``sql`` (compiled by ibis, no parameters) and keep its (small) result."""
        if params:
            raise ValueError("Spark SQL statements take no parameters here")
        frame = self._spark.sql(sql)
        self.description = [(name,) for name in frame.columns]
        self._rows = [tuple(row) for row in frame.collect()]

    def fetchall(self) -> list[tuple[Any, ...]]:
        """The rows of the last statement."""
        return self._rows

    def close(self) -> None:
        """Nothing to release."""


class SparkConnection:
    """A Spark session seen as a DB-API connection: the dashboard's store reads through it."""

    def __init__(self, spark: SparkSession, owned: SparkSession | None = None) -> None:
        self.spark = spark
        self._owned = owned

    def cursor(self) -> _SparkCursor:
        """A cursor over the session's views."""
        return _SparkCursor(self.spark)

    def close(self) -> None:
        """Stop the Spark session if this connection started it."""
        if self._owned is not None:
            self._owned.stop()


def session_of(store: Store) -> SparkSession:
    """The Spark session a Spark store reads through (TypeError for another engine)."""
    if not isinstance(store.connection, SparkConnection):
        raise TypeError(f"{store.where} is not a Spark store")
    return store.connection.spark


def open_store(target: str | Path | SparkSession) -> Store:
    """The dashboard's store over Spark, read-only.

    ``spark:LAKE`` opens the lake folder's current aggregates in a session of its own (the
    running Spark session's context if there is one, else a new one that closing the store
    stops). A :class:`SparkSession` whose views already hold the contract's tables is used as
    it is. Raises :class:`StoreUnavailable` (one line) when Spark cannot start or the tables are
    missing.
    """
    where = str(target) if isinstance(target, str | Path) else "spark"
    owned: SparkSession | None = None
    try:
        # ibis's Spark SQL compiler reads the pyspark backend's options: load the backend.
        ibis.load_backend("pyspark")
        if isinstance(target, str | Path):
            from pyspark.sql import SparkSession

            base = SparkSession.getActiveSession()
            if base is None:
                base = owned = spark_session(master=None)
            spark = base.newSession()
            spark.conf.set("spark.sql.session.timeZone", "UTC")
            register_aggregates(spark, Path(where.removeprefix(SPARK_PREFIX)))
        else:
            spark = target
        missing = [name for name in TABLES if not spark.catalog.tableExists(name)]
    except StoreUnavailable:
        if owned is not None:
            owned.stop()
        raise
    except Exception as exc:  # Spark's own errors: no Java, unreadable lake, …
        if owned is not None:
            owned.stop()
        raise StoreUnavailable(where, (str(exc).strip().splitlines()
                                       or [type(exc).__name__])[0]) from exc
    if missing:
        if owned is not None:
            owned.stop()
        raise StoreUnavailable(where, "no-aggregates")
    return Store(SparkConnection(spark, owned), DIALECT, where)
