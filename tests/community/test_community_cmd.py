"""``python -m kit community …`` from the command line, in Bahasa Indonesia and in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

import kit.cli
from kit.cli import main
from kit.community.tables import board, community, member, nomination
from kit.workspace import Workspace, init_workspace

from .conftest import populate


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the command as the lead's line in kit/cli/__init__.py will."""
    monkeypatch.setitem(kit.cli.COMMANDS, "community", "kit.cli.community_cmd")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A SQLite workspace with the community tests' roster and bimtek attendance."""
    return populate(init_workspace(tmp_path / "ws"))


def _run(ws: Workspace, *argv: str, lang: str = "id") -> int:
    return main(["--lang", lang, "community", *argv, "--workspace", str(ws.root)])


def _counts(ws: Workspace) -> tuple[int, ...]:
    with ws.engine.connect() as conn:
        return tuple(int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                     for t in (community, member, nomination, board))


def _create(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> str:
    assert _run(ws, "create", "--name", "Komunitas e-UMKM Sragen", "--district", "sragen",
                "--place", "Aula Dinas", "--date", "2026-12-04") == 0
    capsys.readouterr()
    assert _run(ws, "list", "--format", "json") == 0
    [made] = json.loads(capsys.readouterr().out)
    return str(made["id"])


def test_a_whole_formation_from_the_command_line(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """Create, admit, nominate, accept, agree: show (text and JSON) gives the whole record."""
    cid = _create(ws, capsys)
    for person in ("pani", "Budi Santoso", "pcitra"):
        assert _run(ws, "member", "add", cid, person) == 0
    assert _run(ws, "member", "add", cid, "peka", "--reason", "pengurus paguyuban batik") == 0
    assert "Eka Putri" in capsys.readouterr().out
    assert _run(ws, "nominate", cid, "--role", "ketua", "--nominee", "pbudi", "--by", "pani",
                "--programme", "Memperluas pasar daring") == 0
    assert _run(ws, "accept", cid, "1") == 0
    assert _run(ws, "consensus", cid, "--role", "ketua", "--person", "pbudi",
                "--agreed-by", "pani, pcitra,peka") == 0
    capsys.readouterr()
    assert _run(ws, "show", cid) == 0
    text = capsys.readouterr().out
    assert "Kabupaten Sragen (33.14)" in text and "Anggota (4):" in text
    assert "ketua: Budi Santoso (musyawarah mufakat" in text
    assert "diterima oleh fasilitator: pengurus paguyuban batik" in text
    assert _run(ws, "show", cid, "--format", "json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["id"] == cid
    assert [m["id"] for m in shown["members"]] == ["pani", "pbudi", "pcitra", "peka"]
    assert [n["id"] for n in shown["nominations"]] == [1]
    assert shown["board"][0] | {"seated_at": None} == {
        "id": "ketua", "role": "ketua", "role_label": "ketua", "participant_id": "pbudi",
        "name": "Budi Santoso", "method": "musyawarah", "election_id": None,
        "agreed_by": ["pani", "pcitra", "peka"], "seated_at": None}
    assert _run(ws, "show", cid, lang="en") == 0
    english = capsys.readouterr().out
    assert "Members (4):" in english and "chair: Budi Santoso (musyawarah mufakat" in english


@pytest.mark.parametrize(("argv", "option", "indonesian", "english"), [
    (("member", "add", "{cid}", "peka"), "--reason", "belum mengikuti bimtek",
     "has not completed bimtek"),
    (("member", "add", "{cid}", "pzzz"), "PARTICIPANT", "tidak ada (lihat", "no participant"),
    (("member", "add", "{cid}", "Sri Wahyuni"), "PARTICIPANT", "psri2", "psri2"),
    (("nominate", "{cid}", "--role", "presiden", "--nominee", "pani", "--by", "pani",
      "--programme", "x"), "--role", "bukan jabatan pengurus", "is not a board role"),
    (("nominate", "{cid}", "--role", "bendahara", "--nominee", "pani", "--by", "pani",
      "--programme", "x"), "--nominee", "sudah menjabat", "already holds the role"),
    (("nominate", "{cid}", "--role", "bendahara", "--nominee", "pbudi", "--by", "peka",
      "--programme", "x"), "--by", "bukan anggota", "is not a member"),
    (("consensus", "{cid}", "--role", "sekretaris", "--person", "pani", "--agreed-by", "pbudi"),
     "--person", "satu orang hanya memegang satu jabatan", "one person holds one role"),
    (("consensus", "{cid}", "--role", "sekretaris", "--person", "pbudi", "--agreed-by", " , "),
     "--agreed-by", "sedikitnya satu anggota", "at least one member"),
    (("accept", "{cid}", "satu"), "NOMINATION", "bukan nomor pencalonan",
     "is not a nomination number"),
    (("show", "km0000"), "ID", "tidak ada komunitas", "no community"),
    (("create", "--name", "K", "--district", "Atlantis", "--place", "Aula"), "--district",
     "bukan nama kabupaten/kota resmi", "is not an official kabupaten/kota"),
    (("create", "--name", "K", "--district", "Sragen", "--place", "Aula", "--date", "4/12"),
     "--date", "bukan tanggal", "is not a date"),
])
def test_refusals_are_one_line_naming_the_option_in_both_languages(
        ws: Workspace, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], option: str,
        indonesian: str, english: str) -> None:
    """Each refusal: exit 2, one line starting with the option, id or en, nothing written."""
    cid = _create(ws, capsys)
    for person in ("pani", "pbudi"):
        assert _run(ws, "member", "add", cid, person) == 0
    assert _run(ws, "consensus", cid, "--role", "ketua", "--person", "pani",
                "--agreed-by", "pbudi") == 0
    capsys.readouterr()
    before = _counts(ws)
    args = [a.replace("{cid}", cid) for a in argv]
    for lang, expected in (("id", indonesian), ("en", english)):
        assert _run(ws, *args, lang=lang) == 2
        captured = capsys.readouterr()
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1, captured.err
        assert lines[0].startswith(option + ": ") and expected in lines[0], lines[0]
        assert "Traceback" not in captured.err
    assert _counts(ws) == before


def test_list_as_a_table_in_english(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """``list`` prints a table with the community's id and official district."""
    cid = _create(ws, capsys)
    assert _run(ws, "list", lang="en") == 0
    out = capsys.readouterr().out
    assert cid in out and "Kabupaten Sragen" in out and "Aula Dinas" in out
