"""The random-question service on real workspaces: draw, answer as evidence, closed refused."""

from __future__ import annotations

import itertools
import random
import threading
from collections.abc import Callable

import pytest

from kit.framework import framework
from kit.modules.quiz import question_bank
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.records.scores import latest_scores
from kit.room import draw_service
from kit.rundown import service as rundown
from kit.workspace import Workspace, reading, writing


def _rng(seed: int) -> random.Random:
    """A seeded generator, so a test's draws repeat."""
    return random.Random(seed)  # noqa: S311 - not security, a repeatable test


def _session_with_people(ws: Workspace) -> str:
    """An advokasi session with Ani and Budi checked in, Citra absent and an NGO guest present."""
    with writing(ws) as conn:
        for pid, name in (("pani", "Ani"), ("pbudi", "Budi"), ("pcitra", "Citra")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="plsm", name="Pak LSM", district="Kabupaten Sragen",
                                          participant_type="ngo"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    for pid in ("pani", "pbudi", "plsm"):
        session_service.checkin(ws, session.id, pid)
    return session.id


def test_draws_pick_present_umkm_owners_for_the_running_segment(
        make_workspace: Callable[..., Workspace]) -> None:
    """Only Ani and Budi are drawn, alternately; the item is the running talk's materi."""
    ws = make_workspace()
    sid = _session_with_people(ws)
    for _n in range(4):
        rundown.advance(ws, sid)
    assert rundown.load(ws, sid).view().current.segment_id == "narasumber_1"  # type: ignore[union-attr]
    rng = _rng(5)
    made = [draw_service.draw(ws, sid, question_bank("advokasi"), rng) for _n in range(4)]
    who = [d.participant_id for d in made]
    assert set(who) == {"pani", "pbudi"} and all(a != b for a, b in itertools.pairwise(who))
    materi = {framework().item(d.item_id).materi_id for d in made}
    assert materi <= {"adv_program", "adv_pentingnya"}
    assert [d.id for d in draw_service.draws(ws, sid)] == [d.id for d in made]


def test_an_answer_is_recorded_on_the_draw_and_as_the_items_evidence(
        make_workspace: Callable[..., Workspace]) -> None:
    """Level 2 is stored on the draw and as an observation score of that participant × item."""
    ws = make_workspace()
    sid = _session_with_people(ws)
    made = draw_service.draw(ws, sid, question_bank("advokasi"), _rng(1))
    done = draw_service.answer(ws, sid, made.id, 2, facilitator="Bu Rina")
    assert done.level == 2 and draw_service.draws(ws, sid)[0].level == 2
    with reading(ws) as conn:
        scores = {(e.participant_id, e.item_id): e for e in latest_scores(conn)}
    entry = scores[(made.participant_id, made.item_id)]
    assert entry.level == 2 and entry.source == "observation" and entry.session_id == sid
    assert entry.note is not None and made.question_id in entry.note


def test_bad_level_unknown_draw_and_closed_session_write_nothing(
        make_workspace: Callable[..., Workspace]) -> None:
    """Level 3, a draw of no session and a closed session are refused; nothing changes."""
    ws = make_workspace()
    sid = _session_with_people(ws)
    made = draw_service.draw(ws, sid, question_bank("advokasi"), _rng(1))
    with pytest.raises(draw_service.DrawServiceError) as level:
        draw_service.answer(ws, sid, made.id, 3)
    assert level.value.field == "level"
    with pytest.raises(draw_service.DrawServiceError) as unknown:
        draw_service.answer(ws, sid, made.id + 99, 1)
    assert unknown.value.field == "draw_id"
    session_service.close(ws, sid)
    with pytest.raises(draw_service.DrawServiceError) as closed:
        draw_service.draw(ws, sid, question_bank("advokasi"))
    assert closed.value.field == "session_id"
    assert draw_service.draws(ws, sid)[0].level is None
    with reading(ws) as conn:
        assert latest_scores(conn) == []


def test_two_simultaneous_draws_never_pick_the_same_person_twice_in_a_row(
        make_workspace: Callable[..., Workspace]) -> None:
    """Draws pressed at the same moment on two screens still alternate between Ani and Budi."""
    ws = make_workspace()
    sid = _session_with_people(ws)
    bank = question_bank("advokasi")
    for _round in range(3):
        barrier = threading.Barrier(2)

        def press(barrier: threading.Barrier = barrier) -> None:
            """Wait for the other screen, then draw."""
            barrier.wait()
            draw_service.draw(ws, sid, bank)

        threads = [threading.Thread(target=press) for _n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    who = [d.participant_id for d in draw_service.draws(ws, sid)]
    assert len(who) == 6 and all(a != b for a, b in itertools.pairwise(who))
