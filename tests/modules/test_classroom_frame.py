"""In a classroom kernel no widget can change who the participant is, and no roster is held.

The three ways a classroom kernel gets its page: built once in the fork server with the
classroom's marker (then forked with the participant's token), built by an older server without
the marker (then forked), or rendered the usual way in the participant's own kernel. The fork
callbacks run here in this process, as the forked kernel runs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ipywidgets.widgets import widget as widget_module

from kit.classroom import store
from kit.classroom.identity import sign_token
from kit.modules.advokasi import AdvokasiPage, build_advokasi
from kit.modules.frame import IdentityLocked, RegisterForm, RosterPicker
from kit.modules.identity import CLASSROOM, ROSTER, roster
from kit.records.participants import Participant
from kit.records.sessions import check_in
from kit.server.kernels import page_rebind
from kit.settings import CLASSROOM_ENV
from kit.settings import PARTICIPANT_TOKEN_ENV as TOKEN_ENV
from kit.storage.db import write_tx
from kit.workspace import Workspace

IDENTITY_CLASSES = frozenset({"kit-search", "kit-reg-name", "kit-reg-district"})
IDENTITY_BUTTONS = frozenset({"Ya, ini saya", "Nama saya belum ada di daftar",
                              "Bukan Anda? Ganti nama", "Daftar dan mulai"})


@pytest.fixture
def attendee(ws: Workspace) -> Iterator[tuple[Participant, str]]:
    """A checked-in participant of an open classroom and a token signed for them."""
    classroom = store.open_classroom(ws.engine)
    if not store.checked_in(ws.engine, classroom):  # earlier tests closed the checked-in ones
        with write_tx(ws.engine) as conn:
            check_in(conn, classroom.session_id, roster(ws)[0].id)
    person = store.checked_in(ws.engine, classroom)[0].participant
    try:
        yield person, sign_token(classroom.signing_key, person.id, classroom.id)
    finally:
        store.close_classroom(ws.engine)


def _build(ws: Workspace, home: Path) -> tuple[AdvokasiPage, list[Any], set[str]]:
    """Build the advokasi page; its fork callbacks and the ids of the widgets it created."""
    before = set(widget_module._instances)
    start = page_rebind.mark()
    page = build_advokasi(workspace=ws.root, local_home=home)
    page.opening()
    page.closing()
    created = set(widget_module._instances) - before
    return page, page_rebind.callbacks_since(start), created


def _fork(callbacks: list[Any]) -> set[str]:
    """Run the page's fork callbacks; return the ids of the widgets they created."""
    before = set(widget_module._instances)
    for callback in callbacks:
        callback()
    return set(widget_module._instances) - before


def _identity_widgets(model_ids: set[str]) -> list[str]:
    """The live widgets among ``model_ids`` that pick, register or change a participant."""
    found = []
    for model_id in model_ids:
        widget = widget_module._instances.get(model_id)
        if widget is None:
            continue
        classes = set(getattr(widget, "_dom_classes", ()))
        label = getattr(widget, "description", "")
        if classes & IDENTITY_CLASSES or label in IDENTITY_BUTTONS:
            found.append(f"{type(widget).__name__} {label or sorted(classes)}")
    return found


def _names_in_widgets(model_ids: set[str], people: list[Participant]) -> set[str]:
    """Names of ``people`` that appear in the state of a live widget among ``model_ids``."""
    text = "\n".join(repr(widget_module._instances[m].get_state()) for m in model_ids
                     if m in widget_module._instances)
    return {p.name for p in people if p.name in text}


def _assert_locked(page: AdvokasiPage, person: Participant, ws: Workspace) -> None:
    """The frame serves ``person`` only and holds no picker, form or roster."""
    frame = page.frame
    assert frame.ctx.mode == CLASSROOM
    assert frame.participant is not None and frame.participant.id == person.id
    assert frame.picker is None and frame.register_form is None
    other = next(p for p in roster(ws) if p.id != person.id)
    with pytest.raises(IdentityLocked):
        frame.choose(other)
    with pytest.raises(IdentityLocked):
        frame.set_participant(other)
    with pytest.raises(IdentityLocked):
        RosterPicker(frame)
    with pytest.raises(IdentityLocked):
        RegisterForm(frame)
    assert frame.participant.id == person.id


def test_page_built_for_the_classroom_has_no_picker_and_forks_locked(
        ws: Workspace, tmp_path: Path, attendee: tuple[Participant, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Built with the classroom marker: no picker at all; forked with a token: that person only."""
    person, token = attendee
    monkeypatch.setenv(CLASSROOM_ENV, "1")
    page, callbacks, created = _build(ws, tmp_path / "home")
    assert page.frame.ctx.mode == CLASSROOM and page.frame.participant is None
    assert _identity_widgets(created) == []
    assert "membuka modul ini di ponselnya sendiri" in page.frame._identity_status.value
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ws.root))
    monkeypatch.setenv(TOKEN_ENV, token)
    created |= _fork(callbacks)
    assert _identity_widgets(created) == []
    assert person.name in page.frame._identity_status.value
    others = [p for p in roster(ws) if p.id != person.id]
    assert _names_in_widgets(created, others) == set()
    _assert_locked(page, person, ws)


def test_picker_built_without_the_marker_is_closed_in_the_forked_kernel(
        ws: Workspace, tmp_path: Path, attendee: tuple[Participant, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that made the roster picker: the classroom kernel closes every widget of it."""
    person, token = attendee
    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    page, callbacks, created = _build(ws, tmp_path / "home")
    picker = page.frame.picker
    assert page.frame.ctx.mode == ROSTER and picker is not None
    before_click = set(widget_module._instances)
    picker.new.click()  # the registration form inside the picker is built too
    created |= set(widget_module._instances) - before_click
    assert _identity_widgets(created) != []
    picker_ids = {picker.query.model_id, picker.matches.model_id, picker.pick.model_id,
                  picker.new.model_id, picker.widget.model_id}
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ws.root))
    monkeypatch.setenv(TOKEN_ENV, token)
    created |= _fork(callbacks)
    assert picker_ids.isdisjoint(widget_module._instances)
    assert _identity_widgets(created) == []
    assert picker.people == []
    _assert_locked(page, person, ws)


def test_page_rendered_in_a_classroom_kernel_has_no_picker(
        ws: Workspace, tmp_path: Path, attendee: tuple[Participant, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendered the usual way (no fork server) in a participant's kernel: locked, no roster."""
    person, token = attendee
    monkeypatch.setenv(CLASSROOM_ENV, "1")
    monkeypatch.setenv(TOKEN_ENV, token)
    page, _callbacks, created = _build(ws, tmp_path / "home")
    assert _identity_widgets(created) == []
    assert person.name in page.frame._identity_status.value
    others = [p for p in roster(ws) if p.id != person.id]
    assert _names_in_widgets(created, others) == set()
    _assert_locked(page, person, ws)


def test_roster_mode_still_offers_the_picker(ws: Workspace, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """On the facilitator's own server (no classroom) the picker is built and works as before."""
    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    page, _callbacks, created = _build(ws, tmp_path / "home")
    assert page.frame.ctx.mode == ROSTER
    assert _identity_widgets(created) != []
    someone = roster(ws)[0]
    page.frame.choose(someone)
    assert page.frame.participant is not None and page.frame.participant.id == someone.id
