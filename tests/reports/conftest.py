"""A real SQLite workspace holding one finished advokasi session, for the session-report tests.

Rows are written through the services where they exist (sessions, check-in, scores) and through
the tables of ``0007_session_day`` for the rest (committee, rundown, draws, questions, survey).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest

from kit.framework import framework
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.records.scores import ScoreEntry, record_score
from kit.room.tables import random_draw, room_question
from kit.rundown.tables import segment
from kit.storage import schema
from kit.survey.tables import survey_answer
from kit.workspace import Workspace, init_workspace, writing

EVIL = "<script>alert(1)</script>"
PHONE = "+6281234567890"
SHOWN_PHONE = "081234567890"
START = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)


@attrs.frozen
class Finished:
    """The workspace, the finished session's id and an empty session's id."""

    ws: Workspace
    session_id: str
    empty_id: str


PEOPLE = (
    Participant(id="psiti", name="Siti Nurhaliza", district="Kabupaten Sragen", gender="P",
                phone=PHONE, business_name="Batik Siti", village="Karangmalang"),
    Participant(id="pdede", name="Dédé Kurniawan — Ñoño", district="Kabupaten Sragen",
                gender="L", business_name="=HYPERLINK(\"http://x\")"),
    Participant(id="pratna", name="Ratna Dewi", district="Kabupaten Sragen", gender="P"),
    Participant(id="pbambang", name="Bambang Absen", district="Kabupaten Sragen", gender="L",
                phone="+6281311112222"),
    Participant(id="pluar", name="Orang Luar", district="Kabupaten Klaten", gender="L"),
)


def build_finished(root: Path, db_url: str | None = None) -> Finished:
    """A workspace with one advokasi session in Sragen (three present) and an empty one."""
    fw = framework()
    ws = init_workspace(root, db_url=db_url)
    with writing(ws) as conn:
        for person in PEOPLE:
            add_participant(conn, person)
        conn.execute(schema.participant.update().where(schema.participant.c.id == "pratna")
                     .values(participant_type="government"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-03", "Sragen",
                                         venue="Aula Dinas Koperasi", target_size=30,
                                         facilitator="Agus Prasetyo, Wulan Sari")
    empty, _w = session_service.create(ws, "advokasi", "2026-12-04", "Sragen")
    for pid in ("psiti", "pdede", "pratna"):
        session_service.checkin(ws, session.id, pid)
    activity = fw.activity("advokasi")
    with writing(ws) as conn:
        conn.execute(schema.attendance.update()
                     .where(schema.attendance.c.session_id == session.id)
                     .values(checked_in_at=START))
        conn.execute(schema.session.update().where(schema.session.c.id == session.id).values(
            committee=[{"role": "Ketua", "name": "Yohanes Pardede"},
                       {"role": "Sekretaris", "name": "Nur Aini"}],
            support_team=["Rizky", "Putri"], head_of_office="Dr. Hj. Sri Wahyuni, M.Si.",
            notes="Peserta antusias — listrik padam 10 menit.\nTindak lanjut: bimtek Januari."))
        for n, entry in enumerate(activity.rundown):
            began = START + timedelta(minutes=15 * n)
            conn.execute(segment.insert().values(
                session_id=session.id, position=n, segment_id=entry.id,
                planned_start=f"{8 + n // 4:02d}:{(n % 4) * 15:02d}",
                planned_minutes=entry.minutes,
                speaker="Ir. Bambang Sutejo" if entry.id == "narasumber_1" else None,
                started_at=began if n < 6 else None,
                ended_at=began + timedelta(minutes=14) if n < 5 else None))
        for item in activity.items:
            record_score(conn, fw, ScoreEntry("psiti", item.id, 2, "observation",
                                              session_id=session.id,
                                              recorded_at=START + timedelta(hours=1)))
        record_score(conn, fw, ScoreEntry("pdede", activity.items[0].id, 0, "observation",
                                          session_id=session.id,
                                          recorded_at=START + timedelta(hours=1)))
        conn.execute(room_question.insert().values(
            session_id=session.id, participant_id="pdede", activity_id="advokasi",
            place="adv_nawacita", text=EVIL + " Bagaimana daftar NIB?",
            asked_at=START + timedelta(minutes=70)))
        conn.execute(random_draw.insert().values(
            session_id=session.id, participant_id="psiti", item_id=activity.items[0].id,
            question_id="nawacita_arti", drawn_at=START + timedelta(minutes=90), level=2,
            answered_at=START + timedelta(minutes=91)))
        for respondent, useful, text in (("r1", "5", "Contoh nyata"), ("r2", "4", "=1+1")):
            for question_id, answer in (("manfaat", useful), ("perbaikan", text)):
                conn.execute(survey_answer.insert().values(
                    session_id=session.id, respondent=respondent, question_id=question_id,
                    answer=answer, answered_at=START + timedelta(hours=3)))
    return Finished(ws, session.id, empty.id)


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Finished:
    """The finished session's workspace (shared by a module's tests: they only read it)."""
    return build_finished(tmp_path_factory.mktemp("report") / "ws")
