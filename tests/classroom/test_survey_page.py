"""The survey page on a participant's phone: Indonesian first, filled in again, large targets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.classroom.routing import FACILITATOR, Area, classify
from tests.survey.page_harness import GOOD, SCREEN, SURVEY, Room, survey_room, text_of


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Room]:
    """A real server with the survey page and an open classroom (Ani and Budi checked in)."""
    with survey_room(tmp_path) as opened:
        yield opened


def test_the_survey_address_is_a_participant_page() -> None:
    """``/kelas/evaluasi`` is open to signed-in participants; its neighbours stay closed."""
    assert classify(SURVEY).area is Area.PARTICIPANT
    assert classify(SURVEY + "/x").area is Area.FACILITATOR
    assert classify("/kelas/evaluasi/../layar").area is Area.BLOCKED


def test_the_form_is_indonesian_first_and_english_on_request(room: Room) -> None:
    """Every question of evaluasi.yaml, five choices per scale, in id then ?lang=en."""
    ani = room.phone("pani")
    page = room.open_form(ani)
    words = text_of(page)
    assert "Seberapa bermanfaat kegiatan hari ini bagi usaha Anda?" in words
    assert "Kirim jawaban" in words
    assert page.count('type="radio"') == 15
    assert 'maxlength="500"' in page
    english = ani.get(room.base + SURVEY + "?lang=en", timeout=30).text
    assert "How useful was today's session for your business?" in text_of(english)
    assert "Send my answers" in text_of(english)


def test_a_sent_form_is_thanked_and_shown_filled_in(room: Room) -> None:
    """After sending: a thank-you line, and the form holds one's own answers to change them."""
    ani = room.phone("pani")
    room.open_form(ani)
    sent = room.send(ani, GOOD)
    assert sent.status_code == 303
    back = ani.get(room.base + sent.headers["Location"], timeout=30).text
    assert "Terima kasih" in text_of(back)
    assert 'value="5" checked' in back
    assert "Foto produk</textarea>" in back


def test_the_facilitator_is_told_the_page_is_for_participants(room: Room) -> None:
    """The facilitator's browser gets a message, no form (it has no participant to answer as)."""
    facilitator = room.phone(None, role=FACILITATOR)
    page = facilitator.get(room.base + SURVEY, timeout=30, allow_redirects=False)
    assert page.status_code == 200
    assert 'type="radio"' not in page.text
    assert "survey show" in text_of(page.text)


def test_the_projector_shows_the_survey_address_qr_and_count(room: Room) -> None:
    """``/kelas/layar/evaluasi``: QR code, address and answered-of-present; participants 403."""
    assert classify(SCREEN).area is Area.FACILITATOR
    ani = room.phone("pani")
    room.open_form(ani)
    room.send(ani, GOOD)
    assert ani.get(room.base + SCREEN, timeout=30, allow_redirects=False).status_code == 403
    facilitator = room.phone(None, role=FACILITATOR)
    page = facilitator.get(room.base + SCREEN, timeout=30, allow_redirects=False)
    assert page.status_code == 200
    assert "<svg" in page.text
    words = text_of(page.text)
    assert "http://127.0.0.1/kelas/evaluasi" in words
    assert "1 dari 2" in words
    assert "Ani" not in words
