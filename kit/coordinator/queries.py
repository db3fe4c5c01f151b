"""The coordinator dashboard's questions, written once as ibis expressions over the aggregates.

Every query reads ONLY the store's aggregate tables (``agg_stage_funnel``,
``agg_stage_funnel_detail``, ``agg_item_month``, ``agg_session``: the contract with
:mod:`kit.coordinator.store`), never the raw rows, and takes one :class:`Filters` value.

Each question is ONE ibis expression over unbound tables of the contract's schemas
(:data:`SCHEMAS`); :class:`Store` compiles it to its engine's SQL dialect (``ibis.to_sql``) and
runs it through the engine's own driver: DuckDB (the embedded default, a file opened read-only)
or PostgreSQL (psycopg, a read-only session). Another engine (Spark, ClickHouse) is one more
dialect and driver: the expressions do not change. ibis 12's own DuckDB backend cannot execute on
DuckDB 2.0 (it calls ``fetch_arrow_table``, which DuckDB 2.0 removed), hence ibis as the
compiler only. Only the few rows of a result reach pandas (ratios between consecutive stages are
computed on those rows).

- :func:`funnel`: participants (UMKM) per stage, how many reached each stage or a later one, and
  the conversion between consecutive stages; overall, per province or per district; each
  district's latest snapshot in the period. With the
  age-group or sector filter it counts only consented participants (:func:`consented_only`).
- :func:`heatmap`: items × districts (or provinces), share of persons assessed who reached the
  rubric's top level; weakest item first.
- :func:`trend`: one item's monthly achievement.
- :func:`sessions_by_activity`, :func:`sessions`, :func:`facilitators`: count by activity,
  attendance against target, achievement per session, facilitators compared within an activity.

Speed (issue 14, "Scale"): the item questions read the narrowest **rollup** of
``agg_item_month`` that holds every column the question and its filters use
(:data:`kit.coordinator.aggregates.ROLLUPS`; the full item cube only for an age-band or sector
filter together with a period), when the store has it (:func:`item_source`); the sums are the
same. The SQL of each question is compiled once per *filter shape* (which filters are set, the
grouping, the rollup) with placeholders for the filter values, and cached (:meth:`Store.answer`):
a filter change only binds new values (DuckDB and PostgreSQL; Spark compiles each time).
:meth:`Store.held` keeps one read-only connection for a group of queries (the dashboard's first
view), instead of one per query.

Achievement is ``n_achieved / n_assessed`` (persons) for items; for sessions it is the
person-items at the top level (``n_achieved``) out of ``n_assessed × items_assessed`` (persons
assessed × distinct items assessed: every person on every item, ``items_possible``); attendance
is ``n_present / target_size``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import duckdb
import ibis
import pandas as pd
from ibis.expr.types import Table

from kit.coordinator.aggregates import ITEM_MEASURES, ROLLUPS
from kit.framework import Framework, framework
from kit.i18n import gettext_

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

FUNNEL = "agg_stage_funnel"
FUNNEL_DETAIL = "agg_stage_funnel_detail"
ITEM_MONTH = "agg_item_month"
SESSION = "agg_session"
_PLACE_MONTH = {"province_code": "string", "district_code": "string", "month": "date"}
# The columns the dashboard reads (the store may hold more).
SCHEMAS: dict[str, dict[str, str]] = {
    FUNNEL: {**_PLACE_MONTH, "participant_type": "string", "gender": "string",
             "stage": "string", "n": "int64"},
    FUNNEL_DETAIL: {**_PLACE_MONTH, "participant_type": "string", "gender": "string",
                    "stage": "string", "n": "int64", "age_band": "string", "sector": "string"},
    ITEM_MONTH: {**_PLACE_MONTH, "activity_id": "string", "item_id": "string",
                 "gender": "string", "age_band": "string", "sector": "string",
                 "n_scores": "int64", "n_assessed": "int64", "n_achieved": "int64",
                 "level_sum": "int64"},
    SESSION: {"session_key": "string", **_PLACE_MONTH, "activity_id": "string",
              "facilitator": "string", "target_size": "int32", "n_present": "int32",
              "n_assessed": "int64", "n_achieved": "int64", "items_assessed": "int64"},
}
TABLES = tuple(SCHEMAS)
# The rollups of the item cube (kit.coordinator.aggregates): the same sums, fewer dimensions.
ROLLUP_SCHEMAS: dict[str, dict[str, str]] = {
    name: {col: SCHEMAS[ITEM_MONTH][col] for col in (*dims, *ITEM_MEASURES)}
    for name, dims in ROLLUPS.items()}
UMKM = "umkm"  # only UMKM participants have a stage
PLACES = {"province": "province_code", "district": "district_code"}
POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
SPARK_SCHEME = "spark:"  # a Spark lake folder (kit.coordinator.spark_store)


def table(name: str) -> Table:
    """The unbound ibis table ``name`` of the contract or a rollup (expressions are built on it)."""
    return ibis.table(SCHEMAS.get(name) or ROLLUP_SCHEMAS[name], name=name)


class StoreUnavailable(Exception):
    """The coordinator store cannot be read: missing, locked, not a store, or server down."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason

    def line(self, lang: str | None = None) -> str:
        """One translated line naming the store and what is wrong."""
        reasons = {
            "missing": gettext_("the coordinator store does not exist (ingest packages first "
                                "with 'python -m kit aggregate ingest')", lang),
            "no-aggregates": gettext_("the coordinator store has no aggregate tables yet "
                                      "(ingest packages first)", lang),
            "busy": gettext_("the coordinator store is being updated; try again in a moment",
                             lang),
        }
        detail = reasons.get(self.reason, self.reason)
        return gettext_("Coordinator store {where}: {detail}", lang).format(
            where=self.where, detail=detail)


@attrs.frozen
class Filters:
    """What the coordinator looks at: a place, an activity, a period and groups of people.

    ``None`` means "all". Months are the first day of a month (``date(2026, 10, 1)``);
    ``month_from``/``month_to`` are inclusive. ``gender`` is ``L`` or ``P``; ``age_band`` and
    ``sector`` are written as the store holds them.
    """

    province: str | None = None
    district: str | None = None
    activity: str | None = None
    month_from: date | None = None
    month_to: date | None = None
    gender: str | None = None
    age_band: str | None = None
    sector: str | None = None


def month_of(text: str) -> date:
    """``2026-10`` (or ``2026-10-17``) as the first day of that month (ValueError if not)."""
    parts = text.strip().split("-")
    if len(parts) < 2:
        raise ValueError(text)
    return date(int(parts[0]), int(parts[1]), 1)


# --- the store: compile, run, read ------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A driver's value as the dashboard uses it (numeric → int/float, timestamp → date)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.date()
    return value


def _like_records(frame: pd.DataFrame, types: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` (DuckDB's) with the types :meth:`Store.frame` gives: dates, floats for nulls.

    ``types`` are the SQL types of the columns: a 128-bit integer (a sum of BIGINTs) comes back
    from DuckDB as a float, made an integer again here unless it has a null.
    """
    for name in frame.columns:
        column = frame[name]
        if types.get(str(name)) in ("HUGEINT", "UHUGEINT") and not column.hasnans:
            frame[name] = column.astype("int64")
        elif pd.api.types.is_datetime64_any_dtype(column.dtype):
            frame[name] = pd.Series([None if pd.isna(v) else v.date() for v in column],
                                    index=frame.index, dtype=object)
        elif isinstance(column.dtype, pd.Int64Dtype | pd.Int32Dtype | pd.Int16Dtype |
                        pd.Int8Dtype):
            frame[name] = column.astype("float64" if column.hasnans else "int64")
        elif pd.api.types.is_integer_dtype(column.dtype) and column.dtype != "int64":
            frame[name] = column.astype("int64")  # INTEGER, SMALLINT: Python ints before
        elif pd.api.types.is_float_dtype(column.dtype) and column.dtype != "float64":
            frame[name] = column.astype("float64")
    return frame


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@attrs.define
class Store:
    """A coordinator store: a DB-API connection and the SQL dialect ibis compiles to.

    With an ``opener`` (DuckDB files) the connection is opened read-only for each query and
    closed right after (``connection`` is ``None`` between queries), so an open dashboard never
    holds the file's lock, which ``aggregate ingest`` needs to write. Without one (PostgreSQL,
    Spark) the connection stays open: the server serves readers while a writer writes.
    """

    connection: Any
    dialect: str
    where: str
    opener: Callable[[], Any] | None = None
    # The rollups this store holds (set by :func:`connect`; none: the item cube is read).
    rollups: frozenset[str] = frozenset()
    _holding: bool = False

    def sql(self, expr: Table) -> str:
        """The SQL of ``expr`` in this store's dialect."""
        return str(ibis.to_sql(expr, dialect=self.dialect))

    @contextmanager
    def held(self) -> Iterator[Store]:
        """Keep one connection open for the queries inside (a DuckDB file is opened once).

        Used for a group of queries asked together (the dashboard's first view, the filters'
        choices); the file is closed at the end, so the writer is blocked only meanwhile.
        """
        if self.opener is None or self._holding:
            yield self
            return
        self._holding = True
        try:
            yield self
        finally:
            self._holding = False
            self.close()

    def answer(self, key: Hashable, build: Callable[[Filters, Mapping[str, str]], Table],
              f: Filters, extra: Mapping[str, str] | None = None) -> pd.DataFrame:
        """The result of ``build(f, extra)`` as a small DataFrame; its SQL compiled once per shape.

        ``key`` names the question and everything but the filter values that shapes its SQL
        (grouping, rollup). On DuckDB and PostgreSQL the expression is built with a marker for
        each value that is set, compiled once, and cached with placeholders; the values are
        bound as parameters. Other engines compile the expression with the values each time.
        """
        style = _PARAM_STYLE.get(self.dialect)
        if style is None:
            return self.frame(build(f, extra or {}))
        marked, values = _marked(f, extra or {})
        cache_key = (self.dialect, key, marked, tuple(sorted(values)))
        template = _SQL_CACHE.get(cache_key)
        if template is None:
            template = _Template.of(self.sql(build(marked, {k: _token(k) for k in extra or {}})),
                                    style)
            if len(_SQL_CACHE) >= _SQL_CACHE_SIZE:
                _SQL_CACHE.clear()
            _SQL_CACHE[cache_key] = template
        params = [values[t] for t in template.tokens]
        if self.dialect == "duckdb":
            return self._duckdb_frame(template.sql, params)
        return self._frame_of(*self.rows(template.sql, params))

    def _duckdb_frame(self, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        """The result as DuckDB's own DataFrame (columnar: no Python object per value).

        Made like :meth:`frame`'s: dates as ``date`` objects, integers with a null as floats.
        """
        connection = self._open()
        try:
            result = connection.execute(sql, list(params))
            types = {str(d[0]): str(d[1]) for d in result.description}
            frame = result.df()
        finally:
            if self.opener is not None and not self._holding:
                self.close()
        return _like_records(frame, types)

    def _open(self) -> Any:
        """The connection, opened now if needed (:class:`StoreUnavailable` if it cannot)."""
        if self.connection is None:
            if self.opener is None:
                raise StoreUnavailable(self.where, "closed")
            try:
                self.connection = self.opener()
            except Exception as exc:  # locked by the writer, damaged, server down, …
                text = _first_line(exc)
                raise StoreUnavailable(self.where, "busy" if "lock" in text.lower() else text
                                       ) from exc
        return self.connection

    def rows(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run ``sql``; its column names and rows (:class:`StoreUnavailable` if it cannot open)."""
        connection = self._open()
        try:
            cur = connection.cursor()
            try:
                cur.execute(sql, list(params))
                names = [str(d[0]) for d in cur.description]
                return names, [tuple(_plain(v) for v in row) for row in cur.fetchall()]
            finally:
                cur.close()
        finally:
            if self.opener is not None and not self._holding:
                self.close()

    def frame(self, expr: Table) -> pd.DataFrame:
        """The result of ``expr`` as a (small) DataFrame."""
        return self._frame_of(*self.rows(self.sql(expr)))

    @staticmethod
    def _frame_of(names: list[str], rows: list[tuple[Any, ...]]) -> pd.DataFrame:
        """Rows and their column names as a DataFrame (typed empty columns when none)."""
        return pd.DataFrame.from_records(rows, columns=names) if rows \
            else pd.DataFrame({n: pd.Series(dtype=object) for n in names})

    def close(self) -> None:
        """Close the connection (if open)."""
        if self.connection is not None:
            connection, self.connection = self.connection, None
            connection.close()


# --- compiled once per filter shape ----------------------------------------------------------

_PARAM_STYLE = {"duckdb": "?", "postgres": "%s"}
_TOKEN = re.compile(r"'__kit_param_([a-z_]+)__'")
_SQL_CACHE: dict[Hashable, _Template] = {}
_SQL_CACHE_SIZE = 1024


def _token(name: str) -> str:
    """The marker that stands for the value ``name`` in an expression compiled for the cache."""
    return f"__kit_param_{name}__"


@attrs.frozen
class _Template:
    """Compiled SQL with placeholders, and the names of the values they take, in order."""

    sql: str
    tokens: tuple[str, ...]

    @classmethod
    def of(cls, sql: str, style: str) -> _Template:
        """The template of ``sql`` (compiled with markers) for the placeholder ``style``."""
        if style == "%s":
            sql = sql.replace("%", "%%")  # psycopg reads % as the start of a placeholder
        tokens = tuple(m.group(1) for m in _TOKEN.finditer(sql))
        return cls(sql=_TOKEN.sub(lambda _m: style, sql), tokens=tokens)


def _marked(f: Filters, extra: Mapping[str, str]) -> tuple[Filters, dict[str, str]]:
    """``f`` with a marker for each value set, and each value (dates as ISO text) by name."""
    values: dict[str, str] = {}
    marks: dict[str, Any] = {}
    for field in attrs.fields(Filters):
        value = getattr(f, field.name)
        if value is not None:
            values[field.name] = value.isoformat() if isinstance(value, date) else str(value)
            marks[field.name] = _token(field.name)
    for name, value in extra.items():
        values[name] = value
    return attrs.evolve(f, **marks), values


def _month_value(value: date | str) -> Any:
    """A month filter's value as an SQL date (``CAST('2026-10-01' AS DATE)``; a marker as is)."""
    text = value if isinstance(value, str) else value.isoformat()
    return ibis.literal(text).cast("date")


def _postgres_or_unavailable(url: str, where: str) -> Any:
    try:
        return _postgres(url)
    except Exception as exc:  # server down, refused, no such database
        raise StoreUnavailable(where, _first_line(exc)) from exc


def _postgres(url: str) -> Any:
    import psycopg

    conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1),
                           autocommit=True)
    conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    return conn


def connect(store: str | Path | SparkSession) -> Store:
    """Open the coordinator store read-only: a DuckDB file, a ``postgresql://`` URL, or Spark.

    Spark: ``spark:LAKE`` (a lake folder) or a Spark session holding the tables, through
    :func:`kit.coordinator.spark_store.open_store`. Raises :class:`StoreUnavailable` (one line)
    when the file is missing, locked or not a store, the server cannot be reached, or the store
    has no aggregate tables yet.
    """
    if not isinstance(store, str | Path) or str(store).startswith(SPARK_SCHEME):
        from kit.coordinator.spark_store import open_store

        return open_store(store)
    text = str(store)
    if text.startswith(POSTGRES_SCHEMES):
        where = text.split("@")[-1]
        opened = Store(_postgres_or_unavailable(text, where), "postgres", where)
    else:
        if not Path(text).is_file():
            raise StoreUnavailable(text, "missing")
        opened = Store(None, "duckdb", text, opener=lambda: duckdb.connect(text, read_only=True))
    try:
        _names, found = opened.rows("SELECT table_name FROM information_schema.tables "
                                    "WHERE table_schema = current_schema()")
    except StoreUnavailable:
        raise
    except Exception as exc:  # not a database at all
        raise StoreUnavailable(opened.where, _first_line(exc)) from exc
    if not set(TABLES) <= {str(row[0]) for row in found}:
        opened.close()
        raise StoreUnavailable(opened.where, "no-aggregates")
    opened.rollups = frozenset(ROLLUPS) & {str(row[0]) for row in found}
    return opened


# --- filtering --------------------------------------------------------------------------------

def _filtered(t: Table, f: Filters, *, people: bool = True, activity: bool = True) -> Table:
    """``t`` restricted by every filter that applies to its columns."""
    cols = set(t.columns)
    wanted: list[tuple[str, object]] = [("province_code", f.province),
                                        ("district_code", f.district)]
    if activity:
        wanted.append(("activity_id", f.activity))
    if people:
        wanted += [("gender", f.gender), ("age_band", f.age_band), ("sector", f.sector)]
    conditions = [t[col] == value for col, value in wanted if value is not None and col in cols]
    if f.month_from is not None:
        conditions.append(t.month >= _month_value(f.month_from))
    if f.month_to is not None:
        conditions.append(t.month <= _month_value(f.month_to))
    return t.filter(*conditions) if conditions else t


def _filter_columns(f: Filters) -> set[str]:
    """The item cube's columns the filters ``f`` restrict."""
    named = {"province_code": f.province, "district_code": f.district,
             "activity_id": f.activity, "gender": f.gender, "age_band": f.age_band,
             "sector": f.sector}
    columns = {col for col, value in named.items() if value is not None}
    if f.month_from is not None or f.month_to is not None:
        columns.add("month")
    return columns


def item_source(f: Filters, needs: Collection[str], rollups: Collection[str] = ()) -> str:
    """The narrowest item table among ``rollups`` holding ``needs`` and ``f``'s columns.

    The item cube (``agg_item_month``) when no rollup of the store holds them all.
    """
    wanted = set(needs) | _filter_columns(f)
    for name, dims in ROLLUPS.items():
        if name in rollups and wanted <= set(dims):
            return name
    return ITEM_MONTH


def _sum(column: Any) -> Any:
    """The sum of ``column`` as a 64-bit integer on every engine (PostgreSQL sums to numeric)."""
    return column.sum().cast("int64")


def _ratio(numerator: Any, denominator: Any) -> Any:
    """``numerator / denominator`` as a float, null when the denominator is 0."""
    return numerator.cast("float64") / denominator.nullif(0).cast("float64")


def consented_only(f: Filters) -> bool:
    """Whether the funnel counts consented participants only (age group or sector chosen)."""
    return f.age_band is not None or f.sector is not None


# --- the stage funnel --------------------------------------------------------------------------

def funnel_expr(f: Filters, by: str | None = None) -> Table:
    """UMKM per current stage (``n``), per place when ``by`` is province or district.

    The funnel tables hold snapshots (the month of a package's end): each district counts with
    its latest snapshot in the period (the funnel "as of" the period's end), never twice.
    """
    t = table(FUNNEL_DETAIL if consented_only(f) else FUNNEL)
    t = _filtered(t, f, activity=False)
    t = t.filter(t.participant_type == UMKM)
    latest = t.group_by("district_code").aggregate(latest=t.month.max())
    t = t.join(latest, "district_code").filter(lambda x: x.month == x.latest)
    keys = [PLACES[by]] if by else []
    return t.group_by([*keys, "stage"]).aggregate(n=_sum(t.n))


def funnel(store: Store, f: Filters, by: str | None = None,
           fw: Framework | None = None) -> pd.DataFrame:
    """The stage funnel: one row per (place,) stage in the framework's order.

    Columns: the place code when ``by`` is set, ``stage`` (``None``: no stage yet, first),
    ``order`` (0 for none), ``n`` (at this stage now), ``reached`` (at this stage or a later
    one), ``share`` (reached / everybody) and ``conversion`` (reached / reached at the stage
    before; for the first stage, / everybody).
    """
    if by is not None and by not in PLACES:
        raise ValueError(f"funnel by {by!r}")
    fw = fw or framework()
    stages: list[tuple[str | None, int]] = [(None, 0)] + [(s.id, s.order) for s in fw.stages]
    counts = store.answer(("funnel", by), lambda g, _x: funnel_expr(g, by), f)
    key = PLACES[by] if by else None
    places: list[str | None] = [None]
    if key:
        places = [str(p) for p in sorted(str(x) for x in counts[key].dropna().unique())]
    rows: list[dict[str, Any]] = []
    for place in places:
        part = counts if key is None else counts[counts[key] == place]
        at = {(None if pd.isna(s) else str(s)): int(n) for s, n in zip(part["stage"], part["n"],
                                                                       strict=True)}
        total = sum(at.values())
        reached_after = total
        previous = total
        for stage, order in stages:
            n = at.get(stage, 0)
            reached = total if stage is None else reached_after
            row: dict[str, Any] = {} if key is None else {key: place}
            row.update(stage=stage, order=order, n=n, reached=reached,
                       share=(reached / total) if total else None,
                       conversion=None if stage is None
                       else ((reached / previous) if previous else None))
            rows.append(row)
            if stage is None:
                reached_after = total - n
            else:
                previous = reached
                reached_after -= n
    columns = ([key] if key else []) + ["stage", "order", "n", "reached", "share", "conversion"]
    return pd.DataFrame(rows, columns=columns)


# --- items: the heatmap and one item's trend ---------------------------------------------------

def heatmap_expr(f: Filters, by: str = "district", rollups: Collection[str] = ()) -> Table:
    """Persons assessed and at the top level per item × place (``by``: district or province).

    Read from the narrowest of ``rollups`` that holds what it needs (:func:`item_source`).
    """
    place = PLACES[by]
    t = _filtered(table(item_source(f, ("item_id", place), rollups)), f)
    g = t.group_by(["item_id", place]).aggregate(n_assessed=_sum(t.n_assessed),
                                                   n_achieved=_sum(t.n_achieved))
    g = g.mutate(rate=_ratio(g.n_achieved, g.n_assessed))
    item_rate = g.group_by("item_id").aggregate(item_assessed=_sum(g.n_assessed),
                                                 item_achieved=_sum(g.n_achieved))
    item_rate = item_rate.mutate(item_rate=_ratio(item_rate.item_achieved,
                                                  item_rate.item_assessed))
    joined = g.join(item_rate.select("item_id", "item_rate"), "item_id")
    return joined.order_by([joined.item_rate.asc(), joined.item_id, joined[place]])


def heatmap(store: Store, f: Filters, by: str = "district") -> pd.DataFrame:
    """Item × place achievement, long form, weakest item first (then item id, place code).

    Columns: ``item_id``, the place code, ``n_assessed``, ``n_achieved``, ``rate`` and the
    item's overall ``item_rate`` over the chosen places.
    """
    if by not in PLACES:
        raise ValueError(f"heatmap by {by!r}")
    return store.answer(("heatmap", by, store.rollups),
                       lambda g, _x: heatmap_expr(g, by, store.rollups), f)


def heatmap_matrix(long: pd.DataFrame, by: str = "district") -> pd.DataFrame:
    """The heatmap as a matrix: items (weakest first) as rows, places as columns, rates."""
    place = PLACES[by]
    if long.empty:
        return pd.DataFrame()
    items = list(dict.fromkeys(long["item_id"]))
    places = sorted(dict.fromkeys(long[place]))
    matrix = long.pivot_table(index="item_id", columns=place, values="rate", aggfunc="first")
    return matrix.reindex(index=items, columns=places)


def trend_expr(f: Filters, item_id: str, rollups: Collection[str] = ()) -> Table:
    """One item's scores, persons assessed and at the top level, per month (oldest first)."""
    t = _filtered(table(item_source(f, ("item_id", "month"), rollups)), f)
    t = t.filter(t.item_id == item_id)
    g = t.group_by("month").aggregate(n_scores=_sum(t.n_scores), level_sum=_sum(t.level_sum),
                                      n_assessed=_sum(t.n_assessed),
                                      n_achieved=_sum(t.n_achieved))
    g = g.mutate(rate=_ratio(g.n_achieved, g.n_assessed),
                 mean_level=_ratio(g.level_sum, g.n_scores))
    return g.order_by("month")


def trend(store: Store, f: Filters, item_id: str) -> pd.DataFrame:
    """One item's monthly trend, oldest month first.

    Columns: month, n_scores, level_sum, n_assessed, n_achieved, rate, mean_level.
    """
    frame = store.answer(("trend", store.rollups),
                        lambda g, x: trend_expr(g, x["item_id"], store.rollups), f,
                        {"item_id": item_id})
    if not frame.empty:
        frame["month"] = [pd.Timestamp(m).date() for m in frame["month"]]
    return frame


def item_ids(store: Store, f: Filters) -> list[str]:
    """The items that have scores under ``f`` (for the trend's item choice), sorted."""
    def build(g: Filters, _x: Mapping[str, str]) -> Table:
        return _filtered(table(item_source(g, ("item_id",), store.rollups)), g
                         ).select("item_id").distinct()

    frame = store.answer(("item_ids", store.rollups), build, f)
    return sorted(str(x) for x in frame["item_id"])


# --- sessions ---------------------------------------------------------------------------------

def _possible(t: Table) -> Any:
    """A session's person-items assessed at most: persons assessed × distinct items assessed."""
    return t.n_assessed.cast("int64") * t.items_assessed.cast("int64")


def _session_sums(t: Table, keys: Sequence[str]) -> Table:
    t = t.mutate(items_possible=_possible(t))
    g = t.group_by(list(keys)).aggregate(
        sessions=t.session_key.nunique(), target=_sum(t.target_size), present=_sum(t.n_present),
        items_possible=_sum(t.items_possible), n_achieved=_sum(t.n_achieved))
    return g.mutate(attendance=_ratio(g.present, g.target),
                    achievement=_ratio(g.n_achieved, g.items_possible))


def sessions_by_activity_expr(f: Filters) -> Table:
    """Sessions, target, present, attendance and achievement per activity."""
    t = _filtered(table(SESSION), f, people=False)
    return _session_sums(t, ["activity_id"]).order_by("activity_id")


def sessions_by_activity(store: Store, f: Filters) -> pd.DataFrame:
    """Count of sessions by activity with attendance against target and achievement."""
    return store.answer("sessions_by_activity", lambda g, _x: sessions_by_activity_expr(g), f)


def sessions_expr(f: Filters) -> Table:
    """Every session with its attendance against target and its achievement."""
    t = _filtered(table(SESSION), f, people=False)
    t = t.mutate(items_possible=_possible(t))
    t = t.mutate(attendance=_ratio(t.n_present, t.target_size),
                 achievement=_ratio(t.n_achieved, t.items_possible))
    return t.select("session_key", "activity_id", "province_code", "district_code", "month",
                    "facilitator", "target_size", "n_present", "attendance", "n_assessed",
                    "items_assessed", "items_possible", "n_achieved", "achievement"
                    ).order_by(["month", "activity_id", "session_key"])


def sessions(store: Store, f: Filters) -> pd.DataFrame:
    """One row per session (oldest month first): attendance and achievement."""
    frame = store.answer("sessions", lambda g, _x: sessions_expr(g), f)
    if not frame.empty:
        frame["month"] = [pd.Timestamp(m).date() for m in frame["month"]]
    return frame


def facilitators_expr(f: Filters) -> Table:
    """Facilitators compared fairly: within one activity, against that activity's achievement."""
    t = _filtered(table(SESSION), f, people=False)
    per = _session_sums(t, ["activity_id", "facilitator"])
    act = _session_sums(t, ["activity_id"]).select(
        "activity_id", activity_achievement="achievement")
    joined = per.join(act, "activity_id")
    joined = joined.mutate(difference=joined.achievement - joined.activity_achievement)
    return joined.order_by(["activity_id", joined.achievement.desc(), "facilitator"])


def facilitators(store: Store, f: Filters) -> pd.DataFrame:
    """Facilitators compared within their activity, best first.

    Per activity × facilitator: sessions, attendance, achievement and ``difference``, its
    achievement minus the whole activity's.
    """
    return store.answer("facilitators", lambda g, _x: facilitators_expr(g), f)


# --- the filters' choices ---------------------------------------------------------------------

def choices(store: Store) -> dict[str, list[str]]:
    """The values each filter can take in this store (sorted), months as ``YYYY-MM``."""
    found: dict[str, set[str]] = {k: set() for k in (
        "province", "district", "activity", "month", "gender", "age_band", "sector")}
    columns = {"province_code": "province", "district_code": "district",
               "activity_id": "activity", "gender": "gender", "age_band": "age_band",
               "sector": "sector", "month": "month"}
    with store.held():
        for name in (FUNNEL_DETAIL, ITEM_MONTH, SESSION):
            for col, key in columns.items():
                if col not in SCHEMAS[name]:
                    continue
                # The item cube's values of a column are its rollups' (they group its rows).
                source = (item_source(Filters(), (col,), store.rollups) if name == ITEM_MONTH
                          else name)
                t = table(source)
                values = store.frame(t.select(col).distinct())[col].dropna()
                found[key].update(pd.Timestamp(v).strftime("%Y-%m") if key == "month"
                                  else str(v) for v in values)
    return {k: sorted(v) for k, v in found.items()}
