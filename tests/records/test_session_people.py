"""The session's people: committee, support team, head of office and notes (SQLite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.records import session_service as service
from kit.records.sessions import CommitteeMember
from kit.workspace import Workspace, init_workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """An empty workspace."""
    return init_workspace(tmp_path / "ws")


def test_committee_support_head_and_notes_are_saved_and_shown(ws: Workspace) -> None:
    """Roles in the usual order, names cleaned; a list given again replaces the old one."""
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    saved, warnings = service.edit(
        ws, session.id, committee=["anggota=Dewi", "Ketua= Ibu  Rina ", "sekretaris=Budi"],
        support_team=["Eko", "Eko", "Fajar"], head_of_office="Drs. Hartono",
        notes="Ruangan panas.\nProyektor kedua dipinjam.", facilitator="Ani, Budi")
    assert warnings == []
    shown = service.detail(ws, session.id).session
    assert shown == saved
    assert shown.committee == (CommitteeMember("ketua", "Ibu Rina"),
                               CommitteeMember("sekretaris", "Budi"),
                               CommitteeMember("anggota", "Dewi"))
    assert shown.support_team == ("Eko", "Fajar")
    assert shown.head_of_office == "Drs. Hartono" and shown.facilitator == "Ani, Budi"
    assert shown.notes == "Ruangan panas.\nProyektor kedua dipinjam."
    again, _w = service.edit(ws, session.id, committee=[""], head_of_office="")
    assert again.committee == () and again.head_of_office is None
    assert again.support_team == ("Eko", "Fajar")


def test_a_bimtek_support_team_outside_two_to_three_is_a_warning(ws: Workspace) -> None:
    """One helper at a bimtek is saved with a 4.1.8 warning; two is fine; advokasi never warns."""
    bimtek, _w = service.create(ws, "bimtek", "2026-12-17", "Sragen")
    saved, warnings = service.edit(ws, bimtek.id, support_team=["Eko"])
    assert saved.support_team == ("Eko",)
    assert len(warnings) == 1 and "2" in warnings[0] and "3" in warnings[0]
    assert service.edit(ws, bimtek.id, support_team=["Eko", "Fajar"])[1] == []
    advokasi, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    assert service.edit(ws, advokasi.id, support_team=["Eko"])[1] == []


def test_size_and_room_warnings_follow_the_framework(ws: Workspace) -> None:
    """A target of 60 and a room for 20 each warn with the activity's 25–50 and 30–50."""
    session, warnings = service.create(ws, "komunitas", "2026-12-20", "Sragen",
                                       target_size=60, room_capacity=20)
    assert len(warnings) == 2
    assert "25" in warnings[0] and "50" in warnings[0] and "30" in warnings[1]
    assert service.edit(ws, session.id, target_size=40, room_capacity=45)[1] == []


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"committee": ["bupati=Pak Ali"]}, "committee"),
    ({"committee": ["ketua"]}, "committee"),
    ({"committee": ["ketua="]}, "committee"),
    ({"support_team": ["x" * 200]}, "support_team"),
    ({"notes": "n" * 5000}, "notes"),
])
def test_bad_people_name_their_field_and_change_nothing(
        ws: Workspace, kwargs: dict[str, object], field: str) -> None:
    """An unknown role, a member without a name, a long name or notes: refused, unchanged."""
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    service.edit(ws, session.id, committee=["ketua=Rina"])
    with pytest.raises(service.SessionInputError) as bad:
        service.edit(ws, session.id, venue="Balai Desa", **kwargs)  # type: ignore[arg-type]
    assert bad.value.field == field
    unchanged = service.detail(ws, session.id).session
    assert unchanged.venue is None and unchanged.committee == (CommitteeMember("ketua", "Rina"),)


def test_closing_records_when(ws: Workspace) -> None:
    """A closed session has its closing time; closing again keeps it."""
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    closed = service.close(ws, session.id)
    assert closed.status == "closed" and closed.closed_at is not None
    assert service.close(ws, session.id).closed_at == closed.closed_at
