from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from kit.checklist.sample import add_sample_session
from kit.cli import main
from kit.reports.table import COLUMNS
from kit.storage import schema
from kit.storage.db import read_tx
from kit.workspace import Workspace, init_workspace


@pytest.fixture
def ws(tmp_path: Path) -> tuple[Workspace, list[str]]:
    """A workspace with a komunitas session of three participants."""
    workspace = init_workspace(tmp_path / "ws")
    _sid, ids = add_sample_session(workspace, participants=3)
    return workspace, ids


def _count(workspace: Workspace) -> int:
    with read_tx(workspace.engine) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(schema.score)).scalar_one())


def _set(workspace: Workspace, *args: str) -> int:
    return main(["scores", "set", "--workspace", str(workspace.root), *args])


def test_set_records_an_observation(ws: tuple[Workspace, list[str]],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """``scores set`` stores level, note, facilitator and session as an observation."""
    workspace, ids = ws
    status = _set(workspace, "--participant", ids[0], "--item", "kom_peran", "--level", "2",
                  "--note", "aktif bertanya", "--by", "Bu Retno", "--session", "contoh-komunitas")
    assert status == 0
    assert "Tersimpan" in capsys.readouterr().out
    with read_tx(workspace.engine) as conn:
        row = conn.execute(sa.select(schema.score)).mappings().one()
    assert (row["participant_id"], row["item_id"], row["level"], row["note"], row["recorded_by"],
            row["session_id"], row["source"]) == (
        ids[0], "kom_peran", 2, "aktif bertanya", "Bu Retno", "contoh-komunitas", "observation")


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    (["--item", "no_such_item", "--level", "1"], "Id butir 'no_such_item' tidak dikenal",
     "Unknown item id 'no_such_item'"),
    (["--item", "kom_peran", "--level", "3"], "Level harus 0, 1 atau 2, bukan '3'",
     "The level must be 0, 1 or 2, not '3'"),
    (["--item", "kom_peran", "--level", "dua"], "Level harus 0, 1 atau 2",
     "The level must be 0, 1 or 2"),
    (["--item", "kom_peran", "--level", "1", "--session", "nope"], "Sesi 'nope' tidak ada",
     "Unknown session 'nope'"),
    (["--item", "adv_nawacita", "--level", "1", "--session", "contoh-komunitas"],
     "termasuk kegiatan 'advokasi'", "belongs to activity 'advokasi'"),
])
def test_set_refuses_bad_input(ws: tuple[Workspace, list[str]],
                               capsys: pytest.CaptureFixture[str], args: list[str],
                               indonesian: str, english: str) -> None:
    """Bad item, level or session: a message in Indonesian then English, exit 2, no write."""
    workspace, ids = ws
    assert _set(workspace, "--participant", ids[0], *args) == 2
    err = capsys.readouterr().err
    assert indonesian in err and english in err
    assert err.index(indonesian) < err.index(english)
    assert _count(workspace) == 0


def test_set_refuses_unknown_participant(ws: tuple[Workspace, list[str]],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown participant id is refused with exit 2 and a bilingual message."""
    workspace, _ids = ws
    assert _set(workspace, "--participant", "p_nobody", "--item", "kom_peran",
                "--level", "1") == 2
    err = capsys.readouterr().err
    assert "Peserta 'p_nobody' tidak ada" in err and "Unknown participant 'p_nobody'" in err
    assert _count(workspace) == 0


def test_set_refuses_a_missing_workspace(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A folder that is not a workspace gives exit 2 and a bilingual explanation."""
    status = main(["scores", "set", "--workspace", str(tmp_path / "none"), "--participant", "p",
                   "--item", "kom_peran", "--level", "1"])
    assert status == 2
    err = capsys.readouterr().err
    assert "bukan ruang kerja" in err and "is not a workspace" in err


def _fill(workspace: Workspace, ids: list[str]) -> None:
    """Record three observations, one with formula-like text, and change one level later."""
    assert _set(workspace, "--participant", ids[0], "--item", "kom_peran", "--level", "1",
                "--by", "=HYPERLINK(\"http://x\")", "--note", "@SUM(A1)",
                "--session", "contoh-komunitas") == 0
    assert _set(workspace, "--participant", ids[1], "--item", "kom_peran", "--level", "0",
                "--by", "Bu Retno") == 0
    assert _set(workspace, "--participant", ids[0], "--item", "kom_tugas", "--level", "2",
                "--by", "+Pak Budi") == 0
    assert _set(workspace, "--participant", ids[1], "--item", "kom_peran", "--level", "2",
                "--by", "Bu Retno") == 0


def test_export_csv_to_stdout(ws: tuple[Workspace, list[str]],
                              capsys: pytest.CaptureFixture[str]) -> None:
    """Without --out the tidy CSV goes to stdout: newest level per cell, formulas neutralised."""
    workspace, ids = ws
    _fill(workspace, ids)
    capsys.readouterr()
    assert main(["scores", "export", "--workspace", str(workspace.root)]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 3
    cells = {(r.participant_id, r.item_id): r for r in frame.itertuples()}
    assert cells[(ids[1], "kom_peran")].level == "2"
    assert cells[(ids[1], "kom_peran")].achieved == "True"
    first = cells[(ids[0], "kom_peran")]
    assert first.facilitator == "'=HYPERLINK(\"http://x\")"
    assert first.note == "'@SUM(A1)"
    assert cells[(ids[0], "kom_tugas")].facilitator == "'+Pak Budi"
    assert (first.district, first.session_id, first.activity_id, first.materi_id,
            first.source) == ("Kabupaten Contoh", "contoh-komunitas", "komunitas",
                              "kom_pembekalan", "observation")
    assert first.recorded_at.endswith("+00:00")


def test_export_xlsx_and_parquet(ws: tuple[Workspace, list[str]], tmp_path: Path) -> None:
    """XLSX (text as stored, formulas quote-prefixed) and Parquet (exact values) read back."""
    workspace, ids = ws
    _fill(workspace, ids)
    xlsx, parquet = tmp_path / "out" / "skor.xlsx", tmp_path / "skor.parquet"
    assert main(["scores", "export", "--format", "xlsx", "--out", str(xlsx),
                 "--workspace", str(workspace.root)]) == 0
    assert main(["scores", "export", "--format", "parquet", "--out", str(parquet),
                 "--workspace", str(workspace.root)]) == 0
    from_xlsx = pd.read_excel(xlsx, dtype={"level": int})
    from_parquet = pd.read_parquet(parquet)
    for frame in (from_xlsx, from_parquet):
        assert list(frame.columns) == list(COLUMNS)
        assert sorted(frame["level"].tolist()) == [1, 2, 2]
    assert from_xlsx.loc[from_xlsx["item_id"] == "kom_tugas", "facilitator"].item() == "+Pak Budi"
    raw = from_parquet.set_index(["participant_id", "item_id"])
    assert raw.loc[(ids[0], "kom_peran"), "facilitator"] == "=HYPERLINK(\"http://x\")"
    assert str(from_parquet["recorded_at"].dtype).endswith("UTC]")
    assert from_parquet["achieved"].dtype == bool
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    prefixed = set()
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.quotePrefix, cell.value
                prefixed.add(cell.value)
            else:
                assert not cell.quotePrefix, cell.value
    assert prefixed == {"=HYPERLINK(\"http://x\")", "@SUM(A1)", "+Pak Budi"}
    assert isinstance(sheet["G2"].value, int) and sheet["J1"].value == "recorded_at"


def test_binary_export_needs_out(ws: tuple[Workspace, list[str]],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """XLSX or Parquet without --out is refused (exit 2) instead of writing binary to a tty."""
    workspace, _ids = ws
    assert main(["scores", "export", "--format", "xlsx",
                 "--workspace", str(workspace.root)]) == 2
    err = capsys.readouterr().err
    assert "memerlukan --out" in err and "needs --out" in err
