"""The coordinator store's aggregate tables: what the dashboard reads, rebuilt after ingest.

Two steps, so that ingest costs what the *package* holds, not what the whole store holds:

1. **Partials** (``part_<name>``), one set per workspace: computed from the incoming package's
   rows only (:func:`partial_statements`), inside the package's own transaction, after the
   workspace's older partials were deleted. Persons are counted distinctly within a workspace.
2. **Aggregates** (``agg_<name>``), summed over every workspace's partials
   (:func:`rebuild_statements`): each is built into ``<name>__new`` and swapped in place of
   ``<name>``, all of them in ONE transaction, so a reader sees the old tables or the new ones,
   never a mix. The partials are far smaller than the raw rows, so the rebuild stays cheap.

The SQL is plain enough for DuckDB and PostgreSQL alike. The contract with the dashboard
(columns may be added, never removed or renamed):

* ``agg_stage_funnel``: province, district, snapshot month, participant type, gender, stage →
  ``n`` (everybody, from ``participant_counts``);
* ``agg_stage_funnel_detail``: the same plus age band and sector, consented participants only;
* ``agg_item_month``: item × district × month of the score (with activity, gender, age band,
  sector): scores, persons assessed, persons whose best level that month is the rubric's top
  level, sum of levels. A person is counted once per workspace: one assessed in the same cell
  by two workspaces counts in both (the exact count across workspaces would cost a pass over
  every person of the store at each ingest);
* ``agg_session``: per session: month, activity, facilitator pseudonym, target size, number
  present, persons assessed, person-items at the top level, items assessed (plus the
  ``workspace_id`` it came from).

**Rollups** of ``agg_item_month`` (:data:`ROLLUPS`), rebuilt and swapped with it: the same four
sums over fewer dimensions, so that the dashboard's item questions read a table sized for the
filters in use instead of the full item cube (at 10⁷ score rows ``agg_item_month`` holds about
half as many rows as the scores; a rollup without age band and sector holds at most
district × month × item × gender rows, whatever the number of scores). Summing a dimension away
is exact: within a workspace each person has one gender, age band and sector, so the sums of
``n_assessed``/``n_achieved`` over the dropped dimensions are the counts
``agg_item_month`` would give for the wider cell. Each rollup is stored ordered by item (the
trend reads one item: DuckDB's min/max zone maps skip the rest). On PostgreSQL the aggregates get
indexes (:func:`rebuild_statements` with ``indexes=True``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

AGGREGATES: tuple[str, ...] = (
    "agg_stage_funnel", "agg_stage_funnel_detail", "agg_item_month", "agg_session")
# The package tables the partials read (each a relation name or a parenthesised SELECT).
SOURCES = ("participants", "participant_counts", "sessions", "scores")

_FUNNEL_DIMS = "province_code, district_code, month, participant_type, gender, stage"
_DETAIL_DIMS = _FUNNEL_DIMS + ", age_band, sector"
_ITEM_DIMS = ("province_code, district_code, month, activity_id, item_id, gender, age_band, "
              "sector")
_SESSION_COLUMNS = ("session_key, province_code, district_code, month, activity_id, "
                    "facilitator, target_size, n_present, n_assessed, n_achieved, "
                    "items_assessed")

_PARTIALS: dict[str, str] = {
    "agg_stage_funnel": """
SELECT workspace_id, {funnel}, CAST(SUM(n) AS BIGINT) AS n
FROM {participant_counts} AS pc
GROUP BY workspace_id, {funnel}
""",
    "agg_stage_funnel_detail": """
SELECT workspace_id, {detail}, CAST(COUNT(*) AS BIGINT) AS n
FROM {participants} AS pp
GROUP BY workspace_id, {detail}
""",
    # Per person and item first (narrow keys), straight from the scores, then one join to the
    # person's attributes.
    "agg_item_month": """
WITH per_person AS (
    SELECT workspace_id, person_id, month, activity_id, item_id,
           COUNT(*) AS n, SUM(level) AS level_sum, MAX(level) AS best
    FROM {scores} AS sc
    GROUP BY workspace_id, person_id, month, activity_id, item_id
)
SELECT r.workspace_id, p.province_code, p.district_code, r.month, r.activity_id, r.item_id,
       p.gender, p.age_band, p.sector,
       CAST(SUM(r.n) AS BIGINT) AS n_scores,
       CAST(COUNT(*) AS BIGINT) AS n_assessed,
       CAST(COUNT(*) FILTER (WHERE r.best >= {top}) AS BIGINT) AS n_achieved,
       CAST(SUM(r.level_sum) AS BIGINT) AS level_sum
FROM per_person AS r
JOIN {participants} AS p
  ON p.workspace_id = r.workspace_id AND p.person_id = r.person_id
GROUP BY r.workspace_id, p.province_code, p.district_code, r.month, r.activity_id, r.item_id,
         p.gender, p.age_band, p.sector
""",
    "agg_session": """
WITH best AS (
    SELECT workspace_id, session_key, person_id, item_id, MAX(level) AS best
    FROM {scores} AS sc
    WHERE session_key IS NOT NULL
    GROUP BY workspace_id, session_key, person_id, item_id
), per_session AS (
    SELECT workspace_id, session_key,
           COUNT(DISTINCT person_id) AS n_assessed,
           COUNT(*) FILTER (WHERE best >= {top}) AS n_achieved,
           COUNT(DISTINCT item_id) AS items_assessed
    FROM best
    GROUP BY workspace_id, session_key
)
SELECT se.workspace_id, se.session_key, se.province_code, se.district_code,
       CAST(date_trunc('month', se.date) AS DATE) AS month,
       se.activity_id, se.facilitator,
       CAST(se.target_size AS INTEGER) AS target_size,
       CAST(se.n_present AS INTEGER) AS n_present,
       CAST(COALESCE(ps.n_assessed, 0) AS BIGINT) AS n_assessed,
       CAST(COALESCE(ps.n_achieved, 0) AS BIGINT) AS n_achieved,
       CAST(COALESCE(ps.items_assessed, 0) AS BIGINT) AS items_assessed
FROM {sessions} AS se
LEFT JOIN per_session AS ps
  ON ps.workspace_id = se.workspace_id AND ps.session_key = se.session_key
""",
}

# The item and session partials group the scores each on their own keys. (They used to share a
# first reduction of the scores by session, person, month and item, kept in a temporary table:
# two group-bys over the raw rows cost less than that one plus its table and the two over it —
# 0.82-0.94 -> 0.60-0.63 CPU-s per 10^6 scores.) ``month`` is the score's month (UTC), computed
# by the store when it stages the rows.

_FINALS: dict[str, str] = {
    "agg_stage_funnel": """
SELECT {funnel}, CAST(SUM(n) AS BIGINT) AS n
FROM part_stage_funnel
GROUP BY {funnel}
""",
    "agg_stage_funnel_detail": """
SELECT {detail}, CAST(SUM(n) AS BIGINT) AS n
FROM part_stage_funnel_detail
GROUP BY {detail}
""",
    "agg_item_month": """
SELECT {items},
       CAST(SUM(n_scores) AS BIGINT) AS n_scores,
       CAST(SUM(n_assessed) AS BIGINT) AS n_assessed,
       CAST(SUM(n_achieved) AS BIGINT) AS n_achieved,
       CAST(SUM(level_sum) AS BIGINT) AS level_sum
FROM part_item_month
GROUP BY {items}
""",
    "agg_session": "SELECT {session}, workspace_id FROM part_session",
}


ITEM_MONTH = "agg_item_month"
ITEM_MEASURES = ("n_scores", "n_assessed", "n_achieved", "level_sum")
# Rollups of agg_item_month, narrowest first: name → the dimensions kept (every other summed).
ROLLUPS: dict[str, tuple[str, ...]] = {
    # The heatmap with no period, gender, age or sector filter: place × item.
    "agg_item_place": ("province_code", "district_code", "activity_id", "item_id"),
    # Period and gender filters, and the trend: + month, gender.
    "agg_item_month_gender": ("province_code", "district_code", "month", "activity_id",
                              "item_id", "gender"),
    # Age band and sector filters without a period: + gender, age band, sector, no month.
    "agg_item_people": ("province_code", "district_code", "activity_id", "item_id", "gender",
                        "age_band", "sector"),
}
# A rollup summed from a narrower table than the item cube: rollup → its source rollup (the
# place × item rollup's cells group the month × gender rollup's: summing those is the same sum,
# over about a seventh of the rows).
ROLLUP_SOURCES: dict[str, str] = {"agg_item_place": "agg_item_month_gender"}
# The order rollups are built in: every source before the rollups summed from it.
ROLLUP_ORDER: tuple[str, ...] = (
    *(name for name in ROLLUPS if name not in ROLLUP_SOURCES),
    *(name for name in ROLLUPS if name in ROLLUP_SOURCES))
# PostgreSQL's indexes on the aggregates: table → indexed columns (one index each).
PG_INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "agg_stage_funnel": (("district_code", "month"),),
    "agg_stage_funnel_detail": (("district_code", "month"),),
    ITEM_MONTH: (("item_id", "month"), ("province_code", "district_code")),
    "agg_session": (("activity_id", "month"), ("province_code", "district_code")),
    "agg_item_place": (("item_id",),),
    "agg_item_month_gender": (("item_id", "month"), ("province_code", "district_code")),
    "agg_item_people": (("item_id",), ("province_code", "district_code")),
}


def rollup_select(name: str, source: str = ITEM_MONTH) -> str:
    """The ``SELECT`` of rollup ``name``: ``source``'s sums over the rollup's dimensions."""
    dims = ", ".join(ROLLUPS[name])
    sums = ", ".join(f"CAST(SUM({m}) AS BIGINT) AS {m}" for m in ITEM_MEASURES)
    # Table and column names are the module's own constants.
    return (f"SELECT {dims}, {sums} FROM {source} GROUP BY {dims} "  # noqa: S608
            f"ORDER BY item_id, {dims}")


def part_table(name: str) -> str:
    """The partials table of aggregate ``name`` (``agg_x`` → ``part_x``)."""
    return "part_" + name.removeprefix("agg_")


def fill(sql: str, top_level: int, sources: Mapping[str, str]) -> str:
    """``sql`` with its column lists, the rubric's top level and the source relations."""
    out = (sql.replace("{funnel}", _FUNNEL_DIMS).replace("{detail}", _DETAIL_DIMS)
           .replace("{items}", _ITEM_DIMS).replace("{session}", _SESSION_COLUMNS)
           .replace("{top}", str(int(top_level))))
    for name in SOURCES:
        out = out.replace("{" + name + "}", sources.get(name, "raw_" + name))
    return out


def partial_select(name: str, top_level: int, sources: Mapping[str, str]) -> str:
    """The ``SELECT`` of aggregate ``name``'s partials over the ``sources`` relations."""
    return fill(_PARTIALS[name], top_level, sources)


def final_select(name: str) -> str:
    """The ``SELECT`` that sums aggregate ``name`` over every workspace's partials."""
    return fill(_FINALS[name], 0, {})


def create_statements(top_level: int) -> list[str]:
    """Create the partial and aggregate tables that do not exist yet (empty, from the raw ones)."""
    statements = [f"CREATE TABLE IF NOT EXISTS {part_table(name)} AS "
                   f"{partial_select(name, top_level, {})}" for name in AGGREGATES]
    statements += [f"CREATE TABLE IF NOT EXISTS {name} AS {final_select(name)}"
                   for name in AGGREGATES]
    # A store made before the rollups gets them from its current item cube (no rebuild due).
    statements += [f"CREATE TABLE IF NOT EXISTS {name} AS {rollup_select(name)}"
                   for name in ROLLUPS]
    return statements


def partial_statements(top_level: int, sources: Mapping[str, str]) -> list[str]:
    """Add the partials of the incoming rows (``sources``).

    Their workspaces' older partials must already be deleted.
    """
    return [f"INSERT INTO {part_table(name)} {partial_select(name, top_level, sources)}"
            for name in AGGREGATES]


# The dimensions and sums of the aggregates that are sums over workspaces' partials.
_SUMMED: dict[str, tuple[str, tuple[str, ...]]] = {
    "agg_stage_funnel": (_FUNNEL_DIMS, ("n",)),
    "agg_stage_funnel_detail": (_DETAIL_DIMS, ("n",)),
    ITEM_MONTH: (_ITEM_DIMS, ITEM_MEASURES),
}
# The temporary table naming the workspaces whose partials :func:`add_statements` adds.
ADDED_WORKSPACES = "added_workspaces"
# The temporary table of those workspaces' item partials (:func:`added_cells_statements`): read
# once from ``part_item_month``, then the source of the check, the item cube's new cells and the
# rollups' deltas.
ADDED_CELLS = "added_item_cells"
# The temporary table of the districts the rollups held before an addition.
HELD_DISTRICTS = "held_districts"


def added_cells_statements() -> list[str]:
    """Copy the item partials of the workspaces in ``added_workspaces`` into :data:`ADDED_CELLS`."""
    where = f"WHERE workspace_id IN (SELECT workspace_id FROM {ADDED_WORKSPACES})"  # noqa: S608
    columns = ", ".join(["workspace_id", *_ITEM_DIMS.split(", "), *ITEM_MEASURES])
    return [f"DROP TABLE IF EXISTS {ADDED_CELLS}",
            f"CREATE TEMP TABLE {ADDED_CELLS} AS SELECT {columns} "  # noqa: S608
            f"FROM {part_table(ITEM_MONTH)} {where}"]


def _upsert(name: str, delta: str, dims: Sequence[str], sums: Sequence[str]) -> list[str]:
    """Add ``delta``'s sums to ``name``'s matching rows (a null matches a null); insert the rest.

    One ``MERGE`` (DuckDB): one join of the delta with the table, where an ``UPDATE`` then an
    ``INSERT … WHERE NOT EXISTS`` joined them twice.
    """
    on = " AND ".join(f"t.{d} IS NOT DISTINCT FROM d.{d}" for d in dims)
    sets = ", ".join(f"{m} = t.{m} + d.{m}" for m in sums)
    columns = ", ".join([*dims, *sums])
    picked = ", ".join(f"d.{c}" for c in [*dims, *sums])
    return [f"MERGE INTO {name} AS t USING {delta} AS d ON ({on}) "  # noqa: S608
            f"WHEN MATCHED THEN UPDATE SET {sets} "
            f"WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({picked})"]


def _delta(name: str, source: str, dims: Sequence[str], sums: Sequence[str],
           where: str = "") -> str:
    """``CREATE TEMP TABLE`` of ``source``'s sums over ``dims`` (rows matching ``where``)."""
    totals = ", ".join(f"CAST(SUM({m}) AS BIGINT) AS {m}" for m in sums)
    listed = ", ".join(dims)
    return (f"CREATE TEMP TABLE {name} AS SELECT {listed}, {totals} "  # noqa: S608
            f"FROM {source} {where} GROUP BY {listed}")


# The item tables whose cells hold the district and the month: two workspaces' partials can
# meet in one of their cells only where both have rows of the same district and month.
PLACE_MONTH_TABLES = (ITEM_MONTH, "agg_item_month_gender")


def place_months_shared_sql() -> str:
    """How many district-months of the added workspaces' item partials are held elsewhere.

    One row, one count: the district-months another added workspace, or the current item cube,
    also holds (a null matches a null). The added partials are read from :data:`ADDED_CELLS`
    (:func:`added_cells_statements` runs first); the cube's district-months from its month ×
    gender rollup (the same district-months, about a seventh of the rows). 0 means the added
    workspaces' item partials fall in cells no one else holds: they can be inserted into
    :data:`PLACE_MONTH_TABLES` as they are, with no sum over workspaces and no match against
    the existing cells
    (:func:`add_statements` with ``disjoint``).
    """
    return f"""
WITH added AS (
    SELECT DISTINCT workspace_id, district_code, month FROM {ADDED_CELLS}
), places AS (
    SELECT district_code, month, COUNT(*) AS n FROM added GROUP BY district_code, month
), current AS (
    SELECT DISTINCT district_code, month FROM agg_item_month_gender
)
SELECT (SELECT COUNT(*) FROM places WHERE n > 1)
     + (SELECT COUNT(*) FROM places AS p JOIN current AS c
        ON p.district_code IS NOT DISTINCT FROM c.district_code
       AND p.month IS NOT DISTINCT FROM c.month)
"""  # noqa: S608 - the module's own names


def add_statements(*, disjoint: bool = False) -> list[str]:
    """Add the partials of the workspaces in ``added_workspaces`` to every aggregate and rollup.

    In place, for workspaces new to the aggregates (none of their rows are summed yet): each
    table gets the new cells and its existing cells the new sums, so the result is what
    :func:`rebuild_statements` would build, at the cost of the new rows rather than the whole
    store. Run in ONE transaction (a reader sees the old totals or the new ones), after
    :func:`added_cells_statements`. DuckDB only (``MERGE``; on PostgreSQL the null-safe join
    cannot use a hash join).

    With ``disjoint`` (:func:`place_months_shared_sql` found no district-month shared), the
    item cube's new cells are the partials themselves (one row per cell within a workspace)
    and neither it nor the month × gender rollup can hold them yet: both get a plain insert,
    skipping the sum over workspaces and the match against their existing cells. The rollups'
    deltas are summed from the new cells (the place rollup's from the month × gender delta);
    the rollups without a month (place; people) insert the rows of districts they do not hold
    yet as they are and merge only the rest.
    """
    where = f"WHERE workspace_id IN (SELECT workspace_id FROM {ADDED_WORKSPACES})"  # noqa: S608
    statements: list[str] = []
    made: list[str] = []
    for name, (dims_text, sums) in _SUMMED.items():
        dims = dims_text.split(", ")
        if name == ITEM_MONTH and disjoint:
            columns = ", ".join([*dims, *sums])
            statements.append(f"INSERT INTO {name} ({columns}) "  # noqa: S608
                              f"SELECT {columns} FROM {ADDED_CELLS}")
            continue
        delta = "delta_" + name
        statements.append(f"DROP TABLE IF EXISTS {delta}")
        if name == ITEM_MONTH:
            statements.append(_delta(delta, ADDED_CELLS, dims, sums))
        else:
            statements.append(_delta(delta, part_table(name), dims, sums, where))
        statements += _upsert(name, delta, dims, sums)
        made.append(delta)
    cells = ADDED_CELLS if disjoint else "delta_" + ITEM_MONTH
    # The districts the rollups hold before this addition (every rollup holds the same ones).
    statements += [f"DROP TABLE IF EXISTS {HELD_DISTRICTS}",
                   f"CREATE TEMP TABLE {HELD_DISTRICTS} AS "  # noqa: S608
                   "SELECT DISTINCT district_code FROM agg_item_place"]
    for name in ROLLUP_ORDER:
        rollup_dims = ROLLUPS[name]
        delta = "delta_" + name
        source = "delta_" + ROLLUP_SOURCES[name] if name in ROLLUP_SOURCES else cells
        statements.append(f"DROP TABLE IF EXISTS {delta}")
        statements.append(_delta(delta, source, rollup_dims, ITEM_MEASURES))
        columns = ", ".join([*rollup_dims, *ITEM_MEASURES])
        if disjoint and name in PLACE_MONTH_TABLES:
            statements.append(f"INSERT INTO {name} ({columns}) "  # noqa: S608
                              f"SELECT {columns} FROM {delta}")
        elif name in PLACE_MONTH_TABLES:
            statements += _upsert(name, delta, rollup_dims, ITEM_MEASURES)
        else:
            # No month: a district's cells are shared by its months, but a district new to the
            # rollup has no cell in it yet. Its delta rows are inserted as they are; only the
            # held districts' rows are matched (merged) against the rollup.
            held = (f"EXISTS (SELECT 1 FROM {HELD_DISTRICTS} AS h "  # noqa: S608
                    "WHERE h.district_code IS NOT DISTINCT FROM d.district_code)")
            statements.append(f"INSERT INTO {name} ({columns}) "  # noqa: S608
                              f"SELECT {columns} FROM {delta} AS d WHERE NOT {held}")
            statements += _upsert(name, f"(SELECT * FROM {delta} AS d "  # noqa: S608
                                        f"WHERE {held})", rollup_dims, ITEM_MEASURES)
        made.append(delta)
    made.append(HELD_DISTRICTS)
    statements.append(f"INSERT INTO agg_session ({_SESSION_COLUMNS}, workspace_id) "  # noqa: S608
                      f"SELECT {_SESSION_COLUMNS}, workspace_id FROM part_session {where}")
    statements += [f"DROP TABLE {delta}" for delta in made]
    statements.append(f"DROP TABLE {ADDED_CELLS}")
    return statements


def served_tables() -> tuple[str, ...]:
    """Every table the dashboard may read: the aggregates, then the rollups."""
    return (*AGGREGATES, *ROLLUPS)


def rebuild_statements(*, indexes: bool = False) -> list[str]:
    """Build every aggregate and rollup into a new table, then swap all of them in.

    The aggregates are summed from the partials, the rollups from the new item cube (the place
    rollup from the new month × gender rollup, :data:`ROLLUP_SOURCES`). With
    ``indexes`` (PostgreSQL) each new table gets the indexes of :data:`PG_INDEXES`, created
    before the swap and renamed with their table.
    """
    served = served_tables()
    statements = [f"DROP TABLE IF EXISTS {name}__new" for name in served]
    statements += [f"CREATE TABLE {name}__new AS {final_select(name)}" for name in AGGREGATES]
    statements += [f"CREATE TABLE {name}__new AS "
                   f"{rollup_select(name, ROLLUP_SOURCES.get(name, ITEM_MONTH) + '__new')}"
                   for name in ROLLUP_ORDER]
    renames: list[str] = []
    if indexes:
        for name in served:
            for number, columns in enumerate(PG_INDEXES.get(name, ())):
                statements.append(f"CREATE INDEX {name}__new_{number} ON {name}__new "
                                  f"({', '.join(columns)})")
                renames.append(f"ALTER INDEX {name}__new_{number} RENAME TO {name}_{number}")
    for name in served:
        statements.append(f"DROP TABLE IF EXISTS {name}")
        statements.append(f"ALTER TABLE {name}__new RENAME TO {name}")
    return statements + renames
