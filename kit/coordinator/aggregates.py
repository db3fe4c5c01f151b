"""The coordinator store's aggregate tables: what the dashboard reads, rebuilt after each ingest.

Each aggregate is one ``SELECT`` over the raw tables (``raw_<table>``, the rows of the current
package of every workspace). :func:`rebuild_statements` gives the statements that build each
into ``<name>__new`` and then swap it in place of ``<name>``; the store runs them inside the
ingest's one transaction, so a reader sees the old tables or the new ones, never a mix. The SQL
is plain enough for DuckDB and PostgreSQL alike.

The contract with the dashboard (columns may be added, never removed or renamed):

* ``agg_stage_funnel``: province, district, snapshot month, participant type, gender, stage →
  ``n`` (everybody, from ``participant_counts``);
* ``agg_stage_funnel_detail``: the same plus age band and sector, consented participants only;
* ``agg_item_month``: item × district × month of the score (with activity, gender, age band,
  sector): scores, distinct persons assessed, persons whose best level that month is the
  rubric's top level, sum of levels;
* ``agg_session``: per session: month, activity, facilitator pseudonym, target size, number
  present, persons assessed, person-items at the top level, items assessed.
"""

from __future__ import annotations

AGGREGATES: tuple[str, ...] = (
    "agg_stage_funnel", "agg_stage_funnel_detail", "agg_item_month", "agg_session")

_FUNNEL = """
SELECT province_code, district_code, month, participant_type, gender, stage,
       CAST(SUM(n) AS BIGINT) AS n
FROM raw_participant_counts
GROUP BY province_code, district_code, month, participant_type, gender, stage
"""

_FUNNEL_DETAIL = """
SELECT province_code, district_code, month, participant_type, gender, stage, age_band, sector,
       CAST(COUNT(*) AS BIGINT) AS n
FROM raw_participants
GROUP BY province_code, district_code, month, participant_type, gender, stage, age_band, sector
"""

_ITEM_DIMS = ("province_code, district_code, month, activity_id, item_id, gender, age_band, "
              "sector")

_ITEM_MONTH = """
WITH scored AS (
    SELECT p.province_code, p.district_code,
           CAST(date_trunc('month', s.recorded_at) AS DATE) AS month,
           s.activity_id, s.item_id, p.gender, p.age_band, p.sector, s.person_id, s.level
    FROM raw_scores AS s
    JOIN raw_participants AS p
      ON p.workspace_id = s.workspace_id AND p.person_id = s.person_id
), per_person AS (
    SELECT {dims}, person_id, COUNT(*) AS n, SUM(level) AS level_sum,
           MAX(level) AS best
    FROM scored
    GROUP BY {dims}, person_id
)
SELECT {dims},
       CAST(SUM(n) AS BIGINT) AS n_scores,
       CAST(COUNT(*) AS BIGINT) AS n_assessed,
       CAST(COUNT(*) FILTER (WHERE best >= {top}) AS BIGINT) AS n_achieved,
       CAST(SUM(level_sum) AS BIGINT) AS level_sum
FROM per_person
GROUP BY {dims}
""".replace("{dims}", _ITEM_DIMS)

_SESSION = """
WITH best AS (
    SELECT workspace_id, session_key, person_id, item_id, MAX(level) AS best
    FROM raw_scores
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
SELECT se.session_key, se.province_code, se.district_code,
       CAST(date_trunc('month', se.date) AS DATE) AS month,
       se.activity_id, se.facilitator,
       CAST(se.target_size AS INTEGER) AS target_size,
       CAST(se.n_present AS INTEGER) AS n_present,
       CAST(COALESCE(ps.n_assessed, 0) AS BIGINT) AS n_assessed,
       CAST(COALESCE(ps.n_achieved, 0) AS BIGINT) AS n_achieved,
       CAST(COALESCE(ps.items_assessed, 0) AS BIGINT) AS items_assessed
FROM raw_sessions AS se
LEFT JOIN per_session AS ps
  ON ps.workspace_id = se.workspace_id AND ps.session_key = se.session_key
"""

_SELECTS: dict[str, str] = {
    "agg_stage_funnel": _FUNNEL,
    "agg_stage_funnel_detail": _FUNNEL_DETAIL,
    "agg_item_month": _ITEM_MONTH,
    "agg_session": _SESSION,
}


def select_sql(name: str, top_level: int) -> str:
    """The ``SELECT`` that computes aggregate ``name`` (``top_level``: the rubric's top level)."""
    return _SELECTS[name].replace("{top}", str(int(top_level)))


def rebuild_statements(top_level: int) -> list[str]:
    """Statements that build every aggregate into a new table, then swap all of them in."""
    statements = [f"DROP TABLE IF EXISTS {name}__new" for name in AGGREGATES]
    statements += [f"CREATE TABLE {name}__new AS {select_sql(name, top_level)}"
                   for name in AGGREGATES]
    for name in AGGREGATES:
        statements.append(f"DROP TABLE IF EXISTS {name}")
        statements.append(f"ALTER TABLE {name}__new RENAME TO {name}")
    return statements
