"""Classroom records on a real SQLite workspace: classrooms, PINs, devices, attempts, identity."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from kit.assess.demo import init_demo_workspace
from kit.classroom import store, tables
from kit.classroom.identity import current_participant, in_classroom, sign_token
from kit.classroom.pin_rules import is_trivial
from kit.classroom.ratelimit import PER_ADDRESS, PER_PARTICIPANT, WALK_IN
from kit.records.clock import now
from kit.settings import PARTICIPANT_TOKEN_ENV as TOKEN_ENV
from kit.storage import schema
from kit.storage.db import read_tx
from kit.storage.migrate import head_revision
from kit.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A demo workspace (participants, sessions, attendance)."""
    return init_demo_workspace(tmp_path / "ws")


def _with_attendees(ws: Workspace) -> store.Classroom:
    classroom = store.open_classroom(ws.engine)
    assert store.checked_in(ws.engine, classroom), "the demo session has attendees"
    return classroom


def test_migration_creates_every_classroom_table(ws: Workspace) -> None:
    """Migration 0003 (or a later head) creates the tables with the columns of tables.py."""
    assert head_revision() >= "0003_classroom"
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


def test_missing_pins_are_given_once(ws: Workspace) -> None:
    """Everyone without a PIN gets a non-trivial one that checks; a second run gives none."""
    classroom = _with_attendees(ws)
    first = store.checked_in(ws.engine, classroom)[0].participant.id
    store.set_pin(ws.engine, first, "4711", "facilitator")
    given = store.give_missing_pins(ws.engine, classroom)
    assert first not in {person.id for person, _pin in given}
    assert len(given) == len(store.checked_in(ws.engine, classroom)) - 1
    person, pin = given[0]
    assert not is_trivial(pin) and store.check_pin(ws.engine, person.id, pin)
    assert store.give_missing_pins(ws.engine, classroom) == []


def test_participant_count_resets_on_success_but_address_count_does_not(ws: Workspace) -> None:
    """A success or an unlock restarts a participant's count; an address keeps every failure."""
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
    store.record_attempt(ws.engine, "pin", "10.0.0.2", "wrong", classroom.id, pid)
    at = now() + timedelta(seconds=1)
    assert len(store.recent_failures(ws.engine, PER_PARTICIPANT, "pin", at,
                                     participant_id=pid)) == 1
    assert len(store.recent_failures(ws.engine, PER_ADDRESS, "pin", at,
                                     client_addr="10.0.0.2")) == 4
    assert store.unlock_participant(ws.engine, pid, "cli")
    assert not store.unlock_participant(ws.engine, "pnobody00", "cli")
    assert store.recent_failures(ws.engine, PER_PARTICIPANT, "pin", now() + timedelta(seconds=1),
                                 participant_id=pid) == []


def test_reserved_attempts_count_until_finished_and_locks_show(ws: Workspace) -> None:
    """A reserved attempt counts as a failure; the sixth is refused and the list shows the lock."""
    classroom = _with_attendees(ws)
    pid = store.checked_in(ws.engine, classroom)[0].participant.id
    held = [store.reserve_attempt(ws.engine, "pin", f"10.0.1.{i}", PER_ADDRESS, PER_PARTICIPANT,
                                  classroom.id, pid) for i in range(PER_PARTICIPANT.free)]
    assert all(r.attempt_id is not None for r in held)
    refused = store.reserve_attempt(ws.engine, "pin", "10.0.1.99", PER_ADDRESS, PER_PARTICIPANT,
                                    classroom.id, pid)
    assert refused.attempt_id is None and refused.wait >= 29
    for reservation in held:
        assert reservation.attempt_id is not None
        store.finish_attempt(ws.engine, reservation.attempt_id, "wrong")
    assert pid in store.locked_participants(ws.engine, [pid])
    store.unlock_participant(ws.engine, pid, "10.0.0.1")
    assert store.locked_participants(ws.engine, [pid]) == {}
    a = tables.attempt
    with read_tx(ws.engine) as conn:
        log = [r[0] for r in conn.execute(sa.select(a.c.outcome).where(a.c.participant_id == pid)
                                          .order_by(a.c.id))]
    assert log == ["wrong"] * PER_PARTICIPANT.free + ["locked", "unlock"]


def test_concurrent_reservations_pass_at_most_the_free_count(
        make_workspace: Callable[..., Workspace]) -> None:
    """30 threads reserving at once (SQLite and PostgreSQL): exactly five get through."""
    ws = make_workspace(demo=True)
    classroom = _with_attendees(ws)
    pid = store.checked_in(ws.engine, classroom)[0].participant.id
    gate = threading.Barrier(30)
    passed: list[bool] = []

    def attempt(i: int) -> None:
        gate.wait()
        reservation = store.reserve_attempt(ws.engine, "pin", f"10.0.2.{i}", PER_ADDRESS,
                                            PER_PARTICIPANT, classroom.id, pid)
        passed.append(reservation.attempt_id is not None)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(passed) == 30
    assert passed.count(True) == PER_PARTICIPANT.free


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
    problems = store.walk_in_problems("=1", "Sr", phone="12", pin="12",
                                      pin_again="12")
    assert set(problems) == {"name", "district", "phone", "pin"}
    with pytest.raises(store.WalkInError):
        store.register_walk_in(ws.engine, classroom, "Bu Ani", "Kabupaten Sragen",
                               pin="4826", pin_again="4827")
    person = store.register_walk_in(ws.engine, classroom, "  Bu  Ani ", "Kabupaten Sragen",
                                    phone="0812-3456-7890", pin="4826", pin_again="4826")
    assert person.name == "Bu Ani" and person.phone == "+6281234567890"
    found = store.attendee(ws.engine, classroom, person.id)
    assert found is not None and found.has_pin
    with pytest.raises(store.WalkInError) as err:
        store.register_walk_in(ws.engine, classroom, "bu ani", "kabupaten sragen",
                               pin="4826", pin_again="4826")
    assert "name" in err.value.errors


def test_walk_in_names_get_proper_case_and_districts_their_official_name(ws: Workspace) -> None:
    """"ibu ratna dewi" from "ptk" is stored as Ibu Ratna Dewi of Kota Pontianak (code 61.71)."""
    classroom = _with_attendees(ws)
    person = store.register_walk_in(ws.engine, classroom, "ibu ratna dewi", "ptk",
                                    pin="4826", pin_again="4826")
    assert (person.name, person.district) == ("Ibu Ratna Dewi", "Kota Pontianak")
    with read_tx(ws.engine) as conn:
        code = conn.execute(sa.select(schema.participant.c.district_code).where(
            schema.participant.c.id == person.id)).scalar_one()
    assert code == "61.71"
    unknown = store.walk_in_problems("Bu Sari", "Kampung Durian", pin="4826", pin_again="4826")
    assert unknown["district"] == ("Tulis nama kabupaten/kota lengkap, misalnya Kabupaten "
                                   "Sragen.")
    both = store.walk_in_problems("Bu Sari", "Bogor", pin="4826", pin_again="4826")
    assert both["district"] == "Kabupaten Bogor atau Kota Bogor? Tulis nama lengkapnya."
    with pytest.raises(store.WalkInError):
        store.register_walk_in(ws.engine, classroom, "Bu Sari", "Kampung Durian",
                               pin="4826", pin_again="4826")


def test_walk_ins_refuse_trivial_pins_and_stop_at_three_per_address(ws: Workspace) -> None:
    """A trivial PIN is a field problem; the fourth walk-in from one address is refused, logged."""
    classroom = _with_attendees(ws)
    assert "pin" in store.walk_in_problems("Bu Sari", "Kabupaten Sragen", pin="1234",
                                           pin_again="1234")
    for name in ("Bu Sari", "Pak Joko", "Bu Tini"):
        store.register_walk_in(ws.engine, classroom, name, "Kabupaten Sragen", pin="4826",
                               pin_again="4826", client_addr="10.0.3.1")
    with pytest.raises(store.WalkInLimit) as limit:
        store.register_walk_in(ws.engine, classroom, "Pak Budi", "Kabupaten Sragen",
                               pin="4826", pin_again="4826", client_addr="10.0.3.1")
    assert 0 < limit.value.seconds <= WALK_IN.window.total_seconds()
    other = store.register_walk_in(ws.engine, classroom, "Pak Budi", "Kabupaten Sragen",
                                   pin="4826", pin_again="4826", client_addr="10.0.3.2")
    assert store.attendee(ws.engine, classroom, other.id) is not None
    a = tables.attempt
    with read_tx(ws.engine) as conn:
        log = [r[0] for r in conn.execute(sa.select(a.c.outcome).where(
            a.c.kind == "walkin", a.c.client_addr == "10.0.3.1").order_by(a.c.id))]
    assert log == ["ok", "ok", "ok", "locked"]


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
