"""A phone that closes Chrome frees its kernel; one that only lost its socket keeps it.

Against a real ``kit start --classroom`` with a short grace period, without a browser.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator

import pytest

from bench.classroom.kernel_ws import connect, kernel_info
from kit.classroom import store
from kit.settings import KERNEL_GONE_GRACE_ENV as GONE_GRACE_ENV
from tests.classroom.harness import ClassroomServer, make_source, make_workspace, start, stop
from tests.classroom.test_attack_pins import Phone, enter_pin, facilitator_phone, joined_phone

pytestmark = [pytest.mark.slow]
MODULE = "/voila/render/modules/latihan_uji.ipynb"
GRACE_S = 4
PINS = ("4711", "6093", "7305")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassroomServer]:
    """A classroom server whose kernels are freed 4 s after their page's last socket closed."""
    root = tmp_path_factory.mktemp("gone")
    ws = make_workspace(root)
    classroom = store.current_classroom(ws.engine)
    assert classroom is not None
    for attendee, pin in zip(store.checked_in(ws.engine, classroom), PINS, strict=False):
        store.set_pin(ws.engine, attendee.participant.id, pin, "facilitator")
    with pytest.MonkeyPatch.context() as env:
        env.setenv(GONE_GRACE_ENV, str(GRACE_S))
        running = start(ws, make_source(root), root / "server.log")
    try:
        yield running
    finally:
        stop(running)


def _phone_with_page(srv: ClassroomServer, index: int) -> tuple[Phone, str]:
    """A signed-in phone that loaded the module page; the page's kernel id."""
    classroom = store.current_classroom(srv.ws.engine)
    assert classroom is not None
    pid = store.checked_in(srv.ws.engine, classroom)[index].participant.id
    phone = joined_phone(srv, f"127.0.0.8{index}")
    assert enter_pin(phone, pid, PINS[index]).status == 302
    page = phone.get(MODULE)
    assert page.status == 200, page.text[:300]
    found = re.search(r'"kernelId": "([^"]+)"', page.text)
    assert found is not None
    return phone, found.group(1)


def _cookie(phone: Phone) -> str:
    return "; ".join(f"{k}={v}" for k, v in phone.cookies.items())


def _alive(desk: Phone, kernel_id: str) -> bool:
    """Whether the server still has the kernel (asked as the facilitator)."""
    status = desk.get(f"/api/kernels/{kernel_id}").status
    assert status in (200, 404), status
    return status == 200


async def _visit_and_leave(srv: ClassroomServer, kernel_id: str, cookie: str,
                           come_back_after: float | None, desk: Phone) -> bool:
    """Open the page's socket and close it; optionally reconnect and stay past the grace.

    Returns whether the kernel was alive at the end, asked while the socket was still open.
    """
    visit = await connect(srv.base, kernel_id, cookie)
    await asyncio.wait_for(kernel_info(visit), 60)
    # The close frame is sent at once; the kernel is asked about before waiting for the socket
    # to be closed (that wait may take seconds on a busy machine, longer than the grace).
    closing = asyncio.create_task(visit.close())
    await asyncio.sleep(0)
    if come_back_after is None:
        alive = _alive(desk, kernel_id)
        await closing
        return alive
    await asyncio.sleep(come_back_after)
    again = await connect(srv.base, kernel_id, cookie)
    await closing
    await asyncio.wait_for(kernel_info(again), 60)
    await asyncio.sleep(GRACE_S * 3)
    await asyncio.wait_for(kernel_info(again), 60)
    alive = _alive(desk, kernel_id)
    await again.close()
    return alive


def test_a_page_that_is_gone_frees_its_kernel(server: ClassroomServer) -> None:
    """The page's socket closes and nothing reconnects: the kernel is shut down after the grace."""
    phone, kernel_id = _phone_with_page(server, 0)
    desk = facilitator_phone(server, "127.0.0.89")
    assert asyncio.run(_visit_and_leave(server, kernel_id, _cookie(phone), None, desk))
    deadline = time.monotonic() + GRACE_S + 60
    while _alive(desk, kernel_id) and time.monotonic() < deadline:
        time.sleep(1)
    assert not _alive(desk, kernel_id)


def test_a_socket_that_comes_back_within_the_grace_keeps_its_kernel(
        server: ClassroomServer) -> None:
    """A socket that reconnects within the grace (a phone waking up) keeps the same kernel."""
    phone, kernel_id = _phone_with_page(server, 1)
    desk = facilitator_phone(server, "127.0.0.88")
    assert asyncio.run(_visit_and_leave(server, kernel_id, _cookie(phone), 1.0, desk))
