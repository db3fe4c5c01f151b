"""Attacks on the survey page over HTTP: forged identity, no CSRF token, bad answers, replays."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.records import session_service
from kit.survey import service
from tests.survey.page_harness import GOOD, SURVEY, Room, survey_room, text_of


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    """A real server with the survey page and an open classroom (Ani and Budi checked in)."""
    with survey_room(tmp_path) as opened:
        yield opened


def test_a_forged_form_for_another_participant_changes_only_ones_own_answers(room: Room) -> None:
    """Ids and names in the form are ignored: the device cookie alone says who answers."""
    budi = room.phone("pbudi")
    room.open_form(budi)
    assert room.send(budi, {**GOOD, "manfaat": "2"}).status_code == 303
    ani = room.phone("pani")
    room.open_form(ani)
    forged = {**GOOD, "manfaat": "1", "participant": "pbudi", "participant_id": "pbudi",
              "respondent": "pbudi", "session": "other", "session_id": "other"}
    assert room.send(ani, forged).status_code == 303
    assert service.own_answers(room.ws, room.session_id, "pbudi")["manfaat"] == "2"
    assert service.own_answers(room.ws, room.session_id, "pani")["manfaat"] == "1"
    assert "Budi" not in room.open_form(ani)


def test_a_form_without_its_csrf_token_is_refused(room: Room) -> None:
    """No XSRF token, or another one: 403 and nothing stored."""
    ani = room.phone("pani")
    room.open_form(ani)
    assert room.send(ani, GOOD, xsrf=False).status_code == 403
    assert room.send(ani, {**GOOD, "_xsrf": "2|00000000|" + "0" * 32 + "|1"},
                     xsrf=False).status_code == 403
    assert service.own_answers(room.ws, room.session_id, "pani") == {}


def test_answers_out_of_range_are_refused_with_one_line_naming_the_question(room: Room) -> None:
    """A 6, a 0, text for a scale and 501 characters: 400, the question named, nothing stored."""
    ani = room.phone("pani")
    room.open_form(ani)
    for bad in ({"manfaat": "6"}, {"kejelasan": "0"}, {"kecepatan": "cepat"},
                {"perbaikan": "x" * 501}):
        answer = room.send(ani, {**GOOD, **bad})
        assert answer.status_code == 400
        field = next(iter(bad))
        assert f'id="error-{field}"' in answer.text
        assert "Traceback" not in answer.text
    assert service.own_answers(room.ws, room.session_id, "pani") == {}


def test_a_hundred_replays_leave_one_answer_per_question(room: Room) -> None:
    """The same form sent 100 times: one answer per question, others' answers untouched."""
    budi = room.phone("pbudi")
    room.open_form(budi)
    room.send(budi, {**GOOD, "perbaikan": "Lebih banyak praktik"})
    before = service.own_answers(room.ws, room.session_id, "pbudi")
    ani = room.phone("pani")
    room.open_form(ani)
    for _n in range(100):
        assert room.send(ani, GOOD).status_code == 303
    result = service.summary(room.ws, room.session_id)
    assert (result.responded, result.present) == (2, 2)
    assert {q.question.id: q.n for q in result.questions} == {
        "manfaat": 2, "kejelasan": 2, "kecepatan": 2, "paling_berguna": 2, "perbaikan": 1}
    assert service.own_answers(room.ws, room.session_id, "pbudi") == before


def test_who_may_not_answer_is_refused(room: Room) -> None:
    """Signed out: sent to join; not checked in or a closed session: refused, nothing stored."""
    stranger = room.phone(None)
    stranger.cookies.clear()
    answer = stranger.get(room.base + SURVEY, timeout=30, allow_redirects=False)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/kelas?next=")
    citra = room.phone("pcitra")
    page = citra.get(room.base + SURVEY, timeout=30, allow_redirects=False)
    assert page.status_code == 403
    assert room.send(citra, GOOD).status_code == 403
    assert service.progress(room.ws, room.session_id) == (0, 2)
    session_service.close(room.ws, room.session_id)
    ani = room.phone("pani")
    closed = ani.get(room.base + SURVEY, timeout=30, allow_redirects=False)
    assert closed.status_code == 410
    assert room.send(ani, GOOD).status_code in (403, 410)
    assert "ditutup" in text_of(closed.text)
    assert service.progress(room.ws, room.session_id) == (0, 2)


def test_markup_in_an_answer_comes_back_as_text(room: Room) -> None:
    """A ``<script>`` typed as an answer is stored as typed and shown escaped on one's page."""
    ani = room.phone("pani")
    room.open_form(ani)
    evil = "<script>alert(1)</script>"
    assert room.send(ani, {**GOOD, "perbaikan": evil}).status_code == 303
    page = room.open_form(ani)
    assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert service.own_answers(room.ws, room.session_id, "pani")["perbaikan"] == evil
