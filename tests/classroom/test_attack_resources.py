"""One phone cannot exhaust the laptop: kernels per device and walk-ins per address, over HTTP."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import sqlalchemy as sa

from kit.classroom import store
from kit.classroom.ratelimit import WALK_IN
from kit.classroom.web import KERNELS_PER_DEVICE
from kit.storage import schema
from kit.storage.db import read_tx
from tests.classroom.harness import ClassroomServer, make_source, make_workspace, start, stop
from tests.classroom.test_attack_pins import (
    TIMEOUT,
    Phone,
    enter_pin,
    joined_phone,
    people,
    walk_in,
)

pytestmark = [pytest.mark.slow]
MODULE = "/voila/render/modules/latihan_uji.ipynb"
PIN = "4711"


def _server_with_a_pin(root: Path, extra_env: dict[str, str] | None = None
                       ) -> Iterator[ClassroomServer]:
    """A classroom server whose first checked-in participant has a PIN."""
    ws = make_workspace(root)
    classroom = store.current_classroom(ws.engine)
    assert classroom is not None
    first = store.checked_in(ws.engine, classroom)[0].participant.id
    store.set_pin(ws.engine, first, PIN, "facilitator")
    running = start(ws, make_source(root), root / "server.log", extra_env=extra_env)
    try:
        yield running
    finally:
        stop(running)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassroomServer]:
    """A classroom server whose first checked-in participant has a PIN."""
    yield from _server_with_a_pin(tmp_path_factory.mktemp("resources"))


@pytest.fixture(scope="module")
def executing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassroomServer]:
    """The same, with kernels started as processes: every page is executed as Voila does.

    This is the path a page takes when it cannot be served from a build (the fork server
    restarted, a build failed); its kernel starts in the middle of rendering.
    """
    yield from _server_with_a_pin(tmp_path_factory.mktemp("executing"),
                                  {"UMKM_KIT_FORK_KERNELS": "0"})


def _together(phones: list[Phone], action: object) -> list[int]:
    """Run ``action(phone)`` on every phone at the same moment; their statuses."""
    gate = threading.Barrier(len(phones))
    statuses: list[int] = []
    failures: list[str] = []
    assert callable(action)

    def one(phone: Phone) -> None:
        gate.wait()
        try:
            statuses.append(int(action(phone)))
        except Exception as error:
            failures.append(repr(error))

    threads = [threading.Thread(target=one, args=(p,)) for p in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not failures, failures
    assert len(statuses) == len(phones)
    return statuses


def kernel_processes(srv: ClassroomServer) -> int:
    """Live kernel processes under the server: its descendants except the fork server itself."""
    root = psutil.Process(srv.proc.pid)
    zygotes = set()
    for child in root.children():
        with contextlib.suppress(psutil.Error):
            if "kit.server.kernels.forkserver" in " ".join(child.cmdline()):
                zygotes.add(child.pid)
    count = 0
    for proc in root.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if proc.pid not in zygotes and proc.status() != psutil.STATUS_ZOMBIE:
                count += 1
    return count


def settled_kernels(srv: ClassroomServer) -> int:
    """The kernel count once shut-down kernels have exited (polled for up to 30 s)."""
    deadline = time.monotonic() + 30
    count = kernel_processes(srv)
    while count > KERNELS_PER_DEVICE and time.monotonic() < deadline:
        time.sleep(0.5)
        count = kernel_processes(srv)
    return count


def test_page_loads_from_one_device_keep_at_most_two_kernels(server: ClassroomServer) -> None:
    """20 simultaneous module page loads with one cookie leave at most two live kernels."""
    assert kernel_processes(server) == 0
    phone = joined_phone(server, "127.0.0.51")
    pid = people(server)[0].participant.id
    assert enter_pin(phone, pid, PIN).status == 302
    statuses = _together([phone.copy() for _ in range(20)],
                         lambda p: p.get(MODULE).status)
    assert 200 in statuses
    assert 1 <= settled_kernels(server) <= KERNELS_PER_DEVICE
    again = phone.get(MODULE)
    assert again.status == 200 and "latihan" in again.text
    assert 1 <= settled_kernels(server) <= KERNELS_PER_DEVICE


def test_executed_page_loads_from_one_device_all_finish(
        executing_server: ClassroomServer) -> None:
    """Five simultaneous executed page loads from one device all end with the page.

    Before, the third load shut down the first one's kernel while that page was still being
    executed, and its response never ended.
    """
    server = executing_server
    phone = joined_phone(server, "127.0.0.52")
    pid = people(server)[0].participant.id
    assert enter_pin(phone, pid, PIN).status == 302
    pages: list[str] = []

    def load(p: Phone) -> int:
        reply = p.get(MODULE)
        pages.append(reply.text)
        return reply.status

    statuses = _together([phone.copy() for _ in range(5)], load)
    assert statuses == [200] * 5
    assert all("</html>" in page and "latihan" in page for page in pages)
    assert 1 <= settled_kernels(server) <= KERNELS_PER_DEVICE


def test_walk_ins_from_one_address_are_limited(server: ClassroomServer) -> None:
    """29 simultaneous walk-in registrations from one address: at most three are accepted."""
    phones = [joined_phone(server, "127.0.0.53") for _ in range(29)]
    for phone in phones:
        phone.get("/kelas/daftar")
    names = [f"Tamu {chr(65 + i // 26)}{chr(97 + i % 26)}" for i in range(len(phones))]
    by_phone = dict(zip((id(p) for p in phones), names, strict=True))
    replies: dict[str, str] = {}

    def register(phone: Phone) -> int:
        reply = walk_in(phone, by_phone[id(phone)])
        replies[by_phone[id(phone)]] = reply.text
        return reply.status

    statuses = _together(phones, register)
    assert statuses.count(302) <= WALK_IN.free, statuses
    assert statuses.count(302) >= 1
    assert set(statuses) <= {302, 429}, statuses
    refused = next(text for text in replies.values() if "fasilitator" in text)
    assert "10 menit" in refused
    t = schema.participant
    with read_tx(server.ws.engine) as conn:
        made = conn.execute(sa.select(sa.func.count()).select_from(t)
                            .where(t.c.name.in_(names))).scalar_one()
    assert made == statuses.count(302)
