"""Benchmark of the checklist app at full size: 50 participants × 21 items (komunitas).

``run()`` returns a JSON-ready dict (``make bench`` prints it). Measured, in a temporary SQLite
workspace, as medians over a few repetitions:

* ``kit``: the factory (:func:`kit.checklist.widget.checklist_app`): time to open the page
  (first materi grid), time to build *every* materi grid, time of one cell update (a tap: the
  write through ``record_observation`` committed, count label and status updated), and how many
  widget models were created;
* ``baseline``: a plain-ipywidgets checklist: all 1050 ``ToggleButtons`` created at once, each
  with its own layout and style, and a tap that writes and then re-reads every level from the
  database to refresh the 21 counts.

Run alone with ``python -m bench.checklist_bench``.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget import _instances

from kit.assess.observe import record_observation
from kit.checklist.sample import add_sample_session
from kit.checklist.widget import ChecklistApp, checklist_app
from kit.framework import Item, framework
from kit.records.scores import latest_levels
from kit.storage.db import read_tx
from kit.workspace import Workspace, init_workspace

PARTICIPANTS = 50
ACTIVITY = "komunitas"
REPEATS = 5


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


class _WriteTimer:
    """Wraps ``record_observation`` to tell the database write apart from the widget work."""

    def __init__(self) -> None:
        self.ms = 0.0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        elapsed, result = _timed(lambda: record_observation(*args, **kwargs))
        self.ms += elapsed
        return result


def _kit(ws: Workspace, session_id: str, ids: list[str]) -> dict[str, Any]:
    import kit.checklist.service as state_module

    open_ms, build_all_ms, update_ms, write_ms, models = [], [], [], [], []
    items = framework().activity(ACTIVITY).items
    timer = _WriteTimer()
    state_module.record_observation = timer  # type: ignore[assignment]
    for n in range(REPEATS):
        before = len(_instances)
        elapsed, app = _timed(lambda: checklist_app(ws, session_id=session_id))
        assert isinstance(app, ChecklistApp)
        open_ms.append(elapsed)
        elapsed, _ = _timed(lambda app=app: [app.cell(ids[0], i.id) for i in items])
        build_all_ms.append(elapsed)
        models.append(len(_instances) - before)
        cell = app.cell(ids[n], items[n].id)
        timer.ms = 0.0
        elapsed, _ = _timed(lambda cell=cell, n=n: setattr(cell, "value", n % 3))
        assert "kit-status-ok" in app.status.value, app.status.value
        update_ms.append(elapsed)
        write_ms.append(timer.ms)
        app.close()
    state_module.record_observation = record_observation
    return {"open_first_materi_ms": _median(open_ms), "build_all_materi_ms": _median(build_all_ms),
            "cell_update_ms": _median(update_ms), "of_which_db_write_ms": _median(write_ms),
            "widget_work_ms": _median([u - d for u, d in zip(update_ms, write_ms, strict=True)]),
            "widget_models": max(models)}


def _baseline_build(
    ids: list[str], items: tuple[Item, ...]
) -> tuple[dict[tuple[str, str], w.ToggleButtons], dict[str, w.HTML]]:
    """All 1050 cells at once, each ToggleButtons with its own default layout and style."""
    counts = {item.id: w.HTML("0") for item in items}
    cells: dict[tuple[str, str], w.ToggleButtons] = {}
    rows = [w.HBox([w.HTML(""), *counts.values()])]
    for pid in ids:
        row = []
        for item in items:
            cell = w.ToggleButtons(options=[("2", 2), ("1", 1), ("0", 0)], value=None)
            cells[(pid, item.id)] = cell
            row.append(cell)
        rows.append(w.HBox([w.HTML(pid), *row]))
    w.VBox(rows)
    return cells, counts


def _baseline_tap(ws: Workspace, session_id: str, ids: list[str], items: tuple[Item, ...],
                  cell: w.ToggleButtons, counts: dict[str, w.HTML], pid: str, item_id: str,
                  level: int, timer: _WriteTimer) -> None:
    """Set the cell, write, then re-read every level and refresh all counts."""
    cell.value = level
    timer(ws, pid, item_id, level, facilitator="bench", session_id=session_id)
    with read_tx(ws.engine) as conn:
        levels = latest_levels(conn)
    for item in items:
        achieved = sum(1 for p in ids if levels.get(p, {}).get(item.id, 0) >= 1)
        counts[item.id].value = str(achieved)


def _baseline(ws: Workspace, session_id: str, ids: list[str]) -> dict[str, Any]:
    items = framework().activity(ACTIVITY).items
    build_ms, update_ms, write_ms, models = [], [], [], []
    timer = _WriteTimer()
    for n in range(REPEATS):
        before = len(_instances)
        elapsed, (cells, counts) = _timed(lambda: _baseline_build(ids, items))
        build_ms.append(elapsed)
        models.append(len(_instances) - before)
        # Other participants than the kit's taps: each first write per person costs the same.
        pid, item_id = ids[len(ids) // 2 + n], items[n].id
        timer.ms = 0.0
        elapsed, _ = _timed(lambda cells=cells, counts=counts, pid=pid, item_id=item_id, n=n:
                            _baseline_tap(ws, session_id, ids, items, cells[(pid, item_id)],
                                          counts, pid, item_id, n % 3, timer))
        update_ms.append(elapsed)
        write_ms.append(timer.ms)
        for widget in (*cells.values(), *counts.values()):
            widget.close()
    return {"build_all_ms": _median(build_ms), "cell_update_ms": _median(update_ms),
            "of_which_db_write_ms": _median(write_ms),
            "widget_work_ms": _median([u - d for u, d in zip(update_ms, write_ms, strict=True)]),
            "widget_models": max(models)}


def run() -> dict[str, Any]:
    """Measure the checklist factory and the plain-ipywidgets baseline at 50 × 21."""
    with tempfile.TemporaryDirectory(prefix="kit-bench-checklist-") as tmp:
        ws = init_workspace(Path(tmp) / "ws")
        session_id, ids = add_sample_session(ws, participants=PARTICIPANTS, activity_id=ACTIVITY)
        # The first observation of a workspace generates the nbgrader assignment (one-off).
        elapsed, _ = _timed(lambda: record_observation(
            ws, ids[-1], framework().activity(ACTIVITY).items[-1].id, 1, facilitator="bench",
            session_id=session_id))
        result = {
            "name": "checklist",
            "participants": PARTICIPANTS,
            "items": len(framework().activity(ACTIVITY).items),
            "repeats": REPEATS,
            "first_write_in_workspace_ms": round(elapsed, 2),
            "kit": _kit(ws, session_id, ids),
            "baseline": _baseline(ws, session_id, ids),
        }
        ws.engine.dispose()
    return result


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
