"""Rosters as districts write them: official district names, ten-year bands, name case."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from kit.records.participants import Participant, add_participant
from kit.reports.home import home_summary
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace
from tests.roster.helpers import Run, participants, write_csv

Cli = Callable[..., Run]
ROOT = Path(__file__).resolve().parents[2]


def test_two_spellings_of_one_district_count_as_one(tmp_path: Path, ws: Workspace,
                                                     cli: Cli) -> None:
    """"Kab. Sragen" ×3 and "Kabupaten Sragen" ×2: one district with 5 on the home page."""
    rows = [f"Peserta {n},Kab. Sragen" for n in range(3)]
    rows += [f"Peserta {n},Kabupaten Sragen" for n in range(3, 5)]
    path = write_csv(tmp_path / "sragen.csv", ["Nama,Kabupaten/Kota", *rows])
    result = cli("roster", "import", str(path))
    assert result.status == 0, result.err
    assert home_summary(ws.root)["districts"] == {"Kabupaten Sragen": 5}
    with read_tx(ws.engine) as conn:
        codes = set(conn.execute(sa.select(schema.participant.c.district_code)).scalars())
    assert codes == {"33.14"}


def test_an_unknown_district_is_stored_as_given_with_a_warning(tmp_path: Path, ws: Workspace,
                                                               cli: Cli) -> None:
    """A district that is no official kabupaten/kota is imported as written, with a warning."""
    path = write_csv(tmp_path / "x.csv", ["Nama,Kabupaten/Kota", "Siti,Kampung Durian",
                                          "Budi,Bogor"])
    result = cli("roster", "import", str(path))
    assert result.status == 0, result.err
    assert (f"{path}:2:Kabupaten/Kota: 'Kampung Durian' tidak dikenal sebagai kabupaten/kota "
            "resmi; disimpan seperti tertulis") in result.out
    assert (f"{path}:3:Kabupaten/Kota: 'Bogor' bisa berarti Kabupaten Bogor atau Kota Bogor; "
            "disimpan seperti tertulis") in result.out
    assert {p.name: p.district for p in participants(ws)} == {
        "Siti": "Kampung Durian", "Budi": "Bogor"}


def test_names_typed_in_one_case_get_proper_case(tmp_path: Path, ws: Workspace,
                                                 cli: Cli) -> None:
    """An all-capitals or all-lower-case name gets proper case; a mixed-case name is kept."""
    path = write_csv(tmp_path / "n.csv", ["Nama,Kabupaten/Kota", "SITI RAHAYU BINTI SLAMET,Sragen",
                                          "ibu ratna dewi,ptk", "dewi LESTARI,Sragen"])
    assert cli("roster", "import", str(path)).status == 0
    assert {(p.name, p.district) for p in participants(ws)} == {
        ("Siti Rahayu binti Slamet", "Kabupaten Sragen"), ("Ibu Ratna Dewi", "Kota Pontianak"),
        ("dewi LESTARI", "Kabupaten Sragen")}


def test_ten_year_bands_on_other_boundaries_import_with_warnings_only(
        tmp_path: Path, ws: Workspace) -> None:
    """``python -m kit roster import``: 21-30, 31–40 th, 60+, unclear age or gender only warn.

    The band as written is stored too (``age_given``); ``age_group`` is its reporting band.
    """
    path = write_csv(tmp_path / "usia.csv", [
        "Nama,Kabupaten/Kota,Jenis Kelamin,Kelompok Usia",
        "Siti,Sragen,P,21-30", "Budi,Sragen,L,31 – 40 th", "Sri,Sragen,P,> 60",
        "Agus,Sragen,L,kurang dari 20", "Dewi,Sragen,P,tua", "Joko,Sragen,X,47",
        "Rina,Sragen,P,61 tahun ke atas",
    ])
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "kit", "--lang", "en", "roster", "import",
                           str(path), "--workspace", str(ws.root)], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "7 new participant" in done.stdout
    assert f"{path}:6:Kelompok Usia: age 'tua' is neither" in done.stdout
    assert "the cell is left empty" in done.stdout
    assert f"{path}:7:Jenis Kelamin: unknown gender 'X'" in done.stdout
    stored = {p.name: (p.gender, p.age_group) for p in participants(ws)}
    with read_tx(ws.engine) as conn:
        given = dict(conn.execute(sa.select(schema.participant.c.name,
                                            schema.participant.c.age_given)).all())
    assert given == {"Siti": "21-30", "Budi": "31 – 40 th", "Sri": "> 60",
                     "Agus": "kurang dari 20", "Dewi": None, "Joko": "47",
                     "Rina": "61 tahun ke atas"}
    assert stored == {
        "Siti": ("P", "21-30"), "Budi": ("L", "31-40"), "Sri": ("P", "60+"),
        "Agus": ("L", "<30"), "Dewi": ("P", None), "Joko": (None, "40-49"),
        "Rina": ("P", "60+"),
    }


def test_normalise_districts_fixes_an_existing_workspace(ws: Workspace, cli: Cli) -> None:
    """Stored "Kab. Sragen"/"SRAGEN" become Kabupaten Sragen; unknown and ambiguous are listed."""
    with write_tx(ws.engine) as conn:
        for n, district in enumerate(["Kab. Sragen", "Kab. Sragen", "SRAGEN",
                                      "Kabupaten Sragen", "Bogor", "Kampung Durian"]):
            add_participant(conn, Participant(id=f"p{n:08d}", name=f"Orang {n}",
                                              district=district))
    dry = cli("roster", "normalise-districts", "--dry-run", "--lang", "en")
    assert dry.status == 0, dry.err
    assert "'Kab. Sragen' → Kabupaten Sragen (33.14): 2 participant(s)" in dry.out
    assert "'Bogor': not changed, could mean Kabupaten Bogor or Kota Bogor (1 participant(s))" \
        in dry.out
    assert "'Kampung Durian': not changed, not an official kabupaten/kota (1 participant(s))" \
        in dry.out
    assert "nothing was written" in dry.out
    assert home_summary(ws.root)["districts"]["Kab. Sragen"] == 2
    done = cli("roster", "normalise-districts")
    assert done.status == 0, done.err
    assert "'SRAGEN' → Kabupaten Sragen (33.14)" in done.out
    assert home_summary(ws.root)["districts"] == {
        "Kabupaten Sragen": 4, "Bogor": 1, "Kampung Durian": 1}
    again = cli("roster", "normalise-districts", "--lang", "en")
    assert "Kabupaten Sragen" not in again.out
