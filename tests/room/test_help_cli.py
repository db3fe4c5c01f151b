"""``python -m kit help list|resolve`` and ``questions list|answer`` on a real SQLite workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.room import help_service, question_service
from kit.workspace import Workspace, init_workspace, writing


def _room(tmp_path: Path) -> tuple[Workspace, str]:
    """Ani in an open advokasi session with a help request and a question."""
    ws = init_workspace(tmp_path / "ws")
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pani", name="Ani", district="Kabupaten Sragen"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    help_service.request_help(ws, "pani", "advokasi", "adv_nawacita", session.id)
    question_service.ask(ws, "pani", "advokasi", "Apakah ada pelatihan lanjutan?", None,
                         session.id)
    return ws, session.id


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return the exit status, stdout and stderr."""
    status = main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_list_resolve_and_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The lists show Ani; resolve and answer record --by; a second time says it was done."""
    ws, sid = _room(tmp_path)
    where = ("--workspace", str(ws.root))
    status, out, _err = _run(capsys, "help", "list", sid, "--format", "json", *where)
    listed = json.loads(out)
    assert status == 0 and [(r["name"], r["place_id"]) for r in listed] == [
        ("Ani", "adv_nawacita")]
    status, out, _err = _run(capsys, "help", "resolve", sid, str(listed[0]["id"]), "--by",
                             "Bu Sari", *where)
    assert status == 0 and "sudah selesai" in out
    assert help_service.queue(ws, sid) == []
    status, out, _err = _run(capsys, "help", "list", sid, *where)
    assert status == 0 and "Tidak ada yang menunggu" in out
    status, out, _err = _run(capsys, "questions", "list", sid, "--open", *where)
    assert status == 0 and "Apakah ada pelatihan lanjutan?" in out
    qid = question_service.for_session(ws, sid)[0].id
    status, out, _err = _run(capsys, "questions", "answer", sid, str(qid), *where)
    assert status == 0 and question_service.for_session(ws, sid)[0].answered_by == "fasilitator"
    status, out, _err = _run(capsys, "questions", "answer", sid, str(qid), *where)
    assert status == 0 and "sudah dijawab sebelumnya" in out


def test_bad_input_is_one_line_naming_the_field(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Unknown session, an id that is not a number, an unknown request: exit 2, one line."""
    ws, sid = _room(tmp_path)
    where = ("--workspace", str(ws.root))
    cases = [
        (("help", "list", "tidak-ada"), "ID: "),
        (("help", "resolve", sid, "satu"), "REQUEST_ID: "),
        (("help", "resolve", sid, "999"), "REQUEST_ID: "),
        (("questions", "answer", sid, "0"), "QUESTION_ID: "),
        (("help", "resolve", sid, "1", "--by", " "), "--by: "),
    ]
    for args, field in cases:
        status, _out, err = _run(capsys, *args, *where)
        assert status == 2 and err.startswith(field) and len(err.strip().splitlines()) == 1, err
    status, _out, err = _run(capsys, "--lang", "en", "help", "list", "tidak-ada", *where)
    assert status == 2 and err.strip() == "ID: there is no session 'tidak-ada' (see 'session list')"
    assert len(help_service.queue(ws, sid)) == 1  # nothing was resolved
