"""A whole board election in Chromium: twelve phones (360×740), each its own browser context.

The ballot of the ketua ends in a tie, the projector (1366×768) opens the run-off, the run-off
elects; one member tries to vote twice and is refused, then changes the vote with the receipt;
a participant who is not a member is refused; the projector shows the counts check.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from kit.classroom import store
from kit.classroom.ballot_pages import BALLOT_PAGE, BALLOT_SCREEN
from kit.classroom.routing import FACILITATOR, PARTICIPANT
from kit.classroom.web import DEVICE_COOKIE
from kit.community import ballot_service, service
from tests.classroom.ballot_harness import MEMBERS, OUTSIDER, Room, ballot_room, nominate

# Browser tests run last (tests/conftest.py): Playwright keeps an event loop in the main thread.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
SHOTS = os.environ.get("KIT_TEST_SCREENSHOTS")
IDS = [pid for pid, _name in MEMBERS]


def _context(browser: Browser, room: Room, participant_id: str | None, role: str = PARTICIPANT,
             viewport: dict[str, int] = PHONE) -> BrowserContext:
    """A separate browser context signed in as ``participant_id`` (or the facilitator)."""
    context = browser.new_context(viewport=viewport, locale="id-ID")
    classroom_id = room.classroom_id if role == PARTICIPANT else None
    token = store.create_device(room.ws.engine, role, classroom_id, participant_id)
    context.add_cookies([{"name": DEVICE_COOKIE, "value": token, "url": room.base}])
    return context


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def _vote(page: Page, room: Room, candidate_name: str, receipt: str | None = None) -> Page:
    """Open the ballot, tap the candidate, (enter the receipt,) send; return the page after."""
    page.goto(room.base + BALLOT_PAGE, wait_until="load")
    page.locator(".ballot-choice", has_text=candidate_name).first.click()
    if receipt is not None:
        page.locator(".ballot-change summary").click()
        page.fill('input[name="receipt"]', receipt)
    page.click(".ballot-send")
    page.wait_for_load_state("load")
    return page


def _close(page: Page, room: Room, election_id: str) -> None:
    """The facilitator closes a ballot on the projector page, confirming."""
    page.goto(room.base + BALLOT_SCREEN, wait_until="load")
    page.locator(f"#b-{election_id} button").click()
    page.wait_for_selector("text=Ya, tutup pemungutan suara")
    page.click("text=Ya, tutup pemungutan suara")
    page.wait_for_load_state("load")


def test_twelve_phones_elect_the_chair_through_a_tie_and_its_run_off(
        chromium_browser: Browser, tmp_path: Path) -> None:
    """Twelve separate phones vote; tie 6–6; run-off; refusals counted nothing; counts agree."""
    with ballot_room(tmp_path) as room:
        nominate(room.ws, room.community_id, "ketua", "m01", "m02")
        election = ballot_service.open_election(
            room.ws, room.community_id, "ketua", ["m01", "m02"], present=12, tie_rule="runoff",
            voters="members", members=IDS).id
        phones = {pid: _context(chromium_browser, room, pid) for pid in IDS}
        projector = _context(chromium_browser, room, None, FACILITATOR, DESKTOP)
        outsider = _context(chromium_browser, room, OUTSIDER[0])
        try:
            receipts: dict[str, str] = {}
            for n, pid in enumerate(IDS):
                page = _vote(phones[pid].new_page(), room,
                             "Ani Lestari" if n % 2 else "Budi Santoso")
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
                receipts[pid] = page.inner_text("#receipt").strip()
                if n == 0:
                    _shot(page, "ballot-phone-receipt.png")
            # A second vote without the receipt is refused and counts nothing.
            twice = _vote(phones["m03"].pages[0], room, "Ani Lestari")
            assert "tanda terima" in twice.inner_text(".ballot-error")
            _shot(twice, "ballot-phone-refused.png")
            # The outsider sees why there is no form, and a forged post is refused.
            stranger = outsider.new_page()
            stranger.goto(room.base + BALLOT_PAGE, wait_until="load")
            assert stranger.locator(".ballot-not-member").is_visible()
            assert stranger.locator(".ballot-send").count() == 0
            forged = stranger.request.post(room.base + BALLOT_PAGE, form={
                "election": election, "candidate": "m01",
                "_xsrf": next(c["value"] for c in outsider.cookies() if c["name"] == "_xsrf")})
            assert forged.status == 403
            screen = projector.new_page()
            screen.goto(room.base + BALLOT_SCREEN, wait_until="load")
            assert "12 dari 12" in screen.inner_text(f"#voted-{election}")
            _shot(screen, "ballot-projector-open.png")
            _close(screen, room, election)
            assert "Seri antara" in screen.inner_text(".ballot-tie")
            _shot(screen, "ballot-projector-tie.png")
            screen.click("text=Buka putaran kedua")
            screen.wait_for_load_state("load")
            runoff = next(e for e in ballot_service.list_elections(room.ws, room.community_id)
                          if e.parent_id == election)
            first = phones["m01"].pages[0]
            first.goto(room.base + BALLOT_PAGE, wait_until="load")
            assert "putaran kedua" in first.inner_text(f"#b-{runoff.id} h2")
            assert first.locator(".ballot-choice").count() == 2
            _shot(first, "ballot-phone-runoff.png")
            for n, pid in enumerate(IDS):
                page = phones[pid].pages[0]
                _vote(page, room, "Ani Lestari" if n < 7 else "Budi Santoso")
                receipts[pid] = page.inner_text("#receipt").strip()
            # m12 changes the run-off vote with the receipt: the last one counts.
            changed = _vote(phones["m12"].pages[0], room, "Ani Lestari", receipts["m12"])
            assert "diubah" in changed.inner_text("h1")
            _close(screen, room, runoff.id)
            words = screen.inner_text("main")
            assert "Terpilih: Ani Lestari" in words
            assert "Surat suara dihitung 12, kode atau anggota yang memakai hak pilih 12, " \
                "anggota hadir 12 ✓" in words
            _shot(screen, "ballot-projector-result.png")
        finally:
            for context in (*phones.values(), projector, outsider):
                context.close()
        assert dict(ballot_service.result(room.ws, runoff.id).tally.counts) == {
            "m01": 8, "m02": 4}
        assert dict(ballot_service.result(room.ws, election).tally.counts) == {
            "m01": 6, "m02": 6}
        board = service.show(room.ws, room.community_id).board
        assert [(s.role, s.participant_id, s.method) for s in board] == [
            ("ketua", "m01", "ballot")]
