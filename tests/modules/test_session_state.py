"""The module's state and rules (``ModuleSession``) work alone, with no widget anywhere.

Each test builds a :class:`ModuleSession` on the demo workspace (a real SQLite file) and checks
the rules the page's widgets only display: who is served, what is saved, the progress
arithmetic, what counts as achieved, and the classroom identity lock.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kit.classroom import store
from kit.classroom.identity import sign_token
from kit.modules.identity import CLASSROOM, LOCAL, ROSTER, register, roster
from kit.modules.session_state import IdentityLocked, ModuleSession
from kit.modules.store import load_state
from kit.settings import CLASSROOM_ENV
from kit.settings import PARTICIPANT_TOKEN_ENV as TOKEN_ENV
from kit.workspace import Workspace
from tests.modules.helpers import classroom_with_a_participant

REPO = Path(__file__).resolve().parents[2]


def _session(ws: Workspace, tmp_path: Path) -> ModuleSession:
    """A session of the advokasi module on the demo roster, two sections on its page."""
    s = ModuleSession("advokasi", workspace=ws.root, local_home=tmp_path / "home")
    s.register_section("adv_nawacita", "Nawacita")
    s.register_section("adv_pentingnya", "Pentingnya")
    return s


def test_the_state_module_imports_no_widgets() -> None:
    """Importing and using ``kit.modules.session_state`` loads neither ipywidgets nor kit.ui."""
    code = ("import sys\nimport kit.modules.session_state\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'ipywidgets' "
            "or m.startswith('kit.ui') or m == 'kit.modules.frame'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_nobody_chosen_means_no_progress_and_no_saving(ws: Workspace, tmp_path: Path) -> None:
    """Before a participant is chosen the progress is zero and saving is refused."""
    s = _session(ws, tmp_path)
    assert s.ctx.mode == ROSTER and s.participant_id is None
    p = s.progress()
    assert (p.achieved, p.done, p.sections, p.next_id) == (0, 0, 2, "adv_nawacita")
    assert p.total == len(s.items) > 0
    with pytest.raises(RuntimeError):
        s.save("adv_nawacita", "section_done", {"section": "adv_nawacita"})


def test_marking_a_section_done_moves_progress_and_is_saved(ws: Workspace,
                                                             tmp_path: Path) -> None:
    """``mark_done`` records once, the next section becomes "continue with", a reload agrees."""
    person = register(ws, "Sesi Uji Satu", "Kabupaten Sragen")
    s = _session(ws, tmp_path)
    s.set_participant(person)
    assert s.mark_done("adv_nawacita") is True
    assert s.mark_done("adv_nawacita") is False  # already finished: nothing saved twice
    p = s.progress()
    assert (p.done, p.next_id, p.next_title) == (1, "adv_pentingnya", "Pentingnya")
    assert load_state(ws, person.id, "advokasi").sections_done == {"adv_nawacita"}
    again = _session(ws, tmp_path)
    again.set_participant(person)
    assert again.section_done("adv_nawacita") and not again.section_done("adv_pentingnya")


def test_a_recorded_score_counts_as_achieved(ws: Workspace, tmp_path: Path) -> None:
    """A level 2 from a quiz makes its item achieved; level 0 does not; standings agree."""
    person = register(ws, "Sesi Uji Dua", "Kabupaten Sragen")
    s = _session(ws, tmp_path)
    s.set_participant(person)
    first, second = s.items[0].id, s.items[1].id
    assert s.record_score(first, 2, {"quiz": "test"}) == 2
    assert s.record_score(second, 0, {"quiz": "test"}) == 0
    assert [i.id for i in s.achieved()] == [first]
    standing = {row.item.id: row for row in s.standings()}
    assert standing[first].achieved and standing[first].level == 2
    assert not standing[second].achieved and standing[second].level == 0
    assert standing[s.items[2].id].level is None
    assert s.progress().achieved == 1


def test_a_tool_state_and_a_quiz_are_kept_in_memory_and_on_disk(ws: Workspace,
                                                                tmp_path: Path) -> None:
    """Saved tool state and quiz answers are in the session's state and in the workspace."""
    person = register(ws, "Sesi Uji Tiga", "Kabupaten Sragen")
    s = _session(ws, tmp_path)
    s.set_participant(person)
    s.save("adv_nawacita", "tool", {"tool": "kalkulator", "state": {"omzet": 5}})
    s.save("adv_nawacita", "quiz", {"answers": [1, 2, 3]})
    assert s.state.tools["kalkulator"] == {"omzet": 5}
    assert s.state.attempts("adv_nawacita") == 1
    saved = load_state(ws, person.id, "advokasi")
    assert saved.tools["kalkulator"] == {"omzet": 5}
    assert saved.attempts("adv_nawacita") == 1


def test_local_mode_remembers_and_forgets_the_profile(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """On a personal device the chosen person is the profile the next session starts with."""
    monkeypatch.delenv("UMKM_KIT_WORKSPACE", raising=False)
    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    home = tmp_path / "home"
    s = ModuleSession("advokasi", local_home=home)
    assert s.ctx.mode == LOCAL and s.visitor() is None
    person = register(s.ctx.ws, "Profil Lokal", "Kota Surakarta")
    s.remember(person)
    s.set_participant(person)
    again = ModuleSession("advokasi", local_home=home)
    known = again.visitor()
    assert known is not None and known.id == person.id
    again.forget()
    assert ModuleSession("advokasi", local_home=home).visitor() is None


def test_a_classroom_session_serves_its_token_participant_only(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the classroom marker and a token: that person is served, anyone else is refused."""
    classroom, person = classroom_with_a_participant(ws)
    try:
        monkeypatch.setenv(CLASSROOM_ENV, "1")
        monkeypatch.setenv(TOKEN_ENV, sign_token(classroom.signing_key, person.id, classroom.id))
        s = ModuleSession("advokasi", workspace=ws.root, local_home=tmp_path / "home")
        assert s.ctx.mode == CLASSROOM
        known = s.visitor()
        assert known is not None and known.id == person.id
        s.set_participant(known)
        other = next(p for p in roster(ws) if p.id != person.id)
        with pytest.raises(IdentityLocked):
            s.set_participant(other)
        with pytest.raises(IdentityLocked):
            s.remember(other)
        assert s.participant_id == person.id
        s.set_participant(None)  # nobody is always allowed
        assert s.participant_id is None
    finally:
        store.close_classroom(ws.engine)
