"""The light front end of module pages (kit-widgets.js) against a real kit server and kernel.

A probe notebook with every kind of widget the module pages use is written into the running
server's site and opened at 360×740: each widget is used as a participant would, and a kernel
callback writes what the kernel received into an HTML widget, so each assertion checks the
round trip (browser → kernel → browser), not the browser alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import nbformat
import pytest
from playwright.sync_api import Page, expect
from tornado.httpclient import HTTPClientError
from tornado.websocket import websocket_connect

from kit.server.kernel_socket import V1_SUBPROTOCOL, offers_v1
from tests.browser.conftest import KitServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 740}
WAIT_MS = 60_000
OpenPage = Callable[..., tuple[Page, Any]]

PROBE = r'''
import hashlib
import ipywidgets as w

said = w.HTML("", layout=w.Layout(width="100%"))
said.add_class("probe-said")

def say(text):
    said.value = "<span class='probe-line'>" + text + "</span>"

text = w.Text(description="Nama", continuous_update=False)
text.observe(lambda c: say("text=" + c["new"]), "value")
typing = w.Text(placeholder="ketik")
typing.observe(lambda c: say("typing=" + c["new"]), "value")
number = w.BoundedIntText(value=5, min=0, max=10, description="Jumlah")
number.observe(lambda c: say("number=" + str(c["new"])), "value")
drop = w.Dropdown(options=["apel", "jeruk", "mangga"], value="apel")
drop.observe(lambda c: say("drop=" + str(c["new"])), "value")
radio = w.RadioButtons(options=["ya", "tidak"], value=None)
radio.observe(lambda c: say("radio=" + str(c["new"])), "value")
toggles = w.ToggleButtons(options=["0", "1", "2"], value=None, button_style="info")
toggles.observe(lambda c: say("toggles=" + str(c["new"])), "value")
check = w.Checkbox(description="Setuju", indent=False)
check.observe(lambda c: say("check=" + str(c["new"])), "value")
button = w.Button(description="Tambah kotak")
hidden = w.HTML("<p class='probe-hidden'>sembunyi</p>", layout=w.Layout(display="none"))
extra = w.VBox([])

def add_box(_b):
    new = w.HTML("<p class='probe-new'>kotak baru</p>")
    extra.children = [*extra.children, new]
    hidden.layout.display = None
    button.add_class("probe-clicked")
    say("clicks=" + str(len(extra.children)))

button.on_click(add_box)
tabs = w.Tab(children=[w.HTML("<p class='probe-tab-a'>isi A</p>"),
                       w.HTML("<p class='probe-tab-b'>isi B</p>")], titles=("Satu", "Dua"))
tabs.observe(lambda c: say("tab=" + str(c["new"])), "selected_index")
upload = w.FileUpload(description="Unggah", accept=".txt")

def got_file(change):
    item = change["new"][0]
    content = bytes(item["content"])
    say("file=" + item["name"] + ":" + hashlib.sha256(content).hexdigest())

upload.observe(got_file, "value")
import io
from PIL import Image as PILImage
png = io.BytesIO()
PILImage.new("RGB", (3, 2), (11, 110, 79)).save(png, "PNG")
image = w.Image(value=png.getvalue(), format="png", width=40)
image.add_class("probe-image")
w.VBox([said, text, typing, number, drop, radio, toggles, check, button, hidden, extra, tabs,
        upload, image], layout=w.Layout(width="100%"))
'''

SLIDER = r'''
import ipywidgets as w
w.VBox([w.HTML("<p class='probe-slider-page'>geser</p>"), w.IntSlider(value=3)])
'''


def _notebook(server: KitServer, source: str) -> str:
    """Write a light, built notebook with ``source`` into the server's site; its page path."""
    nb = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    nb.cells = [nbformat.v4.new_code_cell(source)]  # type: ignore[no-untyped-call]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["umkm_kit"] = {"snapshot": True, "light": True}
    name = f"probe_{uuid.uuid4().hex[:8]}.ipynb"
    nbformat.write(nb, server.site / name)  # type: ignore[no-untyped-call]
    return f"voila/render/{name}"


def _said(page: Page, expected: str) -> None:
    expect(page.locator(".probe-said")).to_have_text(expected, timeout=WAIT_MS)


def test_every_kind_of_widget_round_trips_to_the_kernel(
        open_page: OpenPage, kit_server: KitServer, patient_first_load: None) -> None:
    """Typing, choosing, ticking, clicking, tabs and a file all reach the kernel and come back."""
    page, watch = open_page(_notebook(kit_server, PROBE), PHONE, wait_for=".widget-text input")
    assert "kit-widgets.js" in page.content()

    page.locator(".widget-text input").first.fill("Siti")
    page.locator(".widget-text input").first.press("Tab")
    _said(page, "text=Siti")
    page.get_by_placeholder("ketik").press_sequentially("ab", delay=50)
    _said(page, "typing=ab")
    number = page.locator("input[type=number]")
    number.fill("42")
    number.press("Tab")
    _said(page, "number=10")  # clamped to max, by the page and the kernel alike
    expect(number).to_have_value("10")
    page.locator(".widget-dropdown select").select_option(label="mangga")
    _said(page, "drop=mangga")
    page.locator(".widget-radio-box label", has_text="tidak").click()
    _said(page, "radio=tidak")

    # The chosen toggle is marked at once and stays marked (issue 12: no stale colour).
    chosen = page.locator(".widget-toggle-buttons button", has_text="2")
    chosen.click()
    expect(chosen).to_have_class(re.compile(r"\bmod-active\b"))
    expect(chosen).to_have_attribute("aria-pressed", "true")
    _said(page, "toggles=2")
    page.locator(".widget-toggle-buttons button", has_text="1").click()
    _said(page, "toggles=1")
    expect(chosen).not_to_have_class(re.compile(r"\bmod-active\b"))

    page.locator(".widget-checkbox input").check()
    _said(page, "check=True")

    # A click: a widget made by the kernel after load shows, a hidden one shows, a class is added.
    expect(page.locator(".probe-hidden")).to_be_hidden()
    page.locator("button", has_text="Tambah kotak").click()
    expect(page.locator(".probe-new")).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator(".probe-hidden")).to_be_visible()
    expect(page.locator("button.probe-clicked")).to_have_count(1)
    page.locator("button", has_text="Tambah kotak").click()
    _said(page, "clicks=2")

    expect(page.locator(".probe-tab-b")).to_be_hidden()
    page.locator(".lm-TabBar-tab", has_text="Dua").click()
    expect(page.locator(".probe-tab-b")).to_be_visible()
    _said(page, "tab=1")

    content = b"Keripik Rp15.000\n"
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").click()
    chooser.value.set_files({"name": "harga.txt", "mimeType": "text/plain", "buffer": content})
    _said(page, "file=harga.txt:" + hashlib.sha256(content).hexdigest())
    expect(page.locator(".widget-upload")).to_contain_text("(1)")

    # A tap while the connection is down (the socket closed under the page) waits and reaches
    # the kernel once the page has connected again.
    page.evaluate("kitLight.socket().close()")
    page.locator("button", has_text="Tambah kotak").click()
    _said(page, "clicks=3")
    expect(page.locator(".probe-new")).to_have_count(3, timeout=WAIT_MS)

    # The picture's bytes came as a binary buffer and show as an image 3 pixels wide.
    page.wait_for_function("document.querySelector('.probe-image').naturalWidth === 3")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert watch.page_errors == []


def test_a_widget_without_a_light_view_loads_voilas_front_end(
        open_page: OpenPage, kit_server: KitServer, patient_first_load: None) -> None:
    """A page with a widget the light front end has no view for opens with Voila's instead."""
    page, watch = open_page(_notebook(kit_server, SLIDER), PHONE, wait_for=".probe-slider-page")
    expect(page.locator(".widget-slider")).to_be_visible(timeout=WAIT_MS)
    assert "frontend=voila" in page.url
    assert watch.page_errors == []


def _kernel_of(server: KitServer, path: str) -> str:
    with urllib.request.urlopen(server.url(path), timeout=120) as response:  # noqa: S310
        page = response.read().decode()
    found = re.search(r'"kernelId": "([^"]+)"', page)
    assert found, "the page names its kernel"
    return found.group(1)


async def _closed(socket: Any) -> None:
    """Close a websocket and wait until the server has closed it too (no socket left open)."""
    socket.close()
    with contextlib.suppress(asyncio.TimeoutError):
        while await asyncio.wait_for(socket.read_message(), 10) is not None:
            pass


def _socket(url: str, subprotocols: list[str] | None) -> str | None:
    """Open a kernel websocket (in a thread: Playwright's loop runs in this one); its protocol."""
    async def opened() -> str | None:
        socket = await websocket_connect(url, subprotocols=subprotocols, connect_timeout=30)
        chosen = socket.selected_subprotocol
        await _closed(socket)
        return chosen

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, opened()).result(timeout=60)


def test_a_kernel_socket_without_the_v1_protocol_is_refused(kit_server: KitServer) -> None:
    """A legacy-framed kernel websocket (it once hung the server) gets 400; v1 still opens."""
    kernel = _kernel_of(kit_server, _notebook(kit_server, SLIDER))
    url = kit_server.url(f"api/kernels/{kernel}/channels?session_id=probe").replace(
        "http://", "ws://")
    with pytest.raises(HTTPClientError) as refused:
        _socket(url, None)
    assert refused.value.code == 400
    assert _socket(url, [V1_SUBPROTOCOL]) == V1_SUBPROTOCOL
    assert offers_v1(f"x, {V1_SUBPROTOCOL}") and not offers_v1(None) and not offers_v1("v1")


def test_a_frame_lying_about_its_size_is_dropped_and_the_server_answers(
        kit_server: KitServer) -> None:
    """A v1 frame claiming 2⁶⁰ offsets (it once stopped the server) is dropped; pages still open."""
    kernel = _kernel_of(kit_server, _notebook(kit_server, SLIDER))
    url = kit_server.url(f"api/kernels/{kernel}/channels?session_id=probe").replace(
        "http://", "ws://")

    async def send_lie() -> None:
        socket = await websocket_connect(url, subprotocols=[V1_SUBPROTOCOL], connect_timeout=30)
        await socket.write_message((2**60).to_bytes(8, "little") + bytes(64), binary=True)
        await asyncio.sleep(1)
        await _closed(socket)

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, send_lie()).result(timeout=60)
    with urllib.request.urlopen(kit_server.url(""), timeout=30) as response:  # noqa: S310
        assert response.status == 200  # a hung server would not answer at all
