"""Choosing the classroom's session: the terminal list, the kit's session creation, the CLI."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kit.classroom import store
from kit.classroom.server import choose_session
from kit.records.sessions import Session, SessionProblems, add_session, create_session, get_session
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace, init_workspace
from tests.classroom.harness import REPO

OLDER = "sragen-bimtek-choice"
NEWEST = "pontianak-komunitas-choice"


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    """A workspace whose newest open session is Pontianak's and an older one is Sragen's."""
    workspace = init_workspace(tmp_path / "ws")
    with write_tx(workspace.engine) as conn:
        add_session(conn, Session(id=NEWEST, activity_id="komunitas", title="Komunitas Pontianak",
                                  date=date(2030, 1, 2), district="Kota Pontianak"))
        add_session(conn, Session(id=OLDER, activity_id="bimtek", title="Bimtek Sragen",
                                  date=date(2030, 1, 1), district="Kabupaten Sragen"))
    return workspace


def _answers(*replies: str) -> Iterator[str]:
    yield from replies


def test_terminal_lists_sessions_and_takes_the_chosen_number(
        ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    """The terminal shows a numbered list with activity, date and district; '2' picks the 2nd."""
    replies = _answers("9", "2")
    chosen = choose_session(ws.engine, stdin_is_tty=True, ask=lambda _prompt: next(replies))
    shown = capsys.readouterr().out
    assert "1. Komunitas · Komunitas Pontianak · 2030-01-02 · Kota Pontianak" in shown
    assert "2. Bimtek · Bimtek Sragen · 2030-01-01 · Kabupaten Sragen" in shown
    assert chosen == OLDER


def test_terminal_can_create_a_session_or_leave_the_choice_for_later(ws: Workspace) -> None:
    """'0' creates a session through the kit (asking again after a bad field); Enter opens none."""
    replies = _answers("0", "2", "", "2030-02-03", "Kabupaten Sragen",
                       "2", "Bimtek Sragen 2", "2030-02-03", "Kabupaten Sragen")
    made = choose_session(ws.engine, stdin_is_tty=True, ask=lambda _prompt: next(replies))
    assert made is not None and made.startswith("bimtek-2030-02-03-")
    with read_tx(ws.engine) as conn:
        saved = get_session(conn, made)
    assert saved is not None and saved.title == "Bimtek Sragen 2" and saved.status == "open"
    assert choose_session(ws.engine, stdin_is_tty=True, ask=lambda _prompt: "") is None
    assert choose_session(ws.engine, stdin_is_tty=False) is None


def test_create_session_names_every_bad_field(ws: Workspace) -> None:
    """An unknown activity, empty title, wrong date and a missing district are all reported."""
    with pytest.raises(SessionProblems) as refused, write_tx(ws.engine) as conn:
        create_session(conn, "nope", " \u200b ", "3/12/2026", "x")
    assert set(refused.value.problems) == {"activity_id", "title", "date", "district"}
    with write_tx(ws.engine) as conn:
        made = create_session(conn, "advokasi", "  Advokasi\tSragen ", date(2030, 3, 1),
                              "Kabupaten Sragen")
    assert made.title == "Advokasi Sragen" and made.date == date(2030, 3, 1)


def test_classroom_open_without_a_terminal_or_session_opens_nothing(ws: Workspace) -> None:
    """'classroom open' with no terminal and no --session refuses in one line (exit 2)."""
    run = subprocess.run([sys.executable, "-m", "kit", "classroom", "open", "--workspace",
                          str(ws.root)], cwd=REPO, capture_output=True, text=True, timeout=180,
                         stdin=subprocess.DEVNULL, check=False)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "--session" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert store.current_classroom(ws.engine) is None
    chosen = subprocess.run([sys.executable, "-m", "kit", "classroom", "open", "--session", OLDER,
                             "--workspace", str(ws.root)], cwd=REPO, capture_output=True,
                            text=True, timeout=180, stdin=subprocess.DEVNULL, check=False)
    assert chosen.returncode == 0, chosen.stderr
    opened = store.current_classroom(ws.engine)
    assert opened is not None and opened.session_id == OLDER
