"""Eight processes recording scores for the same session at once lose nothing."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from kit.framework import framework
from kit.records.participants import Participant, add_participant
from kit.records.sessions import Session, add_session
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace

WRITERS = 8
PER_WRITER = 40


def _writer(root: str, writer: int, items: list[str]) -> int:
    """Record PER_WRITER observations through the kit's real write path."""
    from kit.assess.observe import record_observation
    from kit.workspace import open_workspace

    ws = open_workspace(Path(root))
    for n in range(PER_WRITER):
        record_observation(ws, f"p{writer}", items[n % len(items)], n % 3,
                           note=f"w{writer}-{n}", facilitator=f"fasilitator {writer}",
                           session_id="s1")
    return PER_WRITER


def test_eight_writers_lose_nothing(make_workspace: Callable[..., Workspace]) -> None:
    """Every one of 8 × 40 concurrent observations is stored exactly once."""
    ws = make_workspace()
    items = [i.id for i in framework().activity("komunitas").items]
    with write_tx(ws.engine) as conn:
        add_session(conn, Session(id="s1", activity_id="komunitas", title="Komunitas"))
        for w in range(WRITERS):
            add_participant(conn, Participant(id=f"p{w}", name=f"Peserta {w}",
                                              district="Kabupaten Sragen"))
    ctx = mp.get_context("spawn")
    with ctx.Pool(WRITERS) as pool:
        done = pool.starmap(_writer, [(str(ws.root), w, items) for w in range(WRITERS)])
    assert sum(done) == WRITERS * PER_WRITER
    with read_tx(ws.engine) as conn:
        notes = {r[0] for r in conn.execute(sa.text("SELECT note FROM kit_score"))}
    expected = {f"w{w}-{n}" for w in range(WRITERS) for n in range(PER_WRITER)}
    assert notes == expected
