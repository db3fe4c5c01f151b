"""The survey services on real SQLite and PostgreSQL: submit, change, refuse, summarise."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.survey import service
from kit.survey.questions import SurveyInputError
from kit.survey.tables import survey_answer
from kit.workspace import Workspace, reading, writing

GOOD = {"manfaat": "5", "kejelasan": "4", "kecepatan": "3",
        "paling_berguna": "Foto produk", "perbaikan": ""}


def _session(ws: Workspace) -> str:
    """An open advokasi session with Ani and Budi checked in, and Citra on the roster only."""
    with writing(ws) as conn:
        for pid, name in (("pani", "Ani"), ("pbudi", "Budi"), ("pcitra", "Citra")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    session_service.checkin(ws, session.id, "pani")
    session_service.checkin(ws, session.id, "pbudi")
    return session.id


def _rows(ws: Workspace) -> list[tuple[str, str, str]]:
    """Every stored answer as (respondent, question, answer)."""
    t = survey_answer
    with reading(ws) as conn:
        return [(str(r), str(q), str(a)) for r, q, a in conn.execute(
            sa.select(t.c.respondent, t.c.question_id, t.c.answer).order_by(
                t.c.respondent, t.c.question_id)).all()]


def test_answers_are_stored_under_a_keyed_hash_and_can_be_changed(
        make_workspace: Callable[..., Workspace]) -> None:
    """One row per answered question, no participant id stored; a change replaces, never adds."""
    ws = make_workspace()
    sid = _session(ws)
    assert service.submit(ws, sid, "pani", GOOD) == service.Submitted(saved=4, removed=0)
    rows = _rows(ws)
    assert len(rows) == 4
    assert all(len(r) == 64 and "pani" not in r for r, _q, _a in rows)
    assert service.own_answers(ws, sid, "pani")["paling_berguna"] == "Foto produk"
    changed = {**GOOD, "manfaat": "2", "paling_berguna": ""}
    assert service.submit(ws, sid, "pani", changed) == service.Submitted(saved=3, removed=1)
    assert service.own_answers(ws, sid, "pani") == {"manfaat": "2", "kejelasan": "4",
                                                    "kecepatan": "3"}
    assert service.own_answers(ws, sid, "pbudi") == {}


def test_refused_answers_write_nothing(make_workspace: Callable[..., Workspace]) -> None:
    """Out of range, not checked in, unknown or closed session: refused, naming the field."""
    ws = make_workspace()
    sid = _session(ws)
    cases = [({**GOOD, "manfaat": "9"}, sid, "pani", "manfaat"),
             (GOOD, sid, "pcitra", "participant_id"),
             (GOOD, "no-such-session", "pani", "session_id")]
    for raw, session_id, pid, field in cases:
        with pytest.raises(SurveyInputError) as err:
            service.submit(ws, session_id, pid, raw)
        assert err.value.field == field
    assert _rows(ws) == []
    service.submit(ws, sid, "pani", GOOD)
    session_service.close(ws, sid)
    with pytest.raises(SurveyInputError) as closed:
        service.submit(ws, sid, "pani", {**GOOD, "manfaat": "1"})
    assert closed.value.field == "session_id"
    assert service.own_answers(ws, sid, "pani")["manfaat"] == "5"


def test_summary_counts_means_and_texts_without_names(
        make_workspace: Callable[..., Workspace]) -> None:
    """Per question n, mean and distribution or the texts; responded of present; no ids."""
    ws = make_workspace()
    sid = _session(ws)
    service.submit(ws, sid, "pani", GOOD)
    service.submit(ws, sid, "pbudi", {**GOOD, "manfaat": "3", "paling_berguna": "Harga",
                                      "perbaikan": "Waktu lebih panjang"})
    assert service.progress(ws, sid) == (2, 2)
    result = service.summary(ws, sid)
    assert (result.responded, result.present) == (2, 2)
    by_id = {q.question.id: q for q in result.questions}
    assert by_id["manfaat"].n == 2 and by_id["manfaat"].mean == 4.0
    assert by_id["manfaat"].distribution == (0, 0, 1, 0, 1)
    assert by_id["paling_berguna"].texts == ("Foto produk", "Harga")
    assert by_id["perbaikan"].texts == ("Waktu lebih panjang",)
    as_json = str(result.as_dict("en"))
    assert "pani" not in as_json and "Ani" not in as_json and "pbudi" not in as_json
    assert result.as_dict()["questions"][0]["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 0,
                                                                "5": 1}


def test_the_same_person_is_another_respondent_in_another_session() -> None:
    """The respondent hash depends on the session, the participant and the workspace key."""
    one = service.respondent_id("k" * 64, "s1", "pani")
    assert one == service.respondent_id("k" * 64, "s1", "pani")
    assert len({one, service.respondent_id("k" * 64, "s2", "pani"),
                service.respondent_id("j" * 64, "s1", "pani"),
                service.respondent_id("k" * 64, "s1", "pbudi")}) == 4


def test_simultaneous_replays_leave_one_answer_per_question(
        make_workspace: Callable[..., Workspace]) -> None:
    """Twelve threads sending the same person's form at once: one row per question, no error."""
    ws = make_workspace()
    sid = _session(ws)
    start = threading.Barrier(12)
    errors: list[BaseException] = []

    def send(n: int) -> None:
        """Wait for the others, then submit Ani's answers (the scale varies by thread)."""
        start.wait()
        try:
            service.submit(ws, sid, "pani", {**GOOD, "manfaat": str(1 + n % 5)})
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    rows = _rows(ws)
    assert len(rows) == 4 and len({r for r, _q, _a in rows}) == 1
    assert service.own_answers(ws, sid, "pani")["manfaat"] in {"1", "2", "3", "4", "5"}
