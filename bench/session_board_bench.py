"""Benchmark of the live board (issue 13): 50 present participants, all 18 bimtek items.

``run()`` returns a JSON-ready dict (``make bench`` prints it). In a temporary SQLite workspace
with 50 participants who attended advokasi (their 19 advokasi levels recorded) and are checked in
to a bimtek session with levels on most of its 18 items (some automatic, with sandbox details):

* ``board``: time to build the board model (:func:`kit.reports.live_board_service.live_board`)
  and the whole panel with its widgets (:class:`kit.session_app.board_panel.BoardPanel`);
  baseline: the same facts read the plain way, one query per participant × item for the latest
  level and the workspace-wide stage report (:func:`kit.reports.stages.stage_report`);
* ``update``: time from a score recorded — a facilitator's tap (``record_observation``) or a
  sandbox action (``record_evidence_score``) — until the panel's next poll has it in the board
  (the live timer polls a cheap fingerprint every ``LIVE_INTERVAL`` s, then re-reads); baseline:
  the same write followed by building a new panel;
* ``update_live``: the same, measured on a running event loop with the board's own live timer
  and taps and sandbox actions from another connection at random moments of the poll cycle
  (p50, p95, max of each);
* ``report``: the session's PDF report (target ≤ 3 s) in the app's process and on the CLI;
* ``checkin``: 50 check-ins on the CLI path, one ``python -m kit session checkin`` process per
  person (``BENCH_CLI_CHECKINS`` runs, default 50, the total scaled to 50), one
  ``session checkin ID P1 … P50`` (the queue at the door in one command), ``session door ID``
  with the fifty names typed one a line (search + check-in each), and one process doing
  the same 50 check-ins through the same service (:func:`kit.records.session_service.checkin`,
  what the app's door panel calls); both are reported.

Targets (issue 13): board ≤ 1 s, update ≤ 0.5 s, 50 check-ins ≤ 5 s of facilitator time.
Run alone with ``python -m bench session_board``.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from kit.assess.observe import record_evidence_score, record_observation, record_observations
from kit.framework import framework
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.records.scores import ScoreEntry
from kit.reports.live_board_service import live_board
from kit.reports.stages import stage_report
from kit.session_app.board_panel import LIVE_INTERVAL, BoardPanel
from kit.session_app.panels import PanelContext
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace, init_workspace

PARTICIPANTS = 50
REPEATS = 5
REPO = Path(__file__).resolve().parents[1]
LIVE_TAPS = 40
TARGETS_MS = {"board": 1000, "update": 500, "checkin_50": 5000, "report_pdf": 3000}


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def _room(root: Path) -> tuple[Workspace, str, list[str]]:
    """The workspace, a bimtek session with 50 present and its history, the participant ids."""
    ws = init_workspace(root / "ws")
    rng = random.Random(13)  # noqa: S311 - reproducible sample levels, not a secret
    fw = framework()
    ids = [f"b{n:03d}" for n in range(PARTICIPANTS)]
    with write_tx(ws.engine) as conn:
        for n, pid in enumerate(ids):
            add_participant(conn, Participant(pid, f"Peserta {n:02d}", "Kabupaten Sragen"))
    advokasi, _w = session_service.create(ws, "advokasi", "2026-11-01", "Sragen")
    bimtek, _w = session_service.create(ws, "bimtek", "2026-12-03", "Sragen")
    for pid in ids:
        session_service.checkin(ws, advokasi.id, pid)
    record_observations(ws, [
        ScoreEntry(pid, item.id, rng.choice((1, 2, 2)), "observation", session_id=advokasi.id,
                   recorded_by="Rina")
        for pid in ids for item in fw.activity("advokasi").items])
    for pid in ids:
        session_service.checkin(ws, bimtek.id, pid)
    items = fw.activity("bimtek").items
    record_observations(ws, [
        ScoreEntry(pid, item.id, rng.choice((0, 1, 2)), "observation", session_id=bimtek.id,
                   recorded_by="Rina")
        for pid in ids for item in items[:12]])
    for pid in ids[:20]:
        record_evidence_score(ws, pid, items[12].id, 2, session_id=bimtek.id,
                              details={"sandbox": True, "action": "send",
                                       "subject": "Penawaran produk", "to": ["toko@contoh.id"]})
    return ws, bimtek.id, ids


def _baseline_board(ws: Workspace, session_id: str) -> int:
    """The plain way: one query per present participant × item, then every stage in the area."""
    fw = framework()
    a, s = schema.attendance, schema.score
    found = 0
    with read_tx(ws.engine) as conn:
        present = [r[0] for r in conn.execute(
            sa.select(a.c.participant_id).where(a.c.session_id == session_id))]
        for pid in present:
            for item in fw.activity("bimtek").items:
                level = conn.execute(
                    sa.select(s.c.level).where(s.c.participant_id == pid, s.c.item_id == item.id)
                    .order_by(s.c.id.desc()).limit(1)).scalar()
                found += int(level is not None and fw.rubric.is_achieved(level))
    stage_report(ws)
    return found


def _board(ws: Workspace, session_id: str) -> dict[str, Any]:
    model = [_timed(lambda: live_board(ws, session_id))[0] for _ in range(REPEATS)]
    panel = [_timed(lambda: BoardPanel(PanelContext(ws, session_id)))[0]
             for _ in range(REPEATS)]
    base = [_timed(lambda: _baseline_board(ws, session_id))[0] for _ in range(REPEATS)]
    return {"kit": {"model_ms": _median(model), "panel_ms": _median(panel)},
            "baseline": {"query_per_cell_and_stage_report_ms": _median(base)},
            "target_ms": TARGETS_MS["board"]}


def _update(ws: Workspace, session_id: str, ids: list[str]) -> dict[str, Any]:
    items = framework().activity("bimtek").items
    panel = BoardPanel(PanelContext(ws, session_id))
    taps, sandbox, refresh_only, rebuild = [], [], [], []
    for n in range(REPEATS):
        pid, item = ids[30 + n], items[14].id
        level = 2 if n % 2 else 1

        def tap(pid: str = pid, item: str = item, level: int = level) -> None:
            record_observation(ws, pid, item, level, facilitator="Rina", session_id=session_id)
            panel.poll()
            assert panel.board.cell(pid, item).level == level

        taps.append(_timed(tap)[0])
        pid2, item2 = ids[40 + n], items[15].id

        def action(pid: str = pid2, item: str = item2) -> None:
            record_evidence_score(ws, pid, item, 2, session_id=session_id,
                                  details={"sandbox": True, "action": "post_text", "post_id": 1})
            panel.poll()
            assert panel.board.cell(pid, item).automatic

        sandbox.append(_timed(action)[0])
        refresh_only.append(_timed(panel.poll)[0])

        def rebuild_after_tap(pid: str = ids[n], item: str = items[16].id) -> None:
            record_observation(ws, pid, item, 2, facilitator="Rina", session_id=session_id)
            BoardPanel(PanelContext(ws, session_id))

        rebuild.append(_timed(rebuild_after_tap)[0])
    return {"kit": {"tap_to_board_ms": _median(taps), "sandbox_action_to_board_ms":
                    _median(sandbox), "poll_with_nothing_new_ms": _median(refresh_only),
                    "poll_interval_ms": LIVE_INTERVAL * 1000,
                    "worst_case_tap_to_screen_ms": round(LIVE_INTERVAL * 1000 + max(taps), 1)},
            "baseline": {"tap_then_new_panel_ms": _median(rebuild)},
            "target_ms": TARGETS_MS["update"]}


def _live(ws: Workspace, session_id: str, ids: list[str]) -> dict[str, Any]:
    """Measured on a running event loop: the board's own live timer, taps from another thread.

    Each tap comes at a random moment of the poll cycle (another connection, like another
    kernel's checklist); the time is from the tap's commit until the panel's cell widget carries
    the new level (what the front end is sent), with the timer as it runs in the app.
    """
    import asyncio
    import concurrent.futures

    items = framework().activity("bimtek").items
    rng = random.Random(7)  # noqa: S311 - reproducible tap moments, not a secret
    panel = BoardPanel(PanelContext(ws, session_id))
    latencies: list[float] = []
    sandbox: list[float] = []
    taps = LIVE_TAPS

    async def measure() -> None:
        panel.start_live(LIVE_INTERVAL)
        loop = asyncio.get_running_loop()
        with concurrent.futures.ThreadPoolExecutor(1) as writer:
            for n in range(taps):
                pid, item = ids[n % len(ids)], items[17 - n % 3].id
                level = (n % 2) + 1 if n % 4 else 0
                await asyncio.sleep(rng.uniform(0, LIVE_INTERVAL))

                def tap(pid: str = pid, item: str = item, level: int = level) -> float:
                    record_observation(ws, pid, item, level, facilitator="Rina",
                                       session_id=session_id)
                    return time.perf_counter()

                if n % 2:  # a sandbox action instead: a cell never automatic before
                    pid, item = ids[n], items[13].id

                    def action(pid: str = pid, item: str = item, post: int = n) -> float:
                        record_evidence_score(ws, pid, item, 2, session_id=session_id, details={
                            "sandbox": True, "action": "post_text", "post_id": post})
                        return time.perf_counter()

                    committed = await loop.run_in_executor(writer, action)
                    while not panel.board.cell(pid, item).automatic:
                        await asyncio.sleep(0.002)
                    sandbox.append((time.perf_counter() - committed) * 1000)
                    continue
                committed = await loop.run_in_executor(writer, tap)
                while panel.board.cell(pid, item).level != level:
                    await asyncio.sleep(0.002)
                latencies.append((time.perf_counter() - committed) * 1000)
        panel.stop_live()

    asyncio.run(measure())

    def spread(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {"n": len(values), "p50_ms": _median(values),
                "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
                "max_ms": round(ordered[-1], 1)}

    return {"kit": {"poll_interval_ms": LIVE_INTERVAL * 1000,
                    "tap_commit_to_board": spread(latencies),
                    "sandbox_action_commit_to_board": spread(sandbox)},
            "target_ms": TARGETS_MS["update"]}


def _report(ws: Workspace, session_id: str) -> dict[str, Any]:
    """The session's report: in the app (one process, what the report tab does) and on the CLI.

    In process: gather (one read transaction) then each format, saved to ``reports/``; the CLI
    figure is one ``python -m kit report session ID --format pdf`` including its start-up.
    Baseline: the same report as XLSX (no charts, no page layout).
    """
    from kit.modules.quiz import question_bank
    from kit.reports.session_report import files
    from kit.reports.session_report.gather import gather
    from kit.ui import Markup, render, style_html

    def styles(name: str) -> Markup:
        return Markup(style_html(name))

    def produce(fmt: str) -> Path:
        report = gather(ws, session_id, lang="id", banks=question_bank)
        return files.save(ws, files.report_file(report, fmt, render, styles))

    produce("pdf")  # warm: fonts and matplotlib loaded once per process, as in the app
    gather_ms = _median([_timed(lambda: gather(ws, session_id, lang="id",
                                               banks=question_bank))[0] for _ in range(REPEATS)])
    timed = {fmt: _median([_timed(lambda fmt=fmt: produce(fmt))[0] for _ in range(3)])
             for fmt in ("pdf", "html", "xlsx")}
    env = {**os.environ, "UMKM_KIT_LANG": "id"}
    cli_ms, done = _timed(lambda: subprocess.run(
        [sys.executable, "-m", "kit", "report", "session", session_id, "--format", "pdf",
         "--workspace", str(ws.root)], cwd=REPO, env=env, capture_output=True, check=False))
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace"))
    return {"kit": {"gather_ms": gather_ms, "pdf_in_app_ms": timed["pdf"],
                    "html_in_app_ms": timed["html"], "pdf_cli_with_startup_ms": round(cli_ms, 1),
                    "pdf_bytes": produce("pdf").stat().st_size},
            "baseline": {"xlsx_same_report_ms": timed["xlsx"]},
            "target_ms": TARGETS_MS["report_pdf"]}


def _checkin(ws: Workspace, ids: list[str]) -> dict[str, Any]:
    cli_session, _w = session_service.create(ws, "bimtek", "2026-12-04", "Sragen")
    one_session, _w = session_service.create(ws, "bimtek", "2026-12-05", "Sragen")
    queue_session, _w = session_service.create(ws, "bimtek", "2026-12-06", "Sragen")
    door_session, _w = session_service.create(ws, "bimtek", "2026-12-07", "Sragen")
    env = {**os.environ, "UMKM_KIT_LANG": "id"}
    runs = int(os.environ.get("BENCH_CLI_CHECKINS", str(PARTICIPANTS)))
    cli: list[float] = []
    for pid in ids[:runs]:
        elapsed, done = _timed(lambda pid=pid: subprocess.run(
            [sys.executable, "-m", "kit", "session", "checkin", cli_session.id, pid,
             "--workspace", str(ws.root)], cwd=REPO, env=env, capture_output=True, check=False))
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode(errors="replace"))
        cli.append(elapsed)
    queue, queued = _timed(lambda: subprocess.run(
        [sys.executable, "-m", "kit", "session", "checkin", queue_session.id, *ids,
         "--workspace", str(ws.root)], cwd=REPO, env=env, capture_output=True, check=False))
    if queued.returncode != 0:
        raise RuntimeError(queued.stderr.decode(errors="replace"))
    names = "".join(f"Peserta {n:02d}\n" for n in range(len(ids)))
    door_ms, at_door = _timed(lambda: subprocess.run(
        [sys.executable, "-m", "kit", "session", "door", door_session.id,
         "--workspace", str(ws.root)], input=names.encode(), cwd=REPO, env=env,
        capture_output=True, check=False))
    if at_door.returncode != 0 or at_door.stdout.decode().count("tercatat hadir") < len(ids):
        raise RuntimeError(at_door.stdout.decode(errors="replace")
                           + at_door.stderr.decode(errors="replace"))
    in_process, _r = _timed(lambda: [session_service.checkin(ws, one_session.id, pid)
                                     for pid in ids])
    return {"cli_one_process_per_person": {
                "total_50_ms": round(sum(cli) * len(ids) / max(len(cli), 1), 1),
                "median_per_checkin_ms": _median(cli), "runs_measured": len(cli)},
            "cli_one_command_for_the_queue": {"total_50_ms": round(queue, 1)},
            "cli_door_50_names_typed": {"total_50_ms": round(door_ms, 1),
                                        "per_person_ms": round(door_ms / len(ids), 1)},
            "one_process_for_all_50": {
                "total_50_ms": round(in_process, 1),
                "per_checkin_ms": round(in_process / len(ids), 2)},
            "target_ms": TARGETS_MS["checkin_50"]}


def run() -> dict[str, Any]:
    """Measure board build, update after a score, and 50 check-ins; with baselines."""
    with tempfile.TemporaryDirectory() as tmp:
        setup_ms, (ws, session_id, ids) = _timed(lambda: _room(Path(tmp)))
        try:
            return {"participants": PARTICIPANTS, "items": len(framework().activity(
                "bimtek").items), "setup_ms": round(setup_ms, 1), "repeats": REPEATS,
                "board": _board(ws, session_id), "update": _update(ws, session_id, ids),
                "update_live": _live(ws, session_id, ids),
                "report": _report(ws, session_id),
                "checkin": _checkin(ws, ids)}
        finally:
            ws.engine.dispose()


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
