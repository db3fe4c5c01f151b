"""A full-size session for measuring and testing the checklist (50 participants × 21 items).

Used by ``bench/checklist_bench.py`` and the tests; facilitators never see it.
"""

from __future__ import annotations

from datetime import date

from kit.records.participants import Participant, add_participant
from kit.records.sessions import Session, add_session, check_in
from kit.storage.db import write_tx
from kit.workspace import Workspace

SAMPLE_DISTRICT = "Kabupaten Contoh"


def add_sample_session(
    ws: Workspace,
    participants: int = 50,
    activity_id: str = "komunitas",
    session_id: str = "contoh-komunitas",
    status: str = "open",
    day: date = date(2026, 9, 1),
) -> tuple[str, list[str]]:
    """Add a session of ``activity_id`` with ``participants`` new attendees; return their ids."""
    ids = [f"{session_id[:20]}-p{n:03d}" for n in range(1, participants + 1)]
    with write_tx(ws.engine) as conn:
        add_session(conn, Session(
            id=session_id, activity_id=activity_id, title=f"Sesi contoh {session_id}",
            date=day, venue="Aula contoh", district=SAMPLE_DISTRICT,
            facilitator="Bu Contoh (Dinas Koperasi dan UKM)", status=status))
        for n, pid in enumerate(ids, start=1):
            add_participant(conn, Participant(
                id=pid, name=f"Peserta Contoh {n:02d}", district=SAMPLE_DISTRICT,
                business_name=f"Usaha Contoh {n:02d}"))
            check_in(conn, session_id, pid)
    return session_id, ids
