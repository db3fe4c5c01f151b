from pathlib import Path

import pytest

from kit.assess.demo import init_demo_workspace
from kit.classroom import store
from kit.classroom.identity import sign_token
from kit.modules.bimtek import build_bimtek
from kit.modules.identity import CLASSROOM, ROSTER, classroom_identity, register, resolve_context
from kit.settings import PARTICIPANT_TOKEN_ENV as TOKEN_ENV
from kit.workspace import Workspace


@pytest.fixture
def classroom_ws(tmp_path: Path) -> Workspace:
    """A demo workspace of its own (a classroom is opened and closed in it)."""
    return init_demo_workspace(tmp_path / "ws")


def test_classroom_kernel_knows_its_participant(classroom_ws: Workspace, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """With a valid token the frame starts with the participant and offers no picker."""
    ws = classroom_ws
    classroom = store.open_classroom(ws.engine)
    person = register(ws, "Ani Kelas", "Kabupaten Sragen")
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ws.root))
    monkeypatch.setenv(TOKEN_ENV, sign_token(classroom.signing_key, person.id, classroom.id))
    ctx = resolve_context()
    assert ctx.mode == CLASSROOM
    known = classroom_identity(ctx)
    assert known is not None and known.participant.id == person.id
    page = build_bimtek(local_home=tmp_path / "home")
    page.opening()
    frame = page.frame
    assert frame.participant_id == person.id and frame.picker is None
    assert frame.session_id == classroom.session_id
    assert frame._identity_body.children == ()
    assert "Ani Kelas" in frame._identity_status.value
    assert page.bound_to == person.id and page.mail is not None


def test_closed_classroom_shows_no_picker(classroom_ws: Workspace, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A token of a closed classroom gives nobody, a message, and still no roster picker."""
    ws = classroom_ws
    classroom = store.open_classroom(ws.engine)
    person = register(ws, "Budi Kelas", "Kabupaten Sragen")
    token = sign_token(classroom.signing_key, person.id, classroom.id)
    store.close_classroom(ws.engine)
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(ws.root))
    monkeypatch.setenv(TOKEN_ENV, token)
    page = build_bimtek(local_home=tmp_path / "home")
    page.opening()
    frame = page.frame
    assert frame.participant is None and frame.picker is None
    assert "tidak dikenali lagi" in frame._identity_status.value
    assert frame._identity_body.children == ()


def test_without_a_token_the_roster_is_used(classroom_ws: Workspace,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """No token: roster mode, no classroom identity."""
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    ctx = resolve_context(classroom_ws.root)
    assert ctx.mode == ROSTER and classroom_identity(ctx) is None
