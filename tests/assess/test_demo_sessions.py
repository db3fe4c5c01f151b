"""The demo workspace holds a finished (closed) session of each activity, clearly marked as demo."""

from __future__ import annotations

import itertools
import subprocess

import pytest
import sqlalchemy as sa

from kit.assess.demo import FINISHED_SESSIONS, init_demo_workspace, write_demo_reports
from kit.modules.quiz import question_bank
from kit.records.participants import list_participants
from kit.records.sessions import attendees, get_session
from kit.room.tables import help_request, random_draw, room_question
from kit.rundown.tables import segment
from kit.storage import schema
from kit.survey import service as survey
from kit.workspace import Workspace, reading


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """One demo workspace for the module, with the modules' question banks (as the CLI makes it)."""
    return init_demo_workspace(tmp_path_factory.mktemp("demo-sessions") / "ws",
                               banks=question_bank)


def test_each_activity_has_a_finished_session_with_its_day(demo: Workspace) -> None:
    """Closed, with committee, head of office, demo notes, attendance, scores and a rundown run."""
    assert sorted(FINISHED_SESSIONS) == ["advokasi", "bimtek", "komunitas"]
    s, sc = schema.session, schema.score
    with reading(demo) as conn:
        for activity_id, session_id in FINISHED_SESSIONS.items():
            session = get_session(conn, session_id)
            assert session is not None and session.activity_id == activity_id
            assert session.status == "closed"
            row = conn.execute(sa.select(s).where(s.c.id == session_id)).mappings().one()
            assert row["closed_at"] is not None and row["head_of_office"]
            assert "demo" in row["notes"].lower()
            assert len(row["committee"]) >= 3
            assert all(m["role"] and m["name"] for m in row["committee"])
            present = attendees(conn, session_id)
            assert len(present) >= 3
            scored = conn.execute(sa.select(sa.func.count()).select_from(sc).where(
                sc.c.session_id == session_id)).scalar()
            assert scored
            runs = conn.execute(sa.select(segment).where(segment.c.session_id == session_id)
                                .order_by(segment.c.position)).mappings().all()
            assert runs and all(r["started_at"] and r["ended_at"] for r in runs)
            assert all(a["ended_at"] <= b["started_at"] for a, b in itertools.pairwise(runs))
        bimtek = FINISHED_SESSIONS["bimtek"]
        team = conn.execute(sa.select(s.c.support_team).where(s.c.id == bimtek)).scalar()
        assert 2 <= len(team) <= 3
        asked = conn.execute(sa.select(sa.func.count()).select_from(room_question).where(
            room_question.c.session_id == FINISHED_SESSIONS["advokasi"])).scalar()
        helped = conn.execute(sa.select(help_request.c.resolved_at).where(
            help_request.c.session_id == bimtek)).all()
        assert asked and helped and all(r[0] is not None for r in helped)
        for activity_id in ("advokasi", "komunitas"):  # the activities with a question bank
            draws = conn.execute(sa.select(random_draw).where(
                random_draw.c.session_id == FINISHED_SESSIONS[activity_id])).mappings().all()
            assert len(draws) >= 4
            assert all(d["level"] in (0, 1, 2) and d["answered_at"] for d in draws)
            assert all(question_bank(activity_id).get(d["question_id"]) for d in draws)
            assert all(a["participant_id"] != b["participant_id"]
                       for a, b in itertools.pairwise(draws))


def test_each_finished_session_has_survey_answers_without_names(demo: Workspace) -> None:
    """Most of those present answered; the summary is plausible and names nobody."""
    with reading(demo) as conn:
        names = [p.name for p in list_participants(conn)]
    for session_id in FINISHED_SESSIONS.values():
        result = survey.summary(demo, session_id)
        assert 0 < result.responded <= result.present
        assert result.responded >= result.present // 2
        by_id = {q.question.id: q for q in result.questions}
        assert by_id["manfaat"].mean is not None and 3.0 <= by_id["manfaat"].mean <= 5.0
        shown = str(result.as_dict())
        assert not any(name in shown for name in names)


def test_the_rest_of_the_demo_is_unchanged(demo: Workspace) -> None:
    """36 participants, the komunitas sessions still open, no first-meeting level is the latest."""
    sc = schema.score
    with reading(demo) as conn:
        assert len(list_participants(conn)) == 36
        for slug in ("sragen", "tanjabtim", "pontianak"):
            found = get_session(conn, f"{slug}-komunitas-2026")
            assert found is not None and found.status == "open"
        newest = sa.select(sa.func.max(sc.c.id)).group_by(sc.c.participant_id, sc.c.item_id)
        latest_sessions = {str(r[0]) for r in conn.execute(
            sa.select(sc.c.session_id).where(sc.c.id.in_(newest.scalar_subquery())))}
    assert FINISHED_SESSIONS["komunitas"] not in latest_sessions


def test_the_finished_sessions_reports_are_written_once(demo: Workspace) -> None:
    """A PDF and an XLSX report per finished session in reports/, marked demo; kept on rerun."""
    written = write_demo_reports(demo, banks=question_bank)
    assert sorted(p.name for p in written) == sorted(
        f"laporan-{sid}.{fmt}" for sid in FINISHED_SESSIONS.values() for fmt in ("pdf", "xlsx"))
    assert all(p.parent == demo.root / "reports" for p in written)
    text = subprocess.run(["pdftotext", "-layout", str(demo.root / "reports" /
                                                       "laporan-sragen-bimtek-2026.pdf"), "-"],
                          capture_output=True, text=True, check=True, timeout=120).stdout
    assert "LAPORAN KEGIATAN" in text and "DATA DEMO" in text
    advokasi = subprocess.run(["pdftotext", "-layout", str(demo.root / "reports" /
                                                           "laporan-sragen-advokasi-2026.pdf"),
                               "-"], capture_output=True, text=True, check=True,
                              timeout=120).stdout
    first = question_bank("advokasi").get(draw_ids(demo)[0]).prompt.get("id")
    assert " ".join(first.split()[:3]) in " ".join(advokasi.split())
    assert "Seberapa bermanfaat kegiatan hari ini" in text
    assert write_demo_reports(demo) == []


def draw_ids(ws: Workspace) -> list[str]:
    """The question ids of the advokasi finished session's random questions, in order."""
    with reading(ws) as conn:
        return [str(r[0]) for r in conn.execute(
            sa.select(random_draw.c.question_id).where(
                random_draw.c.session_id == FINISHED_SESSIONS["advokasi"])
            .order_by(random_draw.c.id))]
