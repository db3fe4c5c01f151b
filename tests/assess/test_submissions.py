import json
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.utils import compute_checksum

from kit.assess.dual_write import check_consistency
from kit.assess.generate import release_path
from kit.assess.observe import record_observation
from kit.assess.rule import umkm_item_level
from kit.assess.submission_format import build_submission, submission_bytes
from kit.assess.submissions import import_submission
from kit.framework import framework
from kit.storage import schema
from kit.workspace import Workspace

from .conftest import count, run_kit, scores

pytestmark = pytest.mark.slow

WriteSubmission = Callable[..., Path]
GOOD = {
    "email_daftar": {"answer": "Saya membuat akun email di ponsel dan mencatat kata sandinya.",
                     "evidence": [{"kind": "email", "value": "kopi.sragen@example.id"}]},
    "email_tulis": "Saya menulis email penawaran kopi kepada pelanggan.",
    "email_lampiran": {"answer": "", "evidence": [{"kind": "file_name", "value": "katalog.pdf"}]},
    "blog_daftar": "terlalu pendek",
}


def _tamper(path: Path, change: Callable[[nbformat.NotebookNode], None]) -> Path:
    nb = nbformat.read(path, as_version=4)
    change(nb)
    out = path.with_name("tampered-" + path.name)
    out.write_text(nbformat.writes(nb), encoding="utf-8")
    return out


def test_import_autogrades_from_the_release_and_records_scores(
        ws: Workspace, write_submission: WriteSubmission) -> None:
    """A valid file is autograded by nbgrader; levels follow the rule and land in both stores."""
    path = write_submission(ws, "p1", "bimtek", GOOD)
    proc = run_kit("submissions", "import", str(path), "--workspace", str(ws.root),
                   "--by", "Bu Retno")
    assert proc.returncode == 0, proc.stderr
    assert "diimpor untuk p1 (bimtek), 3 dari 18 butir tercapai" in proc.stdout
    rows = {r["item_id"]: r for r in scores(ws, "p1")}
    assert {k: r["level"] for k, r in rows.items() if r["level"]} == {
        "email_daftar": 2, "email_tulis": 1, "email_lampiran": 1}
    assert len(rows) == len(framework().activity("bimtek").items)
    assert {r["source"] for r in rows.values()} == {"autograde"}
    for item_id, answer in GOOD.items():
        assert rows[item_id]["level"] == umkm_item_level(
            {"answer": answer} if isinstance(answer, str) else answer)
        answered = rows[item_id]["details"]["answered"]
        text = answer if isinstance(answer, str) else answer["answer"]
        assert answered["answer"] == text
    assert rows["email_daftar"]["recorded_by"] == "Bu Retno"
    with Gradebook(ws.db_url, ws.course_id) as gb:
        grade = gb.find_grade("email_daftar", "bimtek", "bimtek", "p1")
        assert (grade.auto_score, grade.manual_score) == (2.0, None)
    assert count(ws, schema.submission_import) == 1
    assert count(ws, schema.evidence) == len(GOOD)
    assert check_consistency(ws) == []
    graded = nbformat.read(ws.root / "autograded" / "p1" / "bimtek" / "bimtek.ipynb", as_version=4)
    release = nbformat.read(release_path(ws, "bimtek"), as_version=4)
    assert [c.source for c in graded.cells] == [c.source for c in release.cells]


def test_reimport_of_the_same_file_changes_nothing(
        ws: Workspace, write_submission: WriteSubmission) -> None:
    """Importing the same bytes again is reported as already imported and writes nothing."""
    path = write_submission(ws, "p1", "bimtek", GOOD)
    assert import_submission(ws, path).status == "imported"
    before = (count(ws, schema.score), count(ws, schema.evidence))
    proc = run_kit("submissions", "import", str(path), "--workspace", str(ws.root))
    assert proc.returncode == 0, proc.stderr
    assert "sudah pernah diimpor" in proc.stdout
    assert (count(ws, schema.score), count(ws, schema.evidence)) == before
    assert count(ws, schema.submission_import) == 1


def test_facilitator_levels_stand_over_autograde(
        ws: Workspace, write_submission: WriteSubmission) -> None:
    """Items the facilitator judged keep their level; the autograde result stays evidence."""
    record_observation(ws, "p1", "email_daftar", 0, facilitator="Bu Retno")
    result = import_submission(ws, write_submission(ws, "p1", "bimtek", GOOD))
    assert result.status == "imported" and result.kept == ("email_daftar",)
    latest = {r["item_id"]: r for r in scores(ws, "p1")}
    assert (latest["email_daftar"]["source"], latest["email_daftar"]["level"]) == (
        "observation", 0)
    assert check_consistency(ws) == []


@pytest.mark.parametrize("content", [
    b"", b"\x00\x01binary", b"{not json", b'{"cells": "no"}', b"[]",
    json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}).encode(),
])
def test_corrupt_files_are_refused_with_the_file_name(
        ws: Workspace, tmp_path: Path, content: bytes) -> None:
    """Unreadable, non-notebook or kit-less files are refused, naming the file, writing nothing."""
    path = tmp_path / "rusak.ipynb"
    path.write_bytes(content)
    result = import_submission(ws, path)
    assert (result.status, result.kind) == ("refused", "corrupt"), result
    assert count(ws, schema.score) == 0 and count(ws, schema.submission_import) == 0


def test_cli_names_each_refused_file_and_imports_the_others(
        ws: Workspace, tmp_path: Path, write_submission: WriteSubmission) -> None:
    """With one good and one corrupt file the CLI imports the good one and names the bad one."""
    bad = tmp_path / "kiriman-rusak.ipynb"
    bad.write_text("{]", encoding="utf-8")
    good = write_submission(ws, "p2", "advokasi", {"adv_nawacita": "Nawacita adalah agenda."})
    proc = run_kit("submissions", "import", str(bad), str(good), "--workspace", str(ws.root))
    assert proc.returncode == 1
    assert "kiriman-rusak.ipynb: DITOLAK: bukan notebook yang dapat dibaca" in proc.stderr
    assert count(ws, schema.submission_import) == 1


def test_other_and_unknown_activities_are_refused(
        ws: Workspace, write_submission: WriteSubmission) -> None:
    """Files for another activity, an unknown activity or with another activity's items fail."""
    path = write_submission(ws, "p1", "bimtek", GOOD)
    result = import_submission(ws, path, activity="advokasi")
    assert (result.status, result.kind) == ("refused", "other_activity")
    assert "'bimtek'" in result.reason and "'advokasi'" in result.reason

    def unknown(nb: nbformat.NotebookNode) -> None:
        nb.metadata.umkm.activity_id = "puskom"
    assert import_submission(ws, _tamper(path, unknown)).kind == "unknown_activity"

    def foreign_item(nb: nbformat.NotebookNode) -> None:
        nb.metadata.umkm.answers["adv_nawacita"] = {"answer": "jawaban advokasi", "evidence": []}
    result = import_submission(ws, _tamper(path, foreign_item))
    assert result.kind == "other_activity" and "adv_nawacita" in result.reason

    def relabelled(nb: nbformat.NotebookNode) -> None:
        nb.metadata.umkm.activity_id = "advokasi"
        nb.metadata.umkm.answers = {}
    result = import_submission(ws, _tamper(path, relabelled))
    assert result.kind == "other_activity" and "'bimtek'" in result.reason
    assert count(ws, schema.score) == 0


def test_unknown_participant_is_refused(ws: Workspace, write_submission: WriteSubmission) -> None:
    """A file of a participant not on this workspace's roster is refused."""
    path = write_submission(ws, "p9", "bimtek", GOOD)
    result = import_submission(ws, path)
    assert (result.status, result.kind) == ("refused", "unknown_participant")
    assert count(ws, schema.score) == 0


def test_tampered_files_are_refused(ws: Workspace, write_submission: WriteSubmission) -> None:
    """Changed checksums, changed cell sources, added cells or changed points are refused."""
    path = write_submission(ws, "p1", "bimtek", GOOD)

    def checksum(nb: nbformat.NotebookNode) -> None:
        nb.cells[5].metadata.nbgrader.checksum = "0" * 32

    def source(nb: nbformat.NotebookNode) -> None:
        nb.cells[5].source = "2"

    def added(nb: nbformat.NotebookNode) -> None:
        nb.cells.append(nbformat.v4.new_code_cell("print('hai')"))

    def points(nb: nbformat.NotebookNode) -> None:
        nb.cells[5].metadata.nbgrader.points = 20

    for change, words in ((checksum, "metadata"), (source, "berbeda dari versi rilis"),
                          (added, "ditambah atau dihapus"), (points, "metadata")):
        result = import_submission(ws, _tamper(path, change))
        assert (result.status, result.kind) == ("refused", "tampered"), change.__name__
        assert words in result.reason, (change.__name__, result.reason)
    assert count(ws, schema.score) == 0


def test_injected_code_never_runs(ws: Workspace, tmp_path: Path,
                                  write_submission: WriteSubmission) -> None:
    """Code put in a cell (checksum forged) or in an answer is never executed by the import."""
    marker = tmp_path / "PWNED"
    payload = f"import os; os.system('touch {marker}'); open({str(marker)!r}, 'w').write('x')"
    path = write_submission(ws, "p1", "bimtek", {
        "email_daftar": {"answer": payload, "evidence": [{"kind": "text", "value": payload}]}})

    def inject(nb: nbformat.NotebookNode) -> None:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source = payload
                cell.metadata.nbgrader.checksum = compute_checksum(cell)

    result = import_submission(ws, _tamper(path, inject))
    assert (result.status, result.kind) == ("refused", "tampered")
    assert not marker.exists()
    result = import_submission(ws, path)
    assert result.status == "imported" and result.levels["email_daftar"] == 2
    assert not marker.exists()
    graded = nbformat.read(ws.root / "autograded" / "p1" / "bimtek" / "bimtek.ipynb", as_version=4)
    assert all(payload not in c.source for c in graded.cells)


def test_build_submission_accepts_a_release_folder_and_validates(ws: Workspace) -> None:
    """`build_submission` works from a release folder and refuses answers for unknown items."""
    nb = build_submission(ws.folder("release"), "p1", "komunitas",
                          {"kom_peran": "Pengurus mengatur jadwal pertemuan komunitas."})
    assert nb.metadata.umkm["answers"]["kom_peran"]["answer"].startswith("Pengurus")
    assert b'"format": "umkm-submission"' in submission_bytes(nb)
    with pytest.raises(ValueError, match="no_such_item"):
        build_submission(ws, "p1", "komunitas", {"no_such_item": "x"})
