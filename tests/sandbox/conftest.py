"""Fixtures of the sandbox tests: a SQLite workspace with three participants, and helpers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kit.records.participants import Participant, add_participant
from kit.sandbox.practice import Practice
from kit.storage.db import write_tx
from kit.workspace import Workspace, init_workspace

PEOPLE = (
    Participant(id="pa", name="Siti Rahayu", district="Kabupaten Sragen",
                business_name="Keripik Siti", phone="081234567890"),
    Participant(id="pb", name="Budi Santoso", district="Kabupaten Sragen",
                business_name="Batik Budi"),
    Participant(id="pc", name="Dewi Lestari", district="Kota Pontianak",
                business_name="Madu Dewi"),
)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A fresh SQLite workspace with participants ``pa``, ``pb`` and ``pc``."""
    workspace = init_workspace(tmp_path / "ws")
    with write_tx(workspace.engine) as conn:
        for person in PEOPLE:
            add_participant(conn, person)
    return workspace


@pytest.fixture
def practice(ws: Workspace) -> Callable[[str], Practice]:
    """``practice("pa")`` → a :class:`Practice` of that participant."""
    return lambda pid: Practice(ws, pid)
