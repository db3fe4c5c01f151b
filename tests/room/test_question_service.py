"""The room's questions on real SQLite and PostgreSQL workspaces: ask, list, answer."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.room import question_service as service
from kit.room.questions import QUESTION_MAX, clean_question
from kit.workspace import Workspace, writing


def _room(ws: Workspace) -> str:
    """Ani and Budi in an open advokasi session; return the session's id."""
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pani", name="Ani", district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="pbudi", name="Budi", district="Kabupaten Sragen"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    return session.id


def test_ask_list_and_mark_answered(make_workspace: Callable[..., Workspace]) -> None:
    """Questions are trimmed, listed oldest first with names; answered records who, once."""
    ws = make_workspace()
    sid = _room(ws)
    first = service.ask(ws, "pani", "advokasi", "  Bagaimana   kirim\nbarang aman? ",
                        "adv_tanya_peserta", sid)
    service.ask(ws, "pbudi", "advokasi", "Apakah ada biaya daftar?", None, sid)
    service.ask(ws, "pbudi", "advokasi", "Pertanyaan belajar sendiri", None, None)
    assert first.text == "Bagaimana kirim barang aman?"
    listed = service.for_session(ws, sid)
    assert [(q.name, q.text) for q in listed] == [
        ("Ani", "Bagaimana kirim barang aman?"), ("Budi", "Apakah ada biaya daftar?")]
    done, changed = service.answer(ws, sid, first.id, "Narasumber 1")
    assert changed and done.answered and done.answered_by == "Narasumber 1"
    assert not service.answer(ws, sid, first.id, "Bu Sari")[1]
    assert [q.name for q in service.for_session(ws, sid, include_answered=False)] == ["Budi"]
    assert [q.text for q in service.own_questions(ws, "pani", sid)] == [first.text]
    assert [q.text for q in service.own_questions(ws, "pbudi", None)] == [
        "Pertanyaan belajar sendiri"]


def test_bad_questions_are_refused_and_nothing_is_written(
        make_workspace: Callable[..., Workspace]) -> None:
    """Empty, too long, unknown session or participant, a question of another session."""
    ws = make_workspace()
    sid = _room(ws)
    other, _w = session_service.create(ws, "advokasi", "2026-12-11", "Sragen")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("text", lambda: service.ask(ws, "pani", "advokasi", " \n\t ", None, sid)),
        ("text", lambda: service.ask(ws, "pani", "advokasi", "x" * (QUESTION_MAX + 1), None,
                                     sid)),
        ("session_id", lambda: service.ask(ws, "pani", "advokasi", "Boleh?", None, "nope")),
        ("participant_id", lambda: service.ask(ws, "nobody", "advokasi", "Boleh?", None, sid)),
        ("session_id", lambda: service.for_session(ws, "nope")),
    ]
    for field, call in cases:
        with pytest.raises(service.RoomInputError) as refused:
            call()
        assert refused.value.field == field
    assert service.for_session(ws, sid) == []
    asked = service.ask(ws, "pani", "advokasi", "Boleh?", None, sid)
    with pytest.raises(service.RoomInputError) as refused:
        service.answer(ws, other.id, asked.id, "Bu Sari")
    assert refused.value.field == "question_id"
    assert not service.for_session(ws, sid)[0].answered


def test_clean_question_keeps_exactly_the_limit() -> None:
    """A question of exactly the limit passes; inner whitespace collapses to one space."""
    assert len(clean_question("y" * QUESTION_MAX)) == QUESTION_MAX
    assert clean_question(" a \t b ") == "a b"
