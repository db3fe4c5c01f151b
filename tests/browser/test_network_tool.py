"""The komunitas module's "Jaringan usaha" tool on a phone (360×740), in the real page.

A participant registers, opens the part holding the tool, is refused a list naming one thing
twice, then saves a good list: the confirmation shows right under the button, on screen, and the
list is in the workspace. The inputs are large enough for a shop owner's thumb and eyes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.framework import framework
from kit.network.stored import latest_entries
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODULE = "voila/render/modules/komunitas.ipynb"
READY = ".kit-search input, .kit-reg-name input"
WAIT_MS = 60_000
PHONE = {"width": 360, "height": 740}
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
OpenPage = Callable[..., tuple[Page, Any]]
NAME = "Bu Warsini Jaringan"


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box


def test_network_tool_on_a_phone(open_page: OpenPage, kit_server: Any) -> None:
    """Refused twice-named thing, then saved: confirmation under the button, list stored."""
    page, watch = open_page(MODULE, PHONE, wait_for=READY)
    page.locator("button", has_text="Nama saya belum ada di daftar").click()
    page.locator(".kit-reg-name input").fill(NAME)
    page.locator(".kit-reg-district input").fill("Kabupaten Sragen")
    page.locator("button", has_text="Daftar dan mulai").click()
    page.wait_for_selector(f"text=Halo, {NAME}!", timeout=WAIT_MS)
    title = framework().item("kom_usulan_program").title.get("id")
    page.locator(".kit-menu-entry", has_text=title).click()
    tool = page.locator(".kit-network-entry")
    expect(tool).to_be_visible(timeout=WAIT_MS)
    expect(tool).to_contain_text("Jaringan usaha")
    expect(tool).to_contain_text("Yang saya jual (satu per baris)")
    sells, needs = tool.locator("textarea").nth(0), tool.locator("textarea").nth(1)
    village = tool.locator("input").first
    save = tool.locator("button", has_text="Simpan daftar saya")

    sells.fill("keripik singkong\nKeripik  Singkong")
    needs.fill("singkong\njasa angkut")
    save.click()
    expect(tool.locator(".kit-error")).to_contain_text("adalah barang yang sama",
                                                       timeout=WAIT_MS)
    sells.fill("keripik singkong\nrengginang")
    village.fill("Kroyo")
    save.click()
    ok = tool.locator(".kit-ok")
    expect(ok).to_contain_text("Tersimpan", timeout=WAIT_MS)
    expect(tool.locator(".kit-error")).to_have_count(0)
    expect(tool).to_contain_text("Daftar Anda yang tersimpan")

    # The confirmation is right under the button and on the screen where the thumb tapped.
    button, message = save.bounding_box(), ok.bounding_box()
    assert button is not None and message is not None
    assert 0 <= message["y"] - (button["y"] + button["height"]) < 40, (button, message)
    assert message["y"] + message["height"] <= PHONE["height"] + page.evaluate(
        "() => window.scrollY") + 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "network_tool_saved_phone.png"))
    tool.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "network_tool_top_phone.png"))

    # Editing after saving takes the confirmation away: the change is not saved yet.
    needs.fill("singkong\njasa angkut\nplastik kemasan")
    expect(ok).to_have_count(0, timeout=WAIT_MS)
    save.click()
    expect(tool.locator(".kit-ok")).to_contain_text("Tersimpan", timeout=WAIT_MS)

    # Big enough to read and to tap: 16 px text or more (no zoom on focus), 44 px targets.
    sizes = tool.evaluate("""(el) => [...el.querySelectorAll('textarea, input, button')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.tagName, parseFloat(getComputedStyle(e).fontSize),
                   e.getBoundingClientRect().height, e.getBoundingClientRect().width])""")
    assert sizes and all(size >= 16 and height >= 44 for _tag, size, height, _w in sizes), sizes
    assert all(width >= 280 for _tag, _s, _h, width in sizes), sizes
    scroll = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll[0] <= scroll[1], scroll

    ws = open_workspace(kit_server.workspace)
    saved = [entry for entry in latest_entries(ws, _ids(ws)).values()
             if entry.sells == ("keripik singkong", "rengginang")]
    assert [(e.needs, e.village) for e in saved] == [
        (("singkong", "jasa angkut", "plastik kemasan"), "Kroyo")]
    assert watch.page_errors == []
    assert watch.foreign_requests() == []


def _ids(ws: Any) -> list[str]:
    """The ids of the participants named :data:`NAME`."""
    from kit.modules.identity import roster

    return [p.id for p in roster(ws) if p.name == NAME]
