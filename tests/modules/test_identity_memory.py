"""Roster mode on one's own machine remembers who chose themselves; a classroom never does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.modules.advokasi import build_advokasi
from kit.modules.identity import register
from kit.modules.identity_memory import memory_path, remember_choice, remembered_choice
from kit.modules.session_state import IdentityLocked, ModuleSession
from kit.workspace import Workspace, init_workspace


@pytest.fixture
def own_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A fresh roster workspace of its own, outside any classroom."""
    monkeypatch.delenv("UMKM_KIT_CLASSROOM", raising=False)
    monkeypatch.delenv("UMKM_KIT_PARTICIPANT_TOKEN", raising=False)
    return init_workspace(tmp_path / "ws")


def test_reload_greets_the_remembered_participant(own_ws: Workspace, tmp_path: Path) -> None:
    """After Siti picks herself, a reload offers "Lanjutkan sebagai Siti Rahayu" above search."""
    siti = register(own_ws, "Siti Rahayu", "Kabupaten Sragen", "Keripik Siti")
    first = build_advokasi(workspace=own_ws.root, local_home=tmp_path / "home")
    first.frame.identity()
    assert first.frame.picker is not None and not hasattr(first.frame.picker, "resume")
    first.frame.choose(siti)
    assert json.loads(memory_path(own_ws).read_text(encoding="utf-8")) == {
        "participant_id": siti.id}

    again = build_advokasi(workspace=own_ws.root, local_home=tmp_path / "home")
    again.frame.identity()
    assert again.frame.participant is None  # greeted and asked to confirm, not chosen silently
    picker = again.frame.picker
    assert picker is not None
    assert picker.resume.description == "Lanjutkan sebagai Siti Rahayu"
    assert picker.query in picker.widget.children  # someone else can still find their name
    picker.resume.click()
    assert again.frame.participant_id == siti.id


def test_not_you_forgets_the_remembered_participant(own_ws: Workspace, tmp_path: Path) -> None:
    """"Bukan Anda? Ganti nama" forgets the choice: the next visit asks "Siapa Anda?" plainly."""
    budi = register(own_ws, "Budi Santoso", "Kabupaten Sragen")
    page = build_advokasi(workspace=own_ws.root, local_home=tmp_path / "home")
    page.frame.identity()
    page.frame.choose(budi)
    page.frame._start_over()
    assert not memory_path(own_ws).exists()
    assert ModuleSession("advokasi", workspace=own_ws.root).remembered() is None


def test_classroom_never_uses_the_remembered_participant(
        own_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With UMKM_KIT_CLASSROOM=1 a remembered choice left on the workspace is never used."""
    siti = register(own_ws, "Siti Rahayu", "Kabupaten Sragen")
    remember_choice(own_ws, siti.id)  # left behind by an earlier self-paced use
    before = memory_path(own_ws).read_text(encoding="utf-8")
    monkeypatch.setenv("UMKM_KIT_CLASSROOM", "1")
    session = ModuleSession("advokasi", workspace=own_ws.root, local_home=tmp_path / "home")
    assert session.remembered() is None
    assert session.visitor() is None
    assert remembered_choice(own_ws) is None
    with pytest.raises(IdentityLocked):
        session.remember(siti)
    budi = register(own_ws, "Budi Santoso", "Kabupaten Sragen")
    remember_choice(own_ws, budi.id)  # nothing is written in a classroom
    assert memory_path(own_ws).read_text(encoding="utf-8") == before
    page = build_advokasi(workspace=own_ws.root, local_home=tmp_path / "home")
    page.frame.identity()
    assert page.frame.participant is None and page.frame.picker is None
