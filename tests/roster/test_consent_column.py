"""The roster's optional consent column: recorded once per change, an unclear value only warns."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from kit.records import consent_service
from kit.workspace import Workspace
from tests.roster.helpers import Run, participants, write_csv

Cli = Callable[..., Run]


def _answers(ws: Workspace) -> dict[str, str]:
    """Name → current consent answer (yes / no / unasked)."""
    return {s.name: s.answer for s in consent_service.states(ws)}


def _events(ws: Workspace, name: str) -> list[tuple[bool, str, str]]:
    """Everyone's consent events as (given, context, recorded_by), for one name."""
    pid = next(p.id for p in participants(ws) if p.name == name)
    return [(e.given, e.context, e.recorded_by) for e in consent_service.history(ws, pid)]


def test_consent_column_values_and_an_unclear_one(tmp_path: Path, ws: Workspace,
                                                  cli: Cli) -> None:
    """ya/✓/tidak/blank are read; 'mungkin' is a warning naming file:row:column, not a refusal."""
    path = write_csv(tmp_path / "peserta.csv", [
        "Nama,Kabupaten/Kota,Persetujuan",
        "Ani Lestari,Kabupaten Sragen,ya",
        "Budi Santoso,Kabupaten Sragen,✓",
        "Citra Dewi,Kabupaten Sragen,tidak",
        "Dodi Saputra,Kabupaten Sragen,",
        "Eka Putri,Kabupaten Sragen,mungkin",
    ])
    result = cli("roster", "import", str(path), "--by", "Bu Rina")
    assert result.status == 0, result.err
    assert f"{path}:6:Persetujuan: 'mungkin'" in result.out
    assert len(participants(ws)) == 5
    assert _answers(ws) == {"Ani Lestari": "yes", "Budi Santoso": "yes", "Citra Dewi": "no",
                            "Dodi Saputra": "unasked", "Eka Putri": "unasked"}
    assert _events(ws, "Ani Lestari") == [(True, "roster", "Bu Rina")]


def test_reimport_writes_only_changes_and_never_undoes_a_withdrawal(
        tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """The same value writes nothing, a changed one one event; a withdrawal is never overturned."""
    first = write_csv(tmp_path / "a.csv", ["Nama,Kabupaten,Consent",
                                           "Ani Lestari,Kabupaten Sragen,yes",
                                           "Budi Santoso,Kabupaten Sragen,yes",
                                           "Citra Dewi,Kabupaten Sragen,yes"])
    assert cli("roster", "import", str(first)).status == 0
    assert _events(ws, "Ani Lestari") == [(True, "roster", "impor roster")]
    citra = next(p.id for p in participants(ws) if p.name == "Citra Dewi")
    consent_service.withdraw(ws, [citra], by="Pak Joko")
    again = write_csv(tmp_path / "b.csv", ["Nama,Kabupaten,Setuju data",
                                           "Ani Lestari,Kabupaten Sragen,Ya",
                                           "Budi Santoso,Kabupaten Sragen,n",
                                           "Citra Dewi,Kabupaten Sragen,ya"])
    result = cli("roster", "import", str(again), "--by", "Bu Rina")
    assert result.status == 0, result.err
    assert len(_events(ws, "Ani Lestari")) == 1
    assert _events(ws, "Budi Santoso")[-1] == (False, "roster", "Bu Rina")
    assert _events(ws, "Citra Dewi")[-1] == (False, "withdrawal", "Pak Joko")
    assert f"{again}:4:Setuju data:" in result.out and "consent give" in result.out


def test_roster_list_and_export_show_consent(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """``roster list`` and the CSV export carry a consent column: ya / tidak / belum ditanya."""
    path = write_csv(tmp_path / "p.csv", ["Nama,Kabupaten,Persetujuan",
                                          "Ani Lestari,Kabupaten Sragen,1",
                                          "Budi Santoso,Kabupaten Sragen,0",
                                          "Citra Dewi,Kabupaten Sragen,"])
    assert cli("roster", "import", str(path)).status == 0
    listed = cli("roster", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(listed.out)))
    assert {r["Nama"]: r["Persetujuan"] for r in rows} == {
        "Ani Lestari": "ya", "Budi Santoso": "tidak", "Citra Dewi": "belum ditanya"}
    out = tmp_path / "keluar.csv"
    assert cli("roster", "export", "--out", str(out)).status == 0
    # The export reads back in: 'belum ditanya' is a blank, nothing new is recorded.
    reread = cli("roster", "import", str(out))
    assert reread.status == 0 and "Persetujuan" not in reread.out, reread.out
    assert _answers(ws) == {"Ani Lestari": "yes", "Budi Santoso": "no",
                            "Citra Dewi": "unasked"}
