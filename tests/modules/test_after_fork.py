"""A module page built in advance re-reads its visit in each kernel forked from it.

(``kit.server.kernels.page_snapshot`` builds the page without the visit's variables and runs the
callbacks the page registered with ``page_rebind.on_fork`` in every forked kernel. Here the
callbacks are run in this process, as the forked kernel would run them.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.classroom import store
from kit.classroom.identity import sign_token
from kit.modules.advokasi import AdvokasiPage, build_advokasi
from kit.modules.identity import CLASSROOM, ROSTER, register
from kit.server.kernels import page_rebind
from kit.settings import PARTICIPANT_TOKEN_ENV as TOKEN_ENV
from kit.workspace import Workspace


def _built(ws: Workspace, home: Path) -> tuple[AdvokasiPage, list[object]]:
    start = page_rebind.mark()
    page = build_advokasi(workspace=ws.root, local_home=home)
    page.opening()
    return page, page_rebind.callbacks_since(start)


def _run(callbacks: list[object]) -> None:
    for callback in callbacks:
        assert callable(callback)
        callback()


def test_roster_picker_shows_people_registered_after_the_build(ws: Workspace,
                                                               tmp_path: Path) -> None:
    """A walk-in registered after the page was built is found by the picker of a new visit."""
    page, callbacks = _built(ws, tmp_path / "home")
    assert callbacks, "the frame registers its re-read"
    person = register(ws, "Ibu Sekar Setelah Build", "Kabupaten Sragen")
    old_picker = page.frame.picker
    assert old_picker is not None
    old_picker.query.value = "Sekar Setelah"
    assert old_picker.matches.options == ()  # the build's roster does not know her
    _run(callbacks)
    assert page.frame.ctx.mode == ROSTER and page.frame.participant is None
    picker = page.frame.picker
    assert picker is not None and picker is not old_picker
    picker.query.value = "Sekar Setelah"
    assert [pid for _label, pid in picker.matches.options] == [person.id]


def test_classroom_kernel_greets_its_own_participant(ws: Workspace, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Built without a token, forked with one: the kernel's participant is chosen, no picker."""
    page, callbacks = _built(ws, tmp_path / "home")
    classroom = store.open_classroom(ws.engine)
    attendee = store.checked_in(ws.engine, classroom)[0].participant
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ws.root))
    monkeypatch.setenv(TOKEN_ENV, sign_token(classroom.signing_key, attendee.id, classroom.id))
    try:
        _run(callbacks)
        frame = page.frame
        assert frame.ctx.mode == CLASSROOM
        assert frame.participant is not None and frame.participant.id == attendee.id
        assert attendee.name in frame._identity_status.value
        assert frame._identity_body.children == ()
    finally:
        store.close_classroom(ws.engine)
