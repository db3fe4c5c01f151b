"""``python -m kit puskom readiness questions|assess|list|show`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kit.cli import main
from kit.framework import framework
from kit.puskom import service
from kit.workspace import Workspace, init_workspace

REPO = Path(__file__).resolve().parents[2]
CRITERIA = framework().puskom.readiness


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """An empty workspace on SQLite."""
    return init_workspace(tmp_path / "ws")


def _assess(ws: Workspace, answers: Path, *extra: str) -> int:
    return main(["puskom", "readiness", "assess", "--workspace", str(ws.root), "--name",
                 "Balai Desa Karangmalang", "--district", "Kabupaten Sragen", "--by", "Bu Rina",
                 "--answers", str(answers), "--on", "2026-12-01", *extra])


def test_questions_lists_every_criterion_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """``questions --format json`` gives the framework's criteria with id, aspect and weight."""
    assert main(["puskom", "readiness", "questions", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [q["id"] for q in out] == [c.id for c in CRITERIA]
    assert out[0]["question"]["id"] == CRITERIA[0].question.indonesian
    assert main(["--lang", "en", "puskom", "readiness", "questions"]) == 0
    assert CRITERIA[0].question.english in capsys.readouterr().out


def test_assess_from_csv_then_list_and_show(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV of answers is recorded; list and show give its id, score and missing criteria."""
    answers = tmp_path / "jawaban.csv"
    rows = ["kriteria,jawaban,catatan"] + [
        "{id},{a},{n}".format(id=c.id, a="tidak" if c.id == "siap_lan" else "ya",
                              n="kabel belum ada" if c.id == "siap_lan" else "")
        for c in CRITERIA]
    answers.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert _assess(ws, answers) == 0
    assert "Kabupaten Sragen" in capsys.readouterr().out
    assert main(["puskom", "readiness", "list", "--workspace", str(ws.root),
                 "--format", "json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    total = sum(c.weight for c in CRITERIA)
    lan = next(c for c in CRITERIA if c.id == "siap_lan").weight
    assert listed["percent"] == round(100 * (total - lan) / total, 1)
    assert listed["verdict"] == "siap" and listed["missing"] == ["siap_lan"]
    assert main(["puskom", "readiness", "show", listed["id"], "--workspace",
                 str(ws.root)]) == 0
    text = capsys.readouterr().out
    assert "[tidak]" in text and "kabel belum ada" in text
    out = tmp_path / "cek.html"
    assert main(["--lang", "en", "puskom", "readiness", "show", listed["id"], "--workspace",
                 str(ws.root), "--format", "html", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "@media print" in page and "Balai Desa Karangmalang" in page
    assert "<style>" in page and "&lt;style&gt;" not in page
    assert "READY" in page.upper() and "What is missing" in page


def test_an_html_page_escapes_what_a_person_typed(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A centre name with markup is shown as text on the printable page."""
    made = service.assess(ws, "<b>Balai</b>", "Kabupaten Sragen", {}, "Bu Rina",
                          date(2026, 12, 1))
    assert main(["puskom", "readiness", "show", made.id, "--workspace", str(ws.root),
                 "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "&lt;b&gt;Balai&lt;/b&gt;" in page and "<b>Balai</b>" not in page


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.csv", "kriteria,jawaban\nsiap_internet,ya\nsiap_lan,mungkin\n",
     "a.csv:3:jawaban: 'mungkin'"),
    ("b.csv", "kriteria,jawaban\nsiap_kolam,ya\n", "b.csv:2:kriteria:"),
    ("c.json", '{"siap_internet": "ya", "siap_lan": "kadang"}', "c.json:siap_lan: 'kadang'"),
    ("d.json", '{"siap_kolam": "ya"}', "d.json:siap_kolam:"),
    ("e.csv", "kriteria,jawaban\nsiap_lan,ya\nsiap_lan,tidak\n", "e.csv:3:kriteria: 'siap_lan'"),
    ("f.csv", "nama,isi\nsiap_lan,ya\n", "f.csv:1: "),
])
def test_a_bad_answers_file_is_one_line_exit_2_nothing_written(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        name: str, content: str, expected: str) -> None:
    """A bad row or key is one line naming file, row/key and field; nothing is recorded."""
    answers = tmp_path / name
    answers.write_text(content, encoding="utf-8")
    assert _assess(ws, answers) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(expected) and "\n" not in err
    assert service.list_assessments(ws) == []


def test_a_bad_option_is_one_line_in_english_with_lang_en(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown district is one English line naming ``--district``; nothing is recorded."""
    answers = tmp_path / "a.json"
    answers.write_text('{"siap_internet": "ya"}', encoding="utf-8")
    status = main(["--lang", "en", "puskom", "readiness", "assess", "--workspace", str(ws.root),
                   "--name", "Balai", "--district", "Atlantis", "--by", "Bu Rina",
                   "--answers", str(answers)])
    assert status == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("--district: 'Atlantis' is not an official") and "\n" not in err
    assert service.list_assessments(ws) == []


def test_a_bad_date_names_the_option(
        ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--on`` that is not YYYY-MM-DD is one line naming ``--on``, exit 2, nothing recorded."""
    answers = tmp_path / "a.json"
    answers.write_text("{}", encoding="utf-8")
    assert _assess(ws, answers, "--on", "1/12/2026") == 2
    assert capsys.readouterr().err.startswith("--on: '1/12/2026'")
    assert service.list_assessments(ws) == []


@pytest.mark.slow
def test_the_command_runs_as_a_real_process(ws: Workspace, tmp_path: Path) -> None:
    """``python -m kit puskom readiness assess`` then ``list --format json`` in subprocesses."""
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({c.id: "ya" for c in CRITERIA}), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "kit", "puskom", "readiness", "assess", "--workspace",
         str(ws.root), "--name", "Balai", "--district", "33.14", "--by", "Bu Rina",
         "--answers", str(answers)], cwd=REPO, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "kit", "puskom", "readiness", "list", "--workspace",
         str(ws.root), "--format", "json"], cwd=REPO, capture_output=True, text=True,
        check=False)
    assert listed.returncode == 0, listed.stderr
    [one] = json.loads(listed.stdout)
    assert (one["percent"], one["verdict"], one["district_code"]) == (100.0, "siap", "33.14")
