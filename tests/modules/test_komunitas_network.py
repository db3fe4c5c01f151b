"""The komunitas module's "Jaringan usaha" tool, without a browser: type, tap, read the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.i18n import set_language
from kit.modules.komunitas import KomunitasPage, build_komunitas
from kit.modules.submission import answers_for
from kit.network.entry import NetworkEntry
from kit.network.stored import latest_entries
from kit.workspace import Workspace
from tests.modules_bimtek.helpers import pick, register


@pytest.fixture
def komunitas(ws: Workspace, tmp_path: Path) -> KomunitasPage:
    """The komunitas page on the demo roster, opening and summary built."""
    page = build_komunitas(workspace=ws.root, local_home=tmp_path / "home")
    page.opening()
    page.closing()
    return page


def test_the_tool_sits_beside_the_proposal_tool(komunitas: KomunitasPage) -> None:
    """The network tool is in the section of the proposal tool, right after it."""
    tool = komunitas.network
    section = komunitas.sections[komunitas.config.tool_item]
    inside = []
    stack = [section]
    while stack:
        widget = stack.pop()
        inside.append(widget)
        stack.extend(getattr(widget, "children", ()))
    assert tool.widget in inside and komunitas.proposal.widget in inside
    assert "Jaringan usaha" in tool.widget.children[0].value


def test_saving_refuses_bad_entries_and_keeps_the_latest(
        ws: Workspace, komunitas: KomunitasPage) -> None:
    """Empty and duplicate lists are refused with nothing saved; a later save replaces the list."""
    frame, tool = komunitas.frame, komunitas.network
    assert tool.save_button.disabled  # nobody chosen yet
    pid = register(frame, "Rina Jaringan Usaha")
    assert not tool.save_button.disabled
    tool.save_button.click()
    assert "Tulis minimal satu barang" in tool.message.value
    assert "kit-error" in tool.message.value
    tool.sells.value = "Singkong\nubi kayu"
    tool.save_button.click()
    assert "adalah barang yang sama" in tool.message.value
    assert latest_entries(ws, [pid]) == {}

    tool.sells.value = "keripik singkong\n"
    tool.needs.value = "singkong\njasa angkut"
    tool.village.value = "Kroyo"
    tool.save_button.click()
    assert "Tersimpan" in tool.message.value and "kit-ok" in tool.message.value
    assert latest_entries(ws, [pid]) == {pid: NetworkEntry(
        sells=("keripik singkong",), needs=("singkong", "jasa angkut"), village="Kroyo")}
    assert "keripik singkong" in tool.saved.value
    tool.village.value = "Kroyo Lor"  # edited after saving: the confirmation goes away
    assert tool.message.value == ""

    tool.needs.value = "label kemasan"
    tool.save_button.click()
    assert latest_entries(ws, [pid])[pid].needs == ("label kemasan",)
    evidence = answers_for(frame)[komunitas.config.tool_item]["evidence"]
    assert any(e["kind"] == "jaringan_usaha" and "label kemasan" in e["value"]
               for e in evidence)


def test_the_list_follows_the_participant(komunitas: KomunitasPage) -> None:
    """Another participant starts empty; coming back shows the first one's saved list."""
    frame, tool = komunitas.frame, komunitas.network
    first = register(frame, "Tono Pemasok Gula")
    tool.sells.value = "gula aren"
    tool.save_button.click()
    frame._start_over()
    register(frame, "Orang Lain Tanpa Daftar")
    assert (tool.sells.value, tool.needs.value, tool.saved.value) == ("", "", "")
    frame._start_over()
    pick(frame, first)
    assert tool.sells.value == "gula aren"
    assert tool.message.value == ""


def test_the_village_starts_from_the_roster(ws: Workspace, komunitas: KomunitasPage) -> None:
    """A participant with a village on the roster and no saved list finds it filled in."""
    from kit.modules.identity import roster

    person = next(p for p in roster(ws) if p.village and p.district != "Kabupaten Sragen")
    pick(komunitas.frame, person.id)
    assert komunitas.network.saved.value == ""
    assert komunitas.network.village.value == person.village


def test_the_tool_speaks_english_when_the_module_does(ws: Workspace, tmp_path: Path) -> None:
    """Built in English, the tool's heading, labels, button and refusals are English."""
    set_language("en")
    page = build_komunitas(workspace=ws.root, local_home=tmp_path / "home")
    page.opening()
    tool = page.network
    assert "Business network" in tool.widget.children[0].value
    assert tool.save_button.description == "Save my list"
    register(page.frame, "Ayu English Seller")
    tool.save_button.click()
    assert "Write at least one thing you sell" in tool.message.value
