"""Pseudonyms under the province key: one person, one id across workspaces; no key, no link."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kit.coordinator.pseudonym import (
    KeyFileError,
    ProvinceKey,
    facilitator_pseudonym,
    new_key_file,
    person_id,
    read_key_file,
)
from kit.records.participants import Participant, add_participant
from kit.records.participants import list_participants as listed
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace

KEY = ProvinceKey(bytes(range(32)))
OTHER = ProvinceKey(bytes(range(1, 33)))


def stored_person(ws: Workspace, pid: str, phone: str | None) -> Participant:
    """Add Siti to ``ws`` with ``phone`` as written and read her back as stored."""
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id=pid, name="Siti  Aminah", district="Kabupaten Sragen",
                                          phone=phone, village="Sragen Kulon"))
    with read_tx(ws.engine) as conn:
        return next(p for p in listed(conn) if p.id == pid)


def test_one_person_in_two_workspaces_has_one_id(
        make_workspace: Callable[..., Workspace]) -> None:
    """One phone written two ways in two workspaces: one person_id; another key, another id."""
    first = stored_person(make_workspace(name="a"), "p00000001", "0812-3456-7890")
    second = stored_person(make_workspace(name="b"), "p00000002", "+62 812 3456 7890")
    assert first.id != second.id
    assert person_id(KEY, first) == person_id(KEY, second)
    assert re.fullmatch(r"[0-9a-f]{32}", person_id(KEY, first))
    assert person_id(OTHER, first) != person_id(KEY, first)


def test_without_a_phone_name_and_village_identify() -> None:
    """With no phone, case and spacing of name and village do not matter; another village does."""
    a = Participant(id="p1", name="SITI aminah ", district="x", village="Sragen  Kulon")
    b = Participant(id="p2", name="Siti Aminah", district="y", village="sragen kulon")
    c = Participant(id="p3", name="Siti Aminah", district="y", village="Karangmalang")
    with_phone = Participant(id="p4", name="Siti Aminah", district="y", village="sragen kulon",
                             phone="+6281234567890")
    assert person_id(KEY, a) == person_id(KEY, b)
    assert person_id(KEY, c) != person_id(KEY, a)
    assert person_id(KEY, with_phone) != person_id(KEY, b)


def test_facilitator_pseudonym_hides_the_name() -> None:
    """A facilitator's pseudonym is F- and 8 hex digits, the same whatever the case."""
    one = facilitator_pseudonym(KEY, "Bu Retno (Dinas Koperasi dan UKM)")
    assert re.fullmatch(r"F-[0-9a-f]{8}", one)
    assert facilitator_pseudonym(KEY, "bu retno (dinas koperasi dan ukm)") == one
    assert facilitator_pseudonym(OTHER, "Bu Retno (Dinas Koperasi dan UKM)") != one
    assert "Retno" not in one


def test_key_file_round_trip_and_no_overwrite(tmp_path: Path) -> None:
    """A new key file reads back with the same key id; a second one at the path is refused."""
    path = tmp_path / "provinsi.key"
    made = new_key_file(path)
    assert re.fullmatch(r"[0-9a-f]{64}\n", path.read_text())
    again = read_key_file(path)
    assert again.key_id == made.key_id and re.fullmatch(r"[0-9a-f]{16}", made.key_id)
    before = path.read_bytes()
    with pytest.raises(KeyFileError) as info:
        new_key_file(path)
    assert str(path) in str(info.value) and path.read_bytes() == before


@pytest.mark.parametrize("content", ["", "abc", "zz" * 32, "00" * 31])
def test_a_bad_key_file_is_one_line(tmp_path: Path, content: str) -> None:
    """A key file that is not 64 hex digits is refused with one line naming the file."""
    path = tmp_path / "bad.key"
    path.write_text(content)
    with pytest.raises(KeyFileError) as info:
        read_key_file(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_a_missing_key_file_is_one_line(tmp_path: Path) -> None:
    """A key file that does not exist is refused with one line naming it."""
    with pytest.raises(KeyFileError) as info:
        read_key_file(tmp_path / "none.key")
    assert "none.key" in str(info.value) and "\n" not in str(info.value)
