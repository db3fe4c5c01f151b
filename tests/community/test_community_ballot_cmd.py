"""``python -m kit community ballot …``: a whole board election on the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kit.cli
from kit.community import ballot_service
from kit.workspace import Workspace, init_workspace

from .conftest import populate
from .test_community_docs_cmd import BOARD, pdf_text, run

CODE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b")


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the command as the lead's line in kit/cli/__init__.py does."""
    monkeypatch.setitem(kit.cli.COMMANDS, "community", "kit.cli.community_cmd")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A SQLite workspace with the community tests' roster and bimtek attendance."""
    return populate(init_workspace(tmp_path / "ws"))


def _out(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out


def _members(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> str:
    """Create the community, admit six members, save proposals; return its id."""
    from .test_programme import save_proposals

    assert run(ws, "create", "--name", "Komunitas e-UMKM Sragen", "--district", "sragen",
               "--place", "Aula Dinas", "--date", "2026-12-04") == 0
    _out(capsys)
    assert run(ws, "list", "--format", "json") == 0
    cid = json.loads(_out(capsys))[0]["id"]
    for person in ("pani", "pbudi", "pcitra", "pdedi", "psri1"):
        assert run(ws, "member", "add", cid, person) == 0
    assert run(ws, "member", "add", cid, "peka", "--reason", "pengurus paguyuban") == 0
    save_proposals(ws, "pani", [("pelatihan", "Kelas foto produk")])
    _out(capsys)
    return str(cid)


def _nominate(ws: Workspace, cid: str, role: str, *people: str) -> None:
    for person in people:
        assert run(ws, "nominate", cid, "--role", role, "--nominee", person, "--by", "pani",
                   "--programme", "Program singkat") == 0
    shown = json.loads(_show(ws, cid))
    for n in shown["nominations"]:
        if n["role"] == role and n["status"] == "proposed":
            assert run(ws, "accept", cid, str(n["id"])) == 0


def _show(ws: Workspace, cid: str) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert run(ws, "show", cid, "--format", "json") == 0
    return buffer.getvalue()


def _status(ws: Workspace, cid: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:  # type: ignore[type-arg]
    """The ballots of the community as ``ballot status --format json`` prints them."""
    capsys.readouterr()
    assert run(ws, "ballot", "status", cid, "--format", "json") == 0
    return list(json.loads(_out(capsys)))


def test_a_whole_election_on_the_command_line(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Open, slips, votes, close, status, run-off and musyawarah, then the MoU with four names."""
    cid = _members(ws, capsys)
    assert run(ws, "consensus", cid, "--role", "ketua", "--person", "pani",
               "--agreed-by", "pbudi,pcitra") == 0
    _nominate(ws, cid, "wakil_ketua", "pbudi", "pcitra")
    _nominate(ws, cid, "sekretaris", "pdedi", "peka")
    _out(capsys)
    assert run(ws, "ballot", "open", cid, "--role", "wakil_ketua", "--tie-rule", "runoff",
               "--present", "6") == 0
    assert run(ws, "ballot", "open", cid, "--role", "sekretaris", "--tie-rule", "musyawarah",
               "--present", "6") == 0
    opened = _out(capsys)
    assert "Budi Santoso" in opened and "slips" in opened
    wakil, sekretaris = (b["id"] for b in _status(ws, cid, capsys))
    assert run(ws, "ballot", "slips", cid, "--count", "6", "--out",
               str(tmp_path / "slips.pdf")) == 0
    said = _out(capsys)
    assert "slips.pdf" in said and "hanya" in said  # the codes exist only in that file
    text = pdf_text(tmp_path / "slips.pdf")
    codes = CODE.findall(text)
    assert len(codes) == 12 and len(set(codes)) == 12 and "Wakil Ketua".lower() in text.lower()
    # Each slip has one code per ballot: the ballot tells which is which.
    wakil_codes = [c for c in codes if _valid(ws, wakil, c)]
    sekretaris_codes = [c for c in codes if c not in wakil_codes]
    assert len(wakil_codes) == 6
    for code, choice in zip(wakil_codes, ["pbudi"] * 3 + ["pcitra"] * 3, strict=True):
        ballot_service.vote_with_code(ws, wakil, code, choice)
    for code, choice in zip(sekretaris_codes, ["pdedi"] * 2 + ["peka"] * 2, strict=False):
        ballot_service.vote_with_code(ws, sekretaris, code, choice)
    [open_wakil, _open_sek] = _status(ws, cid, capsys)
    assert open_wakil["voted"] == 6 and "tally" not in open_wakil
    assert run(ws, "ballot", "close", wakil) == 0
    closed = _out(capsys)
    assert "runoff" in closed and "Budi Santoso: 3" in closed
    assert run(ws, "ballot", "runoff", wakil) == 0
    runoff_id = re.search(r"\b(bl[0-9a-f]{12})\b", _out(capsys)).group(1)  # type: ignore[union-attr]
    assert run(ws, "ballot", "slips", cid, runoff_id, "--count", "6", "--out",
               str(tmp_path / "runoff.html")) == 0
    html = (tmp_path / "runoff.html").read_text(encoding="utf-8")
    second = CODE.findall(html)
    assert len(second) == 6
    for code, choice in zip(second, ["pbudi"] * 4 + ["pcitra"] * 2, strict=True):
        ballot_service.vote_with_code(ws, runoff_id, code, choice)
    assert run(ws, "ballot", "close", runoff_id) == 0
    assert "Budi Santoso" in _out(capsys)
    assert run(ws, "ballot", "close", sekretaris, lang="en") == 0
    assert "decide" in _out(capsys)
    assert run(ws, "ballot", "decide", sekretaris, "--chosen", "Dedi Kurniawan",
               "--agreed-by", "pani,pbudi") == 0
    assert "Dedi Kurniawan" in _out(capsys)
    assert run(ws, "consensus", cid, "--role", "bendahara", "--person", "psri1",
               "--agreed-by", "pani") == 0
    views = _status(ws, cid, capsys)
    assert [v["status"] for v in views] == ["closed"] * 3
    assert views[0]["counts"] == {"ok": True, "ballots": 6, "codes_used": 6, "present": 6}
    assert len(views[0]["receipts"]) == 6
    assert (views[0]["decided_by"], views[0]["winner"]) == ("runoff", "Budi Santoso")
    assert (views[1]["decided_by"], views[1]["winner"]) == ("musyawarah", "Dedi Kurniawan")
    assert views[2]["runoff_of"] == wakil and views[2]["winner"] == "Budi Santoso"
    assert run(ws, "ballot", "status", cid, lang="en") == 0
    assert "codes used 6" in _out(capsys)
    assert run(ws, "mou", cid, "--out", str(tmp_path / "mou.pdf")) == 0
    names = ("Ani Lestari", "Budi Santoso", "Dedi Kurniawan", "Sri Wahyuni")
    assert all(name in pdf_text(tmp_path / "mou.pdf") for name in names)
    assert run(ws, "minutes", cid, "--out", str(tmp_path / "ba.pdf")) == 0
    minutes = pdf_text(tmp_path / "ba.pdf")
    assert all(name in minutes for name in names) and "Eka Putri" in minutes
    assert BOARD[0] in minutes


def _valid(ws: Workspace, election_id: str, code: str) -> bool:
    """Whether ``code`` was issued for ``election_id`` (a wrong candidate is refused after)."""
    from kit.problems import InputError

    try:
        ballot_service.vote_with_code(ws, election_id, code, "nobody")
    except InputError as exc:
        return exc.field == "candidate"
    return True


def test_members_ballot_and_the_open_count(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """A ballot of signed-in members: status shows only how many voted until closing."""
    cid = _members(ws, capsys)
    _nominate(ws, cid, "ketua", "pani", "pbudi")
    _out(capsys)
    assert run(ws, "ballot", "open", cid, "--role", "ketua", "--tie-rule", "runoff",
               "--present", "4", "--voters", "members", lang="en") == 0
    assert "slips" not in _out(capsys)
    [view] = _status(ws, cid, capsys)
    ballot_service.vote_as_member(ws, view["id"], "pcitra", "pbudi")
    assert run(ws, "ballot", "status", cid) == 0
    said = _out(capsys)
    assert "1 dari 4" in said and "Budi" not in said


@pytest.mark.parametrize(("argv", "option"), [
    (("ballot", "open", "{cid}", "--role", "raja", "--tie-rule", "runoff", "--present", "3"),
     "--role"),
    (("ballot", "open", "{cid}", "--role", "bendahara", "--tie-rule", "runoff", "--present",
      "3"), "--role"),
    (("ballot", "open", "{cid}", "--role", "ketua", "--tie-rule", "undian", "--present", "3"),
     "--tie-rule"),
    (("ballot", "open", "{cid}", "--role", "ketua", "--tie-rule", "runoff", "--present",
      "banyak"), "--present"),
    (("ballot", "open", "{cid}", "--role", "ketua", "--tie-rule", "runoff", "--present", "9",
      "--voters", "members"), "--present"),
    (("ballot", "open", "{cid}", "--role", "ketua", "--tie-rule", "runoff", "--present", "3",
      "--voters", "sms"), "--voters"),
    (("ballot", "open", "nope", "--role", "ketua", "--tie-rule", "runoff", "--present", "3"),
     "ID"),
    (("ballot", "slips", "{cid}", "--count", "3", "--out", "{tmp}/slips.txt"), "--out"),
    (("ballot", "slips", "{cid}", "--count", "3", "--out", "{tmp}/slips.pdf"), "ELECTION"),
    (("ballot", "close", "blnothing"), "ELECTION"),
    (("ballot", "runoff", "blnothing"), "ELECTION"),
    (("ballot", "status", "nope"), "ID"),
])
def test_refusals_are_one_line_naming_the_option(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        argv: tuple[str, ...], option: str) -> None:
    """Bad input: one line naming the option, exit 2, no file and no ballot made."""
    cid = _members(ws, capsys)
    _nominate(ws, cid, "ketua", "pani", "pbudi")
    _out(capsys)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert run(ws, *[a.format(cid=cid, tmp=tmp_path) for a in argv]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f"{option}: "), err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert ballot_service.list_elections(ws, cid) == []


def test_too_many_slips_and_a_closed_ballot_are_refused(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """More slips than present, a second close, a filled role, a musyawarah on a run-off rule."""
    cid = _members(ws, capsys)
    _nominate(ws, cid, "ketua", "pani", "pbudi")
    assert run(ws, "ballot", "open", cid, "--role", "ketua", "--tie-rule", "runoff",
               "--present", "3") == 0
    [view] = _status(ws, cid, capsys)
    assert run(ws, "ballot", "slips", cid, "--count", "4", "--out",
               str(tmp_path / "s.pdf")) == 2
    assert capsys.readouterr().err.startswith("--count: ")
    assert not (tmp_path / "s.pdf").exists()
    assert run(ws, "ballot", "close", view["id"]) == 0
    assert run(ws, "ballot", "close", view["id"]) == 2
    assert capsys.readouterr().err.startswith("ELECTION: ")
    assert run(ws, "consensus", cid, "--role", "ketua", "--person", "pani",
               "--agreed-by", "pbudi") == 0
    capsys.readouterr()
    assert run(ws, "ballot", "open", cid, "--role", "ketua", "--tie-rule", "runoff",
               "--present", "3") == 2
    assert capsys.readouterr().err.startswith("--role: ")
    assert len(ballot_service.list_elections(ws, cid)) == 1
    assert run(ws, "ballot", "decide", view["id"], "--chosen", "pani", "--agreed-by",
               "pbudi", lang="en") == 2
    [err] = capsys.readouterr().err.strip().splitlines()
    assert err.startswith("ELECTION: ") and "runoff" in err


def test_a_refusal_reads_in_indonesian_and_in_english(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """The same refused --present is one Indonesian line, and one English line with --lang en."""
    cid = _members(ws, capsys)
    argv = ("ballot", "open", cid, "--role", "ketua", "--tie-rule", "runoff", "--present", "x")
    assert run(ws, *argv) == 2
    indonesian = capsys.readouterr().err.strip()
    assert run(ws, *argv, lang="en") == 2
    english = capsys.readouterr().err.strip()
    assert indonesian == "--present: 'x' bukan bilangan bulat"
    assert english == "--present: 'x' is not a whole number"
