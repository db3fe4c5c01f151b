"""Concurrent first writes for the same participant and activity all succeed (one submission)."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kit.assess.generate import ensure_generated
from kit.records.participants import Participant, add_participant
from kit.storage.db import read_tx, write_tx
from kit.workspace import init_workspace

WRITERS = 8
PARTICIPANTS = 25
ITEMS = ("adv_nawacita", "adv_mp3ei", "adv_umkm_pendorong_ekonomi")


def _tapper(root: str, writer: int, barrier: Any) -> list[str]:
    """Tap one checklist cell per participant, all writers at once; return the failures."""
    from kit.assess.observe import record_observation
    from kit.workspace import open_workspace

    ws = open_workspace(Path(root))
    failures = []
    for n in range(PARTICIPANTS):
        barrier.wait()
        try:
            record_observation(ws, f"p{n}", ITEMS[writer % len(ITEMS)], writer % 3,
                               note=f"w{writer}-p{n}", facilitator=f"fasilitator {writer}")
        except Exception as exc:  # every failure is what the test counts
            failures.append(f"p{n}: {type(exc).__name__}: {exc}"[:300])
    return failures


@pytest.mark.postgres
@pytest.mark.slow
def test_concurrent_first_taps_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """8 processes × 25 simultaneous first taps: no failure, every tap stored, one submission."""
    ws = init_workspace(tmp_path / "ws", db_url=pg_url)
    with write_tx(ws.engine) as conn:
        for n in range(PARTICIPANTS):
            add_participant(conn, Participant(id=f"p{n}", name=f"Peserta {n}",
                                              district="Kabupaten Sragen"))
    ensure_generated(ws, "advokasi")
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(WRITERS)
        with ctx.Pool(WRITERS) as pool:
            results = pool.starmap(_tapper, [(str(ws.root), w, barrier)
                                              for w in range(WRITERS)])
    failures = [f for result in results for f in result]
    assert failures == []
    with read_tx(ws.engine) as conn:
        taps = conn.execute(sa.text("SELECT count(*) FROM kit_score")).scalar_one()
        per_participant = conn.execute(sa.text(
            "SELECT s.student_id, count(*) FROM submitted_assignment s "
            "JOIN assignment a ON a.id = s.assignment_id WHERE a.name = 'advokasi' "
            "GROUP BY s.student_id")).all()
        students = conn.execute(sa.text("SELECT count(*) FROM student")).scalar_one()
    assert taps == WRITERS * PARTICIPANTS
    assert sorted(per_participant) == sorted((f"p{n}", 1) for n in range(PARTICIPANTS))
    assert students == PARTICIPANTS
