"""Progress per activity counts a participant's achieved items by their latest level."""

from __future__ import annotations

from collections.abc import Callable

from kit.framework import framework
from kit.records.participants import Participant, add_participant
from kit.records.scores import ScoreEntry, record_score
from kit.reports.progress import participant_progress
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace


def test_progress_counts_latest_levels_per_activity(
    make_workspace: Callable[..., Workspace],
) -> None:
    """An item at 0 after 2 no longer counts; other activities stay at zero of their total."""
    ws = make_workspace()
    fw = framework()
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="p1", name="Siti", district="Kota Pontianak"))
        record_score(conn, fw, ScoreEntry("p1", "adv_mp3ei", 2, "observation"))
        record_score(conn, fw, ScoreEntry("p1", "adv_nawacita", 2, "observation"))
        record_score(conn, fw, ScoreEntry("p1", "adv_nawacita", 0, "observation"))
        record_score(conn, fw, ScoreEntry("p1", "email_daftar", 1, "autograde"))
    with read_tx(ws.engine) as conn:
        progress = participant_progress(conn, fw, "p1")
    assert (progress["advokasi"].achieved, progress["advokasi"].total) == (1, 19)
    assert (progress["bimtek"].achieved, progress["bimtek"].total) == (1, 18)
    assert (progress["komunitas"].achieved, progress["komunitas"].percent) == (0, 0)
    assert progress["bimtek"].percent == 6
