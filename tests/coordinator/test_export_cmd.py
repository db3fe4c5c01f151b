"""``python -m kit export --for-coordinator`` and ``--new-key`` on a real SQLite workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main
from kit.coordinator.package import read_package
from kit.coordinator.pseudonym import KEY_FILE_NAME, new_key_file
from kit.records.consent import record_consent
from kit.records.participants import Participant, add_participant
from kit.records.sessions import check_in, create_session
from kit.workspace import Workspace, init_workspace, writing


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A workspace in Sragen: Ani (consented) and Budi (never asked) at an advokasi session."""
    made = init_workspace(tmp_path / "ws")
    with writing(made) as conn:
        for pid, name, phone in (("pani", "Ani Lestari", "0812-3456-7821"),
                                 ("pbudi", "Budi Santoso", "0812-3456-7831")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen",
                                              phone=phone))
        session = create_session(conn, "advokasi", "Advokasi Sragen", "2026-11-10",
                                 district="Kabupaten Sragen", facilitator="Bu Retno")
        for pid in ("pani", "pbudi"):
            check_in(conn, session.id, pid)
        record_consent(conn, "pani", given=True, recorded_by="Bu Retno", context="roster")
    return made


def run(ws: Workspace, *args: str) -> int:
    """Run the CLI in this process on ``ws``."""
    return main(["export", *args, "--workspace", str(ws.root)])


def one_line(err: str) -> str:
    """The one line a bad input printed (fails the test on a traceback or several lines)."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_export_writes_the_package_and_says_what_it_left_out(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """With the key in the workspace: the default path, the row counts, one person left out."""
    new_key_file(ws.root / KEY_FILE_NAME)
    assert run(ws, "--for-coordinator", "--lang", "en") == 0
    out = capsys.readouterr().out
    written = sorted((ws.root / "exports").glob("33.14_*.umkmpkg"))
    assert len(written) == 1 and str(written[0]) in out
    assert "participants: 1" in out and "participant_counts: 2" in out
    assert "1 participant" in out and "consent" in out
    package = read_package(written[0])
    assert package.tables["participants"].num_rows == 1
    assert package.manifest.province_code == "33"
    target = ws.root / "out.umkmpkg"
    assert run(ws, "--for-coordinator", "--out", str(target), "--since", "2026-11-01",
               "--until", "2026-11-30", "--include-notes", "--format", "json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["path"] == str(target) and shown["left_out"] == 1
    assert shown["rows"]["sessions"] == 1 and shown["notes_included"] is True
    assert read_package(target).manifest.period_to.isoformat() == "2026-11-30"


def test_new_key_makes_one_and_never_overwrites(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--new-key writes a key file and prints its id; a second time it refuses, exit 2."""
    path = tmp_path / "jateng.key"
    assert main(["export", "--new-key", str(path), "--lang", "en"]) == 0
    before = path.read_bytes()
    assert len(before.strip()) == 64 and str(path) in capsys.readouterr().out
    assert main(["export", "--new-key", str(path), "--lang", "en"]) == 2
    assert str(path) in one_line(capsys.readouterr().err) and path.read_bytes() == before


def test_bad_input_is_one_line_and_exit_2(ws: Workspace, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """No key, an unreadable key, a bad date, a period backwards: one line each, exit 2."""
    assert run(ws, "--for-coordinator", "--lang", "en") == 2
    line = one_line(capsys.readouterr().err)
    assert KEY_FILE_NAME in line and "--new-key" in line and "province" in line
    junk = tmp_path / "junk.key"
    junk.write_text("not a key")
    assert run(ws, "--for-coordinator", "--key", str(junk), "--lang", "en") == 2
    assert str(junk) in one_line(capsys.readouterr().err)
    new_key_file(ws.root / KEY_FILE_NAME)
    assert run(ws, "--for-coordinator", "--since", "2026-13-01", "--lang", "en") == 2
    line = one_line(capsys.readouterr().err)
    assert "--since" in line and "2026-13-01" in line
    assert run(ws, "--for-coordinator", "--since", "2026-12-01", "--until", "2026-11-01") == 2
    assert "--until" in one_line(capsys.readouterr().err)
    assert not (ws.root / "exports").exists()
