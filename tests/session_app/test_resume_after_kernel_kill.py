"""The session app keeps nothing outside the database: SIGKILL its kernel, start again, all there.

A real IPython kernel (jupyter_client, the kernel Voila runs the page in) builds the app from
``$UMKM_KIT_WORKSPACE`` as the page does, creates a session through the form, checks people in
through the door panel and starts the live board's timer; the kernel process is then killed with
SIGKILL mid-session. A new kernel builds the app again and finds the same session open, the
check-ins and the board. (The browser version of this, through Voila, is
``tests/browser/test_session_app.py::test_the_day_survives_a_killed_kernel``.)
"""

from __future__ import annotations

import gc
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager, start_new_kernel

from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.storage.db import write_tx
from kit.workspace import Workspace, init_workspace

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BEFORE_KILL = """
from kit.session_app.widget import session_app
from kit.session_app.board_panel import BoardPanel
from kit.session_app.door_panel import DoorPanel
from kit.session_app.panels import PanelContext
app = session_app(lang="en")
app.new_activity.value = "advokasi"
app.new_date.value = "2026-12-03"
app.new_district.value = "Sragen"
app.new_title.value = "Forum sebelum mati listrik"
app.create_button.click()
ctx = PanelContext(app.ws, app.session_id, "en")
door = DoorPanel(ctx)
door.check_in("p1", None)
door.check_in("p2", None)
board = BoardPanel(ctx)
board.start_live(0.2)
print(json.dumps({"session": app.session_id, "status": app.status.value}))
"""
AFTER_KILL = """
from kit.session_app.widget import session_app
from kit.session_app.board_panel import BoardPanel
from kit.session_app.panels import PanelContext
app = session_app(lang="en")
board = BoardPanel(PanelContext(app.ws, app.session_id, "en"))
print(json.dumps({"session": app.session_id, "rows": [r.name for r in board.board.rows],
                  "tabs": len(app.tab_bar.options)}))
"""


def _run(kc: Any, code: str) -> dict[str, Any]:
    """Run ``code`` in the kernel and return the JSON it printed (fails on an error)."""
    out: list[str] = []
    errors: list[str] = []

    def hook(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            errors.append("\n".join(msg["content"]["traceback"]))

    kc.execute_interactive("import json\n" + code, timeout=120, output_hook=hook)
    assert not errors, errors[0]
    return dict(json.loads("".join(out).strip().splitlines()[-1]))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A workspace with two participants on the roster."""
    ws = init_workspace(tmp_path / "ws")
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant("p1", "Ani", "Kabupaten Sragen"))
        add_participant(conn, Participant("p2", "Budi", "Kabupaten Sragen"))
    return ws


@pytest.fixture
def kernels(workspace: Workspace) -> Iterator[list[tuple[KernelManager, Any]]]:
    """Kernels started for the test (each shut down afterwards, if still alive)."""
    started: list[tuple[KernelManager, Any]] = []
    yield started
    for km, kc in started:
        kc.stop_channels()
        km.shutdown_kernel(now=True)  # also cleans up what a killed kernel left (ports, sockets)
        km.context.destroy(linger=0)
    gc.collect()


def _kernel(workspace: Workspace, started: list[tuple[KernelManager, Any]]
            ) -> tuple[KernelManager, Any]:
    env = {**os.environ, "UMKM_KIT_WORKSPACE": str(workspace.root), "UMKM_KIT_LANG": "en"}
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(REPO))
    started.append((km, kc))
    return km, kc


def test_nothing_saved_is_lost_when_the_apps_kernel_is_killed(
        workspace: Workspace, kernels: list[tuple[KernelManager, Any]]) -> None:
    """After SIGKILL the new kernel's app opens the same session with both check-ins."""
    km, kc = _kernel(workspace, kernels)
    made = _run(kc, BEFORE_KILL)
    assert "kit-status-ok" in made["status"]
    pid = km.provisioner.process.pid  # type: ignore[union-attr]
    os.kill(pid, signal.SIGKILL)
    km.provisioner.process.wait(timeout=10)  # type: ignore[union-attr]
    assert not km.is_alive()

    detail = session_service.detail(workspace, made["session"])
    assert detail.session.title == "Forum sebelum mati listrik"
    assert sorted(a.participant_id for a in detail.present) == ["p1", "p2"]

    _km2, kc2 = _kernel(workspace, kernels)
    again = _run(kc2, AFTER_KILL)
    assert again["session"] == made["session"]
    assert again["rows"] == ["Ani", "Budi"]
    assert again["tabs"] >= 1
