"""The "Minta bantuan" services on real SQLite and PostgreSQL workspaces."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.room import help_service as service
from kit.room.help_queue import CANCELLED_BY, place_title, waiting_minutes
from kit.workspace import Workspace, writing


def _room(ws: Workspace) -> str:
    """Ani and Budi, both checked in to an open advokasi session; return the session's id."""
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pani", name="Ani", district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="pbudi", name="Budi", district="Kabupaten Sragen"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    for pid in ("pani", "pbudi"):
        session_service.checkin(ws, session.id, pid)
    return session.id


def test_request_queue_resolve_and_one_open_request_per_participant(
        make_workspace: Callable[..., Workspace]) -> None:
    """A second tap returns the first request; the queue shows who and where; resolve keeps who."""
    ws = make_workspace()
    sid = _room(ws)
    first, new = service.request_help(ws, "pani", "advokasi", "adv_nawacita", sid)
    again, new_again = service.request_help(ws, "pani", "advokasi", "adv_tips_sukses", sid)
    assert new and not new_again and again.id == first.id and again.place == "adv_nawacita"
    service.request_help(ws, "pbudi", "advokasi", None, sid)
    later = first.requested_at + timedelta(minutes=7, seconds=30)
    lines = service.queue(ws, sid, at=later, lang="id")
    assert (lines[0].request.name, lines[0].waiting_minutes) == ("Ani", 7)
    assert [e.request.name for e in lines] == ["Ani", "Budi"]
    assert lines[0].place == place_title("advokasi", "adv_nawacita", "id") != "adv_nawacita"
    done, changed = service.resolve(ws, sid, first.id, "  Bu Sari ")
    assert changed and done.resolved_by == "Bu Sari" and not done.is_open
    assert not service.resolve(ws, sid, first.id, "Pak Joko")[1]
    assert [e.request.name for e in service.queue(ws, sid)] == ["Budi"]
    assert service.open_request(ws, "pani") is None


def test_cancel_closes_only_ones_own_request(make_workspace: Callable[..., Workspace]) -> None:
    """Cancel closes the participant's own open request, marked as cancelled; others stay."""
    ws = make_workspace()
    sid = _room(ws)
    mine, _new = service.request_help(ws, "pani", "advokasi", "adv_nawacita", sid)
    service.request_help(ws, "pbudi", "advokasi", None, sid)
    assert service.cancel_help(ws, "pani") and not service.cancel_help(ws, "pani")
    assert service.open_request(ws, "pbudi") is not None
    assert [e.request.participant_id for e in service.queue(ws, sid)] == ["pbudi"]
    with pytest.raises(service.RoomInputError):
        service.resolve(ws, sid, mine.id + 100, "Bu Sari")
    again, new = service.request_help(ws, "pani", "advokasi", None, sid)
    assert new and again.id != mine.id
    moved, new = service.request_help(ws, "pbudi", "advokasi", None, None)  # self-paced
    assert new and moved.session_id is None
    assert [e.request.participant_id for e in service.queue(ws, sid)] == ["pani"]
    back, new = service.request_help(ws, "pbudi", "advokasi", None, sid)
    assert new and service.open_request(ws, "pbudi") == back != moved


def test_bad_input_is_refused_naming_the_field_and_writes_nothing(
        make_workspace: Callable[..., Workspace]) -> None:
    """Unknown session, participant, activity, request of another session, empty resolver."""
    ws = make_workspace()
    sid = _room(ws)
    other, _w = session_service.create(ws, "advokasi", "2026-12-11", "Sragen")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("session_id", lambda: service.request_help(ws, "pani", "advokasi", None, "nope")),
        ("participant_id", lambda: service.request_help(ws, "nobody", "advokasi", None, sid)),
        ("activity_id", lambda: service.request_help(ws, "pani", "karaoke", None, sid)),
        ("session_id", lambda: service.queue(ws, "nope")),
    ]
    for field, call in cases:
        with pytest.raises(service.RoomInputError) as refused:
            call()
        assert refused.value.field == field
    request, _new = service.request_help(ws, "pani", "advokasi", None, sid)
    for field, call in [
            ("request_id", lambda: service.resolve(ws, other.id, request.id, "Bu Sari")),
            ("resolved_by", lambda: service.resolve(ws, sid, request.id, "   ")),
            ("resolved_by", lambda: service.resolve(ws, sid, request.id, CANCELLED_BY))]:
        with pytest.raises(service.RoomInputError) as refused:
            call()
        assert refused.value.field == field
    assert service.open_request(ws, "pani") == request
    assert service.open_request(ws, "pbudi") is None


def test_a_self_paced_page_finds_its_session_from_the_check_in(
        make_workspace: Callable[..., Workspace]) -> None:
    """Without a classroom: the open session of the activity one is checked in to, else none."""
    ws = make_workspace()
    sid = _room(ws)
    assert service.session_of(ws, "pani", "advokasi") == sid
    assert service.session_of(ws, "pani", "advokasi", known="kelas-1") == "kelas-1"
    assert service.session_of(ws, "pani", "bimtek") is None
    session_service.close(ws, sid)
    assert service.session_of(ws, "pani", "advokasi") is None


def test_waiting_minutes_and_place_titles() -> None:
    """Whole minutes, never negative, naive times as UTC; an unknown place keeps its id."""
    start = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    assert waiting_minutes(start, start + timedelta(seconds=119)) == 1
    assert waiting_minutes(start, start - timedelta(minutes=3)) == 0
    assert waiting_minutes(start.replace(tzinfo=None), start + timedelta(minutes=5)) == 5
    assert place_title("advokasi", "praktik_x", "id") == "praktik_x"
    assert place_title("advokasi", None, "id") == "-"
    assert place_title("bimtek", "bim_email", "en").startswith(("1.", "2.", "3.", "4.", "5."))
