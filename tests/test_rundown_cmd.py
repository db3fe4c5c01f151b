"""``python -m kit rundown …`` and ``python -m kit draw …`` on a real SQLite workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cli import main
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.room import draw_service
from kit.rundown import service as rundown
from kit.workspace import Workspace, init_workspace, writing


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A workspace with an advokasi session where Ani and Budi are checked in."""
    made = init_workspace(tmp_path / "ws")
    with writing(made) as conn:
        for pid, name in (("pani", "Ani"), ("pbudi", "Budi")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
    session, _w = session_service.create(made, "advokasi", "2026-12-10", "Sragen")
    for pid in ("pani", "pbudi"):
        session_service.checkin(made, session.id, pid)
    return made


def _sid(ws: Workspace) -> str:
    """The one session's id."""
    return session_service.summaries(ws)[0].session.id


def _run(ws: Workspace, *args: str) -> int:
    """Run the CLI in this process on ``ws``."""
    return main([*args, "--workspace", str(ws.root)])


def test_show_set_start_next_extend_finish(ws: Workspace,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The plan is shown from 08:00, a speaker is set, and the live actions are recorded."""
    sid = _sid(ws)
    assert _run(ws, "rundown", "show", sid) == 0
    assert "08:00–08:10" in capsys.readouterr().out
    assert _run(ws, "rundown", "set", sid, "narasumber_1", "--speaker", "Ibu Sari") == 0
    assert "[Ibu Sari]" in capsys.readouterr().out
    assert _run(ws, "rundown", "start", sid) == 0
    assert "Pembukaan" in capsys.readouterr().out
    assert _run(ws, "rundown", "next", sid) == 0
    assert _run(ws, "rundown", "extend", sid, "5") == 0
    assert _run(ws, "rundown", "finish", sid) == 0
    segs = rundown.load(ws, sid).segments
    assert segs[0].ended_at is not None and segs[1].ended_at is not None
    assert segs[1].planned_minutes == 15 and segs[3].speaker == "Ibu Sari"


@pytest.mark.parametrize(("args", "field"), [
    (("rundown", "show", "tidak-ada"), "ID: "),
    (("rundown", "set", "{sid}", "sambutan", "--start", "8.00"), "--start: "),
    (("rundown", "set", "{sid}", "laporan_panitia", "--start", "08:05"), "--start: "),
    (("rundown", "set", "{sid}", "tidak_ada", "--minutes", "5"), "SEGMENT: "),
    (("draw", "tidak-ada"), "ID: "),
    (("draw", "answer", "{sid}", "1", "3"), "LEVEL: "),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(
        ws: Workspace, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
        field: str) -> None:
    """Unknown session, "8.00", an overlap, an unknown line or level 3: one line, exit 2."""
    sid = _sid(ws)
    before = rundown.load(ws, sid).segments
    capsys.readouterr()
    assert _run(ws, *(a.format(sid=sid) for a in args)) == 2
    err = capsys.readouterr().err
    assert err.startswith(field) and err.count("\n") == 1, err
    assert rundown.load(ws, sid).segments == before
    assert draw_service.draws(ws, sid) == []


def test_draw_prints_who_and_the_question_and_answer_records_it(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """``draw ID`` names a present person and a question; ``draw answer`` stores the level."""
    sid = _sid(ws)
    assert _run(ws, "draw", sid) == 0
    out = capsys.readouterr().out
    assert ("Ani" in out or "Budi" in out) and "Pertanyaan:" in out
    made = draw_service.draws(ws, sid)[0]
    assert _run(ws, "draw", "answer", sid, str(made.id), "1") == 0
    assert draw_service.draws(ws, sid)[0].level == 1
    capsys.readouterr()
    assert _run(ws, "draw", "list", sid) == 0
    assert capsys.readouterr().out.startswith(f"{made.id}  {made.participant_name}  ")
    assert _run(ws, "--lang", "en", "draw", "answer", sid, "999", "1") == 2
    assert capsys.readouterr().err.startswith("DRAW_ID: ")


def test_a_bad_time_in_english_names_the_line_in_english(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """With ``--lang en`` the refusal names the segment by its English title."""
    sid = _sid(ws)
    assert _run(ws, "--lang", "en", "rundown", "set", sid, "sambutan", "--start", "8.20") == 2
    err = capsys.readouterr().err
    assert err.startswith("--start: Welcome and briefing") and "HH:MM" in err, err
