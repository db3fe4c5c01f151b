import csv
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from nbgrader.api import Gradebook, MissingEntry

from kit.assess.dual_write import check_consistency, write_facilitator_scores
from kit.assess.observe import record_observation, record_override
from kit.records.scores import ScoreEntry, ScoreError
from kit.storage import schema
from kit.storage.db import write_tx
from kit.workspace import Workspace

from .conftest import count, run_kit, run_nbgrader_cmd, scores

pytestmark = pytest.mark.slow


def _grade(ws: Workspace, item: str, activity: str, student: str) -> tuple[float | None, ...]:
    with Gradebook(ws.db_url, ws.course_id) as gb:
        g = gb.find_grade(item, activity, activity, student)
        return g.auto_score, g.manual_score, g.score


def _export(ws: Workspace, tmp_path: Path) -> dict[tuple[str, str], float]:
    out = tmp_path / "grades.csv"
    proc = run_nbgrader_cmd(ws, "export", f"--to={out}")
    assert proc.returncode == 0, proc.stderr
    with out.open(encoding="utf-8") as fh:
        return {(r["student_id"], r["assignment"]): float(r["score"]) for r in csv.DictReader(fh)}


def test_observation_is_written_to_kit_score_and_gradebook(ws: Workspace, tmp_path: Path) -> None:
    """An observation lands in kit_score and as the manual score that nbgrader export sums."""
    record_observation(ws, "p1", "email_daftar", 2, note="mengirim email", facilitator="Bu Retno")
    record_observation(ws, "p1", "email_tulis", 1, facilitator="Bu Retno")
    record_observation(ws, "p1", "email_tulis", 0, facilitator="Bu Retno")
    record_observation(ws, "p2", "adv_nawacita", 1)
    rows = scores(ws, "p1")
    assert [(r["item_id"], r["level"], r["source"]) for r in rows] == [
        ("email_daftar", 2, "observation"), ("email_tulis", 1, "observation"),
        ("email_tulis", 0, "observation")]
    assert rows[0]["note"] == "mengirim email" and rows[0]["recorded_by"] == "Bu Retno"
    assert _grade(ws, "email_daftar", "bimtek", "p1") == (None, 2.0, 2.0)
    assert _grade(ws, "email_tulis", "bimtek", "p1") == (None, 0.0, 0.0)
    totals = _export(ws, tmp_path)
    assert totals[("p1", "bimtek")] == 2.0
    assert totals[("p2", "advokasi")] == 1.0
    assert check_consistency(ws) == []


def test_bad_observation_writes_nothing_anywhere(ws: Workspace) -> None:
    """An unknown participant, item or level is refused before anything is written."""
    for pid, item, level in (("nobody", "email_daftar", 1), ("p1", "no_such_item", 1),
                             ("p1", "email_daftar", 3)):
        with pytest.raises(ScoreError):
            record_observation(ws, pid, item, level)
    assert count(ws, schema.score) == 0
    with Gradebook(ws.db_url, ws.course_id) as gb, pytest.raises(MissingEntry):
        gb.find_submission("bimtek", "p1")


def test_both_stores_roll_back_together(ws: Workspace) -> None:
    """A failure after both writes in the shared transaction leaves neither kit_score nor grade."""
    entry = ScoreEntry(participant_id="p1", item_id="email_daftar", level=2, source="observation")
    with pytest.raises(RuntimeError, match="boom"), write_tx(ws.engine) as conn:
        write_facilitator_scores(conn, ws, [entry])
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.score)).scalar() == 1
        raise RuntimeError("boom")
    assert count(ws, schema.score) == 0
    with Gradebook(ws.db_url, ws.course_id) as gb, pytest.raises(MissingEntry):
        gb.find_submission("bimtek", "p1")


def test_manual_score_survives_autograde_force(
        ws: Workspace, write_submission: Callable[..., Path], tmp_path: Path) -> None:
    """A facilitator's level stays the gradebook score after `nbgrader autograde --force`."""
    record_observation(ws, "p1", "email_daftar", 1, facilitator="Bu Retno")
    path = write_submission(ws, "p1", "bimtek", {
        "email_daftar": {"answer": "Saya mendaftar akun email sendiri di ponsel.",
                         "evidence": [{"kind": "email", "value": "sitirahayu@example.id"}]}})
    proc = run_kit("submissions", "import", str(path), "--workspace", str(ws.root))
    assert proc.returncode == 0, proc.stderr
    proc = run_nbgrader_cmd(ws, "autograde", "bimtek", "--student", "p1", "--force")
    assert proc.returncode == 0, proc.stderr
    assert _grade(ws, "email_daftar", "bimtek", "p1") == (2.0, 1.0, 1.0)
    assert _export(ws, tmp_path)[("p1", "bimtek")] == 1.0
    assert check_consistency(ws) == []


def test_override_via_cli_records_who_and_when(ws: Workspace) -> None:
    """`assess override` writes source override with the facilitator's name, time and note."""
    record_observation(ws, "p1", "blog_daftar", 0)
    proc = run_kit("assess", "override", "--participant", "p1", "--item", "blog_daftar",
                   "--level", "2", "--by", "Pak Syahrul", "--note", "blog sudah aktif",
                   "--workspace", str(ws.root))
    assert proc.returncode == 0, proc.stderr
    assert "oleh Pak Syahrul" in proc.stdout
    last = scores(ws, "p1")[-1]
    assert (last["source"], last["level"], last["recorded_by"], last["note"]) == (
        "override", 2, "Pak Syahrul", "blog sudah aktif")
    assert last["recorded_at"] is not None
    assert _grade(ws, "blog_daftar", "bimtek", "p1")[1:] == (2.0, 2.0)
    assert check_consistency(ws) == []


def test_override_needs_a_name_and_valid_level(ws: Workspace) -> None:
    """An override without a facilitator name, or with a bad level, is refused (exit 2)."""
    with pytest.raises(ScoreError):
        record_override(ws, "p1", "blog_daftar", 2, by="  ")
    proc = run_kit("assess", "override", "--participant", "p1", "--item", "blog_daftar",
                   "--level", "5", "--by", "Bu Maya", "--workspace", str(ws.root))
    assert proc.returncode == 2
    assert "level" in proc.stderr
    assert count(ws, schema.score) == 0


def test_check_and_sync_repair_a_gradebook_changed_behind_the_kit(ws: Workspace) -> None:
    """`assess check` reports a gradebook edited elsewhere and `assess sync` restores it."""
    record_observation(ws, "p1", "toko_daftar", 2)
    with Gradebook(ws.db_url, ws.course_id) as gb:
        gb.find_grade("toko_daftar", "bimtek", "bimtek", "p1").manual_score = 0.0
        gb.db.commit()
    proc = run_kit("assess", "check", "--workspace", str(ws.root))
    assert proc.returncode == 1 and "toko_daftar" in proc.stdout
    proc = run_kit("assess", "sync", "--workspace", str(ws.root))
    assert proc.returncode == 0, proc.stderr
    assert run_kit("assess", "check", "--workspace", str(ws.root)).returncode == 0
    assert _grade(ws, "toko_daftar", "bimtek", "p1")[1] == 2.0


def test_demo_cohort_gradebook_agrees_with_the_kit(tmp_path: Path) -> None:
    """The demo cohort's observations are gradebook manual scores matching kit_score exactly.

    (The demo's community also records its Table 5.3 evidence, as autograded scores, on the
    two election items only.)
    """
    from kit.assess.demo import init_demo_workspace
    from kit.records.scores import latest_scores
    from kit.storage.db import read_tx

    demo = init_demo_workspace(tmp_path / "demo")
    assert check_consistency(demo) == []
    with read_tx(demo.engine) as conn:
        latest = latest_scores(conn)
    evidence = {"kom_pemilihan_pengurus", "kom_pelantikan"}
    assert latest and {e.source for e in latest if e.item_id not in evidence} == {"observation"}
    assert {e.item_id for e in latest if e.source == "autograde"} <= evidence
    totals = _export(demo, tmp_path)
    pid = latest[0].participant_id
    bimtek = sum(e.level for e in latest if e.participant_id == pid
                 and e.item_id.startswith(("email_", "blog_", "toko_")))
    assert totals[(pid, "bimtek")] == bimtek
