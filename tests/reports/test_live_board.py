"""The live board: per item achieved by present participants, what is missing, evidence, stages."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta

import attrs
import pytest
from PIL import Image

from kit.assess.observe import record_evidence_score, record_observation
from kit.framework import framework
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.reports.live_board import Present, ScoreFact, build_board, changes, evidence_lines
from kit.reports.live_board_service import BoardError, cell_evidence, live_board
from kit.reports.stage_chart import stage_chart_png, stage_figure
from kit.storage.db import write_tx
from kit.workspace import Workspace

T0 = datetime(2026, 12, 1, 8, 0)
CHECKED_IN = datetime(2026, 12, 3, 9, 0)


def _facts(pid: str, item_ids: list[str], level: int, session: str | None, at: datetime,
           start: int, source: str = "observation") -> list[ScoreFact]:
    return [ScoreFact(pid, item_id, level, source, session, at, None, start + n)
            for n, item_id in enumerate(item_ids)]


def _room() -> tuple[list[Present], list[ScoreFact]]:
    """A UMKM owner who reaches Presence today, an NGO guest doing the same, a newcomer."""
    fw = framework()
    advokasi = [i.id for i in fw.activity("advokasi").items]
    presence = [i.id for i in fw.items_for_stage("presence")]
    present = [Present("a", "Ani", None, CHECKED_IN), Present("b", "Budi", "ngo", CHECKED_IN),
               Present("c", "Citra", "umkm", CHECKED_IN)]
    scores: list[ScoreFact] = []
    for pid, base in (("a", 0), ("b", 1000)):
        scores += _facts(pid, advokasi, 2, "adv-1", T0, base)
        scores += _facts(pid, presence, 2, "s1", CHECKED_IN + timedelta(hours=1), base + 100)
    scores.append(ScoreFact("c", presence[0], 0, "observation", "s1",
                            CHECKED_IN + timedelta(hours=1), None, 5000))
    scores.append(ScoreFact("c", presence[1], 1, "autograde", "s1",
                            CHECKED_IN + timedelta(hours=2),
                            {"sandbox": True, "refused_attempts": 0, "action": "send",
                             "subject": "Penawaran keripik", "to": ["toko@contoh.id"]}, 5001))
    return present, scores


def test_items_count_present_achievers_and_rows_list_what_is_missing() -> None:
    """Level 1 or 2 counts as achieved, 0 does not; each row lists its unachieved items."""
    fw = framework()
    bimtek = fw.activity("bimtek")
    present, scores = _room()
    presence = [i.id for i in fw.items_for_stage("presence")]
    board = build_board(fw, "s1", bimtek, present, scores,
                        {"a": {"advokasi"}, "b": {"advokasi"}})
    assert len(board.items) == len(bimtek.items) == 18
    assert board.tally(presence[0]).achieved == 2  # Ani, Budi; Citra's 0 does not count
    assert board.tally(presence[1]).achieved == 3  # Citra's automatic 1 counts
    assert all(t.present == 3 for t in board.items)
    rows = {r.participant_id: r for r in board.rows}
    assert presence[0] in rows["c"].missing and presence[1] not in rows["c"].missing
    assert set(rows["a"].missing) == {i.id for i in bimtek.items} - set(presence)
    assert rows["b"].participant_type == "ngo"


def test_an_automatic_cell_carries_its_evidence_and_an_observed_one_none() -> None:
    """The email a participant sent is the evidence of the automatic cell; bookkeeping is hidden."""
    fw = framework()
    present, scores = _room()
    presence = [i.id for i in fw.items_for_stage("presence")]
    board = build_board(fw, "s1", fw.activity("bimtek"), present, scores, {}, lang="en")
    auto = board.cell("c", presence[1])
    assert auto.automatic and auto.level == 1 and auto.achieved
    assert auto.evidence == (("Action", "send"), ("Subject", "Penawaran keripik"),
                             ("To", "toko@contoh.id"))
    assert board.cell("c", presence[0]).evidence == ()
    assert board.cell("c", presence[2]).level is None
    assert evidence_lines({"subject": "x"}, "id") == (("Subjek", "x"),)


def test_stages_before_and_now_count_umkm_owners_only() -> None:
    """Before = the log at check-in without this session; the NGO guest is never staged."""
    fw = framework()
    present, scores = _room()
    board = build_board(fw, "s1", fw.activity("bimtek"), present, scores,
                        {"a": {"advokasi"}, "b": {"advokasi"}})
    bars = {b.stage_id: (b.before, b.now) for b in board.stages}
    assert bars[None] == (1, 1)              # Citra, before and now
    assert bars["preparatory"] == (1, 0)     # Ani walked in at Preparatory …
    assert bars["presence"] == (0, 1)        # … and is at Presence now
    assert sum(b for b, _n in bars.values()) == sum(n for _b, n in bars.values()) == 2


def test_before_counts_earlier_sessions_by_their_day_not_by_when_levels_were_typed() -> None:
    """Advokasi levels typed in after the check-in still count before; a later session's do not."""
    fw = framework()
    advokasi = [i.id for i in fw.activity("advokasi").items]
    typed_late = CHECKED_IN + timedelta(days=30)
    person = Present("a", "Ani", None, CHECKED_IN)
    earlier = [ScoreFact("a", i, 2, "observation", "adv-1", typed_late, None, n,
                         date(2026, 8, 1)) for n, i in enumerate(advokasi)]
    board = build_board(fw, "kom-1", fw.activity("komunitas"), [person], earlier,
                        {"a": {"advokasi"}}, session_date=date(2026, 9, 1),
                        attended_earlier={"a": {"advokasi"}})
    assert {b.stage_id: b.before for b in board.stages}["preparatory"] == 1
    later = [attrs.evolve(f, session_date=date(2026, 10, 1)) for f in earlier]
    board = build_board(fw, "kom-1", fw.activity("komunitas"), [person], later,
                        {"a": {"advokasi"}}, session_date=date(2026, 9, 1),
                        attended_earlier={})
    bars = {b.stage_id: (b.before, b.now) for b in board.stages}
    assert bars[None] == (1, 0) and bars["preparatory"] == (0, 1)


def test_changes_name_only_what_differs() -> None:
    """One new score changes its cell and its item's tally, nothing else."""
    fw = framework()
    bimtek = fw.activity("bimtek")
    present, scores = _room()
    old = build_board(fw, "s1", bimtek, present, scores, {})
    item = bimtek.items[-1].id
    new = build_board(fw, "s1", bimtek, present,
                      [*scores, ScoreFact("a", item, 2, "observation", "s1", None, None, 9999)],
                      {})
    diff = changes(old, new)
    assert diff.cells == {("a", item)} and diff.items == {item}
    assert diff.rows_changed and not diff.stages_changed
    assert not changes(new, new)


def _person(ws: Workspace, pid: str, name: str) -> None:
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(pid, name, "Kabupaten Sragen"))


def test_service_reads_present_people_only_and_the_evidence_of_a_cell(
        make_workspace: Callable[..., Workspace]) -> None:
    """An absent participant's scores do not count; the sent email is behind the cell."""
    ws = make_workspace()
    for pid, name in (("p1", "Ani"), ("p2", "Budi"), ("p3", "Citra")):
        _person(ws, pid, name)
    session, _warnings = session_service.create(ws, "bimtek", "2026-12-03", "Sragen")
    for pid in ("p1", "p2"):
        session_service.checkin(ws, session.id, pid, admit_reason="uji coba")
    item = framework().activity("bimtek").items[2].id
    record_observation(ws, "p1", item, 2, facilitator="Rina", session_id=session.id)
    record_observation(ws, "p3", item, 2, facilitator="Rina", session_id=session.id)
    record_evidence_score(ws, "p2", item, 1, session_id=session.id,
                          details={"sandbox": True, "action": "send", "subject": "Halo"})
    board = live_board(ws, session.id, lang="en")
    assert [r.name for r in board.rows] == ["Ani", "Budi"]
    assert board.tally(item).achieved == 2 and board.tally(item).present == 2
    assert board.cell("p2", item).evidence == (("Action", "send"), ("Subject", "Halo"))
    found = cell_evidence(ws, "p2", item, lang="en")
    assert found and ("Subject", "Halo") in found[0].lines
    with pytest.raises(BoardError, match="no session 'nope'"):
        live_board(ws, "nope", lang="en")


def test_stage_chart_is_readable_in_grey() -> None:
    """Before bars are hatched white, now bars solid dark grey; the PNG has both and the counts."""
    fw = framework()
    present, scores = _room()
    bars = build_board(fw, "s1", fw.activity("bimtek"), present, scores, {}).stages
    fig = stage_figure(bars, "id")
    ax = fig.axes[0]
    before, now = ax.containers[0], ax.containers[1]
    assert all(p.get_hatch() for p in before) and not any(p.get_hatch() for p in now)
    grey = [0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
            for c in (before[0].get_facecolor(), now[0].get_facecolor())]
    assert grey[0] - grey[1] > 0.5
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Sebelum sesi", "Sekarang"]
    png = stage_chart_png(bars, "id")
    assert png.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(png))
    assert image.size == (640, 320)
