"""Submission files are authenticated: signed by the workspace's module, held or refused if not.

Every test goes through the door the attack used: ``python -m kit submissions import`` on real
files, with the real nbgrader autograde and the workspace's real SQLite database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
import sqlalchemy as sa

from kit.assess.submission_format import build_submission, submission_bytes
from kit.modules.advokasi import build_advokasi
from kit.modules.submission import submission_file
from kit.modules.widgets import KnowledgeCheck
from kit.records.participants import Participant, add_participant
from kit.storage import schema
from kit.storage.db import write_tx
from kit.workspace import Workspace

from .conftest import _copy_workspace, count, run_kit, scores

pytestmark = pytest.mark.slow

WriteSubmission = Callable[..., Path]
ANSWERS = {
    "email_daftar": {"answer": "Saya membuat akun email di ponsel dan mencatat kata sandinya.",
                     "evidence": [{"kind": "email", "value": "kopi.sragen@example.id"}]},
    "email_tulis": "Saya menulis email penawaran kopi kepada pelanggan.",
}


def _import(ws: Workspace, *files: Path, lang: str = "id") -> tuple[int, str, str]:
    """Run ``python -m kit submissions import FILES`` on ``ws``: (exit code, stdout, stderr)."""
    proc = run_kit("submissions", "import", *map(str, files), "--workspace", str(ws.root),
                   "--lang", lang)
    return proc.returncode, proc.stdout, proc.stderr


def _other_workspace(generated_template: Path, tmp_path: Path) -> Workspace:
    """Another laptop's (or an attacker's) workspace: same release, its own identity."""
    return _copy_workspace(generated_template, tmp_path / "laptop-lain")


def _write(nb: nbformat.NotebookNode, path: Path) -> Path:
    """Write a submission notebook as the module would offer it."""
    path.write_bytes(submission_bytes(nb))
    return path


@pytest.fixture
def rina_phone(ws: Workspace) -> str:
    """Participant ``p3``, Rina Wati of Karangmalang, with phone +6281234567890."""
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="p3", name="Rina Wati", district="Kabupaten Sragen",
                                          village="Karangmalang", phone="+6281234567890"))
    return "081234567890"


def test_forged_file_with_another_participants_id_is_refused(
        ws: Workspace, generated_template: Path, tmp_path: Path) -> None:
    """A file carrying a registered id, unsigned or signed elsewhere, is refused; no score."""
    unsigned = _write(build_submission(ws.folder("release"), "p1", "bimtek", ANSWERS),
                      tmp_path / "palsu-tanpa-tanda.ipynb")
    other = _other_workspace(generated_template, tmp_path)
    elsewhere = _write(build_submission(other, "p1", "bimtek", ANSWERS),
                       tmp_path / "palsu-laptop-lain.ipynb")
    code, out, err = _import(ws, unsigned, elsewhere)
    assert code == 1, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith(f"{unsigned}: DITOLAK: dipalsukan"), lines[0]
    assert "p1" in lines[0] and "tanda tangan" in lines[0]
    assert lines[1].startswith(f"{elsewhere}: DITOLAK: dipalsukan"), lines[1]
    assert "ruang kerja lain" in lines[1]
    assert scores(ws, "p1") == []
    assert count(ws, schema.submission_import) == 0
    assert count(ws, schema.submission_pending) == 0
    code, _out, err = _import(ws, unsigned, lang="en")
    assert code == 1 and err.startswith(f"{unsigned}: REFUSED: forged"), err


def test_tampered_signature_or_answers_are_refused(
        ws: Workspace, write_submission: WriteSubmission) -> None:
    """A genuine file whose answers or signature were changed afterwards is refused as forged."""
    genuine = write_submission(ws, "p1", "bimtek", ANSWERS)
    nb = nbformat.read(genuine, as_version=4)
    assert nb.metadata.umkm.origin.signature  # the fixture signs like the module does
    nb.metadata.umkm.answers["blog_daftar"] = {"answer": "jawaban tambahan", "evidence": []}
    more = _write(nb, genuine.with_name("jawaban-ditambah.ipynb"))
    nb = nbformat.read(genuine, as_version=4)
    sig = nb.metadata.umkm.origin.signature
    nb.metadata.umkm.origin.signature = ("0" if sig[0] != "0" else "1") + sig[1:]
    resigned = _write(nb, genuine.with_name("tanda-diubah.ipynb"))
    nb = nbformat.read(genuine, as_version=4)
    nb.metadata.umkm.participant_id = "p2"
    other_person = _write(nb, genuine.with_name("orang-lain.ipynb"))
    code, out, err = _import(ws, more, resigned, other_person)
    assert code == 1, (out, err)
    lines = err.strip().splitlines()
    assert [line.split(": DITOLAK: ")[0] for line in lines] == [
        str(more), str(resigned), str(other_person)]
    assert all("dipalsukan" in line and "tanda tangan" in line for line in lines), lines
    assert scores(ws) == [] and count(ws, schema.submission_pending) == 0


def _answer_all_right(check: KnowledgeCheck) -> None:
    for qid, field in check.inputs.items():
        q = check.bank.get(qid)
        field.value = q.correct_index if q.kind == "choice" else q.accept[0]
    check.submit_button.click()


def test_genuine_file_made_by_the_module_is_imported(ws: Workspace, tmp_path: Path) -> None:
    """The module's own download, made in this workspace for ``p1``, is imported for ``p1``."""
    page = build_advokasi(workspace=ws.root, local_home=tmp_path / "home")
    page.opening()
    picker = page.frame.picker
    assert picker is not None
    picker.query.value = "Siti Rahayu"
    picker.matches.value = picker.matches.options[0][1]
    picker.pick.click()
    assert page.frame.participant_id == "p1"
    _answer_all_right(page.checks["adv_cara_mudah"])
    name, data = submission_file(page.frame)
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = _import(ws, path)
    assert code == 0, (out, err)
    assert f"{path}: diimpor untuk p1 (advokasi)" in out
    latest = {r["item_id"]: r for r in scores(ws, "p1")}
    assert (latest["adv_cara_mudah"]["level"], latest["adv_cara_mudah"]["source"]) == (
        2, "autograde")


def test_unknown_id_matching_a_phone_is_held_until_confirmed(
        ws: Workspace, rina_phone: str, tmp_path: Path) -> None:
    """An unknown id whose profile has p3's phone is held (no score) and scored after confirm."""
    nb = build_submission(ws.folder("release"), "binder01", "bimtek", ANSWERS,
                          profile={"name": "Rina", "district": "Sragen", "phone": rina_phone})
    path = _write(nb, tmp_path / "dari-binder.ipynb")
    code, out, err = _import(ws, path)
    assert code == 0, (out, err)
    assert out.startswith(f"{path}: DITAHAN, perlu konfirmasi"), out
    assert "Rina Wati" in out and "Karangmalang" in out and "0812****7890" in out
    assert rina_phone not in out
    assert scores(ws) == [] and count(ws, schema.submission_import) == 0
    proc = run_kit("submissions", "pending", "--format", "json", "--workspace", str(ws.root))
    assert proc.returncode == 0, proc.stderr
    (held,) = json.loads(proc.stdout)
    assert held["file"] == "dari-binder.ipynb" and held["file_participant_id"] == "binder01"
    assert held["match"]["participant_id"] == "p3"
    assert held["match"]["phone"] == "0812****7890"
    again = run_kit("submissions", "import", str(path), "--workspace", str(ws.root))
    assert again.returncode == 0 and count(ws, schema.submission_pending) == 1
    assert scores(ws) == []
    proc = run_kit("submissions", "confirm", str(held["id"]), "--workspace", str(ws.root),
                   "--by", "Bu Retno")
    assert proc.returncode == 0, proc.stderr
    assert "diimpor untuk p3 (bimtek)" in proc.stdout
    latest = {r["item_id"]: r for r in scores(ws, "p3")}
    assert latest["email_daftar"]["level"] == 2 and latest["email_daftar"]["source"] == "autograde"
    assert latest["email_daftar"]["recorded_by"] == "Bu Retno"
    with write_tx(ws.engine) as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.participant).where(
            schema.participant.c.id == "binder01")).scalar() == 0
    proc = run_kit("submissions", "pending", "--format", "json", "--workspace", str(ws.root))
    assert json.loads(proc.stdout) == []
    proc = run_kit("submissions", "confirm", str(held["id"]), "--workspace", str(ws.root))
    assert proc.returncode == 0 and "sudah dikonfirmasi sebelumnya, untuk p3" in proc.stdout
    assert len(scores(ws, "p3")) == len(latest)


def test_deeply_nested_file_is_one_line_and_the_batch_goes_on(
        ws: Workspace, tmp_path: Path, write_submission: WriteSubmission) -> None:
    """A 30 KB deeply nested JSON, bad UTF-8, a folder, a missing file: one line each; next ok."""
    nested = tmp_path / "bersarang.ipynb"
    nested.write_text("[" * 15_000 + "]" * 15_000, encoding="utf-8")
    nested_obj = tmp_path / "bersarang-objek.ipynb"
    nested_obj.write_text('{"a":' * 6_000 + "1" + "}" * 6_000, encoding="utf-8")
    bad_utf8 = tmp_path / "bukan-utf8.ipynb"
    bad_utf8.write_bytes(b'{"cells": "\xff\xfe"}')
    folder = tmp_path / "sebuah-folder"
    folder.mkdir()
    missing = tmp_path / "tidak-ada.ipynb"
    good = write_submission(ws, "p1", "bimtek", ANSWERS)
    code, out, err = _import(ws, nested, nested_obj, bad_utf8, folder, missing, good)
    assert code == 1, (out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert [line.split(": DITOLAK: ")[0] for line in lines] == [
        str(nested), str(nested_obj), str(bad_utf8), str(folder), str(missing)], err
    assert f"{good}: diimpor untuk p1 (bimtek)" in out
    assert count(ws, schema.submission_import) == 1
