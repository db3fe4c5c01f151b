"""``python -m kit session …`` through the real command line on a real SQLite demo workspace."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _kit(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kit ARGS`` in a new process."""
    return subprocess.run([sys.executable, "-m", "kit", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace plus one participant who never attended anything (Sari Newcomer)."""
    tmp = tmp_path_factory.mktemp("session-cmd")
    ws = tmp / "ws"
    made = _kit("workspace", "init", ws, "--demo")
    assert made.returncode == 0, made.stderr
    roster = tmp / "baru.csv"
    roster.write_text("nama,nama usaha,no hp,kabupaten\n"
                      "Sari Newcomer,Warung Sari,081234567890,Kabupaten Sragen\n",
                      encoding="utf-8")
    imported = _kit("roster", "import", roster, "--workspace", ws)
    assert imported.returncode == 0, imported.stderr
    return ws


@pytest.fixture
def ws(demo: Path, tmp_path: Path) -> Path:
    """A private copy of the demo workspace for one test."""
    return Path(shutil.copytree(demo, tmp_path / "ws"))


def _participants(ws: Path) -> dict[str, str]:
    """Participant name → id in the workspace."""
    listed = _kit("roster", "list", "--workspace", ws)
    assert listed.returncode == 0, listed.stderr
    return {p["name"]: p["id"] for p in json.loads(listed.stdout)}


def _sessions(ws: Path) -> dict[str, dict[str, object]]:
    """``session list --format json`` by session id."""
    listed = _kit("session", "list", "--format", "json", "--workspace", ws)
    assert listed.returncode == 0, listed.stderr
    return {s["id"]: s for s in json.loads(listed.stdout)}


def _create(ws: Path, activity: str, *extra: str) -> str:
    """Create a session of ``activity`` in Sragen on 2026-12-10; return its printed id."""
    made = _kit("session", "create", "--activity", activity, "--date", "2026-12-10",
                "--district", "kab. sragen", "--workspace", ws, *extra)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip().splitlines()[-1]


def test_create_advokasi_and_list_it_as_json(ws: Path) -> None:
    """A created advokasi session is listed with its activity, date, official district, status."""
    sid = _create(ws, "advokasi", "--venue", "Aula Dinas", "--target", "30")
    listed = _sessions(ws)[sid]
    assert listed == {"id": sid, "activity": "advokasi", "date": "2026-12-10",
                      "district": "Kabupaten Sragen", "status": "open", "checked_in": 0}
    assert {"id", "activity", "date", "district", "status", "checked_in"} <= set(
        _sessions(ws)["sragen-bimtek-2026"])


def test_target_outside_the_guide_range_warns(ws: Path) -> None:
    """A target of 80 is created but warned about with the framework's 25–50."""
    made = _kit("session", "create", "--activity", "komunitas", "--date", "2026-12-11",
                "--district", "Sragen", "--target", "80", "--workspace", ws)
    assert made.returncode == 0, made.stderr
    assert "80" in made.stderr and "25" in made.stderr and "50" in made.stderr


def test_checkin_eligibility_admission_close_and_edit(ws: Path) -> None:
    """Check-in counts; bimtek refuses a newcomer unless admitted with a recorded reason."""
    people = _participants(ws)
    newcomer = people["Sari Newcomer"]
    veteran = next(pid for name, pid in people.items() if name != "Sari Newcomer")
    advokasi = _create(ws, "advokasi")
    ok = _kit("session", "checkin", advokasi, newcomer, "--workspace", ws)
    assert ok.returncode == 0, ok.stderr
    assert _sessions(ws)[advokasi]["checked_in"] == 1

    bimtek = _create(ws, "bimtek")
    refused = _kit("session", "checkin", bimtek, veteran, "--workspace", ws)
    assert refused.returncode == 0, refused.stderr  # the demo cohort attended advokasi

    # A second newcomer, never at advokasi: refused, naming what is missing, nothing written.
    ws2 = ws.parent / "ws2"
    shutil.copytree(ws, ws2)
    people2 = _participants(ws2)
    roster = ws.parent / "dua.csv"
    roster.write_text("nama,nama usaha,no hp,kabupaten\nBudi Baru,Toko Budi,081298765432,"
                      "Kabupaten Sragen\n", encoding="utf-8")
    assert _kit("roster", "import", roster, "--workspace", ws2).returncode == 0
    budi = _participants(ws2)["Budi Baru"]
    assert budi not in people2.values()
    no = _kit("session", "checkin", bimtek, budi, "--workspace", ws2)
    assert no.returncode == 2
    assert len(no.stderr.strip().splitlines()) == 1
    assert "advokasi" in no.stderr.lower()
    assert _sessions(ws2)[bimtek]["checked_in"] == 1
    no_en = _kit("session", "checkin", bimtek, budi, "--workspace", ws2, "--lang", "en")
    assert no_en.returncode == 2 and "not eligible" in no_en.stderr
    assert "--admit-reason" in no.stderr and "--admit-reason" in no_en.stderr

    admitted = _kit("session", "checkin", bimtek, budi, "--admit-reason",
                    "Pemilik toko sudah berjualan online", "--workspace", ws2)
    assert admitted.returncode == 0, admitted.stderr
    shown = _kit("session", "show", bimtek, "--workspace", ws2)
    assert shown.returncode == 0, shown.stderr
    assert "Budi Baru" in shown.stdout
    assert "Pemilik toko sudah berjualan online" in shown.stdout
    assert _sessions(ws2)[bimtek]["checked_in"] == 2

    closed = _kit("session", "close", bimtek, "--workspace", ws2)
    assert closed.returncode == 0, closed.stderr
    assert _sessions(ws2)[bimtek]["status"] == "closed"
    edit = _kit("session", "edit", bimtek, "--venue", "Balai Desa", "--workspace", ws2)
    assert edit.returncode == 2
    assert len(edit.stderr.strip().splitlines()) == 1
    assert "Balai Desa" not in _kit("session", "show", bimtek, "--workspace", ws2).stdout


def test_edit_an_open_session(ws: Path) -> None:
    """Editing an open session changes its date and normalises its district."""
    sid = _create(ws, "advokasi")
    edit = _kit("session", "edit", sid, "--date", "2026-12-12", "--district", "KOTA PONTIANAK",
                "--venue", "Gedung Serbaguna", "--workspace", ws)
    assert edit.returncode == 0, edit.stderr
    listed = _sessions(ws)[sid]
    assert listed["date"] == "2026-12-12" and listed["district"] == "Kota Pontianak"
    assert "Gedung Serbaguna" in _kit("session", "show", sid, "--workspace", ws).stdout


@pytest.mark.parametrize(("args", "field"), [
    (("show", "tidak-ada"), "ID"),
    (("create", "--activity", "advokasi", "--date", "10-12-2026", "--district", "Sragen"),
     "--date"),
    (("create", "--activity", "pameran", "--date", "2026-12-10", "--district", "Sragen"),
     "--activity"),
    (("checkin", "sragen-komunitas-2026", "p-nobody"), "PARTICIPANT_ID"),
    (("create", "--activity", "advokasi", "--date", "2026-12-10", "--district", "Atlantis"),
     "--district"),
])
def test_bad_input_is_one_line_naming_the_field(ws: Path, args: tuple[str, ...],
                                                field: str) -> None:
    """Bad input gives one line naming the field, exit 2, and nothing is written."""
    before = _sessions(ws)
    for lang in ("id", "en"):
        done = _kit("session", *args, "--workspace", ws, "--lang", lang)
        assert done.returncode == 2, done.stdout
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert field in lines[0]
        assert "Traceback" not in done.stderr
    assert _sessions(ws) == before


def test_messages_are_indonesian_by_default_and_english_with_lang_en(ws: Path) -> None:
    """The unknown-session line is in Bahasa Indonesia, and in English with --lang en."""
    idn = _kit("session", "close", "tidak-ada", "--workspace", ws)
    eng = _kit("session", "close", "tidak-ada", "--workspace", ws, "--lang", "en")
    assert "tidak ada" in idn.stderr.lower() or "tidak dikenal" in idn.stderr.lower()
    assert "no session" in eng.stderr.lower()


def test_people_invite_list_walk_in_and_search_at_the_door(ws: Path) -> None:
    """Edit the people, list invitees as JSON, register a walk-in, find them by phone."""
    sid = _create(ws, "bimtek")
    edit = _kit("session", "edit", sid, "--committee", "ketua=Ibu Rina", "--committee",
                "sekretaris=Pak Budi", "--support", "Eko", "--head-of-office",
                "Drs. Hartono", "--notes", "Proyektor dipinjam", "--workspace", ws)
    assert edit.returncode == 0, edit.stderr
    assert "4.1.8" in edit.stderr  # one helper at a bimtek: a warning, saved all the same
    shown = _kit("session", "show", sid, "--workspace", ws).stdout
    for text in ("Ibu Rina", "Pak Budi", "Eko", "Drs. Hartono", "Proyektor dipinjam"):
        assert text in shown
    invite = _kit("session", "invite", sid, "--format", "json", "--workspace", ws)
    assert invite.returncode == 0, invite.stderr
    rows = {r["name"]: r for r in json.loads(invite.stdout)}
    assert rows["Sari Newcomer"]["group"] == "not_eligible"
    assert rows["Sari Newcomer"]["missing"] == ["advokasi"]
    assert {r["group"] for r in rows.values()} == {"eligible", "not_eligible"}
    walk = _kit("session", "walk-in", sid, "--name", "Tono Walkin", "--district", "Sragen",
                "--phone", "0813 2222 3333", "--type", "pemerintah", "--admit-reason",
                "staf dinas pendamping", "--workspace", ws)
    assert walk.returncode == 0, walk.stderr
    found = _kit("session", "find", sid, "+62 813-2222", "--workspace", ws)
    assert found.returncode == 0, found.stderr
    assert "Tono Walkin" in found.stdout and "0813" in found.stdout
    table = _kit("session", "invite", sid, "--workspace", ws)
    assert "Tono Walkin" in table.stdout and "staf dinas pendamping" in table.stdout


@pytest.mark.parametrize(("args", "field"), [
    (("walk-in", "sragen-bimtek-2026", "--name", "Dewi", "--district", "Sragen", "--phone",
      "12345"), "--phone"),
    (("walk-in", "sragen-bimtek-2026", "--name", "Dewi", "--district", "Sragen", "--type",
      "wartawan"), "--type"),
    (("edit", "sragen-komunitas-2026", "--committee", "bupati=Pak Ali"), "--committee"),
])
def test_bad_people_and_walk_ins_are_one_line(ws: Path, args: tuple[str, ...],
                                              field: str) -> None:
    """A walk-in's bad phone or type and an unknown committee role: one line, exit 2."""
    people = _participants(ws)
    done = _kit("session", *args, "--workspace", ws)
    assert done.returncode == 2, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], done.stderr
    assert _participants(ws) == people


def test_checkin_takes_the_queue_at_the_door_in_one_command(ws: Path) -> None:
    """Several ids in one ``session checkin``: each checked in; a refused one is a line, exit 2."""
    people = _participants(ws)
    advokasi = _create(ws, "advokasi")
    queue = [pid for name, pid in sorted(people.items())][:3]
    done = _kit("session", "checkin", advokasi, queue[0], "p-nobody", *queue[1:],
                "--workspace", ws)
    assert done.returncode == 2
    assert done.stderr.startswith("PARTICIPANT_ID:") and "p-nobody" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert len(done.stdout.strip().splitlines()) == 3
    assert _sessions(ws)[advokasi]["checked_in"] == 3
    again = _kit("session", "checkin", "no-such-session", *queue, "--workspace", ws)
    assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1
