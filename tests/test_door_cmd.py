"""``python -m kit session door``: the door's queue in one process, one typed line a person."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.cli.door_cmd import run_door
from kit.i18n import get_language, set_language
from kit.records import consent_service, session_service
from kit.records.participants import Participant, add_participant
from kit.workspace import Workspace, init_workspace, writing

REPO = Path(__file__).resolve().parents[1]
PEOPLE = [
    Participant("p1", "Siti Aminah", "Kabupaten Sragen", phone="+6281234560001"),
    Participant("p2", "Budi Santoso", "Kabupaten Sragen", phone="+6281234560002"),
    Participant("p3", "Budi Hartono", "Kabupaten Sragen", phone="+6281234560003"),
    Participant("p4", "Rina Wati", "Kabupaten Sragen"),
]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The in-process tests read the English lines; the language is put back after."""
    before = get_language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture
def room(tmp_path: Path) -> tuple[Workspace, str, str]:
    """A workspace with four people, an advokasi session and a bimtek session (nobody in)."""
    ws = init_workspace(tmp_path / "ws")
    with writing(ws) as conn:
        for person in PEOPLE:
            add_participant(conn, person)
    advokasi, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    bimtek, _w = session_service.create(ws, "bimtek", "2026-12-11", "Sragen")
    return ws, advokasi.id, bimtek.id


def _present(ws: Workspace, session_id: str) -> set[str]:
    """The ids checked in to the session."""
    return {p.participant_id for p in session_service.detail(ws, session_id).present}


def test_one_match_is_checked_in_several_are_numbered_and_a_number_chooses(
        room: tuple[Workspace, str, str]) -> None:
    """A unique name or phone checks in at once; 'budi' lists two, '2' picks the second."""
    ws, advokasi, _bimtek = room
    out = io.StringIO()
    came = run_door(ws, advokasi, ["siti\n", "0812 3456 0003\n", "budi\n", "2\n", "p4\n",
                                   "siti\n", "selesai\n", "p1\n"], out, prompt=False)
    text = out.getvalue()
    assert came == 4
    assert _present(ws, advokasi) == {"p1", "p2", "p3", "p4"}
    assert "1. Budi Hartono" in text and "2. Budi Santoso" in text
    assert "Siti Aminah was already checked in." in text  # the second 'siti', nothing written


def test_a_refused_person_is_admitted_only_with_a_reason_typed_next(
        room: tuple[Workspace, str, str]) -> None:
    """At a bimtek door Siti (no advokasi) is refused; 'alasan: …' admits her with the reason."""
    ws, _advokasi, bimtek = room
    out = io.StringIO()
    run_door(ws, bimtek, ["siti\n", "zzz\n", "alasan: terlambat mendaftar\n"], out,
             prompt=False)
    assert _present(ws, bimtek) == set()  # the reason came after another search: nobody in
    run_door(ws, bimtek, ["siti\n", "alasan: diundang kepala dinas\n"], out, prompt=False)
    assert _present(ws, bimtek) == {"p1"}
    reasons = {p.participant_id: p.admit_reason
               for p in session_service.detail(ws, bimtek).present}
    assert reasons == {"p1": "diundang kepala dinas"}


def test_a_person_never_asked_is_asked_about_consent_and_the_answer_is_recorded(
        room: tuple[Workspace, str, str]) -> None:
    """'ya' after a check-in records consent for the session; a name or 'nanti' records none."""
    ws, advokasi, bimtek = room
    consent_service.give(ws, ["p4"], "Bu Rina")  # asked at registration: not asked again
    out = io.StringIO()
    run_door(ws, advokasi, ["siti\n", "ya\n", "0812 3456 0002\n", "tidak\n",
                            "0812 3456 0003\n", "p4\n", "1\n"], out, prompt=False)
    text = out.getvalue()
    run_door(ws, bimtek, ["p3\n", "nanti saja\n"], out, prompt=False)
    assert _present(ws, advokasi) == {"p1", "p2", "p3", "p4"}
    assert text.count("Do you agree that data from this activity") == 3  # not Rina
    assert "Siti Aminah: consent recorded." in text
    assert "Budi Santoso: no consent, recorded." in text
    latest = {s.participant_id: s for s in consent_service.states(ws)}
    assert (latest["p1"].answer, latest["p2"].answer, latest["p3"].answer) == (
        "yes", "no", "unasked")  # Budi Hartono's question was answered by typing a name
    siti = consent_service.history(ws, "p1")
    assert [(e.given, e.context, e.session_id) for e in siti] == [(True, "checkin", advokasi)]
    assert "There is no list to choose from" in text  # '1' after Rina is no answer either
    assert "Budi Hartono: no answer now; ask another time." in out.getvalue()
    assert consent_service.history(ws, "p3") == []
    again = io.StringIO()  # Budi Hartono found again at the same door: asked again, answers
    run_door(ws, advokasi, ["0812 3456 0003\n", "ya\n", "siti\n", "tidak\n"], again,
             prompt=False)
    assert "Budi Hartono: consent recorded." in again.getvalue()
    assert "Nobody found for 'tidak'" in again.getvalue()  # Siti answered before: not asked
    assert [e.given for e in consent_service.history(ws, "p3")] == [True]


@pytest.mark.slow
def test_piped_queue_on_the_real_command_line_in_indonesian(
        room: tuple[Workspace, str, str]) -> None:
    """Ids piped into the command are checked in by one process; the lines are Indonesian."""
    ws, advokasi, _bimtek = room
    ws.engine.dispose()
    done = subprocess.run(
        [sys.executable, "-m", "kit", "session", "door", advokasi, "--workspace", str(ws.root),
         "--lang", "id"], input="p1\np2\nzzz\n\n", cwd=REPO, capture_output=True, text=True,
        timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "Siti Aminah tercatat hadir" in done.stdout
    assert "Tidak ada yang cocok dengan 'zzz'" in done.stdout
    assert _present(ws, advokasi) == {"p1", "p2"}
