"""``python -m kit consent …`` and the door's ``--consent`` in-process (real SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main
from kit.records import consent_service, session_service
from kit.records.participants import Participant, add_participant
from kit.workspace import Workspace, init_workspace, writing


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """Ani and Budi on the roster, nobody asked about consent yet."""
    made = init_workspace(tmp_path / "ws")
    with writing(made) as conn:
        add_participant(conn, Participant(id="pani", name="Ani Lestari",
                                          district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="pbudi", name="Budi Santoso",
                                          district="Kabupaten Sragen"))
    return made


def _kit(ws: Workspace, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; the exit status, stdout and stderr."""
    capsys.readouterr()
    status = main([*args, "--workspace", str(ws.root)])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_give_withdraw_show_and_list(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """give/withdraw record events by name; list --format json has ids; --missing the unasked."""
    assert _kit(ws, capsys, "consent", "give", "pani", "pbudi", "--by", "Bu Rina")[0] == 0
    status, out, _err = _kit(ws, capsys, "consent", "withdraw", "pbudi", "--by", "Pak Joko")
    assert status == 0 and "Budi Santoso" in out
    status, out, _err = _kit(ws, capsys, "consent", "list", "--format", "json")
    listed = {item["id"]: item for item in json.loads(out)}
    assert (listed["pani"]["consent"], listed["pbudi"]["consent"]) == ("yes", "no")
    assert listed["pbudi"]["recorded_by"] == "Pak Joko"
    status, out, _err = _kit(ws, capsys, "consent", "show", "pbudi")
    assert status == 0 and "Bu Rina" in out and "Pak Joko" in out
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pcitra", name="Citra Dewi",
                                          district="Kabupaten Sragen"))
    status, out, _err = _kit(ws, capsys, "consent", "list", "--missing", "--format", "json")
    assert [item["id"] for item in json.loads(out)] == ["pcitra"]


def test_unknown_participant_is_one_line_and_nothing_is_written(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown id refuses the whole command with one line naming it (exit 2)."""
    status, _out, err = _kit(ws, capsys, "consent", "give", "pani", "pxyz", "--by", "Bu Rina")
    assert status == 2 and err.strip().count("\n") == 0
    assert err.startswith("PARTICIPANT_ID:") and "pxyz" in err and "Traceback" not in err
    assert all(s.answer == "unasked" for s in consent_service.states(ws))
    status, _out, err = _kit(ws, capsys, "--lang", "en", "consent", "show", "pxyz")
    assert status == 2 and "there is no participant 'pxyz'" in err


def test_checkin_and_walk_in_record_the_answer_given_at_the_door(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """--consent ya at check-in and tidak at a walk-in are events of the session; none without."""
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen",
                                         facilitator="Bu Rina")
    assert _kit(ws, capsys, "session", "checkin", session.id, "pani", "--consent", "ya")[0] == 0
    assert _kit(ws, capsys, "session", "checkin", session.id, "pbudi")[0] == 0
    status, _out, err = _kit(ws, capsys, "session", "walk-in", session.id, "--name",
                             "Citra Dewi", "--district", "Sragen", "--consent", "tidak")
    assert status == 0, err
    states = {s.name: s for s in consent_service.states(ws)}
    ani = states["Ani Lestari"].latest
    assert ani is not None and (ani.given, ani.context, ani.session_id, ani.recorded_by) == (
        True, "checkin", session.id, "Bu Rina")
    citra = states["Citra Dewi"].latest
    assert citra is not None and (citra.given, citra.context) == (False, "registration")
    assert states["Budi Santoso"].latest is None
    status, _out, err = _kit(ws, capsys, "session", "checkin", session.id, "pbudi",
                             "--consent", "mungkin")
    assert status == 2 and err.startswith("--consent:")
