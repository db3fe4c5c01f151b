from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from kit.modules.identity import roster
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODULE = "voila/render/modules/bimtek.ipynb"
READY = ".kit-search input, .kit-reg-name input"
WAIT_MS = 60_000
PHONE = {"width": 360, "height": 740}
OpenPage = Callable[..., tuple[Page, Any]]


def _email(page: Page) -> Locator:
    """The email section of the page."""
    return page.locator(".kit-section:has(#kit-bim_email)")


def _field(scope: Locator, label: str, tag: str = "input") -> Locator:
    """The visible input (or textarea) under the bold label ``label`` of a sandbox field."""
    return scope.locator(
        f"xpath=.//b[normalize-space()='{label}']/ancestor::div"
        f"[contains(@class,'widget-vbox')][1]//{tag}").filter(visible=True).first


def _ready_mailbox(page: Page, local: str) -> None:
    """Register ``local``@surel.latihan and activate it with the code from the on-screen SMS."""
    mail = _email(page)
    _field(mail, "Alamat (bagian sebelum @surel.latihan)").fill(local)
    mail.locator("button", has_text="Daftarkan alamat").click()
    sms = mail.locator(".sbx-sms")
    expect(sms).to_contain_text(re.compile(r"\b\d{6}\b"), timeout=WAIT_MS)
    code = re.search(r"\b(\d{6})\b", sms.inner_text())
    assert code, sms.inner_text()
    _field(mail, "Kode aktivasi").fill(code.group(1))
    mail.locator("button", has_text="Aktifkan").click()
    mail.get_by_text(f"Kotak surat Anda: {local}@surel.latihan").wait_for(timeout=WAIT_MS)


def _no_side_scroll(page: Page) -> None:
    """The page is no wider than the phone screen."""
    page.wait_for_timeout(500)
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width


def _watch(page: Page, requests: list[str]) -> None:
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda ws: requests.append(ws.url))


def test_email_with_cc_and_attachment_reaches_another_participant(
        open_page: OpenPage, browser_context: BrowserContext, kit_server: Any) -> None:
    """A sends to Bu Sari with CC to B and an attachment; B sees it; the scores show autograde."""
    ws = open_workspace(kit_server.workspace)
    b_person = roster(ws)[0]
    browser = browser_context.browser
    assert browser is not None, "the Chromium context has no browser for a second context"
    b_context = browser.new_context(viewport=PHONE, locale="id-ID")
    b_requests: list[str] = []
    try:
        # --- B (second browser context) picks themselves from the roster, opens a mailbox.
        page_b = b_context.new_page()
        _watch(page_b, b_requests)
        page_b.goto(kit_server.url(MODULE), wait_until="load")
        page_b.wait_for_selector(READY, timeout=90_000)
        page_b.locator(".kit-search input").fill(b_person.name)
        page_b.locator(".widget-radio-box label").first.click()
        page_b.locator("button", has_text="Ya, ini saya").click()
        page_b.get_by_text(f"{b_person.name}!").first.wait_for(timeout=WAIT_MS)
        _ready_mailbox(page_b, "peserta.b.uji")

        # --- A registers on the demo roster, opens a mailbox, writes with CC and attachment.
        page_a, watch_a = open_page(MODULE, PHONE, wait_for=READY)
        page_a.locator("button", has_text="Nama saya belum ada di daftar").click()
        page_a.locator(".kit-reg-name input").fill("Peserta A Bimtek")
        page_a.locator(".kit-reg-district input").fill("Kabupaten Sragen")
        page_a.locator("button", has_text="Daftar dan mulai").click()
        page_a.wait_for_selector("text=Halo, Peserta A Bimtek!", timeout=WAIT_MS)
        _ready_mailbox(page_a, "peserta.a.uji")
        mail = _email(page_a)
        mail.locator(".lm-TabBar-tab", has_text="Tulis").click()
        _field(mail, "Kepada").fill("sari.pembeli")
        _field(mail, "CC").fill("peserta.b.uji")
        _field(mail, "Subjek").fill("Daftar harga keripik")
        _field(mail, "Isi pesan", "textarea").fill("Bu Sari dan rekan, terlampir daftar harga.")
        with page_a.expect_file_chooser() as chooser:
            mail.locator("button.widget-upload, .widget-upload").filter(visible=True).first.click()
        chooser.value.set_files(
            {"name": "harga.txt", "mimeType": "text/plain", "buffer": b"Keripik Rp15.000"})
        mail.get_by_text("(1)").first.wait_for(timeout=WAIT_MS)
        mail.locator("button", has_text="Kirim").filter(visible=True).first.click()
        page_a.wait_for_function(
            "() => document.querySelector('.kit-progress').innerText.includes('4 dari 18')",
            timeout=WAIT_MS)
        # The confirmation stays on the Write tab the participant is looking at.
        mail.locator(".sbx-ok", has_text="Terkirim.").wait_for(state="visible", timeout=WAIT_MS)
        _no_side_scroll(page_a)
        small = page_a.evaluate("""() => [...document.querySelectorAll('.kit-module button')]
            .filter(b => b.offsetParent !== null)
            .map(b => [b.innerText, b.getBoundingClientRect().height])
            .filter(([t, h]) => h < 44)""")
        assert small == [], small
        assert watch_a.page_errors == []
        assert watch_a.foreign_requests() == []

        # --- B taps "Periksa surat baru" and the message is in the inbox, with the file.
        mail_b = _email(page_b)
        mail_b.locator("button", has_text="Periksa surat baru").click()
        message = mail_b.locator("button", has_text="Daftar harga keripik")
        message.wait_for(timeout=WAIT_MS)
        message.click()
        mail_b.get_by_text("harga.txt").first.wait_for(timeout=WAIT_MS)
        expect(mail_b.locator(".sbx-card").first).to_contain_text("CC", timeout=WAIT_MS)
        _no_side_scroll(page_b)
        foreign = [u for u in b_requests if not u.startswith(("data:", "blob:", "about:"))
                   and "//127.0.0.1:" not in u]
        assert foreign == []
    finally:
        b_context.close()

    # --- The evidence is in the scores export, recorded by the module (autograde) for A.
    out = subprocess.run(
        [sys.executable, "-m", "kit", "scores", "export", "--format", "csv", "--workspace",
         str(kit_server.workspace)], capture_output=True, text=True, timeout=120, check=True)
    a_id = next(p.id for p in roster(ws) if p.name == "Peserta A Bimtek")
    rows = [r for r in csv.DictReader(io.StringIO(out.stdout)) if r["participant_id"] == a_id]
    got = {r["item_id"]: (r["level"], r["source"]) for r in rows}
    assert got["email_tulis"] == ("2", "autograde"), got
    assert got["email_lampiran"] == ("2", "autograde"), got
