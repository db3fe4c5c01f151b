"""The feedback page follows the guide's stage rule and names the next concrete step."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.assess.observe import record_observations
from kit.framework import framework
from kit.records.participants import Participant, add_participant
from kit.records.scores import ScoreEntry
from kit.records.sessions import Session, add_session, check_in
from kit.storage.db import write_tx
from kit.workspace import Workspace

from .conftest import run_kit

pytestmark = pytest.mark.slow

BIMTEK_STAGES = ("presence", "portal", "transaction_integration")


def _did_every_bimtek_task(ws: Workspace, pid: str) -> None:
    """``pid`` is registered and every email, blog and store item is achieved (level 2)."""
    fw = framework()
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id=pid, name="Sri Lestari", district="Kabupaten Sragen"))
    record_observations(ws, [ScoreEntry(participant_id=pid, item_id=i.id, level=2,
                                        source="observation")
                             for s in BIMTEK_STAGES for i in fw.items_for_stage(s)])


def _feedback(ws: Workspace, pid: str, out: Path) -> str:
    """The participant's feedback page as written by ``python -m kit feedback``."""
    proc = run_kit("feedback", "--participant", pid, "--out", str(out),
                   "--workspace", str(ws.root))
    assert proc.returncode == 0, proc.stderr
    return (out / f"{pid}.html").read_text(encoding="utf-8")


def test_bimtek_done_after_attending_advokasi_is_transaction_integration(
        ws: Workspace, tmp_path: Path) -> None:
    """Advokasi attended and every bimtek task done: Integrasi Transaksi, no advokasi to redo."""
    _did_every_bimtek_task(ws, "pb1")
    with write_tx(ws.engine) as conn:
        add_session(conn, Session(id="adv-sragen-1", activity_id="advokasi",
                                  title="Forum Advokasi Sragen"))
        check_in(conn, "adv-sragen-1", "pb1")
    html = _feedback(ws, "pb1", tmp_path)
    fw = framework()
    current = html[html.index('class="stage"'):html.index('class="next"')]
    assert fw.stage("transaction_integration").title.indonesian in current
    assert "Belum mencapai tahap" not in current
    to_practise = html[html.index('class="next"'):html.index("<table")]
    assert fw.item("adv_mp3ei").title.indonesian not in to_practise


def test_bimtek_done_without_advokasi_asks_to_take_part(ws: Workspace, tmp_path: Path) -> None:
    """Every bimtek task but no advokasi: no stage yet, and the next step is to join advokasi."""
    _did_every_bimtek_task(ws, "pb2")
    html = _feedback(ws, "pb2", tmp_path)
    fw = framework()
    nxt = html[html.index('class="next"'):]
    assert fw.stage("presence").title.indonesian in nxt
    assert "Ikuti kegiatan " + fw.activity("advokasi").title.indonesian in nxt
