"""Participant types (3.1.3): read from rosters, counted at sessions, left out of stage figures."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from kit.records import participant_types, session_service
from kit.records.participants import Participant, add_participant
from kit.reports.home import home_summary
from kit.reports.stages import stage_report
from kit.roster.service import import_into, participant_table
from kit.roster.validate import validate_roster
from kit.storage import schema
from kit.workspace import Workspace, init_workspace, writing


@pytest.mark.parametrize(("typed", "stored"), [
    ("UMKM", None), ("", None), ("LSM/praktisi", "ngo"), ("lsm / praktisi", "ngo"),
    ("Pemerintah", "government"), ("pengurus komunitas", "community_board"),
    ("community_board", "community_board"), ("NGO", "ngo"),
])
def test_typed_types_are_stored_as_ids_and_umkm_as_null(typed: str, stored: str | None) -> None:
    """The guide's words and the ids are accepted; UMKM (the default) is stored as NULL."""
    assert participant_types.storage_form(typed) == stored


ROSTER = ("Nama,Kabupaten/Kota,No HP,Jenis Peserta\n"
          "Ani Lestari,Kabupaten Sragen,081234567890,UMKM\n"
          "Budi Santoso,Kabupaten Sragen,081234567891,pemerintah\n"
          "Citra Dewi,Kabupaten Sragen,081234567892,LSM/praktisi\n"
          "Dedi Kurnia,Kabupaten Sragen,081234567893,\n")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A workspace with four participants imported from a roster with a jenis_peserta column."""
    made = init_workspace(tmp_path / "ws")
    roster = tmp_path / "peserta.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    checked = validate_roster(roster)
    assert checked.ok, checked.problems
    import_into(made, checked)
    return made


def test_the_roster_column_is_imported(ws: Workspace) -> None:
    """Jenis Peserta fills participant_type; UMKM and an empty cell stay NULL (UMKM)."""
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    ids = {p["name"]: p["id"] for p in participant_table(ws)}
    for pid in ids.values():
        session_service.checkin(ws, session.id, pid)
    assert session_service.attendance_by_type(ws, session.id) == {
        "umkm": 2, "ngo": 1, "government": 1, "community_board": 0}


def test_a_bad_type_is_one_problem_naming_file_row_and_column(tmp_path: Path) -> None:
    """An unknown jenis peserta refuses the roster with file:row:column: message."""
    roster = tmp_path / "salah.csv"
    roster.write_text("Nama,Kabupaten,Jenis Peserta\nAni,Kabupaten Sragen,wartawan\n",
                      encoding="utf-8")
    checked = validate_roster(roster)
    assert not checked.ok
    [problem] = checked.problems
    assert (problem.line, problem.field) == (2, "Jenis Peserta")
    assert "wartawan" in problem.message and str(problem).startswith(str(roster))


def test_only_umkm_owners_are_in_stage_figures(tmp_path: Path) -> None:
    """The stage report and the home page stage only the two UMKM owners of the four."""
    ws = init_workspace(tmp_path / "ws")
    with writing(ws) as conn:
        for pid, name, kind in (("p1", "Ani Lestari", None), ("p2", "Budi Santoso", "government"),
                                ("p3", "Citra Dewi", "ngo"), ("p4", "Dedi Kurnia", "umkm")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
            conn.execute(sa.update(schema.participant).where(schema.participant.c.id == pid)
                         .values(participant_type=kind))
    report = stage_report(ws)
    assert sorted(p.name for p in report.participants) == ["Ani Lestari", "Dedi Kurnia"]
    assert sum(c.count for c in report.counts) == 2
    summary = home_summary(ws.root)
    assert summary["participants"] == 4
    assert sum(summary["stage_counts"].values()) == 2
