from __future__ import annotations

import pytest

from kit.checklist.state import (
    ChecklistError,
    ChecklistState,
    clean_facilitator,
    clean_note,
    default_session_id,
    session_from_query,
)
from kit.framework import framework
from kit.workspace import Workspace

from .conftest import score_rows


def test_query_string_gives_the_session() -> None:
    """``?session=ID`` (with or without other parameters) is read; absent or empty gives None."""
    assert session_from_query("session=abc") == "abc"
    assert session_from_query("?x=1&session=s-2&y=2") == "s-2"
    assert session_from_query("session=") is None
    assert session_from_query("") is None
    assert session_from_query(None) is None


def test_default_session_is_the_newest_open_one(demo_ws: Workspace) -> None:
    """In the demo the newest open session is Pontianak's community session."""
    assert default_session_id(demo_ws) == "pontianak-komunitas-2026"


def test_state_lists_attendees_and_all_items(big_ws: tuple[Workspace, str, list[str]]) -> None:
    """Rows are the session's attendees in check-in order; items are the activity's 21 items."""
    ws, session_id, ids = big_ws
    state = ChecklistState(ws, session_id)
    assert [r.participant_id for r in state.rows] == ids
    assert [i.id for i in state.items] == [i.id for i in framework().activity("komunitas").items]
    assert len(state.items) == 21
    assert state.counts() == {i.id: 0 for i in state.items}
    assert state.facilitator == "Bu Contoh (Dinas Koperasi dan UKM)"


def test_set_level_writes_then_updates_counts(big_ws: tuple[Workspace, str, list[str]]) -> None:
    """A level goes to the score log with session and facilitator, then counts as achieved."""
    ws, session_id, ids = big_ws
    state = ChecklistState(ws, session_id)
    state.set_facilitator("  Pak   Budi ")
    state.set_level(ids[0], "kom_peran", 1)
    state.set_level(ids[1], "kom_peran", 0)
    rows = score_rows(ws)
    assert [(r["participant_id"], r["item_id"], r["level"]) for r in rows] == [
        (ids[0], "kom_peran", 1), (ids[1], "kom_peran", 0)]
    assert {r["recorded_by"] for r in rows} == {"Pak Budi"}
    assert {r["session_id"] for r in rows} == {session_id}
    assert {r["source"] for r in rows} == {"observation"}
    assert state.achieved_count("kom_peran") == 1
    assert ChecklistState(ws, session_id).facilitator == "Pak Budi"


def test_note_keeps_level_and_level_keeps_note(big_ws: tuple[Workspace, str, list[str]]) -> None:
    """A note is saved with the cell's level, and a later level change carries the note along."""
    ws, session_id, ids = big_ws
    state = ChecklistState(ws, session_id)
    with pytest.raises(ChecklistError):
        state.set_note(ids[0], "kom_peran", "belum ada level")
    assert score_rows(ws) == []
    state.set_level(ids[0], "kom_peran", 1)
    state.set_note(ids[0], "kom_peran", "  perlu latihan  ")
    state.set_level(ids[0], "kom_peran", 2)
    reloaded = ChecklistState(ws, session_id).cell(ids[0], "kom_peran")
    assert (reloaded.level, reloaded.note) == (2, "perlu latihan")
    assert len(score_rows(ws)) == 3


def test_not_yet_filter(big_ws: tuple[Workspace, str, list[str]]) -> None:
    """"Belum" rows are those with an item at level 0 or not recorded at all."""
    ws, session_id, ids = big_ws
    state = ChecklistState(ws, session_id)
    state.set_level(ids[0], "kom_peran", 2)
    state.set_level(ids[1], "kom_peran", 0)
    state.set_level(ids[2], "kom_tugas", 1)
    not_yet = [r.participant_id for r in state.rows_not_yet(["kom_peran"])]
    assert ids[0] not in not_yet and ids[1] in not_yet and ids[2] in not_yet
    assert len(not_yet) == 49
    both = [r.participant_id for r in state.rows_not_yet(["kom_peran", "kom_tugas"])]
    assert len(both) == 50


def test_refuses_bad_cells_and_writes_nothing(big_ws: tuple[Workspace, str, list[str]]) -> None:
    """Unknown participant, an item of another activity, level 3 or no facilitator: no write."""
    ws, session_id, ids = big_ws
    state = ChecklistState(ws, session_id)
    with pytest.raises(ChecklistError):
        state.set_level("nobody", "kom_peran", 1)
    with pytest.raises(ChecklistError):
        state.set_level(ids[0], "adv_nawacita", 1)
    with pytest.raises(ChecklistError):
        state.set_level(ids[0], "kom_peran", 3)
    state.facilitator = ""
    with pytest.raises(ChecklistError):
        state.set_level(ids[0], "kom_peran", 1)
    assert score_rows(ws) == []
    assert state.cell(ids[0], "kom_peran").level is None


def test_validation_of_names_and_notes() -> None:
    """Facilitator names are squeezed and required; notes are stripped and limited in length."""
    assert clean_facilitator(" Bu  Retno ") == "Bu Retno"
    with pytest.raises(ChecklistError):
        clean_facilitator("   ")
    with pytest.raises(ChecklistError):
        clean_facilitator("x" * 201)
    assert clean_note("  ") is None
    assert clean_note(" ok ") == "ok"
    with pytest.raises(ChecklistError):
        clean_note("x" * 2001)


def test_unknown_session_is_refused(demo_ws: Workspace) -> None:
    """Opening a session id that does not exist raises a translated ChecklistError."""
    with pytest.raises(ChecklistError, match="tidak dikenal"):
        ChecklistState(demo_ws, "no-such-session")
