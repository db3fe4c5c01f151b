"""Long module pages (issue 12): a section menu, a way back, sections built only when opened.

Also: the facilitator notes are never on a participant's page (they are in the facilitator
guide), and a module page does not import the server package.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ipywidgets.widgets import widget as widget_module

from kit.classroom import store
from kit.classroom.identity import sign_token
from kit.framework import framework
from kit.modules import page_rebind
from kit.modules.advokasi import AdvokasiPage, build_advokasi
from kit.modules.bimtek import build_bimtek
from kit.modules.content import module_content
from kit.modules.facilitator_guide import guide_html
from kit.modules.frame import IdentityLocked
from kit.modules.identity import CLASSROOM, roster
from kit.modules.komunitas import build_komunitas
from kit.modules.markdown import to_html
from kit.modules.page import ModulePage
from kit.modules.store import save_evidence
from kit.settings import CLASSROOM_ENV
from kit.settings import PARTICIPANT_TOKEN_ENV as TOKEN_ENV
from kit.workspace import Workspace
from tests.modules.helpers import classroom_with_a_participant, register_new

REPO = Path(__file__).resolve().parents[2]
BUILDERS = {"advokasi": build_advokasi, "bimtek": build_bimtek, "komunitas": build_komunitas}


def _as_notebook(page: ModulePage) -> list[Any]:
    """Display the page's parts as ``modules/<name>.py`` does (opening, contents, closing)."""
    return [page.column(page.opening()), page.column(page.contents()),
            page.column(page.closing())]


def _built_page(ws: Workspace, home: Path) -> tuple[AdvokasiPage, set[str]]:
    """The advokasi page as the notebook shows it, and the ids of the widgets that made."""
    before = set(widget_module._instances)
    page = build_advokasi(workspace=ws.root, local_home=home)
    _as_notebook(page)
    return page, set(widget_module._instances) - before


def _states_text(model_ids: set[str] | None = None) -> str:
    """The state of every live widget (or of ``model_ids``) as one text."""
    ids = widget_module._instances.keys() if model_ids is None else model_ids
    return "\n".join(repr(widget_module._instances[m].get_state()) for m in list(ids)
                     if m in widget_module._instances)


def _note_fragments(markdown: str) -> list[str]:
    """Distinctive pieces of a facilitator note as they appear in HTML (text between tags)."""
    return [piece.strip() for piece in re.split(r"<[^>]+>|\n", to_html(markdown))
            if len(piece.strip()) >= 25]


def test_module_frame_does_not_import_the_server_package() -> None:
    """Importing the module frame loads no ``kit.server``, jupyter_client or zmq."""
    code = ("import sys, kit.modules.frame, kit.modules.page\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('jupyter_client', 'zmq', 'tornado') or m.startswith('kit.server')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "[]"


def test_page_starts_with_the_menu_and_the_first_section_only(ws: Workspace,
                                                              tmp_path: Path) -> None:
    """At start only the first section is built; building them all makes 3× more widgets."""
    page, created = _built_page(ws, tmp_path / "home")
    items = [i.id for i in page.frame.activity.items]
    assert list(page.built) == [items[0]]
    assert page.open_id == items[0]
    assert page.frame.section_ids == items  # the progress still counts every section
    before = set(widget_module._instances)
    page.build_all()
    later = set(widget_module._instances) - before
    assert list(page.built) == items
    assert 3 * len(created) < len(created) + len(later), (len(created), len(later))


def test_menu_lists_every_section_in_order_grouped_by_materi(ws: Workspace,
                                                             tmp_path: Path) -> None:
    """The menu has one button per item (framework order) and a heading per materi."""
    page, _created = _built_page(ws, tmp_path / "home")
    titles = [i.title.get("id") for i in page.frame.activity.items]
    assert [b.description for b in page._buttons.values()] == titles
    text = _states_text()
    for materi in page.frame.activity.materi:
        assert "Materi {no}: {title}".format(no=materi.no, title=materi.title.get("id")) in text
    assert "Kembali ke daftar modul" in page.menu_head.value
    assert "href='../beranda.ipynb'" in page.menu_head.value


def test_opening_a_section_builds_and_shows_it(ws: Workspace, tmp_path: Path) -> None:
    """A menu tap builds that section once, shows it under its materi heading, marks the entry."""
    page, _created = _built_page(ws, tmp_path / "home")
    target = page.frame.activity.materi[2].items[0].id
    assert target not in page.built
    page._buttons[target].click()
    assert page.open_id == target and target in page.built
    shown = page._stage.children
    assert page.sections[target] in shown
    assert "kit-menu-open" in page._buttons[target]._dom_classes
    first = next(iter(page.entries))
    assert "kit-menu-open" not in page._buttons[first]._dom_classes
    section = page.sections[target]
    page._buttons[first].click()
    page._buttons[target].click()
    assert page.sections[target] is section  # built once, kept with its answers


def test_menu_shows_progress_and_the_page_resumes_at_the_next_section(
        ws: Workspace, tmp_path: Path) -> None:
    """A finished section is ticked in the menu; a later visit opens the first unfinished one."""
    page, _created = _built_page(ws, tmp_path / "home")
    pid = register_new(page, "Peserta Menu Bagian")
    someone = next(p for p in roster(ws) if p.id == pid)
    items = [i.id for i in page.frame.activity.items]
    page.frame.mark_done(items[0])
    page.frame.mark_done(items[1])
    assert page._buttons[items[0]].description.startswith("✓ ")
    assert not page._buttons[items[2]].description.startswith("✓ ")
    again = build_advokasi(workspace=ws.root, local_home=tmp_path / "home")
    again.frame.choose(someone)
    _as_notebook(again)
    assert again.open_id == items[2]
    assert list(again.built) == [items[2]]


def test_next_button_opens_the_following_section(ws: Workspace, tmp_path: Path) -> None:
    """Below an open section, "Berikutnya" opens the next section of the module."""
    page, _created = _built_page(ws, tmp_path / "home")
    items = [i.id for i in page.frame.activity.items]
    nav = page._stage.children[-1]
    nxt = nav.children[0]
    assert nxt.description.startswith("Berikutnya: ")
    nxt.click()
    assert page.open_id == items[1]


@pytest.mark.parametrize("module_id", sorted(BUILDERS))
def test_participant_page_never_holds_the_facilitator_notes(
        module_id: str, ws: Workspace, tmp_path: Path) -> None:
    """Every section of each module built: no widget state holds any facilitator note text."""
    content = module_content(module_id)
    notes = [content.facilitator_notes.indonesian,
             *(s.facilitator for s in content.sections.values() if s.facilitator.strip())]
    fragments = [f for note in notes for f in _note_fragments(note)]
    assert fragments, "the content has facilitator notes to hide"
    before = set(widget_module._instances)
    page = BUILDERS[module_id](workspace=ws.root, local_home=tmp_path / "home")
    _as_notebook(page)
    page.build_all()
    text = _states_text(set(widget_module._instances) - before)
    assert "Catatan fasilitator" not in text
    assert "<details class='kit-facilitator'>" not in text
    assert [f for f in fragments if f in text] == []


def test_facilitator_guide_holds_every_note() -> None:
    """The facilitator guide shows each module's notes and every item's note, from the content."""
    html = guide_html("id")
    assert "Panduan fasilitator" in html
    for module_id in BUILDERS:
        content = module_content(module_id)
        assert content.title.indonesian in html
        for note in [content.facilitator_notes.indonesian,
                     *(s.facilitator for s in content.sections.values())]:
            for fragment in _note_fragments(note):
                assert fragment in html, fragment


def test_section_opened_in_a_forked_classroom_kernel_is_the_participants_own(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A classroom page forked with a token builds a later section for that participant only.

    The way back leads to /kelas, and the identity stays locked.
    """
    classroom, person = classroom_with_a_participant(ws)
    try:
        token = sign_token(classroom.signing_key, person.id, classroom.id)
        items = [i.id for i in framework().activity("advokasi").items]
        for item_id in items[:2]:  # the participant finished the first two sections
            save_evidence(ws, person.id, item_id, "section_done",
                          {"module": "advokasi", "section": item_id})
        monkeypatch.setenv(CLASSROOM_ENV, "1")
        start = page_rebind.mark()
        page, _created = _built_page(ws, tmp_path / "home")
        callbacks = page_rebind.callbacks_since(start)
        assert page.frame.participant is None
        monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ws.root))
        monkeypatch.setenv(TOKEN_ENV, token)
        for callback in callbacks:
            callback()
        frame = page.frame
        assert frame.ctx.mode == CLASSROOM and frame.participant is not None
        assert page.open_id == items[2]  # where this participant stopped
        assert frame.module_list_href() == "/kelas"
        assert "href='/kelas'" in page.menu_head.value
        target = frame.activity.materi[2].items[0].id
        before = set(widget_module._instances)
        page.open(target)
        made = set(widget_module._instances) - before
        check = page.checks[target]
        assert not check.submit_button.disabled  # built for the known participant
        others = [p for p in roster(ws) if p.id != person.id]
        text = _states_text(made)
        assert [p.name for p in others if p.name in text] == []
        with pytest.raises(IdentityLocked):
            frame.choose(others[0])
    finally:
        store.close_classroom(ws.engine)
