"""Classroom records on a real SQLite workspace: classrooms, PINs, devices, attempts, identity."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from kit.classroom import store, tables
from kit.classroom.identity import TOKEN_ENV, current_participant, in_classroom, sign_token
from kit.classroom.ratelimit import PER_ADDRESS, PER_PARTICIPANT
from kit.records.clock import now
from kit.storage.db import read_tx
from kit.storage.migrate import head_revision
from kit.workspace import Workspace, init_workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A demo workspace (participants, sessions, attendance)."""
    return init_workspace(tmp_path / "ws", demo=True)


def _with_attendees(ws: Workspace) -> store.Classroom:
    classroom = store.open_classroom(ws.engine)
    assert store.checked_in(ws.engine, classroom), "the demo session has attendees"
    return classroom


def test_migration_creates_every_classroom_table(ws: Workspace) -> None:
    """Migration 0003 is the head and creates the tables with the columns of tables.py."""
    assert head_revision() == "0003_classroom"
    inspector = sa.inspect(ws.engine)
    for table in (tables.classroom, tables.pin, tables.facilitator, tables.device,
                  tables.attempt):
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name


def test_open_is_idempotent_and_close_expires_the_code(ws: Workspace) -> None:
    """Opening again returns the same code (a restart); closing expires it and signs phones out."""
    first = _with_attendees(ws)
    assert store.open_classroom(ws.engine) == first
    with pytest.raises(store.ClassroomError):
        store.open_classroom(ws.engine, "no-such-session-id")
    pid = store.checked_in(ws.engine, first)[0].participant.id
    token = store.create_device(ws.engine, "participant", first.id, pid)
    who = store.principal_for(ws.engine, token)
    assert who is not None and who.participant_id == pid and who.classroom_id == first.id
    closed = store.close_classroom(ws.engine)
    assert closed is not None and not closed.is_open
    assert store.principal_for(ws.engine, token) is None
    assert store.current_classroom(ws.engine) is None
    again = store.open_classroom(ws.engine)
    assert again.code != first.code


def test_pins_are_stored_hashed(ws: Workspace) -> None:
    """A chosen PIN is stored as a hash, checked, and not overwritten by a second chooser."""
    classroom = _with_attendees(ws)
    pid = store.checked_in(ws.engine, classroom)[0].participant.id
    assert store.set_pin(ws.engine, pid, "2580", "participant", only_if_unset=True)
    assert not store.set_pin(ws.engine, pid, "1111", "participant", only_if_unset=True)
    assert store.check_pin(ws.engine, pid, "2580")
    assert not store.check_pin(ws.engine, pid, "1111")
    stored = store.pin_hash_of(ws.engine, pid)
    assert stored is not None and "2580" not in stored
    assert store.attendee(ws.engine, classroom, pid) is not None
    assert store.attendee(ws.engine, classroom, "pnotthere") is None


def test_failures_reset_on_success_and_are_per_key(ws: Workspace) -> None:
    """The log gives failures since the last success, per participant and per address."""
    classroom = _with_attendees(ws)
    pid = store.checked_in(ws.engine, classroom)[0].participant.id
    for _ in range(3):
        store.record_attempt(ws.engine, "pin", "10.0.0.2", "wrong", classroom.id, pid)
    store.record_attempt(ws.engine, "pin", "10.0.0.2", "locked", classroom.id, pid)
    at = now() + timedelta(seconds=1)
    assert len(store.recent_failures(ws.engine, PER_PARTICIPANT, "pin", at,
                                     participant_id=pid)) == 3
    assert len(store.recent_failures(ws.engine, PER_ADDRESS, "pin", at,
                                     client_addr="10.0.0.2")) == 3
    assert store.recent_failures(ws.engine, PER_ADDRESS, "pin", at, client_addr="10.0.0.3") == []
    store.record_attempt(ws.engine, "pin", "10.0.0.2", "ok", classroom.id, pid)
    assert store.recent_failures(ws.engine, PER_PARTICIPANT, "pin", now() + timedelta(seconds=1),
                                 participant_id=pid) == []


def test_facilitator_password_and_devices(ws: Workspace) -> None:
    """The password is hashed; changing it signs facilitator devices out; old ones expire."""
    assert not store.has_facilitator_password(ws.engine)
    store.set_facilitator_password(ws.engine, "kelas-sragen-2026")
    assert store.check_facilitator_password(ws.engine, "kelas-sragen-2026")
    assert not store.check_facilitator_password(ws.engine, "salah-salah")
    token = store.create_device(ws.engine, "facilitator")
    assert store.principal_for(ws.engine, token) is not None
    later = now() + timedelta(hours=store.FACILITATOR_DEVICE_HOURS + 1)
    assert store.principal_for(ws.engine, token, at=later) is None
    store.set_facilitator_password(ws.engine, "kelas-sragen-2027")
    assert store.principal_for(ws.engine, token) is None
    assert store.principal_for(ws.engine, "x" * 500) is None


def test_walk_in_is_validated_checked_in_and_not_duplicated(ws: Workspace) -> None:
    """A walk-in is validated with the roster normalisers, checked in with a PIN, once."""
    classroom = _with_attendees(ws)
    problems = store.walk_in_problems("=HYPERLINK(1)", "Sr", phone="12", pin="12",
                                      pin_again="12")
    assert set(problems) == {"name", "district", "phone", "pin"}
    with pytest.raises(store.WalkInError):
        store.register_walk_in(ws.engine, classroom, "Bu Ani", "Kabupaten Sragen",
                               pin="2580", pin_again="2581")
    person = store.register_walk_in(ws.engine, classroom, "  Bu  Ani ", "Kabupaten Sragen",
                                    phone="0812-3456-7890", pin="2580", pin_again="2580")
    assert person.name == "Bu Ani" and person.phone == "+6281234567890"
    found = store.attendee(ws.engine, classroom, person.id)
    assert found is not None and found.has_pin
    with pytest.raises(store.WalkInError) as err:
        store.register_walk_in(ws.engine, classroom, "bu ani", "kabupaten sragen",
                               pin="1234", pin_again="1234")
    assert "name" in err.value.errors


def test_current_participant_reads_a_signed_token(ws: Workspace) -> None:
    """A kernel's token names its participant while the classroom is open, and only then."""
    classroom = _with_attendees(ws)
    pid = store.checked_in(ws.engine, classroom)[0].participant.id
    env = {TOKEN_ENV: sign_token(classroom.signing_key, pid, classroom.id),
           "UMKM_KIT_WORKSPACE": str(ws.root)}
    assert in_classroom(env)
    person = current_participant(env)
    assert person is not None and person.id == pid
    forged = {**env, TOKEN_ENV: sign_token("00" * 32, pid, classroom.id)}
    assert in_classroom(forged) and current_participant(forged) is None
    assert current_participant({"UMKM_KIT_WORKSPACE": str(ws.root)}) is None
    store.close_classroom(ws.engine)
    assert current_participant(env) is None
    with read_tx(ws.engine) as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tables.classroom)
                            ).scalar_one() == 1
