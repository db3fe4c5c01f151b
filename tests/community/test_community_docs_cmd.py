"""``python -m kit community mou|minutes|programme`` on a formed community, both languages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import kit.cli
from kit.cli import main
from kit.workspace import Workspace, init_workspace

from .conftest import populate
from .test_paperwork import formed, started

BOARD = ("Ani Lestari", "Budi Santoso", "Citra Dewi", "Sri Wahyuni")


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the command as the lead's line in kit/cli/__init__.py does."""
    monkeypatch.setitem(kit.cli.COMMANDS, "community", "kit.cli.community_cmd")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A SQLite workspace with the community tests' roster and bimtek attendance."""
    return populate(init_workspace(tmp_path / "ws"))


def run(ws: Workspace, *argv: str, lang: str = "id") -> int:
    """Run ``community ARGV`` on ``ws`` in ``lang``; return the exit status."""
    return main(["--lang", lang, "community", *argv, "--workspace", str(ws.root)])


def pdf_text(path: Path) -> str:
    """The text of a PDF, as pdftotext reads it."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a DOCX."""
    import docx

    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_mou_and_minutes_as_pdf_and_docx_with_the_elected_names(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The MoU (PDF, DOCX) and the minutes carry the four names; English on request."""
    cid = formed(ws)
    assert run(ws, "mou", cid, "--out", str(tmp_path / "mou.pdf"),
               "--official-name", "Drs. Sutrisno") == 0
    assert "mou.pdf" in capsys.readouterr().out
    text = pdf_text(tmp_path / "mou.pdf")
    assert all(name in text for name in BOARD)
    assert "Drs. Sutrisno" in text and "Kelas foto produk" in text
    assert "KESEPAKATAN" in text.upper()
    assert run(ws, "mou", cid, "--out", str(tmp_path / "mou.docx")) == 0
    assert all(name in docx_text(tmp_path / "mou.docx") for name in BOARD)
    assert run(ws, "minutes", cid, "--out", str(tmp_path / "ba.pdf"), "--facilitator",
               "Bu Rina", "--witness", "Eka Putri", "--witness", "Dedi Kurniawan") == 0
    minutes = pdf_text(tmp_path / "ba.pdf")
    assert all(name in minutes for name in BOARD) and "Bu Rina" in minutes
    assert run(ws, "minutes", cid, "--out", str(tmp_path / "ba-en.pdf"), lang="en") == 0
    english = pdf_text(tmp_path / "ba-en.pdf")
    assert "Run-off" in english and "Sri Wahyuni" in english
    assert run(ws, "mou", cid, "--out", str(tmp_path / "mou-en.docx"), lang="en") == 0
    assert "MEMORANDUM OF UNDERSTANDING" in docx_text(tmp_path / "mou-en.docx")


def test_programme_as_json_ranked(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """The programme JSON lists priority then non-priority items, each with its id (rank)."""
    cid = started(ws)
    assert run(ws, "programme", cid, "--format", "json", "--top", "1") == 0
    found = json.loads(capsys.readouterr().out)
    assert [(i["id"], i["what"], i["members"]) for i in found["priority"]] == [
        (1, "Kelas foto produk", 2)]
    assert [i["id"] for i in found["non_priority"]] == [2, 3]
    assert run(ws, "programme", cid, "--priority", "2,3", lang="en") == 0
    out = capsys.readouterr().out
    assert "Kelas foto produk" in out and "non-priority" in out


def test_programme_table_names_each_kind_by_its_title(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """The printed programme shows a kind's title in the chosen language, never its id."""
    cid = started(ws)
    assert run(ws, "programme", cid) == 0
    out = capsys.readouterr().out
    assert "Pelatihan swadaya antaranggota" in out and "Pemasaran bersama" in out
    assert " pelatihan " not in out and " pemasaran " not in out
    assert run(ws, "programme", cid, lang="en") == 0
    english = capsys.readouterr().out
    assert "Self-organised training among members" in english and "Joint marketing" in english


@pytest.mark.parametrize(("argv", "option"), [
    (("mou", "{cid}", "--out", "{tmp}/mou.txt"), "--out"),
    (("mou", "{cid}", "--out", "{tmp}/no/such/mou.pdf"), "--out"),
    (("mou", "{cid}", "--out", "{tmp}/mou.pdf"), "ID"),
    (("minutes", "{cid}", "--out", "{tmp}/ba.docx"), "ID"),
    (("minutes", "nope", "--out", "{tmp}/ba.docx"), "ID"),
    (("programme", "{cid}", "--priority", "satu"), "--priority"),
    (("programme", "{cid}", "--priority", "7"), "--priority"),
    (("programme", "{cid}", "--top", "0"), "--top"),
])
def test_refusals_are_one_line_naming_the_option(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        argv: tuple[str, ...], option: str) -> None:
    """A bad option or an incomplete board: one line, exit 2, no file written."""
    cid = started(ws)
    capsys.readouterr()
    filled = [a.format(cid=cid, tmp=tmp_path) for a in argv]
    before = sorted(p.name for p in tmp_path.iterdir())
    assert run(ws, *filled) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"{option}: "), err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
