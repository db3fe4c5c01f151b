"""The classroom server end to end: real server on 127.0.0.1, real Chromium, real websockets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import websocket
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from playwright.sync_api import BrowserContext, Page

from kit.classroom import store, tables
from kit.classroom.codes import display_code
from kit.server.kernel_socket import V1_SUBPROTOCOL
from kit.storage import schema
from kit.storage.db import read_tx
from tests.classroom.harness import (
    PASSWORD,
    REPO,
    ClassroomServer,
    make_source,
    make_workspace,
    raw_get,
    start,
    stop,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
RENDER_MS = 90_000
PIN = "4826"
MODULE = "/voila/render/modules/latihan_uji.ipynb"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassroomServer]:
    """One classroom server for the tests that do not close or restart it."""
    root = tmp_path_factory.mktemp("classroom")
    running = start(make_workspace(root), make_source(root), root / "server.log")
    try:
        yield running
    finally:
        stop(running)


def _people(srv: ClassroomServer) -> list[store.Attendee]:
    classroom = store.current_classroom(srv.ws.engine)
    assert classroom is not None
    return store.checked_in(srv.ws.engine, classroom)


def _code(srv: ClassroomServer) -> str:
    classroom = store.current_classroom(srv.ws.engine)
    assert classroom is not None
    return classroom.code


def _context(browser_context: BrowserContext) -> BrowserContext:
    browser = browser_context.browser
    assert browser is not None
    return browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")


def _join(page: Page, srv: ClassroomServer, index: int, pin: str = PIN) -> str:
    """Join through the QR address, pick the ``index``-th name and enter the PIN.

    A participant without a PIN gets ``pin`` first, as ``classroom pin`` would give one.
    """
    person = _people(srv)[index].participant
    if store.pin_hash_of(srv.ws.engine, person.id) is None:
        store.set_pin(srv.ws.engine, person.id, pin, "facilitator")
    page.goto(srv.url(f"/k/{_code(srv)}"))
    assert "Cari nama Anda" in page.content()
    page.click(f'a[href="/kelas/masuk/{person.id}"]')
    page.fill("#pin", pin)
    page.click("button[type=submit]")
    page.wait_for_url(srv.url("/kelas"))
    return person.id


def _cookie(context: BrowserContext) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())


def _open_module(page: Page, srv: ClassroomServer) -> str:
    page.goto(srv.url(MODULE))
    page.wait_for_selector(".uji-who", timeout=RENDER_MS)
    kernel_id = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    return str(kernel_id)


def _saved(srv: ClassroomServer, pid: str) -> int:
    e = schema.evidence
    with read_tx(srv.ws.engine) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(e)
                                .where(e.c.participant_id == pid)).scalar_one())


def test_join_flow_saves_work_and_resumes_after_reload(
        server: ClassroomServer, browser_context: BrowserContext) -> None:
    """A phone picks its name, gets its PIN from the facilitator's page, saves and resumes."""
    context = _context(browser_context)
    facilitator = _context(browser_context)
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        person = _people(server)[0].participant
        pid, name = person.id, person.name
        page.goto(server.url(f"/k/{_code(server)}"))
        page.click(f'a[href="/kelas/masuk/{pid}"]')
        assert "Anda belum punya PIN" in page.content()
        assert page.locator("#pin").count() == 0

        desk = facilitator.new_page()
        desk.goto(server.url("/kelas/layar/peserta"))
        desk.fill("#password", PASSWORD)
        desk.click("button[type=submit]")
        desk.wait_for_url(server.url("/kelas/layar/peserta"))
        desk.locator("li", has_text=name).locator("button", has_text="Beri PIN").click()
        issued = re.search(r": (\d{4,6})$", desk.inner_text(".kelas-note").strip())
        assert issued is not None
        desk.goto(server.url("/kelas/layar"))
        assert issued.group(1) not in desk.content()

        page.click("text=Saya sudah punya PIN")
        page.fill("#pin", issued.group(1))
        page.click("button[type=submit]")
        page.wait_for_url(server.url("/kelas"))
        assert name in page.content() and "latihan_uji.ipynb" in page.content()
        _open_module(page, server)
        assert page.inner_text(".uji-who") == name
        page.click("text=Simpan latihan")
        page.wait_for_selector("text=saved=1", timeout=RENDER_MS)
        assert _saved(server, pid) == 1
        page.reload()
        page.wait_for_selector("text=saved=1", timeout=RENDER_MS)
        assert page.inner_text(".uji-who") == name
        page.goto(server.url("/"))
        page.wait_for_url(server.url("/kelas"))
        assert name in page.content()
        foreign = [u for u in requests if not u.startswith(("http://127.0.0.1", "data:",
                                                            "blob:", "ws://127.0.0.1"))]
        assert foreign == []
    finally:
        context.close()
        facilitator.close()


def test_participant_cannot_open_facilitator_pages(
        server: ClassroomServer, browser_context: BrowserContext) -> None:
    """A participant's phone gets a friendly 403 for apps, data endpoints and the projector."""
    context = _context(browser_context)
    try:
        page = context.new_page()
        _join(page, server, 1)
        tree = context.request.get(server.url("/voila/tree"), max_redirects=0)
        assert tree.status == 302 and tree.headers["location"] == "/kelas"
        for path in ("/voila/render/apps/checklist.ipynb", "/kelas/layar", "/voila/tree/apps",
                     "/voila/api/contents/apps", "/voila/files/apps/checklist.ipynb",
                     "/api/kernels", "/login"):
            response = context.request.get(server.url(path), max_redirects=0)
            assert response.status in (403, 404), path
            assert "Daftar periksa" not in response.text()
        response = page.goto(server.url("/voila/render/apps/checklist.ipynb"))
        assert response is not None and response.status == 403
        assert "Halaman ini khusus untuk fasilitator" in page.content()
        page.goto(server.url("/voila/render/beranda.ipynb"))
        assert page.url == server.url("/kelas")
        anonymous = _context(browser_context)
        try:
            response = anonymous.request.get(server.url("/voila/render/apps/checklist.ipynb"),
                                             max_redirects=0)
            assert response.status == 302
            assert "/kelas/fasilitator/masuk" in response.headers["location"]
        finally:
            anonymous.close()
    finally:
        context.close()


def test_facilitator_signs_in_and_sees_the_projector_page(
        server: ClassroomServer, browser_context: BrowserContext) -> None:
    """The facilitator's password opens the projector page (inline QR, code) and the apps."""
    context = _context(browser_context)
    try:
        page = context.new_page()
        page.goto(server.url("/kelas/layar"))
        page.fill("#password", "salah-sekali")
        page.click("button[type=submit]")
        assert "Kata sandi salah" in page.content()
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(server.url("/kelas/layar"))
        assert page.locator(".kelas-qr svg").count() == 1
        assert display_code(_code(server)) in page.inner_text(".kelas-code")
        assert f"/k/{_code(server)}" in page.inner_text(".kelas-url")
        response = context.request.get(server.url("/voila/render/apps/checklist.ipynb"),
                                       max_redirects=0)
        assert response.status == 200
    finally:
        context.close()


def test_other_participants_kernel_and_execute_request_are_refused(
        server: ClassroomServer, browser_context: BrowserContext, tmp_path: Path) -> None:
    """B cannot attach to A's kernel; A's own websocket drops execute_request (no marker file)."""
    alice, bob = _context(browser_context), _context(browser_context)
    try:
        page_a = alice.new_page()
        pid_a = _join(page_a, server, 2)
        kernel_a = _open_module(page_a, server)
        page_b = bob.new_page()
        _join(page_b, server, 3)
        ws_url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_a}/channels"
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(ws_url, header=[f"Cookie: {_cookie(bob)}"], timeout=10)
        assert refused.value.status_code == 403
        assert bob.request.get(server.url(f"/api/kernels/{kernel_a}")).status == 403
        assert bob.request.post(server.url(f"/voila/api/shutdown/{kernel_a}")).status == 403
        before = _saved(server, pid_a)

        marker = tmp_path / "executed.txt"
        # A socket in the older framing is refused before it opens, even to A's own kernel
        # (kit.server.kernel_socket: such a socket once hung the whole server).
        with pytest.raises(websocket.WebSocketBadStatusException) as legacy:
            websocket.create_connection(ws_url, header=[f"Cookie: {_cookie(alice)}"], timeout=10)
        assert legacy.value.status_code == 400
        conn = websocket.create_connection(ws_url, header=[f"Cookie: {_cookie(alice)}"],
                                           subprotocols=[V1_SUBPROTOCOL], timeout=20)
        try:
            def message(msg_type: str, content: dict[str, object]) -> bytes:
                header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "x",
                          "session": uuid.uuid4().hex, "version": "5.3", "date": ""}
                parts = [json.dumps(part).encode() for part in (header, {}, {}, content)]
                framed: bytes = serialize_msg_to_ws_v1(parts, "shell")
                return framed
            code = f"open({str(marker)!r}, 'w').write('ran')"
            conn.send_binary(message("execute_request", {"code": code, "silent": False}))
            conn.send_binary(message("kernel_info_request", {}))
            deadline = time.monotonic() + 20
            kinds = []
            while time.monotonic() < deadline and "kernel_info_reply" not in kinds:
                _channel, parts = deserialize_msg_from_ws_v1(conn.recv())
                kinds.append(json.loads(parts[0]).get("msg_type"))
            assert "kernel_info_reply" in kinds
            assert "execute_reply" not in kinds
        finally:
            conn.close()
        time.sleep(2)
        assert not marker.exists()
        assert _saved(server, pid_a) == before
    finally:
        alice.close()
        bob.close()


def test_pin_guessing_is_rate_limited_and_logged(
        server: ClassroomServer, browser_context: BrowserContext) -> None:
    """Five wrong PINs lock the participant out (even the right PIN) and every try is logged."""
    owner = _context(browser_context)
    guesser = _context(browser_context)
    try:
        pid = _join(owner.new_page(), server, 4, pin="4711")
        page = guesser.new_page()
        page.goto(server.url(f"/k/{_code(server)}"))
        for guess in ("0000", "1111", "2222", "3333", "5555"):
            page.goto(server.url(f"/kelas/masuk/{pid}"))
            page.fill("#pin", guess)
            page.click("button[type=submit]")
            assert "PIN salah" in page.content()
        page.goto(server.url(f"/kelas/masuk/{pid}"))
        page.fill("#pin", "4711")
        page.click("button[type=submit]")
        assert "Terlalu banyak PIN yang salah" in page.content()
        assert page.url != server.url("/kelas")
        a = tables.attempt
        with read_tx(server.ws.engine) as conn:
            outcomes = [r[0] for r in conn.execute(
                sa.select(a.c.outcome).where(a.c.participant_id == pid, a.c.kind == "pin")
                .order_by(a.c.id))]
        assert outcomes == ["ok", "wrong", "wrong", "wrong", "wrong", "wrong", "locked"]
    finally:
        owner.close()
        guesser.close()


TRAVERSALS = (
    "/voila/render/../../kit-workspace.json", "/voila/render/%2e%2e/%2e%2e/kit-workspace.json",
    "/voila/render/..%2f..%2fkit-workspace.json", "/voila/files/../kit-workspace.json",
    "/voila/files/%2e%2e/kit-workspace.json", "/voila/files/%252e%252e/kit-workspace.json",
    "/voila/files/.kit-build.json", "/voila/static/../../../../../../etc/passwd",
    "/voila/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/voila/templates/../../kit-workspace.json",
    "/static/../kit-workspace.json", "/static/..%2fkit-workspace.json",
    "/kelas/static/../../../../../../etc/passwd", "/kelas/static/..%2fweb.py",
    "/voila/api/contents/..", "//etc/passwd", "/voila/render/modules/..%5c..%5cgradebook.db",
)


def test_path_traversal_is_refused(server: ClassroomServer,
                                   browser_context: BrowserContext) -> None:
    """Crafted ``..``/encoded paths answer 403/404 without file content, even to the facilitator."""
    participant = _context(browser_context)
    try:
        _join(participant.new_page(), server, 5)
        cookies = {"participant": _cookie(participant), "nobody": ""}
        facilitator = store.create_device(server.ws.engine, "facilitator")
        cookies["facilitator"] = f"kit_device={facilitator}"
        for who, cookie in cookies.items():
            for path in TRAVERSALS:
                status, body = raw_get(server.port, path, cookie)
                assert status in (403, 404), (who, path, status)
                assert b"db_url" not in body and b"root:" not in body
                assert b"import " not in body and b"SQLite" not in body
    finally:
        participant.close()


def test_restart_brings_the_session_back_and_close_expires_the_code(
        tmp_path: Path, browser_context: BrowserContext) -> None:
    """After a restart the code and the phone's sign-in still work; closing ends both."""
    ws = make_workspace(tmp_path)
    source = make_source(tmp_path)
    log = tmp_path / "server.log"
    srv = start(ws, source, log)
    context = _context(browser_context)
    try:
        page = context.new_page()
        code = _code(srv)
        pid = _join(page, srv, 0)
        _open_module(page, srv)
        page.click("text=Simpan latihan")
        page.wait_for_selector("text=saved=1", timeout=RENDER_MS)
        stop(srv)
        srv = start(ws, source, log, port=srv.port)
        assert _code(srv) == code
        page.reload()
        page.wait_for_selector("text=saved=1", timeout=RENDER_MS)
        assert _saved(srv, pid) == 1
        other = _context(browser_context)
        try:
            _join(other.new_page(), srv, 0)
        finally:
            other.close()

        closed = subprocess.run(
            [sys.executable, "-m", "kit", "classroom", "close", "--workspace", str(ws.root)],
            cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
        assert closed.returncode == 0, closed.stderr
        assert display_code(code) in closed.stdout
        status, body = raw_get(srv.port, f"/k/{code}")
        assert status == 410 and b"Sesi ini sudah ditutup" in body
        deadline = time.monotonic() + 15
        while True:
            response = context.request.get(srv.url(MODULE), max_redirects=0)
            if response.status == 302 or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert response.status == 302
        page.goto(srv.url("/kelas"))
        assert "Kode sesi" in page.content()
    finally:
        context.close()
        stop(srv)
