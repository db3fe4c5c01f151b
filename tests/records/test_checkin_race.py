"""Two check-ins of the same person at the same moment, on a real PostgreSQL server."""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa

from kit.records import session_service as service
from kit.records.participants import Participant, add_participant
from kit.records.sessions import check_in
from kit.storage.db import write_tx
from kit.workspace import Workspace, init_workspace, writing


def _wait_for_a_lock_wait(ws: Workspace) -> None:
    """Return once some transaction of this database waits for a lock (bounded)."""
    for _attempt in range(500):
        with ws.engine.connect() as conn:
            waiting = conn.execute(sa.text(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE NOT l.granted AND a.datname = current_database()")).scalar()
        if waiting:
            return
        threading.Event().wait(0.02)


def test_a_second_checkin_while_the_first_is_uncommitted_says_already_present(
        pg_url: str, tmp_path: Path) -> None:
    """The second of two simultaneous check-ins waits, then reports the person present: one row."""
    ws = init_workspace(tmp_path / "ws", db_url=pg_url)
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pani", name="Ani", district="Kabupaten Sragen"))
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    outcome: dict[str, object] = {}

    def second() -> None:
        try:
            outcome["done"] = service.checkin(ws, session.id, "pani")
        except Exception as exc:  # the old look-then-insert raised IntegrityError here
            outcome["error"] = exc

    with write_tx(ws.engine) as first:
        assert check_in(first, session.id, "pani")
        thread = threading.Thread(target=second)
        thread.start()
        _wait_for_a_lock_wait(ws)
    thread.join(timeout=60)
    assert "error" not in outcome, outcome.get("error")
    done = outcome["done"]
    assert isinstance(done, service.CheckIn) and not done.new
    assert [p.participant_id for p in service.detail(ws, session.id).present] == ["pani"]
