"""``python -m kit survey show|summary`` in-process on a real SQLite workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.survey import service
from kit.workspace import init_workspace, writing

GOOD = {"manfaat": "5", "kejelasan": "4", "kecepatan": "3", "paling_berguna": "Foto produk"}


@pytest.fixture
def answered(tmp_path: Path) -> tuple[Path, str]:
    """A workspace whose session has two present and one answer (from Ani)."""
    ws = init_workspace(tmp_path / "ws")
    with writing(ws) as conn:
        for pid, name in (("pani", "Ani"), ("pbudi", "Budi")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    for pid in ("pani", "pbudi"):
        session_service.checkin(ws, session.id, pid)
    service.submit(ws, session.id, "pani", GOOD)
    ws.engine.dispose()
    return ws.root, session.id


def test_show_prints_the_address_and_the_running_count(
        answered: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    """The address on the given host and port, 1 of 2 present answered, then closed: said so."""
    root, sid = answered
    code = main(["survey", "show", sid, "--host", "192.168.1.20", "--port", "8866",
                 "--workspace", str(root), "--no-qr"])
    shown = capsys.readouterr()
    assert code == 0
    assert "http://192.168.1.20:8866/kelas/evaluasi" in shown.out
    assert "1 dari 2" in shown.out
    assert "http://127.0.0.1:8866/kelas/layar/evaluasi" in shown.out
    assert "classroom open --session " + sid in shown.err
    session_service.close(init_workspace(root), sid)
    assert main(["survey", "show", sid, "--workspace", str(root), "--no-qr"]) == 0
    assert "sesi sudah ditutup" in capsys.readouterr().err


def test_summary_as_json_and_text_carries_no_names(
        answered: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    """JSON: per question n, mean, distribution or texts; the text form in English too."""
    root, sid = answered
    assert main(["survey", "summary", sid, "--format", "json", "--workspace", str(root)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["responded"], data["present"]) == (1, 2)
    assert data["questions"][0]["mean"] == 5.0
    assert data["questions"][3]["texts"] == ["Foto produk"]
    assert main(["--lang", "en", "survey", "summary", sid, "--workspace", str(root)]) == 0
    text = capsys.readouterr().out
    assert "How useful was today's session for your business?" in text
    assert "5.0" in text and "Foto produk" in text
    assert "Ani" not in text and "pani" not in text


def test_an_unknown_session_is_one_line_and_status_2(
        answered: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    """A session id that does not exist: one line naming the field, exit 2, in both languages."""
    root, _sid = answered
    assert main(["survey", "summary", "tidak-ada", "--workspace", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("ID: ") and "tidak-ada" in err
    assert main(["survey", "show", "tidak-ada", "--workspace", str(root), "--lang", "en"]) == 2
    assert "there is no session" in capsys.readouterr().err
