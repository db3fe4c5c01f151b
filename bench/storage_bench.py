"""Write path: observations recorded through the kit vs raw sqlite3 inserts into the same table."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench.measure import ratio

N = 300


def run() -> dict[str, object]:
    """Record N observations via ``record_observation`` and via plain sqlite3; compare."""
    from kit.assess.demo import init_demo_workspace
    from kit.assess.observe import record_observation

    with tempfile.TemporaryDirectory() as tmp:
        ws = init_demo_workspace(Path(tmp) / "ws")
        from kit.framework import framework

        items = [i.id for i in framework().activity("komunitas").items]
        from kit.records.participants import list_participants
        from kit.storage.db import read_tx

        with read_tx(ws.engine) as conn:
            pid = list_participants(conn)[0].id
        t0 = time.perf_counter()
        for n in range(N):
            record_observation(ws, pid, items[n % len(items)], n % 3, facilitator="bench")
        kit_s = time.perf_counter() - t0

        db = Path(tmp) / "ws" / "gradebook.db"
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("PRAGMA busy_timeout=30000")
        t0 = time.perf_counter()
        for n in range(N):
            con.execute("BEGIN IMMEDIATE")
            con.execute(
                "INSERT INTO kit_score (participant_id, item_id, activity_id, level, source, "
                "recorded_at) VALUES (?, ?, 'komunitas', ?, 'observation', datetime('now'))",
                (pid, items[n % len(items)], n % 3),
            )
            con.execute("COMMIT")
        base_s = time.perf_counter() - t0
        con.close()
    return {
        "observations": N,
        "kit_record_observation": {"total_s": round(kit_s, 4),
                                   "per_op_ms": round(kit_s / N * 1e3, 3)},
        "baseline_raw_sqlite_insert": {"total_s": round(base_s, 4),
                                       "per_op_ms": round(base_s / N * 1e3, 3)},
        "ratio_kit_to_baseline": ratio(kit_s, base_s),
    }
