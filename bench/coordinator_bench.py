"""Benchmark of the coordinator's data at national scale (issue 14, "Scale").

``run()`` returns a JSON-ready dict (``make bench`` prints it). For each size (score rows; default
10⁷, set ``BENCH_COORDINATOR_ROWS``, e.g. ``1e7,1e8``), in a temporary folder
(``BENCH_COORDINATOR_DIR`` to choose where):

* ``generate``: the synthetic national cohort (:mod:`kit.coordinator.synthetic`), one package per
  district-month, plus the raw table (every score row with its person's attributes) as one
  Parquet file; rows, packages, bytes, rows/s;
* ``raw_duckdb`` (baseline): the dashboard's four interactions by DuckDB straight over the raw
  Parquet file — stage funnel (each UMKM participant's latest stage), item × district heatmap
  (share of people assessed whose best level is the rubric's top level), one item's monthly trend,
  and a filter change (the heatmap for one province and gender ``P``);
* ``raw_pandas`` (baseline): the same four by plain pandas, reading only the needed columns
  (filters pushed into the read where the interaction filters); skipped, with the reason, when
  the columns would not fit in memory;
* ``store`` (when :mod:`kit.coordinator.store` and :mod:`kit.coordinator.queries` exist): ingest
  of the packages into a DuckDB store (rows/s, and the CPU seconds it took, every thread; within
  ``BENCH_COORDINATOR_INGEST_S`` seconds, default 600, the rest reported as not ingested),
  then the same four interactions on the store's aggregate tables
  (:mod:`kit.coordinator.queries`) and their ratio to the raw DuckDB figures (how many times
  faster);
* ``store.first_render``: the dashboard's first paint (:func:`kit.coordinator_app.widget.
  dashboard_app`: the filters' choices and the first view with its chart), the first in the
  process and again, and the queries alone that its first view runs (choices and funnel);
* ``rss_peak_mb``: the process's peak resident memory after each phase. The store phase (ingest,
  interactions, first render) runs in a process of its own, so ``store.rss_peak_mb`` is the
  kit's own peak, not the generator's or the baselines';
* ``goals``: per size, each goal met or not, with the figure it was judged on.

The default size is 10⁷ (``make bench`` stays within about 10 minutes on 2 cores); 10⁸ is
opt-in (``BENCH_COORDINATOR_ROWS=1e7,1e8``: generating the cohort alone takes about 8 minutes).

``BENCH_COORDINATOR_PACKAGES=0`` writes only the raw table (no packages, no store): for a 10⁸ run
when there is no time for both. Each finished phase is also printed on stderr.

Each interaction is timed ``BENCH_COORDINATOR_REPEATS`` times (default 3; the median).

Goals (issue 14): every interaction ≤ 0.2 s at 10⁸ rows (≥ 10× DuckDB on the raw table), ingest
≥ 1 million rows/s, peak memory ≤ 2 GB. Run alone with ``python -m bench coordinator``; never two
benches at once.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import psutil
import pyarrow.parquet as pq

from kit.coordinator.synthetic import SECTORS, CohortPlan, plan_cohort, write_cohort
from kit.framework import framework

REPEATS = int(os.environ.get("BENCH_COORDINATOR_REPEATS", "3"))
GOALS = {"interaction_s": 0.2, "ratio_to_raw_duckdb": 10, "ingest_rows_per_s": 1_000_000,
         "rss_peak_mb": 2048}
DEFAULT_ROWS = "1e7"
# Interactions the goals are judged on (others are reported for information).
INTERACTIONS = ("funnel_s", "heatmap_s", "trend_s", "filter_s")
# Bytes per row the pandas baseline holds for its widest read (codes of categoricals, levels,
# times) and the working copies its group-bys make; used to refuse a read that would not fit.
PANDAS_BYTES_PER_ROW = 64


def _sizes() -> list[int]:
    text = os.environ.get("BENCH_COORDINATOR_ROWS", DEFAULT_ROWS)
    return [int(float(part)) for part in text.split(",") if part.strip()]


def _peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _cpu_s() -> float:
    """CPU seconds of this process so far, every thread, user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(fn: Callable[[], Any], repeat: int = REPEATS) -> tuple[float, Any]:
    """Median wall seconds of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 4), result


def _choices(plan: CohortPlan) -> dict[str, str]:
    """The province (most districts), gender and item the filter and trend interactions use."""
    fw = framework()
    province = Counter(d.province_code for d in plan.districts).most_common(1)[0][0]
    first = plan.first_month
    return {"province": province, "gender": "P", "item": fw.activities[1].items[0].id,
            "top": str(max(fw.rubric.valid_levels)),
            "month": f"{(first.year * 12 + first.month) // 12}-"
                     f"{(first.year * 12 + first.month) % 12 + 1:02d}",  # the second month
            "sector": sorted(SECTORS)[0]}


# --- DuckDB over the raw Parquet --------------------------------------------------------------

_FUNNEL = """
SELECT stage, COUNT(*) AS n FROM (
    SELECT person_id, arg_max(COALESCE(stage, '-'), recorded_at) AS stage
    FROM read_parquet($raw) WHERE participant_type = 'umkm' GROUP BY person_id)
GROUP BY stage ORDER BY stage
"""
_HEATMAP = """
SELECT district_code, item_id, AVG(CASE WHEN best >= $top THEN 1.0 ELSE 0.0 END) AS share,
       COUNT(*) AS n
FROM (SELECT district_code, item_id, person_id, MAX(level) AS best
      FROM read_parquet($raw) {where} GROUP BY district_code, item_id, person_id)
GROUP BY district_code, item_id ORDER BY share, item_id, district_code
"""
_TREND = """
SELECT month, AVG(CASE WHEN best >= $top THEN 1.0 ELSE 0.0 END) AS share, COUNT(*) AS n
FROM (SELECT CAST(date_trunc('month', recorded_at) AS DATE) AS month, person_id,
             MAX(level) AS best
      FROM read_parquet($raw) WHERE item_id = $item GROUP BY month, person_id)
GROUP BY month ORDER BY month
"""


def _raw_duckdb(raw: Path, pick: dict[str, str]) -> dict[str, Any]:
    """The four interactions by DuckDB over the raw Parquet file (2 threads, UTC)."""
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET TimeZone = 'UTC'")
    top = int(pick["top"])

    def q(sql: str, **params: object) -> list[tuple[Any, ...]]:
        return con.execute(sql, {"raw": str(raw), **params}).fetchall()

    out: dict[str, Any] = {}
    out["funnel_s"], funnel = _timed(lambda: q(_FUNNEL))
    out["heatmap_s"], heat = _timed(lambda: q(_HEATMAP.format(where=""), top=top))
    out["trend_s"], trend = _timed(lambda: q(_TREND, top=top, item=pick["item"]))
    out["filter_s"], filt = _timed(lambda: q(
        _HEATMAP.format(where="WHERE province_code = $province AND gender = $gender"),
        top=top, province=pick["province"], gender=pick["gender"]))
    out["result_rows"] = {"funnel": len(funnel), "heatmap": len(heat), "trend": len(trend),
                          "filter": len(filt)}
    out["funnel"] = {str(stage): int(n) for stage, n in funnel}
    con.close()
    return out


# --- plain pandas over the raw Parquet --------------------------------------------------------

def _read(raw: Path, columns: list[str], filters: list[tuple[str, str, object]] | None = None,
          ) -> pd.DataFrame:
    """Only ``columns`` of the raw table (text as categoricals), rows matching ``filters``."""
    text = [c for c in columns if c not in ("level", "recorded_at")]
    table = pq.read_table(raw, columns=columns, filters=filters, read_dictionary=text)
    return table.to_pandas()


def _pandas_heatmap(frame: pd.DataFrame, top: int) -> pd.DataFrame:
    best = frame.groupby(["district_code", "item_id", "person_id"], observed=True)["level"].max()
    reached = (best >= top).groupby(level=["district_code", "item_id"], observed=True).mean()
    return reached.sort_values().reset_index()


def _raw_pandas(raw: Path, rows: int, pick: dict[str, str]) -> dict[str, Any]:
    """The four interactions by plain pandas, each reading only the columns it needs."""
    needed = rows * PANDAS_BYTES_PER_ROW
    available = psutil.virtual_memory().available
    if needed > available * 0.6:
        return {"skipped": f"the columns need about {needed / 1e9:.1f} GB, "
                           f"{available / 1e9:.1f} GB is free: does not fit"}
    top = int(pick["top"])
    out: dict[str, Any] = {}

    def funnel() -> pd.Series:
        frame = _read(raw, ["person_id", "stage", "recorded_at"],
                      [("participant_type", "=", "umkm")])
        latest = frame.sort_values("recorded_at").drop_duplicates("person_id", keep="last")
        return latest["stage"].value_counts(dropna=False)

    def heatmap() -> pd.DataFrame:
        return _pandas_heatmap(_read(raw, ["district_code", "item_id", "person_id", "level"]),
                               top)

    def trend() -> pd.Series:
        frame = _read(raw, ["person_id", "level", "recorded_at"],
                      [("item_id", "=", pick["item"])])
        month = frame["recorded_at"].dt.tz_localize(None).dt.to_period("M")
        best = frame.groupby([month, frame["person_id"]], observed=True)["level"].max()
        return (best >= top).groupby(level=0).mean()

    def filtered() -> pd.DataFrame:
        frame = _read(raw, ["district_code", "item_id", "person_id", "level"],
                      [("province_code", "=", pick["province"]), ("gender", "=", pick["gender"])])
        return _pandas_heatmap(frame, top)

    for name, fn in (("funnel", funnel), ("heatmap", heatmap), ("trend", trend),
                     ("filter", filtered)):
        out[name + "_s"], _result = _timed(fn)
        gc.collect()
    return out


# --- the store --------------------------------------------------------------------------------

def _store(packages: tuple[Path, ...], package_rows: tuple[int, ...], where: Path,
           pick: dict[str, str]) -> dict[str, Any]:
    """The store phase in a process of its own (its peak memory is the kit's alone)."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        result: dict[str, Any] = pool.apply(_store_here, (packages, package_rows, where, pick))
    return result


def _store_here(packages: tuple[Path, ...], package_rows: tuple[int, ...], where: Path,
                pick: dict[str, str]) -> dict[str, Any]:
    """Ingest the packages into a DuckDB store, then the interactions on its aggregates."""
    try:
        from kit.coordinator.store import ingest, table_counts
    except ImportError as exc:
        return {"skipped": f"no store yet: {exc}"}
    db = where / "store.duckdb"
    budget = float(os.environ.get("BENCH_COORDINATOR_INGEST_S", "600"))
    batch = int(os.environ.get("BENCH_COORDINATOR_INGEST_BATCH", "1000"))
    cpu_start = _cpu_s()
    start = time.perf_counter()
    done, outcomes, batch_times = 0, Counter[str](), []
    for first in range(0, len(packages), batch):
        if time.perf_counter() - start > budget:
            break
        t0 = time.perf_counter()
        for result in ingest(list(packages[first:first + batch]), db):
            outcomes[result.outcome] += 1
        batch_times.append(round(time.perf_counter() - t0, 3))
        done = min(first + batch, len(packages))
    elapsed = time.perf_counter() - start
    cpu = _cpu_s() - cpu_start
    rows = sum(package_rows[:done])
    out: dict[str, Any] = {
        "ingest": {"packages": done, "of_packages": len(packages), "outcomes": dict(outcomes),
                   "seconds": round(elapsed, 2),
                   "score_rows": rows,
                   "rows_per_s": round(rows / elapsed) if elapsed else None,
                   # CPU time of the store process (every thread, user + system): on 2 cores
                   # 1 million rows/s needs at most 2 CPU seconds per million rows.
                   "cpu_s": round(cpu, 2),
                   "cpu_s_per_million_rows": round(cpu / rows * 1e6, 2) if rows else None,
                   "cores_busy": round(cpu / elapsed, 2) if elapsed else None,
                   "batch_of": batch, "first_batch_s": batch_times[:1],
                   "last_batch_s": batch_times[-1:],
                   "store_mb": round(db.stat().st_size / 2**20, 1) if db.exists() else 0}}
    if done < len(packages):
        out["ingest"]["note"] = (f"stopped after {budget:.0f} s (BENCH_COORDINATOR_INGEST_S): "
                                 "the interactions below are on a partial store")
    out["rss_peak_mb_after_ingest"] = _peak_mb()
    counts = table_counts(db)
    out["table_rows"] = {k: v for k, v in counts.items() if k.startswith(("agg_", "raw_scores"))}
    out.update(_interactions(db, pick))
    out["rss_peak_mb"] = _peak_mb()
    return out


def _interactions(db: Path, pick: dict[str, str]) -> dict[str, Any]:
    """The four interactions (and a few more), then the dashboard's first render."""
    from kit.coordinator import queries

    f = queries.Filters
    out: dict[str, Any] = {}
    store = queries.connect(db)
    try:
        times: dict[str, Any] = {}
        times["funnel_s"], _r = _timed(lambda: queries.funnel(store, f()))
        times["heatmap_s"], _r = _timed(lambda: queries.heatmap(store, f()))
        times["trend_s"], _r = _timed(lambda: queries.trend(store, f(), pick["item"]))
        times["filter_s"], _r = _timed(lambda: queries.heatmap(
            store, f(province=pick["province"], gender="P")))
        # For information: a filter change the rollups do not serve (sector with a period:
        # the full item cube), the funnel per district, the sessions tab.
        first_month = queries.month_of(pick["month"])
        times["filter_sector_period_s"], _r = _timed(lambda: queries.heatmap(
            store, f(sector=pick["sector"], month_from=first_month)))
        times["funnel_by_district_s"], _r = _timed(lambda: queries.funnel(
            store, f(), by="district"))
        times["sessions_tab_s"], _r = _timed(lambda: (
            queries.sessions_by_activity(store, f()), queries.facilitators(store, f())))
        out["interactions"] = times

        def first_view() -> None:
            with store.held():
                queries.choices(store)
                queries.funnel(store, f())

        first: dict[str, Any] = {}
        first["queries_s"], _r = _timed(first_view)
        from kit.coordinator_app.widget import dashboard_app

        start = time.perf_counter()
        dashboard_app(db, lang="id")
        first["first_in_process_s"] = round(time.perf_counter() - start, 4)
        first["again_s"], _r = _timed(lambda: dashboard_app(db, lang="id"))
        out["first_render"] = first
    finally:
        store.close()
    return out


def _goals(result: dict[str, Any]) -> dict[str, Any]:
    """Each goal of issue 14 at this size: met or not, with the figure judged."""
    store = result.get("store", {})
    times = store.get("interactions") or {}
    ratios = store.get("raw_duckdb_over_store") or {}
    goals: dict[str, Any] = {}
    if times:
        slowest = max(times[k] for k in INTERACTIONS)
        goals["interaction_s"] = {"goal": GOALS["interaction_s"], "slowest": slowest,
                                  "met": slowest <= GOALS["interaction_s"]}
    if ratios:
        least = min(ratios[k] for k in INTERACTIONS if ratios.get(k) is not None)
        goals["ratio_to_raw_duckdb"] = {
            "goal": GOALS["ratio_to_raw_duckdb"], "least": least,
            "per_interaction": {k: ratios.get(k) for k in INTERACTIONS},
            "met": least >= GOALS["ratio_to_raw_duckdb"]}
    rate = (store.get("ingest") or {}).get("rows_per_s")
    if rate:
        goals["ingest_rows_per_s"] = {"goal": GOALS["ingest_rows_per_s"], "measured": rate,
                                      "met": rate >= GOALS["ingest_rows_per_s"]}
    peak = store.get("rss_peak_mb")
    if peak:
        goals["rss_peak_mb"] = {"goal": GOALS["rss_peak_mb"], "store_process": peak,
                                "met": peak <= GOALS["rss_peak_mb"]}
    return goals


# --- one size ---------------------------------------------------------------------------------

def _progress(phase: str, result: object) -> None:
    """One line on stderr per finished phase (a long run killed midway keeps its figures)."""
    print(f"bench coordinator: {phase}: {json.dumps(result, default=str)}", file=sys.stderr,
          flush=True)


def _one_size(rows: int, root: Path) -> dict[str, Any]:
    plan = plan_cohort(rows, one_key=True)
    out_dir = root / "packages"
    raw = root / "raw_scores.parquet"
    packages = os.environ.get("BENCH_COORDINATOR_PACKAGES", "1") != "0"
    start = time.perf_counter()
    files = write_cohort(plan, out_dir, packages=packages, raw=raw)
    generated = time.perf_counter() - start
    pick = _choices(plan)
    result: dict[str, Any] = {
        "generate": {
            "target_rows": rows, "score_rows": files.score_rows, "people": files.people,
            "districts": len(plan.districts),
            "provinces": len({d.province_code for d in plan.districts}),
            "months": plan.months, "packages": len(files.packages),
            "packages_mb": round(sum(p.stat().st_size for p in files.packages) / 2**20, 1),
            "raw_parquet_mb": round(raw.stat().st_size / 2**20, 1),
            "seconds": round(generated, 2), "seconds_by_step": files.seconds,
            "rows_per_s": round(files.score_rows / generated)},
        "choices": pick,
        "rss_peak_mb": {"after_generate": _peak_mb()},
    }
    _progress("generate", result)
    # The store first, so that its peak memory is not the baselines' (measured after it).
    result["store"] = (_store(files.packages, files.package_rows, root, pick) if packages
                       else {"skipped": "BENCH_COORDINATOR_PACKAGES=0: no packages written"})
    result["rss_peak_mb"]["after_store"] = _peak_mb()
    _progress("store", result["store"])
    result["raw_duckdb"] = _raw_duckdb(raw, pick)
    result["rss_peak_mb"]["after_raw_duckdb"] = _peak_mb()
    _progress("raw_duckdb", result["raw_duckdb"])
    times = result["store"].get("interactions")
    if times:
        result["store"]["raw_duckdb_over_store"] = {
            key: round(result["raw_duckdb"][key] / times[key], 1) if times[key] else None
            for key in INTERACTIONS}
    result["raw_pandas"] = _raw_pandas(raw, files.score_rows, pick)
    result["rss_peak_mb"]["after_raw_pandas"] = _peak_mb()
    _progress("raw_pandas", result["raw_pandas"])
    result["goals"] = _goals(result)
    _progress("goals", result["goals"])
    return result


def run() -> dict[str, Any]:
    """Generate the cohort at each size and time the four interactions three ways."""
    report: dict[str, Any] = {
        "goals": GOALS,
        "sizes_note": ("sizes from BENCH_COORDINATOR_ROWS (default " + DEFAULT_ROWS + "); the "
                       "goals are set for 10^8 rows, which is opt-in "
                       "(BENCH_COORDINATOR_ROWS=1e7,1e8) as generating it takes minutes"),
        "sizes": {}}
    parent = os.environ.get("BENCH_COORDINATOR_DIR")
    for rows in _sizes():
        root = Path(tempfile.mkdtemp(prefix="coordinator-bench-", dir=parent))
        try:
            report["sizes"][f"{rows:.0e}"] = _one_size(rows, root)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return report


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, default=str))
