"""Fixtures of the community tests: a workspace with participants, some of whom did bimtek."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from kit.records.participants import Participant, add_participant
from kit.records.sessions import check_in, create_session
from kit.workspace import Workspace, writing

# (id, name, completed bimtek)
PEOPLE = (
    ("pani", "Ani Lestari", True), ("pbudi", "Budi Santoso", True),
    ("pcitra", "Citra Dewi", True), ("pdedi", "Dedi Kurniawan", True),
    ("peka", "Eka Putri", False), ("psri1", "Sri Wahyuni", True),
    ("psri2", "Sri Wahyuni", False),
)


def populate(ws: Workspace) -> Workspace:
    """Add PEOPLE to the roster and check those marked in to a bimtek session; return ``ws``."""
    with writing(ws) as conn:
        for pid, name, _bimtek in PEOPLE:
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
        session = create_session(conn, "bimtek", "Bimtek e-UMKM", date(2026, 11, 20),
                                 "Kabupaten Sragen")
        for pid, _name, bimtek in PEOPLE:
            if bimtek:
                check_in(conn, session.id, pid)
    return ws


@pytest.fixture
def town(make_workspace: Callable[..., Workspace]) -> Workspace:
    """A workspace (SQLite or PostgreSQL) with the roster and bimtek attendance of PEOPLE."""
    return populate(make_workspace())
