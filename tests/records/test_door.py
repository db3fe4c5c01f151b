"""Check-in at the door on a real SQLite workspace: search, walk-ins, counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.records import session_service as service
from kit.records.checkin import phone_digits
from kit.records.participants import Participant, add_participant
from kit.roster.service import participant_table
from kit.roster.walk_in import register_walk_in
from kit.workspace import Workspace, init_workspace, writing


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A workspace with Ani Lestari (phone 0812-3456-7890) and Budi Santoso (no phone)."""
    made = init_workspace(tmp_path / "ws")
    with writing(made) as conn:
        add_participant(conn, Participant(id="pani", name="Ani Lestari", phone="+6281234567890",
                                          district="Kabupaten Sragen",
                                          business_name="Keripik Ani"))
        add_participant(conn, Participant(id="pbudi", name="Budi Santoso",
                                          district="Kabupaten Sragen"))
    return made


@pytest.mark.parametrize(("typed", "digits"), [
    ("0812 3456", "8123456"), ("+62 812-3456-7890", "81234567890"), ("6281234", "81234"),
    ("7890", "7890"), ("Ani", None), ("08", None),
])
def test_a_typed_phone_becomes_its_national_digits(typed: str, digits: str | None) -> None:
    """0812…, +62 812… and the last digits all search the national part of the number."""
    assert phone_digits(typed) == digits


def test_search_by_name_words_or_phone_as_typed(ws: Workspace) -> None:
    """Name words (any case, any order), business words and phone forms find the person."""
    advokasi, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    for query in ("ani", "LESTARI ani", "keripik", "0812 3456", "+62 812-3456-7890", "7890"):
        found = service.find_people(ws, advokasi.id, query)
        assert [c.participant_id for c in found] == ["pani"], query
    assert service.find_people(ws, advokasi.id, "santoso")[0].phone is None
    assert service.find_people(ws, advokasi.id, "0899") == []
    assert service.find_people(ws, advokasi.id, "   ") == []
    service.checkin(ws, advokasi.id, "pani")
    assert service.find_people(ws, advokasi.id, "ani")[0].present


def test_counts_follow_checkins_against_the_target_or_the_invited(ws: Workspace) -> None:
    """Present/expected: expected is the target when set, else the eligible plus the present."""
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    assert service.door_counts(ws, session.id) == service.DoorCounts(0, 2, 0)
    service.checkin(ws, session.id, "pbudi")
    assert service.door_counts(ws, session.id) == service.DoorCounts(1, 2, 0)
    service.edit(ws, session.id, target_size=40)
    assert service.door_counts(ws, session.id) == service.DoorCounts(1, 40, 0)


def test_a_walk_in_is_registered_and_checked_in_once(ws: Workspace) -> None:
    """A new walk-in is added and present; the same phone again finds them, not a second record."""
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    done = register_walk_in(ws, session.id, name="siti aminah", district="kab sragen",
                            phone="0813 1111 2222", gender="perempuan",
                            participant_type="LSM/praktisi")
    assert done.new_participant and done.checkin.new
    again = register_walk_in(ws, session.id, name="Siti Aminah", district="Sragen",
                             phone="+62 813-1111-2222")
    assert not again.new_participant and not again.checkin.new
    siti = [p for p in participant_table(ws) if p["name"] == "Siti Aminah"]
    assert len(siti) == 1 and siti[0]["phone"] == "+6281311112222"
    assert siti[0]["district"] == "Kabupaten Sragen" and siti[0]["gender"] == "P"
    assert service.attendance_by_type(ws, session.id) == {
        "umkm": 0, "ngo": 1, "government": 0, "community_board": 0}
    on_roster = register_walk_in(ws, session.id, name="Ani", district="Sragen",
                                 phone="081234567890")
    assert not on_roster.new_participant and on_roster.checkin.participant_id == "pani"


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": "Dewi", "district": "Sragen", "phone": "12345"}, "phone"),
    ({"name": "", "district": "Sragen"}, "name"),
    ({"name": "Dewi", "district": ""}, "district"),
    ({"name": "Dewi", "district": "Sragen", "participant_type": "wartawan"}, "participant_type"),
])
def test_a_bad_walk_in_names_its_field_and_writes_nothing(
        ws: Workspace, fields: dict[str, str], field: str) -> None:
    """An invalid phone, a missing name or district, an unknown type: refused, nobody added."""
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    before = participant_table(ws)
    with pytest.raises(service.SessionInputError) as bad:
        register_walk_in(ws, session.id, **fields)
    assert bad.value.field == field and bad.value.message
    assert participant_table(ws) == before
    assert service.detail(ws, session.id).present == ()


def test_a_bimtek_walk_in_needs_a_reason_and_is_not_added_without_one(ws: Workspace) -> None:
    """A newcomer at a bimtek is refused (naming advokasi) and not stored, unless admitted."""
    bimtek, _w = service.create(ws, "bimtek", "2026-12-17", "Sragen")
    before = participant_table(ws)
    with pytest.raises(service.SessionInputError) as refused:
        register_walk_in(ws, bimtek.id, name="Eko Prasetyo", district="Sragen")
    assert "advokasi" in refused.value.message
    assert participant_table(ws) == before
    done = register_walk_in(ws, bimtek.id, name="Eko Prasetyo", district="Sragen",
                            admit_reason="sudah berjualan di marketplace")
    assert done.checkin.admitted
    assert service.door_counts(ws, bimtek.id).admitted == 1
