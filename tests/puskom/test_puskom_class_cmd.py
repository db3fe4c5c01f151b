"""``python -m kit puskom siting`` and ``puskom class …`` from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kit.cli import main
from kit.puskom import class_service
from kit.workspace import Workspace, init_workspace
from tests.puskom.people import add_owner


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A workspace with UMKM owners in two districts at different stages."""
    made = init_workspace(tmp_path / "ws")
    for n in range(3):
        add_owner(made, f"pS{n}", "Kabupaten Sragen", "Sine", "presence")
    add_owner(made, "pT0", "Kabupaten Sragen", "Tangen", "portal")
    add_owner(made, "pB0", "Kabupaten Boyolali", "Cepogo")
    return made



def test_siting_as_json_and_text(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON ranks districts and villages with counts only; text says small counts are hidden."""
    assert main(["puskom", "siting", "--format", "json", "--workspace", str(ws.root)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(d["district"], d["umkm"]) for d in out] == [("Kabupaten Sragen", 4),
                                                         ("Kabupaten Boyolali", "< 3")]
    assert out[0]["villages"][0] == {"rank": 1, "village": "Sine", "umkm": 3, "presence": 3,
                                     "portal": 0}
    assert "pS0" not in json.dumps(out) and "Nama" not in json.dumps(out)
    assert main(["puskom", "siting", "--district", "Boyolali", "--workspace",
                 str(ws.root)]) == 0
    text = capsys.readouterr().out
    assert "Kabupaten Boyolali" in text and "Sragen" not in text
    assert "< 3" in text and "agar tidak ada orang yang bisa dikenali" in text
    assert main(["--lang", "en", "puskom", "siting", "--workspace", str(ws.root)]) == 0
    assert "so that nobody can be identified" in capsys.readouterr().out


def test_siting_refuses_an_unknown_district_in_one_line(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown district is one line naming --district, exit status 2."""
    assert main(["puskom", "siting", "--district", "Negeri Antah", "--workspace",
                 str(ws.root)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("--district: ")


def test_a_class_from_schedule_to_attendance(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """Schedule, enrol, attend, then list and show as JSON give the class and its counts."""
    assert main(["puskom", "class", "schedule", "--kind", "kelas_desain_produk", "--place",
                 "Balai Desa Sine", "--district", "Sragen", "--on", "2026-01-05", "--at",
                 "9:00", "--workspace", str(ws.root)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Kelas kl") and "pukul 09:00" in said
    class_id = said.split()[1]
    assert main(["puskom", "class", "enrol", class_id, "pS0", "pS1", "pT0", "--workspace",
                 str(ws.root)]) == 0
    assert "3 orang terdaftar" in capsys.readouterr().out
    assert main(["puskom", "class", "attend", class_id, "pS0", "pT0", "--workspace",
                 str(ws.root)]) == 0
    assert "2 dari 3" in capsys.readouterr().out
    assert main(["puskom", "class", "list", "--format", "json", "--workspace",
                 str(ws.root)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["id"], c["kind"], c["enrolled_count"], c["attended_count"]) for c in listed] == [
        (class_id, "kelas_desain_produk", 3, 2)]
    assert main(["puskom", "class", "list", "--workspace", str(ws.root)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["ID", "KELAS", "TEMPAT"] and class_id in table[1]
    assert main(["puskom", "class", "show", class_id, "--format", "json", "--workspace",
                 str(ws.root)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["needs_stage"] == "presence" and shown["district_code"] == "33.14"
    assert {e["id"]: e["attended"] for e in shown["enrolled"]} == {
        "pS0": True, "pS1": False, "pT0": True}
    assert main(["puskom", "class", "counts", "--format", "json", "--workspace",
                 str(ws.root)]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"kind": "kelas_desain_produk", "district": "33.14", "month": "2026-01",
         "scheduled": 1, "enrolled": 3, "attended": 2}]
    assert main(["--lang", "en", "puskom", "class", "show", class_id, "--workspace",
                 str(ws.root)]) == 0
    text = capsys.readouterr().out
    assert "Image editing and product design class" in text and "Attended: 2" in text


def test_a_participant_below_the_stage_is_refused_in_one_line(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """Enrolling someone without the stage: one line naming them and the stage, nobody added."""
    made = class_service.schedule(ws, "kelas_jualan_online", "Balai Desa Sine", "Sragen",
                                  date(2026, 1, 5), "13:00")
    assert main(["puskom", "class", "enrol", made.id, "pT0", "pS0", "--workspace",
                 str(ws.root)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("peserta: pS0: ") and "tahap Portal" in err[0]
    assert class_service.show(ws, made.id).enrolled == ()
    assert main(["--lang", "en", "puskom", "class", "enrol", made.id, "pB0", "--workspace",
                 str(ws.root)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("participant: pB0: ") and "Portal" in err[0]


@pytest.mark.parametrize(("extra", "starts"), [
    (["--kind", "kelas_menari", "--on", "2026-01-05", "--at", "09:00"], "--kind: "),
    (["--kind", "kelas_tik_dasar", "--on", "5/1/2026", "--at", "09:00"], "--on: "),
    (["--kind", "kelas_tik_dasar", "--on", "2026-01-05", "--at", "jam 9"], "--at: "),
])
def test_bad_schedule_options_are_one_line_and_write_nothing(
        ws: Workspace, capsys: pytest.CaptureFixture[str], extra: list[str],
        starts: str) -> None:
    """A bad kind, day or time is one line naming the option; no class is scheduled."""
    assert main(["puskom", "class", "schedule", "--place", "Balai", "--district", "Sragen",
                 *extra, "--workspace", str(ws.root)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(starts)
    assert class_service.list_classes(ws) == []


def test_class_kinds_lists_the_framework_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    """``class kinds --format json`` gives each kind with the stage it needs."""
    assert main(["puskom", "class", "kinds", "--format", "json"]) == 0
    kinds = {k["id"]: k["needs_stage"] for k in json.loads(capsys.readouterr().out)}
    assert kinds["kelas_tik_dasar"] is None and kinds["kelas_jualan_online"] == "portal"
    assert main(["puskom", "class", "kinds"]) == 0
    assert "terbuka untuk semua" in capsys.readouterr().out
