"""Issue 12 in Chromium at 1366×768: colour after a tap, layout at 44 people, live rows, notes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.assess.observe import record_evidence_score
from kit.checklist.sample import add_sample_session
from kit.checklist.state import ChecklistState
from kit.checklist.widget import css_class
from kit.records.participants import Participant, add_participant
from kit.records.sessions import check_in
from kit.settings import CHECKLIST_APP
from kit.storage.db import write_tx
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.usefixtures("patient_first_load")]

READY = ".kit-checklist .kit-cell"
SAVED = ".kit-checklist .kit-status-ok"
OpenPage = Callable[..., tuple[Page, Any]]

ACTIVE_BG = "(el) => getComputedStyle(el.querySelector('button.mod-active')).backgroundColor"


def _url(session: str) -> str:
    return f"voila/render/{CHECKLIST_APP}?session={session}"


def _pick(state: ChecklistState) -> tuple[str, str, int, str, str]:
    """A level-1/2 cell of the first materi, its other level, and a cell already at that level."""
    cells = [(row.participant_id, item.id, state.cell(row.participant_id, item.id).level)
             for item in state.materi[0].items for row in state.rows]
    for pid, item_id, level in cells:
        if level in (1, 2):
            other = 3 - level
            ref = next(((p, i) for p, i, lv in cells if lv == other), None)
            if ref is not None:
                return pid, item_id, other, ref[0], ref[1]
    raise AssertionError("the demo session has no pair of level-1 and level-2 cells")


def test_tapped_cell_takes_its_new_colour_without_reload(open_page: OpenPage, kit_server: Any,
                                                         tmp_path: Path) -> None:
    """After a tap the cell's active button has the colour of its new level, not the old one."""
    ws = open_workspace(kit_server.workspace)
    session = "pontianak-komunitas-2026"
    pid, item_id, new_level, ref_pid, ref_item = _pick(ChecklistState(ws, session))
    cell = "." + css_class("cell", pid, item_id)
    page, watch = open_page(_url(session), wait_for=READY)
    before = page.eval_on_selector(cell, ACTIVE_BG)
    wanted = page.eval_on_selector("." + css_class("cell", ref_pid, ref_item), ACTIVE_BG)
    assert before != wanted
    page.click(f"{cell} button[data-value='{new_level}']")
    expect(page.locator(SAVED)).to_contain_text("Tersimpan", timeout=30_000)
    page.wait_for_function(
        f"() => getComputedStyle(document.querySelector(\"{cell} button.mod-active\"))"
        f".backgroundColor === {wanted!r}", timeout=15_000)
    assert page.eval_on_selector(cell, ACTIVE_BG) == wanted
    page.screenshot(path=str(tmp_path / "checklist-after-tap.png"))
    assert watch.page_errors == []


def test_retapping_a_cell_keeps_the_note_in_its_box(open_page: OpenPage, kit_server: Any) -> None:
    """A note typed for a cell stays in the note box when the same cell is tapped again."""
    ws = open_workspace(kit_server.workspace)
    session = "sragen-komunitas-2026"
    state = ChecklistState(ws, session)
    pid, item_id = state.rows[-1].participant_id, state.materi[0].items[-1].id
    first = 1 if state.cell(pid, item_id).level != 1 else 0
    cell = "." + css_class("cell", pid, item_id)
    page, _watch = open_page(_url(session), wait_for=READY)
    page.click(f"{cell} button[data-value='{first}']")
    expect(page.locator(SAVED)).to_contain_text("Tersimpan", timeout=30_000)
    note = page.locator(".kit-checklist input[placeholder^='catatan untuk peserta']")
    expect(note).to_be_enabled(timeout=15_000)
    note.fill("dibantu anaknya")
    note.press("Enter")
    expect(page.locator(SAVED)).to_contain_text("Catatan tersimpan", timeout=30_000)
    page.click(f"{cell} button[data-value='2']")
    expect(page.locator(SAVED)).to_contain_text("2 Mandiri", timeout=30_000)
    expect(note).to_have_value("dibantu anaknya", timeout=15_000)
    # Typed without Enter, then the same cell tapped again: the note is neither lost nor emptied.
    note.fill("dibantu anaknya, lalu mandiri")
    page.click(f"{cell} button[data-value='{first}']")
    expect(page.locator(SAVED)).to_contain_text("Tersimpan", timeout=30_000)
    expect(page.locator(".kit-checklist")).to_contain_text(f"Level: {first} ", timeout=15_000)
    expect(note).to_have_value("dibantu anaknya, lalu mandiri", timeout=15_000)
    stored = ChecklistState(ws, session).cell(pid, item_id)
    assert (stored.level, stored.note) == (first, "dibantu anaknya, lalu mandiri")


def test_44_participants_fit_at_1366_with_sticky_headers(open_page: OpenPage, kit_server: Any,
                                                         tmp_path: Path) -> None:
    """The widest materi fits 1366 px, text is ≥ 16 px, headers and status stay in view."""
    ws = open_workspace(kit_server.workspace)
    session, ids = add_sample_session(ws, participants=44, activity_id="advokasi",
                                      session_id="lebar-advokasi")
    state = ChecklistState(ws, session)
    widest = max(state.materi, key=lambda m: len(m.items))
    page, _watch = open_page(_url(session), wait_for=READY)
    page.click(f".kit-checklist button:has-text('Materi {widest.no} ({len(widest.items)})')")
    last_item = widest.items[-1].id
    page.wait_for_selector("." + css_class("cell", ids[-1], last_item), timeout=30_000)
    page.screenshot(path=str(tmp_path / "checklist-44-top.png"))
    sizes = page.evaluate("""() => {
        const d = document.documentElement;
        const cells = [...document.querySelectorAll('.kit-checklist .kit-cell')];
        const px = s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
        const wide = [];
        for (let el = document.querySelector('.kit-checklist .kit-cell'); el;
             el = el.parentElement) {
            if (el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX !== 'visible')
                wide.push(el.className.toString() || el.id || el.tagName);
        }
        return {scroll: d.scrollWidth, client: d.clientWidth, wide: wide,
                right: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
                inner: window.innerWidth,
                name: px('.kit-checklist .kit-cl-name'), head: px('.kit-checklist .kit-cl-head'),
                button: px('.kit-checklist .kit-cell button'),
                status: px('.kit-checklist [role=status]')};
    }""")
    assert sizes["scroll"] <= sizes["client"], sizes
    assert sizes["wide"] == [], sizes  # no box around the grid scrolls sideways either
    assert sizes["right"] <= sizes["inner"], sizes
    assert min(sizes["name"], sizes["head"], sizes["button"], sizes["status"]) >= 16, sizes

    page.locator("." + css_class("cell", ids[-1], last_item)).scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "checklist-44-bottom.png"))
    seen = page.evaluate("""([first, head]) => {
        const inView = el => { const r = el.getBoundingClientRect();
                               return r.top >= 0 && r.bottom <= window.innerHeight; };
        return {first: inView(document.querySelector(first)),
                head: inView(document.querySelector(head)),
                status: inView(document.querySelector('.kit-checklist [role=status]'))};
    }""", ["." + css_class("cell", ids[0], last_item), ".kit-checklist .kit-cl-head"])
    assert seen == {"first": False, "head": True, "status": True}, seen


def test_rows_added_by_another_process_appear_on_the_open_page(open_page: OpenPage,
                                                               kit_server: Any,
                                                               tmp_path: Path) -> None:
    """A check-in and a sandbox level written by another process show up without reloading."""
    ws = open_workspace(kit_server.workspace)
    session = "tanjabtim-komunitas-2026"
    state = ChecklistState(ws, session)
    item = state.materi[0].items[0]
    page, watch = open_page(_url(session), wait_for=READY)
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="live-baru-01", name="Ibu Live Baru",
                                          district="Kabupaten Tanjung Jabung Timur"))
        check_in(conn, session, "live-baru-01")
    record_evidence_score(ws, "live-baru-01", item.id, 2, details={"sandbox": "browser-test"})
    expect(page.locator(".kit-checklist")).to_contain_text("Ibu Live Baru", timeout=60_000)
    cell = page.locator("." + css_class("cell", "live-baru-01", item.id))
    expect(cell.locator("button.mod-active")).to_have_text("2", timeout=30_000)
    expect(cell).to_have_class(re.compile(r"\bkit-auto\b"), timeout=30_000)
    cell.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "checklist-live-joiner.png"))
    assert watch.page_errors == []
