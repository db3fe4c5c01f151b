"""The room bar of a module page (help and questions), on a real workspace, roster and classroom."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.assess.demo import init_demo_workspace
from kit.classroom import store
from kit.classroom.identity import sign_token
from kit.i18n import set_language
from kit.modules.advokasi import AdvokasiPage, build_advokasi
from kit.modules.help_widgets import RoomBar
from kit.modules.identity import roster
from kit.records import session_service
from kit.records.participants import Participant
from kit.room import help_service, question_service
from kit.server.kernels import page_rebind
from kit.settings import CLASSROOM_ENV, PARTICIPANT_TOKEN_ENV
from kit.workspace import Workspace


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A demo workspace shared by this file's tests."""
    return init_demo_workspace(tmp_path_factory.mktemp("room-bar") / "ws")


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    """The bar's lines are checked in Bahasa Indonesia."""
    set_language("id")
    yield
    set_language(None)


def _bar(page: AdvokasiPage) -> RoomBar:
    assert page.room_bar is not None
    return page.room_bar


def test_help_twice_queues_once_cancel_and_questions_in_roster_mode(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Self-paced on the facilitator's server: the session comes from the check-in, not the page."""
    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    monkeypatch.delenv(PARTICIPANT_TOKEN_ENV, raising=False)
    me, other = roster(ws)[:2]
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    for person in (me, other):
        session_service.checkin(ws, session.id, person.id, admit_reason="uji")
    question_service.ask(ws, other.id, "advokasi", "RAHASIA orang lain", None, session.id)
    page = build_advokasi(workspace=ws.root, local_home=tmp_path / "home")
    page.opening()
    page.contents()
    page.closing()
    bar = _bar(page)
    assert bar.help_button.disabled  # nobody chosen yet
    page.frame.choose(me)
    page.open("adv_tips_sukses")
    bar.help_button.click()
    bar.help_button.click()
    queue = help_service.queue(ws, session.id)
    assert [(e.request.participant_id, e.request.place) for e in queue] == [
        (me.id, "adv_tips_sukses")]
    assert "Bantuan sudah diminta — fasilitator akan datang" in bar.status.value
    assert bar.cancel_button in bar.widget.children
    bar.cancel_button.click()
    assert help_service.queue(ws, session.id) == []
    assert bar.buttons in bar.widget.children
    bar.ask_button.click()
    bar.text.value = "   \n "
    bar.send_button.click()
    assert "tulis pertanyaan Anda dulu" in bar.feedback.value
    bar.text.value = "  Berapa ongkos   kirim ke Papua? "
    bar.send_button.click()
    asked = [(q.participant_id, q.text, q.place) for q in question_service.for_session(
        ws, session.id) if q.participant_id == me.id]
    assert asked == [(me.id, "Berapa ongkos kirim ke Papua?", "adv_tips_sukses")]
    assert "Berapa ongkos kirim ke Papua?" in bar.mine.value
    assert "RAHASIA" not in bar.mine.value and bar.text.value == ""
    # advokasi's own Q&A tool sends to the same room's questions
    tool = page.tools["ask"]
    tool.text.value = "Apakah marketplace memungut biaya pendaftaran?"
    tool.submit()
    assert [q.place for q in question_service.own_questions(ws, me.id, session.id)] == [
        "adv_tips_sukses", "adv_tanya_peserta"]
    session_service.close(ws, session.id)


def test_classroom_bar_acts_as_the_token_participant_after_the_fork(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built once without anyone, forked with a token: requests go to that person and classroom."""
    classroom = store.open_classroom(ws.engine)
    person: Participant = roster(ws)[2]
    session_service.checkin(ws, classroom.session_id, person.id, admit_reason="uji")
    token = sign_token(classroom.signing_key, person.id, classroom.id)
    try:
        monkeypatch.setenv(CLASSROOM_ENV, "1")
        monkeypatch.delenv(PARTICIPANT_TOKEN_ENV, raising=False)
        start = page_rebind.mark()
        page = build_advokasi(workspace=ws.root, local_home=tmp_path / "home")
        page.opening()
        page.contents()
        page.closing()
        bar = _bar(page)
        assert page.frame.participant is None and bar.help_button.disabled
        bar.help_button.click()  # nobody yet: nothing recorded
        assert help_service.queue(ws, classroom.session_id) == []
        monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ws.root))
        monkeypatch.setenv(PARTICIPANT_TOKEN_ENV, token)
        for callback in page_rebind.callbacks_since(start):
            callback()
        assert not bar.help_button.disabled
        bar.help_button.click()
        queue = help_service.queue(ws, classroom.session_id)
        assert [e.request.participant_id for e in queue] == [person.id]
        help_service.resolve(ws, classroom.session_id, queue[0].request.id, "Bu Sari")
        bar.refresh()
        assert bar.buttons in bar.widget.children
    finally:
        store.close_classroom(ws.engine)


def test_without_a_session_the_bar_says_no_facilitator_sees_it(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not checked in anywhere: the request is kept, and the bar says nobody sees it."""
    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    monkeypatch.delenv(PARTICIPANT_TOKEN_ENV, raising=False)
    loner = roster(ws)[-1]
    page = build_advokasi(workspace=ws.root, local_home=tmp_path / "home")
    page.opening()
    page.contents()
    page.frame.choose(loner)
    bar = _bar(page)
    bar.help_button.click()
    request = help_service.open_request(ws, loner.id)
    assert request is not None and request.session_id is None
    assert "tidak ada fasilitator yang melihatnya" in bar.status.value
    bar.send_button.click()  # an empty question: refused, nothing saved
    bar.text.value = "Bagaimana memotret produk?"
    bar.send_button.click()
    assert "tidak tampil di sesi tanya jawab" in bar.feedback.value
    bar.cancel_button.click()
    assert help_service.open_request(ws, loner.id) is None
